"""## What it does
Reports a value terraform cannot include in a string template: a list, map, object or
tuple interpolated into a string (`"apt-get install -y ${var.packages}"` with
`packages = ["nginx", "git"]`), or a null (`"app-${var.suffix}"` with `default = null`).
The value must be known before apply: literals, locals, variable defaults and
`terraform.tfvars`, module arguments. An interpolation inside `try()` or `can()`, or in
the branch of a conditional that is not taken, is not reported, as terraform does not
report it. One finding per place, at the interpolation; a null is medium: it comes from
an input's default (`var.suffix` with `default = null`, here or in a caller), which the
user or a caller may give.

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
from tfjudge.evaluate.references import References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block, GetAttr, Traversal
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import block_at
from tfjudge.rules.registry import rule
from tfjudge.source import Range


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
        block = block_at(ctx, where)
        if not message.endswith("null"):
            yield ctx.finding(f"{message}.", where, block=block)
            continue
        # null comes from an input's default (here or in a caller): plan stops unless a
        # value is given, which a user or a caller may do
        name = _root_input(ctx, block, where)
        why = (
            f" (var.{name} defaults to null); terraform plan stops unless var.{name} is given"
            if name
            else " (an input left at a null default); terraform plan stops unless it is given"
        )
        yield ctx.finding(
            f"{message}{why} a value.",
            where,
            block=block,
            severity=Severity.MEDIUM,
        )


def _root_input(ctx: RuleContext, block: Block | None, where: Range) -> str | None:
    """The variable an interpolation reads when it is just `var.<name>` in a root module
    (no call gives it a value: the user does)."""
    if block is None:
        return None
    module = ctx.configuration.module_of(block)
    if module.callers:
        return None
    read = next((e for e in block.expressions() if e.range == where), None)
    if not isinstance(read, Traversal) or read.root != "var" or len(read.steps) != 1:
        return None
    step = read.steps[0]
    if not isinstance(step, GetAttr):
        return None
    declared = ctx.get(References).declaration(module, f"var.{step.name}")
    return step.name if isinstance(declared, Block) else None
