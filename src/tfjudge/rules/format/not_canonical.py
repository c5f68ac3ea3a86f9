"""## What it does
Reports an HCL file that `terraform fmt` would rewrite, at the first line it would change,
for the two rewrites that can be decided exactly from the text alone:

- indentation: two spaces per open bracket level, computed as terraform's formatter does
  (a line that opens several brackets adds one level; a line that starts by closing them
  is outdented);
- the `=` of consecutive one-line arguments aligned one space after the longest name, and
  one space after it. A blank line, a comment line, a nested block or an argument whose
  value continues on the next line ends the group; a heredoc belongs to its argument's
  line.

One finding per file, low severity. Files with a syntax error (which `terraform fmt`
refuses), tabs, or constructs the check does not model (a block comment over several
lines, keys that are expressions) are not judged, so a finding is always a real `fmt`
difference; other rewrites (`[1,2]` to `[1, 2]`, trailing comments aligned) are not
reported.

## Why is this bad?
Nothing breaks at deploy time, but `terraform fmt -check` fails in any CI pipeline that
enforces the canonical style, and reviewers see diff noise. See
https://developer.hashicorp.com/terraform/cli/commands/fmt and the style conventions at
https://developer.hashicorp.com/terraform/language/style ("Align equals signs for
consecutive arguments", "Indent two spaces for each nesting level").

## Example
```hcl
resource "aws_s3_bucket" "logs" {
  bucket = "logs-example"
  force_destroy = true
}
```

## Use instead
```hcl
resource "aws_s3_bucket" "logs" {
  bucket        = "logs-example"
  force_destroy = true
}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.patterns import lazy_pattern
from tfjudge.records import record
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule
from tfjudge.source import Range

_HEREDOC = lazy_pattern(r"<<-?([A-Za-z_][\w-]*)\s*$")
_KEY = lazy_pattern(r'^([A-Za-z_][\w-]*|"[^"$%\\]*")$')
_OPEN, _CLOSE = "{[(", "}])"
_ASSIGN = lazy_pattern(r"(?<![=!<>])=(?![=>])")  # `=`, not part of `==` `!=` `<=` `>=` `=>`
_CODE_MARK = lazy_pattern(r'"|#|//')  # a string opens, or a comment starts
_STRING_MARK = lazy_pattern(r'\\|[$%]\{|[}"]')  # inside a string: escape, interpolation, end
# The shapes most lines have, read without the general scan (same result, much faster):
# `name = "plain"` or `name = word`, a block header, `name = {` or `[`, a lone closer.
# Possessive quantifiers (`*+`, `++`) where what follows cannot start with what they
# consume: the match is the same, without the regex engine's backtracking into each word.
_SIMPLE_LINE = lazy_pattern(
    r"(?P<indent> *+)(?:"
    r'(?P<key>[A-Za-z_][\w-]*+)(?P<before> *+)=(?P<after> *+)(?:"[^"\\$%]*+"|[\w.-]++)'
    r'|(?P<opener>[A-Za-z_][\w-]*+(?: ++(?:"[^"\\$%]*+"|[A-Za-z_][\w-]*+))*+ *+\{'
    r"|[A-Za-z_][\w-]*+ *+= *+[\[{])"
    r"|(?P<closer>[}\])],?))"
)

# The next commonest, also read without the scan: a string with interpolations but no
# quote or escape inside them, a list of such strings, an expression without strings (an
# argument only when its brackets balance), a line of such an expression alone (`})`,
# `local.tags,`), a list item that is a string, a block header with an empty body, a
# comment line.
_STRING = r'"(?:[^"\\$%]|[$%](?!\{)|[$%]\{[^{}"\\$%]*+\})*+"'
_STRINGS = rf"\[ *+(?:{_STRING}(?: *+, *+{_STRING})*+ *+,?)? *+\]"
_EXPR = r"[\w.\-\[\](){},:?+!&|*][\w.\-\[\](){}, :?+!&|*]*+"
_MORE_LINE = lazy_pattern(
    r"(?P<indent> *+)(?:"
    r"(?P<key>[A-Za-z_][\w-]*+)(?P<before> *+)=(?P<after> *+)"
    rf"(?:{_STRING}|{_STRINGS}|(?P<expr>{_EXPR}))"
    rf"|(?P<bare>{_EXPR})"
    rf"|{_STRING},?"
    r'|[A-Za-z_][\w-]*+(?: ++(?:"[^"\\$%]*+"|[A-Za-z_][\w-]*+))*+ *+\{\}'
    r"|(?P<comment>#|//).*)"
)


class _Unmodelled(Exception):
    """A construct the check does not model: the file is not judged."""


@record(slots=True)
class _Line:
    """One source line as `terraform fmt` sees it."""

    number: int
    indent: int
    net: int  # bracket change, as terraform's formatter counts it
    key: str | None = None  # the argument name when the line is a one-line assignment
    before: int = 0  # spaces between the name and `=`
    after: int = 0  # spaces after `=`
    comment: bool = False  # a line holding only a comment
    heredoc: str | None = None  # the marker of a heredoc that opens on this line
    end: int = 0  # the last source line: its own, or its heredoc's closing marker
    opaque: bool = False  # a name whose width fmt counts differently (`"${x}"`)


@rule(
    "format.not-canonical",
    Severity.LOW,
    Category.FORMAT,
    "terraform fmt would rewrite the file",
    impact="terraform fmt -check fails in CI; reviewers see formatting noise.",
    fix="Run terraform fmt on the file.",
)
def not_canonical(ctx: RuleContext) -> Iterator[Finding]:
    for document in ctx.documents:
        file = document.file
        if document.errors or file.language != "hcl" or file.truncated:
            continue
        problem = first_difference(file.text)
        if problem is not None:
            line, what = problem
            yield ctx.finding(
                f"terraform fmt would rewrite {file.path}: first at line {line}, {what}.",
                Range(file.path, line, 1, line, 1),
                address=None,
            )


def first_difference(text: str) -> tuple[int, str] | None:
    """The first line `terraform fmt` changes (by indentation or `=` alignment) and why;
    None when it changes neither, or the text holds a construct this does not model."""
    try:
        lines = _lines(text)
    except _Unmodelled:
        return None
    found: list[tuple[int, str]] = []
    found.extend(_indentation(lines))
    found.extend(_alignment(lines))
    return min(found) if found else None


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    marker: str | None = None
    simple, more = _SIMPLE_LINE.fullmatch, _MORE_LINE.fullmatch
    for number, raw in enumerate(text.split("\n"), start=1):
        if marker is not None:
            if raw.strip() == marker:
                marker = None
                out[-1].end = number
            continue
        if not raw or raw.isspace():
            continue  # blank lines end alignment groups; see _alignment
        found = simple(raw)  # the common shapes, without the scan below
        if found is not None:
            line = _simple_line(number, found)
        else:
            line = _more_line(number, more(raw)) or _scan(number, raw)
        line.end = number
        out.append(line)
        marker = line.heredoc
    if marker is not None:
        raise _Unmodelled
    return out


def _scan(number: int, raw: str) -> _Line:
    indent = len(raw) - len(raw.lstrip(" "))
    body = raw[indent:]
    code, comment_only = _code(body)
    if "\t" in code or "/*" in code:
        raise _Unmodelled  # tabs; a block comment may run over several lines
    heredoc = _HEREDOC.search(code)
    counted = code[: heredoc.start()] if heredoc else code
    line = _Line(number, indent, _net(counted), comment=comment_only)
    line.heredoc = heredoc.group(1) if heredoc else None
    equals = _assign_position(counted)
    if equals is not None and _net(counted[equals:]) == 0:
        key = counted[:equals].rstrip()
        if not _KEY.match(key):
            raise _Unmodelled
        line.key = key
        line.opaque = any(mark in body[: len(key)] for mark in ("${", "%{", "\\"))
        line.before = equals - len(key)
        rest = code[equals + 1 :]
        line.after = len(rest) - len(rest.lstrip(" "))
    return line


def _simple_line(number: int, found: re.Match[str]) -> _Line:
    indent, key, before, after, opener, _ = found.groups()
    if key is not None:
        return _Line(number, len(indent), 0, key, len(before), len(after))
    return _Line(number, len(indent), 1 if opener is not None else -1)


def _more_line(number: int, found: re.Match[str] | None) -> _Line | None:
    if found is None:
        return None
    indent, key, before, after, expr, bare, comment = found.groups()
    if key is not None:
        if expr is not None and (net := _net(expr)) != 0:
            return _Line(number, len(indent), net)  # goes on to the next lines: no argument
        return _Line(number, len(indent), 0, key, len(before), len(after))
    if bare is not None:
        return _Line(number, len(indent), _net(bare))
    return _Line(number, len(indent), 0, comment=comment is not None)


def _code(body: str) -> tuple[str, bool]:
    """The line without its trailing comment and string contents blanked (`"x"` -> `"_"`)."""
    out: list[str] = []
    index = 0
    while (found := _CODE_MARK.search(body, index)) is not None:
        out.append(body[index : found.start()])
        if found.group() != '"':
            return "".join(out).rstrip(), found.start() == 0
        end = _string_end(body, found.start())
        out.append('"' + "_" * (end - found.start() - 1) + '"')
        index = end + 1
    out.append(body[index:])
    return "".join(out), False


def _string_end(body: str, start: int) -> int:
    index, depth = start + 1, 0
    while (found := _STRING_MARK.search(body, index)) is not None:
        at, mark = found.start(), found.group()
        if mark == "\\":
            index = at + 2
        elif mark in ("${", "%{"):
            escaped = body.startswith(("$${", "%%{"), at - 1)
            depth += 0 if escaped else 1
            index = at + (1 if escaped else 2)
        elif mark == "}":
            depth -= 1 if depth else 0
            index = at + 1
        elif depth:
            raise _Unmodelled  # a string inside an interpolation
        else:
            return at
    raise _Unmodelled  # a string or interpolation that goes on to the next line


def _net(code: str) -> int:
    return sum(map(code.count, _OPEN)) - sum(map(code.count, _CLOSE))


def _assign_position(code: str) -> int | None:
    """Where the first `=` token is (not `==`, `!=`, `<=`, `>=`, `=>`), if not first."""
    found = _ASSIGN.search(code)
    if found is None:
        return None
    return found.start() if code[: found.start()].strip() else None


def _indentation(lines: list[_Line]) -> Iterator[tuple[int, str]]:
    """terraform's formatIndent: two spaces per remembered level of net opened brackets."""
    levels: list[int] = []
    for line in lines:
        if line.net < 0:
            closed = -line.net
            while closed > 0 and levels:
                if closed >= levels[-1]:
                    closed -= levels.pop()
                else:
                    levels[-1] -= closed
                    closed = 0
        expected = 2 * len(levels)
        if line.net > 0:
            levels.append(line.net)
        if line.indent != expected:
            yield line.number, f"indented {line.indent} spaces where fmt puts {expected}"


def _alignment(lines: list[_Line]) -> Iterator[tuple[int, str]]:
    """terraform's formatCells: adjacent one-line assignments form a group."""
    group: list[_Line] = []
    for line in lines:
        if line.key is None:
            if group:  # most lines end no group: no generator made for them
                yield from _check_group(group)
                group = []
        elif group and line.number == group[-1].end + 1:
            group.append(line)
        else:
            yield from _check_group(group)
            group = [line]
    yield from _check_group(group)


def _check_group(group: list[_Line]) -> Iterator[tuple[int, str]]:
    if not group or any(line.opaque for line in group):
        return
    width = max(len(line.key or "") for line in group)
    for line in group:
        wanted = width - len(line.key or "") + 1
        if line.before != wanted or line.after != 1:
            yield (
                line.number,
                (
                    f"`{line.key} =` where fmt aligns the `=` of the {len(group)} adjacent "
                    "arguments one space after the longest name, with one space after it"
                    if len(group) > 1
                    else f"`{line.key} =` where fmt writes one space on each side of `=`"
                ),
            )
