"""Cases of core.variable-validation-refused: (files, the findings as (file, line,
severity)). Every case is a whole configuration that terraform plan can judge offline
(tests/oracle/test_validation_oracle.py): it fails with "Invalid value for variable"
exactly when a finding is expected."""

from __future__ import annotations

ENVIRONMENT = """
variable "environment" {
  type    = string
  default = "%s"

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment must be dev or prod."
  }
}
"""

SUBNETS = """
variable "use_private" {
  type    = bool
  default = %s
}

variable "subnets" {
  type    = list(string)
  default = []

  validation {
    condition     = var.use_private ? length(var.subnets) == 2 : true
    error_message = "Two subnets are needed for private endpoints."
  }
}
"""

CHILD = """
variable "name" {
  type = string

  validation {
    condition     = !startswith(var.name, "aws-")
    error_message = "A name may not begin with aws-."
  }
}

resource "terraform_data" "named" {
  input = var.name
}
"""

CASES: list[tuple[dict[str, str], list[tuple[str, int, str]]]] = [
    # a root default its validation refuses: plan stops unless the user gives another
    ({"main.tf": ENVIRONMENT % "Production"}, [("main.tf", 4, "medium")]),
    ({"main.tf": ENVIRONMENT % "prod"}, []),
    # a values file terraform loads by itself fixes the value
    (
        {"main.tf": ENVIRONMENT % "prod", "terraform.tfvars": 'environment = "staging"\n'},
        [("terraform.tfvars", 1, "critical")],
    ),
    # a condition that reads another variable
    ({"main.tf": SUBNETS % "true"}, [("main.tf", 9, "medium")]),
    ({"main.tf": SUBNETS % "false"}, []),
    # a module call's literal argument
    (
        {
            "main.tf": 'module "app" {\n  source = "./child"\n  name   = "aws-app"\n}\n',
            "child/main.tf": CHILD,
        },
        [("main.tf", 3, "critical")],
    ),
    (
        {
            "main.tf": 'module "app" {\n  source = "./child"\n  name   = "app"\n}\n',
            "child/main.tf": CHILD,
        },
        [],
    ),
    # a module no call creates is not judged with values it would not get
    (
        {
            "main.tf": 'module "app" {\n  source = "./child"\n  count  = 0\n  name   = "app"\n}\n',
            "child/main.tf": CHILD.replace(
                "type = string", 'type    = string\n  default = "aws-x"'
            ),
        },
        [],
    ),
]
