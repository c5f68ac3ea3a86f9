"""## What it does
Fires for what stops `terraform destroy`:

- an `aws_db_instance` or `aws_rds_cluster` whose `skip_final_snapshot` is not `true` (it
  defaults to false) and that sets no `final_snapshot_identifier`: destroy fails with
  "final_snapshot_identifier is required when skip_final_snapshot is false", in any
  configuration;
- when the prompt says the stack is meant to be torn down (it must be destroyable, is
  for testing or CI, is deployed in parallel with an environment suffix, is temporary):
  `deletion_protection = true` (RDS, Aurora, DynamoDB's `deletion_protection_enabled`, a
  load balancer's `enable_deletion_protection`) and `lifecycle { prevent_destroy = true }`.

## Why is this bad?
A stack that cannot be destroyed blocks every pipeline that deploys, tests and removes it:
the destroy step fails half-way, leaving resources that keep costing money and names that
collide with the next run. See the `skip_final_snapshot` argument of `aws_db_instance`.

## Example
```hcl
resource "aws_db_instance" "app" {
  identifier = "app-${var.environment_suffix}"
}
```

## Use instead
```hcl
resource "aws_db_instance" "app" {
  identifier          = "app-${var.environment_suffix}"
  skip_final_snapshot = true
}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tfjudge.evaluate import Evaluator, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block
from tfjudge.patterns import lazy_pattern
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

SNAPSHOT_TYPES = ("aws_db_instance", "aws_rds_cluster")
PROTECTION = {
    "aws_db_instance": "deletion_protection",
    "aws_rds_cluster": "deletion_protection",
    "aws_dynamodb_table": "deletion_protection_enabled",
    "aws_lb": "enable_deletion_protection",
    "aws_alb": "enable_deletion_protection",
    "aws_docdb_cluster": "deletion_protection",
    "aws_neptune_cluster": "deletion_protection",
}
TEARDOWN = lazy_pattern(
    r"\b(?:destroy(?:able|ed)?|tear(?:ing)?[ -]?down|teardown|clean[ -]?up|ephemeral|"
    r"temporary|short[ -]lived|test(?:ing)? (?:environment|stack|deployment)|ci/cd|"
    r"parallel deployments?|multiple times|environment_?suffix|environmentSuffix)\b",
    re.IGNORECASE,
)


@rule(
    "ops.not-destroyable",
    Severity.MEDIUM,
    Category.MAINTAINABILITY,
    "Resource that stops terraform destroy",
    impact="terraform destroy fails half-way, leaving resources that cost money and collide "
    "with the next deployment.",
    fix="Set skip_final_snapshot = true (or a final_snapshot_identifier); drop deletion "
    "protection and prevent_destroy from stacks meant to be torn down.",
)
def not_destroyable(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    references = ctx.get(References)
    teardown = _meant_to_be_torn_down(ctx)
    for block in ctx.configuration.all_resources():
        if references.is_superseded(block) or not evaluator.instances(block):
            continue
        kind = block.labels[0]
        if kind in SNAPSHOT_TYPES:
            yield from _final_snapshot(ctx, evaluator, block)
        if teardown is None:
            continue
        argument = PROTECTION.get(kind)
        if argument is not None and any(
            v is True for _, v in evaluator.attribute_values(block, argument)
        ):
            yield ctx.finding(
                f"{kind}.{block.labels[1]} sets {argument} = true, so destroy fails, in a "
                f"stack the prompt means to tear down ({teardown}).",
                block.body.attributes.get(argument) or block,
                block=block,
                attribute=argument,
            )
        lifecycle = block.body.first_block("lifecycle")
        prevent = lifecycle.body.attributes.get("prevent_destroy") if lifecycle else None
        if prevent is not None and evaluator.evaluate(prevent.expr) is True:
            yield ctx.finding(
                f"{kind}.{block.labels[1]} sets prevent_destroy = true, so destroy refuses to "
                f"run, in a stack the prompt means to tear down ({teardown}).",
                prevent,
                block=block,
                attribute="prevent_destroy",
            )


def _final_snapshot(ctx: RuleContext, evaluator: Evaluator, block: Block) -> Iterator[Finding]:
    for instance in evaluator.instances(block):
        skip = evaluator.attribute(block, "skip_final_snapshot", instance)
        identifier = evaluator.attribute(block, "final_snapshot_identifier", instance)
        if skip in (False, None) and identifier is None:
            attribute = block.body.attributes.get("skip_final_snapshot")
            state = "false" if attribute is not None else "not set (it defaults to false)"
            yield ctx.finding(
                f"{block.labels[0]}.{block.labels[1]} has skip_final_snapshot {state} and no "
                "final_snapshot_identifier: terraform destroy fails with "
                '"final_snapshot_identifier is required when skip_final_snapshot is false".',
                attribute or block,
                block=block,
                attribute="skip_final_snapshot",
            )
            return


def _meant_to_be_torn_down(ctx: RuleContext) -> str | None:
    """The prompt's words saying the stack is meant to be destroyed, if it says so."""
    prompt = ctx.prompt
    text = getattr(prompt, "text", None)
    if not isinstance(text, str):
        return None
    match = TEARDOWN.search(text)
    return f'"{match.group(0)}"' if match else None
