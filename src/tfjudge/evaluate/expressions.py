"""The HCL expression interpreter: one expression, one scope, one value.

Names that belong to the configuration (`var`, `local`, resources, modules, ...) are
answered by a `Resolver` (the `Evaluator` is one); iteration variables of for
expressions, `dynamic` blocks and template directives live in the `Scope` chain.

Terraform errors (`upper(null)`, an index out of range, an inconsistent conditional)
raise `EvalError` inside, which `try()` and `can()` catch and which the top level turns
into `UNKNOWN`. Running out of a limit raises `LimitExceeded`, which nothing but the top
level catches: a value that hit a limit is unknown, never a guess.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from tfjudge.evaluate.numbers import (
    Num,
    NumberError,
    add,
    compare,
    divide,
    literal_number,
    modulo,
    multiply,
    negate,
    parse_number,
    subtract,
)
from tfjudge.evaluate.values import (
    BOOL,
    NUMBER,
    STRING,
    UNKNOWN,
    ConversionError,
    PartialString,
    TfList,
    TfMap,
    TfSet,
    Type,
    Unknown,
    Value,
    convert,
    is_wholly_known,
    iterate,
    list_of,
    map_of,
    partial,
    set_of,
    type_of,
    unify_types,
    values_equal,
)
from tfjudge.parse.hcl.ast import (
    BinaryOp,
    Conditional,
    Expr,
    ForExpr,
    FunctionCall,
    GetAttr,
    InvalidExpr,
    Literal,
    ObjectExpr,
    RelativeTraversal,
    Splat,
    Step,
    Template,
    TemplateFor,
    TemplateIf,
    TemplatePart,
    Traversal,
    TupleExpr,
    UnaryOp,
)
from tfjudge.records import record

if TYPE_CHECKING:
    from tfjudge.evaluate.functions import FunctionTable
    from tfjudge.source import Range


INTERPOLATION_ERROR = "Invalid template interpolation value"


class EvalError(Exception):
    """An error terraform would report while evaluating (caught by try/can).

    `at` is where terraform reports it, when the interpreter knows (an index step).
    """

    def __init__(self, message: str = "", at: Range | None = None) -> None:
        super().__init__(message)
        self.at = at


class LimitExceeded(Exception):
    """A limit (depth, size, steps) was hit: the whole evaluation is unknown."""


class UnknownResult(Exception):
    """A function met an unknown value its result depends on: the result is unknown."""


@record(frozen=True, slots=True)
class Limits:
    """Bounds on evaluation work; past them a value is unknown, never an error."""

    depth: int = 100  # nested evaluations: expressions, locals, module outputs
    collection: int = 10_000  # elements of one collection
    string: int = 1_000_000  # characters of one string
    steps: int = 50_000  # expression nodes per top-level evaluation
    total_steps: int = 1_500_000  # expression nodes per analysis: then everything is unknown


class LazyObject(Unknown):
    """A resource, data source or module instance: attributes are looked up on demand.

    Anything but attribute access and indexing sees it as unknown.
    """

    __slots__ = ("getter",)
    getter: Callable[[str], Value]

    def __new__(cls, getter: Callable[[str], Value]) -> LazyObject:
        instance = object.__new__(cls)
        instance.getter = getter
        return instance

    def __init__(self, getter: Callable[[str], Value]) -> None:
        pass

    def attribute(self, name: str) -> Value:
        return self.getter(name)

    def __repr__(self) -> str:
        return "LazyObject"


class Resolver(Protocol):
    """Answers the configuration's names for one module instance."""

    def resolve(self, traversal: Traversal, scope: Scope) -> tuple[Value, int]:
        """The value of the traversal's root object and how many steps that used."""
        ...

    def declared_type(self, traversal: Traversal) -> Type | None:
        """The type a `var.x...` traversal has by the variable's type constraint."""
        ...


