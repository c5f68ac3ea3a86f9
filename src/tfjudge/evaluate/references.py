"""References: every traversal of the configuration resolved against its module.

`References` (a fact: `ctx.get(References)`) walks every expression of every block of
every module, with the scoping terraform applies (for-expression and `dynamic` block
iterators are not references; `lifecycle.ignore_changes` names attributes; `provider`,
`providers` and `configuration_aliases` name provider configurations; `depends_on` lists
explicit dependencies), and resolves each reference to its declaration. From that it
answers "what does this expression point to" (`targets`, following locals, conditionals
and child-module variables) and keeps a dependency graph over blocks and local values.

Declarations: when an answer repeats a file ("the updated main.tf", which the loader names
`main_2.tf`), a block of the later copy supersedes the block of the same address in the
earlier copy; `is_superseded` tells rules to skip the earlier one. Within one file, or
between differently named files, a second declaration is a real duplicate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import field
from functools import cached_property
from typing import TYPE_CHECKING, TypeAlias

from tfjudge.evaluate.types import variable_type
from tfjudge.evaluate.values import Type
from tfjudge.facts import fact
from tfjudge.model.config import Configuration, LocalValue, Module, block_address
from tfjudge.parse.hcl.ast import (
    Attribute,
    Block,
    Conditional,
    Expr,
    ForExpr,
    FunctionCall,
    GetAttr,
    Index,
    Literal,
    ObjectExpr,
    RelativeTraversal,
    Splat,
    Template,
    TemplateFor,
    TemplateIf,
    TemplatePart,
    Traversal,
    TupleExpr,
    unwrapped,
)
from tfjudge.patterns import lazy_pattern
from tfjudge.records import record
from tfjudge.source import Range

if TYPE_CHECKING:
    from tfjudge.rules.context import RuleContext

Node: TypeAlias = Block | LocalValue

# reference kinds
VARIABLE = "variable"
LOCAL = "local"
RESOURCE = "resource"
DATA = "data"
EPHEMERAL = "ephemeral"
MODULE = "module"
EACH = "each"
COUNT = "count"
SELF = "self"
PATH = "path"
TERRAFORM = "terraform"
PROVIDER = "provider"
INVALID = "invalid"  # a reference terraform cannot parse (`foo` alone, `var` alone)

_DECLARED_KINDS = {VARIABLE, LOCAL, RESOURCE, DATA, EPHEMERAL, MODULE, PROVIDER}
_SPECIAL_ROOTS = {"each": EACH, "count": COUNT, "self": SELF, "path": PATH, "terraform": TERRAFORM}
_COPY = lazy_pattern(r"^(?P<stem>.*?)_(?P<n>\d+)(?P<ext>\.tf)$")


@record(eq=False, slots=True)
class Reference:
    """One reference: `var.x`, `aws_s3_bucket.b` (in `aws_s3_bucket.b.arn`), `provider.aws.west`.

    `address` is what is referred to; `range` covers the address part of the traversal
    (what terraform underlines); `target` is the declaration, None when there is none or
    the kind has none (`each`, `path`); `remainder` holds the attribute names after the
    address and any instance key (`("arn",)`); `indexed` says whether the traversal selects
    an instance (`aws_x.y[0]`, `module.m["a"]`, a splat).
    """

    kind: str
    address: str
    expr: Expr
    range: Range
    module: Module
    block: Block
    attribute: str | None
    target: Node | None = None
    explicit: bool = False
    indexed: bool = False
    remainder: tuple[str, ...] = ()
    local: LocalValue | None = None  # the local value whose expression holds it
    alias_declared: bool = False  # a provider alias declared without a block

    def __repr__(self) -> str:
        line = self.range.start_line
        return f"Reference({self.kind} {self.address} at {self.range.file}:{line})"

    @property
    def source(self) -> Node:
        """The graph node the reference belongs to: its local value, else its block."""
        return self.local if self.local is not None else self.block

    @property
    def declared(self) -> bool:
        if self.kind == PROVIDER:
            return self.address.count(".") == 1 or self.target is not None or self.alias_declared
        return self.kind not in _DECLARED_KINDS or self.target is not None


class Edge:
    """`source` depends on `target` through `reference` (explicit when in depends_on)."""

    __slots__ = ("reference", "source", "target")

    def __init__(self, source: Node, target: Node, reference: Reference) -> None:
        self.source = source
        self.target = target
        self.reference = reference

    def __repr__(self) -> str:
        return f"Edge({self.reference!r})"

    @property
    def explicit(self) -> bool:
        return self.reference.explicit


@record(eq=False)
class Declarations:
    """The blocks and local values of one module by address, after superseding copies."""

    module: Module
    by_address: dict[str, Node] = field(default_factory=dict)
    duplicates: list[tuple[Node, Node]] = field(default_factory=list)  # (first, again)
    superseded: set[int] = field(default_factory=set)  # ids of superseded blocks/locals
    # the superseded blocks and local values themselves (which also keeps their ids unique)
    superseded_nodes: list[Node] = field(default_factory=list)
    locals: dict[str, LocalValue] = field(default_factory=dict)
    provider_aliases: dict[str, Block | Expr] = field(default_factory=dict)


def family_of(path: str) -> str:
    """`main_2.tf` and `main.tf` are one family: copies of one file."""
    match = _COPY.match(path)
    return f"{match.group('stem')}{match.group('ext')}" if match else path


def _declarations(module: Module) -> Declarations:
    declarations = Declarations(module)
    seen: dict[str, Node] = {}
    for block in module.blocks:
        nodes: list[tuple[str, Node]] = []
        if block.type == "locals":
            for name, attribute in block.body.attributes.items():
                nodes.append((f"local.{name}", LocalValue(name, attribute, block)))
        elif block.type == "terraform":
            # a module has one of each: terraform rejects a second (in any file)
            for child in block.body.blocks:
                if child.type in _ONE_PER_MODULE:
                    nodes.append((f"terraform.{child.type}", child))
        else:
            address = block_address(block)
            if address is not None:
                nodes.append((address, block))
        for address, node in nodes:
            _declare(declarations, seen, address, node)
    declarations.by_address = seen
    declarations.locals = {
        n.name: n for a, n in seen.items() if isinstance(n, LocalValue) and a.startswith("local.")
    }
    _collect_aliases(declarations)
    return declarations


_ONE_PER_MODULE = ("required_providers", "backend", "cloud")


def _file_of(node: Node) -> str:
    block = node.block if isinstance(node, LocalValue) else node
    return block.file.path if block.file is not None else ""


def _declare(declarations: Declarations, seen: dict[str, Node], address: str, node: Node) -> None:
    earlier = seen.get(address)
    if earlier is None:
        seen[address] = node
        return
    earlier_file, file = _file_of(earlier), _file_of(node)
    if earlier_file != file and family_of(earlier_file) == family_of(file):
        declarations.superseded.add(id(earlier))
        declarations.superseded_nodes.append(earlier)
        seen[address] = node
        return
    declarations.duplicates.append((earlier, node))


def _collect_aliases(declarations: Declarations) -> None:
    for address, node in declarations.by_address.items():
        if isinstance(node, Block) and node.type == "provider" and address.count(".") == 2:
            declarations.provider_aliases[address] = node
    for block in declarations.module.terraform_blocks:
        for required in block.body.blocks_of("required_providers"):
            for attribute in required.body.attributes.values():
                if not isinstance(attribute.expr, ObjectExpr):
                    continue
                aliases = attribute.expr.get("configuration_aliases")
                if not isinstance(aliases, TupleExpr):
                    continue
                for item in aliases.items:
                    if isinstance(item, Traversal) and len(item.attr_names) >= 1:
                        provider = item.root
                        alias = item.attr_names[0]
                        declarations.provider_aliases.setdefault(
                            f"provider.{provider}.{alias}", item
                        )


class References:
    """Every reference of the configuration, lookups by expression and block, the graph."""

    def __init__(self, configuration: Configuration) -> None:
        self.configuration = configuration
        self.declarations: dict[str, Declarations] = {
            directory: _declarations(module) for directory, module in configuration.modules.items()
        }
        self.references: list[Reference] = []
        # active_blocks' answers by module id (with the module, which keeps the id unique)
        self._active: dict[int, tuple[Module, list[Block]]] = {}
        for module in configuration.modules.values():
            _Walker(self, module).walk()

    @cached_property
    def _by_expr(self) -> dict[int, list[Reference]]:
        index: dict[int, list[Reference]] = {}
        for reference in self.references:
            index.setdefault(id(reference.expr), []).append(reference)
        return index

    @cached_property
    def _by_block(self) -> dict[int, list[Reference]]:
        index: dict[int, list[Reference]] = {}
        for reference in self.references:
            index.setdefault(id(reference.block), []).append(reference)
        return index

    @cached_property
    def _by_node(self) -> dict[int, list[Reference]]:
        index: dict[int, list[Reference]] = {}
        for reference in self.references:
            index.setdefault(id(reference.source), []).append(reference)
        return index

    @cached_property
    def _by_target(self) -> dict[int, list[Reference]]:
        """The resolved references by target: what `to` asks for, the commonest lookup, with
        no `Edge` made for it."""
        index: dict[int, list[Reference]] = {}
        for reference in self.references:
            if reference.target is not None:
                index.setdefault(id(reference.target), []).append(reference)
        return index

    @cached_property
    def _dependencies(self) -> dict[int, list[Edge]]:
        """The edges by source, for the few rules that follow the graph."""
        dependencies: dict[int, list[Edge]] = {}
        for reference in self.references:
            if reference.target is None:
                continue
            edge = Edge(reference.source, reference.target, reference)
            dependencies.setdefault(id(edge.source), []).append(edge)
        return dependencies

    # -- declarations --------------------------------------------------------------------

    def module_of(self, block: Block) -> Module:
        return self.configuration.module_of(block)

    def declaration(self, module: Module, address: str) -> Node | None:
        """The effective block or local value of `address` in `module`."""
        return self.declarations[module.directory].by_address.get(address)

    def declared_type(self, module: Module, expr: Expr) -> Type | None:
        """The type constraint of the variable `expr` is (`var.names`), when it declares
        one: what terraform validate knows of a value it does not know yet."""
        if not isinstance(expr, Traversal) or expr.root != "var" or len(expr.steps) != 1:
            return None
        step = expr.steps[0]
        if not isinstance(step, GetAttr):
            return None
        declaration = self.declaration(module, f"var.{step.name}")
        return variable_type(declaration) if isinstance(declaration, Block) else None

    def local(self, module: Module, name: str) -> LocalValue | None:
        return self.declarations[module.directory].locals.get(name)

    def locals_of(self, module: Module) -> list[LocalValue]:
        return list(self.declarations[module.directory].locals.values())

    def is_superseded(self, node: Node) -> bool:
        """Whether a later copy of the same file re-declares this block or local value."""
        return id(node) in self._superseded  # ids are unique across modules

    @cached_property
    def _superseded(self) -> set[int]:
        return {node for d in self.declarations.values() for node in d.superseded}

    def active_of(self, kind: str, types: tuple[str, ...]) -> list[Block]:
        """The active top-level blocks of `kind` (`resource`, `data`) and these types, in
        every module, in configuration order."""
        found = [
            entry
            for name in dict.fromkeys(types)
            for entry in self._active_by_type.get((kind, name), ())
        ]
        found.sort(key=lambda entry: entry[0])
        return [block for _, block in found]

    @cached_property
    def _active_by_type(self) -> dict[tuple[str, str], list[tuple[int, Block]]]:
        """Active top-level blocks by kind and type, each with its configuration order."""
        blocks = (b for m in self.configuration.modules.values() for b in self.active_blocks(m))
        index: dict[tuple[str, str], list[tuple[int, Block]]] = {}
        for position, block in enumerate(blocks):
            if block.labels:
                index.setdefault((block.type, block.labels[0]), []).append((position, block))
        return index

    def active_blocks(self, module: Module) -> list[Block]:
        """The module's blocks without the ones a later copy of their file supersedes."""
        cached = self._active.get(id(module))
        if cached is None or cached[0] is not module:
            superseded = self.declarations[module.directory].superseded
            active = [b for b in module.blocks if id(b) not in superseded]
            cached = self._active[id(module)] = (module, active)
        return list(cached[1])  # a copy: callers may change theirs

    def duplicates(self, module: Module) -> list[tuple[Node, Node]]:
        return self.declarations[module.directory].duplicates

    def replaced_files(self, module: Module) -> set[str]:
        """Files of the module that a later copy replaces (`main.tf` when `main_2.tf` exists)."""
        families: dict[str, list[str]] = {}
        for document in module.documents:
            families.setdefault(family_of(document.file.path), []).append(document.file.path)
        return {path for copies in families.values() for path in copies[:-1]}

    def provider_alias(self, module: Module, address: str) -> Block | Expr | None:
        """The provider block or `configuration_aliases` entry declaring `address`."""
        return self.declarations[module.directory].provider_aliases.get(address)

    # -- lookups -------------------------------------------------------------------------

    def in_expr(self, expr: Expr) -> list[Reference]:
        """References anywhere inside `expr` (in source order)."""
        found: list[Reference] = []
        for node in expr.walk():
            found.extend(self._by_expr.get(id(node), ()))
        return found

    def of_block(self, block: Block) -> list[Reference]:
        """References in a top-level block (nested blocks and meta-arguments included)."""
        return list(self._by_block.get(id(block), ()))

    def of_node(self, node: Node) -> list[Reference]:
        """References made by a block or a local value."""
        return list(self._by_node.get(id(node), ()))

    def to(self, node: Node) -> list[Reference]:
        """References whose target is `node`."""
        return list(self._by_target.get(id(node), ()))

    def dependencies(self, node: Node) -> list[Edge]:
        return list(self._dependencies.get(id(node), ()))

    def dependents(self, node: Node) -> list[Edge]:
        return [
            Edge(reference.source, node, reference)
            for reference in self._by_target.get(id(node), ())
        ]

    def depends_on(self, node: Node, other: Node, explicit_only: bool = False) -> bool:
        """Whether `node` depends on `other`, directly or through other blocks and locals."""
        return (
            self.dependency_where(node, lambda target: target is other, explicit_only) is not None
        )

    def dependency_where(
        self, node: Node, test: Callable[[Node], bool], explicit_only: bool = False
    ) -> Node | None:
        """The first block or local value `node` depends on, directly or through others,
        that passes `test`; None when there is none."""
        seen = {id(node)}
        stack = [node]
        while stack:
            current = stack.pop()
            for edge in self._dependencies.get(id(current), ()):
                if explicit_only and not edge.explicit:
                    continue
                if test(edge.target):
                    return edge.target
                if id(edge.target) not in seen:
                    seen.add(id(edge.target))
                    stack.append(edge.target)
        return None

    def targets(self, expr: Expr, module: Module | None = None) -> list[Target]:
        """The blocks the value of `expr` comes from, with the attribute path read from each.

        Follows local values, both branches of conditionals, `try`/`coalesce`/`one`/
        `element`/`lookup`/`tostring` wrappers, splats and indexes, and a child module's
        `var.x` to the calling module's argument. `bucket = aws_s3_bucket.logs.id` gives
        `Target(aws_s3_bucket.logs, ("id",))`.
        """
        found: list[Target] = []
        self._targets(expr, module, found, set(), 0)
        return found

    def target_blocks(self, expr: Expr, module: Module | None = None) -> list[Block]:
        blocks: list[Block] = []
        for target in self.targets(expr, module):
            if not any(b is target.block for b in blocks):
                blocks.append(target.block)
        return blocks

    def _targets(
        self,
        expr: Expr,
        module: Module | None,
        found: list[Target],
        visiting: set[int],
        depth: int,
    ) -> None:
        if depth > 50 or id(expr) in visiting:
            return
        visiting = visiting | {id(expr)}
        if isinstance(expr, (Traversal, RelativeTraversal, Splat)):
            base: Expr = expr
            while isinstance(base, (RelativeTraversal, Splat)):
                base = base.source
            if isinstance(base, Traversal):
                for reference in self._by_expr.get(id(base), ()):
                    self._follow(reference, found, visiting, depth)
            elif base is not expr:
                self._targets(base, module, found, visiting, depth + 1)
            return
        if isinstance(expr, Conditional):
            self._targets(expr.true_value, module, found, visiting, depth + 1)
            self._targets(expr.false_value, module, found, visiting, depth + 1)
            return
        if unwrapped(expr) is not expr:
            self._targets(unwrapped(expr), module, found, visiting, depth + 1)
            return
        if isinstance(expr, FunctionCall) and expr.name in _PASS_THROUGH and expr.args:
            arguments = expr.args if expr.name in ("try", "coalesce") else expr.args[:1]
            for argument in arguments:
                self._targets(argument, module, found, visiting, depth + 1)

    def _follow(
        self, reference: Reference, found: list[Target], visiting: set[int], depth: int
    ) -> None:
        target = reference.target
        if reference.kind == EACH and reference.address == "each.value":
            # each.value of `for_each = aws_s3_bucket.logs` is an instance of that block
            for_each = reference.block.body.get("for_each")
            if for_each is not None:
                before = len(found)
                self._targets(for_each, reference.module, found, visiting, depth + 1)
                for index in range(before, len(found)):
                    item = found[index]
                    found[index] = Target(item.block, reference.remainder, item.reference)
            return
        if isinstance(target, LocalValue):
            self._targets(target.expr, reference.module, found, visiting, depth + 1)
            return
        if not isinstance(target, Block):
            return
        if target.type in ("resource", "data", "ephemeral"):
            found.append(Target(target, reference.remainder, reference))
            return
        if target.type == "module":
            found.append(Target(target, reference.remainder, reference))
            return
        if target.type == "variable" and target.labels:
            for _, argument in reference.module.arguments(target.labels[0]):
                self._targets(argument.expr, None, found, visiting, depth + 1)

    # -- bookkeeping ---------------------------------------------------------------------

    def _add(self, reference: Reference) -> None:
        self.references.append(reference)

    @cached_property
    def cycles(self) -> list[list[Node]]:
        """Cycles of the dependency graph (terraform's "Cycle:" error), each in order."""
        from tfjudge.evaluate.graph import find_cycles

        return find_cycles(self)


