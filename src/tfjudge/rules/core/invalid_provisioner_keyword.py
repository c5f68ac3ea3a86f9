"""## What it does
Reports a provisioner's `when` or `on_failure` that is not one of its keywords, in
`terraform init`'s words: `when` takes `create` or `destroy`, `on_failure` takes
`continue` or `fail`, written bare (`when = destroy`; quoted, `"destroy"`, is a
deprecation warning, not an error). A variable, a condition or another word
(`when = destroyed`, `on_failure = ignore`, `when = var.phase`) is "Invalid "when"
keyword".

## Why is this bad?
`terraform init` stops while loading the configuration: nothing is planned or created.
The keywords decide when terraform runs the provisioner, before any value is known. See
https://developer.hashicorp.com/terraform/language/resources/provisioners/syntax.

## Example
```hcl
resource "terraform_data" "cleanup" {
  provisioner "local-exec" {
    when       = on_destroy
    on_failure = ignore
    command    = "rm -rf build"
  }
}
```

## Use instead
```hcl
resource "terraform_data" "cleanup" {
  provisioner "local-exec" {
    when       = destroy
    on_failure = continue
    command    = "rm -rf build"
  }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Attribute, Literal, Traversal
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import active_top_blocks
from tfjudge.rules.registry import rule

KEYWORDS = {"when": ("create", "destroy"), "on_failure": ("continue", "fail")}


@rule(
    "core.invalid-provisioner-keyword",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Provisioner when or on_failure that is not one of its keywords",
    impact="terraform init stops while loading the configuration: nothing is deployed.",
    fix="Write when = create or destroy, and on_failure = continue or fail, as bare words.",
)
def invalid_provisioner_keyword(ctx: RuleContext) -> Iterator[Finding]:
    for _, block in active_top_blocks(ctx, frozenset({"resource"})):
        for provisioner in block.body.blocks_of("provisioner"):
            for name, allowed in KEYWORDS.items():
                attribute = provisioner.body.attributes.get(name)
                if attribute is not None and _keyword(attribute) not in allowed:
                    yield ctx.finding(
                        f'Invalid "{name}" keyword: The "{name}" argument requires one of the '
                        f"following keywords: {allowed[0]} or {allowed[1]}.",
                        attribute.expr.range,
                        block=block,
                        attribute=name,
                    )


def _keyword(attribute: Attribute) -> str | None:
    """The word `when = destroy` or `when = "destroy"` gives; None for anything else."""
    expr = attribute.expr
    if isinstance(expr, Traversal) and not expr.steps:
        return expr.root
    if isinstance(expr, Literal) and isinstance(expr.value, str):
        return expr.value
    return None
