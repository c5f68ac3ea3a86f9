"""Cases of a conditional's result type: HCL converts the chosen branch to the type both
branches unify to, the other branch's declared type included when its value is null (an
optional attribute of a typed variable) or `toset()` of such a null. One configuration
whose `for_each` lines marked `# fails` are those terraform plan refuses (a set of numbers,
a tuple) and no other (tests/oracle/test_conditional_type_oracle.py plans it offline)."""

from __future__ import annotations

from tests.files import marked_lines

MAIN = """
variable "pool" {
  type = object({
    cidr           = optional(list(string))
    numbers        = optional(list(number))
    netmask_length = optional(number)
    principals     = optional(list(string))
  })
  default = { netmask_length = 24 }
}

locals {
  share = try(length(var.pool.principals), 0) > 0
}

resource "terraform_data" "unified_to_strings" {
  for_each = toset(var.pool.cidr == null ? [var.pool.netmask_length] : var.pool.cidr)
  input    = each.key
}

resource "terraform_data" "set_of_a_typed_null" {
  for_each = local.share ? toset(var.pool.principals) : []
  input    = each.key
}

resource "terraform_data" "unified_to_numbers" {
  for_each = toset(var.pool.cidr == null ? [var.pool.netmask_length] : var.pool.numbers) # fails
  input    = each.key
}

resource "terraform_data" "untyped_null" {
  for_each = toset(var.pool.cidr == null ? [var.pool.netmask_length] : null) # fails
  input    = each.key
}

resource "terraform_data" "no_conditional" {
  for_each = toset([var.pool.netmask_length]) # fails
  input    = each.key
}

resource "terraform_data" "set_and_empty_tuple" {
  for_each = local.share ? toset(["a"]) : []
  input    = each.key
}
"""


def failing_lines() -> list[int]:
    return marked_lines(MAIN, "# fails")
