"""## What it does
Reports an attribute read from a resource or data source that has `count` or `for_each`
without choosing an instance: `aws_subnet.private.id` where `aws_subnet.private` has
`count`; and an output read from a module call that has `count` (`module.db.endpoint`:
"Can't access attributes on a list of objects") or `for_each` whose keys the
configuration knows and the output's name is not one of (inside `try()` or a branch the
block never takes, terraform never evaluates it). Whole-object references
(`length(aws_subnet.private)`, `for_each = aws_s3_bucket.logs`, `depends_on`), splats
(`aws_subnet.private[*].id`) and indexed references (`aws_subnet.private[0].id`,
`[count.index]`, `[each.key]`) are fine.

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

from tfjudge.evaluate import Evaluator, References
from tfjudge.evaluate.references import MODULE
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import top_level_block
from tfjudge.parse.hcl.ast import Block, GetAttr
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import (
    Unevaluated,
    after_address,
    instance_references,
    repeated,
)
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
    for reference, target in instance_references(ctx):
        if reference.indexed or not reference.remainder or not repeated(target):
            continue
        rest = after_address(reference)
        if not rest or not isinstance(rest[0], GetAttr):
            continue  # an index, or a whole-object reference
        meta = "count" if "count" in target.body.attributes else "for_each"
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
    yield from _module_outputs(ctx)


def _module_outputs(ctx: RuleContext) -> Iterator[Finding]:
    """`module.m.out` where the call `m` has count (a list of module instances) or for_each
    (a map of them, keyed by names the configuration knows and `out` is not one of)."""
    references = ctx.get(References)
    evaluator = ctx.get(Evaluator)
    unevaluated = Unevaluated(evaluator)
    for reference in references.references:
        target = reference.target
        if reference.kind != MODULE or not isinstance(target, Block) or not repeated(target):
            continue
        if (
            reference.indexed
            or not reference.remainder
            or reference.attribute == "depends_on"  # an edge of the graph, never evaluated
            or references.is_superseded(reference.source)
        ):
            continue
        rest = after_address(reference)
        if not rest or not isinstance(rest[0], GetAttr):
            continue
        if unevaluated.holds(top_level_block(reference.block), reference.expr):
            continue  # an error of evaluation: try() catches it, an untaken branch has none
        name = rest[0].name
        if "count" in target.body.attributes:
            detail = (
                f"Can't access attributes on a list of objects: {reference.address} has "
                f'"count" set; read "{name}" of one instance ({reference.address}[0].{name}) '
                f"or of all ({reference.address}[*].{name})."
            )
        else:
            instances = evaluator.instances(target)
            if not instances or not all(i.known for i in instances):
                continue
            if any(i.key == name for i in instances):
                continue  # `module.m.a` reads the instance "a"
            detail = (
                f'This object does not have an attribute named "{name}": {reference.address} '
                f'has "for_each" set, so it is a map of instances; read '
                f'{reference.address}[each.key].{name} or {reference.address}["<key>"].{name}.'
            )
        yield ctx.finding(
            f"Unsupported attribute: {detail}",
            reference.range,
            block=reference.block,
            related=[_where(target)],
        )


def _where(block: Block) -> str:
    file = block.file.path if block.file else "?"
    return f"{file}:{block.header_line}"
