"""Reading datasets: every format, configurable columns, labels, malformed rows."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tfjudge.batch.inputs import Columns, Dataset
from tfjudge.errors import UsageError

from .data import GOOD, rows, write_cases, write_csv, write_jsonl, write_parquet

WRITERS = {
    "data.jsonl": write_jsonl,
    "data.csv": write_csv,
    "data.parquet": write_parquet,
}


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_tabular_formats_give_the_same_items(tmp_path: Path, name: str) -> None:
    dataset = Dataset(WRITERS[name](tmp_path / name, rows(5)))
    items = list(dataset.items())
    assert dataset.count() == 5
    assert [i.seq for i in items] == [0, 1, 2, 3, 4]
    assert [i.id for i in items] == ["a0", "a1", "a2", "a3", "a4"]
    assert items[0].response == GOOD
    assert items[0].prompt == "Write Terraform for an S3 bucket."
    assert items[0].ideal is None
    # every other column is a label, as text
    assert items[0].labels == {"model": "alpha", "temperature": "0.5"}
    assert items[4].labels == {"model": "alpha", "temperature": "1.0"}


def test_case_folders(tmp_path: Path) -> None:
    directory = write_cases(tmp_path / "cases", rows(3))
    (directory / "a1" / "IDEAL_RESPONSE.md").write_text(GOOD)
    (directory / "notes").mkdir()  # not a case: no MODEL_RESPONSE.md
    dataset = Dataset(directory)
    items = list(dataset.items())
    assert dataset.kind == "cases" and dataset.count() == 3
    assert [i.id for i in items] == ["a0", "a1", "a2"]
    assert items[0].response == directory / "a0" / "MODEL_RESPONSE.md"
    assert items[0].prompt == directory / "a0" / "PROMPT.md"
    assert items[0].ideal is None and items[1].ideal == directory / "a1" / "IDEAL_RESPONSE.md"
    assert items[2].labels == {"model": "alpha", "temperature": "1.0"}


def test_columns_are_configurable(tmp_path: Path) -> None:
    data = [{"key": "x1", "answer": GOOD, "task": "p", "solution": GOOD, "run": 3}]
    path = write_jsonl(tmp_path / "d.jsonl", data)
    columns = Columns(id="key", response="answer", prompt="task", ideal="solution")
    (item,) = Dataset(path, columns=columns).items()
    assert (item.id, item.response, item.prompt, item.ideal) == ("x1", GOOD, "p", GOOD)
    assert item.labels == {"run": "3"}
    # chosen label columns only: a missing one is null, others are left out
    chosen = Columns(response="answer", labels=("run", "model"))
    (item,) = Dataset(path, columns=chosen).items()
    assert item.labels == {"run": "3", "model": None}


def test_malformed_rows_become_items_with_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    lines = [
        json.dumps({"id": "ok", "response": GOOD}),
        "{not json",
        "",
        json.dumps([1, 2]),
        json.dumps({"id": "no-response"}),
        json.dumps({"id": "number", "response": 42}),
        json.dumps({"response": GOOD}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = list(Dataset(path).items())
    assert [i.seq for i in items] == [0, 1, 2, 3, 4, 5]  # the blank line is no item
    assert [i.problem is None for i in items] == [True, False, False, False, False, True]
    assert "line 2 is not valid JSON" in (items[1].problem or "")
    assert "not a JSON object" in (items[2].problem or "")
    assert "no 'response' value" in (items[3].problem or "")
    assert "is a int, not text" in (items[4].problem or "")
    assert items[5].id == "line 7"  # no id column: the row's place names it


def test_gzip_and_tsv(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl.gz"
    with gzip.open(path, "wt") as stream:
        stream.write(json.dumps({"id": "z", "response": GOOD}) + "\n")
    assert [i.id for i in Dataset(path).items()] == ["z"]
    tsv = tmp_path / "d.tsv"  # with a byte order mark, as spreadsheets write
    tsv.write_text('\ufeffid\tresponse\nt1\t"line one\nline two"\n')
    (item,) = Dataset(tsv).items()
    assert (item.id, item.response) == ("t1", "line one\nline two")


def test_csv_cells_larger_than_the_csv_module_default(tmp_path: Path) -> None:
    big = GOOD + "#" * 300_000 + "\n"
    path = write_csv(tmp_path / "d.csv", [{"id": "big", "response": big}])
    (item,) = Dataset(path).items()
    assert item.response == big


def test_a_missing_response_column_is_a_usage_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", [{"id": "1", "answer": GOOD}])
    with pytest.raises(UsageError, match=r"no column 'response'.*--response-col"):
        Dataset(path)
    unknown = tmp_path / "d.txt"
    unknown.write_text("x")
    with pytest.raises(UsageError, match="cannot tell the dataset's format"):
        Dataset(unknown)
    with pytest.raises(UsageError, match="no such file"):
        Dataset(tmp_path / "absent.jsonl")


def test_parquet_is_read_in_batches(tmp_path: Path) -> None:
    """The first item comes after reading one batch, not the whole file into memory."""
    import pyarrow as pa

    data = [{"id": f"r{n}", "response": GOOD + "#" * 10_000} for n in range(2000)]
    path = write_parquet(tmp_path / "d.parquet", data)
    del data
    before = pa.total_allocated_bytes()
    stream = Dataset(path).items()
    assert next(stream).id == "r0"
    assert pa.total_allocated_bytes() - before < 8_000_000  # the file holds 20 MB of answers
    assert sum(1 for _ in stream) == 1999


def test_analyze_does_not_import_the_batch_dependencies(tmp_path: Path) -> None:
    """`tfjudge analyze --format json` pays for none of duckdb, pyarrow, matplotlib, Ray."""
    import subprocess
    import sys

    answer = tmp_path / "a.md"
    answer.write_text(GOOD)
    program = (
        "import sys\n"
        "from tfjudge.cli import main\n"
        f"main(['analyze', {str(answer)!r}, '--format', 'json'])\n"
        "heavy = ('duckdb', 'pyarrow', 'matplotlib', 'ray', 'tfjudge.batch.runner')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr
