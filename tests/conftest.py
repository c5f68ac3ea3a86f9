"""Shared test setup: rules run strict (a failing rule fails the test, not just warns)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("TFJUDGE_STRICT", "1")

ROOT = Path(__file__).resolve().parent.parent
# ../shared next to the checkout, or next to the folder of worktrees it sits in
SHARED = next(
    (d / "shared" for d in ROOT.parents if (d / "shared" / "tools").is_dir()),
    ROOT.parent / "shared",
)
CORPUS = SHARED / "corpus"


@pytest.fixture
def write(tmp_path: Path):
    """Write a file under tmp_path and return its path."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write
