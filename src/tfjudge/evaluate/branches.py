"""Which branch of a conditional terraform evaluates, when the configuration decides it.

`var.enabled ? file("policy.json") : null` with `enabled` false never reads the file, and
`length(module.m) > 0 ? module.m[0].id : ""` never reads the module when it has no
instance: checks of what a branch reads apply only to the branches a block takes.
"""

from __future__ import annotations

from tfjudge.evaluate.evaluator import Evaluator, Instance
from tfjudge.parse.hcl.ast import Block, Conditional, Expr


def block_instances(evaluator: Evaluator, block: Block) -> list[Instance | None]:
    """The instances a block's expressions are evaluated for ([None]: once, no instance)."""
    if block.type in ("resource", "data", "module", "output", "ephemeral"):
        return list(evaluator.instances(block)) or [None]
    return [None]


def taken_branch(
    expr: Conditional, evaluator: Evaluator, instances: list[Instance | None]
) -> Expr | None:
    """The branch every instance takes, or None when the condition is unknown or differs."""
    taken = {_bool(evaluator.evaluate(expr.condition, i)) for i in instances}
    if taken == {True}:
        return expr.true_value
    if taken == {False}:
        return expr.false_value
    return None


def untaken_expressions(block: Block, evaluator: Evaluator) -> set[int]:
    """The ids of the expressions of the block's arguments that lie in a branch no instance
    of the block takes."""
    instances = block_instances(evaluator, block)
    found: set[int] = set()
    for attribute in block.attributes_deep():
        for expr in attribute.expr.walk():
            if not isinstance(expr, Conditional) or id(expr) in found:
                continue
            taken = taken_branch(expr, evaluator, instances)
            if taken is not None:
                other = expr.false_value if taken is expr.true_value else expr.true_value
                found.update(id(node) for node in other.walk())
    return found


def _bool(value: object) -> bool | None:
    return value if isinstance(value, bool) else None
