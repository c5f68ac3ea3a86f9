"""## What it does
Matches the ideal's blocks (resources, data sources, modules, variables, outputs) to the
response's: first by address, then, among the blocks of one type left over, by role
(what they reference and what references them, through the pairs already found) and by
the words of their names. Fires once for each ideal block that has no counterpart, at
the ideal's address, quoting the ideal's block as the fix. Needs `--ideal`.

## Why is this bad?
The ideal is a configuration that deployed and passed its tests. A block it needs that
the response lacks is a piece of the working system that is missing: a public access
block, a stage, a log group, a whole function. Each one is either a deployment failure,
a security gap, or a requirement left undone.

## Example
Ideal:
```hcl
resource "aws_s3_bucket" "logs" {
  bucket = "app-logs"
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
```
Response:
```hcl
resource "aws_s3_bucket" "log_bucket" {
  bucket = "app-logs"
}
```

## Use instead
Add the missing block, wired to the response's own blocks (here
`aws_s3_bucket.log_bucket`).
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.ideal.matching import IdealMatch, block_text
from tfjudge.model.config import block_address
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

_KIND_NAMES = {
    "resource": "resource",
    "data": "data source",
    "module": "module call",
    "variable": "variable",
    "output": "output",
}


@rule(
    "ideal.missing-block",
    Severity.HIGH,
    Category.REQUIREMENTS,
    "A block of the working solution has no counterpart",
    impact="A piece of the working system is missing: a deployment step, a security "
    "control or a requirement is not there.",
    fix="Add the block (the ideal's version is quoted), wired to the response's own blocks.",
    requires=("ideal",),
)
def missing_block(ctx: RuleContext) -> Iterator[Finding]:
    if not ctx.documents:
        return
    matched = ctx.get(IdealMatch)
    for block in matched.unmatched_ideal():
        address = block_address(block)
        if address is None:
            continue
        kind = _KIND_NAMES.get(block.type, block.type)
        where = f" ({block.file.path} line {block.header_line} of the ideal)" if block.file else ""
        finding = ctx.finding(
            f"The ideal declares the {kind} `{address}`{where}; the response has no "
            "counterpart (none of that address, none of that type in the same role).",
            address=address,
            title=f"Missing {kind} {address}",
            root_cause="The response leaves out a block the working solution needs.",
        )
        finding.ideal_code = block_text(block)
        yield finding
