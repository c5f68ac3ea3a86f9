"""## What it does
Fires when a nested block is written more times than the schema allows (`max_items`): two
`versioning` blocks in an `aws_s3_bucket`, two `vpc_config` blocks in a Lambda function,
two `rule` blocks where one is the limit. The finding is on the first block over the limit.
`dynamic` blocks are not counted (their number is unknown before apply).

## Why is this bad?
`terraform validate` fails with "Too many ... blocks": nothing is planned. Usually the
model meant to put both settings in one block.

## Example
```hcl
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  environment {
    variables = { TABLE = "orders" }
  }
  environment {
    variables = { STAGE = "prod" }
  }
}
```

## Use instead
```hcl
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  environment {
    variables = { TABLE = "orders", STAGE = "prod" }
  }
}
```

Source: the provider's schema (`max_items`), shipped with tfjudge.
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.rules.schema._report import report
from tfjudge.schema.check import TOO_MANY_BLOCKS


@rule(
    TOO_MANY_BLOCKS,
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "More nested blocks than the schema allows",
    impact="terraform validate fails with 'Too many blocks'; nothing is planned.",
    fix="Merge the blocks into one.",
)
def too_many_blocks(ctx: RuleContext) -> Iterator[Finding]:
    return report(ctx, TOO_MANY_BLOCKS)
