"""## What it does
Reports an argument or nested block that Terraform's own blocks do not take, in
`terraform init`'s words ("Unsupported argument", "Unsupported block type"):

- `variable`: type, default, description, sensitive, nullable, ephemeral; blocks: validation;
- `output`: value, description, sensitive, depends_on, ephemeral; blocks: precondition;
- `terraform`: required_version, experiments, language; blocks: required_providers,
  backend, cloud, provider_meta.

Typical: `required = true` or `optional = true` in a variable (a variable without
`default` is required), `type = string` in an output, `region = ...` in `terraform`.

## Why is this bad?
`terraform init` reads these blocks before it installs anything and stops at the error:
nothing is planned or created. See
https://developer.hashicorp.com/terraform/language/values/variables.

## Example
```hcl
variable "environment" {
  type     = string
  required = true
}

output "bucket" {
  value = aws_s3_bucket.assets.bucket
  type  = string
}
```

## Use instead
```hcl
variable "environment" {
  type = string
}

output "bucket" {
  value = aws_s3_bucket.assets.bucket
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import TOP_LEVEL_LABELS
from tfjudge.parse.hcl.ast import Block
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

# Terraform 1.11's schemas of its own blocks (arguments, nested block types)
BODIES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "variable": (
        frozenset({"type", "default", "description", "sensitive", "nullable", "ephemeral"}),
        frozenset({"validation"}),
    ),
    "output": (
        frozenset({"value", "description", "sensitive", "depends_on", "ephemeral"}),
        frozenset({"precondition"}),
    ),
    "terraform": (
        frozenset({"required_version", "experiments", "language"}),
        frozenset({"required_providers", "backend", "cloud", "provider_meta"}),
    ),
}


@rule(
    "core.unknown-block-argument",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Argument or block a variable, output or terraform block does not take",
    impact="terraform init stops while loading the configuration: nothing is deployed.",
    fix="Remove it: a variable without default is required; an output has no type.",
)
def unknown_block_argument(ctx: RuleContext) -> Iterator[Finding]:
    for module in ctx.configuration.modules.values():
        for block in module.blocks:
            # a block with labels it does not take is core.invalid-top-level's finding
            if block.type in BODIES and len(block.labels) == len(TOP_LEVEL_LABELS[block.type]):
                yield from _check(ctx, block)


def _check(ctx: RuleContext, block: Block) -> Iterator[Finding]:
    arguments, blocks = BODIES[block.type]
    kind = f'{"an" if block.type[0] in "aeiou" else "a"} "{block.type}" block'
    for attribute in block.body.attributes.values():
        if attribute.name not in arguments:
            yield ctx.finding(
                f'Unsupported argument: An argument named "{attribute.name}" is not expected '
                f"here: {kind} takes {_listed(arguments)}.{_hint(block.type, attribute.name)}",
                attribute.name_range,
                block=block,
            )
    for nested in block.body.blocks:
        if nested.type not in blocks:
            yield ctx.finding(
                f'Unsupported block type: Blocks of type "{nested.type}" are not expected '
                f"here: {kind} takes the blocks {_listed(blocks)}.",
                nested.type_range,
                block=block,
            )


def _listed(names: frozenset[str]) -> str:
    return ", ".join(sorted(names))


def _hint(block_type: str, name: str) -> str:
    if block_type == "variable" and name in ("required", "optional"):
        return " A variable without a default is required; one with a default is optional."
    if block_type == "variable" and name == "value":
        return " A variable's value comes from its default, a .tfvars file or the caller."
    return ""
