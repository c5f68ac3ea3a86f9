"""## What it does
Fires when a resource or data source sets an argument without the arguments the AWS
provider requires with it: an `aws_lambda_function` with `s3_bucket` and no `s3_key`. An
argument counts as set when it is written with any value but `null`, one validate does
not know yet (a variable) included, as the provider checks it. One finding per group.

The groups are the provider's own `RequiredWith` rules, which its schema JSON does not
carry: they were read from `terraform validate` of every optional argument of every type
set alone (`scripts/make_required_together.py`, into `arguments.json`). They are applied
to other releases than the one they were read from only while every member exists there.

## Why is this bad?
`terraform validate` fails ("Missing required argument: all of `s3_bucket,s3_key` must be
specified"): nothing is planned. The setting is half-written: a package location without
its key, a schedule without its time zone.

## Example
```hcl
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  handler       = "index.handler"
  runtime       = "python3.12"
  s3_bucket     = "artifacts"
}
```

## Use instead
```hcl
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  handler       = "index.handler"
  runtime       = "python3.12"
  s3_bucket     = "artifacts"
  s3_key        = "api/package.zip"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.rules.schema._report import report
from tfjudge.schema.check import MISSING_TOGETHER


@rule(
    MISSING_TOGETHER,
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Argument set without the arguments the provider requires with it",
    impact="terraform validate fails (all of ... must be specified); nothing is planned.",
    fix="Set the missing arguments of the group, or leave out the one written.",
)
def missing_required_together(ctx: RuleContext) -> Iterator[Finding]:
    return report(ctx, MISSING_TOGETHER)
