"""## What it does
Fires when an answer pins the AWS provider to one major version (`version = "~> 5.0"`,
`">= 6.0"`) and uses resource types, arguments, blocks or attributes that exist only in the
other major version tfjudge knows (5.100.0 and 6.66.0): `region` on an `aws_s3_bucket` or
`data.aws_region.current.region` under `~> 5.0`; `stage_name` on an
`aws_api_gateway_deployment` or `vpc = true` on an `aws_eip` under `~> 6.0`. One finding,
on the version constraint, lists every such place (each is also reported by its own
schema rule). A required argument left out that the other major makes optional is not such
a place: leaving something out is not writing for the other version. Answers that pin
nothing (terraform installs the newest) and constraints that admit both majors do not
fire; `--provider-version` turns it off.

## Why is this bad?
`terraform init` installs what the constraint allows, and `terraform validate` then
rejects every setting of the other major version: the answer was written against one
provider and pinned to another. Changing one line, the constraint, or rewriting the
settings fixes all of them.

## Example
```hcl
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

resource "aws_s3_bucket" "replica" {
  bucket = "example-replica"
  region = "eu-west-1"
}
```

## Use instead
```hcl
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 6.0" }
  }
}

resource "aws_s3_bucket" "replica" {
  bucket = "example-replica"
  region = "eu-west-1"
}
```

Source: the provider's schemas for 5.100.0 (`terraform providers schema -json`) and 6.66.0
(npm `@cdktn/provider-aws` 25.7.0), shipped with tfjudge.
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.schema.check import Problem, SchemaProblems
from tfjudge.schema.provider import ProviderSchema
from tfjudge.schema.store import version_key

SHOWN = 8


@rule(
    "schema.provider-version-mismatch",
    Severity.HIGH,
    Category.DEPLOYMENT_BLOCKER,
    "Provider pinned to one major version, code written for the other",
    impact="terraform validate rejects every setting of the other major version.",
    fix="Pin the major version the code is written for, or rewrite those settings.",
)
def provider_version_mismatch(ctx: RuleContext) -> Iterator[Finding]:
    choice = ctx.get(ProviderSchema).choice
    if choice is None or choice.overridden or choice.pinned_major is None or not choice.pins:
        return
    # what the answer writes that only the other major has; a required argument left out
    # is an omission, not code written for the other version (its own finding says more)
    elsewhere = [
        p
        for p in ctx.get(SchemaProblems).problems
        if p.other_version
        and p.aspect != "optional"
        and version_key(p.other_version)[0] != choice.pinned_major
    ]
    if not elsewhere:
        return
    other = elsewhere[0].other_version
    places = []
    for problem in elsewhere:
        where = ctx.finding(problem.message, problem.at, block=problem.block)
        places.append(f"{_thing(problem)} ({where.file}:{where.line})")
    shown = "; ".join(places[:SHOWN]) + (
        f"; and {len(places) - SHOWN} more" if len(places) > SHOWN else ""
    )
    pin = choice.pins[0]
    yield ctx.finding(
        f"This answer pins hashicorp/aws {choice.constraint} (judged against "
        f"{choice.schema.version}), but {len(places)} of its settings exist only in provider "
        f"{other}: {shown}. Pin the major version the code is written for "
        f'(version = "~> {version_key(str(other))[0]}.0") or rewrite them.',
        pin.attribute,
        block=pin.block,
        title=f"Pinned to hashicorp/aws {choice.constraint}, written for provider {other}",
        related=places,
    )


def _thing(problem: Problem) -> str:
    """`aws_s3_bucket.region`, `data.aws_region.region`, `aws_x` (a type)."""
    assert problem.subject is not None
    kind, type_name, path, name = problem.subject
    prefix = "data." if kind == "data" else ""
    return prefix + ".".join(part for part in (type_name or 'provider "aws"', *path, name) if part)
