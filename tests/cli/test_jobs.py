"""`tfjudge analyze -j N`: several answers analysed by worker processes give exactly the
output and exit code of one process analysing them in turn."""

from __future__ import annotations

from pathlib import Path

import pytest

from tfjudge.cli import main
from tfjudge.jobs import default_jobs

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BROKEN = 'Answer:\n\n```hcl\nresource "aws_s3_bucket" "b" {\n  bucket_prefix = "b-" x = 1\n}\n```\n'


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("output_format", ["json", "sarif", "text", "md"])
def test_workers_give_the_same_report_as_one_process(
    output_format: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.md"
    broken.write_text(BROKEN)
    answers = [str(p) for p in sorted(EXAMPLES.glob("*.md")) if "report" not in p.name]
    argv = ["analyze", *answers, str(broken), "missing.md", str(broken), "--no-color"]
    argv += ["--format", output_format]
    alone = run([*argv, "-j", "1"], capsys)
    together = run([*argv, "-j", "2"], capsys)
    assert together == alone
    assert alone[0] == 2 and "missing.md" in alone[2]
    assert alone[1].count("x = 1") >= 2 or output_format in ("json", "sarif")


def test_default_is_one_worker_per_core_but_no_more_than_answers() -> None:
    assert default_jobs(1) == 1
    assert 1 <= default_jobs(1000) <= 1000


def test_the_largest_answers_go_first_and_reports_keep_the_given_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.md"
    broken.write_text(BROKEN)
    large = str(EXAMPLES / "serverless-orders.md")
    argv = ["analyze", str(broken), "missing.md", large, str(broken), "--no-color"]
    alone = run([*argv, "-j", "1"], capsys)
    together = run([*argv, "-j", "2"], capsys)
    assert together == alone


def test_outcomes_come_back_in_the_given_order(tmp_path: Path) -> None:
    from tfjudge.jobs import Outcome, _in_given_order, _largest_first

    paths = [Path(f"answer-{n}.md") for n in range(6)]
    finished = [(n, Outcome(paths[n])) for n in (4, 0, 5, 2, 1, 3)]
    assert [o.path for o in _in_given_order(finished)] == paths
    small = tmp_path / "small.md"
    small.write_text("x" * 10)
    directory = tmp_path / "stack"
    directory.mkdir()
    (directory / "main.tf").write_text("x" * 1000)
    (directory / "notes.txt").write_text("x" * 100_000)  # not Terraform: not counted
    order = _largest_first([small, Path("missing.md"), directory])
    assert [n for n, _ in order] == [2, 0, 1]
