"""## What it does
Fires on an argument whose evaluated value AWS accepts (it is in the service's own list:
`data/aws/constraints.json`, from botocore's models) but the provider release the answer
is judged against does not: the provider checks the argument at `terraform validate`
against the list of the AWS SDK it was built with, which is older. The lists are the
provider's own (`scripts/make_provider_values.py` asks `terraform validate` of provider
5.100.0). Judged only when the answer's constraint selects that release (`~> 5.0`, a lock
file of 5.x, `--provider-version 5`) and admits no later major line (`>= 5.0, <= 6.42.0`
installs a 6.x release); an unpinned answer gets the newest provider, whose lists tfjudge
does not have, and values AWS refuses are `aws.invalid-value`'s. One finding
per argument and value, over every instance.

## Why is this bad?
`terraform validate` (and so plan and apply) stops: `expected runtime to be one of
["nodejs18.x" "nodejs20.x" "nodejs22.x" ...], got nodejs24.x`. Nothing is deployed until
the provider requirement is raised or the value changed. Newer runtimes, instance
families and protocols reach the provider a release or more after AWS launches them.

## Example
```hcl
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  handler       = "index.handler"
  runtime       = "nodejs24.x"
  filename      = "api.zip"
}
```

## Use instead
```hcl
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  filename      = "api.zip"
}
```
(or require a provider release that knows the value: `version = ">= 6.0"`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from tfjudge.aws.constraints import Constraint
from tfjudge.aws.values import constrained_arguments
from tfjudge.evaluate import Evaluator, Instance, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Attribute, Block
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.schema.provider import ProviderSchema
from tfjudge.schema.store import SchemaVersion
from tfjudge.schema.versions import SchemaChoice

SHOWN = 8


@rule(
    "schema.unsupported-value",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Value AWS accepts but the pinned provider release does not",
    impact="terraform validate stops at the value: nothing is deployed.",
    fix="Use a value the provider release accepts, or require a release that knows it.",
)
def unsupported_value(ctx: RuleContext) -> Iterator[Finding]:
    chosen = ctx.get(ProviderSchema)
    choice = chosen.choice
    if choice is not None and (choice.stand_in or choice.pins_older):
        return  # judged by a release the constraints do not install
    if choice is not None and _later_major_admitted(choice, chosen.schema.major):
        return  # init installs a later major line's release (">= 5.0, <= 6.42.0")
    version = chosen.schema
    if not version.has_value_lists:
        return  # the npm-derived schemas carry no lists
    references = ctx.get(References)
    evaluator = ctx.get(Evaluator)
    blocks = [
        block
        for module in ctx.configuration.modules.values()
        for block in references.active_blocks(module)
        if chosen.judges(block)
    ]
    for block, constraint, attribute, instances in constrained_arguments(blocks, evaluator):
        accepted = version.accepted_values(block.labels[0], constraint.argument)
        if accepted is None or "enum" not in constraint.facets:
            continue
        values = _values(evaluator, attribute, instances)
        for value in _refused(values, constraint, accepted):
            yield _finding(ctx, block, attribute, constraint, value, accepted, version)


def _later_major_admitted(choice: SchemaChoice, major: int) -> bool:
    if choice.overridden or not choice.pins:
        return False
    return any(admitted > major for admitted in choice.allowed_majors())


def _values(evaluator: Evaluator, attribute: Attribute, instances: list[Instance]) -> list[str]:
    found: list[str] = []
    for instance in instances:
        value = evaluator.evaluate(attribute.expr, instance)
        items = value if isinstance(value, (list, tuple)) else [value]
        found.extend(item for item in items if isinstance(item, str))
    return list(dict.fromkeys(found))


def _refused(values: Iterable[str], constraint: Constraint, accepted: frozenset[str]) -> list[str]:
    """Values AWS's list holds (others are aws.invalid-value's) and the provider's does not."""
    folded = bool(constraint.facets.get("values_ignore_case"))
    aws = {v.lower() if folded else v for v in constraint.facets["enum"]}
    provider = {v.lower() if folded else v for v in accepted}
    refused = []
    for value in values:
        key = value.lower() if folded else value
        if key in aws and key not in provider:
            refused.append(value)
    return refused


def _finding(
    ctx: RuleContext,
    block: Block,
    attribute: Attribute,
    constraint: Constraint,
    value: str,
    accepted: frozenset[str],
    version: SchemaVersion,
) -> Finding:
    listed = ", ".join(_nearest_first(accepted, value)[:SHOWN])
    choice = ctx.get(ProviderSchema).choice
    pinned = f" (this answer requires {choice.constraint})" if choice and choice.constraint else ""
    noun = constraint.noun.removesuffix("s")
    return ctx.finding(
        f'{constraint.label} "{value}" is a {noun} AWS accepts, but provider '
        f"{version.version}{pinned} does not know it: terraform validate stops with "
        f'"expected {constraint.label} to be one of [...]". Use one it knows ({listed}, ...), '
        "or require a provider release that knows the value.",
        attribute,
        block=block,
        attribute=constraint.argument,
    )


def _nearest_first(accepted: frozenset[str], value: str) -> list[str]:
    """The values that look like this one first, newest first (nodejs22.x, nodejs20.x, ...)."""

    def newest(name: str) -> tuple[bool, tuple[int, ...]]:
        numbers = re.findall(r"\d+", name)
        return not numbers, tuple(-int(number) for number in numbers)

    like = sorted((a for a in accepted if a[:3].lower() == value[:3].lower()), key=newest)
    return like + sorted(a for a in accepted if a[:3].lower() != value[:3].lower())
