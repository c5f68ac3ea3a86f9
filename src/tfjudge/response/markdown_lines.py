"""markdown-it's block parser, with its per-line markers computed by `str` methods.

markdown-it's `StateBlock` finds where each line starts, ends and how far it is indented
by walking every line's leading blanks one character at a time in Python; the code of an
answer is indented, so that walk is a few thousand steps an answer. `LineMarkedStateBlock`
computes the same markers (`bMarks`, `eMarks`, `tShift`, `sCount`, `bsCount`, the
documented state every block rule reads) with `split`, `lstrip` and `expandtabs`;
everything else is markdown-it's own. `tests/response/test_markdown_lines.py` compares
the tokens with the stock parser's.

Imported with markdown-it, when a Markdown answer is first read.
"""

from __future__ import annotations

from itertools import accumulate
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.parser_block import ParserBlock
from markdown_it.rules_block import StateBlock

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
        self.bMarks = markers.begins
        self.eMarks = markers.ends
        self.tShift = markers.shifts
        self.sCount = markers.columns
        self.bsCount = markers.tab_columns
        self.lineMax = len(self.bMarks) - 1  # not the sentinel

    def getLines(self, begin: int, end: int, indent: int, keepLastLF: bool) -> str:
        """markdown-it's, without its walk over each line's first characters when there is
        no indentation to take off (a fence at the margin: most of an answer's lines)."""
        if indent or begin >= end:
            return super().getLines(begin, end, indent, keepLastLF)
        src = self.src
        lines = [
            src[first : last + 1]
            for first, last in zip(self.bMarks[begin:end], self.eMarks[begin:end], strict=True)
        ]
        if not keepLastLF:
            lines[-1] = src[self.bMarks[end - 1] : self.eMarks[end - 1]]
        return "".join(lines)


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
    md.block = block
    return md
