"""The line-marked block parser gives the tokens of markdown-it's own, on any text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from tests.conftest import CORPUS
from tfjudge.response.markdown_lines import LineMarkedStateBlock, line_marked

_Token = tuple[str, list[int] | None, str, str, str, int]

# the pieces lines are made of: every kind of indentation (spaces, tabs, both), the blocks
# that nest (lists, blockquotes, with tabs after their markers), fences and code blocks
_PIECES = [
    "",
    " ",
    "\t",
    "  \t",
    " \t ",
    "para",
    "- item",
    "  - nested",
    "\t\t- tabbed",
    "1. first",
    "   2) second",
    "> quote",
    ">\tquote",
    "> > deeper",
    "> - item in a quote",
    "-\tcode in an item",
    "```",
    "```hcl",
    "~~~ python",
    "````",
    "   ```  ",
    "    ```",
    "\t```",
    "``` x ```",
    "text ```",
    "``x",
    "~~~",
    "- ```",
    "> ```",
    "    indented code",
    "\tcode",
    " \t code",
    "# heading",
    "Setext",
    "===",
    "---",
    "*\t*\t*",
    "<div>",
    "[label]: /url",
    '  bucket = "b"',
    "}",
]

_CASES = [
    "",
    " ",
    "\n",
    "\t",
    "  \t",
    "text",
    "text\n",
    "text\n   ",
    "text\n\t",
    "text\n \t \n",
    "text\n\n\n",
    "- a\n\t- b\n\t\t- c\n",
    "> a\n>\tb\n> > c\n>\n",
    '```hcl\nresource "x" "y" {\n\tname = 1\n}\n```\n',
    "1. a\n\n   ```\n   code\n   ```\n2. b\n  \n",
    "\t\tcode\n \tcode\n  \t\tcode\n",
    "- a\n\n  > quote\n  >\t\tcode\n",
    "para\n    not code\n\tnot code either\n",
    # closing fences: longer, shorter, indented, with blanks after, in a quote or a list
    "````md\n```hcl\nx\n```\n````\nafter\n",
    "```\n``\n  ```  \t\nafter",
    "~~~\n```\n    ~~~\n~~~~\n",
    "```\nnever closed\n",
    "   ```\n   x\n ```\n",
    "> ```\n> x\n```\n> ```\n",
    "- ```\n  x\n```\n  ```\n",
    "text\n```\ncode `` ```\n```",
]


def _tokens(md: MarkdownIt, text: str) -> list[_Token]:
    return [
        (token.type, token.map, token.markup, token.info, token.content, token.level)
        for token in md.parse(text)
    ]


def _parsers() -> tuple[MarkdownIt, MarkdownIt]:
    stock = MarkdownIt("commonmark").disable(["inline", "normalize"])
    return stock, line_marked(MarkdownIt("commonmark").disable(["inline", "normalize"]))


def _generated(count: int) -> list[str]:
    rng = random.Random(20240611)
    texts = []
    for _ in range(count):
        text = "\n".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 10)))
        texts.append(text + rng.choice(["", "", "\n", "\n\n", " ", "\t", "\n  \t"]))
    return texts


def test_tokens_are_markdown_its_on_hand_written_texts() -> None:
    stock, fast = _parsers()
    for text in _CASES:
        assert _tokens(fast, text) == _tokens(stock, text), repr(text)


def test_tokens_are_markdown_its_on_generated_texts() -> None:
    stock, fast = _parsers()
    for text in _generated(3000):
        assert _tokens(fast, text) == _tokens(stock, text), repr(text)


def test_line_markers_are_markdown_its() -> None:
    stock, fast = _parsers()
    for text in [*_CASES, *_generated(500)]:
        if not text:
            continue  # markdown-it builds no state for an empty text
        expected = StateBlock(text, stock, {}, [])
        state = LineMarkedStateBlock(text, fast, {}, [])
        for name in ("bMarks", "eMarks", "tShift", "sCount", "bsCount", "lineMax"):
            assert getattr(state, name) == getattr(expected, name), (name, repr(text))


def test_lines_are_markdown_its_with_and_without_indentation_to_take_off() -> None:
    stock, fast = _parsers()
    for text in [*_CASES, *_generated(200)]:
        if not text:
            continue
        expected = StateBlock(text, stock, {}, [])
        state = LineMarkedStateBlock(text, fast, {}, [])
        last = state.lineMax
        for begin in range(last + 1):
            for end in {begin, begin + 1, min(begin + 3, last), last}:
                for indent in (0, 2, 4):
                    for keep in (True, False):
                        arguments = (begin, end, indent, keep)
                        assert _lines(state, *arguments) == _lines(expected, *arguments), (
                            arguments,
                            repr(text),
                        )


def _lines(state: StateBlock, begin: int, end: int, indent: int, keep: bool) -> str:
    """The lines, or the error markdown-it's walk runs into past the end of the text."""
    try:
        return state.getLines(begin, end, indent, keep)
    except IndexError as error:
        return f"IndexError: {error}"


def test_the_preset_rules_are_kept() -> None:
    stock, fast = _parsers()
    assert fast.block.ruler.get_active_rules() == stock.block.ruler.get_active_rules()
    assert "table" not in fast.block.ruler.get_active_rules()  # commonmark has no tables


_ANSWERS = sorted(CORPUS.glob("real/*/*_RESPONSE.md")) + sorted(CORPUS.glob("*/*_RESPONSE.md"))


@pytest.mark.skipif(not _ANSWERS, reason="the shared corpus is absent")
def test_tokens_are_markdown_its_on_the_corpus_answers() -> None:
    stock, fast = _parsers()
    for path in _ANSWERS:
        text = Path(path).read_text(encoding="utf-8").replace("\r\n", "\n")
        assert _tokens(fast, text) == _tokens(stock, text), path
