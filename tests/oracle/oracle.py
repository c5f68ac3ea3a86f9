"""Running the real terraform (`../shared/tools/tf-oracle`) for differential tests.

Tests that use it skip where it is not installed (exit code 3).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHARED
from tfjudge.analysis import Settings, analyze

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
    return _errors(text.splitlines())


def init_errors(directory: Path, file: str = "main.tf") -> set[tuple[str, int]]:
    """terraform init's errors in `file` as (summary, line), without the notice every init
    that fails on the configuration prints first."""
    return {
        (d.summary, d.line)
        for d in init_diagnostics(directory)
        if d.file == file and not d.summary.startswith("Terraform encountered")
    }


def finding_summaries(target: Path, *rules: str) -> set[tuple[str, int | None]]:
    """The findings of `rules` on `target` as (summary, line): the message up to its first
    colon, where each rule puts terraform's summary."""
    findings = analyze(target, settings=Settings(select=list(rules))).findings
    return {(f.message.split(":")[0], f.line) for f in findings}


def _errors(lines: list[str]) -> list[Diagnostic]:
    """The errors of terraform's human-readable output, with the file and line of each."""
    diagnostics: list[Diagnostic] = []
    summary: str | None = None
    for line in lines:
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


# A provider configuration that lets `terraform plan` run without an AWS account: plan of
# resources to create calls no AWS API once credentials, account and region checks are off.
OFFLINE_PROVIDER = """
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock"
  secret_key                  = "mock"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
"""


def plan_diagnostics(directory: Path, initialized: Path | None = None) -> list[dict[str, Any]]:
    """The errors `terraform plan` reports for a configuration of resources to create (no
    data source, no provider block of its own), planned offline with OFFLINE_PROVIDER.
    `initialized`: a directory planned before, whose provider installation is reused
    (terraform init is most of the time of a small plan)."""
    (directory / "zz_offline_provider.tf").write_text(OFFLINE_PROVIDER, encoding="utf-8")
    if initialized is None:
        validate_diagnostics(directory)  # runs terraform init with the local provider
    else:
        (directory / ".terraform").symlink_to(initialized / ".terraform")
        lock = initialized / ".terraform.lock.hcl"
        (directory / lock.name).write_bytes(lock.read_bytes())
    terraform = shutil.which("terraform")
    assert terraform is not None
    result = subprocess.run(
        [terraform, "plan", "-input=false", "-refresh=false", "-json"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=900,
    )
    diagnostics = []
    for line in result.stdout.splitlines():
        message = json.loads(line)
        if message.get("type") == "diagnostic":
            diagnostics.append(message["diagnostic"])
    return diagnostics


_CONSOLE_ERROR = "!tfjudge-error"


def console_values(expressions: list[str]) -> list[str | None]:
    """Each expression's `jsonencode()` as `terraform console` computes it, None on error.

    One console process evaluates the whole batch: the expressions are wrapped in
    `try(jsonencode(e), marker)` inside one tuple, encoded in base64 so the console's
    own quoting does not matter. A batch that fails as a whole (a parse error) is split
    in halves until the failing expressions are alone.
    """
    if not expressions:
        return []
    oracle = require_oracle()
    body = ", ".join(f'try(jsonencode({e}), "{_CONSOLE_ERROR}")' for e in expressions)
    program = f"base64encode(jsonencode([{body}]))"
    with tempfile.TemporaryDirectory() as directory:
        result = subprocess.run(
            [str(oracle), "console", program, directory],
            capture_output=True,
            text=True,
            timeout=600,
        )
    if result.returncode == 3:
        pytest.skip("terraform is not installed")
    output = result.stdout.strip()
    if result.returncode == 0 and output.startswith('"'):
        decoded = json.loads(base64.b64decode(json.loads(output)))
        return [None if v == _CONSOLE_ERROR else v for v in decoded]
    if len(expressions) == 1:
        return [None]
    middle = len(expressions) // 2
    return console_values(expressions[:middle]) + console_values(expressions[middle:])


def backend_init_diagnostics(directory: Path) -> list[Diagnostic]:
    """The errors `terraform init` reports while it reads the backend of `directory`.

    `tf-oracle validate` initialises with `-backend=false`, which never reads the backend;
    this runs the same terraform with the backend (offline: a backend whose settings are
    rejected fails before it is configured, and no metadata service is asked).
    """
    oracle = require_oracle()
    plugins = subprocess.run([str(oracle), "plugin-dir"], capture_output=True, text=True)
    environment = {
        **os.environ,
        "TF_IN_AUTOMATION": "1",
        "CHECKPOINT_DISABLE": "1",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    if not Path(environment.get("TF_CLI_CONFIG_FILE", "/nonexistent")).exists():
        environment.pop("TF_CLI_CONFIG_FILE", None)
    result = subprocess.run(
        [
            "terraform",
            "init",
            "-input=false",
            "-no-color",
            f"-plugin-dir={plugins.stdout.strip()}",
        ],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
    )
    text = result.stdout + "\n" + result.stderr
    return _errors(["│ " + line.strip().lstrip("│").strip() for line in text.splitlines()])
