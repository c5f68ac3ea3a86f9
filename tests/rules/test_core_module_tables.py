"""core.invalid-type-constraint, core.unknown-module-argument, core.missing-module-argument:
one row per case (the type constraints' verdicts are terraform init's, see
tests/oracle/test_module_call_oracle.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.files import marked_lines, write_tree
from tests.rules.aws.helpers import run_rule
from tests.rules.core_tables import (
    BLOCK_NAME_CASES,
    COUNT_CASES,
    DEFAULT_CASES,
    FOR_EACH_CASES,
    FUNCTION_CALL_CASES,
    INDEX_CASES,
    INSTANCE_KEY_CASES,
    LANGUAGE_BLOCKS,
    LIFECYCLE_CASES,
    META_CHILD,
    META_INIT_CASES,
    META_PRELUDE,
    META_VALIDATE_CASES,
    MODULE_CHILD,
    PROVISIONER_CASES,
    REPETITION_PRELUDE,
    REQUIRED_PROVIDER_CASES,
    TYPE_CONSTRAINTS,
    VALUE_CASES,
    index_configuration,
    instance_key_configuration,
    lifecycle_configuration,
    provisioner_configuration,
)
from tfjudge.analysis import Settings, analyze
from tfjudge.findings import Finding


@pytest.mark.parametrize(("constraint", "valid"), TYPE_CONSTRAINTS)
def test_type_constraint(tmp_path: Path, constraint: str, valid: bool) -> None:
    found = run_rule(
        tmp_path, "core.invalid-type-constraint", f'variable "v" {{\n  type = {constraint}\n}}\n'
    )
    assert bool(found) is not valid, [f.message for f in found]


def _calls(tmp_path: Path, call: str, child: str = MODULE_CHILD) -> list[Finding]:
    write_tree(tmp_path, {"main.tf": call, "modules/app/main.tf": child})
    rules = ["core.unknown-module-argument", "core.missing-module-argument"]
    return analyze(tmp_path, settings=Settings(select=rules)).findings


@pytest.mark.parametrize(
    ("body", "unknown", "missing"),
    [
        ('name = "a"\n  zone = "z"', [], []),
        ('name = "a"\n  zone = "z"\n  size = 1', [], []),
        ('name = "a"', [], ["zone"]),
        ("size = 1", [], ["name", "zone"]),
        ('name = "a"\n  zone = "z"\n  tags = {}', ["tags"], []),
        ('name = "a"\n  zone = "z"\n  extra = 1\n  tags = {}', ["extra", "tags"], []),
        ('name = "a"\n  zone = "z"\n  settings {\n    a = 1\n  }', ["settings"], []),
        ('name = "a"\n  zone = "z"\n  count = 2\n  depends_on = []', [], []),
        ('name = "a"\n  zone = "z"\n  for_each = toset(["x"])', [], []),
        ('name = "a"\n  zone = "z"\n  providers = { aws = aws }', [], []),
    ],
)
def test_module_call(tmp_path: Path, body: str, unknown: list[str], missing: list[str]) -> None:
    call = f'module "app" {{\n  source = "./modules/app"\n  {body}\n}}\n'
    findings = _calls(tmp_path, call)
    unknown_found = [f for f in findings if f.rule == "core.unknown-module-argument"]
    missing_found = [f for f in findings if f.rule == "core.missing-module-argument"]
    assert len(unknown_found) == (1 if unknown else 0)
    assert len(missing_found) == (1 if missing else 0)
    for name in unknown:
        assert f'"{name}"' in unknown_found[0].message or f"{name} {{}}" in unknown_found[0].message
    for name in missing:
        assert f'"{name}"' in missing_found[0].message


def test_module_shown_in_part_is_not_judged(tmp_path: Path) -> None:
    """A module file with a syntax error may declare what the call passes: not judged."""
    child = MODULE_CHILD + 'variable "tags" {\n  type = map(string)\n'
    assert (
        _calls(tmp_path, 'module "app" {\n  source = "./modules/app"\n  tags = {}\n}\n', child)
        == []
    )


def test_registry_module_is_not_judged(tmp_path: Path) -> None:
    call = 'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.0.0"\n  anything = 1\n}\n'
    assert _calls(tmp_path, call) == []


def test_later_copy_of_a_module_file_is_what_counts(tmp_path: Path) -> None:
    """An answer that shows a module file twice means the later copy (main_2.tf): there
    `zone` has a default, so the call need not set it."""
    fixed = 'variable "zone" {\n  type    = string\n  default = "a"\n}\n'
    write_tree(
        tmp_path,
        {
            "main.tf": 'module "app" {\n  source = "./modules/app"\n  name = "a"\n}\n',
            "modules/app/main.tf": MODULE_CHILD,
            "modules/app/main_2.tf": fixed,
        },
    )
    analysis = analyze(tmp_path, settings=Settings(select=["core.missing-module-argument"]))
    assert analysis.findings == []
    (tmp_path / "modules/app/main_2.tf").unlink()
    analysis = analyze(tmp_path, settings=Settings(select=["core.missing-module-argument"]))
    assert len(analysis.findings) == 1


def _missing_modules(tmp_path: Path, files: dict[str, str], prompt: str | None = None) -> list[str]:
    write_tree(tmp_path / "answer", files)
    prompt_path = None
    if prompt is not None:
        prompt_path = tmp_path / "PROMPT.md"
        prompt_path.write_text(prompt, encoding="utf-8")
    settings = Settings(select=["core.missing-module"])
    analysis = analyze(tmp_path / "answer", prompt_path, settings=settings)
    return [f.address or "" for f in analysis.findings]


@pytest.mark.parametrize(
    ("source", "files", "fires"),
    [
        ("./modules/vpc", {}, True),
        ("./modules/vpc", {"modules/vpc/main.tf": 'output "id" {\n  value = 1\n}\n'}, False),
        ("./modules/vpc/", {"modules/vpc/main.tf": 'output "id" {\n  value = 1\n}\n'}, False),
        ("../modules/vpc", {}, False),  # leaves the answer: its root may be one directory
        # on disk a path is what terraform reads: vpc/ is not modules/vpc/ (a Markdown
        # answer's places are guesses: test_directory_inputs.py has both)
        ("./modules/vpc", {"vpc/main.tf": 'output "id" {\n  value = 1\n}\n'}, True),
        ("terraform-aws-modules/vpc/aws", {}, False),
        ("git::https://example.com/vpc.git", {}, False),
        ("./modules/vpc", {"modules/vpc/README.md": "# vpc\n"}, False),
    ],
)
def test_missing_module(tmp_path: Path, source: str, files: dict[str, str], fires: bool) -> None:
    main = f'module "vpc" {{\n  source = "{source}"\n}}\n'
    found = _missing_modules(tmp_path, {"main.tf": main, **files})
    assert found == (["module.vpc"] if fires else [])


def test_missing_module_the_prompt_gives_is_not_reported(tmp_path: Path) -> None:
    main = 'module "vpc" {\n  source = "./modules/vpc"\n}\n'
    prompt = "Use the existing module in modules/vpc for the network."
    assert _missing_modules(tmp_path, {"main.tf": main}, prompt) == []
    assert _missing_modules(tmp_path, {"main.tf": main}, "Build a VPC.") == ["module.vpc"]


@pytest.mark.parametrize(("expression", "fires", "_"), FOR_EACH_CASES)
def test_for_each(tmp_path: Path, expression: str, fires: bool, _: bool) -> None:
    config = (
        REPETITION_PRELUDE + f'resource "terraform_data" "x" {{\n  for_each = {expression}\n}}\n'
    )
    found = run_rule(tmp_path, "core.invalid-for-each", config)
    assert bool(found) is fires, [f.message for f in found]


@pytest.mark.parametrize(("expression", "fires", "_"), COUNT_CASES)
def test_count(tmp_path: Path, expression: str, fires: bool, _: bool) -> None:
    config = REPETITION_PRELUDE + f'resource "terraform_data" "x" {{\n  count = {expression}\n}}\n'
    found = run_rule(tmp_path, "core.invalid-count", config)
    assert bool(found) is fires, [f.message for f in found]


def test_dynamic_block_for_each_takes_a_list(tmp_path: Path) -> None:
    config = REPETITION_PRELUDE + (
        'resource "aws_security_group" "web" {\n  name = "web"\n'
        '  dynamic "ingress" {\n    for_each = var.names\n    content {\n'
        '      from_port   = 443\n      to_port     = 443\n      protocol    = "tcp"\n'
        "      description = ingress.value\n    }\n  }\n}\n"
    )
    assert run_rule(tmp_path, "core.invalid-for-each", config) == []


@pytest.mark.parametrize(("constraint", "default", "said"), DEFAULT_CASES)
def test_variable_default(tmp_path: Path, constraint: str, default: str, said: str | None) -> None:
    kind = f"  type    = {constraint}\n" if constraint else ""
    config = f'variable "v" {{\n{kind}  default = {default}\n}}\n'
    found = run_rule(tmp_path, "core.invalid-variable-default", config)
    assert [f.message.split(":")[0] for f in found] == ([said] if said else [])


@pytest.mark.parametrize(("constraint", "value", "said"), VALUE_CASES)
def test_module_argument_value(
    tmp_path: Path, constraint: str, value: str, said: str | None
) -> None:
    write_tree(
        tmp_path,
        {
            "main.tf": f'module "m" {{\n  source = "./modules/m"\n  v = {value}\n}}\n',
            "modules/m/main.tf": f'variable "v" {{\n  type = {constraint}\n}}\n',
        },
    )
    settings = Settings(select=["core.invalid-variable-value"])
    found = [
        f.message.split("modules/m/main.tf:1: ", 1)[1]
        for f in analyze(tmp_path, settings=settings).findings
    ]
    assert found == ([f"{said}."] if said else [])


def test_tfvars_value_the_type_refuses(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "main.tf": 'variable "env" {\n  type = string\n}\nvariable "n" {\n  type = number\n}\n',
            "terraform.tfvars": 'env = ["dev"]\nn = "2"\n',
            "dev.tfvars": 'env = ["x"]\n',  # not auto-loaded: terraform reads it only with -var-file
        },
    )
    settings = Settings(select=["core.invalid-variable-value"])
    findings = analyze(tmp_path, settings=settings).findings
    assert [(f.file, f.line) for f in findings] == [("terraform.tfvars", 1)]


def test_missing_module_of_a_single_file_is_judged_by_the_disk(tmp_path: Path) -> None:
    """`tfjudge analyze main.tf` loads that file only: its module directories are looked
    for on disk, as terraform init would."""
    write_tree(tmp_path, {"main.tf": 'module "vpc" {\n  source = "./modules/vpc"\n}\n'})
    settings = Settings(select=["core.missing-module"])
    assert len(analyze(tmp_path / "main.tf", settings=settings).findings) == 1
    assert len(analyze(tmp_path, settings=settings).findings) == 1
    write_tree(
        tmp_path, {"modules/vpc/main.tf": 'variable "cidr" {\n  default = "10.0.0.0/16"\n}\n'}
    )
    assert analyze(tmp_path / "main.tf", settings=settings).findings == []
    assert analyze(tmp_path, settings=settings).findings == []


def _required(entry: str) -> str:
    return f"terraform {{\n  required_providers {{\n    {entry}\n  }}\n}}\n"


@pytest.mark.parametrize(("entry", "said"), REQUIRED_PROVIDER_CASES)
def test_required_provider(tmp_path: Path, entry: str, said: str | None) -> None:
    found = run_rule(tmp_path, "core.invalid-required-provider", _required(entry))
    summaries = [f.message.split(":")[0] for f in found]
    if said is None:
        assert summaries == []
    else:
        assert summaries and summaries[0].startswith(said.rsplit(" ", 1)[0]), summaries


def test_language_block_arguments(tmp_path: Path) -> None:
    found = run_rule(tmp_path, "core.unknown-block-argument", LANGUAGE_BLOCKS)
    bad = marked_lines(LANGUAGE_BLOCKS, "# bad")
    assert [f.line for f in found] == bad


def test_labels_a_block_does_not_take_are_another_rule(tmp_path: Path) -> None:
    config = 'terraform module "common" {\n  source = "./modules/common"\n}\n'
    assert run_rule(tmp_path, "core.unknown-block-argument", config) == []


@pytest.mark.parametrize(("block", "said"), BLOCK_NAME_CASES)
def test_block_names(tmp_path: Path, block: str, said: str | None) -> None:
    found = run_rule(tmp_path, "core.invalid-block-name", block + "\n")
    assert [f.message.split(":")[0] for f in found] == ([said] if said else [])
    assert all(f.line == 1 for f in found)


def test_provider_alias_must_be_a_name(tmp_path: Path) -> None:
    config = (
        'provider "aws" {\n  alias  = "us.east"\n  region = "us-east-1"\n}\n'
        'provider "aws" {\n  alias  = "us-west"\n  region = "us-west-2"\n}\n'
    )
    found = run_rule(tmp_path, "core.invalid-block-name", config)
    assert [(f.line, f.message.split(":")[0]) for f in found] == [
        (2, "Invalid provider configuration alias")
    ]


@pytest.mark.parametrize(("expression", "said"), FUNCTION_CALL_CASES)
def test_function_calls(tmp_path: Path, expression: str, said: str | None) -> None:
    found = run_rule(tmp_path, "core.invalid-function-call", f"locals {{\n  x = {expression}\n}}\n")
    assert [f.message.split(":")[0] for f in found] == ([said] if said else [])


def test_function_names_are_not_judged_for_a_newer_terraform(tmp_path: Path) -> None:
    """A function terraform added after the recorded release is not an unknown one there."""
    config = 'terraform {\n  required_version = ">= 99.0"\n}\nlocals {\n  x = brandnew(1)\n}\n'
    assert run_rule(tmp_path, "core.invalid-function-call", config) == []


def test_variable_types_and_defaults_are_not_calls(tmp_path: Path) -> None:
    config = (
        'variable "rules" {\n  type    = list(object({ port = number }))\n  default = []\n'
        "  validation {\n    condition     = lenght(var.rules) < 5\n"
        '    error_message = "At most four rules."\n  }\n}\n'
        'variable "name" {\n  type    = map(string)\n  default = upper("x")\n}\n'
    )
    found = run_rule(tmp_path, "core.invalid-function-call", config)
    assert [(f.line, f.message.split(":")[0]) for f in found] == [(5, "Call to unknown function")]


def test_lifecycle_settings(tmp_path: Path) -> None:
    found = run_rule(tmp_path, "core.invalid-lifecycle", lifecycle_configuration())
    said = {f.address: f.message.split(":")[0] for f in found}
    expected = {f"aws_s3_bucket.b{i}": s for i, (_, s) in enumerate(LIFECYCLE_CASES) if s}
    assert said == expected


def test_provisioner_keywords(tmp_path: Path) -> None:
    rules = ["core.invalid-provisioner-keyword", "core.invalid-reference"]
    found = run_rule(tmp_path, rules[0], provisioner_configuration())
    said = {f.address: f.message.split(":")[0] for f in found}
    expected = {f"terraform_data.p{i}": s for i, (_, s) in enumerate(PROVISIONER_CASES) if s}
    assert said == expected
    assert run_rule(tmp_path / "references", rules[1], provisioner_configuration()) == []


def test_instance_keys(tmp_path: Path) -> None:
    found = run_rule(tmp_path, "core.unexpected-instance-key", instance_key_configuration())
    said = {f.address: f.message.split(":")[0] for f in found}
    expected = {
        f"aws_route_table_association.r{i}": s for i, (_, s) in enumerate(INSTANCE_KEY_CASES) if s
    }
    assert said == expected


def test_instance_addresses_in_moved_blocks_are_not_references(tmp_path: Path) -> None:
    config = (
        'resource "aws_s3_bucket" "logs" {\n  bucket_prefix = "logs-"\n}\n'
        "moved {\n  from = aws_s3_bucket.logs[0]\n  to   = aws_s3_bucket.logs\n}\n"
    )
    assert run_rule(tmp_path, "core.unexpected-instance-key", config) == []


@pytest.mark.parametrize(("block", "said"), [*META_INIT_CASES, *META_VALIDATE_CASES])
def test_meta_arguments(tmp_path: Path, block: str, said: str | None) -> None:
    write_tree(tmp_path, {"main.tf": META_PRELUDE + block + "\n", "child/main.tf": META_CHILD})
    settings = Settings(select=["core.invalid-depends-on", "core.count-and-for-each"])
    found = analyze(tmp_path, settings=settings).findings
    assert [f.message.split(":")[0] for f in found] == ([said] if said else [])


@pytest.mark.parametrize(("argument", "said"), INDEX_CASES)
def test_indexes(tmp_path: Path, argument: str, said: str | None) -> None:
    found = run_rule(tmp_path, "core.invalid-index", index_configuration(argument))
    assert [f.message.split(":")[0] for f in found] == ([said] if said else [])


REGISTRY_CALL = """
variable "services" {
  type    = list(object({ name = string }))
  default = [{ name = "a" }]
}