class Scope:
    """Names bound by for expressions, templates and blocks (`each`, `count`, `self`)."""

    __slots__ = ("names", "parent", "resolver")

    def __init__(
        self,
        resolver: Resolver | None,
        names: dict[str, Value] | None = None,
        parent: Scope | None = None,
    ) -> None:
        self.resolver = resolver
        self.names = names or {}
        self.parent = parent

    def child(self, names: dict[str, Value]) -> Scope:
        return Scope(self.resolver, names, self)

    def lookup(self, name: str) -> tuple[bool, Value]:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.names:
                return True, scope.names[name]
            scope = scope.parent
        return False, None


def known(value: Value) -> Any:
    """`value` if it is known; else the function computing with it has an unknown result."""
    if isinstance(value, (Unknown, PartialString)):
        raise UnknownResult
    return value


def wholly_known(value: Value) -> Any:
    if not is_wholly_known(value):
        raise UnknownResult
    return value


_ARITHMETIC: dict[str, Callable[[Num, Num], Num]] = {
    "+": add,
    "-": subtract,
    "*": multiply,
    "/": divide,
    "%": modulo,
}
_COMPARISON = {"<": (-1,), "<=": (-1, 0), ">": (1,), ">=": (1, 0)}


class Interpreter:
    """Evaluates expressions with a function table and limits; one per analysis."""

    def __init__(self, functions: FunctionTable, limits: Limits | None = None) -> None:
        self.functions = functions
        self.limits = limits or Limits()
        self._depth = 0
        self._steps = 0
        self._top = 0
        self.total_steps = 0
        self._max_steps = self.limits.steps
        self._max_total = self.limits.total_steps
        self._max_depth = self.limits.depth
        # while a list: the errors with a place that reach the top of an evaluation
        self.failures: list[tuple[Range, str]] | None = None

    # -- entry points ------------------------------------------------------------------

    def evaluate(self, expr: Expr, scope: Scope) -> Value:
        """The value of `expr`; UNKNOWN where terraform would fail or a limit is hit."""
        outermost = self._top == 0
        if outermost:
            self._steps = 0
        self._top += 1
        try:
            return self.eval(expr, scope)
        except EvalError as error:
            if self.failures is not None and error.at is not None:
                self.failures.append((error.at, str(error)))
            return UNKNOWN
        except (LimitExceeded, UnknownResult, ConversionError, NumberError):
            return UNKNOWN
        except RecursionError:
            return UNKNOWN
        finally:
            self._top -= 1

    def nested(self, action: Callable[[], Value]) -> Value:
        """Run `action` one level deeper (a local, a module output) within the limits."""
        self._depth += 1
        try:
            if self._depth > self.limits.depth:
                raise LimitExceeded("depth")
            return action()
        finally:
            self._depth -= 1

    # -- the interpreter ---------------------------------------------------------------

    def eval(self, expr: Expr, scope: Scope) -> Value:
        self._steps += 1
        self.total_steps += 1
        if self._steps > self._max_steps or self.total_steps > self._max_total:
            raise LimitExceeded("steps")
        handler = _HANDLERS.get(type(expr))
        if handler is None:
            return UNKNOWN
        if handler is _LITERAL:
            value = expr.value  # type: ignore[attr-defined]
            if value is None or type(value) is str or type(value) is bool:
                return value  # the commonest literals, without the call of _literal
            return self._literal(expr, scope)  # type: ignore[arg-type]
        self._depth += 1
        try:
            if self._depth > self._max_depth:
                raise LimitExceeded("depth")
            return handler(self, expr, scope)
        finally:
            self._depth -= 1

    def _literal(self, expr: Literal, scope: Scope) -> Value:
        value = expr.value
        if isinstance(value, bool) or value is None or isinstance(value, str):
            return value
        if isinstance(value, float):
            # the parser's float lost digits (and 1.0e400 is inf): read the literal again
            exact = parse_number(self._source_text(expr))
            if exact is not None:
                return exact
        return literal_number(value)

    def _source_text(self, expr: Expr) -> str:
        files = self.functions.files
        span = expr.range
        file = files.by_path.get(span.file) if files is not None else None
        if file is None or span.start_line != span.end_line:
            return ""
        line = file.line_text(span.start_line)
        return line[span.start_column - 1 : span.end_column - 1]

    def _template(self, expr: Template, scope: Scope) -> Value:
        parts = expr.parts
        if len(parts) == 1 and not isinstance(parts[0], (str, TemplateIf, TemplateFor)):
            # "${x}" alone is x itself, not its string form (HCL's TemplateWrapExpr)
            return self.eval(parts[0], scope)
        pieces: list[Any] = []
        self._template_parts(parts, scope, pieces)
        return self.check_string(partial(pieces))

    def _template_parts(
        self, parts: tuple[TemplatePart, ...], scope: Scope, out: list[Any]
    ) -> None:
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, TemplateIf):
                condition = self.eval(part.condition, scope)
                if isinstance(condition, (Unknown, PartialString)):
                    out.append(UNKNOWN)
                    continue
                chosen = self._to_bool(condition, "Invalid template directive condition")
                self._template_parts(part.true_parts if chosen else part.false_parts, scope, out)
            elif isinstance(part, TemplateFor):
                self._template_for(part, scope, out)
            else:
                value = self.eval(part, scope)
                try:
                    out.append(self._interpolation(value))
                except EvalError as error:
                    error.at = error.at or part.range
                    raise

    def _template_for(self, part: TemplateFor, scope: Scope, out: list[Any]) -> None:
        collection = self.eval(part.collection, scope)
        if isinstance(collection, Unknown):
            out.append(UNKNOWN)
            return
        if collection is None:
            raise EvalError("Invalid template for directive: the collection is null")
        if not isinstance(collection, (list, dict)):
            raise EvalError("Invalid template for directive: not a collection")
        for key, value in iterate(collection):
            names = {part.value_var: value}
            if part.key_var:
                names[part.key_var] = key
            self._template_parts(part.parts, scope.child(names), out)
            self.check_size(len(out))

    def _interpolation(self, value: Value) -> Any:
        if type(value) is str:
            return value  # what convert() to a string gives a string
        if isinstance(value, (Unknown, PartialString)):
            return value
        if value is None:
            raise EvalError(f"{INTERPOLATION_ERROR}: the expression result is null")
        try:
            return convert(value, STRING)
        except ConversionError as error:
            raise EvalError(
                f"{INTERPOLATION_ERROR}: Cannot include the given value in a string template: "
                f"{error}"
            ) from None

    def _traversal(self, expr: Traversal, scope: Scope) -> Value:
        found, value = scope.lookup(expr.root)
        steps: tuple[Step, ...] = expr.steps
        if not found:
            if scope.resolver is None:
                return UNKNOWN
            value, used = scope.resolver.resolve(expr, scope)
            steps = steps[used:]
        return self.apply_steps(value, steps, scope)

    def _relative(self, expr: RelativeTraversal, scope: Scope) -> Value:
        return self.apply_steps(self.eval(expr.source, scope), expr.steps, scope)

    def apply_steps(self, value: Value, steps: tuple[Step, ...], scope: Scope) -> Value:
        for step in steps:
            if isinstance(step, GetAttr):
                value = get_attribute(value, step.name)
                continue
            key = self.eval(step.key, scope)
            try:
                value = index_value(value, key)
            except EvalError as error:
                error.at = error.at or step.range
                raise
        return value

    def _splat(self, expr: Splat, scope: Scope) -> Value:
        source = self.eval(expr.source, scope)
        if isinstance(source, LazyObject):
            return [self.apply_steps(source, expr.each, scope)]
        if isinstance(source, Unknown):
            return UNKNOWN
        if source is None:
            return []
        if isinstance(source, (TfList, TfSet)):
            return TfList(self.apply_steps(item, expr.each, scope) for item in source)
        if isinstance(source, list):
            return [self.apply_steps(item, expr.each, scope) for item in source]
        return [self.apply_steps(source, expr.each, scope)]

    def _call(self, expr: FunctionCall, scope: Scope) -> Value:
        return self.functions.call(self, expr, scope)

    def _conditional(self, expr: Conditional, scope: Scope) -> Value:
        errors: list[EvalError | None] = [None, None]
        results: list[Value] = [UNKNOWN, UNKNOWN]
        for index, branch in enumerate((expr.true_value, expr.false_value)):
            try:
                results[index] = self.eval(branch, scope)
            except EvalError as error:
                # kept without its traceback: that holds this frame, which holds `errors`
                errors[index] = error.with_traceback(None)
        true_value, false_value = results
        condition = self.eval(expr.condition, scope)
        if condition is None:
            raise EvalError("Null condition: the condition value is null")
        if isinstance(condition, (Unknown, PartialString)):
            return UNKNOWN
        chosen = self._to_bool(condition, "Incorrect condition type")
        failure = errors[0 if chosen else 1]
        if failure is not None:
            try:
                raise failure
            finally:
                del failure, errors  # the raised error's traceback holds this frame
        result = true_value if chosen else false_value
        other = 1 if chosen else 0
        if errors[other] is not None or results[other] is None:
            branch = expr.false_value if chosen else expr.true_value
            return self._converted_to_declared(result, branch, scope)
        return _conditional_result(true_value, false_value, result)

    def _converted_to_declared(self, result: Value, other: Expr, scope: Scope) -> Value:
        """The chosen result when the other branch is null or fails here: HCL still unifies
        with that branch's type when it has one (a typed variable's null attribute, or
        `toset()` of one), so `c ? [24] : var.cidrs` is a list of strings."""
        declared = self._declared_type(other, scope)
        if declared is None or result is None or isinstance(result, (Unknown, PartialString)):
            return result
        own = type_of(result)
        if "unknown" in (own.kind, declared.kind) or "dynamic" in (own.kind, declared.kind):
            return result
        unified = unify_types([own, declared])
        if unified is None:
            return result
        try:
            return convert(result, unified)
        except ConversionError:
            return result

    def _declared_type(self, expr: Expr, scope: Scope) -> Type | None:
        if isinstance(expr, Traversal) and expr.root == "var" and scope.resolver is not None:
            return None if scope.lookup("var")[0] else scope.resolver.declared_type(expr)
        if isinstance(expr, FunctionCall) and len(expr.args) == 1 and expr.name in _COLLECTING:
            inner = self._declared_type(expr.args[0], scope)
            if inner is None or inner.element is None:
                return None
            return _COLLECTING[expr.name](inner.element)
        return None

    def _to_bool(self, value: Value, summary: str) -> bool:
        try:
            converted = convert(value, BOOL)
        except ConversionError:
            raise EvalError(f"{summary}: a bool is required") from None
        if isinstance(converted, Unknown):
            raise UnknownResult
        return bool(converted)

    def _binary(self, expr: BinaryOp, scope: Scope) -> Value:
        op = expr.op
        left = self.eval(expr.left, scope)
        right = self.eval(expr.right, scope)
        if op in ("==", "!="):
            equal = values_equal(left, right)
            if isinstance(equal, Unknown):
                return UNKNOWN
            return equal if op == "==" else not equal
        if op in ("&&", "||"):
            return self._logical(op, left, right)
        a = self._operand(left, NUMBER)
        b = self._operand(right, NUMBER)
        if isinstance(a, Unknown) or isinstance(b, Unknown):
            return UNKNOWN
        if op in _COMPARISON:
            return compare(a, b) in _COMPARISON[op]
        try:
            return _ARITHMETIC[op](a, b)
        except NumberError as error:
            raise EvalError(f"Error in operation: {error}") from None

    def _logical(self, op: str, left: Value, right: Value) -> Value:
        a = self._operand(left, BOOL)
        b = self._operand(right, BOOL)
        if isinstance(a, Unknown) or isinstance(b, Unknown):
            return UNKNOWN
        return (a and b) if op == "&&" else (a or b)

    def _operand(self, value: Value, wanted: Any) -> Any:
        if isinstance(value, (Unknown, PartialString)):
            return UNKNOWN
        if value is None:
            raise EvalError("Invalid operand: a null value cannot be used here")
        try:
            return convert(value, wanted)
        except ConversionError as error:
            raise EvalError(f"Invalid operand: {error}") from None

    def _unary(self, expr: UnaryOp, scope: Scope) -> Value:
        operand = self.eval(expr.operand, scope)
        if expr.op == "!":
            value = self._operand(operand, BOOL)
            return UNKNOWN if isinstance(value, Unknown) else not value
        value = self._operand(operand, NUMBER)
        return UNKNOWN if isinstance(value, Unknown) else negate(value)

    def _tuple(self, expr: TupleExpr, scope: Scope) -> Value:
        self.check_size(len(expr.items))
        return [self.eval(item, scope) for item in expr.items]

    def _object(self, expr: ObjectExpr, scope: Scope) -> Value:
        result: dict[str, Value] = {}
        unknown_key = False
        for item in expr.items:
            key = self.eval(item.key, scope)
            value = self.eval(item.value, scope)
            if type(key) is str:
                result[key] = value  # the commonest key: what convert() to a string gives
                continue
            if isinstance(key, (Unknown, PartialString)):
                unknown_key = True
                continue
            if key is None:
                raise EvalError("Invalid object key: the key expression produced a null value")
            try:
                name = convert(key, STRING)
            except ConversionError:
                raise EvalError("Incorrect key type: an object key must be a string") from None
            result[name] = value
        return UNKNOWN if unknown_key else result

    def _for(self, expr: ForExpr, scope: Scope) -> Value:
        collection = self.eval(expr.collection, scope)
        if isinstance(collection, Unknown):
            return UNKNOWN
        if collection is None:
            raise EvalError("Iteration over null value")
        if not isinstance(collection, (list, dict)):
            raise EvalError("Iteration over non-iterable value")
        if expr.is_object:
            return self._for_object(expr, collection, scope)
        items: list[Value] = []
        for key, value in iterate(collection):
            inner = self._for_scope(expr, scope, key, value)
            if not self._for_keeps(expr, inner):
                continue
            items.append(self.eval(expr.value, inner))
            self.check_size(len(items))
        return items

    def _for_scope(self, expr: ForExpr, scope: Scope, key: Value, value: Value) -> Scope:
        names = {expr.value_var: value}
        if expr.key_var:
            names[expr.key_var] = key
        return scope.child(names)

    def _for_keeps(self, expr: ForExpr, scope: Scope) -> bool:
        if expr.condition is None:
            return True
        condition = self.eval(expr.condition, scope)
        if isinstance(condition, (Unknown, PartialString)):
            raise UnknownResult
        if condition is None:
            raise EvalError("Condition is null")
        return self._to_bool(condition, "Invalid 'for' condition")

    def _for_object(self, expr: ForExpr, collection: Value, scope: Scope) -> Value:
        assert expr.key is not None
        result: dict[str, Value] = {}
        for key, value in iterate(collection):
            inner = self._for_scope(expr, scope, key, value)
            if not self._for_keeps(expr, inner):
                continue
            name = self.eval(expr.key, inner)
            item = self.eval(expr.value, inner)
            if isinstance(name, (Unknown, PartialString)):
                raise UnknownResult
            if name is None:
                raise EvalError("Invalid object key: key expression result is null")
            try:
                text = convert(name, STRING)
            except ConversionError:
                raise EvalError("Invalid object key: a string is required") from None
            if expr.grouping:
                result.setdefault(text, []).append(item)
            elif text in result:
                raise EvalError(f'Duplicate object key: two elements produced the key "{text}"')
            else:
                result[text] = item
            self.check_size(len(result))
        return result

    def _invalid(self, expr: InvalidExpr, scope: Scope) -> Value:
        return UNKNOWN

    # -- limits --------------------------------------------------------------------------

    def check_size(self, size: int) -> None:
        if size > self.limits.collection:
            raise LimitExceeded("collection")

    def check_string(self, value: Value) -> Value:
        if isinstance(value, str) and len(value) > self.limits.string:
            raise LimitExceeded("string")
        return value