_PASS_THROUGH = {"try", "coalesce", "one", "element", "lookup", "tostring", "tolist", "toset"}


@record(frozen=True, eq=False)
class Target:
    """A block an expression points to and the attributes read from it (`("id",)`)."""

    block: Block
    attributes: tuple[str, ...]
    reference: Reference

    @property
    def attribute(self) -> str | None:
        return self.attributes[0] if self.attributes else None


# -- walking ----------------------------------------------------------------------------

_META_SKIP = {"source", "version"}
# attributes whose traversals name things rather than refer to them
_NOT_REFERENCES = {
    ("lifecycle", "ignore_changes"),
    ("dynamic", "iterator"),
    ("variable", "type"),  # a type constraint: `string`, `list(object({...}))`
    ("output", "type"),  # one written where it does not belong: core.unknown-block-argument
    ("provisioner", "when"),  # keywords: `destroy`, `continue`
    ("provisioner", "on_failure"),
}
_NOT_REFERENCE_NAMES = {name for _, name in _NOT_REFERENCES}


class _Walker:
    def __init__(self, references: References, module: Module) -> None:
        self.references = references
        self.module = module
        self.declarations = references.declarations[module.directory]

    def walk(self) -> None:
        for block in self.module.blocks:
            self._top_level(block)

    def _top_level(self, block: Block) -> None:
        kind = block.type
        if kind == "locals":
            for name, attribute in block.body.attributes.items():
                local = self._local_node(block, name, attribute)
                self._expr(attribute.expr, block, name, frozenset(), local=local)
            return
        if kind in ("terraform", "moved", "removed"):
            return
        if kind == "import":
            for name in ("id", "for_each", "identity"):
                argument = block.body.attributes.get(name)
                if argument is not None:
                    self._expr(argument.expr, block, name, frozenset())
            return
        if kind == "module":
            self._module_call(block)
            return
        self._body(block, block, "", frozenset())

    def _local_node(self, block: Block, name: str, attribute: Attribute) -> LocalValue:
        effective = self.declarations.by_address.get(f"local.{name}")
        if isinstance(effective, LocalValue) and effective.attribute is attribute:
            return effective
        for first, again in self.declarations.duplicates:
            for node in (first, again):
                if isinstance(node, LocalValue) and node.attribute is attribute:
                    return node
        return LocalValue(name, attribute, block)

    def _module_call(self, block: Block) -> None:
        for name, attribute in block.body.attributes.items():
            if name in _META_SKIP:
                continue
            if name == "providers":
                self._providers_map(attribute.expr, block)
            elif name == "depends_on":
                self._depends_on(attribute.expr, block)
            else:
                self._expr(attribute.expr, block, name, frozenset())
        for nested in block.body.blocks:
            self._body(nested, block, nested.type, frozenset())

    def _body(self, block: Block, top: Block, path: str, bound: frozenset[str]) -> None:
        for name, attribute in block.body.attributes.items():
            where = f"{path}.{name}" if path else name
            if block is top and name == "depends_on":
                self._depends_on(attribute.expr, top)
            elif (
                block is top
                and name == "provider"
                and top.type in ("resource", "data", "ephemeral")
            ):
                self._provider_ref(attribute.expr, top, "provider")
            elif name in _NOT_REFERENCE_NAMES and (block.type, name) in _NOT_REFERENCES:
                continue
            else:
                self._expr(attribute.expr, top, where, bound)
        for nested in block.body.blocks:
            where = f"{path}.{nested.type}" if path else nested.type
            if nested.type == "dynamic":
                self._dynamic(nested, top, where, bound)
            else:
                self._body(nested, top, where, bound)

    def _dynamic(self, block: Block, top: Block, path: str, bound: frozenset[str]) -> None:
        label = block.labels[0] if block.labels else "dynamic"
        iterator: Expr | None = block.body.get("iterator")
        name = iterator.root if isinstance(iterator, Traversal) else label
        for attribute_name, attribute in block.body.attributes.items():
            if attribute_name == "iterator":
                continue
            inner = bound | {name} if attribute_name == "labels" else bound
            self._expr(attribute.expr, top, f"{path}.{attribute_name}", inner)
        for nested in block.body.blocks:
            if nested.type == "content":
                self._body(nested, top, f"{path}.{label}", bound | {name})
            else:
                self._body(nested, top, path, bound)

    def _depends_on(self, expr: Expr, block: Block) -> None:
        items = expr.items if isinstance(expr, TupleExpr) else (expr,)
        for item in items:
            if isinstance(item, Traversal):
                self._traversal(item, block, "depends_on", frozenset(), explicit=True)
            else:
                self._expr(item, block, "depends_on", frozenset())

    def _provider_ref(self, expr: Expr, block: Block, attribute: str) -> None:
        """`provider = aws.west`: a provider configuration, never a resource."""
        if isinstance(expr, Traversal) and all(isinstance(s, GetAttr) for s in expr.steps):
            names = expr.attr_names
            address = f"provider.{expr.root}" + (f".{names[0]}" if names else "")
            declaration = self.declarations.provider_aliases.get(address) if names else None
            reference = Reference(
                PROVIDER,
                address,
                expr,
                _span(expr, 1 + min(len(names), 1)),
                self.module,
                block,
                attribute,
                declaration if isinstance(declaration, Block) else None,
            )
            reference.alias_declared = declaration is not None or self._passed_in(address)
            self.references._add(reference)
            return
        # not static (`aws[each.key]`, a conditional): the configuration names in it are
        # still provider references; `each.key`, `var.x` and the like are ordinary ones
        for node in expr.walk():
            if not isinstance(node, Traversal):
                continue
            if node.root in _NOT_PROVIDER_ROOTS:
                self._traversal(node, block, attribute, frozenset())
                continue
            static = Traversal(node.range, node.root, _leading_attrs(node, 1))
            self._provider_ref(static, block, attribute)

    def _passed_in(self, address: str) -> bool:
        """Whether a caller passes this aliased provider in (`providers = {"aws.x" = ...}`)."""
        wanted = address.removeprefix("provider.")
        for caller in self.module.callers:
            providers = caller.body.get("providers")
            if not isinstance(providers, ObjectExpr):
                continue
            for item in providers.items:
                key = item.key
                if isinstance(key, Traversal):
                    name = ".".join([key.root, *key.attr_names])
                elif isinstance(key, Literal) and isinstance(key.value, str):
                    name = key.value
                else:
                    continue
                if name == wanted:
                    return True
        return False

    def _providers_map(self, expr: Expr, block: Block) -> None:
        if not isinstance(expr, ObjectExpr):
            self._expr(expr, block, "providers", frozenset())
            return
        for item in expr.items:
            self._provider_ref(item.value, block, "providers")

    def _expr(
        self,
        expr: Expr,
        block: Block,
        attribute: str | None,
        bound: frozenset[str],
        local: LocalValue | None = None,
    ) -> None:
        kind = type(expr)
        if kind is Literal:
            return  # the commonest argument, which refers to nothing
        if kind is Traversal and Index not in map(type, expr.steps):  # type: ignore[attr-defined]
            # the next commonest: one reference, with nothing inside it
            self._traversal(expr, block, attribute, bound, local=local)  # type: ignore[arg-type]
            return
        for traversal, names in scoped_traversals(expr, bound):
            self._traversal(traversal, block, attribute, names, local=local)

    def _traversal(
        self,
        traversal: Traversal,
        block: Block,
        attribute: str | None,
        bound: frozenset[str],
        explicit: bool = False,
        local: LocalValue | None = None,
    ) -> None:
        if traversal.root in bound:
            return
        reference = resolve(traversal, self.module, self.references, block, attribute)
        if reference is None:
            return
        reference.explicit = explicit
        reference.local = local
        self.references._add(reference)


