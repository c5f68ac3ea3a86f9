"""## What it does
Fires for each `aws_cloudwatch_log_group` whose `retention_in_days` is not set or is `0`
(both mean "never expire"). A value known only at apply is not judged.

## Why is this bad?
Logs are kept, and billed, forever: ingestion-heavy groups (VPC flow logs, Lambda, API
access logs) grow without bound, and logs holding personal data outlive every retention
rule. See "Change log data retention in CloudWatch Logs".

## Example
```hcl
resource "aws_cloudwatch_log_group" "app" {
  name = "/aws/lambda/app"
}
```

## Use instead
```hcl
resource "aws_cloudwatch_log_group" "app" {
  name              = "/aws/lambda/app"
  retention_in_days = 30
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "security.log-group-retention-missing",
    Severity.MEDIUM,
    Category.COST,
    "CloudWatch log group without retention",
    impact="Logs are kept and billed forever, past any retention requirement.",
    fix="Set retention_in_days (for example 30, 90 or 365).",
    applies_to=("aws_cloudwatch_log_group",),
)
def log_group_retention_missing(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    references = ctx.get(References)
    for block in ctx.configuration.all_resources():
        if block.labels[0] != "aws_cloudwatch_log_group" or references.is_superseded(block):
            continue
        values = [v for _, v in evaluator.attribute_values(block, "retention_in_days")]
        if not values or not any(v is None or v == 0 for v in values):
            continue
        attribute = block.body.attributes.get("retention_in_days")
        state = "0 (never expire)" if attribute is not None else "not set (never expire)"
        yield ctx.finding(
            f"aws_cloudwatch_log_group.{block.labels[1]} has retention_in_days {state}.",
            attribute or block,
            block=block,
            attribute="retention_in_days",
        )
