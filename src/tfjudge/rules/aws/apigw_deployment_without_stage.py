"""## What it does
Fires on an `aws_api_gateway_deployment` that no `aws_api_gateway_stage` takes as its
`deployment_id`. A deployment that only sets the deprecated `stage_name` still fires: that
stage is created implicitly and cannot carry access logging, tracing, throttling or cache
settings, and its ARN cannot be referenced for a WAF association.

## Why is this bad?
Without a stage resource the API is either not reachable at all (a deployment alone serves
nothing) or reachable through an unmanaged implicit stage: no access logs, no X-Ray, no
WAF association, and `stage_name` on the deployment is deprecated in the AWS provider.

Sources: https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-deployments.html
and https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_deployment
(stage_name is deprecated; manage stages with aws_api_gateway_stage).

## Example
```hcl
resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = "prod"
}
```

## Use instead
```hcl
resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.api.id
  stage_name    = "prod"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.aws._common import refers_to, resources
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "aws.apigw-deployment-without-stage",
    Severity.HIGH,
    Category.RELIABILITY,
    "REST API deployment without a stage",
    impact="The API has no managed stage: no access logs, tracing, throttling or WAF.",
    fix="Add an aws_api_gateway_stage whose deployment_id is this deployment.",
    applies_to=("aws_api_gateway_deployment",),
)
def apigw_deployment_without_stage(ctx: RuleContext) -> Iterator[Finding]:
    stages = resources(ctx, "aws_api_gateway_stage")
    for deployment in resources(ctx, "aws_api_gateway_deployment"):
        if any(refers_to(ctx, stage.body.get("deployment_id"), deployment) for stage in stages):
            continue
        implicit = deployment.body.attributes.get("stage_name")
        detail = (
            "only the deprecated stage_name creates an unmanaged stage"
            if implicit
            else "nothing publishes it"
        )
        yield ctx.finding(
            f"no aws_api_gateway_stage takes this deployment as deployment_id: {detail}",
            implicit or deployment,
            block=deployment,
        )
