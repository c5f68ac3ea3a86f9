"""core.unknown-module-argument, core.missing-module-argument and core.invalid-type-constraint
against terraform: the same errors on the same lines.

Type constraints: one configuration declares a variable per constraint (valid and invalid
ones); `terraform init` reads them all and reports every invalid one. Module calls: a
configuration per way of calling a local module (unknown arguments, a nested block,
Terraform's own arguments, required and optional variables, `nullable`, `default = null`),
since terraform stops validating the other calls once one fails; tfjudge's findings, each
place counted (a finding lists the other arguments of its call in `related`, and names
every missing variable), must give the (summary, line) pairs `terraform validate` gives.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.files import write_tree
from tests.oracle.oracle import (
    _ANSI,
    finding_summaries,
    init_diagnostics,
    init_errors,
    validate_diagnostics,
)
from tests.rules.core_tables import (
    DEFAULT_CASES,
    LANGUAGE_BLOCKS,
    MODULE_CHILD,
    REQUIRED_PROVIDER_CASES,
    TYPE_CONSTRAINTS,
    VALUE_CASES,
)
from tfjudge.analysis import Settings, analyze
from tfjudge.findings import Finding

PROVIDERS = 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n'


# one configuration each: terraform stops validating every call once one call fails
CALLS = {
    "unknown_arguments": 'name = "a"\n  zone = "z"\n  extra = 1\n  tags = {}',
    "nested_block": 'name = "b"\n  zone = "z"\n  settings {\n    a = 1\n  }',
    "missing_two": "size = 2",
    "meta_arguments": 'count = 1\n  name = "c"\n  zone = "z"\n  depends_on = []',
    "complete": 'name = "d"\n  zone = "z"\n  mode = "b"\n  size = 3',
}


def test_type_constraints_match_terraform_init(tmp_path: Path) -> None:
    lines = [PROVIDERS]
    for index, (constraint, _) in enumerate(TYPE_CONSTRAINTS):
        lines.append(f'variable "v{index}" {{\n  type = {constraint}\n}}\n')
    directory = tmp_path / "types"
    write_tree(directory, {"main.tf": "\n".join(lines)})
    expected = init_errors(directory)
    settings = Settings(select=["core.invalid-type-constraint"])
    found = {(_summary(f), f.line) for f in analyze(directory, settings=settings).findings}
    assert expected, "terraform init reported no error: the oracle did not run"
    assert found == expected


@pytest.mark.parametrize("name", sorted(CALLS))
def test_module_call_errors_match_terraform_validate(tmp_path: Path, name: str) -> None:
    main = PROVIDERS + f'module "{name}" {{\n  source = "./modules/app"\n  {CALLS[name]}\n}}\n'
    write_tree(tmp_path, {"main.tf": main, "modules/app/main.tf": MODULE_CHILD})
    expected = sorted(
        (d["summary"], d["range"]["start"]["line"])
        for d in validate_diagnostics(tmp_path)
        if d["severity"] == "error"
    )
    rules = ["core.unknown-module-argument", "core.missing-module-argument"]
    findings = analyze(tmp_path, settings=Settings(select=rules)).findings
    assert sorted(p for f in findings for p in _places(f, main)) == expected
    assert expected or name in ("meta_arguments", "complete")


def test_variable_defaults_match_terraform_init(tmp_path: Path) -> None:
    text = PROVIDERS + 'variable "name" {\n  default = "x"\n}\n'
    for index, (constraint, default, _) in enumerate(DEFAULT_CASES):
        kind = f"  type    = {constraint}\n" if constraint else ""
        text += f'variable "v{index}" {{\n{kind}  default = {default}\n}}\n'
    write_tree(tmp_path, {"main.tf": text})
    expected = init_errors(tmp_path)
    found = finding_summaries(tmp_path, "core.invalid-variable-default")
    assert len(expected) == sum(1 for *_, said in DEFAULT_CASES if said)
    assert found == expected


def test_module_argument_values_match_terraform_validate(tmp_path: Path) -> None:
    child = "".join(
        f'variable "v{i}" {{\n  type = {constraint}\n}}\n'
        for i, (constraint, _, _) in enumerate(VALUE_CASES)
    )
    arguments = "".join(f"  v{i} = {value}\n" for i, (_, value, _) in enumerate(VALUE_CASES))
    main = PROVIDERS + f'module "m" {{\n  source = "./modules/m"\n{arguments}}}\n'
    write_tree(tmp_path, {"main.tf": main, "modules/m/main.tf": child})
    first = main.count("\n", 0, main.index("  v0 =")) + 1
    expected = {
        (d["range"]["start"]["line"], d["detail"].split(" declared at ")[1].split(": ", 1)[1])
        for d in validate_diagnostics(tmp_path)
        if d["summary"] == "Invalid value for input variable"
    }
    table = {(first + i, f"{said}.") for i, (_, _, said) in enumerate(VALUE_CASES) if said}
    settings = Settings(select=["core.invalid-variable-value"])
    findings = analyze(tmp_path, settings=settings).findings
    found = {(f.line, f.message.split(" declared at ")[1].split(": ", 1)[1]) for f in findings}
    assert expected == table
    assert found == expected


def test_required_providers_match_terraform_init(tmp_path: Path) -> None:
    entries = "\n    ".join(entry for entry, _ in REQUIRED_PROVIDER_CASES)
    text = f"terraform {{\n  required_providers {{\n    {entries}\n  }}\n}}\n"
    write_tree(tmp_path, {"main.tf": text})
    expected = init_errors(tmp_path)
    assert len(expected) == sum(1 for _, said in REQUIRED_PROVIDER_CASES if said)
    assert finding_summaries(tmp_path, "core.invalid-required-provider") == expected


PROVIDER_LABELS = """
provider "aws_core_provider" {
}

