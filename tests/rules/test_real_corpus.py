"""Every real answer and ideal of the corpus analysed as `score.py` runs it (issue 12).

Each of the corpus's Markdown answers, with its prompt (and, for a model answer, the
ideal), goes through every rule: no rule may fail (TFJUDGE_STRICT, set by
tests/conftest.py, turns a failing rule into an exception) and the analysis must read
Terraform from every answer that has a Terraform block. Skips when the corpus is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tfjudge.analysis import Settings, analyze

ANSWERS = sorted(CORPUS.glob("real/*/*_RESPONSE.md")) + sorted(CORPUS.glob("*/*_RESPONSE.md"))


@pytest.mark.skipif(not ANSWERS, reason="the corpus is not available")
@pytest.mark.parametrize("path", ANSWERS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_corpus_answer_is_analysed_without_error(path: Path) -> None:
    prompt = path.parent / "PROMPT.md"
    ideal = path.parent / "IDEAL_RESPONSE.md"
    analysis = analyze(
        path,
        prompt if prompt.exists() else None,
        ideal if path.stem == "MODEL_RESPONSE" and ideal.exists() else None,
        Settings(),
    )
    assert not analysis.rule_errors
    shows_terraform = '\nresource "' in path.read_text()
    assert not shows_terraform or analysis.answer.documents, "no Terraform read"
