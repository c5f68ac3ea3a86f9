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
from tfjudge.evaluate.types import parse_type_constraint
from tfjudge.evaluate.values import ConversionError, convert
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import (
    Block,
    Expr,
    ForExpr,
    FunctionCall,
    Template,
    TemplateFor,
    TemplateIf,
    TemplatePart,
    Traversal,
)
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import variable_arguments
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
        problem = _not_constant(default.expr) or _wrong_type(ctx, variable, default.expr)
        if problem is not None:
            where, message = problem
            yield ctx.finding(message, where, block=variable)


def _not_constant(expr: Expr) -> tuple[Range, str] | None:
    bound = {name for node in expr.walk() for name in _iterators(node)}
    for node in expr.walk():
        if isinstance(node, Traversal) and node.root not in bound:
            return node.range, "Variables not allowed: Variables may not be used here."
        if isinstance(node, FunctionCall):
            return node.range, "Function calls not allowed: Functions may not be called here."
    return None


def _iterators(node: Expr) -> Iterator[str]:
    """The names a `for` expression or a template's `%{ for }` binds."""
    if isinstance(node, ForExpr):
        yield from (n for n in (node.key_var, node.value_var) if n)
    elif isinstance(node, Template):
        pending: list[TemplatePart] = list(node.parts)
        while pending:
            part = pending.pop()
            if isinstance(part, TemplateFor):
                yield from (n for n in (part.key_var, part.value_var) if n)
                pending.extend(part.parts)
            elif isinstance(part, TemplateIf):
                pending.extend((*part.true_parts, *part.false_parts))


def _wrong_type(ctx: RuleContext, variable: Block, expr: Expr) -> tuple[Range, str] | None:
    constraint = variable.body.get("type")
    wanted = parse_type_constraint(constraint) if constraint is not None else None
    if wanted is None:
        return None
    value = ctx.get(Evaluator).interpreter.evaluate(expr, Scope(None))
    try:
        convert(value, wanted)
    except ConversionError as exc:
        return expr.range, (
            "Invalid default value for variable: This default value is not compatible with "
            f"the variable's type constraint: {exc.args[0]}."
        )
    return None
