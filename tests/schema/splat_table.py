"""Splats of typed variables, as `terraform validate` types them: a list of what the
variable's declared type holds after the splat. Each row: an argument of an
`aws_instance` and validate's detail (None when it accepts it); checked against terraform
by tests/oracle/test_splat_oracle.py."""

from __future__ import annotations

VARIABLES = """
variable "rules" {
  type = list(object({
    cidr_blocks = list(string)
    port        = number
    nested      = object({ name = string })
    tags        = map(string)
  }))
  default = []
}

variable "set_rules" {
  type    = set(object({ groups = set(string) }))
  default = []
}

variable "names" {
  type    = list(string)
  default = []
}

variable "anything" {
  type    = any
  default = []
}

variable "untyped" {
  default = []
}
"""

SPLAT_CASES: list[tuple[str, str | None]] = [
    ("security_groups = var.rules[*].cidr_blocks", "incorrect set element type: string required"),
    ("security_groups = var.set_rules[*].groups", "incorrect set element type: string required"),
    ("security_groups = var.rules[*].nested", "incorrect set element type: string required"),
    ("ipv6_addresses = var.rules.*.cidr_blocks", "incorrect list element type: string required"),
    ("tags = var.rules[*].tags", "map of string required"),
    ("user_data = var.rules[*].port", "string required"),
    ("vpc_security_group_ids = var.rules[*].nested.name", None),
    ("vpc_security_group_ids = var.rules[*].port", None),
    ("security_groups = var.names[*]", None),
    ("security_groups = var.anything[*].cidr_blocks", None),
    ("security_groups = var.untyped[*].cidr_blocks", None),
    ("security_groups = flatten(var.rules[*].cidr_blocks)", None),
    # an index after an attribute-only splat takes an element of the result; after a full
    # splat it indexes each element
    ("user_data = var.rules.*.port[0]", None),
    ("user_data = var.rules.*.cidr_blocks[0]", "string required"),
    ("user_data = var.rules[*].cidr_blocks[0]", "string required"),
    ("vpc_security_group_ids = var.rules.*.cidr_blocks[0]", None),
    ("vpc_security_group_ids = var.rules[*].cidr_blocks[0]", None),
    ("user_data = aws_instance.c0.*.id[0]", None),
]


def splat_configuration() -> str:
    """Every case in one configuration, one instance each (the case's index is its name)."""
    instances = [
        f'resource "aws_instance" "c{index}" {{\n  ami           = "ami-12345678"\n'
        f'  instance_type = "t3.micro"\n  {argument}\n}}\n'
        for index, (argument, _) in enumerate(SPLAT_CASES)
    ]
    return VARIABLES + "\n" + "\n".join(instances)
