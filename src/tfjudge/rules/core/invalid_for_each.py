"""## What it does
Reports a `for_each` of a resource, data source or module that is not a map, an object or
a set of strings, in terraform's words ("Invalid for_each argument"): a list or tuple
(`["a", "b"]`, `var.names` of type `list(string)`, `keys(...)`, a `[for ...]`
comprehension), a string or number, a set of something else than strings (`toset([1,
2])`), null. The value is worked out from the configuration (variables' defaults and
`.tfvars` included); a value known only after apply is judged by its declared type where
the configuration gives one (`var.names` of type `list(string)`, as `terraform validate`
does). A `dynamic` block's `for_each` takes any collection (a list too), so only a
number, a bool or a string is reported there ("Invalid dynamic for_each value":
`for_each = var.enabled ? 1 : 0` where a list of one or none is meant).

## Why is this bad?
`terraform validate` (for a declared type) or `plan` (for a value) stops at the block:
nothing is deployed. Instances of a `for_each` block are keyed by the map keys or set
elements, which is why Terraform refuses an ordered list. See
https://developer.hashicorp.com/terraform/language/meta-arguments/for_each.

## Example
```hcl
variable "bucket_names" {
  type    = list(string)
  default = ["logs", "assets"]
}

resource "aws_s3_bucket" "this" {
  for_each = var.bucket_names
  bucket   = "app-${each.value}"
}
```

## Use instead
```hcl
variable "bucket_names" {
  type    = list(string)
  default = ["logs", "assets"]
}

resource "aws_s3_bucket" "this" {
  for_each = toset(var.bucket_names)
  bucket   = "app-${each.value}"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator
from tfjudge.evaluate.values import (
    PartialString,
    TfMap,
    TfSet,
    Type,
    Unknown,
    Value,
    type_of,
)
from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import REPEATABLE, active_top_blocks, judge_repetition
from tfjudge.rules.registry import rule

UNSUITABLE = 'The given "for_each" argument value is unsuitable'
DYNAMIC_HOLDERS = frozenset({"resource", "data", "provider", "ephemeral"})


@rule(
    "core.invalid-for-each",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "for_each that is not a map or a set of strings",
    impact="terraform validate or plan stops at the block: nothing is deployed.",
    fix="Convert a list with toset(...), or build a map with a for expression.",
)
def invalid_for_each(ctx: RuleContext) -> Iterator[Finding]:
    yield from judge_repetition(ctx, "for_each", _value_problem, _type_problem)
    yield from _dynamic_blocks(ctx)


def _dynamic_blocks(ctx: RuleContext) -> Iterator[Finding]:
    """A `dynamic` block's for_each takes any collection, but not a number, a bool or
    a string (`for_each = var.enabled ? 1 : 0`)."""
    evaluator = ctx.get(Evaluator)
    for _, block in active_top_blocks(ctx, DYNAMIC_HOLDERS):
        for nested in block.walk_blocks():
            found = nested.body.attributes.get("for_each") if nested.type == "dynamic" else None
            if found is None:
                continue
            instances = evaluator.instances(block) if block.type in REPEATABLE else []
            value = evaluator.raw(found.expr, instances[0] if instances else None)
            kind = _scalar_kind(value)
            if kind is not None:
                hint = " (one block or none: `cond ? [1] : []`)" if kind != "string" else ""
                yield ctx.finding(
                    f"Invalid dynamic for_each value: Cannot use a {kind} value in for_each. "
                    f"An iterable collection is required{hint}.",
                    found.range,
                    block=block,
                )


def _scalar_kind(value: Value) -> str | None:
    """The kind of a value a dynamic block cannot iterate. Null is left alone: it comes
    from an optional input (`default = null`) a module's callers fill in."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, str | PartialString):
        return "string"
    if type_of(value).kind == "number":
        return "number"
    return None


def _value_problem(value: Value) -> str | None:
    if value is None:
        return (
            f'Invalid for_each argument: {UNSUITABLE}: the given "for_each" argument value is '
            "null. A map, or set of strings is allowed."
        )
    if isinstance(value, TfMap | dict):
        return None
    if isinstance(value, TfSet):
        known = [v for v in value if not isinstance(v, Unknown)]
        if all(isinstance(v, str | PartialString) for v in known):
            return None
        element = value.element or type_of(next(v for v in known if not isinstance(v, str)))
        return _set_problem(element)
    return _not_a_map(type_of(value))


def _type_problem(declared: Type | None) -> str | None:
    if declared is None or declared.kind in ("map", "object", "dynamic"):
        return None
    if declared.kind == "set":
        element = declared.element
        if element is None or element.kind in ("string", "dynamic"):
            return None
        return _set_problem(element)
    return _not_a_map(declared) + " (the type its variable declares)"


def _not_a_map(found: Type) -> str:
    return (
        f'Invalid for_each argument: {UNSUITABLE}: the "for_each" argument must be a map, or '
        f"set of strings, and you have provided a value of type {found.friendly()}."
    )


def _set_problem(element: Type) -> str:
    return (
        f'Invalid for_each set argument: {UNSUITABLE}: "for_each" supports maps and sets of '
        f"strings, but you have provided a set containing type {element.friendly()}."
    )