# conversion functions keep the element type of the collection they convert
_COLLECTING: dict[str, Callable[[Type], Type]] = {
    "tolist": list_of,
    "toset": set_of,
    "tomap": map_of,
}


def _conditional_result(true_value: Value, false_value: Value, result: Value) -> Value:
    """The chosen branch converted to the type both branches unify to (HCL's rule)."""
    if true_value is None or false_value is None:
        return result
    true_type, false_type = type_of(true_value), type_of(false_value)
    if "unknown" in (true_type.kind, false_type.kind):
        return result
    if "dynamic" in (true_type.kind, false_type.kind):
        return result
    unified = unify_types([true_type, false_type])
    if unified is None:
        raise EvalError(
            "Inconsistent conditional result types: the true and false result expressions "
            "must have consistent types"
        )
    try:
        return convert(result, unified)
    except ConversionError as error:
        raise EvalError(f"Inconsistent conditional result types: {error}") from None


def get_attribute(value: Value, name: str) -> Value:
    if isinstance(value, LazyObject):
        return value.attribute(name)
    if isinstance(value, Unknown):
        return UNKNOWN
    if value is None:
        raise EvalError("Attempt to get attribute from null value")
    if isinstance(value, dict):
        if name in value:
            return value[name]
        if isinstance(value, TfMap):
            raise EvalError(f'Missing map element: this map does not have an element "{name}"')
        raise EvalError(f'Unsupported attribute: this object does not have an attribute "{name}"')
    raise EvalError("Unsupported attribute: this value does not have any attributes")


