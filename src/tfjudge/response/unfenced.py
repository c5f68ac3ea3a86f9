"""Finding HCL written straight into the Markdown, without a fence.

A region starts at a top-level block header at column 0 (with the comment lines right
above it) and goes on while the lines are HCL: anything inside brackets or a heredoc,
and at depth 0 blank lines, comments, block headers, closing brackets and `name = value`
lines. The first other line at depth 0 (prose) ends it.
"""

from __future__ import annotations

from tfjudge.patterns import lazy_pattern
from tfjudge.records import record
from tfjudge.response.scanner import ScanState, scan_line

_TOP_HEADER = lazy_pattern(
    r"^(resource|data|variable|output|module|provider|terraform|locals|moved|import|check|removed)"
    r'(\s+("[^"]*"|[A-Za-z_][\w-]*))*\s*\{'
)
_HCL_AT_DEPTH_ZERO = lazy_pattern(r"^(\s*$|\s*(#|//|/\*|\*)|\s*[}\])]|\s*[A-Za-z_][\w-]*\s*=[^=>])")


@record(slots=True)
class Region:
    """0-based inclusive line indices of an unfenced HCL region."""

    start: int
    end: int
    truncated: bool


def find_unfenced_regions(
    lines: list[str], excluded: set[int], candidates: list[int]
) -> list[Region]:
    """`candidates` are the lines, in order, that may start a region: at least every line
    not in `excluded` (the lines outside fences; most of an answer's lines are inside)."""
    regions: list[Region] = []
    resume = 0  # the line after the last region
    for i in candidates:
        if i < resume or i in excluded or not _TOP_HEADER.match(lines[i]):
            continue
        start = i
        start = _leading_comments_start(lines, i, excluded)
        if regions and start <= regions[-1].end:
            start = regions[-1].end + 1
        state = ScanState()
        end = i - 1
        j = start
        while j < len(lines) and j not in excluded:
            line = lines[j]
            at_top = state.depth == 0 and state.heredoc is None and not state.in_block_comment
            if at_top and j > i and not (_HCL_AT_DEPTH_ZERO.match(line) or _TOP_HEADER.match(line)):
                break
            scan_line(state, line, j + 1)
            end = j
            j += 1
        while end > i and (not lines[end].strip() or _is_comment(lines[end])):
            end -= 1
        truncated = j >= len(lines) and not state.balanced
        regions.append(Region(start, end, truncated))
        resume = max(end, i) + 1
    return regions


def _is_comment(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith(("#", "//")) and bool(stripped.lstrip("#/ ").strip())


def _leading_comments_start(lines: list[str], header: int, excluded: set[int]) -> int:
    """The first line of the comments (blank lines between allowed) right above a header."""
    start = header
    k = header - 1
    while k >= 0 and k not in excluded and (_is_comment(lines[k]) or not lines[k].strip()):
        if _is_comment(lines[k]):
            start = k
        k -= 1
    return start


@record(slots=True)
class ProgramRegion:
    """An unfenced program announced by a comment naming its file (`# handler.py`)."""

    start: int
    end: int
    name: str


_PROGRAM_NAME = lazy_pattern(r"^(#|//)\s*(?P<name>[\w./-]+\.(py|js|mjs|sh))\s*$")
_PYTHON_TOP = lazy_pattern(
    r"^(import |from |def |class |async |@|if |for |while |try:|except|finally:|with |return|"
    r"[A-Za-z_][\w.]*\s*(=|\(|\[)|#|\"\"\"|''')"
)


_CODE_STARTS = ("}", ")", "]", "$", "//")


def find_unfenced_programs(
    lines: list[str], excluded: set[int], candidates: list[int]
) -> list[ProgramRegion]:
    """`candidates` as for `find_unfenced_regions`."""
    regions: list[ProgramRegion] = []
    resume = 0  # the line after the last program
    for index in candidates:
        match = None if index < resume or index in excluded else _PROGRAM_NAME.match(lines[index])
        if match is None:
            continue
        end = _program_end(lines, index + 1, excluded)
        if end > index:
            regions.append(ProgramRegion(index, end, match.group("name")))
        resume = end + 1
    return regions


def _program_end(lines: list[str], start: int, excluded: set[int]) -> int:
    """The last line of the program: before the first prose line at column 0 outside a
    triple-quoted string, or the next fence or HCL region."""
    end = start - 1
    in_docstring = False
    for number in range(start, len(lines)):
        if number in excluded:
            break
        line = lines[number]
        quotes = line.count('"""') + line.count("'''")
        at_top = not in_docstring and line.strip() and not line[0].isspace()
        if at_top and not _PYTHON_TOP.match(line) and not line.startswith(_CODE_STARTS):
            break
        if quotes % 2 == 1:
            in_docstring = not in_docstring
        if line.strip():
            end = number
    return end
