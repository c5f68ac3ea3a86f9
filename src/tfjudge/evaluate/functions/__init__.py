"""Terraform's built-in functions, with cty's argument conversions and error cases.

Each function declares its parameters (`Param`: the cty type arguments convert to, and
whether null, unknown or partial strings may come in); `FunctionTable.call` converts
the arguments, returns UNKNOWN when an unknown argument reaches a parameter that does
not take one, and runs the implementation. Implementations raise `EvalError` for what
terraform rejects and `UnknownResult` (via `known()`) when their result depends on an
unknown. A function tfjudge does not implement (or a provider function) is UNKNOWN.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from tfjudge.evaluate.expressions import (
    EvalError,
    Interpreter,
    LimitExceeded,
    Scope,
    UnknownResult,
)
from tfjudge.evaluate.goregex import RegexError, RegexUnsupported
from tfjudge.evaluate.numbers import NumberError
from tfjudge.evaluate.references import scoped_traversals
from tfjudge.evaluate.values import (
    DYNAMIC,
    UNKNOWN,
    ConversionError,
    PartialString,
    Type,
    Unknown,
    Value,
    convert,
    is_wholly_known,
)
from tfjudge.parse.hcl.ast import (
    Expr,
    FunctionCall,
    GetAttr,
    Index,
    Literal,
    Traversal,
)
from tfjudge.records import record

if TYPE_CHECKING:
    from tfjudge.evaluate.files import FileStore


@record(frozen=True, slots=True)
class Param:
    """How a function parameter is typed and which special arguments reach the implementation."""

    type: Type = DYNAMIC
    null: bool = False  # a null argument is passed in (else: an error)
    unknown: bool = False  # an unknown argument is passed in (else: the result is unknown)
    partial: bool = False  # a PartialString is passed in (string parameters)


@record(frozen=True, slots=True)
class Function:
    """A terraform function: its parameters and its implementation."""

    name: str
    params: tuple[Param, ...]
    variadic: Param | None
    impl: Callable[..., Value]


FUNCTIONS: dict[str, Function] = {}


def function(
    name: str, *params: Param | Type, variadic: Param | Type | None = None
) -> Callable[[Callable[..., Value]], Callable[..., Value]]:
    """Register the decorated implementation as terraform function `name`.

    The implementation gets the `Call` and then one argument per parameter (the
    variadic ones as further positional arguments).
    """

    def register(impl: Callable[..., Value]) -> Callable[..., Value]:
        FUNCTIONS[name] = Function(
            name,
            tuple(_param(p) for p in params),
            _param(variadic) if variadic is not None else None,
            impl,
        )
        return impl

    return register


def _param(spec: Param | Type) -> Param:
    return spec if isinstance(spec, Param) else Param(spec)


@record(slots=True)
class Call:
    """What an implementation may use besides its arguments."""

    interpreter: Interpreter
    files: FileStore | None
    scope: Scope

    def check_size(self, size: int) -> None:
        self.interpreter.check_size(size)

    def check_string(self, text: str) -> str:
        self.interpreter.check_string(text)
        return text


class FunctionTable:
    """The functions of one analysis, reading files from the answer."""

    def __init__(self, files: FileStore | None = None) -> None:
        self.files = files

    def call(self, interpreter: Interpreter, expr: FunctionCall, scope: Scope) -> Value:
        name = expr.name.removeprefix("core::")
        if name == "try":
            return self._try(interpreter, expr, scope)
        if name == "can":
            return self._can(interpreter, expr, scope)
        implementation = FUNCTIONS.get(name)
        if implementation is None:
            return UNKNOWN
        args = [interpreter.eval(arg, scope) for arg in expr.args]
        if expr.expand_final:
            if not args:
                raise EvalError("Missing argument to expand")
            last = args.pop()
            if isinstance(last, (Unknown, PartialString)):
                return UNKNOWN
            if not isinstance(last, list):
                raise EvalError("Invalid expanding argument value: must be a list, set or tuple")
            args.extend(last)
        return self.invoke(interpreter, implementation, args, scope)

    def invoke(
        self, interpreter: Interpreter, implementation: Function, args: list[Value], scope: Scope
    ) -> Value:
        params = implementation.params
        if len(args) < len(params):
            raise EvalError(f"Not enough function arguments for {implementation.name}")
        if implementation.variadic is None and len(args) > len(params):
            raise EvalError(f"Too many function arguments for {implementation.name}")
        converted: list[Value] = []
        unknown = False
        for position, arg in enumerate(args):
            param = params[position] if position < len(params) else implementation.variadic
            assert param is not None
            value, is_unknown = _argument(arg, param, implementation.name)
            unknown = unknown or is_unknown
            converted.append(value)
        if unknown:
            return UNKNOWN
        call = Call(interpreter, self.files, scope)
        try:
            result = implementation.impl(call, *converted)
        except UnknownResult:
            return UNKNOWN
        except RegexUnsupported:
            return UNKNOWN
        except (ConversionError, NumberError, RegexError) as error:
            raise EvalError(f"Invalid function argument: {error}") from None
        except (RecursionError, MemoryError, OverflowError):
            raise LimitExceeded(implementation.name) from None
        if isinstance(result, str):
            interpreter.check_string(result)
            return normalize(result)
        return result

    def _try(self, interpreter: Interpreter, expr: FunctionCall, scope: Scope) -> Value:
        if not expr.args:
            raise EvalError("Not enough function arguments: try needs at least one")
        for arg in expr.args:
            if self._depends_on_unknowns(interpreter, arg, scope):
                return UNKNOWN
            try:
                value = interpreter.eval(arg, scope)
            except (EvalError, ConversionError, NumberError):
                continue
            except UnknownResult:
                return UNKNOWN
            return value if is_wholly_known(value) else UNKNOWN
        raise EvalError("Error in function call: no expression succeeded")

    def _can(self, interpreter: Interpreter, expr: FunctionCall, scope: Scope) -> Value:
        if len(expr.args) != 1:
            raise EvalError("can takes exactly one argument")
        arg = expr.args[0]
        if self._depends_on_unknowns(interpreter, arg, scope):
            return UNKNOWN
        try:
            value = interpreter.eval(arg, scope)
        except (EvalError, ConversionError, NumberError):
            return False
        except UnknownResult:
            return UNKNOWN
        return True if is_wholly_known(value) else UNKNOWN

    def _depends_on_unknowns(self, interpreter: Interpreter, expr: Expr, scope: Scope) -> bool:
        """HCL tryfunc: a referenced value that is not wholly known makes the result unknown."""
        for traversal in _free_traversals(expr, frozenset()):
            static = _static_prefix(traversal)
            try:
                value = interpreter.eval(static, scope)
            except (EvalError, ConversionError, NumberError, UnknownResult):
                continue
            if not is_wholly_known(value):
                return True
        return False


def _argument(arg: Value, param: Param, name: str) -> tuple[Value, bool]:
    """The argument converted for `param`, and whether it makes the result unknown."""
    if arg is None:
        if not param.null:
            raise EvalError(f"Invalid function argument: {name}: argument must not be null")
        return None, False
    if isinstance(arg, PartialString):
        if param.partial:
            return arg, False
        return UNKNOWN, not param.unknown
    if isinstance(arg, Unknown):
        return arg, not param.unknown
    try:
        return convert(arg, param.type), False
    except ConversionError as error:
        raise EvalError(f"Invalid function argument: {name}: {error}") from None


def _free_traversals(expr: Expr, bound: frozenset[str]) -> list[Traversal]:
    """Traversals of `expr` whose root is not an iteration variable bound inside it."""
    return [t for t, names in scoped_traversals(expr, bound) if t.root not in names]


def _static_prefix(traversal: Traversal) -> Traversal:
    steps = []
    for step in traversal.steps:
        if isinstance(step, GetAttr) or (isinstance(step, Index) and isinstance(step.key, Literal)):
            steps.append(step)
        else:
            break
    return Traversal(traversal.range, traversal.root, tuple(steps))


def normalize(text: str) -> str:
    """cty stores every string in Unicode NFC."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text)


def _load() -> None:
    from tfjudge.evaluate.functions import (  # noqa: F401
        collections,
        encoding,
        files,
        network,
        numeric,
        strings,
    )


_load()

__all__ = ["FUNCTIONS", "Call", "Function", "FunctionTable", "Param", "function"]
