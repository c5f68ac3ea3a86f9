"""## What it does
Fires once when the answer declares the AWS provider (a `provider "aws"` block or an `aws`
entry in `required_providers`) and constrains its version nowhere: no `version` in any
module's `required_providers` entry for hashicorp/aws and no legacy `version` argument on a
`provider "aws"` block. The finding stands at the `required_providers` entry when there is
one, else at the first `provider "aws"` block.

Not judged: an answer that declares no AWS provider at all (it may be meant for a provider
configuration the task already has), and a module whose `required_providers` lists other
providers but not `aws` (`ops.provider-not-required` reports that).

## Why is this bad?
`terraform init` then installs the newest hashicorp/aws release. A new major version
(4.0 split `aws_s3_bucket`, 5.0 and 6.0 removed arguments) turns a configuration that
planned yesterday into errors today, and two people running init a month apart get
different providers. See "Version Constraints" and "Provider Requirements" in the
Terraform language documentation ("each module should at least declare the minimum
provider version it is known to work with", and the root module should constrain it).

## Example
```hcl
provider "aws" {
  region = var.aws_region
}
```

## Use instead
```hcl
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.aws_region
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import Configuration
from tfjudge.parse.hcl.ast import Attribute, Block
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.schema.versions import find_pins

FIX_CODE = """terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}
"""


@rule(
    "ops.provider-version-unpinned",
    Severity.LOW,
    Category.MAINTAINABILITY,
    "AWS provider without a version constraint",
    impact="init installs the newest hashicorp/aws; a new major version can break the "
    "configuration on a later init.",
    fix='Add aws = { source = "hashicorp/aws", version = "~> 5.0" } to required_providers.',
)
def provider_version_unpinned(ctx: RuleContext) -> Iterator[Finding]:
    configuration = ctx.configuration
    if find_pins(configuration) or _lists_others_only(configuration):
        return
    references = ctx.get(References)
    entry = _required_entry(configuration)
    providers = [
        block
        for module in configuration.modules.values()
        for block in module.providers
        if block.labels[:1] == ("aws",) and not references.is_superseded(block)
    ]
    if entry is not None:
        attribute, terraform = entry
        yield ctx.finding(
            "required_providers lists aws with no version constraint, and no provider "
            '"aws" block sets one: terraform init installs the newest hashicorp/aws release, '
            "so a new major version can break the configuration on a later init.",
            attribute,
            block=terraform,
            address="provider.aws",
            fix_code=FIX_CODE,
        )
    elif providers:
        first = providers[0]
        yield ctx.finding(
            'provider "aws" is configured but no version constraint is declared (no '
            "terraform { required_providers } entry for aws): terraform init installs the "
            "newest hashicorp/aws release, so a new major version can break the "
            "configuration on a later init.",
            first.type_range,
            block=first,
            fix_code=FIX_CODE,
            related=[f"{b.file.path}:{b.header_line}" for b in providers[1:] if b.file],
        )


def _required_entry(configuration: Configuration) -> tuple[Attribute, Block] | None:
    """The first `aws` entry of a required_providers block, with its terraform block."""
    for module in configuration.modules.values():
        for terraform in module.terraform_blocks:
            for block in terraform.body.blocks_of("required_providers"):
                attribute = block.body.attributes.get("aws")
                if attribute is not None:
                    return attribute, terraform
    return None


def _lists_others_only(configuration: Configuration) -> bool:
    """Some module's required_providers lists providers but not aws: the omission is
    ops.provider-not-required's finding, not a missing version."""
    for module in configuration.modules.values():
        blocks = [
            block
            for terraform in module.terraform_blocks
            for block in terraform.body.blocks_of("required_providers")
        ]
        if blocks and not any("aws" in block.body.attributes for block in blocks):
            uses_aws = any(
                b.type in ("resource", "data")
                and b.labels[:1] != ()
                and b.labels[0].startswith("aws_")
                for b in module.blocks
            )
            if uses_aws:
                return True
    return False
