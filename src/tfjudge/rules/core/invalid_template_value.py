"""## What it does
Reports a value terraform cannot include in a string template: a list, map, object or
tuple interpolated into a string (`"apt-get install -y ${var.packages}"` with
`packages = ["nginx", "git"]`), or a null (`"app-${var.suffix}"` with `default = null`).
The value must be known before apply: literals, locals, variable defaults and
`terraform.tfvars`, module arguments. An interpolation inside `try()` or `can()`, or in
the branch of a conditional that is not taken, is not reported, as terraform does not
report it. One finding per place, at the interpolation.

## Why is this bad?
`terraform validate` accepts it (the variable's value is not known then), and `terraform
plan` stops with "Invalid template interpolation value": nothing is planned. The common
case in generated answers is a list of packages, ports or names written into a user-data
script or a name.

## Example
```hcl
variable "packages" {
  type    = list(string)
  default = ["nginx", "git"]
}

resource "aws_instance" "web" {
  ami           = "ami-0c02fb55956c7d316"
  instance_type = "t3.micro"
  user_data     = "apt-get install -y ${var.packages}"
}
```

## Use instead
```hcl
resource "aws_instance" "web" {
  ami           = "ami-0c02fb55956c7d316"
  instance_type = "t3.micro"
  user_data     = "apt-get install -y ${join(" ", var.packages)}"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.evaluator import Evaluator
from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import block_at
from tfjudge.rules.registry import rule


@rule(
    "core.invalid-template-value",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Value a string template cannot include",
    impact="terraform plan stops at the interpolation: nothing is planned or deployed.",
    fix='Join a list (join(" ", var.x)), encode a map (jsonencode), or give the value a '
    "non-null default.",
)
def invalid_template_value(ctx: RuleContext) -> Iterator[Finding]:
    for where, message in ctx.get(Evaluator).interpolation_errors():
        yield ctx.finding(f"{message}.", where, block=block_at(ctx, where))
