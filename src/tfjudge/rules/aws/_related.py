"""Reading one resource's arguments through another's reference, instance by instance.

`endpoint = aws_sqs_queue.q[each.key].arn` in one instance of a subscription selects one
instance of the queue; `related(ctx, expr, instance, "aws_sqs_queue", "fifo_queue")`
gives that instance's `fifo_queue` (the traversal with its last attribute swapped, so the
evaluator picks the instance). A reference through a local value or a variable falls back
to the target block when it has a single instance (or all its instances agree).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from tfjudge.evaluate import UNKNOWN, Evaluator, Instance, References, is_unknown
from tfjudge.parse.hcl.ast import Block, Expr, GetAttr, Index, Traversal
from tfjudge.rules.context import RuleContext

_NOT_RESOURCES = {"var", "local", "module", "each", "count", "path", "self", "terraform"}


class Related(NamedTuple):
    """A related block and the value of the argument asked about."""

    block: Block
    value: Any  # the argument's value; None when not set; UNKNOWN when it cannot be told


def related(
    ctx: RuleContext, expr: Expr | None, instance: Instance | None, kind: str, attribute: str
) -> list[Related]:
    """The `attribute` of each `kind` resource (or data source) `expr` takes its value from.

    An argument the block does not set is None (null), as `evaluator.attribute` gives it.
    """
    if expr is None:
        return []
    evaluator = ctx.get(Evaluator)
    swapped = _swap_attribute(expr, kind, attribute)
    if swapped is not None:
        block = _target_of_type(ctx, expr, kind)
        if block is not None:
            if attribute not in block.body.attributes:  # not set: null, not "computed"
                return [Related(block, None)]
            return [Related(block, evaluator.evaluate(swapped, instance))]
    found: list[Related] = []
    for block in ctx.get(References).target_blocks(expr):
        if block.labels[:1] != (kind,):
            continue
        seen = [evaluator.attribute(block, attribute, i) for i in evaluator.instances(block)]
        agreed = seen[0] if seen and all(_same(v, seen[0]) for v in seen) else UNKNOWN
        found.append(Related(block, agreed))
    return found


def _swap_attribute(expr: Expr, kind: str, attribute: str) -> Traversal | None:
    """`aws_x.y[k].arn` -> `aws_x.y[k].<attribute>` (also `data.aws_x.y...`)."""
    if not isinstance(expr, Traversal) or expr.root in _NOT_RESOURCES:
        return None
    steps = expr.steps
    offset = 0
    if expr.root == "data":
        if not steps or not isinstance(steps[0], GetAttr) or steps[0].name != kind:
            return None
        offset = 1
    elif expr.root != kind:
        return None
    if len(steps) <= offset or not isinstance(steps[offset], GetAttr):
        return None
    keep = offset + 1
    if len(steps) > keep and isinstance(steps[keep], Index):
        keep += 1
    return Traversal(expr.range, expr.root, (*steps[:keep], GetAttr(attribute, expr.range)))


def _target_of_type(ctx: RuleContext, expr: Expr, kind: str) -> Block | None:
    for block in ctx.get(References).target_blocks(expr):
        if block.labels[:1] == (kind,):
            return block
    return None


def _same(a: Any, b: Any) -> bool:
    if is_unknown(a) or is_unknown(b):
        return False
    return bool(a == b)


def instances_of(ctx: RuleContext, block: Block) -> list[Instance | None]:
    """Every instance of a top-level block; [None] when it has none the evaluator can tell."""
    found: list[Instance | None] = [*ctx.get(Evaluator).instances(block)]
    return found or [None]
