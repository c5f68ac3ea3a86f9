"""ops.hardcoded-availability-zones: the cheap test made before the zone pattern keeps
every value the pattern matches."""

from __future__ import annotations

import itertools

from tfjudge.parse.hcl.ast import Literal
from tfjudge.rules.ops.hardcoded_availability_zones import _ZONE, _zones
from tfjudge.source import Range

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