provider "Aws" {
}

provider "-aws" {
}

provider "aws" {
  region = "us-east-1"
}

provider "my-aws" {
}
"""


def test_provider_block_labels_match_terraform_init(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": PROVIDER_LABELS})
    expected = {e for e in init_errors(tmp_path) if e[0] == "Invalid provider local name"}
    assert {line for _, line in expected} == {2, 5, 8}
    assert finding_summaries(tmp_path, "core.invalid-required-provider") == expected


def test_language_blocks_match_terraform_init(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": LANGUAGE_BLOCKS})
    expected = init_errors(tmp_path)
    assert len(expected) == LANGUAGE_BLOCKS.count("# bad")
    assert finding_summaries(tmp_path, "core.unknown-block-argument") == expected


def test_missing_modules_match_terraform_init(tmp_path: Path) -> None:
    calls = {"a": "./modules/missing", "b": "./modules/ok", "c": "./modules/other"}
    calls |= {"d": "./modules/missing", "e": "terraform-aws-modules/vpc/aws"}
    main = "\n".join(f'module "{n}" {{\n  source = "{s}"\n}}\n' for n, s in calls.items())
    write_tree(tmp_path, {"main.tf": main, "modules/ok/main.tf": 'output "x" {\n  value = 1\n}\n'})
    init_diagnostics(tmp_path)  # terraform init: its errors are in init.err
    log = (tmp_path / "init.err").read_text(encoding="utf-8")
    expected = sorted(int(n) for n in _UNREADABLE.findall(_ANSI.sub("", log)))
    findings = analyze(tmp_path, settings=Settings(select=["core.missing-module"])).findings
    found = sorted(
        line for f in findings for line in [f.line, *(int(r.rpartition(":")[2]) for r in f.related)]
    )
    assert expected, "terraform init reported no unreadable module: the oracle did not run"
    assert found == expected


_UNREADABLE = re.compile(r'could not be read for module "[^"]+" at main\.tf:(\d+)')


def _summary(finding: Finding) -> str:
    return finding.message.split(" in variable ")[0]


def _places(finding: Finding, text: str) -> list[tuple[str, int | None]]:
    """Every (summary, line) terraform gives for what the finding reports; `text` is the
    file of the call, which tells a nested block's line from an argument's."""
    if finding.rule == "core.missing-module-argument":
        missing = finding.message.split("the variable", 1)[1].count('"') // 2
        return [("Missing required argument", finding.line)] * missing
    lines = text.split("\n")
    places: list[tuple[str, int | None]] = []
    for line in [finding.line or 0, *(int(r.rpartition(":")[2]) for r in finding.related)]:
        block = lines[line - 1].rstrip().endswith("{")
        places.append(("Unsupported block type" if block else "Unsupported argument", line))
    return places


NESTED_CALLS = """
module "provisioned" {
  source = "./modules/m"
  provisioner "local-exec" {
    command = "echo"
  }
}

module "empty_dynamic" {
  source = "./modules/m"
  dynamic "x" {
    for_each = []
    content {}
  }
}
"""


def test_nested_blocks_in_module_calls_match_terraform(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"main.tf": NESTED_CALLS, "modules/m/main.tf": 'variable "x" {\n  default = 1\n}\n'},
    )
    refused = {
        (d["summary"], d["range"]["start"]["line"])
        for d in validate_diagnostics(tmp_path)
        if d["severity"] == "error"
    }
    # terraform names one of the two calls a run (whichever it decodes first): both fail
    assert refused and refused <= {("Unsupported block type", 4), ("Unsupported block type", 11)}
    found = finding_summaries(tmp_path, "core.unknown-module-argument")
    assert found == {("Unsupported block type", 4), ("Unsupported block type", 11)}
    reserved = tmp_path / "reserved"
    write_tree(
        reserved,
        {
            "main.tf": 'module "a" {\n  source = "./modules/m"\n  lifecycle {\n  }\n}\n',
            "modules/m/main.tf": 'variable "x" {\n  default = 1\n}\n',
        },
    )
    expected = init_errors(reserved)
    assert expected == {("Reserved block type name in module block", 3)}
    assert finding_summaries(reserved, "core.unknown-module-argument") == expected
