"""## What it does
Reports what Terraform cannot load at the top level of a `.tf` file, one finding each, with
terraform's own words:

- a block with fewer labels than its type takes ("Missing name for resource": `resource`,
  `data` and `ephemeral` take a type and a name; `module`, `provider`, `variable`, `output`
  and `check` a name);
- a block with more labels than that ("Extraneous label for locals": `locals`,
  `terraform`, `moved`, `import` and `removed` take none);
- a block of a type Terraform does not have ("Unsupported block type": `schedule`,
  `ingress`, a resource type written without `resource`);
- an argument outside any block ("Unsupported argument": `region = "us-east-1"` at the top
  of `main.tf`, a value that belongs in a `.tfvars` file).

Not reported: an indented block or argument after a syntax error of its file, where the
parser's recovery closed the block it was written in (terraform reports the syntax error).

## Why is this bad?
`terraform init` loads the whole configuration before it does anything and stops at these
errors: nothing is planned or created. A block without its name is also invisible to
everything that refers to it.

## Example
```hcl
resource "aws_s3_bucket" {
  bucket = "app-assets"
}

region = "us-east-1"
```

## Use instead
```hcl
resource "aws_s3_bucket" "assets" {
  bucket = "app-assets"
}

provider "aws" {
  region = "us-east-1"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import TOP_LEVEL_LABELS
from tfjudge.parse.hcl.ast import Block, HclDocument
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.source import Range

# top-level blocks of Terraform releases newer than the one these labels were checked with
NOT_JUDGED = {"action"}


@rule(
    "core.invalid-top-level",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Top-level block or argument Terraform cannot load",
    impact="terraform init stops while loading the configuration: nothing is deployed.",
    fix="Give each block the labels its type takes, use only Terraform's block types at the "
    "top level, and move bare arguments into the block (or .tfvars file) they belong to.",
)
def invalid_top_level(ctx: RuleContext) -> Iterator[Finding]:
    for document in ctx.documents:
        if not document.file.path.endswith(".tf"):
            continue
        body = document.body
        for attribute in [*body.attributes.values(), *body.duplicates]:
            if _recovered(document, attribute.name_range):
                continue
            yield ctx.finding(
                f'Unsupported argument: an argument named "{attribute.name}" is not expected '
                "here. Arguments belong inside a block (provider settings in the provider "
                "block, values of variables in a .tfvars file).",
                attribute.name_range,
            )
        for block in body.blocks:
            if _recovered(document, block.type_range):
                continue
            message = _problem(block)
            if message is not None:
                yield ctx.finding(message, block.type_range, block=block)


def _recovered(document: HclDocument, where: Range) -> bool:
    """Whether an indented block or argument comes after a syntax error of its file: the
    parser's recovery closed the block it was written in (terraform reports only the
    syntax error)."""
    if where.start_column == 1:
        return False
    return any(error.range.start_line < where.start_line for error in document.errors)


def _problem(block: Block) -> str | None:
    kind = block.type
    expected = TOP_LEVEL_LABELS.get(kind)
    if expected is None:
        if kind in NOT_JUDGED:
            return None
        return f'Unsupported block type: blocks of type "{kind}" are not expected here.'
    count = len(block.labels)
    names = ", ".join(expected)
    if count < len(expected):
        missing = expected[count]
        return (
            f"Missing {missing} for {kind}: all {kind} blocks must have {len(expected)} "
            f"labels ({names})."
        )
    if count > len(expected):
        if not expected:
            return f"Extraneous label for {kind}: no labels are expected for {kind} blocks."
        return (
            f"Extraneous label for {kind}: only {len(expected)} labels ({names}) are "
            f"expected for {kind} blocks."
        )
    return None
