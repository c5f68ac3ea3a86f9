"""Cases of core.invalid-for-each on `dynamic` blocks: `(for_each expression, terraform
validate fails on it)`, each the `dynamic "ingress"` of its own security group in one
configuration (tests/rules/test_dynamic_for_each.py; against terraform validate in
tests/oracle/test_dynamic_for_each_oracle.py)."""

from __future__ import annotations

PRELUDE = """
variable "enabled" {
  type    = bool
  default = true
}

variable "ports" {
  type    = list(number)
  default = [80, 443]
}

variable "optional_rules" {
  type    = any
  default = null
}
"""

CASES: list[tuple[str, bool]] = [
    ("var.enabled ? 1 : 0", True),
    ("1", True),
    ("true", True),
    ('"80,443"', True),
    ("var.enabled ? [1] : []", False),
    ("var.ports", False),
    ("{ web = 80 }", False),
    ("toset(var.ports)", False),
    ("range(2)", False),
    # an optional input a module's callers fill in: null only by its default
    ("var.optional_rules", False),
]


def configuration() -> tuple[str, dict[int, tuple[str, bool]]]:
    """The configuration's text and each case by the line of its for_each."""
    text = PRELUDE
    lines: dict[int, tuple[str, bool]] = {}
    for index, case in enumerate(CASES):
        lines[text.count("\n") + 4] = case
        text += (
            f'resource "aws_security_group" "case{index}" {{\n  name = "case{index}"\n'
            f'  dynamic "ingress" {{\n    for_each = {case[0]}\n    content {{\n'
            '      from_port   = 80\n      to_port     = 80\n      protocol    = "tcp"\n'
            '      cidr_blocks = ["10.0.0.0/8"]\n    }\n  }\n}\n'
        )
    return text, lines
