"""The Ray engine gives the local engine's results, byte for byte, on a local Ray of 2 CPUs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tfjudge.analysis import Settings
from tfjudge.batch.grade import GradeOptions

from .data import GOOD, rows, write_jsonl
from .test_run import FAULTS, batch, table

ray = pytest.importorskip("ray")


def test_ray_and_local_engines_write_the_same_results(tmp_path: Path) -> None:
    """One Ray start (the engine's own: `ray.init()` with --workers CPUs, shut down after)
    grades answers, a crashing one and malformed rows in batches of 3."""
    data: list[Any] = rows(10)
    data[3]["response"] = "TFJUDGE-CRASH\n" + GOOD
    data[5]["response"] = ""
    data[7]["response"] = None
    path = write_jsonl(tmp_path / "d.jsonl", data)
    with path.open("a") as stream:
        stream.write("{not json\n")
    grade = GradeOptions(Settings(), timeout=20, initializer=FAULTS)
    assert not ray.is_initialized()
    local = batch(path, tmp_path / "local", grade=grade)
    remote = batch(path, tmp_path / "ray", grade=grade, engine="ray", batch_size=3)
    assert not ray.is_initialized()  # the engine stops the Ray it started
    assert (local.graded, remote.graded) == (11, 11)
    for name in ("responses.jsonl", "findings.jsonl"):
        assert (tmp_path / "ray" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    for query in (
        "SELECT * FROM responses ORDER BY seq",
        "SELECT * FROM findings ORDER BY seq, index",
    ):
        assert table(tmp_path / "ray", query) == table(tmp_path / "local", query)
    lines = (tmp_path / "ray" / "responses.jsonl").read_text().splitlines()
    statuses = [json.loads(line)["status"] for line in lines]
    assert statuses.count("error") == 1 and statuses.count("invalid") == 3
    assert statuses.count("ok") == 7
