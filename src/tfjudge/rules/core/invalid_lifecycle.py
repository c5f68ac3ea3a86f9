"""## What it does
Reports a `lifecycle` setting of a resource that terraform reads before it knows any value,
in `terraform init`'s words:

- `prevent_destroy` or `create_before_destroy` computed from a variable, local value or
  resource (`prevent_destroy = var.environment == "prod"`): "Variables not allowed";
  from a function call: "Function calls not allowed";
- `ignore_changes` given anything but a literal list of attribute names, or `all`
  (`ignore_changes = var.ignore_tags ? [tags] : []`): "Invalid expression".

## Why is this bad?
`terraform init` stops while loading the configuration: nothing is planned or created.
The lifecycle of a resource is decided before variables exist, so these must be
literals; protecting only production needs two resource blocks, or a policy outside
Terraform. See
https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle.

## Example
```hcl
resource "aws_db_instance" "main" {
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.t3.micro"

  lifecycle {
    prevent_destroy = var.environment == "prod"
    ignore_changes  = var.ignore_password ? [password] : []
  }
}
```

## Use instead
```hcl
resource "aws_db_instance" "main" {
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.t3.micro"

  lifecycle {
    prevent_destroy = true
    ignore_changes  = [password]
  }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Attribute, Block, Expr, Traversal, TupleExpr
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import active_top_blocks, first_not_constant
from tfjudge.rules.registry import rule

STATIC_FLAGS = ("prevent_destroy", "create_before_destroy")


@rule(
    "core.invalid-lifecycle",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Lifecycle setting computed from values terraform does not have yet",
    impact="terraform init stops while loading the configuration: nothing is deployed.",
    fix="Write prevent_destroy and create_before_destroy as true or false, and "
    "ignore_changes as a list of attribute names (or all).",
)
def invalid_lifecycle(ctx: RuleContext) -> Iterator[Finding]:
    for _, block in active_top_blocks(ctx, frozenset({"resource"})):
        for lifecycle in block.body.blocks_of("lifecycle"):
            for name in STATIC_FLAGS:
                attribute = lifecycle.body.attributes.get(name)
                if attribute is not None:
                    yield from _dynamic_flag(ctx, block, attribute)
            ignored = lifecycle.body.attributes.get("ignore_changes")
            if ignored is not None and not _static_list(ignored.expr):
                yield ctx.finding(
                    "Invalid expression: A static list expression is required: "
                    "ignore_changes takes a list of attribute names, or all.",
                    ignored.expr.range,
                    block=block,
                    attribute="ignore_changes",
                )


def _dynamic_flag(ctx: RuleContext, block: Block, attribute: Attribute) -> Iterator[Finding]:
    problem = first_not_constant(attribute.expr)
    if problem is not None:
        at, message = problem
        yield ctx.finding(
            f"{message} {attribute.name} must be true or false as written: terraform reads it "
            "before any variable has a value.",
            at,
            block=block,
            attribute=attribute.name,
        )


def _static_list(expr: Expr) -> bool:
    """A literal list of references (`[tags, password]`), or the keyword `all`."""
    if isinstance(expr, Traversal):
        return not expr.steps and expr.root == "all"
    return isinstance(expr, TupleExpr)
