"""Modules as real repositories lay them out: registry modules, examples and wrappers that
call the module at the top (`source = "../.."`), modules called from many places. One row
per case (tflint style); each checks the findings of the whole directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.files import write_tree
from tfjudge.analysis import analyze
from tfjudge.schema.provider import ProviderSchema

POLICY_BACK_INTO_MODULE = """
module "bucket" {
  source = "%s"
  policy = data.aws_iam_policy_document.bucket.json
}

data "aws_iam_policy_document" "bucket" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${module.bucket.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
  }
}
"""

CHILD_OUTPUT_FROM_INPUT = """
variable "policy" {
  type = string
}

output "arn" {
  value = "arn:aws:s3:::${var.policy}"
}
"""

CHILD_OUTPUT_INDEPENDENT = """
variable "policy" {
  type = string
}

resource "aws_s3_bucket" "this" {
  bucket = "demo-bucket-7f3a"
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = var.policy
}

output "arn" {
  value = aws_s3_bucket.this.arn
}
"""


def _rules(root: Path) -> list[str]:
    return sorted(f.rule for f in analyze(root).findings if f.severity.value == "critical")


CYCLES = [
    ("a registry module's output passed back into it", "registry", {}, False),
    ("a module not in the answer", "./modules/missing", {}, False),
    (
        "a shown module whose output comes from that input",
        "./modules/bucket",
        {"modules/bucket/main.tf": CHILD_OUTPUT_FROM_INPUT},
        True,
    ),
    (
        "a shown module whose output does not depend on it",
        "./modules/bucket",
        {"modules/bucket/main.tf": CHILD_OUTPUT_INDEPENDENT},
        False,
    ),
]


@pytest.mark.parametrize(("case", "source", "child", "cycle"), CYCLES, ids=[c[0] for c in CYCLES])
def test_a_value_fed_back_into_a_module_is_a_cycle_only_through_what_the_module_shows(
    tmp_path: Path, case: str, source: str, child: dict[str, str], cycle: bool
) -> None:
    source = "terraform-aws-modules/s3-bucket/aws" if source == "registry" else source
    write_tree(tmp_path, {"main.tf": POLICY_BACK_INTO_MODULE % source, **child})
    assert ("core.dependency-cycle" in _rules(tmp_path)) == cycle


def test_examples_calling_the_module_at_the_top_are_their_own_root_modules(
    tmp_path: Path,
) -> None:
    """Two examples declare the same names and call the top module: each is its own root,
    the top module is theirs to call (no duplicate, no cycle)."""
    example = POLICY_BACK_INTO_MODULE % "../.."
    write_tree(
        tmp_path,
        {
            "main.tf": CHILD_OUTPUT_INDEPENDENT,
            "examples/one/main.tf": example,
            "examples/two/main.tf": example,
            "wrappers/main.tf": 'module "wrap" {\n  source = "../"\n  policy = "{}"\n}\n',
        },
    )
    analysis = analyze(tmp_path)
    modules = analysis.answer.configuration.modules
    assert {"", "examples/one", "examples/two", "wrappers"} <= set(modules)
    assert all(modules[d].is_root for d in ("examples/one", "examples/two", "wrappers"))
    assert len(modules[""].callers) == 3
    assert _rules(tmp_path) == []


LIBRARY = """
variable "name" {
  type    = string
  default = ""
}

