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
