"""## What it does
Fires once when a Markdown response shows HCL but no block of it is a file of a
configuration (there is no `.tf` file at all), and at least one block is Terraform the
answer left unfinished or out of place: code with `...` lines standing for parts left out,
blocks that are not top-level in Terraform (`backend "s3" {`, `ingress {`, `lifecycle {`)
or arguments beside blocks, or one side of a before/after comparison. Values alone
(`name = value` lines with no file named) are not judged: they answer a question about
inputs.

## Why is this bad?
There is no configuration to run: `terraform init` in a directory made from the answer
finds nothing to load, so nothing is planned or created. The reader has to know where each
piece goes, which is the work the answer was asked to do.

## Example
````markdown
Add the state backend:

```hcl
backend "s3" {
  bucket = "state"
  key    = "app.tfstate"
}
```
````

## Use instead
````markdown
```hcl
terraform {
  backend "s3" {
    bucket = "state"
    key    = "app.tfstate"
  }
}
```
````
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "format.fragments-only",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "The response's HCL is only fragments, no configuration",
    impact="There is no .tf file to run: nothing can be planned or applied as given.",
    fix="Show each block inside the file and the top-level block it belongs to.",
)
def fragments_only(ctx: RuleContext) -> Iterator[Finding]:
    response = ctx.response
    if response.kind != "markdown" or response.terraform_files:
        return
    pieces = [f for f in response.files if f.language == "hcl" and f.fragment != "values"]
    if not pieces:
        return
    reasons = sorted({_REASONS.get(f.fragment, _REASONS["fragment"]) for f in pieces})
    count = len(pieces)
    yield ctx.finding(
        f"The response shows Terraform in {count} block{'s' if count != 1 else ''}, but none "
        f"is a file of a configuration: {'; '.join(reasons)}. There is nothing terraform can "
        "load as given.",
        response_line=pieces[0].source_line or 1,
    )


_REASONS = {
    "elided": "code is left out behind `...` lines",
    "illustration": "code is shown as one side of a before/after comparison",
    "fragment": "blocks stand outside the top-level block they belong in",
}