resource "aws_iam_role" "this" {
  name               = coalesce(var.name, "*")
  assume_role_policy = "{}"
}
"""


def test_a_module_called_through_many_paths_is_walked_once_per_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twelve levels of modules, each calling the next from three places: the provider
    configurations a resource inherits are worked out per module, not per path (3^12)."""
    files = {}
    for level in range(12):
        here = f"modules/m{level}"
        calls = "".join(f'module "c{n}" {{\n  source = "../m{level + 1}"\n}}\n' for n in range(3))
        files[f"{here}/main.tf"] = calls if level < 11 else 'resource "aws_sqs_queue" "q" {}\n'
    files["main.tf"] = (
        'provider "aws" {\n  region = "us-east-1"\n}\n\n'
        'module "top" {\n  source = "./modules/m0"\n}\n'
    )
    write_tree(tmp_path, files)
    walked = 0
    original = ProviderSchema._default_configurations

    def counting(self: ProviderSchema, *arguments: object) -> object:
        nonlocal walked
        walked += 1
        return original(self, *arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(ProviderSchema, "_default_configurations", counting)
    analyze(tmp_path)
    assert 0 < walked <= 12 * 3 + 1


ALIAS_MODULE = """
variable "name" {
  type = string
}

resource "aws_sqs_queue" "this" {
  name = var.name
}

output "name" {
  value = aws_sqs_queue.this.name
}
"""

CHAINS = [
    (
        "one call's output feeds another call's input",
        'module "first" {\n  source = "./modules/queue"\n  name = "jobs"\n}\n'
        'module "second" {\n  source = "./modules/queue"\n  name = "${module.first.name}-dlq"\n}\n',
        False,
    ),
    (
        "a call's output feeds its own input",
        'module "first" {\n  source = "./modules/queue"\n  name = module.first.name\n}\n',
        True,
    ),
    (
        "two calls feed each other",
        'module "first" {\n  source = "./modules/queue"\n  name = module.second.name\n}\n'
        'module "second" {\n  source = "./modules/queue"\n  name = module.first.name\n}\n',
        True,
    ),
]


@pytest.mark.parametrize(("case", "root", "cycle"), CHAINS, ids=[c[0] for c in CHAINS])
def test_each_call_of_a_module_is_its_own_instance_in_the_graph(
    tmp_path: Path, case: str, root: str, cycle: bool
) -> None:
    write_tree(tmp_path, {"main.tf": root, "modules/queue/main.tf": ALIAS_MODULE})
    cycles = [f for f in analyze(tmp_path).findings if f.rule == "core.dependency-cycle"]
    assert bool(cycles) == cycle
    assert len(cycles) <= 1  # the same cycle is not reported once per instance


def test_a_module_with_too_many_places_to_tell_apart_is_opaque(tmp_path: Path) -> None:
    """70 calls of one module, each fed by the one before: beyond MAX_PATHS its instances
    are not told apart, and then no dependency through it is assumed (no false cycle)."""
    calls = ['module "q0" {\n  source = "./modules/queue"\n  name = "jobs"\n}\n']
    calls += [
        f'module "q{n}" {{\n  source = "./modules/queue"\n  name = "${{module.q{n - 1}.name}}-x"\n}}\n'
        for n in range(1, 70)
    ]
    write_tree(tmp_path, {"main.tf": "".join(calls), "modules/queue/main.tf": ALIAS_MODULE})
    assert "core.dependency-cycle" not in _rules(tmp_path)


EXAMPLE_PASSES_NAME = {
    "examples/basic/main.tf": 'module "m" {\n  source = "../.."\n  name = "app"\n}\n'
}
# (module at the top, rule): the rule fires when the top module is the root (its defaults
# are the values, its inputs have to be given), not when its examples call it
LIBRARY_CASES = [
    (LIBRARY, "aws.invalid-name"),  # coalesce(var.name, "*") with name = ""
    (ALIAS_MODULE, "ops.variable-without-default"),  # var.name has no default
]


@pytest.mark.parametrize(("module", "rule"), LIBRARY_CASES, ids=[c[1] for c in LIBRARY_CASES])
@pytest.mark.parametrize(("examples", "fires"), [({}, True), (EXAMPLE_PASSES_NAME, False)])
def test_a_module_its_examples_call_is_judged_with_the_values_they_pass(
    tmp_path: Path, module: str, rule: str, examples: dict[str, str], fires: bool
) -> None:
    write_tree(tmp_path, {"main.tf": module, **examples})
    assert (rule in {f.rule for f in analyze(tmp_path).findings}) == fires
