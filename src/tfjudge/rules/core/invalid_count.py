"""## What it does
Reports a `count` of a resource, data source or module that is not a whole number of zero
or more, in terraform's words: a bool (`count = var.enabled` of type `bool`, without `? 1 :
0`), a list or map ("Incorrect value type": number required), a string that is no number,
a negative number ("Invalid count argument"). The value is worked out from the
configuration (variables' defaults and `.tfvars` included); a value known only after apply
is judged by its declared type where the configuration gives one, as `terraform validate`
does.

## Why is this bad?
`terraform validate` (for a declared type) or `plan` (for a value) stops at the block:
nothing is deployed. See
https://developer.hashicorp.com/terraform/language/meta-arguments/count.

## Example
```hcl
variable "create_bucket" {
  type    = bool
  default = true
}

resource "aws_s3_bucket" "logs" {
  count  = var.create_bucket
  bucket = "app-logs"
}
```

## Use instead
```hcl
variable "create_bucket" {
  type    = bool
  default = true
}

resource "aws_s3_bucket" "logs" {
  count  = var.create_bucket ? 1 : 0
  bucket = "app-logs"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.numbers import Num
from tfjudge.evaluate.values import PartialString, Type, Value, type_of
from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import judge_repetition
from tfjudge.rules.registry import rule

NUMBER_REQUIRED = "Incorrect value type: Invalid expression value: number required"


@rule(
    "core.invalid-count",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "count that is not a whole number of zero or more",
    impact="terraform validate or plan stops at the block: nothing is deployed.",
    fix="Give count a number: `condition ? 1 : 0` for a bool, length(...) for a list.",
)
def invalid_count(ctx: RuleContext) -> Iterator[Finding]:
    yield from judge_repetition(ctx, "count", _value_problem, _type_problem)


def _value_problem(value: Value) -> str | None:
    if isinstance(value, Num):
        if value.value < 0:
            return (
                'Invalid count argument: The given "count" argument value is unsuitable: must '
                "be greater than or equal to zero."
            )
        return None
    if value is None or isinstance(value, PartialString):
        return None  # null is its own error; a partly known string may be a number
    if isinstance(value, str):
        if _numeric(value):
            return None
        return f'{NUMBER_REQUIRED} (the value is the string "{value}").'
    return f"{NUMBER_REQUIRED} (the value is of type {type_of(value).friendly()})."


def _type_problem(declared: Type | None) -> str | None:
    if declared is None or declared.kind in ("number", "string", "dynamic"):
        return None
    return (
        f"{NUMBER_REQUIRED} (the value is of type {declared.friendly()}, as its variable declares)."
    )


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
