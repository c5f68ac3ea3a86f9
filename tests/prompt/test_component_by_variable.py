"""req.missing-resource: a component taken as an input variable is not missing, whether the
answer declares that variable or only uses it (the missing declaration is
core.undeclared-variable's finding)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.prompt.helpers import missing_resources

PROMPT = "Route all egress from the private subnets through the Transit Gateway.\n"
USES = """
resource "aws_ec2_transit_gateway_vpc_attachment" "hub" {
  transit_gateway_id = var.transit_gateway_id
  vpc_id             = aws_vpc.main.id
  subnet_ids         = [aws_subnet.private.id]
}
"""
DECLARES = 'variable "transit_gateway_id" {\n  type = string\n}\n'
NEITHER = """
resource "aws_ec2_transit_gateway_vpc_attachment" "hub" {
  transit_gateway_id = "tgw-0123456789abcdef0"
  vpc_id             = aws_vpc.main.id
  subnet_ids         = [aws_subnet.private.id]
}
"""
BASE = 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n' + (
    'resource "aws_subnet" "private" {\n  vpc_id = aws_vpc.main.id\n'
    '  cidr_block = "10.0.1.0/24"\n}\n'
)


@pytest.mark.parametrize(
    ("code", "missing"),
    [(USES, False), (DECLARES + USES, False), (NEITHER, True)],
)
def test_transit_gateway_given_as_a_variable(tmp_path: Path, code: str, missing: bool) -> None:
    addresses = [f.address for f in missing_resources(tmp_path, PROMPT, BASE + code)]
    assert ("aws_ec2_transit_gateway" in addresses) is missing
