"""The Evaluator fact: instances of blocks and the values of their expressions.

Module instances (`ModuleContext`) come from the calling module blocks (one per caller
instance when the call has `count` or `for_each`); block instances (`Instance`) from
`count`/`for_each` in their module instance. Named values are computed on demand and
memoized: variables (caller argument, `terraform.tfvars`/`*.auto.tfvars`, default,
converted to the declared type), locals (dependency order falls out of the recursion; a
cycle is unknown), resource and data attributes (the configured value of a top-level
argument of the referenced instance; anything else is computed, so unknown; every
attribute of a data source is unknown), module outputs (the child's output in that
module instance).
"""

from __future__ import annotations

import json
import sys
import typing
import weakref
from collections.abc import Callable, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Any

from tfjudge.evaluate.expressions import (
    INTERPOLATION_ERROR,
    EvalError,
    Interpreter,
    LazyObject,
    LimitExceeded,
    Limits,
    Scope,
    UnknownResult,
)
from tfjudge.evaluate.files import FileStore
from tfjudge.evaluate.functions import FunctionTable
from tfjudge.evaluate.numbers import Num, NumberError
from tfjudge.evaluate.references import References
from tfjudge.evaluate.types import parse_type_constraint, type_at, variable_type
from tfjudge.evaluate.values import (
    NUMBER,
    UNKNOWN,
    ConversionError,
    PartialString,
    TfMap,
    TfSet,
    Type,
    Unknown,
    Value,
    convert,
    export,
    is_wholly_known,
    partial,
    sorted_items,
)
from tfjudge.facts import fact
from tfjudge.model.config import Configuration, LocalValue, Module
from tfjudge.parse.hcl.ast import (
    Attribute,
    Block,
    Expr,
    FunctionCall,
    GetAttr,
    Index,
    Literal,
    RelativeTraversal,
    Splat,
    Step,
    Template,
    Traversal,
)
from tfjudge.records import record
from tfjudge.source import Range, SourceFile

if TYPE_CHECKING:
    from tfjudge.rules.context import RuleContext

MAX_INSTANCES = 1024  # count/for_each beyond this expand to one unknown instance
MAX_CONTEXTS = 256  # module instances of one module
MAX_MODULE_DEPTH = 32  # module calls followed up to the root (recursive calls end there)
MAX_NESTING = 64  # named values (locals, variables, attributes) computed inside each other
_META_ARGUMENTS = {"count", "for_each", "depends_on", "provider", "lifecycle", "providers"}
_ALWAYS_COMPUTED = {"id", "arn"}


@record(frozen=True, eq=False)
class ValueSource:
    """Where a variable's value is written: the module call's argument, the values file's
    entry or the declaration's default."""

    attribute: Attribute
    kind: typing.Literal["argument", "values", "default"]


@record(frozen=True, eq=False)
class Refusal:
    """A value of a variable that one of its validations refuses: `condition` is false."""

    context: ModuleContext
    variable: Block
    validation: Block
    value: Value
    source: ValueSource | None


@record(frozen=True, eq=False)
class ModuleContext:
    """One instance of a module: the root, or a child through one caller instance."""

    module: Module
    caller: Block | None = None
    caller_instance: Instance | None = None
    parent: ModuleContext | None = None

    def __repr__(self) -> str:
        return f"ModuleContext({self.address or 'root'})"

    @property
    def address(self) -> str:
        """`module.app["a"].module.db` (empty for the root module)."""
        if self.caller_instance is None:
            return ""
        return self.caller_instance.address

    @property
    def known(self) -> bool:
        context: ModuleContext | None = self
        while context is not None:
            if context.caller_instance is not None and not context.caller_instance.known:
                return False
            context = context.parent
        return True


@record(frozen=True, eq=False)
class Instance:
    """One instance of a block: `key` is None, a count index (int) or a for_each key (str).

    `known` is False when `count`/`for_each` could not be evaluated: the block then has
    this one instance, whose key, `each.*` and `count.index` are UNKNOWN.
    """

    block: Block
    context: ModuleContext
    key: Any = None
    each_value: Any = None
    known: bool = True
    expanded: str | None = None  # "count", "for_each" or None

    def __repr__(self) -> str:
        return f"Instance({self.address})"

    @property
    def address(self) -> str:
        from tfjudge.model.config import block_address

        base = block_address(self.block) or self.block.type
        prefix = self.context.address
        text = f"{prefix}.{base}" if prefix else base
        if self.expanded is None:
            return text
        if not self.known:
            return f"{text}[?]"
        if isinstance(self.key, str):
            return f"{text}[{json.dumps(self.key)}]"
        return f"{text}[{self.key}]"

    def names(self) -> dict[str, Value]:
        """`each` and `count` as the instance's expressions see them."""
        if self.expanded == "for_each":
            if not self.known:
                return {"each": {"key": UNKNOWN, "value": UNKNOWN}}
            return {"each": {"key": self.key, "value": self.each_value}}
        if self.expanded == "count":
            index = Num.from_int(self.key) if self.known else UNKNOWN
            return {"count": {"index": index}}
        return {}


