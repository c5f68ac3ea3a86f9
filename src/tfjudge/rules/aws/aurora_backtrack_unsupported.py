"""## What it does
Fires on an `aws_rds_cluster` instance whose evaluated `backtrack_window` is greater than
0 when

- its evaluated `engine` is not Aurora MySQL (`aurora-mysql`, or the legacy `aurora`),
  for example `aurora-postgresql`; or
- the cluster belongs to an Aurora global database: it sets `global_cluster_identifier`
  (to anything but null), or an `aws_rds_global_cluster` names it as its
  `source_db_cluster_identifier`.

A window (in seconds) of 0, null or unknown, and an unknown engine, are not judged.

## Why is this bad?
Backtrack rewinds an Aurora MySQL cluster's storage in place. Aurora PostgreSQL has no
backtrack, and Aurora global databases do not support it: `CreateDBCluster` rejects the
`BacktrackWindow` at `apply`, so the cluster — and everything that depends on it — is not
created.

Source: Amazon Aurora User Guide, "Backtracking an Aurora DB cluster" (available for
Aurora MySQL-Compatible Edition; limitations) and "Limitations of Amazon Aurora global
databases" (backtracking is not supported),
https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Managing.Backtrack.html,
https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database.html#aurora-global-database.limitations

## Example
```hcl
resource "aws_rds_cluster" "primary" {
  cluster_identifier        = "orders-primary"
  engine                    = "aurora-postgresql"
  global_cluster_identifier = aws_rds_global_cluster.orders.id
  backtrack_window          = 259200 # seconds: 72 hours
  # ...
}
```

## Use instead
```hcl
resource "aws_rds_cluster" "primary" {
  cluster_identifier        = "orders-primary"
  engine                    = "aurora-postgresql"
  global_cluster_identifier = aws_rds_global_cluster.orders.id
  backup_retention_period   = 7 # point-in-time restore instead of backtrack
  # ...
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block
from tfjudge.rules.aws._common import refers_to, resources
from tfjudge.rules.aws._related import instances_of
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

_MYSQL = ("aurora-mysql", "aurora")


@rule(
    "aws.aurora-backtrack-unsupported",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Aurora backtrack where AWS does not support it",
    impact="Creating the cluster fails at apply; nothing that depends on it is created.",
    fix="Remove backtrack_window (use point-in-time restore), or use a standalone Aurora "
    "MySQL cluster.",
    applies_to=("aws_rds_cluster",),
)
def aurora_backtrack_unsupported(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    globals_ = resources(ctx, "aws_rds_global_cluster")
    for cluster in resources(ctx, "aws_rds_cluster"):
        window = cluster.body.attributes.get("backtrack_window")
        if window is None:
            continue
        source_of = _global_sourcing(ctx, globals_, cluster)
        for instance in instances_of(ctx, cluster):
            seconds = evaluator.evaluate(window.expr, instance)
            if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or seconds <= 0:
                continue
            engine = evaluator.attribute(cluster, "engine", instance)
            member = evaluator.attribute(cluster, "global_cluster_identifier", instance)
            if isinstance(engine, str) and engine not in _MYSQL:
                why = f'engine "{engine}" has no backtrack (only Aurora MySQL has)'
            elif member is not None or source_of:
                which = f" ({source_of})" if source_of else ""
                why = (
                    f"the cluster is part of an Aurora global database{which}, which does not "
                    "support backtrack"
                )
            else:
                continue
            yield ctx.finding(
                f"backtrack_window is {seconds:g} seconds, but {why}: CreateDBCluster rejects it",
                window,
                block=cluster,
                attribute="backtrack_window",
            )
            break


def _global_sourcing(ctx: RuleContext, globals_: list[Block], cluster: Block) -> str:
    for block in globals_:
        if refers_to(ctx, block.body.get("source_db_cluster_identifier"), cluster):
            return ".".join(block.labels[:2])
    return ""
