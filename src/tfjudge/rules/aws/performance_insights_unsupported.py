"""## What it does
Fires on an `aws_db_instance` or `aws_rds_cluster_instance` with
`performance_insights_enabled = true` on an instance class that AWS documents as lacking
Performance Insights for its engine: `db.t2`, `db.t3` and `db.t4g` `micro` and `small` for
RDS for MySQL and MariaDB; every `db.t2` and `db.t3` class and `db.t4g.micro`/`small` for
Aurora MySQL. Values come from variable defaults, tfvars and locals; an unknown class or
engine, and engines without restrictions (PostgreSQL, Oracle, SQL Server, Aurora
PostgreSQL), are not judged.

## Why is this bad?
The create call fails at `apply` with `InvalidParameterCombination: Performance Insights
not supported for this configuration`, after the network and everything before the
database exist.

Sources: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PerfInsights.Overview.Engines.html
and https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_PerfInsights.Overview.Engines.html
(instance class restrictions per engine).

## Example
```hcl
resource "aws_db_instance" "main" {
  engine                       = "mysql"
  instance_class               = "db.t3.micro"
  performance_insights_enabled = true
}
```

## Use instead
```hcl
resource "aws_db_instance" "main" {
  engine                       = "mysql"
  instance_class               = "db.t3.medium"
  performance_insights_enabled = true
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator
from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.aws._common import resources
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

SMALL = {f"db.{family}.{size}" for family in ("t2", "t3", "t4g") for size in ("micro", "small")}


def _unsupported(engine: str, instance_class: str) -> bool:
    if engine in ("mysql", "mariadb"):
        return instance_class in SMALL
    if engine == "aurora-mysql":
        return instance_class.startswith(("db.t2.", "db.t3.")) or instance_class in SMALL
    return False


@rule(
    "aws.performance-insights-unsupported",
    Severity.CRITICAL,
    Category.DEPLOYMENT_BLOCKER,
    "Performance Insights on an instance class that lacks it",
    impact="The database create fails at apply with InvalidParameterCombination.",
    fix="Use a larger instance class, or enable Performance Insights only where supported.",
    applies_to=("aws_db_instance", "aws_rds_cluster_instance"),
)
def performance_insights_unsupported(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    for block in resources(ctx, "aws_db_instance", "aws_rds_cluster_instance"):
        enabled = evaluator.attribute_expr(block, "performance_insights_enabled")
        if enabled is None:
            continue
        reported: set[tuple[str, str]] = set()
        for instance in evaluator.instances(block):
            if evaluator.evaluate(enabled.expr, instance) is not True:
                continue
            engine = evaluator.attribute(block, "engine", instance)
            instance_class = evaluator.attribute(block, "instance_class", instance)
            if not (isinstance(engine, str) and isinstance(instance_class, str)):
                continue
            if not _unsupported(engine, instance_class) or (engine, instance_class) in reported:
                continue
            reported.add((engine, instance_class))
            yield ctx.finding(
                f'Performance Insights is enabled on instance class "{instance_class}", which '
                f"does not support it for engine {engine}",
                enabled,
                block=block,
                attribute="performance_insights_enabled",
            )