@record(frozen=True, eq=False)
class NestedBlock:
    """One nested block of an instance, static or generated by a `dynamic` block.

    `block` holds the arguments (the nested block itself, or the `content` block of a
    `dynamic` one); `names` binds the `dynamic` iterator (`ingress.value`); `known` is
    False for the one placeholder of a `dynamic` block whose `for_each` is unknown.
    """

    block: Block
    instance: Instance | None
    names: dict[str, Any] = field(default_factory=dict)
    known: bool = True
    type: str = ""

    def __repr__(self) -> str:
        return f"NestedBlock({self.type})"


@record(eq=False)
class _State:
    """Memoized named values of one module instance."""

    variables: dict[str, Value] = field(default_factory=dict)
    sources: dict[str, ValueSource] = field(default_factory=dict)
    locals: dict[str, Value] = field(default_factory=dict)
    attributes: dict[tuple[int, Any, str], Value] = field(default_factory=dict)
    outputs: dict[tuple[str, str], Value] = field(default_factory=dict)
    in_progress: set[Any] = field(default_factory=set)


class Evaluator:
    """Values of the configuration's expressions, per instance, with UNKNOWN for the rest.

    Values are exported for rules: numbers as int/float, collections as list/dict,
    `UNKNOWN` and `PartialString` where values are not known before apply.
    """

    def __init__(
        self,
        configuration: Configuration,
        references: References,
        files: Sequence[SourceFile] = (),
        limits: Limits | None = None,
        workspace: str = "default",
    ) -> None:
        self.configuration = configuration
        self.references = references
        roots = sorted({d.file.directory for d in configuration.root.documents})
        self.files = FileStore(files, roots)
        # the directory of the root module's files (the one most of them are in)
        directories = [d.file.directory for d in configuration.root.documents]
        self._root_directory = max(roots, key=directories.count) if roots else ""
        self.functions = FunctionTable(self.files)
        self.interpreter = Interpreter(self.functions, limits)
        # What the scopes and lazy objects this evaluator caches hold instead of itself: a
        # strong link back would make every analysis a cycle only the collector frees.
        self._weak: Evaluator = weakref.proxy(self)
        self.workspace = workspace
        self._contexts: dict[int, list[ModuleContext]] = {}
        self._instances: dict[tuple[int, int], list[Instance]] = {}
        # a variable's default, converted to its type: the same in every module instance
        self._defaults: dict[int, Value] = {}
        self._refusals: list[Refusal] = []
        self._states: dict[int, _State] = {}
        self._scopes: dict[tuple[int, int], Scope] = {}
        # value cache: (id(expr), id(instance)) -> (value, expr, instance) (holding the two)
        self._values: dict[tuple[int, int], tuple[Any, Expr, Instance | None]] = {}
        self._keep: list[Any] = []
        self._nesting = 0
        self._located_errors: list[tuple[Range, str]] | None = None
        self._may_fail_cache: dict[int, bool] = {}  # by id of an expression the configuration holds
        self._file_module = {
            document.file.path: module
            for module in configuration.modules.values()
            for document in module.documents
        }
        if sys.getrecursionlimit() < 4000:
            sys.setrecursionlimit(4000)

    # -- public API ------------------------------------------------------------------------

    def module_path(self, module: Module) -> str:
        """`path.module`: "." for the top module, else the module's directory from the
        top's (also for a module no one calls: an example's own root reads its files there)."""
        if module is self.configuration.root or not module.directory:
            return "."
        root = self._root_directory
        if root and module.directory.startswith(root + "/"):
            return module.directory[len(root) + 1 :]
        return module.directory

    def module_of(self, expr_or_block: Expr | Block) -> Module:
        if isinstance(expr_or_block, Block):
            return self.configuration.module_of(expr_or_block)
        module = self._file_module.get(expr_or_block.range.file)
        return module if module is not None else self.configuration.root

    def contexts(self, module: Module) -> list[ModuleContext]:
        """The instances of a module: one for the root, one per caller instance otherwise."""
        key = id(module)
        if key in self._contexts:
            return self._contexts[key]
        self._contexts[key] = [ModuleContext(module)]  # guards against recursive modules
        contexts: list[ModuleContext] = []
        if module.is_root:
            contexts = [ModuleContext(module)]
        else:
            for caller in module.callers:
                parent_module = self.configuration.module_of(caller)
                for parent in self.contexts(parent_module):
                    for instance in self._expand(caller, parent):
                        contexts.append(ModuleContext(module, caller, instance, parent))
            if not contexts or len(contexts) > MAX_CONTEXTS:
                contexts = [ModuleContext(module)]
        self._contexts[key] = contexts
        return contexts

    def instantiated(self, module: Module) -> bool:
        """Whether terraform creates any instance of `module`: false only when every call of
        it (or of a module on the way from the root) has no instance (`count = 0`, an
        empty `for_each`), as worked out from the configuration."""
        return self._instantiated(module, 0)

    def _instantiated(self, module: Module, depth: int) -> bool:
        if module.is_root or not module.callers or depth > MAX_MODULE_DEPTH:
            return True
        return any(
            self.instances(caller)
            and self._instantiated(self.configuration.module_of(caller), depth + 1)
            for caller in module.callers
        )

    def instances(self, block: Block) -> list[Instance]:
        """Every instance of a top-level block, in every instance of its module."""
        module = self.configuration.module_of(block)
        found: list[Instance] = []
        for context in self.contexts(module):
            found.extend(self._expand(block, context))
        return found

    def evaluate(
        self,
        expr: Expr,
        instance: Instance | None = None,
        names: dict[str, Any] | None = None,
    ) -> Any:
        """The value of `expr` in the scope of `instance` (or its module's first instance)."""
        if type(expr) is Literal and isinstance(expr.value, (str, bool)):
            return expr.value  # the most common argument: nothing to evaluate
        if names:
            return export(self.raw(expr, instance, names))
        key = (id(expr), id(instance))
        cached = self._values.get(key)
        if cached is None:
            cached = self._values[key] = (export(self.raw(expr, instance)), expr, instance)
        return cached[0]

    def raw(
        self, expr: Expr, instance: Instance | None = None, names: dict[str, Any] | None = None
    ) -> Value:
        """Like `evaluate`, but the evaluator's own values (`Num`, `TfList`, ...)."""
        context = instance.context if instance else self.contexts(self.module_of(expr))[0]
        scope = self._scope(context, instance)
        if names:
            from tfjudge.evaluate.values import to_internal

            scope = scope.child({k: to_internal(v) for k, v in names.items()})
        return self.interpreter.evaluate(expr, scope)

    def attribute(
        self, block: Block, path: str | Sequence[str], instance: Instance | None = None
    ) -> Any:
        """The value of an argument of a block, through nested blocks (`health_check.path`).

        The first nested block of each type on the path is used; an argument that is not
        set is None (null), as terraform treats it.
        """
        found = self.attribute_expr(block, path)
        if found is None:
            return None
        if instance is None:
            instances = self.instances(_top(block))
            instance = instances[0] if instances else None
        return self.evaluate(found.expr, instance)

    def attribute_values(
        self, block: Block, path: str | Sequence[str]
    ) -> list[tuple[Instance, Any]]:
        """(instance, value) for every instance of the block."""
        found = self.attribute_expr(block, path)
        return [
            (instance, self.evaluate(found.expr, instance) if found else None)
            for instance in self.instances(_top(block))
        ]

    def nested(
        self, parent: Block | NestedBlock, kind: str, instance: Instance | None = None
    ) -> list[NestedBlock]:
        """The `kind` blocks inside `parent` for one instance, `dynamic "kind"` expanded.

        `evaluator.nested(group, "ingress", instance)` lists every ingress rule of a
        security group instance, whether written out or generated by `dynamic "ingress"`.
        """
        if isinstance(parent, NestedBlock):
            body_block, names, instance = parent.block, dict(parent.names), parent.instance
        else:
            body_block, names = parent, {}
        found: list[NestedBlock] = []
        for child in body_block.body.blocks:
            if child.type == kind:
                found.append(NestedBlock(child, instance, names, type=kind))
            elif child.type == "dynamic" and child.labels[:1] == (kind,):
                found.extend(self._dynamic(child, kind, instance, names))
        return found

    def nested_value(self, nested: NestedBlock, name: str) -> Any:
        """The value of argument `name` of a nested block (None when it is not set)."""
        attribute = nested.block.body.attributes.get(name)
        if attribute is None:
            return None
        context = (
            nested.instance.context
            if nested.instance
            else self.contexts(self.module_of(nested.block))[0]
        )
        scope = self._scope(context, nested.instance)
        if nested.names:
            scope = scope.child(nested.names)
        return export(self.interpreter.evaluate(attribute.expr, scope))

    def _dynamic(
        self, block: Block, kind: str, instance: Instance | None, names: dict[str, Any]
    ) -> list[NestedBlock]:
        content = block.body.first_block("content")
        if content is None:
            return []
        iterator_expr = block.body.get("iterator")
        iterator = iterator_expr.root if isinstance(iterator_expr, Traversal) else kind
        for_each = block.body.get("for_each")
        collection: Value = UNKNOWN
        if for_each is not None:
            context = instance.context if instance else self.contexts(self.module_of(block))[0]
            scope = self._scope(context, instance)
            if names:
                scope = scope.child(names)
            collection = self.interpreter.evaluate(for_each, scope)
        if not isinstance(collection, (list, dict)) or not is_wholly_known_keys_or_list(collection):
            unknown = {**names, iterator: {"key": UNKNOWN, "value": UNKNOWN}}
            return [NestedBlock(content, instance, unknown, known=False, type=kind)]
        from tfjudge.evaluate.values import iterate

        return [
            NestedBlock(content, instance, {**names, iterator: {"key": k, "value": v}}, type=kind)
            for k, v in iterate(collection)
        ]

    def attribute_expr(self, block: Block, path: str | Sequence[str]) -> Attribute | None:
        names = path.split(".") if isinstance(path, str) else list(path)
        current: Block | None = block
        for nested in names[:-1]:
            if current is None:
                return None
            current = current.body.first_block(nested)
        if current is None:
            return None
        return current.body.attributes.get(names[-1])

    def variable(self, module: Module, name: str, instance: Instance | None = None) -> Any:
        context = instance.context if instance else self.contexts(module)[0]
        return export(self._variable(context, name))

    def local(self, module: Module, name: str, instance: Instance | None = None) -> Any:
        context = instance.context if instance else self.contexts(module)[0]
        return export(self._local(context, name))

    def output(self, module: Module, name: str, instance: Instance | None = None) -> Any:
        context = instance.context if instance else self.contexts(module)[0]
        return export(self._output(context, name))

    def document(self, expr: Expr, instance: Instance | None = None) -> Any:
        """A JSON document (IAM policy) as data: `jsonencode(x)` gives x, a JSON string or
        heredoc is decoded, interpolations that are unknown stay `UNKNOWN` or
        `PartialString` in the strings of the document. UNKNOWN when it is not JSON."""
        if isinstance(expr, FunctionCall) and expr.name == "jsonencode" and len(expr.args) == 1:
            return self.evaluate(expr.args[0], instance)
        value = self.raw(expr, instance)
        if isinstance(value, str):
            return export(_decode_json(value))
        if isinstance(value, PartialString):
            return export(_decode_partial_json(value))
        return UNKNOWN

    # -- scopes -----------------------------------------------------------------------------

    def index_errors(self) -> list[tuple[Range, str]]:
        """Every index terraform rejects while evaluating ("Invalid index"), once each."""
        return [e for e in self.located_errors() if not e[1].startswith(INTERPOLATION_ERROR)]

    def interpolation_errors(self) -> list[tuple[Range, str]]:
        """Every value terraform cannot include in a string template, once each."""
        return [e for e in self.located_errors() if e[1].startswith(INTERPOLATION_ERROR)]

    def located_errors(self) -> list[tuple[Range, str]]:
        """The errors terraform reports at a place while evaluating: an index it rejects
        ("Invalid index"), a value it cannot interpolate into a string.

        Evaluates, in every instance of every module, the expressions that index into
        something or interpolate: arguments of resources, data sources, module calls,
        providers and outputs (nested blocks and `dynamic` content included), and local
        values. Errors that `try()`/`can()` catch, or that sit in the branch of a
        conditional not taken, are not errors, as in terraform.
        """
        if self._located_errors is not None:
            return self._located_errors
        interpreter = self.interpreter
        found: list[tuple[Range, str]] = []
        interpreter.failures = found
        try:
            for module in self.configuration.modules.values():
                blocks = [
                    b
                    for b in self.references.active_blocks(module)
                    if b.type in _EVALUATED and _any_may_fail(b)
                ]
                for context in self.contexts(module):
                    if not context.known:
                        continue  # a module instance that may not exist
                    for block in blocks:
                        if block.type in ("locals", "output", "provider"):
                            self._evaluate_for_errors(block, context, None, {})
                            continue
                        for instance in _instances_to_evaluate(self._expand(block, context)):
                            self._evaluate_for_errors(block, context, instance, {})
        finally:
            interpreter.failures = None
        unique: dict[Range, str] = {}
        for where, message in found:
            unique.setdefault(where, message)
        self._located_errors = sorted(unique.items())
        return self._located_errors

    def _evaluate_for_errors(
        self,
        block: Block,
        context: ModuleContext,
        instance: Instance | None,
        names: dict[str, Any],
    ) -> None:
        scope = self._scope(context, instance)
        if names:
            scope = scope.child(names)
        for name, attribute in block.body.attributes.items():
            expr = attribute.expr
            # a literal, the commonest argument, neither indexes nor interpolates
            if type(expr) is not Literal and name not in _NOT_EVALUATED and self._may_fail(expr):
                self.interpreter.evaluate(expr, scope)
        for child in block.body.blocks:
            if child.type in _NOT_EVALUATED:
                continue
            if child.type == "dynamic" and child.labels:
                for nested in self._dynamic(child, child.labels[0], instance, names):
                    self._evaluate_for_errors(nested.block, context, instance, nested.names)
            else:
                self._evaluate_for_errors(child, context, instance, names)

    def _may_fail(self, expr: Expr) -> bool:
        """`_may_fail`, once per expression however many instances share it."""
        found = self._may_fail_cache.get(id(expr))
        if found is None:
            found = self._may_fail_cache[id(expr)] = _may_fail(expr)
        return found

    def _scope(self, context: ModuleContext, instance: Instance | None) -> Scope:
        key = (id(context), id(instance))
        scope = self._scopes.get(key)
        if scope is None:
            resolver = _Resolver(self._weak, context, instance)
            names = instance.names() if instance else {}
            scope = self._scopes[key] = Scope(resolver, names)
            self._keep.append((context, instance))  # keep the ids of the key alive
        return scope

    def _state(self, context: ModuleContext) -> _State:
        state = self._states.get(id(context))
        if state is None:
            state = self._states[id(context)] = _State()
        return state

    def _named(self, key: Any, context: ModuleContext, compute: Callable[[], Value]) -> Value:
        """Compute a named value once, isolated: its own limits; a cycle is UNKNOWN."""
        state = self._state(context)
        if key in state.in_progress:
            return UNKNOWN
        if self._nesting >= MAX_NESTING:
            return UNKNOWN
        state.in_progress.add(key)
        self._nesting += 1
        interpreter = self.interpreter
        saved = (interpreter._steps, interpreter._depth, interpreter._top)
        interpreter._steps = interpreter._depth = 0
        interpreter._top = 1
        try:
            return compute()
        except (EvalError, LimitExceeded, UnknownResult, ConversionError, NumberError):
            return UNKNOWN
        except RecursionError:
            return UNKNOWN
        finally:
            interpreter._steps, interpreter._depth, interpreter._top = saved
            self._nesting -= 1
            state.in_progress.discard(key)

    # -- expansion --------------------------------------------------------------------------

    def _expand(self, block: Block, context: ModuleContext) -> list[Instance]:
        key = (id(block), id(context))
        cached = self._instances.get(key)
        if cached is not None:
            return cached
        self._instances[key] = [Instance(block, context, known=False, expanded="count")]
        instances = self._expansion(block, context)
        self._instances[key] = instances
        return instances

    def _expansion(self, block: Block, context: ModuleContext) -> list[Instance]:
        count_attribute = block.body.attributes.get("count")
        for_each_attribute = block.body.attributes.get("for_each")
        if block.type not in ("resource", "data", "module", "ephemeral"):
            return [Instance(block, context)]
        scope = self._scope(context, None)
        if count_attribute is not None:
            value = self.interpreter.evaluate(count_attribute.expr, scope)
            return self._count_instances(block, context, value)
        if for_each_attribute is not None:
            value = self.interpreter.evaluate(for_each_attribute.expr, scope)
            return self._for_each_instances(block, context, value)
        return [Instance(block, context)]

    def _count_instances(
        self, block: Block, context: ModuleContext, value: Value
    ) -> list[Instance]:
        unknown = [Instance(block, context, known=False, expanded="count")]
        if isinstance(value, str):
            try:
                value = convert(value, NUMBER)
            except ConversionError:
                return unknown
        if not isinstance(value, Num):
            return unknown
        count = value.as_int()
        if count is None or count < 0 or count > MAX_INSTANCES:
            return unknown
        return [Instance(block, context, i, expanded="count") for i in range(count)]

    def _for_each_instances(
        self, block: Block, context: ModuleContext, value: Value
    ) -> list[Instance]:
        unknown = [Instance(block, context, known=False, expanded="for_each")]
        if not is_wholly_known_keys(value) or len(value) > MAX_INSTANCES:
            return unknown
        if isinstance(value, dict):
            return [
                Instance(block, context, k, v, expanded="for_each") for k, v in sorted_items(value)
            ]
        if isinstance(value, TfSet) and all(isinstance(v, str) for v in value):
            return [Instance(block, context, v, v, expanded="for_each") for v in value]
        return unknown

    # -- named values -----------------------------------------------------------------------

    def _variable(self, context: ModuleContext, name: str) -> Value:
        state = self._state(context)
        if name in state.variables:
            return state.variables[name]
        value = self._named(("var", name), context, lambda: self._variable_value(context, name))
        if ("var", name) not in state.in_progress:
            state.variables[name] = value
            if self._refused(context, name, value):
                state.variables[name] = value = UNKNOWN
        return value

    def _refused(self, context: ModuleContext, name: str, value: Value) -> bool:
        """Whether a validation of the variable is false for its value: terraform refuses
        it, so the value the user gives instead is not known here (a default of `[]` that a
        validation wants three subnets in is never used)."""
        if isinstance(value, Unknown):
            return False
        declaration = self.references.declaration(context.module, f"var.{name}")
        if not isinstance(declaration, Block):
            return False
        validations = declaration.body.blocks_of("validation")
        if not validations:
            return False
        scope = self._scope(context, None)
        failures, self.interpreter.failures = self.interpreter.failures, None
        try:
            for validation in validations:
                condition = validation.body.attributes.get("condition")
                if (
                    condition is not None
                    and self.interpreter.evaluate(condition.expr, scope) is False
                ):
                    source = self._state(context).sources.get(name)
                    refusal = Refusal(context, declaration, validation, value, source)
                    self._refusals.append(refusal)
                    return True
        finally:
            self.interpreter.failures = failures
        return False

    def refusals(self) -> list[Refusal]:
        """Every variable value a validation of the variable refuses, in every instance of
        every module (each variable is worked out for it)."""
        for module in self.configuration.modules.values():
            for context in self.contexts(module):
                for variable in module.variables:
                    if variable.labels and variable.body.blocks_of("validation"):
                        self._variable(context, variable.labels[0])
        return list(self._refusals)

    def _variable_value(self, context: ModuleContext, name: str) -> Value:
        module = context.module
        declaration = self.references.declaration(module, f"var.{name}")
        if not isinstance(declaration, Block):
            return UNKNOWN
        given = self._given(context, name)
        value: Value = UNKNOWN
        if given is not None:
            scope = Scope(None)
            if given.kind == "argument" and context.parent is not None:
                scope = self._scope(context.parent, context.caller_instance)
            value = self.interpreter.eval(given.attribute.expr, scope)
        nullable = declaration.body.get("nullable")
        not_nullable = nullable is not None and _literal(nullable) is False
        default = declaration.body.attributes.get("default")
        if (given is None or (value is None and not_nullable)) and default is not None:
            self._state(context).sources[name] = ValueSource(default, "default")
            return self._default(declaration)
        if given is None:
            return UNKNOWN
        self._state(context).sources[name] = given
        return self._typed(declaration, value)

    def _given(self, context: ModuleContext, name: str) -> ValueSource | None:
        """The value given to a variable: its module call's argument, or for the root the
        values files' entry."""
        if context.caller is not None and context.parent is not None:
            argument = context.caller.body.attributes.get(name)
            return None if argument is None else ValueSource(argument, "argument")
        if context.module.is_root:
            entry = self._tfvars(context.module).get(name)
            return None if entry is None else ValueSource(entry, "values")
        return None

    def _default(self, declaration: Block) -> Value:
        if id(declaration) not in self._defaults:
            default = declaration.body.attributes["default"].expr
            value = self.interpreter.eval(default, Scope(None))
            self._defaults[id(declaration)] = self._typed(declaration, value)
        return self._defaults[id(declaration)]

    def _typed(self, declaration: Block, value: Value) -> Value:
        constraint = declaration.body.get("type")
        if constraint is not None and not isinstance(value, Unknown):
            wanted = parse_type_constraint(constraint, self.interpreter)
            if wanted is None:
                return value
            try:
                return convert(value, wanted)
            except ConversionError:
                return UNKNOWN
        return value

    def _tfvars(self, module: Module) -> dict[str, Attribute]:
        ordered = sorted(
            module.tfvars,
            key=lambda d: (d.file.name != "terraform.tfvars", d.file.name, d.file.path),
        )
        values: dict[str, Attribute] = {}
        for document in ordered:
            values.update(document.body.attributes)
        return values

    def _local(self, context: ModuleContext, name: str) -> Value:
        def compute() -> Value:
            local = self.references.local(context.module, name)
            if local is None:
                return UNKNOWN
            return self.interpreter.eval(local.expr, self._scope(context, None))

        state = self._state(context)
        if name in state.locals:
            return state.locals[name]
        value = self._named(("local", name), context, compute)
        if ("local", name) not in state.in_progress:
            state.locals[name] = value
        return value

    def _output(self, context: ModuleContext, name: str) -> Value:
        def compute() -> Value:
            for block in self.references.active_blocks(context.module):
                if block.type == "output" and block.labels[:1] == (name,):
                    value = block.body.get("value")
                    if value is None:
                        return UNKNOWN
                    return self.interpreter.eval(value, self._scope(context, None))
            return UNKNOWN

        state = self._state(context)
        key = ("output", name)
        if key in state.outputs:
            return state.outputs[key]
        value = self._named(key, context, compute)
        if key not in state.in_progress:
            state.outputs[key] = value
        return value

    def _configured(self, instance: Instance, name: str) -> Value:
        """A resource or data instance's attribute: its configured value, else UNKNOWN."""
        block = instance.block
        if name in _ALWAYS_COMPUTED or name in _META_ARGUMENTS:
            return UNKNOWN
        attribute = block.body.attributes.get(name)
        if attribute is None:
            return UNKNOWN
        key = (id(block), instance.key, name)
        state = self._state(instance.context)
        if key in state.attributes:
            return state.attributes[key]

        def compute() -> Value:
            return self.interpreter.eval(attribute.expr, self._scope(instance.context, instance))

        value = self._named(("attr", key), instance.context, compute)
        if value is None:
            value = UNKNOWN  # null config of a computed attribute is known only after apply
        state.attributes[key] = value
        return value

    def _object_of(self, block: Block, context: ModuleContext) -> Value:
        """The value of `aws_x.y`: one object, a list (count) or a map (for_each)."""
        instances = self._expand(block, context)
        if len(instances) == 1 and instances[0].expanded is None:
            return self._instance_object(instances[0])
        if any(not i.known for i in instances):
            return UNKNOWN
        if (instances and instances[0].expanded == "for_each") or (
            not instances and block.body.attributes.get("for_each") is not None
        ):
            return {i.key: self._instance_object(i) for i in instances}
        return [self._instance_object(i) for i in instances]

    def _instance_object(self, instance: Instance) -> Value:
        if instance.block.type == "module":
            return self._module_object(instance)
        if instance.block.type != "resource":
            return LazyObject(lambda name: UNKNOWN)  # a data source is read at plan time
        evaluator = self._weak  # the object is cached here: a strong link back is a cycle
        return LazyObject(lambda name: evaluator._configured(instance, name))

    def _module_object(self, instance: Instance) -> Value:
        child = self._child_context(instance)
        if child is None:
            return UNKNOWN
        evaluator = self._weak
        return LazyObject(lambda name: evaluator._output(child, name))

    def _child_context(self, instance: Instance) -> ModuleContext | None:
        for module in self.configuration.modules.values():
            if any(caller is instance.block for caller in module.callers):
                for context in self.contexts(module):
                    if context.caller_instance is not None and _same_instance(
                        context.caller_instance, instance
                    ):
                        return context
        return None


