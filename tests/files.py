"""Writing test inputs to disk: a directory of files, as a repository holds them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write each file (path relative to `root`, folders made as needed); return `root`."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def marked_lines(text: str, mark: str) -> list[int]:
    """The 1-based lines of `text` that end with the comment `mark` (`# refused`): the
    lines a table test expects terraform, or a rule, to report."""
    return [n for n, line in enumerate(text.split("\n"), 1) if line.rstrip().endswith(mark)]
