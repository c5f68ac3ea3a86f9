"""## What it does
Reports a variable's `type` that is not a Terraform type constraint, with the words of
`terraform init` ("Invalid type specification"): a keyword Terraform does not have (`int`,
`integer`, `String`, `float`, `dict`), a constructor without its one argument (`map()`,
`set`, `object`, nested bare `list`), `tuple` or `object` given the wrong shape, an object
attribute written as a quoted string or twice, `optional(...)` outside an object attribute.
Type constraints in quotes (`type = "string"`, Terraform 0.11's form) are reported as
"Invalid quoted type constraints". A bare `list` or `map` at the top, which Terraform still
reads as `list(any)` and `map(any)`, is accepted.

## Why is this bad?
`terraform init` reads every type constraint before it installs anything and stops at the
first invalid one: nothing is planned or created. See
https://developer.hashicorp.com/terraform/language/expressions/type-constraints.

## Example
```hcl
variable "instance_count" {
  type    = int
  default = 2
}

variable "ports" {
  type = object({ from = integer, to = integer })
}
```

## Use instead
```hcl
variable "instance_count" {
  type    = number
  default = 2
}

variable "ports" {
  type = object({ from = number, to = number })
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import (
    Expr,
    FunctionCall,
    Literal,
    ObjectExpr,
    Template,
    Traversal,
    TupleExpr,
)
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import variable_arguments
from tfjudge.rules.registry import rule

PRIMITIVES = frozenset({"string", "number", "bool", "any"})
COLLECTIONS = frozenset({"list", "set", "map"})
LEGACY_BARE = frozenset({"list", "map"})  # read as list(any), map(any) at the top only
INVALID = "Invalid type specification"
QUOTED = "Invalid quoted type constraints"


@rule(
    "core.invalid-type-constraint",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Variable type that is not a Terraform type constraint",
    impact="terraform init stops while loading the configuration: nothing is deployed.",
    fix="Write the type with string, number, bool, any, list(), set(), map(), object() or tuple().",
)
def invalid_type_constraint(ctx: RuleContext) -> Iterator[Finding]:
    for variable, written in variable_arguments(ctx, "type"):
        problem = type_problem(written.expr)
        if problem is not None:
            where, summary, detail = problem
            yield ctx.finding(
                f'{summary} in variable "{variable.labels[0]}": {detail}',
                where.range,
                block=variable,
            )


Problem = tuple[Expr, str, str]


def type_problem(expr: Expr, top: bool = True, attribute: bool = False) -> Problem | None:
    """What terraform rejects in the type expression, or None. `top`: the whole `type`;
    `attribute`: the type of an object attribute, where `optional(...)` is allowed."""
    if top and _quoted(expr):
        return expr, QUOTED, _quoted_detail(expr)
    if isinstance(expr, Traversal):
        return _keyword(expr, top)
    if isinstance(expr, FunctionCall):
        return _constructor(expr, attribute)
    if isinstance(expr, Literal) and not isinstance(expr.value, str):
        word = "null" if expr.value is None else str(expr.value).lower()
        return expr, INVALID, f'The keyword "{word}" is not a valid type specification.'
    return (
        expr,
        INVALID,
        (
            "A type specification is either a primitive type keyword (bool, number, string), the "
            "keyword any, or a type constructor call such as list(string)."
        ),
    )


def _quoted(expr: Expr) -> bool:
    if isinstance(expr, Literal):
        return isinstance(expr.value, str) and not expr.heredoc
    return isinstance(expr, Template) and not expr.heredoc


def _quoted_detail(expr: Expr) -> str:
    shown = f' around "{expr.value}"' if isinstance(expr, Literal) else ""
    return (
        "Terraform 0.11 and earlier required type constraints to be given in quotes; "
        f"Terraform 0.12 and later take the type itself: remove the quotes{shown}."
    )


def _keyword(expr: Traversal, top: bool) -> Problem | None:
    name = expr.root
    if expr.steps:
        return expr, INVALID, f'The keyword "{name}" cannot be followed by attributes or indexes.'
    if name in PRIMITIVES or (top and name in LEGACY_BARE):
        return None
    if name in COLLECTIONS:
        return (
            expr,
            INVALID,
            (f"The {name} type constructor requires one argument specifying the element type."),
        )
    if name == "object":
        return (
            expr,
            INVALID,
            (
                "The object type constructor requires one argument specifying the attribute "
                "types as a map."
            ),
        )
    if name == "tuple":
        return (
            expr,
            INVALID,
            (
                "The tuple type constructor requires one argument specifying the element types "
                "as a list."
            ),
        )
    return expr, INVALID, f'The keyword "{name}" is not a valid type specification.'


def _constructor(call: FunctionCall, attribute: bool) -> Problem | None:
    name, args = call.name, call.args
    if name == "optional":
        if not attribute:
            return (
                call,
                INVALID,
                ('Keyword "optional" is valid only as a modifier for object type attributes.'),
            )
        if not 1 <= len(args) <= 2:
            return call, INVALID, "Optional attribute modifier expects one or two arguments."
        return type_problem(args[0], top=False)
    if name in COLLECTIONS:
        if len(args) != 1:
            return (
                call,
                INVALID,
                (f"The {name} type constructor requires one argument specifying the element type."),
            )
        return type_problem(args[0], top=False)
    if name == "tuple":
        if len(args) != 1 or not isinstance(args[0], TupleExpr):
            return call, INVALID, "Tuple type constructor requires a list of element types."
        return _first(type_problem(item, top=False) for item in args[0].items)
    if name == "object":
        if len(args) != 1 or not isinstance(args[0], ObjectExpr):
            return (
                call,
                INVALID,
                (
                    "Object type constructor requires a map whose keys are attribute names and "
                    "whose values are the corresponding attribute types."
                ),
            )
        return _object(args[0])
    return call, INVALID, f'Keyword "{name}" is not a valid type constructor.'


def _object(expr: ObjectExpr) -> Problem | None:
    seen: set[str] = set()
    for item in expr.items:
        name = item.key_name
        if not item.bare_key or name is None:
            return item.key, INVALID, "Object constructor map keys must be attribute names."
        if name in seen:
            return item.key, INVALID, "Object constructor map keys must be unique."
        seen.add(name)
        problem = type_problem(item.value, top=False, attribute=True)
        if problem is not None:
            return problem
    return None


def _first(problems: Iterator[Problem | None]) -> Problem | None:
    return next((p for p in problems if p is not None), None)
