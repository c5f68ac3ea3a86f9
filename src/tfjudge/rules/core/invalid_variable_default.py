"""## What it does
Reports a variable's `default` that Terraform cannot load, in `terraform init`'s words:
- a reference (`var.region`, `local.name`, `aws_s3_bucket.b.id`, also inside a string
  template): "Variables not allowed";
- a function call (`upper("x")`, `timestamp()`): "Function calls not allowed";
- a value its `type` does not accept (`type = number` with `default = "abc"`, an object
  without a required attribute): "Invalid default value for variable", with cty's reason.

A default is a constant: literals, and operators and `for` expressions over literals.

## Why is this bad?
`terraform init` reads the defaults before it installs anything and stops at these errors:
nothing is planned or created. A value built from other values belongs in a `locals`
block. See https://developer.hashicorp.com/terraform/language/values/variables.

## Example
```hcl
variable "project" {
  type    = string
  default = "shop"
}

variable "bucket_name" {
  type    = string
  default = "${var.project}-assets"
}
```

## Use instead
```hcl
variable "project" {
  type    = string
  default = "shop"
}

locals {
  bucket_name = "${var.project}-assets"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.evaluator import Evaluator
from tfjudge.evaluate.expressions import Scope
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block, Expr
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import first_not_constant, type_refusal, variable_arguments
from tfjudge.rules.registry import rule
from tfjudge.source import Range


@rule(
    "core.invalid-variable-default",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Variable default that is no constant of its type",
    impact="terraform init stops while loading the configuration: nothing is deployed.",
    fix="Give the default a literal value of the variable's type; compute values in locals.",
)
def invalid_variable_default(ctx: RuleContext) -> Iterator[Finding]:
    for variable, default in variable_arguments(ctx, "default"):
        problem = first_not_constant(default.expr) or _wrong_type(ctx, variable, default.expr)
        if problem is not None:
            where, message = problem
            yield ctx.finding(message, where, block=variable)


def _wrong_type(ctx: RuleContext, variable: Block, expr: Expr) -> tuple[Range, str] | None:
    value = ctx.get(Evaluator).interpreter.evaluate(expr, Scope(None))
    reason = type_refusal(value, variable)
    if reason is None:
        return None
    return expr.range, (
        "Invalid default value for variable: This default value is not compatible with "
        f"the variable's type constraint: {reason}."
    )
