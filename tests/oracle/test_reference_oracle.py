"""core.invalid-reference and core.backend-variable against the real terraform.

The reference cases go through one batch of `terraform validate`
(tests/oracle/validate_harness.py): each case's core findings must give exactly
terraform's keys (rule and line). The backend cases are the settings of one `backend
"s3"` block: `terraform init` (with the backend, which `validate` skips) must reject
exactly the lines tfjudge reports.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.oracle.oracle import backend_init_diagnostics, require_oracle
from tests.oracle.validate_harness import (
    Case,
    terraform_keys,
    tfjudge_findings,
    tfjudge_keys,
    validate_cases,
)
from tfjudge.analysis import Settings, analyze

REFERENCE_CASES: dict[str, dict[str, str]] = {
    "placeholders": {
        "main.tf": """
variable "environment" {
  type    = string
  default = "dev"
}

resource "terraform_data" "script" {
  input = <<-EOT
    #!/bin/bash
    echo "ENV=${environment}" >> /etc/app.env
    echo "HOME=${HOME}"
    echo "kept=$${ESCAPED} %%{not a directive}"
    echo "${var.environment}"
    %{ for name in ["a", "b"] ~}
    echo ${name}
    %{ endfor ~}
  EOT
}

output "region" {
  value = "${region}-x"
}
""",
    },
    "roots": {
        "main.tf": """
locals {
  a = count
  b = var
  c = upper(unknown_name)
  d = [for item in [1, 2] : item * 2]
  e = { for k, v in { x = 1 } : k => v }
  f = [for item in [1] : other]
}
""",
    },
    "iteration": {
        "child/main.tf": """
variable "name" {
  type = string
}

output "id" {
  value = var.name
}
""",
        "main.tf": """
resource "terraform_data" "counted" {
  count = 2
  input = "n-${count.index}"
}

resource "terraform_data" "mapped" {
  for_each = toset(["a", "b"])
  input    = "${each.key}-${each.value}"
}

resource "terraform_data" "plain" {
  input = "x-${count.index}"
}

resource "terraform_data" "plain_each" {
  input = { name = each.key }
}

resource "terraform_data" "wrong_attributes" {
  for_each = toset(["a"])
  input    = each.name
}

resource "terraform_data" "wrong_count" {
  count = 1
  input = count.value
}

module "per_key" {
  source   = "./child"
  for_each = toset(["a"])
  name     = each.key
}

locals {
  names = [for k, m in module.per_key : m.id]
  bad   = "${each.value}"
}

output "first" {
  value = count.index
}
""",
    },
    "self": {
        "main.tf": """
resource "terraform_data" "with_provisioner" {
  input = "x"

  provisioner "local-exec" {
    command = "echo ${self.id}"
  }

  lifecycle {
    postcondition {
      condition     = self.input == "x"
      error_message = "unexpected"
    }
  }
}

resource "terraform_data" "wrong" {
  input = self.id
}
""",
    },
    "module_outputs": {
        "modules/network/main.tf": """
variable "cidr" {
  type = string
}

output "vpc_cidr" {
  value = var.cidr
}

output "name" {
  value = "network"
}
""",
        "main.tf": """
module "network" {
  source = "./modules/network"
  cidr   = "10.0.0.0/16"
}

module "counted" {
  source = "./modules/network"
  count  = 1
  cidr   = "10.1.0.0/16"
}

output "cidr" {
  value = module.network.vpc_cidr
}

output "vpc_id" {
  value = module.network.vpc_id
}

output "counted_subnets" {
  value = module.counted[0].private_subnet_ids
}

output "counted_name" {
  value = module.counted[0].name
}

output "caught_by_try" {
  value = try(module.network.subnet_ids, [])
}

output "caught_by_can" {
  value = can(module.counted[0].subnet_ids) ? "yes" : "no"
}

output "not_caught" {
  value = [try(module.network.vpc_cidr, null), module.network.zone]
}
""",
    },
    "dynamic_iterators": {
        "main.tf": """
variable "rules" {
  type = list(object({
    port  = number
    cidrs = optional(list(string), ["10.0.0.0/8"])
  }))
  default = [{ port = 443 }]
}

resource "aws_security_group" "web" {
  name = "web"

  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ingress.value.cidrs
    }
  }

  dynamic "egress" {
    for_each = var.rules
    iterator = rule
    content {
      from_port   = rule.value.port
      to_port     = rule.value.port
      protocol    = "tcp"
      cidr_blocks = rule.value.cidrs
    }
  }
}
""",
    },
}


@pytest.mark.oracle
def test_invalid_references_agree_with_terraform_validate(tmp_path: Path) -> None:
    require_oracle()
    cases = {
        f"case{index:03d}": (origin, Case(f"case{index:03d}", files))
        for index, (origin, files) in enumerate(sorted(REFERENCE_CASES.items()))
    }
    verdicts = validate_cases(tmp_path, [case for _, case in cases.values()])
    problems = []
    reported = 0
    for name, (origin, case) in cases.items():
        verdict = verdicts[name]
        theirs = terraform_keys(case, verdict)
        ours = tfjudge_keys(case, tfjudge_findings(case))
        reported += sum(1 for rule, _ in theirs if rule == "core.invalid-reference")
        if theirs != ours:
            problems.append(
                f"{origin} ({verdict.phase}): terraform only {sorted(theirs - ours)}; "
                f"tfjudge only {sorted(ours - theirs)}"
            )
    assert not problems, "\n".join(problems)
    assert reported >= 15, f"terraform reported only {reported} invalid references"


BACKEND = """terraform {
  backend "s3" {
    bucket               = "state-${var.suffix}"
    key                  = local.state_key
    region               = lower("US-EAST-1")
    dynamodb_table       = aws_dynamodb_table.locks.name
    encrypt              = true
    profile              = "${"de"}fault"
    workspace_key_prefix = [for p in ["env"] : p][0]
    kms_key_id           = data.aws_kms_key.state.arn
    acl                  = "${var.acl}-${var.suffix}"
    sse_customer_key     = path.module
    assume_role = {
      role_arn     = "arn:aws:iam::123456789012:role/${local.role}"
      session_name = format("init-%s", "x")
    }
  }
}

variable "suffix" {
  type    = string
  default = "dev"
}

variable "acl" {
  type    = string
  default = "private"
}

locals {
  state_key = "app/terraform.tfstate"
  role      = "deployer"
}
"""


@pytest.mark.oracle
def test_backend_settings_agree_with_terraform_init(tmp_path: Path) -> None:
    require_oracle()
    (tmp_path / "main.tf").write_text(BACKEND)
    theirs = {d.line for d in backend_init_diagnostics(tmp_path) if d.summary.endswith("allowed")}
    analysis = analyze(tmp_path / "main.tf", settings=Settings(select=["core.backend-variable"]))
    ours = {f.line for f in analysis.findings if f.rule == "core.backend-variable"}
    assert theirs == {3, 4, 5, 6, 10, 11, 12, 14, 15}
    assert ours == theirs
