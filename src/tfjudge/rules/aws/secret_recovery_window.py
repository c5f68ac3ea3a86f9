"""## What it does
Fires on an `aws_secretsmanager_secret` with a fixed `name` whose
`recovery_window_in_days` is not 0 (it defaults to 30), and on a secret with `replica`
blocks without `force_overwrite_replica_secret = true`. A secret named by `name_prefix`, left
unnamed (no `name`, or one that is null: `name = var.name` with a null default), or whose
name takes a `random_*` resource, `uuid()` or `timestamp()` (also through local values)
gets a new name on every
deployment and is not judged for the window; an
evaluated window that is unknown is not judged either.

## Why is this bad?
`terraform destroy` only schedules the secret for deletion: its name stays taken for the
recovery window. The next `apply` of the same configuration fails with
`InvalidRequestException: You can't create this secret because a secret with this name is
already scheduled for deletion`. A replica region that already holds a secret of that name
fails the same way unless the replica may be overwritten.

Sources: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
(RecoveryWindowInDays, ForceDeleteWithoutRecovery) and
https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ReplicateSecretToRegions.html
(ForceOverwriteReplicaSecret).

## Example
```hcl
resource "aws_secretsmanager_secret" "db" {
  name                    = "orders/db-credentials"
  recovery_window_in_days = 7
}
```

## Use instead
```hcl
resource "aws_secretsmanager_secret" "db" {
  name                    = "orders/db-credentials"
  recovery_window_in_days = 0
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Expr, FunctionCall
from tfjudge.rules.aws._common import referenced_blocks, resources, through_locals, value
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule


@rule(
    "aws.secret-recovery-window",
    Severity.HIGH,
    Category.RELIABILITY,
    "Secret name stays reserved after destroy",
    impact="A re-deployment fails: the secret's name is scheduled for deletion.",
    fix="Set recovery_window_in_days = 0 (and force_overwrite_replica_secret for replicas).",
    applies_to=("aws_secretsmanager_secret",),
)
def secret_recovery_window(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    for block in resources(ctx, "aws_secretsmanager_secret"):
        if not evaluator.instances(block):
            continue  # `count = var.license == null ? 0 : 1`: never created as written
        name = block.body.attributes.get("name")
        unnamed = name is None or value(ctx, block, "name") is None  # `name = var.name`, null
        if not unnamed and name is not None and not _regenerated(ctx, name.expr):
            window_attribute = evaluator.attribute_expr(block, "recovery_window_in_days")
            window = value(ctx, block, "recovery_window_in_days") if window_attribute else 30
            if isinstance(window, (int, float)) and not isinstance(window, bool) and window != 0:
                days = int(window)
                where = window_attribute or block
                yield ctx.finding(
                    f"recovery_window_in_days is {days}"
                    + ("" if window_attribute else " (the default)")
                    + f": after destroy the secret's fixed name stays reserved for {days} days, "
                    "and the next apply fails because it is scheduled for deletion",
                    where,
                    block=block,
                    attribute="recovery_window_in_days",
                )
        if block.body.blocks_of("replica"):
            overwrite = value(ctx, block, "force_overwrite_replica_secret")
            if overwrite is None or overwrite is False:
                yield ctx.finding(
                    "the secret is replicated without force_overwrite_replica_secret = true: "
                    "a replica region that already holds a secret of this name fails the apply",
                    block.body.blocks_of("replica")[0],
                    block=block,
                    attribute="force_overwrite_replica_secret",
                )


def _regenerated(ctx: RuleContext, expr: Expr) -> bool:
    """Whether the name changes on every deployment (a random suffix, a timestamp)."""
    for written in through_locals(ctx, expr):
        if any(
            isinstance(e, FunctionCall) and e.name in ("uuid", "timestamp") for e in written.walk()
        ):
            return True
    return any(
        b.labels[:1] and b.labels[0].startswith("random_") for b in referenced_blocks(ctx, expr)
    )
