"""## What it does
Fires for each API stage without access logging: an `aws_api_gateway_stage` or
`aws_apigatewayv2_stage` with no `access_log_settings` block, and an
`aws_api_gateway_deployment` that creates its stage itself (`stage_name`) when no
`aws_api_gateway_stage` manages a stage of that deployment (such a stage can have no
access log settings at all).

## Why is this bad?
Without access logs nobody can tell who called the API, from where, with what result and
latency: incidents cannot be investigated and abuse goes unseen. Execution logs
(`logging_level`) are a different, debug-oriented stream. See "Set up CloudWatch logging
for REST APIs in API Gateway".

## Example
```hcl
resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.api.id
  stage_name    = "prod"
}
```

## Use instead
```hcl
resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.api.id
  stage_name    = "prod"
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format          = jsonencode({ requestId = "$context.requestId", status = "$context.status" })
  }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

STAGES = ("aws_api_gateway_stage", "aws_apigatewayv2_stage")


@rule(
    "security.apigw-access-logging-missing",
    Severity.MEDIUM,
    Category.OBSERVABILITY,
    "API stage without access logging",
    impact="No record of who called the API and with what result: incidents cannot be "
    "investigated.",
    fix="Add access_log_settings with a CloudWatch log group destination to the stage.",
    applies_to=("aws_api_gateway_deployment", "aws_api_gateway_stage", "aws_apigatewayv2_stage"),
)
def apigw_access_logging_missing(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    blocks = [b for b in ctx.configuration.all_resources() if not references.is_superseded(b)]
    stages = [b for b in blocks if b.labels[0] in STAGES]
    for stage in stages:
        if stage.body.first_block("access_log_settings") is None:
            yield ctx.finding(
                f"{stage.labels[0]}.{stage.labels[1]} has no access_log_settings: its "
                "requests are not logged.",
                stage,
            )
    managed: set[int] = set()  # deployments whose stage an aws_api_gateway_stage manages
    for stage in stages:
        deployment_id = stage.body.get("deployment_id")
        if deployment_id is not None:
            managed.update(id(target) for target in references.target_blocks(deployment_id))
    for deployment in blocks:
        if deployment.labels[0] != "aws_api_gateway_deployment" or id(deployment) in managed:
            continue
        if _creates_stage(deployment):
            yield ctx.finding(
                f"aws_api_gateway_deployment.{deployment.labels[1]} creates its stage through "
                "stage_name, and a stage made that way has no access logging.",
                deployment.body.attributes["stage_name"],
                block=deployment,
                attribute="stage_name",
            )


def _creates_stage(deployment: Block) -> bool:
    return "stage_name" in deployment.body.attributes
