"""core.sensitive-output: one row per way a sensitive value reaches a root output."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.files import write_tree
from tests.rules.aws.helpers import run_rule
from tfjudge.analysis import Settings, analyze

RULE = "core.sensitive-output"

BASE = """
variable "password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "db" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "app"
  password          = var.password
}

resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}
"""


@pytest.mark.parametrize(
    ("output", "fires"),
    [
        ("value = aws_iam_access_key.ci.secret", True),
        ("value = aws_db_instance.db.password", True),
        ('value = "${aws_db_instance.db.username}:${aws_db_instance.db.password}"', True),
        ("value = var.password\n  sensitive = false", True),
        ("value = aws_iam_access_key.ci.id", False),
        ("value = aws_db_instance.db.endpoint", False),
        ("value = aws_iam_access_key.ci.secret\n  sensitive = true", False),
        ("value = nonsensitive(aws_iam_access_key.ci.secret)", False),
        ("value = aws_iam_access_key.ci", False),  # a whole object is not judged
    ],
)
def test_output_value(tmp_path: Path, output: str, fires: bool) -> None:
    found = run_rule(tmp_path, RULE, BASE + f'\noutput "o" {{\n  {output}\n}}\n')
    assert bool(found) is fires, [f.message for f in found]


@pytest.mark.parametrize(
    ("read", "fires"),
    [
        ("local.cfg.password", True),
        ("local.cfg", True),
        ("local.cfg.engine", False),
        ("local.cfg.limits.port", False),
        ("local.cfg.limits", False),
        # an attribute the object lacks: terraform stops on that (or try() falls back)
        ("local.cfg.missing", False),
        ('try(local.cfg.missing, "none")', False),
        ("module.child.settings.region", False),
        ("module.child.settings.token", True),
    ],
)
def test_an_attribute_of_an_object_carries_only_its_own_mark(
    tmp_path: Path, read: str, fires: bool
) -> None:
    child = (
        'variable "token" {\n  type      = string\n  default   = "t"\n  sensitive = true\n}\n\n'
        'output "settings" {\n  value = { region = "eu-west-1", token = var.token }\n}\n'
    )
    main = (
        BASE
        + 'module "child" {\n  source = "./child"\n}\n\n'
        + 'locals {\n  cfg = {\n    password = var.password\n    engine   = "postgres"\n'
        + "    limits   = { port = 5432 }\n  }\n}\n\n"
        + f'output "o" {{\n  value = {read}\n}}\n'
    )
    write_tree(tmp_path, {"main.tf": main, "child/main.tf": child})
    found = analyze(tmp_path, settings=Settings(select=[RULE])).findings
    assert bool(found) is fires, [f.message for f in found]


def test_child_module_outputs_are_not_root_outputs(tmp_path: Path) -> None:
    child = BASE + '\noutput "secret" {\n  value = aws_iam_access_key.ci.secret\n}\n'
    write_tree(
        tmp_path,
        {
            "main.tf": 'module "child" {\n  source = "./modules/child"\n}\n',
            "modules/child/main.tf": child,
        },
    )
    analysis = analyze(tmp_path, settings=Settings(select=[RULE]))
    assert analysis.findings == []


def test_many_locals_over_one_sensitive_value_are_judged_once_each(tmp_path: Path) -> None:
    # 30 levels of two locals each over the level below: without memory, 2**30 walks
    levels = ["l0a = var.password", "l0b = var.password"]
    for n in range(1, 30):
        levels += [f'l{n}a = "${{local.l{n - 1}a}}${{local.l{n - 1}b}}"']
        levels += [f'l{n}b = "${{local.l{n - 1}b}}${{local.l{n - 1}a}}"']
    locals_block = "locals {\n  " + "\n  ".join(levels) + "\n}\n"
    output = 'output "o" {\n  value = local.l29a\n}\n'
    found = run_rule(tmp_path, RULE, BASE + locals_block + output)
    assert [f.address for f in found] == ["output.o"]


@pytest.mark.parametrize(
    ("child_output", "fires"),
    [
        # the value carries the mark out of the module, declared or not in the child
        ("  sensitive = true\n  value     = var.token\n", True),
        # declaring a literal sensitive adds no mark (terraform plan accepts the root output)
        ('  sensitive = true\n  value     = { a = "x" }\n', False),
        ('  value = "public"\n', False),
    ],
)
def test_a_module_output_is_sensitive_by_its_value(
    tmp_path: Path, child_output: str, fires: bool
) -> None:
    child = (
        'variable "token" {\n  type      = string\n  default   = "t"\n  sensitive = true\n}\n\n'
        f'output "out" {{\n{child_output}}}\n'
    )
    write_tree(
        tmp_path,
        {
            "main.tf": 'module "child" {\n  source = "./child"\n}\n\n'
            'output "o" {\n  value = module.child.out\n}\n',
            "child/main.tf": child,
        },
    )
    assert bool(analyze(tmp_path, settings=Settings(select=[RULE])).findings) is fires


TOKEN_CHILD = """
variable "token" {
  type    = any
  default = {}
}

output "out" {
  value = try(var.token.value, "none")
}
"""


@pytest.mark.parametrize(
    ("read", "fires"),
    [
        ("module.secret.out", True),  # the call that passes the sensitive value
        ("module.public.out", False),  # another call of the same module passes none
    ],
)
def test_a_module_variable_holds_what_its_own_call_passes(
    tmp_path: Path, read: str, fires: bool
) -> None:
    main = (
        BASE
        + 'module "secret" {\n  source = "./child"\n  token  = { value = var.password }\n}\n\n'
        + 'module "public" {\n  source = "./child"\n  token  = { value = "public" }\n}\n\n'
        + f'output "o" {{\n  value = {read}\n}}\n'
    )
    write_tree(tmp_path, {"main.tf": main, "child/main.tf": TOKEN_CHILD})
    found = analyze(tmp_path, settings=Settings(select=[RULE])).findings
    assert bool(found) is fires, [f.message for f in found]


def test_a_root_that_an_example_calls_takes_its_variables_from_its_own_inputs(
    tmp_path: Path,
) -> None:
    """A module repository's top is judged as a root: what its example passes it is the
    example's business (terraform checks only root outputs, and the example's are fine)."""
    example = BASE + 'module "top" {\n  source = "../.."\n  token  = { value = var.password }\n}\n'
    write_tree(tmp_path, {"main.tf": TOKEN_CHILD, "examples/complete/main.tf": example})
    assert analyze(tmp_path, settings=Settings(select=[RULE])).findings == []
