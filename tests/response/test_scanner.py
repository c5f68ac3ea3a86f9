"""The HCL line scanner: its fast path for common line shapes changes the state exactly
as the token-by-token scan does, on every line of the test configurations and examples
and on mutated copies of them (brackets, quotes, comments, heredocs added or removed)."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest

from tfjudge.response.loader import load_response
from tfjudge.response.scanner import ScanState, scan_line, scan_text, scan_tokens

ROOT = Path(__file__).resolve().parents[2]
EDITS = (
    lambda line: line + " {",
    lambda line: line + ' "',
    lambda line: line.replace('"', "", 1),
    lambda line: "  }",
    lambda line: line + " [",
    lambda line: line + " # note",
    lambda line: "/* " + line,
    lambda line: line + " */",
    lambda line: line + " <<EOF",
    lambda line: "EOF",
    lambda line: line.replace("{", "", 1),
    lambda line: line + "\t",
    lambda line: line[: len(line) // 2],
    lambda line: line.replace("}", "${var.x}", 1),
    lambda line: line.replace(",", "", 1),
    lambda line: line.replace("]", "", 1),
    lambda line: line + ",",
    lambda line: "  })",
    lambda line: "  {",
    lambda line: '  "item"',
    lambda line: "  for",
    lambda line: line.replace("=", "= merge(local.tags, {", 1),
)


def _texts() -> list[str]:
    texts = [p.read_text() for p in sorted((ROOT / "tests" / "data").rglob("*.tf"))]
    for answer in sorted((ROOT / "examples").glob("*.md")):
        texts += [f.text for f in load_response(answer).files if f.language == "hcl"]
    rng = random.Random(7)
    mutated = []
    for text in texts:
        lines = text.split("\n")
        for _ in range(4):
            at = rng.randrange(len(lines))
            lines[at] = rng.choice(EDITS)(lines[at])
        mutated.append("\n".join(lines))
    return texts + mutated


def _fields(state: ScanState) -> dict[str, object]:
    return {name: copy.deepcopy(getattr(state, name)) for name in ScanState.__slots__}


def test_fast_path_changes_the_state_as_the_token_scan_does() -> None:
    texts = _texts()
    assert len(texts) > 20
    checked = 0
    for text in texts:
        state = ScanState()
        for number, line in enumerate(text.split("\n"), start=1):
            if state.heredoc is None:
                slow = copy.deepcopy(state)
                scan_tokens(slow, line, number)
                scan_line(state, line, number)
                assert _fields(state) == _fields(slow), (number, line)
                checked += 1
            else:
                scan_line(state, line, number)
    assert checked > 1000


def test_scan_text_is_scan_line_over_each_line() -> None:
    for text in _texts():
        state = ScanState()
        for number, line in enumerate(text.split("\n"), start=1):
            scan_line(state, line, number)
        assert _fields(scan_text(text)) == _fields(state)


@pytest.mark.parametrize(
    ("text", "open_brackets", "unmatched"),
    [
        ('resource "a" "b" {\n  x = "y"\n}\n', [], None),
        ('resource "a" "b" {\n  x = "${var.y}-z"\n  tags = {\n', ["{", "{"], None),
        ("  }\n}\n", [], (1, 3)),
    ],
)
def test_bracket_state(text: str, open_brackets: list[str], unmatched: object) -> None:
    state = scan_text(text)
    assert state.stack == open_brackets
    assert state.unmatched == unmatched
