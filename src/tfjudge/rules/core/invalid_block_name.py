"""## What it does
Reports a block label Terraform does not accept as a name, in `terraform init`'s words:

| label | summary |
|---|---|
| a resource's type or name | Invalid resource type name, Invalid resource name |
| a data source's type or name | Invalid data source name, Invalid data resource name |
| a module call's name | Invalid module instance name |
| a variable's name | Invalid variable name |
| an output's name | Invalid output name |
| a provider configuration's `alias` | Invalid provider configuration alias |

A name is an HCL identifier: a letter or underscore, then letters, digits, underscores
and dashes (`my.logs`, `1st`, `my logs`, `modules/vpc` and `""` are not). A variable may
also not take a name a module call reserves for its own arguments (`count`, `for_each`,
`source`, `version`, `providers`, `depends_on`, `lifecycle`, `locals`, `provider`).

## Why is this bad?
`terraform init` stops while loading the configuration: nothing is planned or created.
Every reference to the block (`aws_s3_bucket.my.logs`) is broken too.

## Example
```hcl
module "modules/network" {
  source = "./modules/network"
}

variable "count" {
  type = number
}
```

## Use instead
```hcl
module "network" {
  source = "./modules/network"
}

variable "instance_count" {
  type = number
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import TOP_LEVEL_LABELS
from tfjudge.parse.hcl.ast import Block, Literal
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.source import Range

BAD_IDENTIFIER = (
    "A name must start with a letter or underscore and may contain only letters, digits, "
    "underscores, and dashes."
)
# terraform init's summary for each label it reads as a name, by block type and position
SUMMARIES: dict[str, tuple[str, ...]] = {
    "resource": ("Invalid resource type name", "Invalid resource name"),
    "data": ("Invalid data source name", "Invalid data resource name"),
    "module": ("Invalid module instance name",),
    "variable": ("Invalid variable name",),
    "output": ("Invalid output name",),
}
# the arguments of a module block, which a module's variables may not be named after
RESERVED_VARIABLE_NAMES = frozenset(
    {
        "count",
        "depends_on",
        "for_each",
        "lifecycle",
        "locals",
        "provider",
        "providers",
        "source",
        "version",
    }
)


def is_identifier(name: str) -> bool:
    """HCL's identifier: a letter (any script) or `_`, then letters, digits, `_` and `-`."""
    return name[:1] != "-" and name.replace("-", "_").isidentifier()


@rule(
    "core.invalid-block-name",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Block name Terraform does not accept",
    impact="terraform init stops while loading the configuration: nothing is deployed.",
    fix="Name it with letters, digits, underscores and dashes, starting with a letter or "
    "underscore; rename variables that take a module argument's name.",
)
def invalid_block_name(ctx: RuleContext) -> Iterator[Finding]:
    for document in ctx.documents:
        if not document.file.path.endswith(".tf"):
            continue
        for block in document.body.blocks:
            for message, at in _problems(block):
                yield ctx.finding(message, at, block=block)


def _problems(block: Block) -> Iterator[tuple[str, Range]]:
    summaries = SUMMARIES.get(block.type)
    if summaries is not None and len(block.labels) == len(TOP_LEVEL_LABELS[block.type]):
        for label, at, summary in zip(block.labels, block.label_ranges, summaries, strict=False):
            if not is_identifier(label):
                yield f'{summary}: "{label}": {BAD_IDENTIFIER}', at
            elif block.type == "variable" and label in RESERVED_VARIABLE_NAMES:
                yield (
                    f'{summary}: The variable name "{label}" is reserved due to its special '
                    "meaning inside module blocks.",
                    at,
                )
    if block.type == "provider":
        alias = block.body.attributes.get("alias")
        if alias is not None and isinstance(alias.expr, Literal):
            value = alias.expr.value
            if isinstance(value, str) and not is_identifier(value):
                yield (
                    f'Invalid provider configuration alias: "{value}": An alias must be a '
                    f"valid name. {BAD_IDENTIFIER}",
                    alias.expr.range,
                )
