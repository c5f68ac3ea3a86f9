"""Shared test setup: rules run strict (a failing rule fails the test, not just warns)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.files import write_tree

os.environ.setdefault("TFJUDGE_STRICT", "1")

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout, or beside the parent of a worktree (/work/wt/<name>)
SHARED = next(
    (p / "shared" for p in ROOT.parents if (p / "shared" / "corpus").is_dir()),
    ROOT.parent / "shared",
)
CORPUS = SHARED / "corpus"


@pytest.fixture
def write(tmp_path: Path):
    """Write a file under tmp_path and return its path."""

    def _write(name: str, text: str | bytes) -> Path:
        return write_tree(tmp_path, {name: text}) / name

    return _write
