"""## What it does
Reports a `module` block that leaves out a variable the called module requires (declared
without `default`), one finding per call at its header, every missing name listed, in
`terraform validate`'s words ("Missing required argument": The argument "vpc_id" is
required, but no definition was found). `default = null` makes a variable optional;
`nullable = false` alone does not.

Only calls of a local module the answer shows whole are judged (every file of the
directory parsed, none cut off): a registry module's variables are not known here.

## Why is this bad?
`terraform validate`, `plan` and `apply` stop at the call: nothing is deployed. Unlike a
root module's variables, a child module's required variables cannot be given on the
command line or in a `.tfvars` file: only its caller can set them. See
https://developer.hashicorp.com/terraform/language/values/variables.

## Example
```hcl
module "network" {
  source = "./modules/network"
}

# modules/network/variables.tf
variable "cidr_block" {
  type = string
}
```

## Use instead
```hcl
module "network" {
  source     = "./modules/network"
  cidr_block = "10.0.0.0/16"
}

# modules/network/variables.tf
variable "cidr_block" {
  type = string
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import judged_module_calls
from tfjudge.rules.registry import rule


@rule(
    "core.missing-module-argument",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Module call without a variable the module requires",
    impact="terraform validate, plan and apply stop at the module call: nothing is deployed.",
    fix="Pass every required variable in the module block, or give the variable a default.",
)
def missing_module_argument(ctx: RuleContext) -> Iterator[Finding]:
    for judged in judged_module_calls(ctx):
        missing = [
            name
            for name, variable in judged.variables.items()
            if "default" not in variable.body.attributes and not judged.passes(name)
        ]
        if not missing:
            continue
        listed = ", ".join(f'"{n}"' for n in missing)
        plural = "s" if len(missing) > 1 else ""
        yield ctx.finding(
            f'Missing required argument: The argument "{missing[0]}" is required, but no '
            f"definition was found. {judged.name} does not set the variable{plural} {listed} "
            f"that {judged.child.directory}/ declares without a default.",
            judged.call.type_range,
            block=judged.call,
        )
