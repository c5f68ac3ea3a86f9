"""## What it does
Reports every reference to a managed resource, data source, ephemeral resource or module
call that its module does not declare (`data.aws_caller_identity.current.account_id`
without the `data "aws_caller_identity" "current"` block, a misspelt resource name, a
module never called): one finding per module and missing address, at the first
reference, as `terraform validate` words it. The finding's address is the missing one.

## Why is this bad?
`terraform validate`, `plan` and `apply` stop at the reference: nothing is deployed.
See https://developer.hashicorp.com/terraform/language/expressions/references.

## Example
```hcl
output "account_id" {
  value = data.aws_caller_identity.current.account_id
}
```

## Use instead
```hcl
data "aws_caller_identity" "current" {}

output "account_id" {
  value = data.aws_caller_identity.current.account_id
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.references import Reference
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block, Traversal
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import Missing, missing
from tfjudge.rules.registry import rule


@rule(
    "core.undeclared-resource",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Reference to an undeclared resource, data source or module",
    impact="terraform validate, plan and apply stop at the reference: nothing is deployed.",
    fix="Declare the block the expression refers to, or correct the reference's name.",
)
def undeclared_resource(ctx: RuleContext) -> Iterator[Finding]:
    for gap in missing(ctx, ("resource", "data", "ephemeral", "module")):
        if _in_module_call(gap):
            continue  # a dynamic block in a module call: core.unknown-module-argument's
        yield ctx.finding(
            _message(gap) + _iterator_hint(gap) + gap.uses(),
            gap.first.range,
            address=gap.address,
            title=_title(gap),
            related=gap.other_uses(),
        )


def _title(gap: Missing) -> str:
    kind = gap.first.kind
    if kind == "module":
        return "Reference to undeclared module"
    return "Reference to undeclared resource"


def _message(gap: Missing) -> str:
    kind = gap.first.kind
    parts = gap.address.split(".")
    where = gap.where()
    if kind == "module":
        return (
            f'Reference to undeclared module: no module call named "{parts[1]}" is declared '
            f"in {where}."
        )
    if kind == "data":
        return (
            f'Reference to undeclared resource: a data resource "{parts[1]}" "{parts[2]}" has '
            f"not been declared in {where}."
        )
    if kind == "ephemeral":
        return (
            f'Reference to undeclared resource: an ephemeral resource "{parts[1]}" "{parts[2]}" '
            f"has not been declared in {where}."
        )
    return (
        f'Reference to undeclared resource: a managed resource "{parts[0]}" "{parts[1]}" has '
        f"not been declared in {where}."
    )


def _iterator_hint(gap: Missing) -> str:
    """`secondary_source.value` inside `dynamic "secondary_sources"`: a misspelt iterator.
    terraform reports it only when the dynamic block has elements, so validate and a plan
    with an empty for_each pass and the first user of the feature meets it."""
    attribute = gap.address.partition(".")[2]
    if attribute not in ("key", "value"):
        return ""
    enclosing = [b for b in _enclosing(gap.first) if b.type == "dynamic" and b.labels]
    if not enclosing:
        return ""
    innermost = enclosing[-1]  # depth first: the outer dynamic blocks come before
    iterator = _iterator_of(innermost)
    return (
        f' It is inside dynamic "{innermost.labels[0]}", whose iterator is named '
        f"{iterator}: write {iterator}.{attribute}. terraform reports it only once "
        "for_each has elements."
    )


def _iterator_of(dynamic: Block) -> str:
    iterator = dynamic.body.get("iterator")
    if isinstance(iterator, Traversal) and not iterator.steps:
        return iterator.root
    return dynamic.labels[0]


def _in_module_call(gap: Missing) -> bool:
    """Every use stands in a block nested in a `module` call (`dynamic "service"` there):
    terraform stops at the block, which no module call takes, before reading them."""
    return all(
        r.block.type == "module" and any(b is not r.block for b in _enclosing(r))
        for r in gap.references
    )


def _enclosing(reference: Reference) -> list[Block]:
    """The blocks whose lines hold the reference, outermost first (its top-level one too)."""
    line = reference.range.start_line
    return [b for b in reference.block.walk_blocks() if b.range.contains_line(line)]
