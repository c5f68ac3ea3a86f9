"""## What it does
Fires for each ingress rule open to the internet (`0.0.0.0/0` or `::/0`) on any port other
than 80 and 443: `ingress` blocks of `aws_security_group`, `aws_security_group_rule` with
`type = "ingress"` (each instance by its own type), and
`aws_vpc_security_group_ingress_rule`. A rule for all protocols
(`-1`) opens every port. ICMP rules (no ports) and CIDRs known only at apply are not
judged; a variable's default is judged, since that is what deploys. A group attached
only to resources that hold no public address (interface VPC endpoints, Lambda
functions, caches, file systems, internal load balancers, databases that are not
publicly accessible, ECS services without `assign_public_ip`) is reported at low: not
reachable from the internet as written.

## Why is this bad?
SSH, RDP, database and application ports reachable from anywhere are scanned within
minutes of creation: brute force, exploits of the listening service and data theft follow.
Only a public load balancer's HTTP and HTTPS listeners belong on the internet. See
"Security group rules" in the Amazon VPC User Guide.

## Example
```hcl
ingress {
  from_port   = 22
  to_port     = 22
  protocol    = "tcp"
  cidr_blocks = ["0.0.0.0/0"]
}
```

## Use instead
```hcl
ingress {
  from_port       = 22
  to_port         = 22
  protocol        = "tcp"
  security_groups = [aws_security_group.bastion.id]
}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tfjudge.evaluate import Evaluator, Instance, References
from tfjudge.findings import Category, Finding, Severity
from tfjudge.model.config import top_level_block
from tfjudge.parse.hcl.ast import Block
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

ANYWHERE = {"0.0.0.0/0", "::/0"}
WEB_PORTS = {80, 443}
ICMP = {"icmp", "icmpv6", "1", "58"}
ALL = {"-1", "all"}


@rule(
    "security.sg-open-ingress",
    Severity.HIGH,
    Category.SECURITY,
    "Security group open to the internet on a port other than 80/443",
    impact="The port is reachable from anywhere: scanned, brute-forced and exploited.",
    fix="Allow the port only from the security groups or CIDRs that need it.",
    applies_to=(
        "aws_security_group",
        "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule",
    ),
)
def sg_open_ingress(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    references = ctx.get(References)
    for block in ctx.configuration.all_resources():
        kind = block.labels[0] if block.labels else ""
        if references.is_superseded(block):
            continue
        instances = evaluator.instances(block)
        if not instances:
            continue
        if kind == "aws_security_group":
            for ingress in block.body.blocks_of("ingress"):
                yield from _judge(ctx, evaluator, block, ingress, instances, "cidr_blocks")
        elif kind == "aws_security_group_rule":
            # a module called once for ingress and once for egress: each instance its own
            inbound = [i for i in instances if evaluator.attribute(block, "type", i) == "ingress"]
            if inbound:
                yield from _judge(ctx, evaluator, block, block, inbound, "cidr_blocks")
        elif kind == "aws_vpc_security_group_ingress_rule":
            yield from _judge(ctx, evaluator, block, block, instances, "cidr_ipv4")


# resources that never hold a public address: a group attached only to them is not
# reachable from the internet, whatever its rules say
PRIVATE_ONLY = frozenset(
    {
        "aws_vpc_endpoint",
        "aws_route53_resolver_endpoint",
        "aws_lambda_function",
        "aws_efs_mount_target",
        "aws_elasticache_cluster",
        "aws_elasticache_replication_group",
        "aws_elasticache_serverless_cache",
        "aws_memorydb_cluster",
        "aws_msk_cluster",
        "aws_opensearch_domain",
        "aws_elasticsearch_domain",
        "aws_docdb_cluster",
        "aws_neptune_cluster",
        "aws_fsx_lustre_file_system",
        "aws_fsx_windows_file_system",
        "aws_fsx_ontap_file_system",
        "aws_fsx_openzfs_file_system",
    }
)
GROUP_RULES = frozenset(
    {
        "aws_security_group",
        "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule",
        "aws_vpc_security_group_egress_rule",
    }
)
# resources private unless an argument says otherwise
PRIVATE_UNLESS = {
    "aws_db_instance": ("publicly_accessible", True),
    "aws_rds_cluster_instance": ("publicly_accessible", True),
    "aws_redshift_cluster": ("publicly_accessible", True),
    "aws_lb": ("internal", False),
    # tasks in awsvpc mode get a public address only when asked (and only on Fargate)
    "aws_ecs_service": ("network_configuration.assign_public_ip", True),
}


def _private_holders(ctx: RuleContext, group: Block) -> list[str] | None:
    """The resources a group is attached to, when there are some and none of them can hold
    a public address (an interface endpoint, a function, an internal load balancer, a
    database that is not publicly accessible); else None."""
    references = ctx.get(References)
    evaluator = ctx.get(Evaluator)
    holders: list[str] = []
    for reference in references.to(group):
        holder = top_level_block(reference.block)
        if holder.type != "resource" or holder is group:
            continue
        kind = holder.labels[0] if holder.labels else ""
        if kind in GROUP_RULES:
            continue  # rules of the group, or of another naming it, attach nothing
        unless = PRIVATE_UNLESS.get(kind)
        if unless is not None:
            setting = evaluator.attribute(holder, unless[0])
            default_public = kind == "aws_lb"
            public = setting is unless[1] or (setting is None and default_public)
            if public or not isinstance(setting, bool | None):
                return None
        elif kind not in PRIVATE_ONLY:
            return None
        holders.append(".".join(holder.labels[:2]))
    return sorted(set(holders)) or None


def _judge(
    ctx: RuleContext,
    evaluator: Evaluator,
    block: Block,
    rule_block: Block,
    instances: list[Instance],
    cidr_argument: str,
) -> Iterator[Finding]:
    ipv6_argument = "ipv6_cidr_blocks" if cidr_argument == "cidr_blocks" else "cidr_ipv6"
    protocol_argument = "protocol" if cidr_argument == "cidr_blocks" else "ip_protocol"
    for instance in instances:
        cidrs = _strings(evaluator.attribute(rule_block, cidr_argument, instance))
        cidrs += _strings(evaluator.attribute(rule_block, ipv6_argument, instance))
        open_to = sorted(set(cidrs) & ANYWHERE)
        if not open_to:
            continue
        protocol = evaluator.attribute(rule_block, protocol_argument, instance)
        protocol = str(protocol).lower() if isinstance(protocol, (str, int)) else None
        if protocol is None or protocol in ICMP:
            continue
        ports = _ports(evaluator, rule_block, instance, protocol)
        if ports is None or ports <= WEB_PORTS:
            continue
        where = rule_block.body.attributes.get(cidr_argument) or rule_block
        group = _group_of(ctx, block)
        private = _private_holders(ctx, group) if group is not None else None
        if private is not None:
            yield ctx.finding(
                f"Ingress from {', '.join(open_to)} on {_describe(ports, protocol)}, on a "
                f"group attached only to {', '.join(private)} (no public address): not "
                "reachable from the internet today, but open to anything the group is "
                "attached to later; allow the VPC's CIDR or the client groups instead.",
                where,
                block=block,
                attribute=cidr_argument,
                severity=Severity.LOW,
            )
            return
        yield ctx.finding(
            f"Ingress from {', '.join(open_to)} on {_describe(ports, protocol)}: reachable "
            "from the whole internet.",
            where,
            block=block,
            attribute=cidr_argument,
        )
        return  # one finding per rule, whatever the number of instances


def _group_of(ctx: RuleContext, block: Block) -> Block | None:
    """The security group a rule belongs to: the block itself, or the group a standalone
    rule's security_group_id names."""
    if block.labels[:1] == ("aws_security_group",):
        return block
    expr = block.body.get("security_group_id")
    targets = ctx.get(References).target_blocks(expr) if expr is not None else []
    groups = [t for t in targets if t.labels[:1] == ("aws_security_group",)]
    return groups[0] if len(groups) == 1 else None


def _ports(evaluator: Evaluator, rule_block: Block, instance: Instance, protocol: str) -> Any:
    """The set of ports a rule opens (a sentinel range for all), or None when unknown."""
    if protocol in ALL:
        return set(range(0, 65536))
    low = evaluator.attribute(rule_block, "from_port", instance)
    high = evaluator.attribute(rule_block, "to_port", instance)
    if not isinstance(low, int) or not isinstance(high, int):
        return None
    if low > high:
        return None
    return set(range(low, high + 1)) if high - low < 65536 else None


def _describe(ports: set[int], protocol: str) -> str:
    if protocol in ALL:
        return "all protocols and ports"
    low, high = min(ports), max(ports)
    return f"port {low}" if low == high else f"ports {low}-{high}"


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []
