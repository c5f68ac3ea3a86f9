"""## What it does
Reports a reference that picks an instance (`[0]`, `["a"]`, `[count.index]`) of a
resource or data source that has neither `count` nor `for_each`: it has one instance,
which is the object itself. `terraform validate` rejects a literal key ("Unexpected
resource instance key"); `[count.index]` and `[each.key]` fail at plan instead ("Invalid
index": an object is not a list or map of instances).
Splats (`aws_subnet.public[*].id`) are fine; `moved`, `import` and `removed` blocks name
instances by address and are not judged.

## Why is this bad?
Nothing is planned: the reference is an error. It usually means `count` was dropped from
the referenced block (or never written) while the code that uses it still expects a list.

## Example
```hcl
resource "aws_subnet" "public" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_route_table_association" "public" {
  count          = 2
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}
```

## Use instead
```hcl
resource "aws_subnet" "public" {
  count      = 2
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)
}

resource "aws_route_table_association" "public" {
  count          = 2
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.references import Reference
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Index, Literal, Traversal
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import after_address, instance_references, repeated
from tfjudge.rules.registry import rule

ADDRESSING_BLOCKS = frozenset({"moved", "import", "removed"})
# keys plan knows to be a number or a string no attribute of a resource is named after
PLAN_KEYS = (("count", ["index"]), ("each", ["key"]))


@rule(
    "core.unexpected-instance-key",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Unexpected resource instance key",
    impact="terraform validate or plan stops at the reference: nothing is deployed.",
    fix="Drop the index to use the single instance, or give the referenced block the count "
    "or for_each the reference expects.",
)
def unexpected_instance_key(ctx: RuleContext) -> Iterator[Finding]:
    for reference, target in instance_references(ctx):
        if reference.block.type in ADDRESSING_BLOCKS or not reference.indexed:
            continue
        key = None if repeated(target) else _instance_key(reference)
        if key is not None:
            yield ctx.finding(
                _message(reference.address, key), reference.range, block=reference.block
            )


def _message(address: str, literal: bool) -> str:
    if literal:
        return (
            f'Unexpected resource instance key: Because {address} does not have "count" or '
            '"for_each" set, references to it must not include an index key. Remove the '
            "bracketed index to refer to the single instance of this resource."
        )
    return (
        "Invalid index: The given key does not identify an element in this collection "
        f'value. (terraform plan: {address} has no "count" or "for_each", so it is one '
        "object, not a list or map of instances.)"
    )


def _instance_key(reference: Reference) -> bool | None:
    """True for a literal key (validate rejects it), False for `count.index` or `each.key`
    (plan does), None for any other step after the address (a splat, a key known later)."""
    rest = after_address(reference)
    if not rest or not isinstance(rest[0], Index):
        return None
    key = rest[0].key
    if isinstance(key, Literal):
        return True
    if isinstance(key, Traversal) and (key.root, key.attr_names) in PLAN_KEYS:
        return False
    return None
