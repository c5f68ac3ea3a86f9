"""Splitting a Markdown answer into code blocks and prose, with markdown-it-py.

Real answers break CommonMark in ways a reader forgives; each is repaired here so the
blocks are the ones the author meant, with line numbers kept exact:
- a ```markdown block that holds a README with fences of its own: under CommonMark the
  inner bare ``` closes the outer block, so such regions are found by fence nesting and
  kept whole as one Markdown block;
- a closing fence glued to the last code line (`}````): the block ends on that line;
- a block never closed before the next ```lang opener: it ends before that opener;
- an info string glued to a comment (```` ```hcl# main.tf ````): the language is `hcl`;
- an unclosed fence at the end: markdown-it closes it silently; here it is `closed=False`.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from tfjudge.patterns import lazy_pattern
from tfjudge.records import record
from tfjudge.response.reader import unix_line_breaks

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_FENCE_LINE = lazy_pattern(r"^(?P<indent> {0,3})(?P<marks>`{3,}|~{3,})(?P<info>[^`]*)$")
_GLUED_CLOSER = lazy_pattern(r"^(?P<code>.*[^`\s])\s*(?P<marks>`{3,})\s*$")
_LANGUAGE = lazy_pattern(r"[A-Za-z0-9_+.-]+")
_MARKDOWN_INFOS = {"markdown", "md"}
_PROSE_START = lazy_pattern(r"^(#{1,6}\s|\*\*|[-*+]\s+\S|\d+\.\s|[A-Z][a-z]+\b[^{}=]*$)")
# box drawing, block elements, arrows and geometric shapes: a diagram, never prose
_DIAGRAM = lazy_pattern("[\u2190-\u21ff\u2500-\u25ff]")


@record(slots=True)
class Fence:
    """A fenced code block. Lines are 1-based lines of the response."""

    info: str
    content: str
    fence_line: int
    content_line: int
    end_line: int
    closed: bool
    interrupted: bool = False  # never closed: the next ```lang opener ended it

    @property
    def language(self) -> str:
        match = _LANGUAGE.match(self.info.strip())
        return match.group(0).lower() if match else ""

    @property
    def info_rest(self) -> str:
        """What follows the language in the info string (`title="main.tf"`, `# main.tf`)."""
        stripped = self.info.strip()
        return stripped[len(self.language) :].strip()


@record(slots=True)
class MarkdownParts:
    """A Markdown text split into its lines, its fences, its prose lines and its headings."""

    lines: list[str]  # the text's lines (`text.split("\n")`)
    fences: list[Fence]
    prose: list[tuple[int, str]]  # (line, text) of every non-blank line outside fences
    headings: dict[int, str]  # line -> heading text
    outside: list[int]  # the 0-based index of every line outside fences, in order


def split_markdown(text: str) -> MarkdownParts:
    lines = text.split("\n")
    masked = list(lines)
    fences: list[Fence] = []
    for start, end, info, closed in _nested_markdown_regions(lines):
        body_end = end if closed else end + 1
        content = "\n".join(lines[start + 1 : body_end]) + "\n"
        fences.append(Fence(info, content, start + 1, start + 2, end + 1, closed))
        masked[start : end + 1] = [""] * (end + 1 - start)
    headings: dict[int, str] = {}
    done = 0
    while True:
        tokens = _tokens("\n".join(masked))
        restart_after: int | None = None
        for index, token in enumerate(tokens):
            if token.type == "heading_open" and token.map and token.map[0] >= done:
                headings[token.map[0] + 1] = tokens[index + 1].content
            if token.type != "fence" or not token.map or token.map[0] < done:
                continue
            fence, last = _repaired_fence(
                lines, token.map[0], token.map[1], token.markup, token.info
            )
            fences.append(fence)
            if last < token.map[1] - 1:
                restart_after = last
                break
        if restart_after is None:
            break
        for index in range(restart_after + 1):
            masked[index] = ""
        done = restart_after + 1
    fences.sort(key=lambda fence: fence.fence_line)
    outside = lines_outside(fences, len(lines))
    prose = [(n + 1, lines[n]) for n in outside if lines[n].strip()]
    return MarkdownParts(lines, fences, prose, headings, outside)


def lines_outside(fences: list[Fence], line_count: int) -> list[int]:
    """The 0-based indices of the lines no fence holds, in order (`fences` in line order):
    the gaps between fences, without a walk over the lines inside them."""
    outside: list[int] = []
    start = 0
    for fence in fences:
        outside.extend(range(start, fence.fence_line - 1))
        start = max(start, fence.end_line)
    outside.extend(range(start, line_count))
    return outside


def _tokens(source: str) -> list[Token]:
    if "\r" in source or "\0" in source:  # what markdown-it's normalize rule does
        source = unix_line_breaks(source).replace("\0", "\ufffd")
    return _markdown_parser().parse(source)


@cache
def _markdown_parser() -> MarkdownIt:
    """markdown-it, imported when a Markdown answer is first read (about a fifth of a
    process's start-up): `.tf` files and directories never need it.

    Only the block structure is read (fences, headings, paragraphs): no inline parsing.
    Its first core rule, "normalize", rewrites line breaks and NULs with two regex passes
    over the whole text even when it has neither; `_tokens` does it only when needed. Its
    block parser is `markdown_lines`', which finds the lines' indentation faster."""
    from markdown_it import MarkdownIt

    from tfjudge.response.markdown_lines import line_marked

    return line_marked(MarkdownIt("commonmark").disable(["inline", "normalize"]))


def _repaired_fence(
    lines: list[str], start: int, end: int, markup: str, info: str
) -> tuple[Fence, int]:
    """The fence markdown-it found at lines [start, end), cut where its author ended it.

    Returns the fence and the 0-based index of its last line.
    """
    language = _LANGUAGE.match(info.strip())
    is_markdown = language is not None and language.group(0).lower() in _MARKDOWN_INFOS
    for index in range(start + 1, end):
        line = lines[index]
        if "`" not in line and "~" not in line:
            continue  # neither a closer, a glued closer nor an opener
        if _is_closing_fence(line, markup):
            break
        glued = _GLUED_CLOSER.match(line)
        if glued and len(glued.group("marks")) >= len(markup) and "`" not in glued.group("code"):
            body = [*lines[start + 1 : index], glued.group("code")]
            return _fence(info, body, start, index, closed=True), index
        opener = _FENCE_LINE.match(line)
        if (
            not is_markdown
            and opener
            and opener.group("info").strip()
            and opener.group("marks")[0] == markup[0]
            and len(opener.group("marks")) == len(markup)
        ):
            body = lines[start + 1 : index]
            fence = _fence(info, body, start, index - 1, closed=False)
            fence.interrupted = True
            return fence, index - 1
    last = end - 1
    closed = last > start and _is_closing_fence(lines[last], markup)
    body = lines[start + 1 : last] if closed else lines[start + 1 : end]
    return _fence(info, body, start, last, closed), last


def _fence(info: str, body: list[str], start: int, last: int, closed: bool) -> Fence:
    content = "\n".join(body) + "\n" if body else ""
    return Fence(info.strip(), content, start + 1, start + 2, last + 1, closed)


def _is_closing_fence(line: str, marker: str) -> bool:
    stripped = line.strip()
    return (
        bool(stripped)
        and stripped[0] == marker[0]
        and set(stripped) == {marker[0]}
        and len(stripped) >= len(marker)
    )


def _nested_markdown_regions(lines: list[str]) -> list[tuple[int, int, str, bool]]:
    """Regions (start, end, info, closed) of ```markdown blocks holding fences of their own.

    Indices are 0-based and inclusive. Inside such a block an info-string fence opens an
    inner block and a bare fence closes it. A bare fence with no inner block open either
    ends the outer block or opens a bare inner one (a file tree, say): it opens one when
    the line after it is not prose.
    """
    regions: list[tuple[int, int, str, bool]] = []
    i = 0
    while i < len(lines):
        match = _FENCE_LINE.match(lines[i])
        if not match:
            i += 1
            continue
        info = match.group("info").strip()
        marks = match.group("marks")
        language = _LANGUAGE.match(info)
        if language and language.group(0).lower() in _MARKDOWN_INFOS:
            end, nested = _markdown_block_end(lines, i, marks)
            if nested:
                closed = end < len(lines) and _is_closing_fence(lines[end], marks)
                regions.append((i, min(end, len(lines) - 1), info, closed))
            i = end + 1
            continue
        i = _ordinary_block_end(lines, i, marks) + 1
    return regions


def _markdown_block_end(lines: list[str], start: int, marks: str) -> tuple[int, bool]:
    in_inner = False
    nested = False
    j = start + 1
    fence = marks[0] * 3  # in every line that can open or close an inner block
    while j < len(lines):
        inner = _FENCE_LINE.match(lines[j]) if fence in lines[j] else None
        if inner and inner.group("marks")[0] == marks[0]:
            has_info = bool(inner.group("info").strip())
            if in_inner and not has_info:
                in_inner = False
            elif has_info:
                in_inner = nested = True
            elif _next_is_prose(lines, j) or len(inner.group("marks")) > len(marks):
                return j, nested
            else:
                in_inner = nested = True
        j += 1
    return len(lines), nested


def _ordinary_block_end(lines: list[str], start: int, marks: str) -> int:
    for j in range(start + 1, len(lines)):
        if marks not in lines[j]:
            continue  # a closer holds the opener's marks at least: most lines are not one
        inner = _FENCE_LINE.match(lines[j])
        if (
            inner
            and inner.group("marks")[0] == marks[0]
            and len(inner.group("marks")) >= len(marks)
            and not inner.group("info").strip()
        ):
            return j
    return len(lines)


def _next_is_prose(lines: list[str], index: int) -> bool:
    for line in lines[index + 1 :]:
        if line.strip():
            if _FENCE_LINE.match(line) is not None:
                return True
            return bool(_PROSE_START.match(line.strip())) and not _DIAGRAM.search(line)
    return True
