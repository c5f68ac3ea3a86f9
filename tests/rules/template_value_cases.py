"""Cases of core.invalid-template-value: one configuration whose lines marked `# fails`
are the interpolations terraform plan refuses ("Invalid template interpolation value")
and no other (tests/oracle/test_template_value_oracle.py plans it offline)."""

from __future__ import annotations

from tests.files import marked_lines

MAIN = """
variable "packages" {
  type    = list(string)
  default = ["nginx", "git"]
}

variable "labels" {
  type    = map(string)
  default = { team = "web" }
}

variable "suffix" {
  type    = string
  default = null
}

variable "port" {
  type    = number
  default = 8080
}

locals {
  listed      = "apt-get install -y ${var.packages}" # fails
  mapped      = "labels: ${var.labels}" # fails
  nothing     = "app-${var.suffix}" # fails
  joined      = "apt-get install -y ${join(" ", var.packages)}"
  encoded     = "labels: ${jsonencode(var.labels)}"
  number      = "port ${var.port}"
  flag        = "enabled ${true}"
  caught      = try("x-${var.packages}", "x")
  guarded     = var.suffix == null ? "app" : "app-${var.suffix}"
  element     = "first ${var.packages[0]}"
  directive   = "%{for p in var.packages}${p} %{endfor}"
  alone       = "${var.packages}"
  nested      = "outer-${"inner-${var.packages}"}" # fails
}

resource "aws_instance" "web" {
  ami           = "ami-0c02fb55956c7d316"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/bash
    apt-get install -y ${var.packages}
  EOT
  tags = {
    Name = "web-${var.labels}" # fails
  }
}

output "summary" {
  value = "${local.joined} ${local.number} ${local.encoded}"
}
"""


def failing_lines() -> list[int]:
    """The lines marked `# fails`, and the heredoc line that interpolates the list."""
    lines = MAIN.split("\n")
    marked = marked_lines(MAIN, "# fails")
    heredoc = [
        n for n, text in enumerate(lines, 1) if text.strip().startswith("apt-get install -y ${")
    ]
    return sorted(marked + heredoc)