def index_value(value: Value, key: Value) -> Value:
    if isinstance(value, LazyObject):
        return UNKNOWN
    if isinstance(key, (Unknown, PartialString)) or isinstance(value, Unknown):
        return UNKNOWN
    if value is None:
        raise EvalError("Attempt to index null value")
    if key is None:
        raise EvalError("Invalid index: can't use a null value as an indexing key")
    if isinstance(value, TfSet):
        raise EvalError("Invalid index: elements of a set are identified only by their value")
    if isinstance(value, list):
        try:
            number = convert(key, NUMBER)
        except ConversionError:
            raise EvalError("Invalid index: a number is required") from None
        position = number.as_int() if isinstance(number, Num) else None
        if position is None or not 0 <= position < len(value):
            raise EvalError(
                f"Invalid index: the given key {position if position is not None else key} does "
                "not identify an element in this "
                f"collection value ({len(value)} elements)"
            )
        return value[position]
    if isinstance(value, dict):
        try:
            name = convert(key, STRING)
        except ConversionError:
            raise EvalError("Invalid index: a string is required") from None
        if name not in value:
            keys = ", ".join(f'"{k}"' for k in list(value)[:8]) + (
                ", ..." if len(value) > 8 else ""
            )
            raise EvalError(
                f'Invalid index: the given key "{name}" does not identify an element in this '
                f"collection value (its keys: {keys or 'none'})"
            )
        return value[name]
    raise EvalError("Invalid index: this value does not have any indices")


_LITERAL = Interpreter._literal
_HANDLERS: dict[type[Any], Callable[[Interpreter, Any, Scope], Value]] = {
    Literal: Interpreter._literal,
    Template: Interpreter._template,
    Traversal: Interpreter._traversal,
    RelativeTraversal: Interpreter._relative,
    Splat: Interpreter._splat,
    FunctionCall: Interpreter._call,
    Conditional: Interpreter._conditional,
    BinaryOp: Interpreter._binary,
    UnaryOp: Interpreter._unary,
    TupleExpr: Interpreter._tuple,
    ObjectExpr: Interpreter._object,
    ForExpr: Interpreter._for,
    InvalidExpr: Interpreter._invalid,
}
