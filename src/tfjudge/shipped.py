"""The data shipped inside the package (`tfjudge/data/`: schemas, AWS limits, IAM tables).

tfjudge is installed as files on disk (its parsers are native extensions), so the data
folder is a directory beside this module and is read with `pathlib`. Going through
`importlib.resources` instead costs every start-up about 10 ms (it imports tempfile,
zipfile and the resource readers) for the same bytes.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def data_text(relative: str) -> str:
    """The text of `data/<relative>` (UTF-8)."""
    return (DATA / relative).read_text(encoding="utf-8")
