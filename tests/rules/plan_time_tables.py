"""Cases of core.repetition-unknown-until-apply: `for_each` and `count` values whose keys
or number terraform plan knows, or knows only after apply, on a first deployment.

Each case is `(argument, expression, fires)`; `configuration()` puts every case in one
configuration as a `terraform_data` block, after a prelude that declares what they use,
so tfjudge and an offline `terraform plan` (tests/oracle/test_plan_time_oracle.py) judge
the same text.
"""

from __future__ import annotations

PRELUDE = """
variable "enabled" {
  type    = bool
  default = true
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "private" {
  count      = 2
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)
}

resource "aws_iam_policy" "read" {
  name   = "read"
  policy = "{}"
}

resource "aws_s3_bucket" "logs" {
  bucket = "tfjudge-plan-time-logs"
}

resource "aws_s3_bucket" "per_name" {
  for_each = toset(["a", "b"])
  bucket   = "tfjudge-plan-time-${each.key}"
}

data "aws_subnets" "in_vpc" {
  filter {
    name   = "vpc-id"
    values = [aws_vpc.main.id]
  }
}

data "aws_subnet" "each" {
  count = 2
  id    = aws_subnet.private[count.index].id
}

data "aws_iam_policy_document" "static" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::static/*"]
  }
}

locals {
  subnet_ids = aws_subnet.private[*].id
  policies   = { read = aws_iam_policy.read.arn }
  bucket     = aws_s3_bucket.logs
  each_subnet = data.aws_subnet.each[*].id
}

module "child" {
  source = "./child"
  queues = ["a", "b"]
}
"""

CHILD = """
variable "queues" {
  type = list(string)
}

resource "aws_sqs_queue" "this" {
  for_each = toset(var.queues)
  name     = each.key
}

output "ids" {
  value = [for queue in aws_sqs_queue.this : queue.id]
}

output "by_name" {
  value = { for name, queue in aws_sqs_queue.this : name => queue.arn }
}
"""

CASES: list[tuple[str, str, bool]] = [
    # sets of ids and ARNs of resources still to create
    ("for_each", "toset(aws_subnet.private[*].id)", True),
    ("for_each", "toset(aws_subnet.private.*.id)", True),
    ("for_each", "toset([aws_iam_policy.read.arn])", True),
    ("for_each", 'toset(["${aws_iam_policy.read.arn}/x"])', True),
    ("for_each", "toset(local.subnet_ids)", True),
    ("for_each", "toset([local.bucket.arn])", True),
    ("for_each", "toset(module.child.ids)", True),
    ("for_each", "toset([for s in aws_subnet.private : s.id])", True),
    # map keys from them
    ("for_each", "{ for s in aws_subnet.private : s.id => s }", True),
    ("for_each", "{ for id in aws_subnet.private[*].id : id => id }", True),
    ("for_each", '{ (aws_iam_policy.read.arn) = "x" }', True),
    ("for_each", 'merge({ a = "x" }, { for s in aws_subnet.private : s.id => "y" })', True),
    ("for_each", "zipmap(aws_subnet.private[*].id, aws_subnet.private[*].cidr_block)", True),
    # a data source read at apply: it refers to a resource
    ("for_each", "toset(data.aws_subnets.in_vpc.ids)", True),
    # known at plan: written values, static keys, instance keys, data read at plan
    ("for_each", "toset([aws_iam_policy.read.name])", False),
    ("for_each", "toset([local.bucket.bucket])", False),
    ("for_each", "{ read = aws_iam_policy.read.arn }", False),
    ("for_each", "local.policies", False),
    ("for_each", "{ for s in aws_subnet.private : s.cidr_block => s.id }", False),
    ("for_each", "{ for i, s in aws_subnet.private : i => s.id }", False),
    ("for_each", "zipmap(aws_subnet.private[*].cidr_block, aws_subnet.private[*].id)", False),
    ("for_each", "toset([for s in aws_subnet.private : s.cidr_block])", False),
    ("for_each", "aws_s3_bucket.per_name", False),
    ("for_each", "{ for k, b in aws_s3_bucket.per_name : k => b.arn }", False),
    ("for_each", "module.child.by_name", False),
    ("for_each", "toset([data.aws_iam_policy_document.static.json])", False),
    ("for_each", "var.enabled ? { read = aws_iam_policy.read.arn } : {}", False),
    # count
    ("count", "length(toset(aws_subnet.private[*].id))", True),
    ("count", 'aws_vpc.main.id != "" ? 1 : 0', True),
    ("count", "aws_iam_policy.read.arn == null ? 0 : 1", True),
    ("count", "length(data.aws_subnets.in_vpc.ids)", True),
    ("count", "length(compact([aws_s3_bucket.logs.arn]))", True),
    ("count", "length(aws_subnet.private)", False),
    ("count", "length(aws_subnet.private[*].id)", False),
    # a data source read at apply still has as many instances as its count says
    ("count", "length(data.aws_subnet.each[*].id)", False),
    ("count", "length(data.aws_subnet.each)", False),
    ("count", "length(local.each_subnet)", False),
    ("count", 'aws_vpc.main.cidr_block != "" ? 1 : 0', False),
    ("count", "var.enabled ? 1 : 0", False),
    ("count", "length(module.child.ids)", False),
    ("count", "length(local.policies)", False),
]


def configuration() -> tuple[str, dict[int, tuple[str, str, bool]]]:
    """The configuration's text, and each case by the line of its argument."""
    text = PRELUDE
    lines: dict[int, tuple[str, str, bool]] = {}
    for index, case in enumerate(CASES):
        argument, expression, _ = case
        lines[text.count("\n") + 2] = case
        text += f'resource "terraform_data" "case{index}" {{\n  {argument} = {expression}\n}}\n'
    return text, lines
