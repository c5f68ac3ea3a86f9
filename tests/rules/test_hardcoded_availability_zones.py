"""ops.hardcoded-availability-zones: the cheap tests made before the zone pattern (on a
value, on a file's text) keep every value the pattern matches."""

from __future__ import annotations

import itertools

from tfjudge.parse.hcl.ast import Literal
from tfjudge.parse.hcl.parser import parse_hcl
from tfjudge.rules.ops.hardcoded_availability_zones import _ZONE, _may_hold_zones, _zones
from tfjudge.source import Range, SourceFile

VALUES = [
    "us-east-1a",
    "us-east-1a\n",
    "eu-west-12b",
    "us-gov-west-1c",
    "cn-isob-east-1d",
    "us-east-1",
    "us-east-1ab",
    "t3.micro",
    "1a",
    "",
    "a",
    "\n",
    "us-east-1a\n\n",
    "us-east-١a",
]


def test_zones_are_what_the_pattern_matches() -> None:
    where = Range("main.tf", 1, 1, 1, 2)
    values = [*VALUES, *("".join(p) for p in itertools.product("us-e1a\n", repeat=4))]
    nodes = [Literal(where, value) for value in values]
    expected = [value for value in values if _ZONE.match(value)]
    assert _zones(nodes, "") == expected
    assert "us-east-1a\n" in expected


ZONE_SPELLINGS = [
    'azs = ["us-east-1a", "us-east-1b"]',
    'az = "eu-west-12b\\n"',
    'az = "us-east-1\\u0061"',
    'az = "${var.region}a"',
    'az = "${ var.aws_region ~}b"',
    'subnets = { us-east-1a = "10.0.1.0/24" }',
    "az = <<-EOT\n    us-gov-west-1c\n    EOT",
]


def test_a_file_holding_a_zone_is_walked() -> None:
    for spelling in ZONE_SPELLINGS:
        file = SourceFile("main.tf", "hcl", f"locals {{\n  {spelling}\n}}\n")
        block = parse_hcl(file).body.blocks[0]
        assert _zones(block.expressions(), ""), spelling
        assert _may_hold_zones(block.file, {}), spelling


def test_a_file_without_a_zone_is_not() -> None:
    text = 'resource "aws_instance" "a" {\n  ami = "ami-0abc12de"\n  subnet_id = "subnet-1ab"\n}\n'
    file = SourceFile("main.tf", "hcl", text)
    block = parse_hcl(file).body.blocks[0]
    assert not _zones(block.expressions(), "")
    assert not _may_hold_zones(block.file, {})
