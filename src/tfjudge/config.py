"""Settings from the command line and from `.tfjudge.toml` or `[tool.tfjudge]` in pyproject.toml.

The file nearest the working directory wins (searching upwards); the command line wins
over the file. Keys: `select`, `ignore`, `fail-on`, `format`, `max-bytes`. An `ignore`
entry `rule@address` (address globs allowed) suppresses that rule's findings on those
blocks instead of deselecting the rule; see `tfjudge.suppress`.
"""

from __future__ import annotations

import re
from dataclasses import field
from functools import lru_cache
from pathlib import Path
from typing import Any

from tfjudge.errors import UsageError
from tfjudge.patterns import lazy_pattern
from tfjudge.records import record

KNOWN_KEYS = {"select", "ignore", "fail-on", "format", "max-bytes", "extend-ignore"}
FAIL_ON = ("critical", "high", "medium", "low", "never")


@record
class FileConfig:
    """The settings read from a configuration file (none: an empty one)."""

    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def list_of(self, key: str) -> list[str]:
        value = self.values.get(key, [])
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        raise UsageError(f"{self.path}: `{key}` must be a list of rule ids or prefixes")


def find_config(start: Path) -> Path | None:
    for directory in [start, *start.parents]:
        candidate = directory / ".tfjudge.toml"
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _names_tfjudge(pyproject):
            return pyproject
    return None


def load_config(explicit: Path | None, start: Path) -> FileConfig:
    path = explicit if explicit is not None else find_config(start)
    if path is None:
        return FileConfig()
    if not path.is_file():
        raise UsageError(f"{path}: no such configuration file")
    data = _read(path)
    if path.name == "pyproject.toml" or "tool" in data:
        data = data.get("tool", {}).get("tfjudge", {})
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise UsageError(f"{path}: unknown setting(s): {', '.join(sorted(unknown))}")
    fail_on = data.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise UsageError(f"{path}: fail-on must be one of {', '.join(FAIL_ON)}")
    return FileConfig(path, data)


# Where a pyproject.toml can give the `tool` table a `tfjudge` key: a `[tool]` header, a
# `tool = {...}` inline table, or a dotted `tool.tfjudge` (in a header or a key).
_TOOL_TFJUDGE = lazy_pattern(
    r"""\btool["']?\s*\.\s*["']?tfjudge\b|^\s*\[\s*["']?tool["']?\s*\]|^\s*["']?tool["']?\s*=""",
    re.MULTILINE,
)


def _names_tfjudge(pyproject: Path) -> bool:
    try:  # most pyproject.toml files never name tfjudge: no need to parse them
        text = pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if "tfjudge" not in text or not _TOOL_TFJUDGE.search(text):
        return False
    return "tfjudge" in _read(pyproject).get("tool", {})


def _read(path: Path) -> dict[str, Any]:
    try:
        return _parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"{path}: cannot read configuration ({exc})") from None


@lru_cache(maxsize=4)  # finding the file and loading it read the same text
def _parse(text: str) -> dict[str, Any]:
    import tomllib  # only when there is a configuration file to read

    return tomllib.loads(text)
