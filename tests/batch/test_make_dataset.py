"""The benchmark dataset generator: N answers of the asked size, mutated, reproducible."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from tfjudge.batch.inputs import Dataset

from ..conftest import ROOT


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_dataset", ROOT / "benchmarks" / "make_dataset.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_answers_of_the_asked_size_with_their_mutations(tmp_path: Path) -> None:
    make = generator()
    rows = list(make.records(60, 300, seed=1, corpus=None, poisons=0))
    assert len(rows) == 60 and len({r["id"] for r in rows}) == 60
    sizes = [r["response"].count("\n") for r in rows]
    assert 200 < sum(sizes) / len(sizes) < 450
    mutations = {m for r in rows for m in r["mutations"].split(",")}
    assert {"drop-blocks", "rename-reference", "truncate"} <= mutations
    assert {r["model"] for r in rows} == {"model-a", "model-b", "model-c"}
    assert rows == list(make.records(60, 300, seed=1, corpus=None, poisons=0))  # reproducible
    make.write(tmp_path / "d.jsonl", "jsonl", iter(rows))
    items = list(Dataset(tmp_path / "d.jsonl").items())
    assert [i.labels["model"] for i in items] == [r["model"] for r in rows]


def test_poisoned_answers_are_mixed_in(tmp_path: Path) -> None:
    make = generator()
    make.POISONS = ("binary", "empty")  # the 50 MB and slow ones are for the benchmark
    make.write(tmp_path / "cases", "cases", make.records(20, 100, seed=0, corpus=None, poisons=2))
    labels = [
        json.loads(p.read_text())["mutations"]
        for p in sorted((tmp_path / "cases").glob("*/metadata.json"))
    ]
    assert labels.count("poison-binary") == 2 and labels.count("poison-empty") == 2
    binary = [
        p for p in (tmp_path / "cases").glob("*/MODEL_RESPONSE.md") if b"\x00" in p.read_bytes()
    ]
    assert len(binary) == 2
