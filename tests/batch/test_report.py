"""The aggregate report of a batch run: the figures, the comparisons, the plots."""

from __future__ import annotations

import re
from pathlib import Path

from tfjudge.batch.report import PLOTS

from .data import rows, write_jsonl
from .test_run import batch, table

PNG = b"\x89PNG\r\n\x1a\n"


def test_the_report_on_a_small_dataset(tmp_path: Path) -> None:
    data = rows(9)
    data[8]["response"] = ""  # an invalid answer
    dataset = write_jsonl(tmp_path / "d.jsonl", data)
    out = tmp_path / "out"
    summary = batch(dataset, out, report=True)
    assert out / "report.md" in summary.outputs and out / "report.html" in summary.outputs
    markdown = (out / "report.md").read_text()

    # the headline: 9 answers, 8 analysed, 1 invalid; good answers are a0, a3, a6
    assert "**9** answers · **8** analysed · **1** invalid answers · **0** tool errors" in markdown
    assert "**3 (33.3 %)** deployable" in markdown
    findings = table(out, "SELECT count(*) FROM findings")[0][0]
    assert f"| findings | {findings} ({findings / 8:.1f} per answer) |" in markdown

    # per rule and family, the counts of the database
    for rule, count, answers in table(
        out, "SELECT rule, count(*), count(DISTINCT seq) FROM findings GROUP BY rule"
    ):
        assert re.search(
            rf"\| {re.escape(rule)} \| \w+ \| [\w-]+ \| {count} \| {answers} \|", markdown
        ), rule
    worst = markdown.split("### The worst rules", 1)[1].split("###", 1)[0]
    assert "syntax.hcl-error" in worst and "format.no-code" in worst

    # the label columns compared: models alpha and beta, two temperatures
    by_model = markdown.split("## By model", 1)[1].split("\n## ", 1)[0]
    expected = table(
        out,
        "SELECT model, count(*), count(*) FILTER (deployable) FROM responses GROUP BY model ORDER BY model",
    )
    for model, answers, deployable in expected:
        assert re.search(
            rf"\| {model} \| {answers} \| \d+ \| {100 * deployable / answers:.1f} % \|", by_model
        )
    assert "## By temperature" in markdown
    assert "## Answers not analysed" in markdown and "a8" in markdown

    # plots: PNG files referenced by the Markdown, inline in the HTML
    images = re.findall(rf"!\[[^\]]*\]\(({PLOTS}/[\w-]+\.png)\)", markdown)
    assert {Path(i).name for i in images} >= {
        "families.png",
        "rules.png",
        "by-model.png",
        "findings-per-answer.png",
    }
    for image in images:
        assert (out / image).read_bytes().startswith(PNG)
    page = (out / "report.html").read_text()
    assert page.count('src="data:image/png;base64,') == len(images)
    assert not re.search(r'(src|href)="https?:', page)  # self-contained
    assert "<h2>By model</h2>" in page
