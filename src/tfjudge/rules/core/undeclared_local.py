"""## What it does
Reports every `local.NAME` whose module defines no local value `NAME` in any `locals`
block: one finding per module and name, at the first reference ("Reference to undeclared
local value").

## Why is this bad?
`terraform validate`, `plan` and `apply` stop at the reference. Locals are private to
their module: a child module cannot read the root module's locals.
See https://developer.hashicorp.com/terraform/language/values/locals.

## Example
```hcl
resource "aws_s3_bucket" "logs" {
  tags = local.common_tags
}
```

## Use instead
```hcl
locals {
  common_tags = { Project = "shop" }
}

resource "aws_s3_bucket" "logs" {
  tags = local.common_tags
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
    "core.undeclared-local",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Reference to undeclared local value",
    impact="terraform validate, plan and apply stop at the reference: nothing is deployed.",
    fix="Define the local value in a locals block of the module that uses it.",
)
def undeclared_local(ctx: RuleContext) -> Iterator[Finding]:
    for gap in missing(ctx, ("local",)):
        name = gap.address.removeprefix("local.")
        yield ctx.finding(
            f'Reference to undeclared local value: a local value with the name "{name}" has '
            f"not been declared in {gap.where()}.{gap.uses()}",
            gap.first.range,
            address=gap.address,
            related=gap.other_uses(),
        )
