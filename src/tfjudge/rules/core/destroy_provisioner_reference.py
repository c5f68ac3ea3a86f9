"""## What it does
Reports a reference in a destroy-time provisioner (`when = destroy`), or in the
connection it uses (its own `connection` block, or the resource's), to anything but the
resource itself, in `terraform init`'s words ("Invalid reference from destroy
provisioner"): a variable, a local value, another resource, a data source or a module.
`self`, `count.index`, `each.key` / `each.value`, `path.*` and `terraform.workspace` are
fine.

## Why is this bad?
`terraform init` stops while loading the configuration: nothing is planned or created.
At destroy time the other objects may already be gone, so terraform lets a destroy
provisioner read only its own resource. See
https://developer.hashicorp.com/terraform/language/resources/provisioners/syntax#destroy-time-provisioners.

## Example
```hcl
resource "aws_instance" "app" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"

  provisioner "local-exec" {
    when    = destroy
    command = "aws s3 rm s3://${var.artifacts_bucket}/${self.id} --recursive"
  }
}
```

## Use instead
```hcl
resource "aws_instance" "app" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
  tags = {
    ArtifactsBucket = var.artifacts_bucket
  }

  provisioner "local-exec" {
    when    = destroy
    command = "aws s3 rm s3://${self.tags.ArtifactsBucket}/${self.id} --recursive"
  }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.references import scoped_traversals
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Attribute, Block, Literal, Traversal
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import active_top_blocks
from tfjudge.rules.registry import rule

ALLOWED_ROOTS = frozenset({"self", "count", "each", "path", "terraform"})


@rule(
    "core.destroy-provisioner-reference",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Destroy-time provisioner that refers to something other than its resource",
    impact="terraform init stops while loading the configuration: nothing is deployed.",
    fix="Read only self (copy what is needed into the resource's arguments or tags).",
)
def destroy_provisioner_reference(ctx: RuleContext) -> Iterator[Finding]:
    for _, block in active_top_blocks(ctx, frozenset({"resource"})):
        destroying = [p for p in block.body.blocks_of("provisioner") if _at_destroy(p)]
        if not destroying:
            continue
        holders = [*destroying, *block.body.blocks_of("connection")]
        for holder in holders:
            for attribute, traversal in _foreign(holder):
                yield ctx.finding(
                    "Invalid reference from destroy provisioner: Destroy-time provisioners "
                    "and their connection configurations may only reference attributes of "
                    "the related resource, via 'self', 'count.index', or 'each.key'; "
                    f"{traversal.dotted(2)} is not one of them.",
                    attribute.expr.range,
                    block=block,
                )


def _at_destroy(provisioner: Block) -> bool:
    when = provisioner.body.get("when")
    if isinstance(when, Traversal):
        return when.root == "destroy" and not when.steps
    return isinstance(when, Literal) and when.value == "destroy"


def _foreign(holder: Block) -> Iterator[tuple[Attribute, Traversal]]:
    """Each argument of a block (nested blocks included) that names something else than
    the resource, with the first such reference; `when` and `on_failure` hold keywords."""
    for nested in holder.walk_blocks():
        for name, attribute in nested.body.attributes.items():
            if nested is holder and name in ("when", "on_failure"):
                continue
            for traversal, bound in scoped_traversals(attribute.expr, frozenset()):
                if traversal.root not in ALLOWED_ROOTS and traversal.root not in bound:
                    yield attribute, traversal
                    break
