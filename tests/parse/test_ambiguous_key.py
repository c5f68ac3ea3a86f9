"""An object key that is a dotted reference not in parentheses: HCL cannot tell it from a
name with periods ("Ambiguous attribute key"). One row per key."""

from __future__ import annotations

import pytest

from tfjudge.parse.hcl import parse_hcl
from tfjudge.source import SourceFile

CASES: list[tuple[str, bool]] = [
    ("local.k", True),
    ("var.x", True),
    ("(local.k)", False),
    ('"a.b"', False),
    ("plain", False),
    ('"${local.k}"', False),
]


@pytest.mark.parametrize(("key", "ambiguous"), CASES)
def test_keys(key: str, ambiguous: bool) -> None:
    document = parse_hcl(SourceFile("main.tf", "hcl", f"locals {{\n  o = {{ {key} = 1 }}\n}}\n"))
    summaries = [e.summary for e in document.errors]
    assert summaries == (["Ambiguous attribute key"] if ambiguous else [])


def test_a_module_providers_map_takes_provider_addresses() -> None:
    text = 'module "m" {\n  source    = "./m"\n  providers = { aws.peer = aws.west }\n}\n'
    assert parse_hcl(SourceFile("main.tf", "hcl", text)).errors == []
