"""aws.no-egress-path: one row per placement of the NAT gateway and routing of its subnet."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "aws.no-egress-path"

NETWORK = """
variable "gateway" {
  type = string
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_nat_gateway" "main" {
  allocation_id = "eipalloc-0123456789abcdef0"
  subnet_id     = aws_subnet.a.id
  %s
}

resource "aws_route_table" "a" {
  vpc_id = aws_vpc.main.id
  %s
}

resource "aws_route_table_association" "a" {
  %s
  subnet_id      = aws_subnet.a.id
  route_table_id = aws_route_table.a.id
}
%s
"""


def _route(target: str, cidr: str = "0.0.0.0/0") -> str:
    return f'route {{\n    cidr_block = "{cidr}"\n    {target}\n  }}'


TO_NAT = _route("nat_gateway_id = aws_nat_gateway.main.id")
TO_IGW = _route("gateway_id = aws_internet_gateway.main.id")
EXTRA_IGW_ROUTE = """
resource "aws_route" "out" {
  route_table_id         = aws_route_table.a.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.main.id
}
"""


@pytest.mark.parametrize(
    ("nat", "routes", "association", "extra", "fires"),
    [
        ("", TO_NAT, "", "", True),  # the subnet routes back to its own NAT gateway
        ("", "", "", "", True),  # no default route at all
        ("", _route("gateway_id = aws_internet_gateway.main.id", "10.1.0.0/16"), "", "", True),
        ('connectivity_type = "public"', TO_NAT, "", "", True),
        ("", TO_IGW, "", "", False),
        ("", "", "", EXTRA_IGW_ROUTE, False),
        ("", _route('transit_gateway_id = "tgw-0123456789abcdef0"'), "", "", False),
        ("", _route("gateway_id = var.gateway"), "", "", False),
        ('connectivity_type = "private"', TO_NAT, "", "", False),
        # no association: the VPC's main route table (local only) unless managed here
        ("", TO_IGW, "count = 0", "", True),
        (
            "",
            TO_IGW,
            "count = 0",
            'resource "aws_main_route_table_association" "m" {\n'
            "  vpc_id         = aws_vpc.main.id\n"
            "  route_table_id = aws_route_table.a.id\n}\n",
            False,
        ),
    ],
)
def test_nat_placement(
    tmp_path: Path, nat: str, routes: str, association: str, extra: str, fires: bool
) -> None:
    terraform = NETWORK % (nat, routes, association, extra)
    assert bool(run_rule(tmp_path, RULE, terraform)) is fires


def test_unresolved_association_is_silent(tmp_path: Path) -> None:
    extra = """
variable "other_subnet" {
  type = string
}

resource "aws_route_table_association" "other" {
  subnet_id      = var.other_subnet
  route_table_id = aws_route_table.a.id
}
"""
    assert run_rule(tmp_path, RULE, NETWORK % ("", TO_NAT, "", extra)) == []


TASKS = """
variable "nat" {
  type    = bool
  default = %s
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "public" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.0.0/24"
}

resource "aws_subnet" "private" {
  count      = 2
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index + 10)
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_nat_gateway" "main" {
  count         = var.nat ? 1 : 0
  allocation_id = "eipalloc-0123456789abcdef0"
  subnet_id     = aws_subnet.public.id
}

resource "aws_route_table" "private" {
  count  = var.nat ? 1 : 0
  vpc_id = aws_vpc.main.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main[0].id
  }
}

resource "aws_route_table_association" "private" {
  count          = var.nat ? 2 : 0
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[0].id
}

resource "aws_ecs_service" "app" {
  name            = "app"
  cluster         = "arn:aws:ecs:us-east-1:123456789012:cluster/app"
  task_definition = "app:1"
  %s
  network_configuration {
    subnets          = aws_subnet.%s[*].id
    assign_public_ip = %s
  }
}
%s
"""

ENDPOINT = """
resource "aws_vpc_endpoint" "ecr" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.us-east-1.ecr.dkr"
  vpc_endpoint_type = "Interface"
}
"""
FARGATE = 'launch_type = "FARGATE"'
SPOT = 'capacity_provider_strategy {\n    capacity_provider = "FARGATE_SPOT"\n    weight = 1\n  }'


@pytest.mark.parametrize(
    ("nat", "launch", "subnets", "public_ip", "extra", "fires"),
    [
        ("false", FARGATE, "private", "false", "", True),  # no NAT: the main route table
        ("false", SPOT, "private", "false", "", True),
        ("true", FARGATE, "private", "false", "", False),  # routed to the NAT gateway
        ("false", FARGATE, "public", "false", "", True),  # an IGW needs a public IP
        ("true", FARGATE, "public", "false", "", True),
        ("false", FARGATE, "public", "true", "", False),
        ("false", FARGATE, "private", "true", "", False),  # public IPs: not judged
        ("false", FARGATE, "private", "false", ENDPOINT, False),  # endpoints may suffice
        ("false", 'launch_type = "EC2"', "private", "false", "", False),
        ("false", "", "private", "false", "", False),  # EC2 by default
    ],
)
def test_fargate_tasks(
    tmp_path: Path, nat: str, launch: str, subnets: str, public_ip: str, extra: str, fires: bool
) -> None:
    terraform = TASKS % (nat, launch, subnets, public_ip, extra)
    findings = [
        f for f in run_rule(tmp_path, RULE, terraform) if f.address == "aws_ecs_service.app"
    ]
    assert bool(findings) is fires
