"""## What it does
Fires when a nested block of the schema is written as an argument, with an equals sign:
`versioning = { enabled = true }` on `aws_s3_bucket`, `statement = [{ ... }]` in
`aws_iam_policy_document`, `rule = { ... }` where the schema has `rule { ... }` blocks.
(The reverse, an argument written as a block such as `tags { ... }`, is
`schema.unknown-argument`, as terraform calls it an unsupported block type.)

## Why is this bad?
`terraform validate` fails with "Unsupported argument ... Did you mean to define a block of
type ...?": nothing is planned.

## Example
```hcl
resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule = {
    id     = "expire"
    status = "Enabled"
  }
}
```

## Use instead
```hcl
resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    id     = "expire"
    status = "Enabled"
  }
}
```

Source: the provider's schema (`terraform providers schema -json`), shipped with tfjudge.
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.rules.schema._report import report
from tfjudge.schema.check import BLOCK_AS_ATTRIBUTE


@rule(
    BLOCK_AS_ATTRIBUTE,
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Nested block written as an argument",
    impact="terraform validate fails with 'Unsupported argument'; nothing is planned.",
    fix="Write the block without the equals sign: name { ... }.",
)
def block_as_attribute(ctx: RuleContext) -> Iterator[Finding]:
    return report(ctx, BLOCK_AS_ATTRIBUTE)
