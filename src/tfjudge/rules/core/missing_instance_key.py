"""## What it does
Reports an attribute read from a resource or data source that has `count` or `for_each`
without choosing an instance: `aws_subnet.private.id` where `aws_subnet.private` has
`count`. Whole-object references (`length(aws_subnet.private)`, `for_each =
aws_s3_bucket.logs`, `depends_on`), splats (`aws_subnet.private[*].id`) and indexed
references (`aws_subnet.private[0].id`, `[count.index]`, `[each.key]`) are fine.

## Why is this bad?
The block is a list (count) or a map (for_each) of instances; `terraform validate` stops
with "Missing resource instance key". See
https://developer.hashicorp.com/terraform/language/meta-arguments/count#referring-to-instances.

## Example
```hcl
resource "aws_subnet" "private" {
  count      = 2
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)
}

resource "aws_db_subnet_group" "db" {
  subnet_ids = [aws_subnet.private.id]
}
```

## Use instead
```hcl
resource "aws_db_subnet_group" "db" {
  subnet_ids = aws_subnet.private[*].id
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.references import References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block, GetAttr, Traversal
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "core.missing-instance-key",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Missing resource instance key",
    impact="terraform validate, plan and apply stop at the reference: nothing is deployed.",
    fix="Index the instance ([count.index], [each.key], [0]) or use a splat ([*].id).",
)
def missing_instance_key(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    for reference in references.references:
        target = reference.target
        if not isinstance(target, Block) or target.type not in ("resource", "data"):
            continue
        if reference.indexed or not reference.remainder:
            continue
        if references.is_superseded(reference.source):
            continue
        meta = "count" if "count" in target.body.attributes else None
        if meta is None and "for_each" in target.body.attributes:
            meta = "for_each"
        if meta is None or not _reads_attribute(reference):
            continue
        key = "[count.index]" if meta == "count" else "[each.key]"
        yield ctx.finding(
            f'Missing resource instance key: because {reference.address} has "{meta}" set, '
            f"its attributes must be accessed on specific instances: "
            f"{reference.address}.{'.'.join(reference.remainder)} must be, for example, "
            f"{reference.address}{key}.{'.'.join(reference.remainder)} or "
            f"{reference.address}[*].{reference.remainder[0]}.",
            reference.range,
            block=reference.block,
            related=[_where(target)],
        )


def _reads_attribute(reference: object) -> bool:
    """The step right after the address is an attribute access (not an index)."""
    expr = getattr(reference, "expr", None)
    if not isinstance(expr, Traversal):
        return False
    used = 2 if expr.root == "data" else 1
    rest = expr.steps[used:]
    return bool(rest) and isinstance(rest[0], GetAttr)


def _where(block: Block) -> str:
    file = block.file.path if block.file else "?"
    return f"{file}:{block.header_line}"
