"""What terraform knows about a value before anything is applied, and its conversion rules.

`static_value` reads an expression into what `terraform validate` can know of it: a
literal's type and value, a template's type (string) without its value, a tuple or object
of such, a splat's sequence, or nothing at all (a reference, most function calls, a `for`
expression: over an unknown collection terraform does not know its type either).
`conversion_error` applies cty's conversion rules (those HCL uses to assign a value to an
attribute) and returns terraform's wording when the conversion must fail, e.g. `bool
required` for `1` where a bool is wanted, or `a number is required` for `"abc"` where a
number is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import TypeAlias

from tfjudge.parse.hcl.ast import (
    BinaryOp,
    Expr,
    FunctionCall,
    Index,
    Literal,
    LiteralValue,
    ObjectExpr,
    RelativeTraversal,
    Splat,
    Template,
    Traversal,
    TupleExpr,
    UnaryOp,
)
from tfjudge.patterns import lazy_pattern
from tfjudge.records import record
from tfjudge.schema.model import CtyType

_NUMBER = lazy_pattern(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Functions whose result type is fixed, whatever their arguments (Terraform's function docs).
_STRING_FUNCTIONS = _names(
    """abspath base64decode base64encode base64gzip base64sha256 base64sha512 basename
    bcrypt chomp cidrhost cidrnetmask cidrsubnet dirname file filebase64 filebase64sha256
    filebase64sha512 filemd5 filesha1 filesha256 filesha512 format formatdate indent join
    jsonencode lower md5 pathexpand plantimestamp replace rsadecrypt sha1 sha256 sha512
    strrev substr textdecodebase64 textencodebase64 timeadd timestamp title tostring trim
    trimprefix trimspace trimsuffix upper urlencode uuid uuidv5 yamlencode"""
)
_NUMBER_FUNCTIONS = _names("abs ceil floor length log max min parseint pow signum")
_BOOL_FUNCTIONS = _names("alltrue anytrue can contains endswith fileexists issensitive startswith")
_LIST_FUNCTIONS = _names(
    """chunklist compact concat distinct flatten formatlist keys range reverse setproduct
    slice sort split tolist values"""
)
_SET_FUNCTIONS = _names("toset setintersection setsubtract setunion")
_ARITHMETIC = _names("+ - * / %")
_LOGIC = _names("== != < <= > >= && ||")


@record(frozen=True)
class Value:
    """A value as far as terraform knows it statically.

    `kind` is a cty type name (`string`, `number`, `bool`, `null`) or a constructor's
    (`tuple`, `object`), or `list`, `set`, `map` for function results of unknown content.
    `known` says whether `value` holds the primitive's value.
    """

    kind: str
    value: object = None
    known: bool = True
    items: tuple[Value | None, ...] = ()
    attributes: dict[str, Value | None] = field(default_factory=dict)
    complete: bool = True  # an object whose keys are all literal
    element: Value | None = None  # what every element of a list or set of unknown content is


# What validate knows of a splat (`var.rules[*].port`) or a variable (`var.subnet_ids`)
# from the declarations it reads
Typer: TypeAlias = Callable[[Expr], "Value | None"]


def static_value(expr: Expr, typer: Typer | None = None) -> Value | None:
    """What terraform knows of `expr` at validate time; None when even its type is unknown.
    `typer` types splats further than "a list", and variables by their declared type, where
    the caller knows more."""
    if isinstance(expr, Literal):
        if expr.value is None:
            return Value("null")
        return Value(literal_kind(expr.value), expr.value)
    if isinstance(expr, Template):
        if len(expr.parts) == 1 and isinstance(expr.parts[0], Expr):
            return static_value(expr.parts[0], typer)  # "${x}" is x itself
        return Value("string", known=False)
    if isinstance(expr, TupleExpr):
        return Value("tuple", items=tuple(static_value(i, typer) for i in expr.items))
    if isinstance(expr, ObjectExpr):
        return _object_value(expr, typer)
    if isinstance(expr, FunctionCall):
        return _function_value(expr)
    if isinstance(expr, Splat):  # `var.rules[*].port`: a tuple, whatever it splats
        typed = typer(expr) if typer is not None else None
        return typed or Value("list", known=False)
    if isinstance(expr, Traversal) and typer is not None:  # `var.ids`: its declared type
        return typer(expr)
    if isinstance(expr, RelativeTraversal) and isinstance(expr.source, Splat):
        return _indexed_splat(expr, typer)
    if isinstance(expr, UnaryOp):
        return _unary_value(expr)
    if isinstance(expr, BinaryOp):
        if expr.op in _ARITHMETIC:
            return Value("number", known=False)
        if expr.op in _LOGIC:
            return Value("bool", known=False)
    return None


def _indexed_splat(expr: RelativeTraversal, typer: Typer | None) -> Value | None:
    """`var.rules.*.cidr_blocks[0]`: an element of what the splat gives, when its element
    type is known."""
    value = static_value(expr.source, typer)
    for step in expr.steps:
        if value is None or value.kind != "list" or not isinstance(step, Index):
            return None
        value = value.element
    return value


def _object_value(expr: ObjectExpr, typer: Typer | None) -> Value:
    attributes: dict[str, Value | None] = {}
    complete = True
    for item in expr.items:
        key = item.key_name
        if key is None:
            complete = False
            continue
        attributes[key] = static_value(item.value, typer)
    return Value("object", attributes=attributes, complete=complete)


def _function_value(expr: FunctionCall) -> Value | None:
    name = expr.name.split("::")[-1]
    for names, kind in (
        (_STRING_FUNCTIONS, "string"),
        (_NUMBER_FUNCTIONS, "number"),
        (_BOOL_FUNCTIONS, "bool"),
        (_LIST_FUNCTIONS, "list"),
        (_SET_FUNCTIONS, "set"),
    ):
        if name in names:
            return Value(kind, known=False, complete=False)
    return None


def _unary_value(expr: UnaryOp) -> Value | None:
    inner = static_value(expr.operand)
    if expr.op == "!":
        return Value("bool", known=False)
    if expr.op == "-" and inner is not None and inner.kind == "number" and inner.known:
        assert isinstance(inner.value, int | float)
        return Value("number", -inner.value)
    return Value("number", known=False)


# -- conversion -------------------------------------------------------------------------


def friendly_name(kind: CtyType) -> str:
    """cty's name of a type in messages: `string`, `list of string`, `map of number`."""
    if isinstance(kind, str):
        return "any type" if kind == "dynamic" else kind
    head = kind[0]
    if head in ("list", "set", "map"):
        return f"{head} of {friendly_name(kind[1])}"
    return str(head)  # object, tuple


