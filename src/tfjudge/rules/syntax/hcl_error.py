"""## What it does
Reports every place where an HCL file of the answer does not parse: a missing separator,
a block or bracket never closed, a string split over lines, a stray character. One
finding per broken top-level block, worded as terraform words it, with line and column.

## Why is this bad?
`terraform init` parses every file before it does anything else. One syntax error stops
the whole configuration: nothing is planned, nothing is created.

## Example
```hcl
resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Statement = [{
      Action = [
        "s3:GetObject"
        "s3:PutObject"
      ]
    }]
  })
}
```

## Use instead
```hcl
      Action = [
        "s3:GetObject",
        "s3:PutObject",
      ]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import address_for
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "syntax.hcl-error",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "HCL does not parse",
    impact="terraform init stops at the parse error: nothing is planned or created.",
    fix="Correct the syntax at the reported line (separator, closing bracket or quote).",
)
def hcl_error(ctx: RuleContext) -> Iterator[Finding]:
    for document in ctx.documents:
        for error in document.errors:
            address = address_for(*error.block) if error.block else None
            yield ctx.finding(
                f"{error.summary}: {error.detail}",
                error.range,
                address=address,
                title=f"{error.summary} in {document.file.path}",
            )