# the top-level blocks whose expressions terraform evaluates (variables, checks, imports and
# the terraform block are evaluated otherwise or not at all), and what it never evaluates
_EVALUATED = {"resource", "data", "module", "output", "locals", "provider", "ephemeral"}
_NOT_EVALUATED = {"lifecycle", "provisioner", "connection", "depends_on", "provider"}


def _instances_to_evaluate(instances: list[Instance]) -> list[Instance]:
    """The known instances (else there may be no instance at all); only the first when the
    block never reads `count`, `each` or `self`: then every instance has the same values."""
    known = [instance for instance in instances if instance.known]
    if len(known) > 1 and not _reads_instance(known[0].block):
        return known[:1]
    return known


def _reads_instance(block: Block) -> bool:
    return any(
        type(node) is Traversal and node.root in _INSTANCE_ROOTS for node in block.expressions()
    )


_INSTANCE_ROOTS = frozenset({"count", "each", "self"})


def _may_fail(expr: Expr) -> bool:
    """Whether an expression indexes into anything (`x[k]`, `f(a)[0]`, `x[*].y[1]`) or
    interpolates into a string (`"apt-get install ${var.packages}"`): where evaluation
    fails with a place terraform names."""
    return any(map(_may_fail_here, expr.walk()))


def _any_may_fail(block: Block) -> bool:
    """Whether anything in the block indexes or interpolates: a block without either has no
    error of its own (one in a value it reads is found where that value is)."""
    return any(map(_may_fail_here, block.expressions()))


