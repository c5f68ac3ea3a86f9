"""## What it does
Fires when a module has a `terraform { required_providers { ... } }` block and uses a
resource or data source of a provider that block does not list (`data "archive_file"`,
`resource "random_password"`, `tls_private_key`, `null_resource`, `local_file`,
`time_sleep`, ...). The provider is the one terraform picks: the `provider` meta-argument's
name, else the type's prefix. Terraform's built-in `terraform_data` and
`terraform_remote_state` need no entry. One finding per module and provider, at its first
block, the other blocks listed. A module without `required_providers` is not judged: it
pins nothing, and this rule is about the one provider left out of a list that pins the
others.

## Why is this bad?
Terraform then assumes the source `hashicorp/<name>` and installs its newest version: the
answer pins `aws` and leaves `random` to chance, so a new major version of the omitted
provider can change or break the configuration on the next `init`, and the lock file is
the only record of what was used. For a provider outside the `hashicorp` namespace the
implicit source does not exist and `terraform init` fails ("does not have a provider
named registry.terraform.io/hashicorp/<name>"). See
https://developer.hashicorp.com/terraform/language/providers/requirements ("Each
Terraform module must declare which providers it requires") and "Implicit provider
source addresses" there.

## Example
```hcl
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

data "archive_file" "lambda" {
  type        = "zip"
  source_file = "${path.module}/handler.py"
  output_path = "${path.module}/handler.zip"
}
```

## Use instead
```hcl
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.4"
    }
  }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate.references import References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import Module, block_address
from tfjudge.parse.hcl.ast import Block, GetAttr, Traversal
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.schema.provider import provider_local_name

# Providers published under the hashicorp namespace that answers use
# (https://registry.terraform.io/namespaces/hashicorp): the implicit source exists.
HASHICORP_PROVIDERS = frozenset(
    {
        "archive",
        "aws",
        "awscc",
        "cloudinit",
        "dns",
        "external",
        "helm",
        "http",
        "kubernetes",
        "local",
        "null",
        "random",
        "time",
        "tls",
    }
)
_BUILT_IN = "terraform"
_REFERENCE_ROOTS = {"var", "local", "each", "count", "module", "data", "path", "terraform", "self"}


@rule(
    "ops.provider-not-required",
    Severity.LOW,
    Category.MAINTAINABILITY,
    "Provider used but not in required_providers",
    impact="init installs the newest version of the omitted provider, unpinned.",
    fix="Add the provider with its source and a version constraint to required_providers.",
)
def provider_not_required(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    for module in ctx.configuration.modules.values():
        listed = _listed(module)
        if listed is None:
            continue
        missing: dict[str, list[Block]] = {}
        for block in module.blocks:
            if block.type not in ("resource", "data") or references.is_superseded(block):
                continue
            name = _provider_name(block)
            if name is None or name == _BUILT_IN or name in listed[0]:
                continue
            missing.setdefault(name, []).append(block)
        for name, blocks in missing.items():
            yield _finding(ctx, name, blocks, listed[1])


def _provider_name(block: Block) -> str | None:
    """The provider's local name; None when the `provider` argument is not a static
    reference (core.dynamic-provider-reference reports that)."""
    provider = block.body.get("provider")
    if provider is None:
        return provider_local_name(block)
    if (
        isinstance(provider, Traversal)
        and provider.root not in _REFERENCE_ROOTS
        and len(provider.steps) <= 1
        and all(isinstance(step, GetAttr) for step in provider.steps)
    ):
        return provider.root
    return None


def _listed(module: Module) -> tuple[set[str], Block] | None:
    """The names `required_providers` lists and the first such block (None without one)."""
    names: set[str] = set()
    first: Block | None = None
    for terraform in module.terraform_blocks:
        for block in terraform.body.blocks_of("required_providers"):
            first = first or block
            names.update(block.body.attributes)
    return (names, first) if first is not None else None


def _finding(ctx: RuleContext, name: str, blocks: list[Block], required: Block) -> Finding:
    first = blocks[0]
    used = ", ".join(block_address(b) or b.type for b in blocks[:4])
    more = f" and {len(blocks) - 4} more" if len(blocks) > 4 else ""
    where = f" ({required.file.path}:{required.header_line})" if required.file else ""
    if name in HASHICORP_PROVIDERS:
        consequence = (
            f"terraform init installs the newest hashicorp/{name} implicitly, unpinned, so "
            "a new major version can change or break the configuration on a later init."
        )
        severity = Severity.LOW
    else:
        consequence = (
            f"terraform assumes the source hashicorp/{name}; unless that provider exists, "
            f'init fails ("does not have a provider named registry.terraform.io/'
            f'hashicorp/{name}").'
        )
        severity = Severity.MEDIUM
    return ctx.finding(
        f'{used}{more} use{"s" if len(blocks) == 1 else ""} the provider "{name}", which '
        f"required_providers{where} does not list: {consequence}",
        first.type_range,
        block=first,
        severity=severity,
        title=f'Provider "{name}" is used but not in required_providers',
        related=[f"{b.file.path}:{b.header_line}" for b in blocks[1:] if b.file],
    )
