"""core.sensitive-output against `terraform validate`: outputs of sensitive variables.

validate marks what comes from a variable declared sensitive, through locals, templates,
functions, conditions, `for` filters and child module outputs, and refuses a root output
that shows such a value without `sensitive = true`. One configuration holds many outputs;
the lines terraform rejects must be the lines the rule reports. (Provider attributes
marked sensitive are refused only at plan, which needs an AWS account: they are covered by
the rule's fixtures and table tests.)
"""

from __future__ import annotations

from pathlib import Path

from tests.oracle.oracle import plan_diagnostics, validate_diagnostics
from tfjudge.analysis import Settings, analyze

MAIN = """
variable "password" {
  type      = string
  sensitive = true
}

variable "name" {
  type = string
}

locals {
  url   = "postgres://app:${var.password}@db:5432"
  again = local.url
  plain = upper(var.name)
  cfg   = { pass = var.password, user = var.name, nested = { pass = var.password, port = 5432 } }
}

module "child" {
  source   = "./child"
  password = var.password
}
"""
OUTPUTS = {
    "direct": ("var.password", True),
    "template": ('"${var.password}-x"', True),
    "through_locals": ("local.again", True),
    "function": ("length(var.password)", True),
    "condition": ('var.password != "" ? "yes" : "no"', True),
    "for_filter": ('[for c in ["a"] : c if var.password != ""]', True),
    "object": ("{ user = var.name, pass = var.password }", True),
    "child_output": ("module.child.secret", None),  # refused at plan; validate has no marks
    "child_plain": ("module.child.plain", False),
    "unwrapped": ("nonsensitive(var.password)", False),
    "plain": ("local.plain", False),
    # an object's attribute carries only its own mark
    "object_secret": ("local.cfg.pass", True),
    "object_plain": ("local.cfg.user", False),
    "object_nested_plain": ("local.cfg.nested.port", False),
    "object_nested_secret": ("local.cfg.nested", True),
    "object_whole": ("local.cfg", True),
    "marked": ("var.password", False),  # sensitive = true on the output
}
CHILD = """
variable "password" {
  type = string
}

output "secret" {
  value     = var.password
  sensitive = true
}

output "plain" {
  value = "static"
}
"""


def test_sensitive_variable_outputs_match_terraform_validate(tmp_path: Path) -> None:
    root = tmp_path / "config"
    (root / "child").mkdir(parents=True)
    (root / "child" / "main.tf").write_text(CHILD, encoding="utf-8")
    blocks = []
    for name, (value, _) in OUTPUTS.items():
        marked = "\n  sensitive = true" if name == "marked" else ""
        blocks.append(f'output "{name}" {{\n  value = {value}{marked}\n}}\n')
    (root / "main.tf").write_text(MAIN + "\n" + "\n".join(blocks), encoding="utf-8")
    lines = (root / "main.tf").read_text().split("\n")
    line_of = {
        name: next(i for i, text in enumerate(lines, 1) if text == f'output "{name}" {{')
        for name in OUTPUTS
    }
    rejected = {
        d["range"]["start"]["line"]
        for d in validate_diagnostics(root)
        if d["summary"] == "Output refers to sensitive values"
    }
    expected = {line_of[name] for name, (_, refused) in OUTPUTS.items() if refused}
    assert rejected == expected, "terraform does not reject what this test expects"
    compared = {line_of[name] for name, (_, refused) in OUTPUTS.items() if refused is not None}
    analysis = analyze(root, settings=Settings(select=["core.sensitive-output"]))
    reported = {f.line for f in analysis.findings if f.file == "main.tf"}
    assert reported & compared == expected
    assert line_of["child_output"] in reported  # a child's sensitive output is refused at plan


PLANNED = """
variable "password" {
  type      = string
  sensitive = true
  default   = "secret-pw"
}

locals {
  cfg = { password = var.password, engine = "postgres" }
}

module "secret" {
  source = "./child"
  token  = { value = var.password }
}

module "public" {
  source = "./child"
  token  = { value = "public" }
}
"""
PLANNED_CHILD = """
variable "token" {
  type    = any
  default = {}
}

output "out" {
  value = try(var.token.value, "none")
}
"""
PLANNED_OUTPUTS = {
    "own_call_secret": ("module.secret.out", True),
    "own_call_public": ("module.public.out", False),  # same module, another call's value
    "missing_attribute": ('try(local.cfg.missing, "none")', False),
    "present_attribute": ('try(local.cfg.password, "none")', True),
}


def test_module_calls_and_try_fallbacks_match_terraform_plan(tmp_path: Path) -> None:
    """What a module's variable holds depends on the call: plan refuses only the output of
    the call that passes the sensitive value; a try() that falls back carries no mark."""
    root = tmp_path / "config"
    (root / "child").mkdir(parents=True)
    (root / "child" / "main.tf").write_text(PLANNED_CHILD, encoding="utf-8")
    blocks = [
        f'output "{name}" {{\n  value = {v}\n}}\n' for name, (v, _) in PLANNED_OUTPUTS.items()
    ]
    (root / "main.tf").write_text(PLANNED + "\n" + "\n".join(blocks), encoding="utf-8")
    lines = (root / "main.tf").read_text().split("\n")
    line_of = {
        name: next(i for i, text in enumerate(lines, 1) if text == f'output "{name}" {{')
        for name in PLANNED_OUTPUTS
    }
    analysis = analyze(root, settings=Settings(select=["core.sensitive-output"]))
    reported = {f.line for f in analysis.findings if f.file == "main.tf"}
    rejected = {
        d["range"]["start"]["line"]
        for d in plan_diagnostics(root)
        if d["summary"] == "Output refers to sensitive values"
    }
    expected = {line_of[name] for name, (_, refused) in PLANNED_OUTPUTS.items() if refused}
    assert rejected == expected, "terraform does not reject what this test expects"
    assert reported == expected
