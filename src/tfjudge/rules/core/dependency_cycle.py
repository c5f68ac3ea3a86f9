"""## What it does
Reports blocks and local values that depend on each other in a cycle, through references
or `depends_on`: two security groups that name each other in their rules, a Lambda
function with `depends_on` its log group whose name reads the function's name, a local
value that reads itself. Values passing through a child module count as terraform counts
them: a module input and a different output of the same module do not make a cycle.

## Why is this bad?
Terraform cannot order the operations: `validate` and `plan` stop with "Cycle: ..."
("Self-referencing local value" for a local that reads itself). Nothing is created.
See https://developer.hashicorp.com/terraform/internals/graph.

## Example
```hcl
resource "aws_security_group" "app" {
  ingress {
    security_groups = [aws_security_group.db.id]
  }
}

resource "aws_security_group" "db" {
  ingress {
    security_groups = [aws_security_group.app.id]
  }
}
```

## Use instead
```hcl
resource "aws_security_group" "app" {}

resource "aws_security_group" "db" {}

resource "aws_security_group_rule" "db_from_app" {
  type                     = "ingress"
  security_group_id        = aws_security_group.db.id
  source_security_group_id = aws_security_group.app.id
  from_port                = 5432
  to_port                  = 5432
  protocol                 = "tcp"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.graph import node_address
from tfjudge.evaluate.references import Node, Reference, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import LocalValue, block_address
from tfjudge.parse.hcl.ast import Block
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "core.dependency-cycle",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Dependency cycle",
    impact="terraform cannot order the operations: validate and plan stop, nothing is created.",
    fix="Break the cycle: move the mutual part into a separate resource (a rule, an attachment).",
)
def dependency_cycle(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    for cycle in references.cycles:
        if any(references.is_superseded(node) for node in cycle):
            continue
        members = {id(node) for node in cycle}
        evidence = [_edge(references, node, members) for node in cycle]
        found = [(node, ref) for node, ref in zip(cycle, evidence, strict=True) if ref is not None]
        if not found:
            continue
        node, first = min(found, key=lambda pair: _position(pair[1]))
        names = ", ".join(_qualified(references, n) for n in cycle)
        steps = "; ".join(
            f"{node_address(n)} refers to {r.address} ({r.range.file}:{r.range.start_line})"
            for n, r in found
        )
        yield ctx.finding(
            _summary(cycle, names) + f": {steps}.",
            first.range,
            block=node.block if isinstance(node, LocalValue) else node,
            address=node_address(node),
            title="Self-referencing value" if len(cycle) == 1 else f"Cycle: {names}",
            related=[f"{r.range.file}:{r.range.start_line}" for _, r in found if r is not first],
        )


def _summary(cycle: list[Node], names: str) -> str:
    if len(cycle) == 1:
        node = cycle[0]
        if isinstance(node, LocalValue):
            return f"Self-referencing local value: {node.address} cannot use its own result"
        return f"Self-referential block: the configuration of {names} may not refer to itself"
    return f"Cycle: {names}"


def _edge(references: References, node: Node, members: set[int]) -> Reference | None:
    """A reference made by `node` to another member of the cycle (directly or via a module)."""
    for edge in references.dependencies(node):
        target = edge.target
        if id(target) in members:
            return edge.reference
        if isinstance(target, Block) and target.type == "module":
            return edge.reference if _module_reaches(references, target, members) else None
    return None


def _module_reaches(references: References, call: Block, members: set[int]) -> bool:
    module = references.configuration.callee(call)
    return module is not None and any(id(b) in members for b in module.blocks)


def _position(reference: Reference) -> tuple[str, int, int]:
    return (reference.range.file, reference.range.start_line, reference.range.start_column)


def _qualified(references: References, node: Node) -> str:
    block = node.block if isinstance(node, LocalValue) else node
    module = references.module_of(block)
    address = node_address(node) if isinstance(node, LocalValue) else block_address(node) or ""
    if module.directory and module.callers:
        calls = ", ".join(f"module.{c.labels[0]}" for c in module.callers if c.labels)
        return f"{calls}.{address}"
    return address
