"""The md report of a small answer, compared with a reviewed golden file.

After an intended change to the report, regenerate and read the diff:

    TFJUDGE_UPDATE_GOLDEN=1 python -m pytest tests/render/test_markdown_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

from tfjudge.analysis import analyze
from tfjudge.render import render

HERE = Path(__file__).resolve().parent / "golden"


def _report() -> str:
    analysis = analyze(HERE / "answer.md", HERE / "prompt.md", HERE / "ideal.md")
    return render(analysis, "md")


def test_markdown_report_matches_golden_file() -> None:
    text = _report()
    golden = HERE / "answer.report.md"
    if os.environ.get("TFJUDGE_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), "no golden file: run with TFJUDGE_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


def test_markdown_report_has_the_seed_layout() -> None:
    text = _report()
    for heading in (
        "# Model Response Failures Analysis",
        "## High Priority Failures",
        "## Summary",
        "## Deployment Impact Assessment",
        "## Verdict",
    ):
        assert heading in text
    # the missing queue: asked by the prompt and declared by the ideal, one item, quoted
    assert 'resource "aws_sqs_queue" "orders" {' in text
    # the offending runtime, quoted with its response line number
    assert '16 |   runtime       = "python3.9"' in text
    # the prompt line the requirement rests on
    assert "> Line 5: Declare a variable `environment_suffix`" in text
