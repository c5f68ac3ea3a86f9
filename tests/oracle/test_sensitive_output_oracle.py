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

from tests.oracle.oracle import validate_diagnostics
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
