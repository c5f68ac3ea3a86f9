"""Type constraints of variables (`list(string)`, `object({a = optional(number, 1)})`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tfjudge.evaluate.values import (
    BOOL,
    DYNAMIC,
    NUMBER,
    STRING,
    Type,
    list_of,
    map_of,
    set_of,
    tuple_of,
)
from tfjudge.parse.hcl.ast import (
    Block,
    Expr,
    FunctionCall,
    GetAttr,
    Literal,
    ObjectExpr,
    Step,
    Traversal,
    TupleExpr,
)

if TYPE_CHECKING:
    from tfjudge.evaluate.expressions import Interpreter

_PRIMITIVES = {"string": STRING, "number": NUMBER, "bool": BOOL, "any": DYNAMIC}
_LEGACY = {"string": STRING, "list": list_of(DYNAMIC), "map": map_of(DYNAMIC)}


def variable_type(variable: Block) -> Type | None:
    """The type a `variable` block declares, None without a (valid) `type`."""
    constraint = variable.body.get("type")
    return parse_type_constraint(constraint) if constraint is not None else None


def type_at(declared: Type | None, steps: tuple[Step, ...]) -> Type | None:
    """The type of what `steps` read of a value of type `declared` (`.cidr` of an object
    with `cidr = optional(list(string))` is a list of strings); None when not known."""
    for step in steps:
        if declared is None:
            return None
        if isinstance(step, GetAttr):
            if declared.kind == "object":
                declared = declared.attribute_types().get(step.name)
            else:
                declared = declared.element if declared.kind == "map" else None
        elif declared.kind in ("list", "map"):
            declared = declared.element
        else:
            return None  # a tuple's or an object's part by a computed key
    return declared


def parse_type_constraint(expr: Expr, interpreter: Interpreter | None = None) -> Type | None:
    """The cty type a `type = ...` expression declares, or None when it is not one."""
    if isinstance(expr, Traversal) and not expr.steps:
        return _PRIMITIVES.get(expr.root)
    if isinstance(expr, Literal) and isinstance(expr.value, str):
        return _LEGACY.get(expr.value)
    if not isinstance(expr, FunctionCall):
        return None
    name, args = expr.name, expr.args
    if name in ("list", "set", "map") and len(args) == 1:
        element = parse_type_constraint(args[0], interpreter)
        if element is None:
            return None
        return {"list": list_of, "set": set_of, "map": map_of}[name](element)
    if name == "tuple" and len(args) == 1 and isinstance(args[0], TupleExpr):
        elements = [parse_type_constraint(e, interpreter) for e in args[0].items]
        if any(e is None for e in elements):
            return None
        return tuple_of(e for e in elements if e is not None)
    if name == "object" and len(args) == 1 and isinstance(args[0], ObjectExpr):
        return _object(args[0], interpreter)
    return None


def _object(expr: ObjectExpr, interpreter: Interpreter | None) -> Type | None:
    attributes: list[tuple[str, Type]] = []
    optional: set[str] = set()
    defaults: list[tuple[str, object]] = []
    for item in expr.items:
        name = item.key_name
        if name is None:
            return None
        value = item.value
        if isinstance(value, FunctionCall) and value.name == "optional" and value.args:
            attribute_type = parse_type_constraint(value.args[0], interpreter)
            optional.add(name)
            if len(value.args) > 1 and interpreter is not None:
                from tfjudge.evaluate.expressions import Scope

                defaults.append((name, interpreter.evaluate(value.args[1], Scope(None))))
        else:
            attribute_type = parse_type_constraint(value, interpreter)
        if attribute_type is None:
            return None
        attributes.append((name, attribute_type))
    return Type(
        "object",
        attributes=tuple(sorted(attributes)),
        optional=frozenset(optional),
        defaults=tuple(defaults),
    )