def _may_fail_here(node: Expr) -> bool:
    # exact type tests: the AST's classes have no subclasses, and this runs on every node
    kind = type(node)
    if kind is Traversal or kind is RelativeTraversal:
        steps: tuple[Step, ...] = node.steps  # type: ignore[attr-defined]
    elif kind is Splat:
        steps = node.each  # type: ignore[attr-defined]
    elif kind is Template:
        parts = node.parts  # type: ignore[attr-defined]
        return len(parts) > 1 and any(isinstance(p, Expr) for p in parts)
    else:
        return False
    return Index in map(type, steps)


def _same_instance(a: Instance, b: Instance) -> bool:
    return a.block is b.block and a.context is b.context and a.key == b.key and a.known == b.known


def _top(block: Block) -> Block:
    while block.parent is not None:
        block = block.parent
    return block


def _literal(expr: Expr) -> Any:
    from tfjudge.parse.hcl.ast import Literal

    return expr.value if isinstance(expr, Literal) else None


def is_wholly_known_keys_or_list(value: Value) -> bool:
    """A dynamic block's for_each: any known collection (its elements may be unknown)."""
    if isinstance(value, TfSet):
        return is_wholly_known(value)
    return isinstance(value, (list, dict))


def is_wholly_known_keys(value: Value) -> bool:
    if isinstance(value, dict):
        return True
    if isinstance(value, TfSet):
        return is_wholly_known(value)
    return False


