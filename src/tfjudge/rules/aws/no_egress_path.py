"""## What it does
Fires on a public `aws_nat_gateway` (no `connectivity_type`, or `"public"`) placed in a
subnet whose route tables send `0.0.0.0/0` nowhere but to NAT gateways, or have no
default route at all: the route tables come from the `aws_route_table_association`s of
the subnet (or, when it has none, the VPC's main route table, which holds only the local
route unless the configuration manages it), their inline `route` blocks and the
`aws_route` resources that name them.

Also fires on a Fargate `aws_ecs_service` (`launch_type = "FARGATE"`, or only `FARGATE` /
`FARGATE_SPOT` capacity providers) with `assign_public_ip` false or unset whose subnets,
all created by the configuration, route `0.0.0.0/0` nowhere but to internet gateways (which
serve only public IPs), or have no default route, in a configuration without any
`aws_vpc_endpoint`: with the variables' defaults, e.g. a NAT gateway, its route table and
associations created only when a flag is on, and the flag off.

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

"For a task on Fargate to pull a container image, the task must have a route to the
internet": a public IP in a public subnet, a NAT gateway for a private subnet, or interface
VPC endpoints for ECR. Without any of them the task stops with `CannotPullContainerError`
and the service never reaches its desired count.

Source: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html (NAT
gateways: public connectivity) and
https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-scenarios.html (access the
internet from a private subnet),
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html
(Fargate task networking: pulling images needs a public IP with an internet gateway, or a
NAT gateway, or VPC endpoints).

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
from tfjudge.parse.hcl.ast import Block, Body
from tfjudge.rules.aws._common import (
    address,
    resolved_blocks,
    resolved_targets,
    resources,
    target_blocks,
    value,
)
from tfjudge.rules.aws._common import targets as targets_of
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
FARGATE = ("FARGATE", "FARGATE_SPOT")


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


def _route_exit(ctx: RuleContext, route: NestedBlock | Block, through_nat: bool) -> bool | None:
    """Whether one route sends 0.0.0.0/0 out of the VPC (False: elsewhere or not default).
    With `through_nat` (traffic from private addresses) a route to a NAT gateway counts and
    one to an internet gateway does not."""
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
    if through_nat and _internet_gateway_only(ctx, body):
        return False  # without a public IP, an internet gateway carries nothing out
    if any(body.get(name) is not None and get(name) is not None for name in EXITS):
        return True
    if body.get("nat_gateway_id") is not None:
        return through_nat
    return None


def _internet_gateway_only(ctx: RuleContext, body: Body) -> bool:
    """A route whose only target is an internet gateway the configuration creates."""
    targets = [name for name in (*EXITS, "nat_gateway_id") if body.get(name) is not None]
    if targets != ["gateway_id"]:
        return False
    expr = body.get("gateway_id")
    gateways = target_blocks(ctx, expr, "aws_internet_gateway")
    return bool(gateways) and len(targets_of(ctx, expr)) == len(gateways)


def has_exit(ctx: RuleContext, table: Block, through_nat: bool = False) -> bool | None:
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
    verdicts = [_route_exit(ctx, route, through_nat) for route in routes]
    if any(v is True for v in verdicts):
        return True
    return None if any(v is None for v in verdicts) else False


def _public(ctx: RuleContext, nat: Block) -> bool:
    if "connectivity_type" not in nat.body.attributes:
        return True
    return bool(value(ctx, nat, "connectivity_type") == "public")


def _fargate(ctx: RuleContext, service: Block) -> bool:
    if "launch_type" in service.body.attributes:
        return bool(value(ctx, service, "launch_type") == "FARGATE")
    evaluator = ctx.get(Evaluator)
    strategies = service.body.blocks_of("capacity_provider_strategy")
    providers = [
        evaluator.evaluate(expr)
        for strategy in strategies
        if (expr := strategy.body.get("capacity_provider")) is not None
    ]
    return bool(strategies) and len(providers) == len(strategies) and set(providers) <= {*FARGATE}


def task_subnets(ctx: RuleContext, service: Block) -> list[Block] | None:
    """The subnets of a Fargate service without public IPs; None unless all are known."""
    network = service.body.first_block("network_configuration")
    if network is None or not _fargate(ctx, service):
        return None
    public_ip = value(ctx, service, "network_configuration.assign_public_ip")
    if "assign_public_ip" in network.body.attributes and public_ip is not False:
        return None
    expr = network.body.get("subnets")
    listed = value(ctx, service, "network_configuration.subnets")
    if not isinstance(listed, list) or not listed or any(isinstance(v, str) for v in listed):
        return None  # unknown, or subnet ids the configuration does not create
    subnets = resolved_blocks(ctx, expr, "aws_subnet")
    if not subnets or len(resolved_targets(ctx, expr)) != len(subnets):
        return None
    return subnets


def _without_exit(ctx: RuleContext, subnet: Block) -> list[Block] | None:
    """The route tables of a subnet when none of them routes out of the VPC."""
    tables = route_tables(ctx, subnet)
    if tables is None or any(has_exit(ctx, t, through_nat=True) is not False for t in tables):
        return None
    return tables


def _where(tables: list[Block]) -> str:
    names = ", ".join(address(t) for t in tables)
    if len(tables) == 1:
        return f"route table {names} sends"
    if tables:
        return f"route tables {names} send"
    return "route table (the VPC's main one, local routes only) sends"


def _nat_findings(ctx: RuleContext) -> Iterator[Finding]:
    for nat in resources(ctx, "aws_nat_gateway"):
        if not _public(ctx, nat) or not _exists(ctx, nat):
            continue
        for subnet in target_blocks(ctx, nat.body.get("subnet_id"), "aws_subnet"):
            tables = route_tables(ctx, subnet)
            if tables is None or any(has_exit(ctx, t) is not False for t in tables):
                continue
            yield ctx.finding(
                f"the NAT gateway is in {address(subnet)}, whose {_where(tables)} 0.0.0.0/0 "
                "to no internet gateway: a public NAT gateway's traffic has no way out",
                nat.body.attributes.get("subnet_id") or nat,
                block=nat,
            )
            break


def _task_findings(ctx: RuleContext) -> Iterator[Finding]:
    if resources(ctx, "aws_vpc_endpoint"):
        return  # endpoints for ECR, S3 and Logs may be all the tasks need
    for service in resources(ctx, "aws_ecs_service"):
        subnets = task_subnets(ctx, service)
        if subnets is None or not _exists(ctx, service):
            continue
        dead = [_without_exit(ctx, s) for s in subnets]
        if any(tables is None for tables in dead):
            continue
        tables: list[Block] = []
        for found in dead:
            tables.extend(t for t in found or [] if not any(t is k for k in tables))
        names = ", ".join(address(s) for s in subnets)
        yield ctx.finding(
            f"the Fargate tasks run in {names} without a public IP, and the subnets' "
            f"{_where(tables)} 0.0.0.0/0 to no NAT gateway (an internet gateway serves only "
            "public IPs) and there are no VPC endpoints: the tasks cannot pull their image",
            service.body.first_block("network_configuration") or service,
            block=service,
        )


@rule(
    "aws.no-egress-path",
    Severity.HIGH,
    Category.RELIABILITY,
    "Traffic with no route out of the VPC",
    impact="Everything that routes that way has no internet access: image pulls, package "
    "downloads and AWS API calls time out, and Fargate tasks never start.",
    fix="Place NAT gateways in public subnets (0.0.0.0/0 to an internet gateway) and route "
    "private subnets to a NAT gateway, or add VPC endpoints.",
    applies_to=("aws_ecs_service", "aws_nat_gateway"),
)
def no_egress_path(ctx: RuleContext) -> Iterator[Finding]:
    yield from _nat_findings(ctx)
    yield from _task_findings(ctx)
