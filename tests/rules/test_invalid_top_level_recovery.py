"""core.invalid-top-level after a syntax error: the parser's recovery must not be judged.

A quoted argument name inside a nested block makes tree-sitter close the resource early,
so the blocks written after it inside the resource come out at the top level; terraform
reports only the syntax error. An unindented block after an error, or an indented one in
a file without errors, is still what it looks like.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "core.invalid-top-level"

BROKEN = """resource "aws_opensearch_domain" "es" {
  domain_name = "demo"

  advanced_options {
    "rest.action.multi.allow_explicit_index" = "true"
  }

%s
}
"""
WHOLE = """resource "aws_opensearch_domain" "es" {
  domain_name = "demo"
}

%s
"""


@pytest.mark.parametrize(
    ("terraform", "lines"),
    [
        (BROKEN % "  snapshot_options {\n    automated_snapshot_start_hour = 23\n  }", []),
        (BROKEN % '  engine_version = "OpenSearch_2.11"', []),
        (BROKEN % "snapshot_options {\n  automated_snapshot_start_hour = 23\n}", [8]),
        (WHOLE % "  snapshot_options {\n    automated_snapshot_start_hour = 23\n  }", [5]),
        (WHOLE % '  engine_version = "OpenSearch_2.11"', [5]),
    ],
)
def test_blocks_the_recovery_moved_out_are_not_judged(
    tmp_path: Path, terraform: str, lines: list[int]
) -> None:
    assert [f.line for f in run_rule(tmp_path, RULE, terraform)] == lines
