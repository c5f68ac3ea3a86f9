"""Small datasets for the batch tests, written in every input format."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from tests.answers import BROKEN as BROKEN_ANSWER
from tests.answers import CLEAN

GOOD = CLEAN
BROKEN = BROKEN_ANSWER
PROSE = "I would create an S3 bucket with versioning and encryption.\n"


def rows(count: int = 6) -> list[dict[str, Any]]:
    """`count` answers, alternating good, broken and prose, by two models."""
    answers = [GOOD, BROKEN, PROSE]
    return [
        {
            "id": f"a{n}",
            "response": answers[n % 3],
            "prompt": "Write Terraform for an S3 bucket.",
            "model": "alpha" if n % 2 == 0 else "beta",
            "temperature": 0.5 if n < count // 2 else 1.0,
        }
        for n in range(count)
    ]


def write_jsonl(path: Path, data: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in data), encoding="utf-8")
    return path


def write_csv(path: Path, data: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(data[0]))
        writer.writeheader()
        writer.writerows(data)
    return path


def write_parquet(path: Path, data: list[dict[str, Any]]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(data), path, row_group_size=2)
    return path


def write_cases(directory: Path, data: list[dict[str, Any]]) -> Path:
    for row in data:
        case = directory / row["id"]
        case.mkdir(parents=True)
        (case / "MODEL_RESPONSE.md").write_text(row["response"], encoding="utf-8")
        (case / "PROMPT.md").write_text(row["prompt"], encoding="utf-8")
        labels = {k: v for k, v in row.items() if k not in ("id", "response", "prompt")}
        (case / "metadata.json").write_text(json.dumps(labels), encoding="utf-8")
    return directory