_NOT_PROVIDER_ROOTS = {
    "var",
    "local",
    "each",
    "count",
    "path",
    "terraform",
    "self",
    "data",
    "module",
}


def _leading_attrs(traversal: Traversal, limit: int) -> tuple[GetAttr, ...]:
    steps: list[GetAttr] = []
    for step in traversal.steps[:limit]:
        if not isinstance(step, GetAttr):
            break
        steps.append(step)
    return tuple(steps)


def _bare_key(key: Expr) -> bool:
    return isinstance(key, Literal)


def scoped_traversals(
    expr: Expr, bound: frozenset[str]
) -> Iterator[tuple[Traversal, frozenset[str]]]:
    """Every traversal inside `expr` with the iteration variables bound around it (for
    expressions and template directives bind theirs; bare object keys are names)."""
    stack: list[tuple[Expr, frozenset[str]]] = [(expr, bound)]
    while stack:
        node, names = stack.pop()
        kind = type(node)
        if kind is Literal:
            continue
        if kind is Traversal:
            assert isinstance(node, Traversal)
            yield node, names
            for step in node.steps:
                if isinstance(step, Index):
                    stack.append((step.key, names))
            continue
        if isinstance(node, ForExpr):
            inner = names | {node.value_var} | ({node.key_var} if node.key_var else set())
            stack.append((node.collection, names))
            for child in (node.key, node.value, node.condition):
                if child is not None:
                    stack.append((child, inner))
            continue
        if isinstance(node, Template):
            stack.extend(template_children(node.parts, names))
            continue
        if isinstance(node, ObjectExpr):
            for item in node.items:
                if not _bare_key(item.key):
                    stack.append((item.key, names))
                stack.append((item.value, names))
            continue
        stack.extend((child, names) for child in node.children())