class _Resolver:
    """The configuration's names as seen from one module instance (and block instance)."""

    def __init__(
        self, evaluator: Evaluator, context: ModuleContext, instance: Instance | None
    ) -> None:
        self.evaluator = evaluator
        self.context = context
        self.instance = instance

    def resolve(self, traversal: Traversal, scope: Scope) -> tuple[Value, int]:
        root = traversal.root
        names = traversal.attr_names
        evaluator = self.evaluator
        context = self.context
        if root == "var":
            return (evaluator._variable(context, names[0]), 1) if names else (UNKNOWN, 0)
        if root == "local":
            return (evaluator._local(context, names[0]), 1) if names else (UNKNOWN, 0)
        if root == "path":
            return {"module": evaluator.module_path(context.module), "root": ".", "cwd": UNKNOWN}, 0
        if root == "terraform":
            return {"workspace": evaluator.workspace}, 0
        if root == "self":
            if self.instance is None:
                return UNKNOWN, 0
            return evaluator._instance_object(self.instance), 0
        if root in ("each", "count"):
            return UNKNOWN, 0
        declarations = evaluator.references.declarations[context.module.directory].by_address
        if root == "module":
            if not names:
                return UNKNOWN, 0
            block = declarations.get(f"module.{names[0]}")
            if not isinstance(block, Block):
                return UNKNOWN, 1
            return evaluator._object_of(block, context), 1
        if root == "data":
            if len(names) < 2:
                return UNKNOWN, 0
            block = declarations.get(f"data.{names[0]}.{names[1]}")
            if not isinstance(block, Block):
                return UNKNOWN, 2
            return evaluator._object_of(block, context), 2
        if not names:
            return UNKNOWN, 0
        block = declarations.get(f"{root}.{names[0]}")
        if not isinstance(block, Block) or block.type != "resource":
            return UNKNOWN, 1
        return evaluator._object_of(block, context), 1

    def declared_type(self, traversal: Traversal) -> Type | None:
        steps = traversal.steps
        if traversal.root != "var" or not steps or not isinstance(steps[0], GetAttr):
            return None
        module = self.context.module
        declaration = self.evaluator.references.declaration(module, f"var.{steps[0].name}")
        if not isinstance(declaration, Block):
            return None
        return type_at(variable_type(declaration), steps[1:])


