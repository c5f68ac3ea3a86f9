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


# One source line as `terraform fmt` sees it: a plain tuple, as a record per line of
# every file costs more than the check itself. `net` is the bracket change as terraform's
# formatter counts it; `key`, `before` and `after` the argument name and the spaces on
# each side of its `=` when the line is a one-line assignment; `heredoc` the marker of a
# heredoc that opens on the line; `opaque` a name whose width fmt counts differently.
_Shape = tuple[int, int, str | None, int, int, str | None, bool]
# (indent, net, key, before, after, heredoc, opaque)

# A line of an alignment group: (number, key, before, after, opaque)
_Member = tuple[int, str, int, int, bool]


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
        indented, aligned = _first_differences(text.split("\n"))
    except _Unmodelled:
        return None
    if indented is None or aligned is None:
        return indented or aligned
    return min(indented, aligned)


def _first_differences(
    raws: list[str],
) -> tuple[tuple[int, str] | None, tuple[int, str] | None]:
    """The first indentation difference and the first alignment difference, in one pass
    over the lines (any later line may still make the file unmodelled)."""
    levels: list[int] = []  # terraform's formatIndent: the net brackets of each level
    indented: tuple[int, str] | None = None
    aligned: tuple[int, str] | None = None
    group: list[_Member] = []  # terraform's formatCells: adjacent one-line assignments
    end = 0  # the last source line of the previous line judged (its heredoc's marker)
    marker: str | None = None
    simple, more = _SIMPLE_LINE.fullmatch, _MORE_LINE.fullmatch
    for number, raw in enumerate(raws, start=1):
        if marker is not None:
            if raw.strip() == marker:
                marker, end = None, number
            continue
        if not raw or raw.isspace():
            continue  # blank lines end alignment groups: the next line is not end + 1
        found = simple(raw)  # the common shapes, without the scan
        if found is not None:  # read here, not in a helper: most lines take this path
            spaces, key, gap_before, gap_after, opener, _ = found.groups()
            indent, marker, opaque = len(spaces), None, False
            if key is not None:
                net, before, after = 0, len(gap_before), len(gap_after)
            else:
                net, before, after = 1 if opener is not None else -1, 0, 0
        else:
            shape = _more_shape(more(raw)) or _scan(raw)
            indent, net, key, before, after, marker, opaque = shape
        # a line that neither moves the level nor is misplaced changes nothing: no call
        if indented is None and (net != 0 or indent != 2 * len(levels)):
            indented = _indentation(levels, number, indent, net)
        if aligned is None:
            if key is None:
                if group:
                    aligned, group = _misaligned(group), []
            elif group and number == end + 1:
                group.append((number, key, before, after, opaque))
            else:
                aligned = _misaligned(group)
                group = [(number, key, before, after, opaque)]
        end = number
    if marker is not None:
        raise _Unmodelled
    return indented, aligned or _misaligned(group)


def _scan(raw: str) -> _Shape:
    indent = len(raw) - len(raw.lstrip(" "))
    body = raw[indent:]
    code = _code(body)
    if "\t" in code or "/*" in code:
        raise _Unmodelled  # tabs; a block comment may run over several lines
    heredoc = _HEREDOC.search(code)
    counted = code[: heredoc.start()] if heredoc else code
    marker = heredoc.group(1) if heredoc else None
    equals = _assign_position(counted)
    if equals is None or _net(counted[equals:]) != 0:
        return indent, _net(counted), None, 0, 0, marker, False
    key = counted[:equals].rstrip()
    if not _KEY.match(key):
        raise _Unmodelled
    opaque = any(mark in body[: len(key)] for mark in ("${", "%{", "\\"))
    rest = code[equals + 1 :]
    after = len(rest) - len(rest.lstrip(" "))
    return indent, _net(counted), key, equals - len(key), after, marker, opaque


def _more_shape(found: re.Match[str] | None) -> _Shape | None:
    if found is None:
        return None
    indent, key, before, after, expr, bare, _ = found.groups()
    if key is not None:
        if expr is not None and (net := _net(expr)) != 0:
            return len(indent), net, None, 0, 0, None, False  # goes on: no argument
        return len(indent), 0, key, len(before), len(after), None, False
    return len(indent), 0 if bare is None else _net(bare), None, 0, 0, None, False


def _code(body: str) -> str:
    """The line without its trailing comment and string contents blanked (`"x"` -> `"_"`)."""
    out: list[str] = []
    index = 0
    while (found := _CODE_MARK.search(body, index)) is not None:
        out.append(body[index : found.start()])
        if found.group() != '"':
            return "".join(out).rstrip()
        end = _string_end(body, found.start())
        out.append('"' + "_" * (end - found.start() - 1) + '"')
        index = end + 1
    out.append(body[index:])
    return "".join(out)


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


def _indentation(levels: list[int], number: int, indent: int, net: int) -> tuple[int, str] | None:
    """terraform's formatIndent: two spaces per remembered level of net opened brackets;
    `levels` is updated with the line's brackets."""
    if net < 0:
        closed = -net
        while closed > 0 and levels:
            if closed >= levels[-1]:
                closed -= levels.pop()
            else:
                levels[-1] -= closed
                closed = 0
    expected = 2 * len(levels)
    if net > 0:
        levels.append(net)
    if indent != expected:
        return number, f"indented {indent} spaces where fmt puts {expected}"
    return None


def _misaligned(group: list[_Member]) -> tuple[int, str] | None:
    """The first line of an alignment group whose `=` fmt moves, and why."""
    if not group or any(opaque for *_, opaque in group):
        return None
    width = max(len(key) for _, key, *_ in group)
    for number, key, before, after, _ in group:
        if before != width - len(key) + 1 or after != 1:
            return number, (
                f"`{key} =` where fmt aligns the `=` of the {len(group)} adjacent "
                "arguments one space after the longest name, with one space after it"
                if len(group) > 1
                else f"`{key} =` where fmt writes one space on each side of `=`"
            )
    return None
