"""markdown-it's block parser, with its per-line markers computed by `str` methods.

markdown-it's `StateBlock` finds where each line starts, ends and how far it is indented
by walking every line's leading blanks one character at a time in Python; the code of an
answer is indented, so that walk is a few thousand steps an answer. `LineMarkedStateBlock`
computes the same markers (`bMarks`, `eMarks`, `tShift`, `sCount`, `bsCount`, the
documented state every block rule reads) with `split`, `lstrip` and `expandtabs`.
Two more walks over every line go the same way: `getLines` cuts lines at the margin as
one slice of the text, and the fence rule finds a top-level block's closing fence with
`str.find` (most of an answer's lines are inside fences). Everything else is
markdown-it's own. `tests/response/test_markdown_lines.py` compares the tokens with the
stock parser's.

Imported with markdown-it, when a Markdown answer is first read.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.parser_block import ParserBlock
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block import fence as stock_fence

if TYPE_CHECKING:
    from markdown_it.token import Token
    from markdown_it.utils import EnvType

_BLANKS = " \t"  # what markdown-it counts as indentation (`isStrSpace`)
_TAB_STOP = 4  # CommonMark expands a tab to the next multiple of four columns


class LineMarkers:
    """The five per-line lists of `StateBlock`, with its trailing sentinel entry."""

    __slots__ = ("begins", "columns", "ends", "shifts", "tab_columns")

    def __init__(self, src: str) -> None:
        lines = src.split("\n")
        if not lines[-1].strip(_BLANKS):
            # markdown-it gives nothing after the last line break, or only blanks, no line
            lines.pop()
        begins = list(accumulate([len(line) + 1 for line in lines], initial=0))
        self.ends = [begin - 1 for begin in begins[1:]]
        begins[-1] = len(src)  # the sentinel: an empty line at the end of the text
        self.ends.append(len(src))
        self.begins = begins
        self.shifts = [len(line) - len(line.lstrip(_BLANKS)) for line in lines]
        if "\t" in src:
            self.columns = [
                len(line[:shift].expandtabs(_TAB_STOP))
                for line, shift in zip(lines, self.shifts, strict=True)
            ]
        else:
            self.columns = list(self.shifts)
        self.shifts.append(0)
        self.columns.append(0)
        self.tab_columns = [0] * len(begins)


class LineMarkedStateBlock(StateBlock):
    """markdown-it's block state, with the line markers of `LineMarkers`."""

    def __init__(self, src: str, md: MarkdownIt, env: EnvType, tokens: list[Token]) -> None:
        super().__init__("", md, env, tokens)  # every other field; no line to walk
        markers = LineMarkers(src)
        self.src = src
        self.line_begins = markers.begins  # as they are before a rule moves any
        self.bMarks = list(markers.begins)  # a blockquote moves its lines' past the `>`
        self.eMarks = markers.ends
        self.tShift = markers.shifts
        self.sCount = markers.columns
        self.bsCount = markers.tab_columns
        self.lineMax = len(self.bMarks) - 1  # not the sentinel

    def getLines(self, begin: int, end: int, indent: int, keepLastLF: bool) -> str:
        """markdown-it's; lines with no indentation to take off whose beginnings no rule
        has moved (most of an answer's) are contiguous in the text: one slice."""
        if indent or not begin < end <= self.lineMax or not self.unmoved(begin, end):
            return super().getLines(begin, end, indent, keepLastLF)
        last = self.eMarks[end - 1] + (1 if keepLastLF else 0)
        return self.src[self.bMarks[begin] : last]

    def unmoved(self, begin: int, end: int) -> bool:
        """Whether lines [begin, end) begin where the text's lines do."""
        return self.bMarks[begin:end] == self.line_begins[begin:end]

    def closing_fence(self, first: int, end: int, marker: str, length: int) -> int | None:
        """The first line in [first, end) that closes a fence of `length` `marker`s, as
        markdown-it's fence rule decides it, for top-level lines (no rule has moved them).

        A closing fence starts with three markers at least: `str.find` jumps to the
        lines that do, instead of reading every line of the block."""
        src, begins = self.src, self.line_begins
        position = begins[first] if first < end else len(src)
        while (found := src.find(marker * 3, position)) >= 0:
            line = bisect_right(begins, found) - 1
            if line >= end:
                return None
            start = self.bMarks[line] + self.tShift[line]
            if start == found and not self.is_code_block(line):
                stop = self.skipCharsStr(start, marker)
                if stop - start >= length and self.skipSpaces(stop) >= self.eMarks[line]:
                    return line
            position = begins[line + 1]
        return None


def fence(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    """markdown-it's fence rule (the same checks, the same token), finding the closing
    fence of a top-level block with `closing_fence`."""
    opens = stock_fence(state, startLine, endLine, True)  # the opening line's checks only
    if silent or not opens:
        return opens
    # at the top level no rule has moved a line's markers (a list or a blockquote does,
    # and gives its lines a parent type of its own while it parses them)
    top_level = state.parentType == "root" and not state.blkIndent
    if not top_level or not isinstance(state, LineMarkedStateBlock):
        return stock_fence(state, startLine, endLine, silent)
    start = state.bMarks[startLine] + state.tShift[startLine]
    marker = state.src[start]
    markup_end = state.skipCharsStr(start, marker)
    closer = state.closing_fence(startLine + 1, endLine, marker, markup_end - start)
    last = endLine if closer is None else closer  # an unclosed block ends with its parent
    state.line = last if closer is None else last + 1
    token = state.push("fence", "code", 0)
    token.info = state.src[markup_end : state.eMarks[startLine]]
    token.content = state.getLines(startLine + 1, last, state.sCount[startLine], True)
    token.markup = state.src[start:markup_end]
    token.map = [startLine, state.line]
    return True


class LineMarkedParserBlock(ParserBlock):
    """`ParserBlock` building a `LineMarkedStateBlock`; the rules are the ones given."""

    def parse(
        self, src: str, md: MarkdownIt, env: EnvType, outTokens: list[Token]
    ) -> list[Token] | None:
        if not src:
            return None
        state = LineMarkedStateBlock(src, md, env, outTokens)
        self.tokenize(state, state.line, state.lineMax)
        return state.tokens


def line_marked(md: MarkdownIt) -> MarkdownIt:
    """`md` with its block parser replaced by a `LineMarkedParserBlock` that keeps its rules
    (the preset's, as enabled and disabled)."""
    block = LineMarkedParserBlock()
    block.ruler = md.block.ruler
    # the rules a fence may interrupt, as markdown-it's `ParserBlock` gives them
    block.ruler.at("fence", fence, {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.block = block
    return md