# -- JSON documents -----------------------------------------------------------------------

_PLACEHOLDER = "\x00tfjudge-unknown-{}\x00"


def _decode_json(text: str) -> Value:
    from tfjudge.evaluate.functions.encoding import json_decode

    try:
        return json_decode(text)
    except EvalError:
        return UNKNOWN


def _decode_partial_json(value: PartialString) -> Value:
    tokens: list[str] = []
    pieces: list[str] = []
    for part in value.parts:
        if isinstance(part, str):
            pieces.append(part)
        else:
            token = _PLACEHOLDER.format(len(tokens))
            tokens.append(token)
            pieces.append(token)
    decoded = _decode_json("".join(pieces).replace("\x00", "\\u0000"))
    if isinstance(decoded, Unknown):
        return UNKNOWN
    return _restore(decoded, [t.replace("\x00", "\u0000") for t in tokens])


def _restore(value: Value, tokens: list[str]) -> Value:
    if isinstance(value, str):
        if "\x00tfjudge-unknown-" not in value:
            return value
        return _split_placeholders(value)
    if isinstance(value, list):
        return type(value)(_restore(v, tokens) for v in value)
    if isinstance(value, dict):
        restored = {_key(k): _restore(v, tokens) for k, v in value.items()}
        if any(isinstance(k, Unknown) for k in restored):
            return UNKNOWN
        return type(value)(restored) if isinstance(value, TfMap) else restored
    return value


def _key(key: str) -> Any:
    return UNKNOWN if "\x00tfjudge-unknown-" in key else key


def _split_placeholders(text: str) -> Value:
    import re

    pieces: list[Any] = []
    for index, chunk in enumerate(re.split(r"\x00tfjudge-unknown-\d+\x00", text)):
        if index:
            pieces.append(UNKNOWN)
        pieces.append(chunk)
    return partial(pieces)


@fact(Evaluator)
def _evaluator(ctx: RuleContext) -> Evaluator:
    return Evaluator(ctx.configuration, ctx.get(References), ctx.response.files)


__all__ = ["Evaluator", "Instance", "LocalValue", "ModuleContext", "NestedBlock"]
