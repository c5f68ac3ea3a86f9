"""## What it does
Fires on a reference that reads an `aws_elasticache_replication_group`'s endpoint of the
wrong mode, once per reference (an output, a Lambda environment, a parameter):

- `configuration_endpoint_address` of a group **without** cluster mode: no
  `cluster_mode = "enabled"`, no `num_node_groups` above 1, no legacy `cluster_mode`
  block, and a parameter group that does not enable it (unset, a name without
  `.cluster.on`, or an `aws_elasticache_parameter_group` without `cluster-enabled = yes`);
- `primary_endpoint_address` of a group **with** cluster mode (`cluster_mode =
  "enabled"`, `num_node_groups` above 1, a `*.cluster.on` parameter group or one with
  `cluster-enabled = yes`).

`cluster_mode = "compatible"` and anything unknown (a parameter group of unknown name,
a variable shard count) are not judged, nor is a reference with a fallback after it in
`try()` or `coalesce()`: its author expects the null.

## Why is this bad?
A replication group has one kind of endpoint: a cluster-mode-disabled group has a primary
(and reader) endpoint and no configuration endpoint; a cluster-mode-enabled group has only
a configuration endpoint. The other attribute is null after `apply`, so the consumer gets
no address — an empty environment variable, an output of null — and the application
cannot reach Redis at runtime.

Source: Amazon ElastiCache User Guide, "Finding connection endpoints in ElastiCache"
(cluster mode disabled: primary and reader endpoints; cluster mode enabled: the
configuration endpoint), https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Endpoints.html;
the provider's `aws_elasticache_replication_group` attribute reference.

## Example
```hcl
resource "aws_elasticache_replication_group" "redis" {
  replication_group_id = "sessions"
  description          = "sessions"
  node_type            = "cache.t4g.small"
  num_cache_clusters   = 2
}

output "redis_endpoint" {
  value = aws_elasticache_replication_group.redis.configuration_endpoint_address
}
```

## Use instead
```hcl
output "redis_endpoint" {
  value = aws_elasticache_replication_group.redis.primary_endpoint_address
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import Evaluator, Instance, Reference, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block, FunctionCall
from tfjudge.rules.aws._common import resources, target_blocks
from tfjudge.rules.aws._related import instances_of
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

CONFIGURATION = "configuration_endpoint_address"
PRIMARY = "primary_endpoint_address"
_WRONG = {False: CONFIGURATION, True: PRIMARY}  # cluster mode -> the attribute it lacks
_RIGHT = {False: PRIMARY, True: CONFIGURATION}


@rule(
    "aws.elasticache-endpoint-attribute",
    Severity.HIGH,
    Category.RELIABILITY,
    "ElastiCache endpoint attribute of the other cluster mode",
    impact="The attribute is null after apply: consumers get no Redis address and fail at runtime.",
    fix="Read primary_endpoint_address without cluster mode, configuration_endpoint_address "
    "with it.",
    applies_to=("aws_elasticache_replication_group",),
)
def elasticache_endpoint_attribute(ctx: RuleContext) -> Iterator[Finding]:
    references = ctx.get(References)
    for group in resources(ctx, "aws_elasticache_replication_group"):
        mode = _cluster_mode(ctx, group)
        if mode is None:
            continue
        for reference in references.to(group):
            read = reference.remainder[0] if reference.remainder else None
            if read != _WRONG[mode] or _has_fallback(reference):
                continue
            name = ".".join(group.labels[:2])
            state = "enables cluster mode" if mode else "does not enable cluster mode"
            yield ctx.finding(
                f"{name}.{read} is null: the replication group {state}, so it has no "
                f"{'primary' if mode else 'configuration'} endpoint; read {_RIGHT[mode]}",
                reference.range,
                block=reference.block,
                attribute=reference.attribute,
                related=[name],
            )


def _has_fallback(reference: Reference) -> bool:
    """Whether the reference is an argument of `try()` or `coalesce()` followed by another
    one to fall back to (`try(a.configuration_endpoint_address, b.primary..., null)`)."""
    holders = (
        [reference.local.expr]
        if reference.local is not None
        else [a.expr for a in reference.block.attributes_deep()]
    )
    for holder in holders:
        for expr in holder.walk():
            if isinstance(expr, FunctionCall) and expr.name in ("try", "coalesce"):
                for argument in expr.args[:-1]:
                    if any(inner is reference.expr for inner in argument.walk()):
                        return True
    return False


def _cluster_mode(ctx: RuleContext, group: Block) -> bool | None:
    """True when cluster mode is on, False when off, None when it cannot be told."""
    evaluator = ctx.get(Evaluator)
    if group.body.first_block("cluster_mode") is not None:  # the provider's v4 block
        return True
    verdicts: set[bool | None] = set()
    for instance in instances_of(ctx, group):
        mode = evaluator.attribute(group, "cluster_mode", instance)
        shards = evaluator.attribute(group, "num_node_groups", instance)
        parameters = _parameter_group_mode(ctx, group, instance)
        if mode == "enabled" or (_number(shards) or 0) > 1 or parameters is True:
            verdicts.add(True)
        elif (
            mode in (None, "disabled")
            and (shards is None or _number(shards) == 1)
            and parameters is False
        ):
            verdicts.add(False)
        else:
            verdicts.add(None)
    return verdicts.pop() if len(verdicts) == 1 else None


def _parameter_group_mode(ctx: RuleContext, group: Block, instance: Instance | None) -> bool | None:
    evaluator = ctx.get(Evaluator)
    attribute = group.body.attributes.get("parameter_group_name")
    if attribute is None:
        return False  # the engine's default group, cluster mode off
    for block in target_blocks(ctx, attribute.expr, "aws_elasticache_parameter_group"):
        found: bool | None = False
        for parameter in evaluator.nested(block, "parameter"):
            name = evaluator.nested_value(parameter, "name")
            if not isinstance(name, str):
                found = None  # a parameter of unknown name might be cluster-enabled
            elif name == "cluster-enabled":
                value = evaluator.nested_value(parameter, "value")
                found = value == "yes" if isinstance(value, str) else None
                break
        return found
    name = evaluator.evaluate(attribute.expr, instance)
    if isinstance(name, str):
        return ".cluster.on" in name
    return None


def _number(value: object) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None
