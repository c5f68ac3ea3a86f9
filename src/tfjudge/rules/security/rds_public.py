"""## What it does
Fires for each `aws_db_instance` and `aws_rds_cluster_instance` whose
`publicly_accessible` evaluates to `true` (a variable's default included).

## Why is this bad?
The database gets a public DNS name and IP address: with a subnet route to an internet
gateway and a permissive security group, its port is reachable from the internet and its
login page is one password away from the data. See "Hiding a DB instance in a VPC from the
internet" in the RDS User Guide.

## Example
```hcl
resource "aws_db_instance" "app" {
  identifier          = "app"
  publicly_accessible = true
}
```

## Use instead
```hcl
resource "aws_db_instance" "app" {
  identifier           = "app"
  publicly_accessible  = false
  db_subnet_group_name = aws_db_subnet_group.private.name
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

TYPES = ("aws_db_instance", "aws_rds_cluster_instance")


@rule(
    "security.rds-public",
    Severity.CRITICAL,
    Category.SECURITY,
    "Publicly accessible database",
    impact="The database has a public address and can be reached from the internet.",
    fix="Set publicly_accessible = false and place it in private subnets.",
    applies_to=("aws_db_instance", "aws_rds_cluster_instance"),
)
def rds_public(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    references = ctx.get(References)
    for block in ctx.configuration.all_resources():
        if block.labels[0] not in TYPES or references.is_superseded(block):
            continue
        if not any(
            value is True for _, value in evaluator.attribute_values(block, "publicly_accessible")
        ):
            continue
        attribute = block.body.attributes.get("publicly_accessible")
        yield ctx.finding(
            f"{block.labels[0]}.{block.labels[1]} sets publicly_accessible = true: the "
            "database gets a public address.",
            attribute or block,
            block=block,
            attribute="publicly_accessible",
        )
