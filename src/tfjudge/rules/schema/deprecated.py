"""## What it does
Fires on what the AWS provider marks deprecated: a deprecated resource or data source type,
a deprecated argument or block set in configuration (`stage_name` on
`aws_api_gateway_deployment`, `acl` or `versioning { }` on `aws_s3_bucket`), and a
deprecated attribute *read* through a reference (`aws_api_gateway_deployment.api.execution_arn`),
which `terraform validate` also warns about. The message is the provider's own, taken from
its warnings when the data was generated; for read-only attributes the provider has none,
and terraform's generic text is used.

## Why is this bad?
Deprecated arguments keep working until the next major provider version removes them;
then the configuration stops validating. Many also behave differently from their
replacement (the S3 bucket's inline `versioning` fights `aws_s3_bucket_versioning`).

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

Source: the provider's schema and its `terraform validate` warnings, shipped with tfjudge.
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.rules.schema._report import report
from tfjudge.schema.check import DEPRECATED


@rule(
    DEPRECATED,
    Severity.LOW,
    Category.MAINTAINABILITY,
    "Deprecated type, argument or attribute",
    impact="It works today and stops validating when the provider removes it.",
    fix="Use the replacement the provider's message names.",
)
def deprecated(ctx: RuleContext) -> Iterator[Finding]:
    return report(ctx, DEPRECATED)