module "ecs" {
  source  = "terraform-aws-modules/ecs/aws"
  version = "~> 5.0"
  name    = "demo"
  %s
}
"""
DYNAMIC_IN_CALL = """
  dynamic "service" {
    for_each = var.services
    content {
      name = service.value.name
    }
  }
"""


@pytest.mark.parametrize(
    ("body", "blocks"),
    [(DYNAMIC_IN_CALL, 1), ('tags = { Team = "web" }', 0)],
)
def test_a_registry_modules_call_takes_no_nested_block(
    tmp_path: Path, body: str, blocks: int
) -> None:
    found = run_rule(tmp_path, "core.unknown-module-argument", REGISTRY_CALL % body)
    assert [f.line for f in found] == ([12] if blocks else [])


def test_a_dynamic_blocks_iterator_in_a_module_call_is_no_undeclared_resource(
    tmp_path: Path,
) -> None:
    """terraform stops at the block (Unsupported block type) before reading its content."""
    assert run_rule(tmp_path, "core.undeclared-resource", REGISTRY_CALL % DYNAMIC_IN_CALL) == []


@pytest.mark.parametrize(
    ("label", "fires"),
    [("aws_core_provider", True), ("Aws", True), ("-aws", True), ("aws", False), ("my-aws", False)],
)
def test_a_provider_blocks_label_is_a_local_name(tmp_path: Path, label: str, fires: bool) -> None:
    found = run_rule(tmp_path, "core.invalid-required-provider", f'provider "{label}" {{\n}}\n')
    assert bool(found) is fires


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (
            "lifecycle {\n    create_before_destroy = true\n  }",
            "Reserved block type name in module block",
        ),
        ('provisioner "local-exec" {\n    command = "echo"\n  }', "Unsupported block type"),
        # no dynamic blocks in a module call, even one that writes none
        ('dynamic "x" {\n    for_each = []\n    content {}\n  }', "Unsupported block type"),
    ],
)
def test_nested_blocks_of_a_module_call_in_terraforms_words(
    tmp_path: Path, body: str, said: str | None
) -> None:
    found = run_rule(tmp_path, "core.unknown-module-argument", REGISTRY_CALL % body)
    assert [f.message.split(":")[0] for f in found] == ([said] if said else [])


def test_a_missing_modules_message_names_its_code_not_its_call(tmp_path: Path) -> None:
    markdown = (
        "**vpc module:**\n\n```hcl\n"
        'module "vpc" {\n  source = "./modules/vpc"\n}\n```\n\n'
        "**The network (vpc) code:**\n\n```hcl\n"
        'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n```\n'
    )
    (tmp_path / "answer.md").write_text(markdown)
    settings = Settings(select=["core.missing-module"])
    (finding,) = analyze(tmp_path / "answer.md", settings=settings).findings
    assert "(main_2.tf, response line 12)" in finding.message
    assert "main.tf, response line 3" not in finding.message
