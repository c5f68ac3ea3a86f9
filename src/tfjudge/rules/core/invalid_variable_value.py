"""## What it does
Reports a value given to an input variable that its `type` refuses, in terraform's words
("Invalid value for input variable", with cty's reason): an argument of a `module` block
(the called module shown whole in the answer), or an entry of the root module's
`terraform.tfvars` or `*.auto.tfvars`. Only values the configuration fixes are judged
(literals, other variables' defaults, locals); a value known only after apply is not.

## Why is this bad?
`terraform plan` (and `validate`, for a module argument it can work out) stops at the
value: nothing is deployed. Typical: a module's `map(any)` variable given objects of
different shapes, a `list(object({...}))` given objects without a required attribute,
`"80"`-style strings where a list is wanted. See
https://developer.hashicorp.com/terraform/language/expressions/type-constraints.

## Example
```hcl
module "web_sg" {
  source = "./modules/security_group"
  ports  = "80,443"
}

# modules/security_group/variables.tf
variable "ports" {
  type = list(number)
}
```

## Use instead
```hcl
module "web_sg" {
  source = "./modules/security_group"
  ports  = [80, 443]
}

# modules/security_group/variables.tf
variable "ports" {
  type = list(number)
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.evaluator import Evaluator
from tfjudge.evaluate.expressions import Scope
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Attribute, Block
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import judged_module_calls, type_refusal
from tfjudge.rules.registry import rule


@rule(
    "core.invalid-variable-value",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Value a variable's type refuses",
    impact="terraform plan stops at the value: nothing is deployed.",
    fix="Give the variable a value of its declared type, or change the type to what is passed.",
)
def invalid_variable_value(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    for judged in judged_module_calls(ctx):
        for name, variable in judged.variables.items():
            argument = judged.call.body.attributes.get(name)
            if argument is None:
                continue
            reason = type_refusal(evaluator.raw(argument.expr), variable)
            if reason is not None:
                where = f"{judged.name}.var.{name}, declared at {_place(variable)}"
                yield _finding(ctx, argument, judged.call, where, reason)
    root = ctx.configuration.root
    declared = {v.labels[0]: v for v in root.variables if v.labels}
    for document in root.tfvars:
        for name, entry in document.body.attributes.items():
            target = declared.get(name)
            if target is None:
                continue
            value = evaluator.interpreter.evaluate(entry.expr, Scope(None))
            reason = type_refusal(value, target)
            if reason is not None:
                where = f"var.{name}, given in {document.file.path}"
                yield _finding(ctx, entry, target, where, reason)


def _place(variable: Block) -> str:
    """`modules/app/variables.tf:12`: where the variable block starts."""
    path = variable.file.path if variable.file is not None else "the module"
    return f"{path}:{variable.range.start_line}"


def _finding(ctx: RuleContext, given: Attribute, block: Block, where: str, reason: str) -> Finding:
    return ctx.finding(
        f"Invalid value for input variable: The given value is not suitable for {where}: {reason}.",
        given.range,
        block=block,
    )
