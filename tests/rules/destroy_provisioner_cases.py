"""Cases of core.destroy-provisioner-reference: `(the resource's body, terraform init
refuses it)`, each a `terraform_data` of one configuration (tests/rules/
test_destroy_provisioner.py; against terraform init in tests/oracle/
test_destroy_provisioner_oracle.py, which reports one error per argument)."""

from __future__ import annotations

PRELUDE = """
variable "host" {
  type    = string
  default = "10.0.0.1"
}

locals {
  message = "bye"
}
"""

CASES: list[tuple[str, bool]] = [
    (
        'provisioner "local-exec" {\n    when    = destroy\n    command = "echo ${local.message}"\n  }',
        True,
    ),
    (
        'provisioner "local-exec" {\n    when    = destroy\n    command = "echo ${var.host}"\n  }',
        True,
    ),
    (
        'provisioner "local-exec" {\n    when    = destroy\n    command = "echo ${self.id} ${path.module} ${terraform.workspace}"\n  }',
        False,
    ),
    (
        'provisioner "local-exec" {\n    when    = destroy\n    command = "echo ${join(",", [for c in ["a"] : c])}"\n  }',
        False,
    ),
    # a create-time provisioner may read anything
    ('provisioner "local-exec" {\n    command = "echo ${var.host}"\n  }', False),
    # the resource's connection serves its destroy provisioner too
    (
        'connection {\n    type = "ssh"\n    host = var.host\n  }\n  provisioner "remote-exec" {\n    when   = destroy\n    inline = ["echo bye"]\n  }',
        True,
    ),
    (
        'connection {\n    type = "ssh"\n    host = var.host\n  }\n  provisioner "remote-exec" {\n    inline = ["echo hi"]\n  }',
        False,
    ),
]


def configuration() -> tuple[str, dict[int, tuple[str, bool]]]:
    """The configuration's text and each case by the line of its offending argument."""
    text = PRELUDE
    lines: dict[int, tuple[str, bool]] = {}
    for index, case in enumerate(CASES):
        body = case[0]
        start = text.count("\n") + 2
        offending = next(
            (n for n, line in enumerate(body.split("\n")) if "var." in line or "local." in line),
            0,
        )
        lines[start + offending] = case
        text += f'resource "terraform_data" "case{index}" {{\n  {body}\n}}\n'
    return text, lines
