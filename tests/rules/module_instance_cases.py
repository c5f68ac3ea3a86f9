"""Reads of a module call's outputs with and without an instance key: `(expression, an
error expected)`, each an output of one configuration (tests/rules/test_module_instances.py
and, against terraform plan, tests/oracle/test_module_instance_oracle.py)."""

from __future__ import annotations

PRELUDE = """
module "counted" {
  source = "./child"
  count  = 2
}

module "keyed" {
  source   = "./child"
  for_each = toset(["a", "b"])
}

module "single" {
  source = "./child"
}
"""

CHILD = 'output "out" {\n  value = "x"\n}\n'

# depends_on only orders the graph: its references are never evaluated, keyed or not
ORDERED = """
resource "terraform_data" "after" {
  depends_on = [module.counted.out, module.keyed.out]
}
"""

CASES: list[tuple[str, bool]] = [
    ("module.counted.out", True),
    ("module.counted[0].out", False),
    ("module.counted[*].out", False),
    ("length(module.counted)", False),
    ("try(module.counted.out, null)", False),
    ("module.keyed.out", True),
    ('module.keyed["a"].out', False),
    ("module.keyed.a.out", False),
    ("values(module.keyed)[*].out", False),
    ("module.single.out", False),
]


def configuration() -> tuple[str, dict[int, tuple[str, bool]]]:
    """The root module's text (with ORDERED, which holds no error), and each case by its
    line."""
    text = PRELUDE + ORDERED
    lines: dict[int, tuple[str, bool]] = {}
    for index, case in enumerate(CASES):
        lines[text.count("\n") + 2] = case
        text += f'output "case{index}" {{\n  value = {case[0]}\n}}\n'
    return text, lines
