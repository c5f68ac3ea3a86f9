"""## What it does
Reports a second declaration of one thing in one module: two variables, outputs, module
calls or provider configurations (same alias) of one name, two resources or data sources
of one type and name, a local value defined twice, a second `required_providers`,
`backend` or `cloud` block in the module's `terraform` blocks (in any of its files). The
finding is at the second one and names where the first is, as terraform does.

An answer that repeats a file ("here is the updated main.tf") is not a duplicate: the
later copy (which tfjudge names `main_2.tf`) replaces the earlier one, so a declaration in
an earlier copy is never reported. Declarations repeated within one file, or in two
differently named files of one directory (`main.tf` and `variables.tf` both declaring
`variable "region"`), are.

## Why is this bad?
`terraform init` stops while loading the configuration: nothing is planned or created.

## Example
```hcl
# variables.tf
variable "region" {
  default = "us-east-1"
}

# main.tf
variable "region" {
  default = "us-west-2"
}
```

## Use instead
```hcl
# variables.tf
variable "region" {
  default = "us-east-1"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.references import Node, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import LocalValue
from tfjudge.parse.hcl.ast import Block
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "core.duplicate-declaration",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Duplicate declaration",
    impact="terraform init stops while loading the configuration: nothing is deployed.",
    fix="Keep one declaration (merge their settings) and delete the other.",
)
def duplicate_declaration(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    for module in ctx.configuration.modules.values():
        replaced = references.replaced_files(module)
        for first, again in references.duplicates(module):
            if _directory(first) != _directory(again):
                continue  # directories the model merged into one module: not terraform's view
            if _file(first) in replaced or _file(again) in replaced:
                continue  # an earlier copy of a repeated file: the later copy replaces it
            summary, detail = _words(first, again)
            at = again.attribute.range if isinstance(again, LocalValue) else again.range
            yield ctx.finding(
                f"{summary}: {detail}",
                at,
                address=_address(again),
                title=summary,
                related=[_place(first)],
            )


# terraform's summary and detail for a second settings block of one module
_SETTINGS = {
    "required_providers": (
        "Duplicate required providers configuration",
        "a module may have only one required providers configuration. The required "
        "providers were previously configured at {where}.",
    ),
    "backend": (
        "Duplicate backend configuration",
        "a module may declare only one backend configuration. The first backend was "
        "configured at {where}.",
    ),
    "cloud": (
        "Duplicate HCP Terraform configurations",
        "a module may declare only one cloud configuration. The first was configured at {where}.",
    ),
}


def _block(node: Node) -> Block:
    return node.block if isinstance(node, LocalValue) else node


def _file(node: Node) -> str:
    block = _block(node)
    return block.file.path if block.file else ""


def _directory(node: Node) -> str:
    block = _block(node)
    return block.file.directory if block.file else ""


def _place(node: Node) -> str:
    block = _block(node)
    file = block.file.path if block.file else "?"
    line = node.attribute.range.start_line if isinstance(node, LocalValue) else block.header_line
    return f"{file}:{line}"


def _address(node: Node) -> str:
    from tfjudge.model.config import block_address

    if isinstance(node, LocalValue):
        return node.address
    if node.type in _SETTINGS:
        return "terraform"
    return block_address(node) or node.type


def _words(first: Node, again: Node) -> tuple[str, str]:
    where = _place(first)
    if isinstance(again, LocalValue):
        return (
            "Duplicate local value definition",
            f'a local value named "{again.name}" was already defined at {where}. Local value '
            "names must be unique within a module.",
        )
    kind, labels = again.type, again.labels
    if kind in _SETTINGS:
        summary, detail = _SETTINGS[kind]
        return summary, detail.format(where=where)
    if kind == "variable":
        return (
            "Duplicate variable declaration",
            f'a variable named "{labels[0]}" was already declared at {where}. Variable names '
            "must be unique within a module.",
        )
    if kind == "output":
        return (
            "Duplicate output definition",
            f'an output named "{labels[0]}" was already defined at {where}. Output names must '
            "be unique within a module.",
        )
    if kind == "module":
        return (
            "Duplicate module call",
            f'a module call named "{labels[0]}" was already defined at {where}. Module calls '
            "must have unique names within a module.",
        )
    if kind == "provider":
        alias = _address(again).split(".")
        named = f' with alias "{alias[2]}"' if len(alias) > 2 else " without an alias"
        return (
            "Duplicate provider configuration",
            f'a provider configuration for "{labels[0]}"{named} was already given at {where}. '
            "Each configuration for the same provider must have a distinct alias.",
        )
    noun = "data resource" if kind == "data" else "resource"
    return (
        f'Duplicate {kind} "{labels[0]}" configuration',
        f'a {labels[0]} {noun} named "{labels[1]}" was already declared at {where}. Resource '
        "names must be unique per type in each module.",
    )