def conversion_error(value: Value | None, target: CtyType) -> str | None:
    """Terraform's complaint when `value` cannot become `target`, or None when it can."""
    if value is None or value.kind == "null" or target == "dynamic":
        return None
    if isinstance(target, str):
        return _to_primitive(value.kind, value.value, value.known, target)
    head = target[0]
    if head in ("list", "set"):
        return _to_sequence(value, target)
    if head == "map":
        return _to_map(value, target)
    if head == "object":
        return _to_object(value, target)
    return None  # tuple targets do not occur in provider schemas


def literal_conversion_error(literal: LiteralValue, target: CtyType) -> str | None:
    """`conversion_error(static_value(Literal(literal)), target)` without making the
    `Value`: a literal is most of the arguments the schema checks judge."""
    if literal is None or target == "dynamic":
        return None
    kind = literal_kind(literal)
    if isinstance(target, str):
        return _to_primitive(kind, literal, True, target)
    return conversion_error(Value(kind, literal), target)


def literal_kind(literal: bool | int | float | str) -> str:
    """The type of a literal's (non-null) value: "bool", "number" or "string"."""
    if isinstance(literal, bool):
        return "bool"
    if isinstance(literal, int | float):
        return "number"
    return "string"


def _to_primitive(kind: str, content: object, known: bool, target: str) -> str | None:
    """`conversion_error` to a primitive type, of a value of `kind` (`content` when known)."""
    if kind == target:
        return None
    if kind not in ("string", "number", "bool"):
        return f"{target} required"
    if target == "string":
        return None
    if kind != "string":  # number <-> bool never converts
        return f"{target} required"
    if not known:
        return None
    text = str(content)
    if target == "number":
        return None if _NUMBER.fullmatch(text) else "a number is required"
    if text in ("true", "false", "1", "0"):
        return None
    if text.lower() in ("true", "false"):
        return f'a bool is required; to convert from string, use lowercase "{text.lower()}"'
    return "a bool is required"


def _to_sequence(value: Value, target: CtyType) -> str | None:
    if value.kind in ("list", "set"):
        problem = conversion_error(value.element, target[1])
        return f"incorrect {target[0]} element type: {problem}" if problem else None
    if value.kind != "tuple":
        return f"{friendly_name(target)} required"
    for index, item in enumerate(value.items):
        problem = conversion_error(item, target[1])
        if problem:
            return f"element {index}: {problem}"
    return None


def _to_map(value: Value, target: CtyType) -> str | None:
    if value.kind == "map":
        return None
    if value.kind != "object":
        return f"{friendly_name(target)} required"
    for key, item in value.attributes.items():
        problem = conversion_error(item, target[1])
        if problem:
            return f'element "{key}": {problem}'
    return None


def _to_object(value: Value, target: CtyType) -> str | None:
    if value.kind == "map":
        return None
    if value.kind != "object":
        return "object required"
    members: dict[str, CtyType] = target[1]
    if value.complete:
        missing = [name for name in members if name not in value.attributes]
        if missing:
            return missing_attributes(missing)
    for name, kind in members.items():
        if name in value.attributes:
            problem = conversion_error(value.attributes[name], kind)
            if problem:
                return f'attribute "{name}": {problem}'
    return None


def missing_attributes(names: list[str]) -> str:
    """cty's words for missing object attributes: `attribute "a" is required`,
    `attributes "a", "b", and "c" are required`."""
    quoted = [f'"{n}"' for n in names]
    if len(quoted) == 1:
        return f"attribute {quoted[0]} is required"
    if len(quoted) == 2:
        return f"attributes {quoted[0]} and {quoted[1]} are required"
    return f"attributes {', '.join(quoted[:-1])}, and {quoted[-1]} are required"
