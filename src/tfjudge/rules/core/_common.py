"""Helpers the core.* rules share: undeclared references grouped per missing thing."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from tfjudge.evaluate.branches import untaken_expressions
from tfjudge.evaluate.evaluator import Evaluator
from tfjudge.evaluate.references import Reference, References, scoped_traversals
from tfjudge.evaluate.types import variable_type
from tfjudge.evaluate.values import ConversionError, Type, Unknown, Value, convert
from tfjudge.facts import fact
from tfjudge.findings import Finding
from tfjudge.model.config import Configuration, Module, address_for, block_address
from tfjudge.parse.hcl.ast import (
    Attribute,
    Block,
    Conditional,
    Expr,
    FunctionCall,
    HclDocument,
    Step,
    Traversal,
)
from tfjudge.rules.context import RuleContext
from tfjudge.source import Range


class Missing(NamedTuple):
    """A missing declaration and every reference to it in one module, in source order."""

    address: str
    module: Module
    references: tuple[Reference, ...]

    @property
    def first(self) -> Reference:
        return self.references[0]

    def where(self) -> str:
        """`module modules/db` or `the root module`, as terraform names the module."""
        return f"module {self.module.directory}" if self.module.directory else "the root module"

    def other_uses(self) -> list[str]:
        return [f"{r.range.file}:{r.range.start_line}" for r in self.references[1:]]

    def uses(self) -> str:
        count = len(self.references)
        if count == 1:
            return ""
        return f" It is referenced {count} times; the first is shown."


def broken_addresses(ctx: RuleContext) -> set[str]:
    """Addresses of blocks that stand in a syntax error (they may be declared, unseen)."""
    found: set[str] = set()
    for document in ctx.documents:
        for problem in document.errors:
            if problem.block is not None:
                address = address_for(*problem.block)
                if address is not None:
                    found.add(address)
                if problem.block[0] == "locals":
                    found.add("local.*")
    return found


def broken_lines(documents: list[HclDocument]) -> dict[str, list[int]]:
    """The lines of each file where a syntax error starts."""
    lines: dict[str, list[int]] = {}
    for document in documents:
        for problem in document.errors:
            lines.setdefault(document.file.path, []).append(problem.range.start_line)
    return lines


def in_broken_block(block: Block, broken: dict[str, list[int]]) -> bool:
    """Whether the top-level `block` holds a syntax error (terraform stops before it)."""
    lines = broken.get(block.file.path) if block.file is not None else None
    if not lines:
        return False  # the common case: the file parsed without error
    return any(block.range.contains_line(line) for line in lines)


def missing(ctx: RuleContext, kinds: tuple[str, ...]) -> Iterator[Missing]:
    """Undeclared references of the given kinds, one `Missing` per module and address."""
    references = ctx.get(References)
    broken = broken_addresses(ctx)
    groups: dict[tuple[str, str], list[Reference]] = {}
    for reference in references.references:
        if reference.kind not in kinds or reference.declared:
            continue
        if references.is_superseded(reference.source):
            continue
        if reference.address in broken or (reference.kind == "local" and "local.*" in broken):
            continue
        key = (reference.module.directory, reference.address)
        groups.setdefault(key, []).append(reference)
    for (directory, address), found in groups.items():
        ordered = sorted(
            found, key=lambda r: (r.range.file, r.range.start_line, r.range.start_column)
        )
        yield Missing(address, ctx.configuration.modules[directory], tuple(ordered))


def _position(reference: Reference) -> tuple[str, int, int]:
    return (reference.range.file, reference.range.start_line, reference.range.start_column)


def label(reference: Reference) -> str:
    """The block a reference stands in, for messages: `aws_s3_bucket.logs`, `locals`."""
    if reference.local is not None:
        return reference.local.address
    return block_address(reference.block) or reference.block.type


# arguments of a `module` block that are Terraform's, not the called module's variables
MODULE_META_ARGUMENTS = frozenset(
    {"source", "version", "count", "for_each", "providers", "depends_on"}
)


class ModuleCall(NamedTuple):
    """A `module` block whose called module the answer shows whole, and that module's
    variables (the active declarations: a later copy of a file replaces earlier ones)."""

    call: Block
    child: Module
    variables: dict[str, Block]

    @property
    def name(self) -> str:
        return f"module.{self.call.labels[0]}"

    def passes(self, variable: str) -> bool:
        return variable in self.call.body.attributes


class ActiveTopBlocks:
    """Every active top-level block outside a syntax error, with its module, in
    configuration order (a block a later copy of its file replaces is not active): worked
    out once an answer for the many rules that go through them."""

    def __init__(
        self,
        configuration: Configuration,
        references: References,
        documents: list[HclDocument],
    ) -> None:
        broken = broken_lines(documents)
        self.blocks: list[tuple[Module, Block]] = [
            (module, block)
            for module in configuration.modules.values()
            for block in references.active_blocks(module)
            if not in_broken_block(block, broken)
        ]


@fact(ActiveTopBlocks)
def _active_top_blocks(ctx: RuleContext) -> ActiveTopBlocks:
    return ActiveTopBlocks(ctx.configuration, ctx.get(References), ctx.documents)


def active_top_blocks(ctx: RuleContext, types: frozenset[str]) -> Iterator[tuple[Module, Block]]:
    """Every active top-level block of these types outside a syntax error, with its module
    (a block a later copy of its file replaces is not active)."""
    for module, block in ctx.get(ActiveTopBlocks).blocks:
        if block.type in types:
            yield module, block


def active_module_calls(ctx: RuleContext) -> Iterator[tuple[Module, Block]]:
    """Every active module call outside a syntax error, with the module it stands in."""
    for module, call in active_top_blocks(ctx, frozenset({"module"})):
        if call.labels:
            yield module, call


def judged_module_calls(ctx: RuleContext) -> Iterator[ModuleCall]:
    """Every active module call, outside a syntax error, to a module shown whole."""
    references = ctx.get(References)
    for module, call in active_module_calls(ctx):
        child = ctx.configuration.callee(call)
        if child is None or child is module or not child.complete:
            continue
        variables = {
            b.labels[0]: b
            for b in references.active_blocks(child)
            if b.type == "variable" and b.labels
        }
        yield ModuleCall(call, child, variables)


# top-level blocks that take `count` and `for_each`
REPEATABLE = frozenset({"resource", "data", "module", "ephemeral"})


def repeated_blocks(ctx: RuleContext, argument: str) -> Iterator[tuple[Block, Attribute]]:
    """Active top-level blocks outside a syntax error that set `argument` (count, for_each)."""
    for _, block in active_top_blocks(ctx, REPEATABLE):
        found = block.body.attributes.get(argument)
        if found is not None:
            yield block, found


def declared_type(ctx: RuleContext, block: Block, expr: Expr) -> Type | None:
    """The type constraint of the variable `expr` is (`var.names`), when it declares one."""
    return ctx.get(References).declared_type(ctx.configuration.module_of(block), expr)


def type_refusal(value: Value, variable: Block) -> str | None:
    """cty's reason the variable's declared type refuses `value` (`list of number
    required`), None when it accepts it, declares no type or the value is unknown."""
    wanted = variable_type(variable)
    if wanted is None:
        return None
    try:
        convert(value, wanted)
    except ConversionError as error:
        return str(error.args[0])
    return None


def judge_repetition(
    ctx: RuleContext,
    argument: str,
    value_problem: Callable[[Value], str | None],
    type_problem: Callable[[Type | None], str | None],
) -> Iterator[Finding]:
    """A finding for each `count` or `for_each` (`argument`) whose value, or the declared
    type of the variable it is when the value is unknown, has a problem."""
    evaluator = ctx.get(Evaluator)
    for block, found in repeated_blocks(ctx, argument):
        value = evaluator.raw(found.expr)
        if _type_unsettled(evaluator, found.expr, value):
            continue
        if isinstance(value, Unknown):
            problem = type_problem(declared_type(ctx, block, found.expr))
        else:
            problem = value_problem(value)
        if problem is not None:
            yield ctx.finding(problem, found.range, block=block)


def _type_unsettled(evaluator: Evaluator, expr: Expr, value: Value) -> bool:
    """An empty `[]` or `{}` a conditional chose while its other branch is unknown: terraform
    converts it to that branch's type (`cond ? toset(list) : []` is an empty set), which is
    not known here."""
    if not isinstance(expr, Conditional) or value not in ([], {}):
        return False
    branches = (expr.true_value, expr.false_value)
    return any(isinstance(evaluator.raw(branch), Unknown) for branch in branches)


def variable_arguments(ctx: RuleContext, name: str) -> Iterator[tuple[Block, Attribute]]:
    """Every `variable` block of the answer that sets `name` (type, default), with it."""
    for module in ctx.configuration.modules.values():
        for variable in module.variables:
            found = variable.body.attributes.get(name)
            if found is not None:
                yield variable, found


def instance_references(ctx: RuleContext) -> Iterator[tuple[Reference, Block]]:
    """Every reference to a resource or data source, with the block it names (references
    from blocks a later copy of their file replaces left out)."""
    references = ctx.get(References)
    for reference in references.references:
        target = reference.target
        if not isinstance(target, Block) or target.type not in ("resource", "data"):
            continue
        if not references.is_superseded(reference.source):
            yield reference, target


def repeated(block: Block) -> bool:
    """Whether the block has instances (`count` or `for_each`), not one object."""
    return "count" in block.body.attributes or "for_each" in block.body.attributes


def after_address(reference: Reference) -> tuple[Step, ...] | None:
    """The steps of a reference after `aws_x.y` or `data.aws_x.y` (an instance key, then
    attributes), None when it is not a plain traversal."""
    expr = reference.expr
    if not isinstance(expr, Traversal):
        return None
    return expr.steps[2 if expr.root == "data" else 1 :]


def first_not_constant(expr: Expr) -> tuple[Range, str] | None:
    """Where `expr` stops being a constant, in terraform's words: its first reference (one
    no `for` around it binds) or function call, in source order. Variable defaults and
    lifecycle flags are read before any value exists (with no evaluation context)."""
    free = {id(t) for t, bound in scoped_traversals(expr, frozenset()) if t.root not in bound}
    for node in expr.walk():
        if id(node) in free:
            return node.range, "Variables not allowed: Variables may not be used here."
        if isinstance(node, FunctionCall):
            return node.range, "Function calls not allowed: Functions may not be called here."
    return None


# functions whose arguments' dynamic errors terraform catches (a module output that does
# not exist, a failed conversion), not static ones (an undeclared variable or resource)
CATCHING = frozenset({"try", "can", "core::try", "core::can"})


class Unevaluated:
    """The expressions terraform does not evaluate on their own, per top-level block: inside
    `try()` or `can()` (their errors are caught), or in a conditional branch no instance of
    the block takes. Worked out once a block, on the first question about it."""

    def __init__(self, evaluator: Evaluator) -> None:
        self.evaluator = evaluator
        self._by_block: dict[int, set[int]] = {}

    def holds(self, top: Block, expr: Expr) -> bool:
        found = self._by_block.get(id(top))
        if found is None:
            found = caught_expressions(top) | untaken_expressions(top, self.evaluator)
            self._by_block[id(top)] = found
        return id(expr) in found


def caught_expressions(block: Block) -> set[int]:
    """The ids of the expressions in `block` that stand inside a try() or can() call."""
    return {id(expr) for expr, inside in catching(block.expressions()) if inside}


def catching(expressions: Iterable[Expr]) -> Iterator[tuple[Expr, bool]]:
    """Each of `expressions` (depth first, as `Expr.walk` gives them) with whether a try()
    or can() around it catches its errors."""
    caught: set[int] = set()
    for expr in expressions:
        inside = id(expr) in caught
        if not inside and isinstance(expr, FunctionCall) and expr.name in CATCHING:
            caught.update(id(inner) for argument in expr.args for inner in argument.walk())
        yield expr, inside


def block_at(ctx: RuleContext, where: Range) -> Block | None:
    """The top-level block (of those terraform reads) whose lines hold `where`."""
    references = ctx.get(References)
    for module in ctx.configuration.modules.values():
        for block in references.active_blocks(module):
            file = block.file
            if (
                file is not None
                and file.path == where.file
                and block.range.contains_line(where.start_line)
            ):
                return block
    return None
