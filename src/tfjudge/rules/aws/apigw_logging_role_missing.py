"""## What it does
Fires on REST API stage logging — `aws_api_gateway_method_settings` with
`logging_level` `INFO` or `ERROR` or `data_trace_enabled = true`, or an
`aws_api_gateway_stage` with `access_log_settings` — when the configuration has no
`aws_api_gateway_account` with a `cloudwatch_role_arn`. A logging level of `OFF` or an
unknown value is not judged, nor is a configuration that calls a module it does not show
named for API Gateway (`cloudposse/api-gateway/aws//modules/account-settings`), which may
set the role.

## Why is this bad?
API Gateway writes logs through one account-level role per region. Until it is set, the
stage update fails at `apply` with `BadRequestException: CloudWatch Logs role ARN must be
set in account settings to enable logging`, or no logs are ever written.

Source: https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
(Permissions for CloudWatch logging).

## Example
```hcl
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    logging_level = "INFO"
  }
}
```

## Use instead
```hcl
resource "aws_api_gateway_account" "this" {
  cloudwatch_role_arn = aws_iam_role.apigw_logs.arn
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    logging_level = "INFO"
  }
  depends_on = [aws_api_gateway_account.this]
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator
from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.aws._common import resources, unseen_modules_for, value
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "aws.apigw-logging-role-missing",
    Severity.HIGH,
    Category.OBSERVABILITY,
    "API Gateway logging without the account's CloudWatch role",
    impact="Enabling stage logging fails at apply, or no logs are written.",
    fix="Declare aws_api_gateway_account with cloudwatch_role_arn and depend on it.",
    applies_to=("aws_api_gateway_method_settings", "aws_api_gateway_stage"),
)
def apigw_logging_role_missing(ctx: RuleContext) -> Iterator[Finding]:
    accounts = resources(ctx, "aws_api_gateway_account")
    if any("cloudwatch_role_arn" in a.body.attributes for a in accounts):
        return
    if unseen_modules_for(ctx, "apigateway"):
        return  # a registry module for API Gateway may set the account's role
    evaluator = ctx.get(Evaluator)
    for block in resources(ctx, "aws_api_gateway_method_settings"):
        if not evaluator.instances(block):
            continue  # never created as written
        level = value(ctx, block, "settings.logging_level")
        trace = value(ctx, block, "settings.data_trace_enabled")
        if level in ("INFO", "ERROR") or trace is True:
            what = f'logging_level "{level}"' if level in ("INFO", "ERROR") else "data tracing"
            settings = block.body.first_block("settings") or block
            yield ctx.finding(
                f"{what} is enabled, but no aws_api_gateway_account sets cloudwatch_role_arn, "
                "so API Gateway cannot write to CloudWatch Logs",
                settings,
                block=block,
            )
    for stage in resources(ctx, "aws_api_gateway_stage"):
        access = stage.body.first_block("access_log_settings")
        if access is not None and evaluator.instances(stage):
            yield ctx.finding(
                "access logging is configured, but no aws_api_gateway_account sets "
                "cloudwatch_role_arn, so API Gateway cannot write to CloudWatch Logs",
                access,
                block=stage,
            )
