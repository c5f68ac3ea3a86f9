"""The data shipped inside the package (`tfjudge/data/`: schemas, AWS limits, IAM tables).

tfjudge is installed as files on disk (its parsers are native extensions), so the data
folder is a directory beside this module and is read with `pathlib`. Going through
`importlib.resources` instead costs every start-up about 10 ms (it imports tempfile,
zipfile and the resource readers) for the same bytes.

A JSON file is decoded once per installation: `load_json` keeps a marshal copy of what it
decoded in `tfjudge/__pycache__/data/`, which loads about twice as fast (the schema
index, AWS constraints, IAM and argument tables a run reads: ~13 M instructions saved).
The copy records the file's size and modification time and the tfjudge version, and is
made again when any differs; where the package is read-only JSON is decoded every time.
"""

from __future__ import annotations

import contextlib
import json
import marshal
import os
import sys
from pathlib import Path
from typing import Any

from tfjudge import __version__

DATA = Path(__file__).resolve().parent / "data"
_COPIES = DATA.parent / "__pycache__" / "data"


def data_text(relative: str) -> str:
    """The text of `data/<relative>` (UTF-8)."""
    return (DATA / relative).read_text(encoding="utf-8")


def data_json(relative: str) -> Any:
    """The decoded JSON of `data/<relative>`."""
    return load_json(DATA / relative)


def load_json(path: Path) -> Any:
    """The decoded JSON of `path`: through its marshal copy when it is a file under `DATA`."""
    if not path.is_relative_to(DATA):
        return json.loads(path.read_text(encoding="utf-8"))
    source = path.stat()
    stamp = (__version__, source.st_size, source.st_mtime_ns)
    copy = _COPIES / f"{path.relative_to(DATA).as_posix().replace('/', '.')}.marshal"
    with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
        recorded, value = marshal.loads(copy.read_bytes())
        if recorded == stamp:
            return value
    value = json.loads(path.read_text(encoding="utf-8"))
    write_cache(copy, marshal.dumps((stamp, value)))
    return value


def write_cache(path: Path, content: bytes) -> None:
    """Write a cache file of the package whole or not at all (other processes may be
    reading it); nothing where the package is read-only (the cache is only skipped) or
    PYTHONDONTWRITEBYTECODE is set (the user wants no files written)."""
    if sys.dont_write_bytecode:
        return
    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(content)
        temporary.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
