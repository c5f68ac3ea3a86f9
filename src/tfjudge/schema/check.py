"""The `SchemaProblems` fact: every place an answer breaks the AWS provider's schema.

One walk over the configuration finds what `terraform validate` reports from the schema:
unknown types, unknown arguments and blocks (at every depth, inside `dynamic` blocks),
read-only attributes set, required arguments and blocks missing, too many blocks,
blocks written as attributes and the reverse, literal values of the wrong type,
deprecated types, arguments, blocks and attribute reads, and arguments set together that
exclude each other or groups of which none is set (the provider's own rules, read by
`schema.arguments`). Each `schema.*` rule reports
its own kind. Blocks that hold a syntax error are skipped, as terraform stops before them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import field, replace

from tfjudge.evaluate.references import References
from tfjudge.evaluate.values import Type
from tfjudge.facts import fact
from tfjudge.model.config import Configuration, Module, block_address
from tfjudge.parse.hcl.ast import (
    Attribute,
    Block,
    Body,
    Conditional,
    Expr,
    GetAttr,
    HclDocument,
    Index,
    Literal,
    Splat,
    Traversal,
)
from tfjudge.records import record
from tfjudge.rules.context import RuleContext
from tfjudge.schema.arguments import (
    NO_RULES,
    SOURCE_VERSION,
    Violation,
    argument_rules,
    holder,
    violations,
)
from tfjudge.schema.model import (
    AttributeSchema,
    BlockSchema,
    CtyType,
    NestedBlockSchema,
)
from tfjudge.schema.names import suggest
from tfjudge.schema.provider import ProviderSchema, provider_sources
from tfjudge.schema.store import SchemaVersion, get_version, known_versions, newest_carrying
from tfjudge.schema.values import (
    Typer,
    Value,
    conversion_error,
    literal_conversion_error,
    static_value,
)
from tfjudge.source import Range

UNKNOWN_TYPE = "schema.unknown-resource-type"
UNKNOWN_ARGUMENT = "schema.unknown-argument"
MISSING_REQUIRED = "schema.missing-required-argument"
DEPRECATED = "schema.deprecated"
WRONG_TYPE = "schema.wrong-type"
BLOCK_AS_ATTRIBUTE = "schema.block-as-attribute"
TOO_MANY_BLOCKS = "schema.too-many-blocks"
UNKNOWN_ATTRIBUTE = "schema.unknown-attribute"
CONFLICTING_ARGUMENTS = "schema.conflicting-arguments"
MISSING_ONE_OF = "schema.missing-one-of"
MISSING_TOGETHER = "schema.missing-required-together"

# Terraform's own arguments and blocks in resource, data and provider blocks.
META_ARGUMENTS = {
    "resource": frozenset({"count", "for_each", "provider", "depends_on"}),
    "data": frozenset({"count", "for_each", "provider", "depends_on"}),
    # count, for_each, depends_on and source are reserved there: core.* reports them
    "provider": frozenset({"alias", "version", "count", "for_each", "depends_on", "source"}),
}
META_BLOCKS = {
    "resource": frozenset({"lifecycle", "provisioner", "connection"}),
    "data": frozenset({"lifecycle"}),
    "provider": frozenset({"lifecycle"}),
}
LIFECYCLE_ARGUMENTS = {
    "resource": frozenset(
        {"create_before_destroy", "prevent_destroy", "ignore_changes", "replace_triggered_by"}
    ),
    "data": frozenset(),
}
LIFECYCLE_BLOCKS = frozenset({"precondition", "postcondition"})
DYNAMIC_ARGUMENTS = frozenset({"for_each", "iterator", "labels"})


@record(frozen=True)
class Problem:
    """One schema violation found, for the rule that reports it."""

    rule: str
    message: str
    at: Block | Attribute | Expr | Range
    block: Block  # the top-level block it is in
    title: str
    attribute: str | None = None
    fix: str | None = None
    # what it is about, to ask the other known provider versions: (kind, type, path, name)
    subject: tuple[str, str, tuple[str, ...], str] | None = None
    aspect: str = ""  # "type", "settable", "attribute", "block", "optional", "read"
    other_version: str | None = None  # the known version where it would be right
    # judged against a schema newer than every release the answer's constraints admit
    uncertain: bool = False


@record(eq=False)
class SchemaProblems:
    """Every schema violation of the answer (the schema rules' shared fact)."""

    problems: list[Problem] = field(default_factory=list)

    def of(self, rule: str) -> list[Problem]:
        return [p for p in self.problems if p.rule == rule]


@fact(SchemaProblems)
def schema_problems(ctx: RuleContext) -> SchemaProblems:
    checker = _Checker(
        ctx.get(ProviderSchema), ctx.configuration, ctx.get(References), ctx.documents
    )
    return SchemaProblems(list(checker.run()))


# provider 6.0 gave every resource and data source a `region` argument (where to manage it):
# new in that release everywhere, and a member of no group
EVERY_TYPE_GAINED = frozenset({"region"})


def _holds_in(violation: Violation, schema: BlockSchema, source: BlockSchema) -> bool:
    """Whether a rule read from the source release holds in the judged one: its arguments
    are all there, and for a group that must have a member, the block that holds it has no
    argument the source release lacks (a new one may be a new member)."""
    for path in violation.arguments:
        holder = _holder_schema(schema, path)
        if holder is None or path.split(".")[-1] not in (*holder.attributes, *holder.blocks):
            return False
    if violation.kind != "at_least_one":
        return True
    judged = _holder_schema(schema, violation.arguments[0])
    known = _holder_schema(source, violation.arguments[0])
    if judged is None or known is None:
        return False
    added = {*judged.attributes, *judged.blocks} - {*known.attributes, *known.blocks}
    return added <= EVERY_TYPE_GAINED


# Terraform's meta-arguments, which no nested block of any provider release takes
NESTED_META = frozenset({"count", "for_each", "depends_on", "provider", "lifecycle"})


def _meta_argument_nested(problem: Problem) -> bool:
    subject = problem.subject
    return (
        problem.rule == UNKNOWN_ARGUMENT
        and subject is not None
        and bool(subject[2])
        and subject[3] in NESTED_META
    )


def _holder_schema(schema: BlockSchema, path: str) -> BlockSchema | None:
    for parent in path.split(".")[:-1]:
        nested = schema.blocks.get(parent)
        if nested is None:
            return None
        schema = nested.block
    return schema


def _combination_problem(block: Block, type_name: str, violation: Violation) -> Problem:
    kind, group = violation.kind, ",".join(violation.arguments)
    paths = [s.path for s in violation.settings]
    listed = ", ".join(violation.arguments)
    written = [s.at for s in violation.settings if s.at is not None]
    first = min(written, key=lambda at: at.range.start_line, default=None)
    if kind == "conflict":
        a, b = paths
        return Problem(
            CONFLICTING_ARGUMENTS,
            f'"{a}": conflicts with {b}. {type_name} takes one or the other, not both: '
            'terraform validate fails ("Conflicting configuration arguments").',
            first or block.type_range,
            block,
            f"{type_name}: {a} and {b} cannot both be set",
            a,
            fix=f"Keep {a} or {b}, not both.",
        )
    if kind == "at_most_one":
        return Problem(
            CONFLICTING_ARGUMENTS,
            f"only one of `{group}` can be specified, but `{','.join(paths)}` were specified: "
            'terraform validate fails ("Invalid combination of arguments").',
            first or block.type_range,
            block,
            f"{type_name}: only one of {listed} can be set",
            paths[0],
            fix=f"Keep one of {', '.join(paths)}.",
        )
    if kind == "all_of":
        missing = [a for a in violation.arguments if a not in paths]
        return Problem(
            MISSING_TOGETHER,
            f'"{paths[0]}": all of `{group}` must be specified: {type_name} sets '
            f"{', '.join(paths)} without {', '.join(missing)}, and terraform validate fails "
            '("Missing required argument").',
            first or block.type_range,
            block,
            f"{type_name}: {', '.join(paths)} needs {', '.join(missing)}",
            paths[0],
            fix=f"Set {', '.join(missing)} too, or leave out {', '.join(paths)}.",
        )
    inside = ".".join(violation.arguments[0].split(".")[:-1])
    where = f"{type_name}.{inside}" if inside else type_name
    lacking = holder(block, violation.arguments[0]) or block  # the block that lacks it
    return Problem(
        MISSING_ONE_OF,
        f"one of `{group}` must be specified in {where}: terraform validate fails until one "
        "is set.",
        lacking.type_range,
        block,
        f"{where} needs one of {listed}",
        fix=f"Set one of {listed}.",
    )


def _unknown_of(kind: Type | None) -> Value | None:
    """A value validate knows only the type of (None for `any`)."""
    if kind is None or kind.kind == "dynamic":
        return None
    if kind.is_primitive:
        return Value(kind.kind, known=False)
    if kind.kind in ("list", "set", "map"):
        return Value(kind.kind, known=False, element=_unknown_of(kind.element))
    if kind.kind == "object":
        members = {name: _unknown_of(member) for name, member in kind.attributes}
        return Value("object", attributes=members)
    return Value("tuple", items=tuple(_unknown_of(member) for member in kind.elements))


def _iterators(top: Block) -> set[str]:
    """The iterator names of the `dynamic` blocks in a block (their label, or `iterator`)."""
    names = set()
    for block in top.walk_blocks():
        if block.type == "dynamic" and block.labels:
            iterator = block.body.get("iterator")
            named = iterator.root if isinstance(iterator, Traversal) else None
            names.add(named or block.labels[0])
    return names


def _broken_lines(documents: list[HclDocument]) -> dict[str, list[int]]:
    lines: dict[str, list[int]] = {}
    for document in documents:
        for error in document.errors:
            lines.setdefault(document.file.path, []).append(error.range.start_line)
    return lines


_NO_NAMES: frozenset[str] = frozenset()


@record
class _Scope:
    """Where a body sits: its top-level block, its path, and which meta-arguments apply;
    with what every argument's check needs of the top-level block, worked out once."""

    top: Block
    type_name: str
    path: tuple[str, ...]
    level: str  # "resource", "data", "provider" or "nested"
    meta: frozenset[str]  # the meta-arguments taken here, META_ARGUMENTS of the level
    typer: Typer  # types the variables and splats in the block by their declarations
    # what the schema that lends deprecations deprecates in the type (None: not borrowed)
    borrowed: frozenset[tuple[str, ...]] | None

    def child(self, name: str) -> _Scope:
        path = (*self.path, name)
        return _Scope(
            self.top, self.type_name, path, "nested", _NO_NAMES, self.typer, self.borrowed
        )

    def where(self, name: str) -> str:
        return ".".join((self.type_name, *self.path, name))

    def subject(self, name: str) -> tuple[str, str, tuple[str, ...], str]:
        key = "" if self.top.type == "provider" else self.top.labels[0]
        return (self.top.type, key, self.path, name)

    @property
    def inside(self) -> str:
        """`aws_s3_bucket` or `aws_s3_bucket.replica`: what a message says it is in."""
        return ".".join((self.type_name, *self.path))


class _Checker:
    def __init__(
        self,
        schema: ProviderSchema,
        configuration: Configuration,
        references: References,
        documents: list[HclDocument],
    ) -> None:
        self.schema = schema
        self.configuration = configuration
        self.references = references
        self.broken = _broken_lines(documents)
        self.others = [v for v in known_versions("aws") if v.version != schema.version]
        # where a schema without deprecation data borrows them (another version's index
        # is read only then)
        self.deprecations = (
            None
            if schema.schema.has_deprecations
            else newest_carrying(lambda v: v.has_deprecations)
        )

    def run(self) -> Iterator[Problem]:
        for problem in self._problems():
            yield self._for_older_pin(self._with_version_note(problem))

    def _for_older_pin(self, problem: Problem) -> Problem:
        """An answer pinned below every schema tfjudge has (`~> 3.38`), or to a release it
        has no schema of (`~> 6.12.0`), gets a provider whose schema tfjudge cannot see: the
        problem may not be one there, and says so."""
        choice = self.schema.choice
        if choice is None or not (choice.pins_older or choice.stand_in):
            return problem
        if _meta_argument_nested(problem):
            return problem  # terraform's own, in a nested block: wrong in every release
        if choice.pins_older:
            judged = f"{self.schema.version}, the oldest AWS provider schema tfjudge has"
        else:
            judged = f"{self.schema.version}, standing in for the release the pins select"
        pin = choice.describe_pin()
        note = f" (judged against {judged}; this answer {pin}, whose schema may differ.)"
        return replace(problem, message=problem.message + note, uncertain=True)

    def _problems(self) -> Iterator[Problem]:
        for block in self.configuration.all_blocks():
            if self._is_broken(block):
                continue
            if block.type in ("resource", "data") and not self.schema.judges(block):
                missing = self._without_aws_prefix(block)
                if missing is not None:
                    yield missing
                continue
            if block.type not in META_ARGUMENTS or not self.schema.judges(block):
                continue
            if block.type == "provider" and not self.schema.used(block):
                continue  # terraform validates only the configurations something uses
            yield from self._check_top(block)
        for module in self.configuration.modules.values():
            yield from self._check_references(module)

    def _is_broken(self, block: Block) -> bool:
        lines = self.broken.get(block.range.file)
        if not lines:
            return False  # the common case: the file parsed without error
        return any(block.range.start_line <= line <= block.range.end_line for line in lines)

    # -- blocks ---------------------------------------------------------------------

    def _check_top(self, block: Block) -> Iterator[Problem]:
        kind = block.type
        type_name = "provider" if kind == "provider" else block.labels[0]
        schema = self.schema.schema_of(block)
        if schema is None:
            yield self._unknown_type(block)
            return
        noun = {"resource": "resource type", "data": "data source"}.get(kind, "provider")
        deprecated, message = self._deprecation(
            (kind, "" if kind == "provider" else type_name, (), ""),
            schema.deprecated,
            schema.deprecation,
        )
        if deprecated:
            yield Problem(
                DEPRECATED,
                f"The {noun} {type_name} is deprecated. "
                f"{message or 'See the provider documentation.'}",
                block.label_ranges[0] if block.label_ranges else block.type_range,
                block,
                f"{type_name} is deprecated",
            )
        yield from self._check_body(block, block.body, schema, self._top_scope(block, type_name))
        if kind in ("resource", "data"):
            yield from self._check_combinations(block, type_name, schema)

    def _top_scope(self, block: Block, type_name: str) -> _Scope:
        kind = block.type
        borrowed = None
        if self.deprecations is not None:
            borrowed = self.deprecations.deprecated_paths(
                kind, "" if kind == "provider" else type_name
            )
        return _Scope(
            block,
            type_name if kind != "provider" else 'provider "aws"',
            (),
            kind,
            META_ARGUMENTS.get(kind, _NO_NAMES),
            lambda inner: self._typed_value(inner, block),
            borrowed,
        )

    # -- arguments that exclude or need each other ---------------------------------------

    def _check_combinations(
        self, block: Block, type_name: str, schema: BlockSchema
    ) -> Iterator[Problem]:
        rules = argument_rules(block.type, type_name)
        if rules is NO_RULES:
            return
        source = None
        if self.schema.version != SOURCE_VERSION:
            source = get_version(SOURCE_VERSION).schema(block.type, type_name)
            if source is None:
                return
        for violation in violations(block, rules):
            if source is None or _holds_in(violation, schema, source):
                yield _combination_problem(block, type_name, violation)

    def _without_aws_prefix(self, block: Block) -> Problem | None:
        """`resource "iam_role"` where `aws_iam_role` is an AWS type and nothing in the
        module declares or configures an `iam` provider: terraform init looks for a
        provider hashicorp/iam, which does not exist."""
        if len(block.labels) < 2 or "provider" in block.body.attributes:
            return None
        type_name = block.labels[0]
        local = type_name.split("_", 1)[0]
        if local == "aws" or not self.schema.schema.has_type(block.type, f"aws_{type_name}"):
            return None
        module = self.configuration.module_of(block)
        if local in provider_sources(module) or any(
            p.labels[:1] == (local,) for p in module.providers
        ):
            return None
        noun = "resource type" if block.type == "resource" else "data source"
        return Problem(
            UNKNOWN_TYPE,
            f'The {noun} "{type_name}" lacks its provider prefix: terraform takes "{local}" '
            f"for its provider, so init looks for hashicorp/{local} instead of the AWS "
            f"provider and fails. Did you mean aws_{type_name}?",
            block.label_ranges[0] if block.label_ranges else block.type_range,
            block,
            f"{type_name} is missing the aws_ prefix",
            fix=f'Write {block.type} "aws_{type_name}".',
            subject=(block.type, type_name, (), ""),
            aspect="type",
        )

    def _unknown_type(self, block: Block) -> Problem:
        kind, type_name = block.type, block.labels[0]
        names = self.schema.schema.type_names(kind)
        close = suggest(type_name, names, 3)
        noun = "resource type" if kind == "resource" else "data source"
        hint = f" Did you mean {_or(close)}?" if close else ""
        return Problem(
            UNKNOWN_TYPE,
            f"The provider hashicorp/aws {self.schema.version} does not support {noun} "
            f'"{type_name}".{hint}',
            block.label_ranges[0] if block.label_ranges else block.type_range,
            block,
            f"hashicorp/aws has no {noun} {type_name}",
            fix=f"Use {close[0]}." if close else None,
            subject=(kind, type_name, (), ""),
            aspect="type",
        )

    def _check_body(
        self, owner: Block, body: Body, schema: BlockSchema, scope: _Scope
    ) -> Iterator[Problem]:
        if schema.open:
            return
        yield from self._check_attributes(body, schema, scope)
        counts: dict[str, int] = {}
        dynamic: set[str] = set()
        for child in body.blocks:
            if child.type in META_BLOCKS.get(scope.level, ()):
                if child.type == "lifecycle":
                    yield from self._check_lifecycle(child, scope)
                continue
            if child.type == "dynamic":
                name = child.labels[0] if child.labels else None
                if name is not None:
                    dynamic.add(name)
                    yield from self._check_dynamic(child, name, schema, scope)
                continue
            count = counts[child.type] = counts.get(child.type, 0) + 1
            yield from self._check_child(child, count, schema, scope)
        yield from self._missing(owner, body, schema, scope, counts, dynamic)

    def _check_attributes(self, body: Body, schema: BlockSchema, scope: _Scope) -> list[Problem]:
        """The problems of a body's arguments. One loop, with the checks of a settable
        argument written in line: most arguments have no problem, and a call (or a
        generator) for each cost more than the checks."""
        found: list[Problem] = []
        known_attributes = schema.attributes
        meta, borrowed = scope.meta, scope.borrowed
        for attribute in body.attributes.values():
            name = attribute.name
            if name in meta:
                continue
            known = known_attributes.get(name)
            if known is None or not (known.required or known.optional):
                found.extend(self._not_settable(attribute, known, schema, scope))
                continue
            problem = self._conversion_error(attribute.expr, known.type, scope)
            if problem is not None:
                found.append(self._wrong_type(attribute, problem, scope))
            # a type without deprecated paths in the lending schema deprecates nothing
            if known.deprecated if borrowed is None else borrowed:
                deprecated, message = self._scope_deprecation(
                    scope, name, known.deprecated, known.deprecation
                )
                if deprecated:
                    found.append(
                        self._deprecated_argument(attribute.name_range, name, message, scope)
                    )
        return found

    def _conversion_error(self, expr: Expr, target: CtyType, scope: _Scope) -> str | None:
        if type(expr) is Literal:
            return literal_conversion_error(expr.value, target)
        if type(expr) is Traversal and expr.root != "var":
            return None  # validate knows nothing of a reference but a variable's type
        return conversion_error(static_value(expr, scope.typer), target)

    def _wrong_type(self, attribute: Attribute, problem: str, scope: _Scope) -> Problem:
        name = attribute.name
        return Problem(
            WRONG_TYPE,
            f'Inappropriate value for attribute "{name}": {problem}.',
            attribute.expr,
            scope.top,
            f"{scope.where(name)} has a value of the wrong type",
            name,
        )

    def _not_settable(
        self,
        attribute: Attribute,
        known: AttributeSchema | None,
        schema: BlockSchema,
        scope: _Scope,
    ) -> Sequence[Problem]:
        """The problem of an argument the schema has not, or has read-only."""
        if known is None:
            return (self._not_an_attribute(attribute, schema, scope),)
        name = attribute.name
        if self._may_be_null(attribute.expr, scope.top):
            return ()  # null leaves it unset: terraform rejects only a value
        return (
            Problem(
                UNKNOWN_ARGUMENT,
                f'Can\'t configure a value for "{name}": {scope.where(name)} is an attribute the '
                "provider computes (read-only), so terraform rejects a value for it.",
                attribute.name_range,
                scope.top,
                f"{scope.where(name)} is read-only",
                name,
                fix=f"Remove {name}; read it as {scope.type_name}.<name>.{name} instead.",
                subject=scope.subject(name),
                aspect="settable",
            ),
        )

    def _typed_value(self, expr: Expr, top: Block) -> Value | None:
        """What validate knows of a splat or a variable from the variable's declaration."""
        if isinstance(expr, Splat):
            return self._splat_value(expr, top)
        if isinstance(expr, Traversal):
            return _unknown_of(self._declared_type(expr, top))
        return None

    def _declared_type(self, expr: Expr, top: Block) -> Type | None:
        if not isinstance(expr, Traversal) or expr.root != "var":
            return None  # only a variable declares a type (no module to look up)
        return self.references.declared_type(self.configuration.module_of(top), expr)

    def _splat_value(self, splat: Splat, top: Block) -> Value | None:
        """`var.rules[*].cidr_blocks` as validate types it: a list of what the variable's
        declared type holds there (a list of lists of strings), when it declares one."""
        declared = self._declared_type(splat.source, top)
        if declared is None or declared.kind not in ("list", "set"):
            return None
        element: Type | None = declared.element
        for step in splat.each:
            if element is None or element.kind != "object" or not isinstance(step, GetAttr):
                return None
            element = element.attribute_types().get(step.name)
        return Value("list", known=False, element=_unknown_of(element))

    def _may_be_null(self, expr: Expr, top: Block) -> bool:
        """Whether the value may be null: `null`, a branch of a conditional that is, an
        input variable whose default is null (an optional setting a caller may leave out),
        or an element of what `for_each` goes over (`each.value.x`, a `dynamic` block's
        `iface.value.x`: optional attributes of the input's objects)."""
        if isinstance(expr, Traversal) and (expr.root == "each" or expr.root in _iterators(top)):
            return True
        if isinstance(expr, Literal):
            return expr.value is None
        if isinstance(expr, Conditional):
            return self._may_be_null(expr.true_value, top) or self._may_be_null(
                expr.false_value, top
            )
        if isinstance(expr, Traversal) and expr.root == "var" and len(expr.steps) == 1:
            module = self.configuration.module_of(top)
            name = expr.attr_names[0] if expr.attr_names else None
            for variable in module.variables:
                if variable.labels[:1] == (name,):
                    default = variable.body.get("default")
                    return isinstance(default, Literal) and default.value is None
        return False

    def _not_an_attribute(
        self, attribute: Attribute, schema: BlockSchema, scope: _Scope
    ) -> Problem:
        name = attribute.name
        if name in schema.blocks:
            return Problem(
                BLOCK_AS_ATTRIBUTE,
                f'An argument named "{name}" is not expected here: {scope.where(name)} is a '
                f"nested block; write it as a block, {name} {{ ... }}, without the equals sign.",
                attribute.name_range,
                scope.top,
                f"{scope.where(name)} is a block, written as an argument",
                name,
                fix=f"Write {name} {{ ... }} as a block.",
                subject=scope.subject(name),
                aspect="attribute",
            )
        settable = [n for n, a in schema.attributes.items() if a.settable]
        close = suggest(name, [*settable, *schema.blocks])
        hint = f' Did you mean "{close[0]}"?' if close else ""
        return Problem(
            UNKNOWN_ARGUMENT,
            f'An argument named "{name}" is not expected here: {scope.inside} has no '
            f"argument {name}.{hint}",
            attribute.name_range,
            scope.top,
            f"{scope.inside} has no argument {name}",
            name,
            fix=f"Use {close[0]}." if close else f"Remove {name}.",
            subject=scope.subject(name),
            aspect="settable",
        )

    def _check_child(
        self, child: Block, count: int, schema: BlockSchema, scope: _Scope
    ) -> Iterator[Problem]:
        name = child.type
        nested = schema.blocks.get(name)
        if nested is not None:
            at_most = 1 if nested.nesting == "single" else nested.max_items
            if at_most and count == at_most + 1:
                yield Problem(
                    TOO_MANY_BLOCKS,
                    f'No more than {at_most} "{name}" '
                    f"block{'s are' if at_most > 1 else ' is'} allowed in "
                    f"{scope.inside}.",
                    child.type_range,
                    scope.top,
                    f"Too many {name} blocks",
                    name,
                )
            deprecated, message = self._scope_deprecation(
                scope, name, nested.block.deprecated, nested.block.deprecation
            )
            if deprecated:
                yield self._deprecated_argument(child.type_range, name, message, scope)
            yield from self._check_body(child, child.body, nested.block, scope.child(name))
            return
        inner = schema.attribute_block(name)
        if inner is not None:
            # terraform's "attributes as blocks": `ingress { ... }` for a list of objects
            attribute = schema.attributes[name]
            deprecated, message = self._scope_deprecation(
                scope, name, attribute.deprecated, attribute.deprecation
            )
            if deprecated:
                yield self._deprecated_argument(child.type_range, name, message, scope)
            yield from self._check_body(child, child.body, inner, scope.child(name))
            return
        yield self._unknown_block(child.type_range, name, schema, scope)

    def _unknown_block(self, at: Range, name: str, schema: BlockSchema, scope: _Scope) -> Problem:
        if name in schema.attributes:
            return Problem(
                UNKNOWN_ARGUMENT,
                f'Blocks of type "{name}" are not expected here: {scope.where(name)} is an '
                f"argument, not a block. Write it with the equals sign: {name} = ...",
                at,
                scope.top,
                f"{scope.where(name)} is an argument, written as a block",
                name,
                fix=f"Write {name} = <value>.",
                subject=scope.subject(name),
                aspect="block",
            )
        close = suggest(name, schema.blocks)
        hint = f' Did you mean "{close[0]}"?' if close else ""
        return Problem(
            UNKNOWN_ARGUMENT,
            f'Blocks of type "{name}" are not expected here: {scope.inside} has no block '
            f"{name}.{hint}",
            at,
            scope.top,
            f"{scope.inside} has no block {name}",
            name,
            fix=f"Use {close[0]}." if close else f"Remove the {name} block.",
            subject=scope.subject(name),
            aspect="block",
        )

    def _check_dynamic(
        self, child: Block, name: str, schema: BlockSchema, scope: _Scope
    ) -> Iterator[Problem]:
        at = child.label_ranges[0] if child.label_ranges else child.type_range
        nested = schema.blocks.get(name)
        inner: BlockSchema | None = None
        if nested is not None:
            inner = nested.block
            deprecated, message = self._scope_deprecation(
                scope, name, inner.deprecated, inner.deprecation
            )
            if deprecated:
                yield self._deprecated_argument(at, name, message, scope)
        else:
            inner = schema.attribute_block(name)
        if inner is None:
            yield self._unknown_block(at, name, schema, scope)
            return
        for content in child.body.blocks_of("content"):
            yield from self._check_body(content, content.body, inner, scope.child(name))

    def _check_lifecycle(self, lifecycle: Block, scope: _Scope) -> Iterator[Problem]:
        allowed = LIFECYCLE_ARGUMENTS.get(scope.level, frozenset())
        for attribute in lifecycle.body.attributes.values():
            if attribute.name not in allowed:
                close = suggest(attribute.name, allowed)
                hint = f' Did you mean "{close[0]}"?' if close else ""
                yield Problem(
                    UNKNOWN_ARGUMENT,
                    f'An argument named "{attribute.name}" is not expected in a lifecycle '
                    f"block.{hint}",
                    attribute.name_range,
                    scope.top,
                    f"lifecycle has no argument {attribute.name}",
                    attribute.name,
                )
        for child in lifecycle.body.blocks:
            if child.type not in LIFECYCLE_BLOCKS:
                yield Problem(
                    UNKNOWN_ARGUMENT,
                    f'Blocks of type "{child.type}" are not expected in a lifecycle block.',
                    child.type_range,
                    scope.top,
                    f"lifecycle has no block {child.type}",
                    child.type,
                )

    def _missing(
        self,
        owner: Block,
        body: Body,
        schema: BlockSchema,
        scope: _Scope,
        counts: dict[str, int],
        dynamic: set[str],
    ) -> Iterator[Problem]:
        at = owner.type_range
        for attribute in schema.required_attributes():
            name = attribute.name
            if name in body.attributes or name in dynamic or counts.get(name):
                continue
            yield Problem(
                MISSING_REQUIRED,
                f'The argument "{name}" is required, but no definition was found in '
                f"{scope.inside}.",
                at,
                scope.top,
                f"{scope.inside} is missing the required argument {name}",
                name,
                fix=f"Add {name} = <value>.",
                subject=scope.subject(name),
                aspect="optional",
            )
        for nested in schema.required_blocks():
            if nested.name not in dynamic and counts.get(nested.name, 0) < nested.min_items:
                yield self._insufficient(nested, at, scope)

    def _insufficient(self, nested: NestedBlockSchema, at: Range, scope: _Scope) -> Problem:
        plural = "block is" if nested.min_items == 1 else "blocks are"
        return Problem(
            MISSING_REQUIRED,
            f'Insufficient {nested.name} blocks: at least {nested.min_items} "{nested.name}" '
            f"{plural} required in {scope.inside}.",
            at,
            scope.top,
            f"{scope.inside} is missing the required block {nested.name}",
            nested.name,
            fix=f"Add a {nested.name} {{ ... }} block.",
            subject=scope.subject(nested.name),
            aspect="optional",
        )

    def _deprecated_argument(self, at: Range, name: str, message: str, scope: _Scope) -> Problem:
        said = _without_name(message, name) or "See the provider documentation."
        return Problem(
            DEPRECATED,
            f"{scope.where(name)} is deprecated. {said}",
            at,
            scope.top,
            f"{scope.where(name)} is deprecated",
            name,
        )

    # -- the other provider versions -------------------------------------------------

    def _scope_deprecation(
        self, scope: _Scope, name: str, deprecated: bool, message: str
    ) -> tuple[bool, str]:
        """`_deprecation` of `name` in the scope, without making its subject when the
        scope already tells (the judged schema's own mark, or nothing borrowed there)."""
        if scope.borrowed is None:
            return deprecated, message
        if (*scope.path, name) not in scope.borrowed:
            return False, ""
        return self._deprecation(scope.subject(name), deprecated, message)

    def _deprecation(
        self, subject: tuple[str, str, tuple[str, ...], str], deprecated: bool, message: str
    ) -> tuple[bool, str]:
        """Whether the thing is deprecated, and the message.

        A schema without deprecation data (6.66.0, read from the npm package) borrows
        the newest schema that has it, for what both have, and says so.
        """
        if self.deprecations is None:  # the schema judged has its own, or none has any
            return deprecated, message
        kind, type_name, path, name = subject
        where = (*path, name) if name else path
        if where not in self.deprecations.deprecated_paths(kind, type_name):
            return False, ""
        found = _item(self.deprecations, subject)
        if found is None or not found.deprecated:
            return False, ""
        said = found.deprecation or "Refer to the provider documentation for details."
        return True, (
            f"{said} (deprecated in provider {self.deprecations.version}; the "
            f"{self.schema.version} schema tfjudge has carries no deprecations)"
        )

    def _with_version_note(self, problem: Problem) -> Problem:
        """The problem, saying so when another known provider version would accept it."""
        if problem.subject is None:
            return problem
        other = next((v for v in self.others if _fits(v, problem)), None)
        if other is None:
            return problem
        _, type_name, path, name = problem.subject
        owner = ".".join((type_name or 'provider "aws"', *path))
        judged = self.schema.version
        said = {
            "type": f"{type_name} exists in provider {other.version} but not in {judged}",
            "optional": f"{name} is required in {owner} in provider {judged} but not in "
            f"{other.version}",
            "read": f"{name} is an attribute of {owner} in provider {other.version} but not "
            f"in {judged}",
            "block": f"{name} is written as a block of {owner} in provider {other.version} "
            f"but not in {judged}",
        }.get(
            problem.aspect,
            f"{name} is an argument of {owner} in provider {other.version} but not in {judged}",
        )
        choice = self.schema.choice
        pin = f"; this answer {choice.describe_pin()}" if choice else ""
        hint = ""
        if choice and choice.pinned_major != other.major:
            hint = f' Pinning version = "~> {other.major}.0" would accept it.'
        return replace(
            problem,
            message=f"{problem.message} ({said}{pin}.){hint}",
            other_version=other.version,
        )

    # -- references -----------------------------------------------------------------

    def _check_references(self, module: Module) -> Iterator[Problem]:
        declared = {
            address: blocks[0]
            for address, blocks in module.by_address().items()
            if blocks[0].type in ("resource", "data")
        }
        roots = {address.partition(".")[0] for address in declared}  # types, and "data"
        for block in module.blocks:
            if self._is_broken(block):
                continue
            for expr in block.expressions():
                if isinstance(expr, Traversal) and expr.root in roots:
                    yield from self._check_reference(expr, block, declared)

    def _check_reference(
        self, expr: Traversal, user: Block, declared: dict[str, Block]
    ) -> Iterator[Problem]:
        steps = list(expr.steps)
        if expr.root == "data":
            names = _leading_names(steps, 2)
            if names is None:
                return
            address, rest = f"data.{names[0]}.{names[1]}", steps[2:]
        else:
            names = _leading_names(steps, 1)
            if names is None:
                return
            address, rest = f"{expr.root}.{names[0]}", steps[1:]
        target = declared.get(address)
        if target is None or not self.schema.judges(target):
            return
        schema = self.schema.schema_of(target)
        if schema is None:
            return
        repeated = "count" in target.body.attributes or "for_each" in target.body.attributes
        if repeated != bool(rest and isinstance(rest[0], Index)):
            return  # a missing or stray instance key: core's to report
        if repeated:
            rest = rest[1:]
        yield from self._read(expr, rest, schema, user, target)

    def _read(
        self,
        expr: Traversal,
        steps: list[GetAttr | Index],
        schema: BlockSchema,
        user: Block,
        target: Block,
    ) -> Iterator[Problem]:
        path: list[str] = []
        while steps and isinstance(steps[0], GetAttr):
            name = steps[0].name
            path.append(name)
            attribute = schema.attributes.get(name)
            if attribute is not None:
                deprecated, message = self._deprecation(
                    (target.type, target.labels[0], tuple(path[:-1]), name),
                    attribute.deprecated,
                    attribute.deprecation,
                )
                if deprecated:
                    yield self._deprecated_read(expr, path, message, user, target)
                wrong = traversal_error(attribute.type, steps[1:])
                if wrong is not None:
                    yield self._bad_step(expr, path, wrong, user, target)
                return
            nested = schema.blocks.get(name)
            if nested is None:
                yield self._unknown_read(expr, path, schema, user, target)
                return
            steps = steps[1:]
            if nested.block.open or not steps:
                return
            if nested.nesting == "set":
                yield self._bad_step(expr, path, (SET_BLOCK, _set_block(name)), user, target)
                return
            if nested.nesting in ("list", "map"):
                if not isinstance(steps[0], Index):
                    if nested.nesting == "list":
                        wrong = ("Invalid operation", _list_block(name))
                        yield self._bad_step(expr, path, wrong, user, target)
                    return
                steps = steps[1:]
            elif nested.nesting != "single":
                return
            schema = nested.block

    def _deprecated_read(
        self, expr: Traversal, path: list[str], message: str, user: Block, target: Block
    ) -> Problem:
        name = path[-1]
        address = block_address(target) or ""
        said = _without_name(message, name) or "Refer to the provider documentation for details."
        return Problem(
            DEPRECATED,
            f'The attribute "{name}" of {address} is deprecated. {said}',
            expr,
            user,
            f"{target.labels[0]}.{'.'.join(path)} is deprecated",
            name,
        )

    def _bad_step(
        self,
        expr: Traversal,
        path: list[str],
        wrong: tuple[str, str],
        user: Block,
        target: Block,
    ) -> Problem:
        summary, detail = wrong
        read = ".".join((block_address(target) or "", *path))
        return Problem(
            UNKNOWN_ATTRIBUTE,
            f"{summary}: {detail} (after {read})",
            expr,
            user,
            f"{target.labels[0]}.{'.'.join(path)} cannot be read that way",
            path[-1],
        )

    def _unknown_read(
        self, expr: Traversal, path: list[str], schema: BlockSchema, user: Block, target: Block
    ) -> Problem:
        name = path[-1]
        close = suggest(name, schema.names())
        hint = f' Did you mean "{close[0]}"?' if close else ""
        where = ".".join((target.labels[0], *path[:-1]))
        inside = ".".join((block_address(target) or "", *path[:-1]))
        return Problem(
            UNKNOWN_ATTRIBUTE,
            f'{inside} has no argument, nested block, or exported attribute named "{name}".{hint}',
            expr,
            user,
            f"{where} has no attribute {name}",
            name,
            fix=f"Use {close[0]}." if close else None,
            subject=(target.type, target.labels[0], tuple(path[:-1]), name),
            aspect="read",
        )


SET_BLOCK = "Cannot index a set value"
_SET_INDEX = (
    "Elements of a set are identified only by their value and don't have any separate index "
    "or key to select with, so it's only possible to perform operations across all elements "
    "of the set."
)


def _set_block(name: str) -> str:
    return (
        f'Block type "{name}" is represented by a set of objects, and set elements do not have '
        'addressable keys. To find elements matching specific criteria, use a "for" '
        'expression with an "if" clause.'
    )


def _list_block(name: str) -> str:
    return (
        f'Block type "{name}" is represented by a list of objects, so it must be indexed '
        f"using a numeric key, like .{name}[0]."
    )


def traversal_error(kind: CtyType, steps: list[GetAttr | Index]) -> tuple[str, str] | None:
    """HCL's complaint (summary, detail) when `steps` walk an unknown value of type `kind`
    where that type does not go: an attribute of a string, an index of a set."""
    for step in steps:
        if kind == "dynamic":
            return None
        if isinstance(kind, str):
            if isinstance(step, GetAttr):
                return (
                    "Unsupported attribute",
                    f"Can't access attributes on a primitive-typed value ({kind}).",
                )
            return "Invalid index", "This value does not have any indices."
        head, inner = kind[0], kind[1]
        if head in ("list", "set") and isinstance(step, GetAttr):
            return _attribute_of_collection(head, inner, step.name)
        if head == "set":
            return "Invalid index", _SET_INDEX
        if head == "object" and isinstance(step, GetAttr):
            if step.name not in inner:
                return (
                    "Unsupported attribute",
                    f'This object does not have an attribute named "{step.name}".',
                )
            kind = inner[step.name]
        elif head in ("list", "map") and _plain_key(step, numeric=head == "list"):
            kind = inner
        else:
            return None
    return None


def _attribute_of_collection(head: str, element: CtyType, name: str) -> tuple[str, str] | None:
    if isinstance(element, list) and element[0] == "object":
        if head == "set":
            return (
                "Unsupported attribute",
                "Can't access attributes on a set of objects. Did you mean to access an "
                "attribute across all elements of the set?",
            )
        return (
            "Unsupported attribute",
            f"Can't access attributes on a list of objects. Did you mean to access attribute "
            f'"{name}" for a specific element of the list, or across all elements of the list?',
        )
    if isinstance(element, str) and element != "dynamic":
        return "Unsupported attribute", "This value does not have any attributes."
    return None


def _plain_key(step: GetAttr | Index, numeric: bool) -> bool:
    """A map's `.name` or `["key"]`, a list's `[0]` or `[var.i]`: a step that only picks."""
    if isinstance(step, GetAttr):
        return not numeric
    key = step.key
    if isinstance(key, Literal):
        return isinstance(key.value, int | float) if numeric else isinstance(key.value, str)
    return True


def _leading_names(steps: list[GetAttr | Index], count: int) -> list[str] | None:
    if len(steps) < count or not all(isinstance(s, GetAttr) for s in steps[:count]):
        return None
    return [s.name for s in steps[:count] if isinstance(s, GetAttr)]


def _or(names: list[str]) -> str:
    quoted = [f'"{n}"' for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" or {quoted[-1]}"


def _without_name(message: str, name: str) -> str:
    """The provider's message without its opening "<name> is deprecated." (ours says it)."""
    opening = f"{name} is deprecated."
    return message[len(opening) :].strip() if message.startswith(opening) else message


def _fits(version: SchemaVersion, problem: Problem) -> bool:
    """Whether `version`'s schema has what the problem says the judged one lacks."""
    assert problem.subject is not None
    kind, type_name, path, name = problem.subject
    schema = version.provider_config() if kind == "provider" else version.schema(kind, type_name)
    if problem.aspect == "type" or schema is None:
        return schema is not None and problem.aspect == "type"
    for step in path:
        nested = schema.blocks.get(step)
        if nested is None:
            return False
        schema = nested.block
    attribute = schema.attributes.get(name)
    if problem.aspect == "settable":
        return (attribute is not None and attribute.settable) or name in schema.blocks
    if problem.aspect == "attribute":
        return attribute is not None and attribute.settable
    if problem.aspect == "block":
        return name in schema.blocks or bool(attribute and attribute.object_collection)
    if problem.aspect == "optional":
        return not (attribute is not None and attribute.required) and not (
            name in schema.blocks and schema.blocks[name].min_items
        )
    return attribute is not None or name in schema.blocks  # "read"


def _item(
    version: SchemaVersion, subject: tuple[str, str, tuple[str, ...], str]
) -> AttributeSchema | BlockSchema | None:
    """The attribute, nested block or type that `subject` names in `version`'s schema."""
    kind, type_name, path, name = subject
    schema = version.provider_config() if kind == "provider" else version.schema(kind, type_name)
    for step in path:
        if schema is None or step not in schema.blocks:
            return None
        schema = schema.blocks[step].block
    if schema is None or not name:
        return schema
    if name in schema.attributes:
        return schema.attributes[name]
    return schema.blocks[name].block if name in schema.blocks else None
