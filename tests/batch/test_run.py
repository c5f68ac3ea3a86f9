"""A batch run end to end with the local engine: results, formats, faults, resume, CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tfjudge.analysis import PromptDocument, Settings, analyze_response
from tfjudge.batch.grade import GradeOptions
from tfjudge.batch.runner import BatchOptions, RunSummary, run_batch
from tfjudge.cli import main
from tfjudge.errors import UsageError
from tfjudge.response.loader import load_text_input

from .data import BROKEN, GOOD, rows, write_cases, write_csv, write_jsonl, write_parquet

FAULTS = "tests.batch.faults:install"


def batch(dataset: Path, output: Path, **changes: Any) -> RunSummary:
    grade = changes.pop("grade", GradeOptions(Settings(), timeout=30))
    changes.setdefault("workers", 2)
    options = BatchOptions(dataset, output, grade, progress="none", **changes)
    return run_batch(options)


def table(output: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(output / "results.duckdb"), read_only=True) as connection:
        return [tuple(row) for row in connection.sql(sql).fetchall()]


def test_results_database_and_findings(tmp_path: Path) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", rows(6))
    summary = batch(dataset, tmp_path / "out")
    assert (summary.total, summary.graded, summary.errors, summary.invalid) == (6, 6, 0, 0)
    out = tmp_path / "out"
    assert table(out, "SELECT id, status, deployable, model, temperature FROM responses") == [
        ("a0", "ok", True, "alpha", "0.5"),
        ("a1", "ok", False, "beta", "0.5"),
        ("a2", "ok", False, "alpha", "0.5"),
        ("a3", "ok", True, "beta", "1.0"),
        ("a4", "ok", False, "alpha", "1.0"),
        ("a5", "ok", False, "beta", "1.0"),
    ]
    # the findings of an answer are what `tfjudge analyze` finds in it, with its labels
    prompt = PromptDocument("a1/prompt", "Write Terraform for an S3 bucket.")
    expected = analyze_response(load_text_input(BROKEN, "a1"), prompt).to_dict()["findings"]
    lines = [json.loads(line) for line in (out / "findings.jsonl").read_text().splitlines()]
    mine = [row for row in lines if row["id"] == "a1"]
    assert [
        {k: v for k, v in row.items() if k not in ("seq", "id", "index", "labels")} for row in mine
    ] == expected
    assert mine[0]["labels"] == {"model": "beta", "temperature": "0.5"}
    rules = table(
        out,
        "SELECT id, rule, family, severity, line, response_line, model FROM findings WHERE id = 'a1'",
    )
    assert rules == [
        (
            r"a1",
            f["rule"],
            f["rule"].split(".")[0],
            f["severity"],
            f.get("line"),
            f.get("response_line"),
            "beta",
        )
        for f in expected
    ]
    # one findings row per finding: the counts in responses add up
    assert table(out, "SELECT sum(findings) FROM responses") == table(
        out, "SELECT count(*) FROM findings"
    )


def test_every_input_format_gives_the_same_results(tmp_path: Path) -> None:
    data = rows(6)
    datasets = {
        "jsonl": write_jsonl(tmp_path / "d.jsonl", data),
        "csv": write_csv(tmp_path / "d.csv", data),
        "parquet": write_parquet(tmp_path / "d.parquet", data),
        "cases": write_cases(tmp_path / "cases", data),
    }
    outputs = {}
    for kind, dataset in datasets.items():
        batch(dataset, tmp_path / kind)
        outputs[kind] = (
            (tmp_path / kind / "responses.jsonl").read_bytes(),
            (tmp_path / kind / "findings.jsonl").read_bytes(),
        )
    assert outputs["jsonl"][1]  # there are findings to compare
    assert outputs["csv"] == outputs["jsonl"]
    assert outputs["parquet"] == outputs["jsonl"]
    assert outputs["cases"] == outputs["jsonl"]


@pytest.mark.parametrize("workers", [2, 1])
def test_faulty_items_become_error_rows_and_the_run_goes_on(tmp_path: Path, workers: int) -> None:
    """With one worker every faulty item has the next item queued behind it: that one is
    taken back and graded by the replacement worker."""
    cases = tmp_path / "cases"
    answers: dict[str, bytes] = {
        "01-good": GOOD.encode(),
        "02-crash": b"TFJUDGE-CRASH\n" + GOOD.encode(),
        "03-good": GOOD.encode(),
        "04-hang": b"TFJUDGE-HANG\n" + GOOD.encode(),
        "05-broken": BROKEN.encode(),
        "06-memory": b"TFJUDGE-MEMORY\n" + GOOD.encode(),
        "07-binary": b"\x00\x01\x02ELF" * 100,
        "08-empty": b"",
        "09-huge": GOOD.encode() + b"#" * 300_000,
        "10-good": GOOD.encode(),
    }
    for name, content in answers.items():
        (cases / name).mkdir(parents=True)
        (cases / name / "MODEL_RESPONSE.md").write_bytes(content)
    grade = GradeOptions(Settings(max_bytes=200_000), timeout=3, memory_mb=1024, initializer=FAULTS)
    summary = batch(cases, tmp_path / "out", grade=grade, workers=workers)
    assert summary.graded == 10
    got = table(tmp_path / "out", "SELECT id, status, error FROM responses ORDER BY seq")
    assert [(i, s) for i, s, _ in got] == [
        ("01-good", "ok"),
        ("02-crash", "error"),
        ("03-good", "ok"),
        ("04-hang", "error"),
        ("05-broken", "ok"),
        ("06-memory", "error"),
        ("07-binary", "invalid"),
        ("08-empty", "invalid"),
        ("09-huge", "invalid"),
        ("10-good", "ok"),
    ]
    errors = {i: e for i, _, e in got}
    assert errors["02-crash"] == "the worker process died on this item (killed by SIGSEGV)"
    assert errors["04-hang"] == "no result within 3 s (the item was stopped)"
    assert errors["06-memory"] == "the analysis exceeded the memory limit (1024 MB)"
    assert "binary" in errors["07-binary"] and "empty" in errors["08-empty"]
    assert "the limit is 0.2 MB" in errors["09-huge"]
    assert table(tmp_path / "out", "SELECT DISTINCT id FROM findings ORDER BY id") == [
        ("05-broken",)
    ]


def test_resume_after_an_interruption_ends_with_the_uninterrupted_results(tmp_path: Path) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", rows(9))
    batch(dataset, tmp_path / "full")
    full = {
        name: (tmp_path / "full" / name).read_bytes()
        for name in ("responses.jsonl", "findings.jsonl")
    }
    # an interrupted run: three items written, the fourth cut mid-row
    partial = tmp_path / "partial"
    partial.mkdir()
    responses = full["responses.jsonl"].splitlines(keepends=True)
    (partial / "responses.jsonl").write_bytes(b"".join(responses[:3]) + responses[3][:20])
    findings = full["findings.jsonl"].splitlines(keepends=True)
    kept = [line for line in findings if json.loads(line)["seq"] < 3]
    later = [line for line in findings if json.loads(line)["seq"] == 4]
    (partial / "findings.jsonl").write_bytes(b"".join(kept) + later[0] + b'{"seq": 4, "id"')
    with pytest.raises(UsageError, match="--resume"):
        batch(dataset, partial)
    summary = batch(dataset, partial, resume=True)
    assert (summary.skipped, summary.graded) == (3, 6)
    for name, content in full.items():
        assert (partial / name).read_bytes() == content
    assert table(partial, "SELECT count(*) FROM responses") == [(9,)]
    # resuming a finished run grades nothing
    assert batch(dataset, partial, resume=True).graded == 0
    # resuming over another dataset's results is refused
    other = write_jsonl(
        tmp_path / "other.jsonl", [{**row, "id": "x" + row["id"]} for row in rows(9)]
    )
    with pytest.raises(UsageError, match="another dataset"):
        batch(other, partial, resume=True)


def test_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", rows(4))
    out = tmp_path / "out"
    code = main(
        [
            "batch",
            str(dataset),
            "-o",
            str(out),
            "--progress",
            "plain",
            "--workers",
            "1",
            "--select",
            "syntax",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert "4 answers graded" in captured.out and "4 analysed" in captured.out
    assert "tfjudge batch: 4/4 answers (100%)" in captured.err
    assert table(out, "SELECT DISTINCT family FROM findings") == [("syntax",)]
    assert main(["batch", str(dataset), "-o", str(out)]) == 2
    assert "--resume" in capsys.readouterr().err
    assert (
        main(
            [
                "batch",
                str(dataset),
                "-o",
                str(out),
                "--overwrite",
                "--progress",
                "none",
                "--response-col",
                "nope",
            ]
        )
        == 2
    )
    assert "has no column 'nope'" in capsys.readouterr().err
    pinned = ["batch", str(dataset), "-o", str(out), "--overwrite", "--progress", "none"]
    assert main([*pinned, "--provider-version", "7"]) == 2
    assert "unknown --provider-version 7" in capsys.readouterr().err
    assert main([*pinned, "--provider-version", "5", "--select", "syntax"]) == 0


def test_a_broken_initializer_stops_the_run_with_a_reason(tmp_path: Path) -> None:
    dataset = write_jsonl(tmp_path / "d.jsonl", rows(2))
    grade = GradeOptions(Settings(), initializer="tests.batch.no_such_module:install")
    with pytest.raises(RuntimeError, match="could not start: ModuleNotFoundError"):
        batch(dataset, tmp_path / "out", grade=grade)
    shutil.rmtree(tmp_path / "out")


def test_a_slow_item_holds_back_at_most_the_backlog(tmp_path: Path, monkeypatch) -> None:
    """Results after a slow item wait for it (the output is in input order); past the
    backlog limit no new item is fetched, and the run still finishes."""
    monkeypatch.setattr("tfjudge.batch.local.MAX_BACKLOG", 2)
    data = rows(7)
    data[0]["response"] = "TFJUDGE-HANG\n" + GOOD
    dataset = write_jsonl(tmp_path / "d.jsonl", data)
    grade = GradeOptions(Settings(), timeout=2, initializer=FAULTS)
    summary = batch(dataset, tmp_path / "out", grade=grade)
    assert summary.graded == 7 and summary.errors == 1
    lines = (tmp_path / "out" / "responses.jsonl").read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == [f"a{n}" for n in range(7)]


def busy_child_seconds(parent: int) -> float:
    """The most CPU time (user + system, seconds) any child process of `parent` has used."""
    import os

    most = 0.0
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == parent:
            ticks = int(fields[11]) + int(fields[12])
            most = max(most, ticks / os.sysconf("SC_CLK_TCK"))
    return most


def test_an_interrupted_run_resumes_to_the_same_results(tmp_path: Path) -> None:
    """Ctrl-C in the middle of a hanging item: the driver stops its workers, keeps what was
    written, and --resume finishes with the results of a run never interrupted."""
    import signal
    import subprocess
    import sys
    import time

    data = rows(8)
    data[4]["response"] = "TFJUDGE-HANG\n" + GOOD
    dataset = write_jsonl(tmp_path / "d.jsonl", data)
    program = (
        # Ctrl-C as in a terminal, even if the test process was started ignoring SIGINT
        # (a child inherits an ignored SIGINT, and Python then never raises KeyboardInterrupt)
        "import signal, sys\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "from pathlib import Path\n"
        "from tfjudge.analysis import Settings\n"
        "from tfjudge.batch.grade import GradeOptions\n"
        "from tfjudge.batch.runner import BatchOptions, run_batch\n"
        f"grade = GradeOptions(Settings(), timeout=600, initializer={FAULTS!r})\n"
        f"run_batch(BatchOptions(Path({str(dataset)!r}), Path({str(tmp_path / 'cut')!r}), "
        "grade, workers=1, progress='none'))\n"
    )
    process = subprocess.Popen([sys.executable, "-c", program], cwd=Path(__file__).parents[2])
    deadline = time.monotonic() + 120
    while busy_child_seconds(process.pid) < 1 and time.monotonic() < deadline:
        time.sleep(0.2)  # until the worker has spun 1 s on item 4: items 0-3 are done
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) != 0
    written = (tmp_path / "cut" / "responses.jsonl").read_text().splitlines()
    assert [json.loads(line)["id"] for line in written] == ["a0", "a1", "a2", "a3"]
    grade = GradeOptions(Settings(), timeout=2, initializer=FAULTS)
    summary = batch(dataset, tmp_path / "cut", grade=grade, resume=True)
    assert (summary.skipped, summary.graded, summary.errors) == (4, 4, 1)
    batch(dataset, tmp_path / "whole", grade=grade)
    for name in ("responses.jsonl", "findings.jsonl"):
        assert (tmp_path / "cut" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
