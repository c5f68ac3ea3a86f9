"""## What it does
Fires on a public `aws_nat_gateway` (no `connectivity_type`, or `"public"`) placed in a
subnet whose route tables send `0.0.0.0/0` nowhere but to NAT gateways, or have no
default route at all: the route tables come from the `aws_route_table_association`s of
the subnet (or, when it has none, the VPC's main route table, which holds only the local
route unless the configuration manages it), their inline `route` blocks and the
`aws_route` resources that name them.

Silent whenever anything is uncertain: an association or route whose subnet or route
table cannot be resolved, a default route whose destination or target is unknown, a
`dynamic "route"` block, a managed main route table (`aws_default_route_table`,
`aws_main_route_table_association`) or a VPC the configuration does not create. A default
route to any other target (an internet gateway, a transit gateway, a network interface, a
peering connection, a firewall endpoint) counts as a way out.

## Why is this bad?
A public NAT gateway forwards its traffic by the route table of its own subnet: "the NAT
gateway must be in a public subnet with a route table that routes internet traffic to an
internet gateway". In a private subnet (often one whose default route points back at the
NAT gateway itself) it has no way out: every instance, task and function that routes
through it loses internet access, image pulls and calls to AWS APIs time out, while apply
succeeds.

Source: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html (NAT
gateways: public connectivity) and
https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-scenarios.html (access the
internet from a private subnet).

## Example
```hcl
resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.private.id
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main.id
  }
}
```

## Use instead
```hcl
resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id # routes 0.0.0.0/0 to the internet gateway
}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tfjudge.evaluate import Evaluator, Instance, NestedBlock, Unknown
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block
from tfjudge.rules.aws._common import address, resources, target_blocks, value
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

DEFAULT = "0.0.0.0/0"
TABLES = ("aws_route_table", "aws_default_route_table")
# route targets that can carry traffic out of the VPC (a NAT gateway's own traffic
# cannot go through another NAT gateway)
EXITS = (
    "gateway_id",
    "transit_gateway_id",
    "network_interface_id",
    "vpc_peering_connection_id",
    "vpc_endpoint_id",
    "local_gateway_id",
    "carrier_gateway_id",
    "core_network_arn",
    "instance_id",
)
MANAGED_MAIN = ("aws_default_route_table", "aws_main_route_table_association")


def _exists(ctx: RuleContext, block: Block) -> bool:
    """False when count/for_each is known to create no instance anywhere."""
    return bool(ctx.get(Evaluator).instances(block))


def route_tables(ctx: RuleContext, subnet: Block) -> list[Block] | None:
    """The route tables of a subnet; [] for the unmanaged main table; None if uncertain."""
    found: list[Block] = []
    for association in resources(ctx, "aws_route_table_association"):
        expr = association.body.get("subnet_id")
        if expr is None:
            continue  # an edge association of a gateway
        subnets = target_blocks(ctx, expr, "aws_subnet")
        if not subnets:
            return None
        if not any(s is subnet for s in subnets) or not _exists(ctx, association):
            continue
        tables = target_blocks(ctx, association.body.get("route_table_id"), *TABLES)
        if not tables:
            return None
        found.extend(t for t in tables if not any(t is f for f in found))
    if found:
        return found
    if resources(ctx, *MANAGED_MAIN) or not target_blocks(
        ctx, subnet.body.get("vpc_id"), "aws_vpc"
    ):
        return None
    return []


def _route_exit(ctx: RuleContext, route: NestedBlock | Block) -> bool | None:
    """Whether one route sends 0.0.0.0/0 out of the VPC (False: elsewhere or not default)."""
    evaluator = ctx.get(Evaluator)

    def get(name: str) -> Any:
        if isinstance(route, NestedBlock):
            return evaluator.nested_value(route, name)
        return value(ctx, route, name)

    destination = get("cidr_block" if isinstance(route, NestedBlock) else "destination_cidr_block")
    if isinstance(destination, Unknown) or (
        destination is not None and not isinstance(destination, str)
    ):
        return None
    if destination != DEFAULT:
        return False
    body = route.block.body if isinstance(route, NestedBlock) else route.body
    if any(body.get(name) is not None and get(name) is not None for name in EXITS):
        return True
    if body.get("nat_gateway_id") is not None:
        return False
    return None


def has_exit(ctx: RuleContext, table: Block) -> bool | None:
    """Whether a route table routes 0.0.0.0/0 out of the VPC; None when uncertain."""
    evaluator = ctx.get(Evaluator)
    routes: list[NestedBlock | Block] = []
    instances: list[Instance | None] = [*evaluator.instances(table)] or [None]
    for instance in instances:
        for nested in evaluator.nested(table, "route", instance):
            if not nested.known:
                return None
            routes.append(nested)
    for route in resources(ctx, "aws_route"):
        tables = target_blocks(ctx, route.body.get("route_table_id"), *TABLES)
        if not tables:
            return None
        if any(t is table for t in tables) and _exists(ctx, route):
            routes.append(route)
    verdicts = [_route_exit(ctx, route) for route in routes]
    if any(v is True for v in verdicts):
        return True
    return None if any(v is None for v in verdicts) else False


def _public(ctx: RuleContext, nat: Block) -> bool:
    if "connectivity_type" not in nat.body.attributes:
        return True
    return bool(value(ctx, nat, "connectivity_type") == "public")


@rule(
    "aws.no-egress-path",
    Severity.HIGH,
    Category.RELIABILITY,
    "NAT gateway in a subnet with no route to the internet",
    impact="Everything that routes through the NAT gateway has no internet access: image "
    "pulls, package downloads and AWS API calls time out.",
    fix="Place the NAT gateway in a public subnet whose route table sends 0.0.0.0/0 to an "
    "internet gateway.",
)
def no_egress_path(ctx: RuleContext) -> Iterator[Finding]:
    for nat in resources(ctx, "aws_nat_gateway"):
        if not _public(ctx, nat) or not _exists(ctx, nat):
            continue
        for subnet in target_blocks(ctx, nat.body.get("subnet_id"), "aws_subnet"):
            tables = route_tables(ctx, subnet)
            if tables is None:
                continue
            verdicts = [has_exit(ctx, t) for t in tables]
            if any(v is not False for v in verdicts):
                continue
            names = ", ".join(address(t) for t in tables)
            where = (
                f"route table {names} sends"
                if len(tables) == 1
                else f"route tables {names} send"
                if tables
                else "route table (the VPC's main one, local routes only) sends"
            )
            yield ctx.finding(
                f"the NAT gateway is in {address(subnet)}, whose {where} 0.0.0.0/0 to no "
                "internet gateway: a public NAT gateway's traffic has no way out",
                nat.body.attributes.get("subnet_id") or nat,
                block=nat,
            )
            break