def template_children(
    parts: tuple[TemplatePart, ...], names: frozenset[str]
) -> list[tuple[Expr, frozenset[str]]]:
    """The expressions of a template with the names bound around each (for directives
    bind their key and value variables)."""
    children: list[tuple[Expr, frozenset[str]]] = []
    for part in parts:
        if isinstance(part, Expr):
            children.append((part, names))
        elif isinstance(part, TemplateIf):
            children.append((part.condition, names))
            children += template_children(part.true_parts, names)
            children += template_children(part.false_parts, names)
        elif isinstance(part, TemplateFor):
            children.append((part.collection, names))
            inner = names | {part.value_var} | ({part.key_var} if part.key_var else set())
            children += template_children(part.parts, inner)
    return children


def _span(traversal: Traversal, parts: int) -> Range:
    """The range of the root and the first `parts - 1` steps of a traversal."""
    if parts <= 1 or not traversal.steps:
        start = traversal.range
        return Range(
            start.file,
            start.start_line,
            start.start_column,
            start.start_line,
            start.start_column + len(traversal.root),
        )
    step = traversal.steps[min(parts - 1, len(traversal.steps)) - 1]
    return Range(
        traversal.range.file,
        traversal.range.start_line,
        traversal.range.start_column,
        step.range.end_line,
        step.range.end_column,
    )


def resolve(
    traversal: Traversal,
    module: Module,
    references: References,
    block: Block,
    attribute: str | None,
) -> Reference | None:
    """The reference a traversal makes from `block` of `module` (None for iteration vars)."""
    declarations = references.declarations[module.directory]
    kind, address, used, target = _resolution(traversal, module, declarations)
    rest = traversal.steps[used:]
    indexed = bool(rest) and isinstance(rest[0], Index)
    remainder = tuple([s.name for s in rest if isinstance(s, GetAttr)]) if rest else ()
    return Reference(
        kind,
        address,
        traversal,
        _span(traversal, used + 1),
        module,
        block,
        attribute,
        target,
        indexed=indexed,
        remainder=remainder,
    )


def _resolution(
    traversal: Traversal, module: Module, declarations: Declarations
) -> tuple[str, str, int, Node | None]:
    """What a traversal refers to: (kind, address, steps the address takes, declaration)."""
    root = traversal.root
    names = traversal.attr_names
    if root in _SPECIAL_ROOTS:
        kind = _SPECIAL_ROOTS[root]
        if kind == SELF:
            return SELF, "self", 0, None
        if not names:
            return INVALID, root, 0, None
        return kind, f"{root}.{names[0]}", 1, None
    if root in _NAMED_ROOTS:  # var, local, module
        if not names:
            return INVALID, root, 0, None
        address = f"{root}.{names[0]}"
        return _NAMED_ROOTS[root], address, 1, declarations.by_address.get(address)
    if root in ("data", "ephemeral"):
        if len(names) < 2:
            return INVALID, root, 0, None
        if len(traversal.steps) < 2 or not isinstance(traversal.steps[1], GetAttr):
            return INVALID, root, 0, None
        address = f"{root}.{names[0]}.{names[1]}"
        if root == "data":
            return DATA, address, 2, declarations.by_address.get(address)
        return EPHEMERAL, address, 2, _ephemeral(module, names[0], names[1])
    if root == "resource" and len(names) >= 2:
        address = f"{names[0]}.{names[1]}"
        return RESOURCE, address, 2, declarations.by_address.get(address)
    if not traversal.steps or not isinstance(traversal.steps[0], GetAttr):
        return INVALID, root, 0, None
    address = f"{root}.{names[0]}"
    return RESOURCE, address, 1, declarations.by_address.get(address)


_NAMED_ROOTS = {"var": VARIABLE, "local": LOCAL, "module": MODULE}


def _ephemeral(module: Module, kind: str, name: str) -> Block | None:
    for block in module.blocks:
        if block.type == "ephemeral" and block.labels[:2] == (kind, name):
            return block
    return None


@fact(References)
def _references(ctx: RuleContext) -> References:
    return References(ctx.configuration)
