"""## What it does
Fires for each `aws_db_instance` and `aws_rds_cluster` whose `storage_encrypted` is not
`true` (it defaults to false). Read replicas (`replicate_source_db`) inherit their
source's encryption, and Aurora Serverless v1 clusters (`engine_mode = "serverless"`) are
always encrypted; neither is judged, nor is a value known only at apply.

## Why is this bad?
The database's storage, automated backups, snapshots and replicas are written in clear.
Encryption can only be chosen when the database is created: turning it on later means a
snapshot, an encrypted copy and a restore, with downtime. See "Encrypting Amazon RDS
resources" in the RDS User Guide.

## Example
```hcl
resource "aws_db_instance" "app" {
  identifier     = "app"
  engine         = "postgres"
  instance_class = "db.t3.medium"
}
```

## Use instead
```hcl
resource "aws_db_instance" "app" {
  identifier        = "app"
  engine            = "postgres"
  instance_class    = "db.t3.medium"
  storage_encrypted = true
  kms_key_id        = aws_kms_key.rds.arn
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

TYPES = ("aws_db_instance", "aws_rds_cluster")


@rule(
    "security.rds-unencrypted",
    Severity.HIGH,
    Category.SECURITY,
    "RDS or Aurora storage without encryption",
    impact="Storage, backups, snapshots and replicas are written in clear; fixing it later "
    "needs a snapshot, copy and restore.",
    fix="Set storage_encrypted = true (with a customer-managed kms_key_id).",
    applies_to=("aws_db_instance", "aws_rds_cluster"),
)
def rds_unencrypted(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    references = ctx.get(References)
    for block in ctx.configuration.all_resources():
        if block.labels[0] not in TYPES or references.is_superseded(block):
            continue
        instances = evaluator.instances(block)
        if not instances:
            continue
        instance = instances[0]
        if block.body.get("replicate_source_db") is not None:
            continue
        if evaluator.attribute(block, "engine_mode", instance) == "serverless":
            continue
        encrypted = evaluator.attribute(block, "storage_encrypted", instance)
        if encrypted not in (False, None):
            continue
        attribute = block.body.attributes.get("storage_encrypted")
        state = "false" if attribute is not None else "not set (it defaults to false)"
        yield ctx.finding(
            f"{block.labels[0]}.{block.labels[1]} has storage_encrypted {state}: its storage, "
            "backups and snapshots are unencrypted.",
            attribute or block,
            block=block,
            attribute="storage_encrypted",
        )
