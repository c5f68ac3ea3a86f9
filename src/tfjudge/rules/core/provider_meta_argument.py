"""## What it does
Reports `for_each`, `count`, `depends_on` or `source` in a `provider` block. Terraform
reserves these names in provider configurations: one `provider` block is one static
configuration, and a configuration per region is one block per region with its own
`alias`.

## Why is this bad?
`terraform init` stops while loading the configuration ("Reserved argument name in
provider block"): nothing is planned or created. See
https://developer.hashicorp.com/terraform/language/providers/configuration.

## Example
```hcl
provider "aws" {
  for_each = toset(var.regions)
  alias    = each.key
  region   = each.key
}
```

## Use instead
```hcl
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

provider "aws" {
  alias  = "us_west_2"
  region = "us-west-2"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.references import References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

RESERVED = ("for_each", "count", "depends_on", "source")


@rule(
    "core.provider-meta-argument",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Meta-argument in a provider block",
    impact="terraform init stops while loading the configuration: nothing is deployed.",
    fix="Write one provider block per configuration, each with its own alias.",
)
def provider_meta_argument(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    for module in ctx.configuration.modules.values():
        for block in references.active_blocks(module):
            if block.type != "provider":
                continue
            for name in RESERVED:
                attribute = block.body.attributes.get(name)
                if attribute is None:
                    continue
                yield ctx.finding(
                    f"Reserved argument name in provider block: the provider argument name "
                    f'"{name}" is reserved for use by Terraform in a future version. A provider '
                    "block is one static configuration: repeat the block with a different "
                    "alias for each region or account instead.",
                    attribute.range,
                    block=block,
                    attribute=name,
                )
