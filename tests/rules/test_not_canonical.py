"""format.not-canonical's model of terraform fmt, one row per case (the same cases are
checked against the real terraform fmt in tests/oracle/test_fmt_oracle.py)."""

from __future__ import annotations

import pytest

from tfjudge.rules.format.not_canonical import first_difference

CASES: list[tuple[str, str, int | None]] = [
    ("aligned", 'resource "x" "y" {\n  a   = 1\n  bbb = 2\n}\n', None),
    ("misaligned", 'resource "x" "y" {\n  a = 1\n  bbb = 2\n}\n', 2),
    ("over-aligned", 'resource "x" "y" {\n  a    = 1\n  bbb  = 2\n}\n', 2),
    ("no spaces", "locals {\n  a=1\n}\n", 2),
    ("a comment ends the group", 'resource "x" "y" {\n  a = 1\n  # c\n  bbb = 2\n}\n', None),
    ("a blank line ends the group", 'resource "x" "y" {\n  a = 1\n\n  bbb = 2\n}\n', None),
    (
        "a value over several lines ends the group",
        'resource "x" "y" {\n  a = 1\n  bbb = {\n    c = 1\n  }\n}\n',
        None,
    ),
    (
        "a heredoc belongs to its argument's line",
        'resource "x" "y" {\n  a = <<EOF\nz\nEOF\n  bbb = 3\n}\n',
        2,
    ),
    ("wrong indentation", 'resource "x" "y" {\n   a = 1\n}\n', 2),
    ("a closing line outdented", 'resource "x" "y" {\n  a = [\n    1,\n    ]\n}\n', 4),
    (
        "two brackets opened on a line are one level",
        'resource "x" "y" {\n  tags = merge(var.t, {\n    a = 1\n  })\n}\n',
        None,
    ),
    ("brackets and # in strings", 'locals {\n  a  = "x = {"\n  bb = "${var.x}-#"\n}\n', None),
    ("a tab: not judged", "locals {\n\ta = 1\n}\n", None),
    ("a key that is a template: group not judged", 'locals {\n  "${a}" = 1\n  b = 2\n}\n', None),
]


@pytest.mark.parametrize(("text", "line"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_first_difference(text: str, line: int | None) -> None:
    found = first_difference(text)
    assert (found[0] if found else None) == line
