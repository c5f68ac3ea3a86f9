"""## What it does
For each database (RDS instance or cluster, ElastiCache) whose endpoint a Lambda function in
a VPC is handed, fires when none of the database's security groups admits any of the
function's security groups: every ingress rule (inline `ingress`, `aws_security_group_rule`,
`aws_vpc_security_group_ingress_rule`) names other security groups or only the group
itself (`self`), and the function does not carry that group. A rule with a CIDR source, or a
source that cannot be resolved, counts as a possible path and keeps the rule silent.

It also fires for a database whose security groups admit nothing but their own members
(`self`, or no ingress at all) when nothing else in the answer carries or names those groups
while the answer has compute (Lambda functions, instances, launch templates, ECS services)
and security groups for it: no client the answer defines can ever connect.
Any other reference to the group (another rule, a module argument, an output, a local)
keeps this silent.

## Why is this bad?
The database is deployed and the function too, but the security group drops the traffic:
connections time out at runtime.

Source: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.RDSSecurityGroups.html
and https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html.

## Example
```hcl
resource "aws_security_group" "db" {
  ingress {
    from_port = 5432
    to_port   = 5432
    protocol  = "tcp"
    self      = true
  }
}
```

## Use instead
```hcl
resource "aws_security_group" "db" {
  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.lambda.id]
  }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tfjudge.evaluate import References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block, Expr, TupleExpr
from tfjudge.rules.aws._common import address, refers_to, resources, target_blocks, value
from tfjudge.rules.aws.lambda_vpc_access import vpc_endpoints_used
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

SG_ARGUMENTS = ("vpc_security_group_ids", "security_group_ids")
DATABASES = (
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_elasticache_cluster",
    "aws_elasticache_replication_group",
    "aws_docdb_cluster",
    "aws_neptune_cluster",
)
# compute that connects to databases from security groups of its own
COMPUTE = {
    "aws_lambda_function": "vpc_config.security_group_ids",
    "aws_instance": "vpc_security_group_ids",
    "aws_launch_template": "vpc_security_group_ids",
    "aws_ecs_service": "network_configuration.security_groups",
}
RULE_TYPES = (
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
)


def _groups(ctx: RuleContext, expr: Expr | None) -> list[Block] | None:
    """The security groups an expression names; None when some are not resolvable."""
    if expr is None:
        return []
    items = list(expr.items) if isinstance(expr, TupleExpr) else [expr]
    blocks: list[Block] = []
    for item in items:
        found = target_blocks(ctx, item)
        if not found or any(b.labels[:1] != ("aws_security_group",) for b in found):
            return None
        blocks.extend(found)
    return blocks


def _admitted(ctx: RuleContext, group: Block) -> list[Block] | None:
    """The groups the group admits; None when a CIDR or an unresolved source may admit more."""
    admitted: list[Block] = []
    sources: list[tuple[Expr | None, bool, bool]] = []  # (groups expr, self, has cidr)
    for rule_block in group.body.blocks_of("ingress"):
        cidr = any(
            k in rule_block.body.attributes
            for k in ("cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids")
        )
        is_self = (
            value(ctx, rule_block, "self") is True
            if "self" in rule_block.body.attributes
            else False
        )
        sources.append((rule_block.body.get("security_groups"), is_self, cidr))
    for rule_resource in resources(ctx, "aws_security_group_rule"):
        if not refers_to(ctx, rule_resource.body.get("security_group_id"), group):
            continue
        if value(ctx, rule_resource, "type") != "ingress":
            continue
        cidr = any(
            k in rule_resource.body.attributes
            for k in ("cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids")
        )
        sources.append(
            (
                rule_resource.body.get("source_security_group_id"),
                value(ctx, rule_resource, "self") is True,
                cidr,
            )
        )
    for rule_resource in resources(ctx, "aws_vpc_security_group_ingress_rule"):
        if not refers_to(ctx, rule_resource.body.get("security_group_id"), group):
            continue
        cidr = any(
            k in rule_resource.body.attributes for k in ("cidr_ipv4", "cidr_ipv6", "prefix_list_id")
        )
        sources.append((rule_resource.body.get("referenced_security_group_id"), False, cidr))
    for expr, is_self, cidr in sources:
        if cidr:
            return None
        if is_self:
            admitted.append(group)
        if expr is not None:
            named = _groups(ctx, expr)
            if named is None:
                if target_blocks(ctx, expr) or not _empty_list(expr):
                    return None
                continue
            admitted.extend(named)
    return admitted


def _empty_list(expr: Expr) -> bool:
    return isinstance(expr, TupleExpr) and not expr.items


@rule(
    "aws.sg-no-path",
    Severity.MEDIUM,
    Category.RELIABILITY,
    "Database security group admits none of its clients",
    impact="Connections from the compute that uses the database time out at runtime.",
    fix="Admit the client's security group in the database security group's ingress.",
    applies_to=(
        "aws_db_instance",
        "aws_docdb_cluster",
        "aws_elasticache_cluster",
        "aws_elasticache_replication_group",
        "aws_lambda_function",
        "aws_neptune_cluster",
        "aws_rds_cluster",
    ),
)
def sg_no_path(ctx: RuleContext) -> Iterator[Finding]:
    reported: list[Block] = []
    for function in resources(ctx, "aws_lambda_function"):
        config = function.body.first_block("vpc_config")
        if config is None:
            continue
        client_groups = _groups(ctx, config.body.get("security_group_ids"))
        if not client_groups:
            continue
        for database in vpc_endpoints_used(ctx, function):
            for argument in SG_ARGUMENTS:
                db_groups = _groups(ctx, database.body.get(argument))
                if not db_groups:
                    continue
                paths = [_admitted(ctx, g) for g in db_groups]
                if any(p is None for p in paths):
                    continue
                admitted = [b for p in paths if p for b in p]
                if any(any(c is a for a in admitted) for c in client_groups):
                    continue
                for group in db_groups:
                    reported.append(group)
                    yield ctx.finding(
                        f"{address(group)} guards {address(database)} but admits none of the "
                        f"security groups of {address(function)} "
                        f"({', '.join(address(c) for c in client_groups)}), which uses it",
                        group,
                        block=group,
                    )
    yield from _closed_databases(ctx, reported)


def _closed_databases(ctx: RuleContext, reported: list[Block]) -> Iterator[Finding]:
    """Databases whose groups admit only their own members, which nothing else carries."""
    clients = _client_groups(ctx)
    if not clients:
        return
    for database in resources(ctx, *DATABASES):
        for argument in SG_ARGUMENTS:
            db_groups = _groups(ctx, database.body.get(argument))
            if not db_groups:
                continue
            paths = [_admitted(ctx, g) for g in db_groups]
            if any(p is None or any(not _among(a, db_groups) for a in p) for p in paths):
                continue
            if any(_used_elsewhere(ctx, g) or _among(g, reported) for g in db_groups):
                continue
            shown = ", ".join(address(c) for c in clients[:3])
            for group in db_groups:
                yield ctx.finding(
                    f"{address(group)} guards {address(database)} but admits only its own "
                    "members, and nothing else in the answer carries it: no client in the "
                    f"answer's other security groups ({shown}) can connect",
                    group,
                    block=group,
                )


def _among(block: Block, blocks: list[Block]) -> bool:
    return any(b is block for b in blocks)


def _client_groups(ctx: RuleContext) -> list[Block]:
    """The security groups the answer's compute carries; when its compute carries none (a
    Lambda function outside the VPC), the groups no database carries, meant for clients.
    Empty when the answer has no compute."""
    found: list[Block] = []
    computes = 0
    for kind, path in COMPUTE.items():
        *nested, name = path.split(".")
        for block in resources(ctx, kind):
            computes += 1
            holder: Block | None = block
            for part in nested:
                holder = holder.body.first_block(part) if holder else None
            for group in (_groups(ctx, holder.body.get(name)) or []) if holder else []:
                if not _among(group, found):
                    found.append(group)
    if found or not computes:
        return found
    guarded = [
        group
        for database in resources(ctx, *DATABASES)
        for argument in SG_ARGUMENTS
        for group in _groups(ctx, database.body.get(argument)) or []
    ]
    return [g for g in resources(ctx, "aws_security_group") if not _among(g, guarded)]


def _used_elsewhere(ctx: RuleContext, group: Block) -> bool:
    """Whether anything but databases and the group's own rules refers to the group."""
    for reference in ctx.get(References).to(group):
        holder = reference.block
        if reference.local is not None or holder.type != "resource":
            return True
        kind = holder.labels[0]
        if kind in DATABASES:
            continue
        if kind in RULE_TYPES and reference.attribute == "security_group_id":
            continue
        return True
    return False
