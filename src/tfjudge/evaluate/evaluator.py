"""The Evaluator fact: instances of blocks and the values of their expressions.

Module instances (`ModuleContext`) come from the calling module blocks (one per caller
instance when the call has `count` or `for_each`); block instances (`Instance`) from
`count`/`for_each` in their module instance. Named values are computed on demand and
memoized: variables (caller argument, `terraform.tfvars`/`*.auto.tfvars`, default,
converted to the declared type), locals (dependency order falls out of the recursion; a
cycle is unknown), resource and data attributes (the configured value of a top-level
argument of the referenced instance; anything else is computed, so unknown), module
outputs (the child's output in that module instance).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tfjudge.evaluate.expressions import (
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
from tfjudge.evaluate.types import parse_type_constraint
from tfjudge.evaluate.values import (
    UNKNOWN,
    ConversionError,
    PartialString,
    TfMap,
    TfSet,
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
from tfjudge.parse.hcl.ast import Attribute, Block, Expr, FunctionCall, Traversal
from tfjudge.source import SourceFile

if TYPE_CHECKING:
    from tfjudge.rules.context import RuleContext

MAX_INSTANCES = 1024  # count/for_each beyond this expand to one unknown instance
MAX_CONTEXTS = 256  # module instances of one module
MAX_NESTING = 64  # named values (locals, variables, attributes) computed inside each other
_META_ARGUMENTS = {"count", "for_each", "depends_on", "provider", "lifecycle", "providers"}
_ALWAYS_COMPUTED = {"id", "arn"}


@dataclass(frozen=True, eq=False)
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


@dataclass(frozen=True, eq=False)
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


@dataclass(eq=False)
class _State:
    """Memoized named values of one module instance."""

    variables: dict[str, Value] = field(default_factory=dict)
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
        self.functions = FunctionTable(self.files)
        self.interpreter = Interpreter(self.functions, limits)
        self.workspace = workspace
        self._contexts: dict[int, list[ModuleContext]] = {}
        self._instances: dict[tuple[int, int], list[Instance]] = {}
        self._states: dict[int, _State] = {}
        self._scopes: dict[tuple[int, int], Scope] = {}
        # value cache: (id(expr), id(instance)) -> (value, expr, instance) (holding the two)
        self._values: dict[tuple[int, int], tuple[Any, Expr, Instance | None]] = {}
        self._keep: list[Any] = []
        self._nesting = 0
        self._file_module = {
            document.file.path: module
            for module in configuration.modules.values()
            for document in module.documents
        }
        if sys.getrecursionlimit() < 4000:
            sys.setrecursionlimit(4000)

    # -- public API ------------------------------------------------------------------------

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

    def _scope(self, context: ModuleContext, instance: Instance | None) -> Scope:
        key = (id(context), id(instance))
        scope = self._scopes.get(key)
        if scope is None:
            resolver = _Resolver(self, context, instance)
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
                value = convert(value, _NUMBER)
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
        return value

    def _variable_value(self, context: ModuleContext, name: str) -> Value:
        module = context.module
        declaration = self.references.declaration(module, f"var.{name}")
        if not isinstance(declaration, Block):
            return UNKNOWN
        value: Value = UNKNOWN
        given = False
        if context.caller is not None and context.parent is not None:
            argument = context.caller.body.attributes.get(name)
            if argument is not None:
                scope = self._scope(context.parent, context.caller_instance)
                value = self.interpreter.eval(argument.expr, scope)
                given = True
        elif module.is_root:
            tfvars = self._tfvars(module).get(name)
            if tfvars is not None:
                value = self.interpreter.eval(tfvars.expr, Scope(None))
                given = True
        nullable = declaration.body.get("nullable")
        not_nullable = nullable is not None and _literal(nullable) is False
        if (
            not given or (value is None and not_nullable)
        ) and "default" in declaration.body.attributes:
            default = declaration.body.attributes["default"].expr
            value = self.interpreter.eval(default, Scope(None))
        elif not given:
            return UNKNOWN
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
        return LazyObject(lambda name: self._configured(instance, name))

    def _module_object(self, instance: Instance) -> Value:
        child = self._child_context(instance)
        if child is None:
            return UNKNOWN
        return LazyObject(lambda name: self._output(child, name))

    def _child_context(self, instance: Instance) -> ModuleContext | None:
        for module in self.configuration.modules.values():
            if any(caller is instance.block for caller in module.callers):
                for context in self.contexts(module):
                    if context.caller_instance is not None and _same_instance(
                        context.caller_instance, instance
                    ):
                        return context
        return None


def _same_instance(a: Instance, b: Instance) -> bool:
    return a.block is b.block and a.context is b.context and a.key == b.key and a.known == b.known


def _top(block: Block) -> Block:
    while block.parent is not None:
        block = block.parent
    return block


def _literal(expr: Expr) -> Any:
    from tfjudge.parse.hcl.ast import Literal

    return expr.value if isinstance(expr, Literal) else None


def is_wholly_known_keys(value: Value) -> bool:
    if isinstance(value, dict):
        return True
    if isinstance(value, TfSet):
        return is_wholly_known(value)
    return False


from tfjudge.evaluate.values import NUMBER as _NUMBER  # noqa: E402


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
            module_path = context.module.directory or "."
            root_path = "."
            return {
                "module": _relative(module_path, self._root_dir()),
                "root": root_path,
                "cwd": UNKNOWN,
            }, 0
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

    def _root_dir(self) -> str:
        return ""


def _relative(module_path: str, root: str) -> str:
    return module_path


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


def iter_instances(evaluator: Evaluator, blocks: Sequence[Block]) -> Iterator[Instance]:
    for block in blocks:
        yield from evaluator.instances(block)


@fact(Evaluator)
def _evaluator(ctx: RuleContext) -> Evaluator:
    return Evaluator(ctx.configuration, ctx.get(References), ctx.response.files)


__all__ = ["Evaluator", "Instance", "LocalValue", "ModuleContext"]
