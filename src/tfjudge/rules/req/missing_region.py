"""## What it does
Fires when the prompt asks for a deployment across several AWS Regions and names them
(two or more Region codes, with words such as "multi-region", "both regions", "in each
region", "provider aliases", "primary and secondary region"), and the response has one
AWS provider configuration at most: no second `provider "aws"` block, and no alias
declared or used (`provider = aws.west`), so every resource lands in one Region. The
default configuration counts when the response writes no provider block. A
configuration whose `region` is a literal (or a variable with a default) serves that
Region; the one finding names the Regions nothing serves (all but the first when the
region is not known).

A response with two or more AWS provider configurations, or that uses an alias, is not
judged here, even if their Regions differ from the prompt's; an alias used but never
declared is `core.undeclared-provider-alias`'s finding.

## Why is this bad?
A provider configuration is the only way a Terraform configuration reaches a Region: with
one AWS provider, the "multi-region" stack is a single-Region stack, and the disaster
recovery, failover or replication the prompt asked for does not exist. `for_each` cannot
create provider configurations, so the aliases must be written out. See
https://developer.hashicorp.com/terraform/language/providers/configuration
("alias: Multiple Provider Configurations").

## Example
Prompt: "Deploy identical infrastructure to us-east-1 and us-west-2."
```hcl
provider "aws" {
  region = "us-east-1"
}

resource "aws_vpc" "main" {
  cidr_block = "10.1.0.0/16"
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

resource "aws_vpc" "east" {
  provider   = aws.us_east_1
  cidr_block = "10.1.0.0/16"
}

resource "aws_vpc" "west" {
  provider   = aws.us_west_2
  cidr_block = "10.2.0.0/16"
}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tfjudge.evaluate import Evaluator, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block, Traversal
from tfjudge.patterns import lazy_pattern
from tfjudge.prompt.requirements import PromptRequirements, Requirement, cite, sentences
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

# what makes naming two Regions a request to deploy into both, not a mention
_MULTI_REGION = lazy_pattern(
    r"\bmulti-?region\b|\bmultiple (aws )?regions\b|\b(both|two|each|all|across) (the )?"
    r"(aws )?regions\b|\bin (both|each) region\b|\bprovider alias(es)?\b"
    r"|\bprimary\b[^.]{0,40}\bsecondary\b[^.]{0,20}\bregions?\b|\bsecond (aws )?region\b",
    re.IGNORECASE,
)


@rule(
    "req.missing-region",
    Severity.HIGH,
    Category.REQUIREMENTS,
    "A Region the prompt deploys to has no provider configuration",
    impact="Everything deploys into one Region: the multi-region design the prompt asks for "
    "does not exist.",
    fix='Add a provider "aws" block with an alias and region for each Region, and set '
    "provider = aws.<alias> on the resources of that Region.",
    requires=("prompt",),
)
def missing_region(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.configuration.resource_count == 0 or ctx.prompt is None:
        return  # no configuration to judge: format.no-code or an excerpt
    regions = ctx.get(PromptRequirements).regions
    if len(regions) < 2 or not _asks_for_several_regions(ctx.prompt.text):
        return
    providers = _aws_providers(ctx)
    if len(providers) > 1 or _has_aliases(ctx, providers):
        return  # several configurations: which Regions they serve is not judged here
    region = _region(ctx, providers[0]) if providers else None
    missing = [r for r in regions if r.key != region]
    if region is None:
        missing = missing[1:]  # the one configuration serves some Region: the first, say
    if missing:
        yield _finding(ctx, regions, missing, providers[0] if providers else None, region)


def _asks_for_several_regions(prompt: str) -> bool:
    return any(_MULTI_REGION.search(sentence.text) for sentence in sentences(prompt))


def _aws_providers(ctx: RuleContext) -> list[Block]:
    references = ctx.get(References)
    return [
        block
        for module in ctx.configuration.modules.values()
        for block in references.active_blocks(module)
        if block.type == "provider" and block.labels[:1] == ("aws",)
    ]


def _has_aliases(ctx: RuleContext, providers: list[Block]) -> bool:
    """Whether an alias of the AWS provider is declared or used (`provider = aws.west`, a
    module's `providers` map); an undeclared one is core.undeclared-provider-alias's."""
    if any("alias" in block.body.attributes for block in providers):
        return True
    references = ctx.get(References)
    return any(
        isinstance(expr, Traversal) and expr.root == "aws" and bool(expr.attr_names)
        for module in ctx.configuration.modules.values()
        for block in references.active_blocks(module)
        if block.type != "provider"
        for expr in block.expressions()
    )


def _region(ctx: RuleContext, block: Block) -> str | None:
    expr = block.body.get("region")
    if expr is None:
        return None
    value = ctx.get(Evaluator).evaluate(expr)
    return value if isinstance(value, str) else None


def _finding(
    ctx: RuleContext,
    regions: list[Requirement],
    missing: list[Requirement],
    provider: Block | None,
    region: str | None,
) -> Finding:
    named = ", ".join(r.key for r in regions)
    absent = ", ".join(r.key for r in missing)
    if provider is None:
        configured = 'no provider "aws" block, only the default configuration'
    elif region is None:
        configured = 'one provider "aws" configuration, without a known region'
    else:
        configured = f'one provider "aws" configuration, for {region}'
    message = (
        f"The prompt deploys to {len(regions)} Regions ({named}; prompt line "
        f"{regions[0].line}) and the response has {configured}, and no alias: every "
        f"resource lands in one Region, and nothing is deployed to {absent}. Add a "
        'provider "aws" block with an alias and region for each Region and set '
        "provider = aws.<alias> on its resources."
    )
    address = f"provider.aws.{missing[0].key.replace('-', '_')}"
    title = f"No provider configuration for {absent}"
    if provider is not None:
        finding = ctx.finding(message, provider.type_range, block=provider, title=title)
        finding.address = address
    else:
        finding = ctx.finding(message, address=address, title=title)
    return cite(finding, missing[0])
