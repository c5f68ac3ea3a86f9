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

    def seen(found: object) -> object:
        if found is None:
            return None
        assert isinstance(found, nc._Line)
        return (found.indent, found.net, found.key, found.before, found.after, found.comment)

    simple = nc._SIMPLE_LINE.fullmatch(line)
    fast = nc._simple_line(1, simple) if simple else nc._more_line(1, nc._MORE_LINE.fullmatch(line))
    if fast is None:
        return  # left to the scan
    try:
        expected = seen(nc._scan(1, line))
    except nc._Unmodelled:
        expected = "unmodelled"
    assert seen(fast) == expected
