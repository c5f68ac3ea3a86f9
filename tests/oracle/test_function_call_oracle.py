"""core.invalid-function-call against `terraform validate`: the same lines and messages,
on every call of the table (tests/rules/core_tables.py) in one configuration."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.oracle.oracle import validate_diagnostics
from tests.rules.core_tables import FUNCTION_CALL_CASES
from tfjudge.analysis import Settings, analyze
from tfjudge.evaluate.signatures import builtin_functions
from tfjudge.shipped import DATA

SUMMARIES = {"Call to unknown function", "Not enough function arguments"}
SUMMARIES |= {"Too many function arguments", "Error in function call"}


def test_function_calls_match_terraform_validate(tmp_path: Path) -> None:
    (tmp_path / "t.tpl").write_text("x\n", encoding="utf-8")
    locals_ = "".join(f"  x{i} = {e}\n" for i, (e, _) in enumerate(FUNCTION_CALL_CASES))
    main = tmp_path / "main.tf"
    main.write_text(f"locals {{\n{locals_}}}\n", encoding="utf-8")
    theirs = {
        (d["range"]["start"]["line"], f"{d['summary']}: {d['detail']}")
        for d in validate_diagnostics(tmp_path)
        if d["summary"] in SUMMARIES
    }
    analysis = analyze(main, settings=Settings(select=["core.invalid-function-call"]))
    ours = {(f.line, f.message) for f in analysis.findings}
    assert len(theirs) == sum(1 for _, said in FUNCTION_CALL_CASES if said)
    assert ours == theirs


def test_shipped_functions_are_terraforms() -> None:
    """data/terraform/functions.json is what scripts/make_functions.py reads from the
    terraform installed here, when it is the recorded release."""
    terraform = shutil.which("terraform")
    if terraform is None:
        pytest.skip("terraform is not installed")
    version = json.loads(
        subprocess.run([terraform, "version", "-json"], capture_output=True, check=True).stdout
    )["terraform_version"]
    shipped = json.loads((DATA / "terraform" / "functions.json").read_text(encoding="utf-8"))
    if version != shipped["terraform_version"]:
        pytest.skip(f"terraform {version} here, {shipped['terraform_version']} recorded")
    metadata = subprocess.run(
        [terraform, "metadata", "functions", "-json"], capture_output=True, check=True
    )
    signatures = json.loads(metadata.stdout)["function_signatures"]
    assert set(signatures) == set(builtin_functions())
    for name, signature in signatures.items():
        parameters = tuple(p["name"] for p in signature.get("parameters", []))
        variadic = (signature.get("variadic_parameter") or {}).get("name")
        assert builtin_functions()[name] == (parameters, variadic), name
