"""Helpers shared by the aws.* rules: active resources, evaluated arguments, targets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from tfjudge.evaluate import Evaluator, Instance, References, Target
from tfjudge.parse.hcl.ast import Block, Expr, Literal, Traversal
from tfjudge.rules.context import RuleContext


def resources(ctx: RuleContext, *types: str) -> list[Block]:
    """The resource blocks of these types in every module, without superseded copies."""
    return ctx.get(References).active_of("resource", types)


def data_sources(ctx: RuleContext, *types: str) -> list[Block]:
    return ctx.get(References).active_of("data", types)


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
    return _blocks_of(targets(ctx, expr), types)


def _blocks_of(found_targets: list[Target], types: tuple[str, ...]) -> list[Block]:
    """The targets' blocks of these types (any when none given), each once, in order."""
    found: list[Block] = []
    for target in found_targets:
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
    references = ctx.get(References)
    found: list[tuple[Block, str | None]] = []
    for current in through_locals(ctx, expr, depth):
        for reference in references.in_expr(current):
            target = reference.target
            if isinstance(target, Block):
                read = reference.remainder[0] if reference.remainder else None
                found.append((target, read))
    return found


def through_locals(ctx: RuleContext, expr: Expr | None, depth: int = 8) -> list[Expr]:
    """`expr` and the expressions of the local values it reads, and of those they read."""
    if expr is None:
        return []
    references = ctx.get(References)
    found: list[Expr] = []
    stack: list[tuple[Expr, int]] = [(expr, 0)]
    while stack:
        current, level = stack.pop()
        found.append(current)
        if level >= depth:
            continue
        for reference in references.in_expr(current):
            target = reference.target
            if target is not None and not isinstance(target, Block):
                local_expr = getattr(target, "expr", None)
                if isinstance(local_expr, Expr):
                    stack.append((local_expr, level + 1))
    return found


def resolved_targets(ctx: RuleContext, expr: Expr | None, depth: int = 0) -> list[Target]:
    """Like `targets`, but through module outputs: `module.kms.key_arn` gives the resource
    the child module's output `key_arn` takes its value from."""
    found: list[Target] = []
    if depth < 8:
        for argument in _undeclared_variable_arguments(ctx, expr):
            found.extend(resolved_targets(ctx, argument, depth + 1))
    for target in targets(ctx, expr):
        block = target.block
        if block.type != "module":
            found.append(target)
            continue
        output = _module_output(ctx, block, target.attribute)
        value_expr = output.body.get("value") if output is not None else None
        if value_expr is not None and depth < 8:
            found.extend(resolved_targets(ctx, value_expr, depth + 1))
    return found


def _undeclared_variable_arguments(ctx: RuleContext, expr: Expr | None) -> list[Expr]:
    """`var.x` of a child module that forgot to declare `x`: the callers' argument `x`
    (terraform rejects the module, but the wiring the answer meant is still clear)."""
    if not isinstance(expr, Traversal) or expr.root != "var":
        return []
    found: list[Expr] = []
    for reference in ctx.get(References).in_expr(expr):
        if reference.kind != "variable" or reference.target is not None:
            continue
        name = reference.address.partition(".")[2]
        found.extend(argument.expr for _, argument in reference.module.arguments(name))
    return found


def resolved_blocks(ctx: RuleContext, expr: Expr | None, *types: str) -> list[Block]:
    """The resources `expr` takes its value from (through modules), of these types."""
    return _blocks_of(resolved_targets(ctx, expr), types)


def _module_output(ctx: RuleContext, call: Block, name: str | None) -> Block | None:
    if name is None:
        return None
    module = ctx.configuration.callee(call)
    if module is None:
        return None
    return next((o for o in module.outputs if o.labels[:1] == (name,)), None)


def kms_keys(ctx: RuleContext, expr: Expr | None) -> list[Block]:
    """The KMS keys an argument names: directly, through an alias or through a module;
    none when it is null as written (`var.encrypt ? aws_kms_key.k.arn : null` with the
    flag off)."""
    keys: list[Block] = []
    if expr is not None and ctx.get(Evaluator).evaluate(expr) is None:
        return keys
    for block in resolved_blocks(ctx, expr, "aws_kms_key", "aws_kms_replica_key", "aws_kms_alias"):
        if block.type != "resource":
            continue  # an existing key (a data source): its policy is not in the answer
        if block.labels[0] == "aws_kms_alias":
            found = resolved_blocks(
                ctx, block.body.get("target_key_id"), "aws_kms_key", "aws_kms_replica_key"
            )
        else:
            found = [block]
        keys.extend(k for k in found if k.type == "resource" and not any(k is b for b in keys))
    return keys


def unseen_modules_for(ctx: RuleContext, *names: str) -> list[Block]:
    """Module calls whose module the answer does not show (a registry or remote source)
    and whose source or label names one of `names` (`apigateway` matches
    `cloudposse/api-gateway/aws//modules/account-settings`): what they create is unknown."""
    found = []
    for module in ctx.configuration.modules.values():
        for call in module.module_calls:
            if ctx.configuration.callee(call) is not None:
                continue
            source = call.body.get("source")
            text = source.value if isinstance(source, Literal) else ""
            letters = re.sub(r"[^a-z0-9]", "", f"{text} {' '.join(call.labels)}".lower())
            if any(name in letters for name in names):
                found.append(call)
    return found
