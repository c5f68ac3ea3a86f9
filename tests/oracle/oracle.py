"""Running the real terraform (`../shared/tools/tf-oracle`) for differential tests.

Tests that use it skip where it is not installed (exit code 3).
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHARED

ORACLE = SHARED / "tools" / "tf-oracle"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_ERROR = re.compile(r"^│ Error: (?P<summary>.+)$")
_WHERE = re.compile(r"^│\s+on (?P<file>\S+) line (?P<line>\d+)")


@dataclass(frozen=True)
class Diagnostic:
    summary: str
    file: str
    line: int


def require_oracle() -> Path:
    if not ORACLE.exists():
        pytest.skip("tf-oracle is not available on this machine")
    probe = subprocess.run([str(ORACLE), "plugin-dir"], capture_output=True, text=True)
    if probe.returncode == 3:
        pytest.skip("terraform or the AWS provider is not installed")
    return ORACLE


def init_diagnostics(directory: Path) -> list[Diagnostic]:
    """Run `tf-oracle validate` and return the errors `terraform init` printed."""
    oracle = require_oracle()
    result = subprocess.run(
        [str(oracle), "validate", str(directory)], capture_output=True, text=True, timeout=600
    )
    if result.returncode == 3:
        pytest.skip("terraform or the AWS provider is not installed")
    log = directory / "init.err"
    text = _ANSI.sub("", log.read_text()) if log.exists() else ""
    diagnostics: list[Diagnostic] = []
    summary: str | None = None
    for line in text.splitlines():
        error = _ERROR.match(line)
        if error:
            summary = error.group("summary").strip()
            continue
        where = _WHERE.match(line)
        if where and summary:
            diagnostics.append(Diagnostic(summary, where.group("file"), int(where.group("line"))))
            summary = None
    return diagnostics


def validate_diagnostics(directory: Path) -> list[dict[str, Any]]:
    """Run `tf-oracle validate` and return `terraform validate -json`'s diagnostics."""
    oracle = require_oracle()
    result = subprocess.run(
        [str(oracle), "validate", str(directory)], capture_output=True, text=True, timeout=900
    )
    if result.returncode == 3:
        pytest.skip("terraform or the AWS provider is not installed")
    assert result.returncode in (0, 1), f"tf-oracle validate failed: {result.stderr[-2000:]}"
    diagnostics: list[dict[str, Any]] = json.loads(result.stdout)["diagnostics"]
    return diagnostics
