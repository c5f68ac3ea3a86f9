"""Extraction invariants on every real answer and ideal of the corpus (skipped without it).

Whatever names the files get, the extracted text must be the answer's own lines at the
lines it reports (a closing fence glued to the last code line aside), no line may belong
to two files, and every non-blank line is code, prose or a fence line: nothing is lost.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tfjudge.response.loader import load_response

ANSWERS = sorted(CORPUS.glob("real/*/*_RESPONSE.md")) + sorted(CORPUS.glob("*/*_RESPONSE.md"))


@pytest.mark.skipif(not ANSWERS, reason="the corpus is not available")
@pytest.mark.parametrize("path", ANSWERS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_line_is_code_prose_or_fence_exactly_once(path: Path) -> None:
    response = load_response(path)
    lines = response.text.split("\n")
    owner: dict[int, str] = {}
    for file in response.files:
        assert file.source_line is not None
        body = file.text.split("\n")[:-1] if file.text.endswith("\n") else file.text.split("\n")
        for offset, text in enumerate(body):
            index = file.source_line - 1 + offset
            assert index not in owner, f"line {index + 1} in {owner[index]} and {file.path}"
            owner[index] = file.path
            assert lines[index].startswith(text), (
                f"{file.path}:{offset + 1} is not line {index + 1}"
            )
    prose = {number - 1 for number, _ in response.prose}
    assert not prose & set(owner), "a line is both prose and code"
    fences = {f.fence_line - 1 for f in response.fences} | {f.end_line - 1 for f in response.fences}
    lost = [
        n + 1
        for n, line in enumerate(lines)
        if line.strip() and n not in owner and n not in prose and n not in fences
    ]
    assert not lost, f"lines neither code, prose nor fence: {lost[:10]}"
