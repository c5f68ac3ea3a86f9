"""## What it does
Reports an `experiments` argument in a `terraform` block (`experiments =
[module_variable_optional_attrs]`, even an empty list), in `terraform init`'s words
("Module uses experimental features").

## Why is this bad?
Experiments are only available in terraform's alpha builds; a release refuses a module
that names any, and the features of the old experiments have long been part of the
language (optional object attributes since 1.3). `terraform init` stops: nothing is
deployed. See https://developer.hashicorp.com/terraform/language/terraform#experiments.

## Example
```hcl
terraform {
  experiments = [module_variable_optional_attrs]
}
```

## Use instead
```hcl
terraform {
  required_version = ">= 1.3"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.core._common import active_top_blocks
from tfjudge.rules.registry import rule


@rule(
    "core.experiments",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "terraform block that opts into experiments",
    impact="terraform init stops: a terraform release refuses experimental features.",
    fix="Remove experiments; require the terraform release that made the feature standard.",
)
def experiments(ctx: RuleContext) -> Iterator[Finding]:
    for _, block in active_top_blocks(ctx, frozenset({"terraform"})):
        found = block.body.attributes.get("experiments")
        if found is not None:
            yield ctx.finding(
                "Module uses experimental features: experiments are available only in "
                "terraform's alpha builds, and every release refuses a module that sets "
                "experiments (their features, such as optional object attributes, are part "
                "of the language now).",
                found,
                block=block,
            )
