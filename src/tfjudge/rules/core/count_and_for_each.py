"""## What it does
Reports a resource, data source or module call that sets both `count` and `for_each`
("Invalid combination of "count" and "for_each"", as `terraform init` says), at
`for_each`, where terraform points.

## Why is this bad?
`terraform init` stops while loading the configuration: nothing is planned or created.
The two are two ways to say how many instances there are; terraform takes one.

## Example
```hcl
resource "aws_s3_bucket" "logs" {
  count         = var.create ? 1 : 0
  for_each      = toset(var.environments)
  bucket_prefix = "logs-${each.key}-"
}
```

## Use instead
```hcl
resource "aws_s3_bucket" "logs" {
  for_each      = var.create ? toset(var.environments) : toset([])
  bucket_prefix = "logs-${each.key}-"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import active_top_blocks
from tfjudge.rules.registry import rule

REPEATED = frozenset({"resource", "data", "module"})


@rule(
    "core.count-and-for-each",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Both count and for_each set",
    impact="terraform init stops while loading the configuration: nothing is deployed.",
    fix="Keep one: for_each over a collection (empty when nothing should exist), or count.",
)
def count_and_for_each(ctx: RuleContext) -> Iterator[Finding]:
    for _, block in active_top_blocks(ctx, REPEATED):
        count = block.body.attributes.get("count")
        for_each = block.body.attributes.get("for_each")
        if count is None or for_each is None:
            continue
        yield ctx.finding(
            'Invalid combination of "count" and "for_each": The "count" and "for_each" '
            "meta-arguments are mutually-exclusive, only one should be used to be explicit "
            "about the number of resources to be created.",
            for_each.name_range,
            block=block,
            attribute="for_each",
        )
