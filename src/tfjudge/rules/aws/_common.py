"""Helpers shared by the aws.* rules: active resources, evaluated arguments, targets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tfjudge.evaluate import Evaluator, Instance, References, Target
from tfjudge.parse.hcl.ast import Block, Expr
from tfjudge.rules.context import RuleContext


def resources(ctx: RuleContext, *types: str) -> list[Block]:
    """The resource blocks of these types in every module, without superseded copies."""
    references = ctx.get(References)
    found: list[Block] = []
    for module in ctx.configuration.modules.values():
        for block in references.active_blocks(module):
            if block.type == "resource" and block.labels[:1] and block.labels[0] in types:
                found.append(block)
    return found


def data_sources(ctx: RuleContext, *types: str) -> list[Block]:
    references = ctx.get(References)
    return [
        block
        for module in ctx.configuration.modules.values()
        for block in references.active_blocks(module)
        if block.type == "data" and block.labels[:1] and block.labels[0] in types
    ]


def values(ctx: RuleContext, block: Block, path: str) -> Iterator[tuple[Instance | None, Any]]:
    """The evaluated argument `path` of every instance of a top-level block."""
    evaluator = ctx.get(Evaluator)
    attribute = evaluator.attribute_expr(block, path)
    if attribute is None:
        return
    instances: list[Instance | None] = [*evaluator.instances(block)] or [None]
    for instance in instances:
        yield instance, evaluator.evaluate(attribute.expr, instance)


def value(ctx: RuleContext, block: Block, path: str, instance: Instance | None = None) -> Any:
    """The evaluated argument of one instance (the first when none is given)."""
    return ctx.get(Evaluator).attribute(block, path, instance)


def targets(ctx: RuleContext, expr: Expr | None) -> list[Target]:
    if expr is None:
        return []
    return ctx.get(References).targets(expr)


def target_blocks(ctx: RuleContext, expr: Expr | None, *types: str) -> list[Block]:
    """The blocks `expr` takes its value from, of these types (any type when none given)."""
    found: list[Block] = []
    for target in targets(ctx, expr):
        block = target.block
        if types and not (block.labels[:1] and block.labels[0] in types):
            continue
        if not any(b is block for b in found):
            found.append(block)
    return found


def refers_to(ctx: RuleContext, expr: Expr | None, block: Block) -> bool:
    return any(b is block for b in target_blocks(ctx, expr))


def address(block: Block) -> str:
    return ".".join(block.labels[:2])


def referenced_blocks(ctx: RuleContext, expr: Expr | None, depth: int = 8) -> list[Block]:
    """Every block referenced anywhere inside `expr`, through local values (unlike
    `targets`, which follows only where the value itself comes from)."""
    found: list[Block] = []
    for block, _ in referenced_attributes(ctx, expr, depth):
        if not any(b is block for b in found):
            found.append(block)
    return found


def referenced_attributes(
    ctx: RuleContext, expr: Expr | None, depth: int = 8
) -> list[tuple[Block, str | None]]:
    """(block, attribute read) for every reference inside `expr`, through local values."""
    if expr is None:
        return []
    references = ctx.get(References)
    found: list[tuple[Block, str | None]] = []
    stack: list[tuple[Expr, int]] = [(expr, 0)]
    while stack:
        current, level = stack.pop()
        for reference in references.in_expr(current):
            target = reference.target
            if isinstance(target, Block):
                read = reference.remainder[0] if reference.remainder else None
                found.append((target, read))
            elif target is not None and level < depth:
                local_expr = getattr(target, "expr", None)
                if isinstance(local_expr, Expr):
                    stack.append((local_expr, level + 1))
    return found
