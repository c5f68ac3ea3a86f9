"""## What it does
Reports every `var.NAME` whose module declares no `variable "NAME"` block: one finding per
module and variable, at the first reference, as `terraform validate` words it ("Reference
to undeclared input variable"). A child module (a directory called by a local `source`)
must declare its own variables: those of the root module are not visible in it, which is
the usual cause when an answer lists a module's `variables.tf` but never writes it.

## Why is this bad?
`terraform validate`, `plan` and `apply` stop at the undeclared variable; nothing is
created. See https://developer.hashicorp.com/terraform/language/values/variables.

## Example
```hcl
resource "aws_s3_bucket" "logs" {
  bucket = "${var.environment}-logs"
}
```

## Use instead
```hcl
variable "environment" {
  type = string
}

resource "aws_s3_bucket" "logs" {
  bucket = "${var.environment}-logs"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import missing
from tfjudge.rules.registry import rule


@rule(
    "core.undeclared-variable",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Reference to undeclared input variable",
    impact="terraform validate, plan and apply stop at the reference: nothing is deployed.",
    fix="Declare the variable in the module that uses it, or pass the value another way.",
)
def undeclared_variable(ctx: RuleContext) -> Iterator[Finding]:
    for gap in missing(ctx, ("variable",)):
        name = gap.address.removeprefix("var.")
        yield ctx.finding(
            f'Reference to undeclared input variable: an input variable with the name "{name}" '
            f"has not been declared in {gap.where()}. This variable can be declared with a "
            f'variable "{name}" {{}} block.{gap.uses()}',
            gap.first.range,
            address=gap.address,
            related=gap.other_uses(),
        )
