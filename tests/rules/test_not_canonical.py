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


FAST_PATH_LINES = [
    '  bucket = "logs"',
    "  bucket   =  var.x",
    'resource "aws_s3_bucket" "logs" {',
    "  tags = {",
    "  },",
    '  name = "${var.project}-${var.environment}-logs"',
    '  name     = "$${literal}-${var.x}"',
    '  name = "${var.app-${var.env}-x"',  # an interpolation left open: not modelled
    '  name = "${replace(var.x, "-", "")}"',  # a string inside an interpolation
    '  name = "a\\"b-${var.x}"',
    "  count = var.enabled ? length(var.subnets) : 0",
    "  value = merge(local.tags, {",  # goes on to the next line
    "  ids = [aws_subnet.a.id, aws_subnet.b.id]",
    '    "arn:aws:s3:::${var.bucket}/*",',
    "  # a comment",
    "  // another",
    "\t# a tab first",
    "  x = 5 % 2",
]


@pytest.mark.parametrize("line", FAST_PATH_LINES)
def test_the_line_fast_paths_read_a_line_as_the_scan_does(line: str) -> None:
    from tfjudge.rules.format import not_canonical as nc

    if nc._SIMPLE_LINE.fullmatch(line):
        return  # read inline by the loop: compared in the test below
    fast = nc._more_shape(nc._MORE_LINE.fullmatch(line))
    if fast is None:
        return  # left to the scan
    try:
        expected: object = nc._scan(line)
    except nc._Unmodelled:
        expected = "unmodelled"
    assert fast == expected


def _in_contexts(line: str) -> list[str]:
    return [
        f"locals {{\n{line}\n  abc = 1\n}}\n",
        f"locals {{\n  a = 1\n{line}\n}}\n",
        f"locals {{\n  abcdefghijk = 1\n{line}\n  b = 2\n}}\n",
        f"{line}\n{line}\n",
    ]


@pytest.mark.parametrize(
    "text",
    [text for line in FAST_PATH_LINES for text in _in_contexts(line)] + [c[1] for c in CASES],
)
def test_the_fast_paths_find_what_the_scan_alone_finds(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    from tfjudge.rules.format import not_canonical as nc

    fast = first_difference(text)
    never = re.compile(r"(?!)")  # every line goes to the scan
    monkeypatch.setattr(nc, "_SIMPLE_LINE", never)
    monkeypatch.setattr(nc, "_MORE_LINE", never)
    assert first_difference(text) == fast
