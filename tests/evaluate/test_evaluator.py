"""The Evaluator fact on whole configurations: variables, locals, instances, modules."""

from __future__ import annotations

import pytest

from tests.evaluate.helpers import block, evaluator
from tfjudge.evaluate import UNKNOWN, PartialString, is_wholly_known

CONFIG = {
    "main.tf": """
variable "app" {
  type    = string
  default = "shop"
}
variable "envs" {
  type    = set(string)
  default = ["prod", "dev", "dev"]
}
variable "sizes" {
  type    = map(number)
  default = { small = 1, big = "4" }
}
variable "settings" {
  type = object({
    name    = string
    retries = optional(number, 3)
    tags    = optional(map(string))
  })
  default = { name = "x" }
}
variable "required" {}
locals {
  prefix = "${var.app}-${terraform.workspace}"
  tags   = merge({ App = var.app }, { Env = "x" })
  long   = "${local.prefix}-${random_id.x.hex}-target-group"
  loop_a = local.loop_b
  loop_b = local.loop_a
  itself = local.itself
  count  = length(var.envs)
}
resource "random_id" "x" {
  byte_length = 4
}
resource "aws_s3_bucket" "logs" {
  for_each = var.envs
  bucket   = "${local.prefix}-logs-${each.key}"
  tags     = local.tags
}
resource "aws_s3_bucket_policy" "p" {
  for_each = aws_s3_bucket.logs
  bucket   = each.value.bucket
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = "${aws_s3_bucket.logs[each.key].arn}/*"
    }]
  })
}
resource "aws_lb_target_group" "tg" {
  count = local.count
  name  = "${local.prefix}-tg-${count.index}"
  health_check {
    path = "/health/${count.index}"
  }
}
resource "aws_instance" "unknown" {
  count = length(data.aws_availability_zones.az.names)
  ami   = "ami-${count.index}"
}
data "aws_availability_zones" "az" {}
module "net" {
  source = "./modules/net"
  cidr   = cidrsubnet("10.0.0.0/16", 4, 1)
  name   = local.prefix
}
module "per_env" {
  source   = "./modules/net"
  for_each = var.envs
  cidr     = "10.1.0.0/16"
  name     = each.key
}
output "vpc" {
  value = module.net.vpc_name
}
output "per_env" {
  value = module.per_env["dev"].vpc_name
}
""",
    "terraform.tfvars": 'app = "store"\n',
    "b.auto.tfvars": "sizes = { small = 2 }\n",
    "a.auto.tfvars": "sizes = { small = 9, big = 10 }\n",
    "modules/net/main.tf": """
variable "cidr" {}
variable "name" {
  type = string
}
resource "aws_vpc" "this" {
  cidr_block = var.cidr
  tags       = { Name = "${var.name}-vpc" }
}
output "vpc_name" {
  value = aws_vpc.this.tags.Name
}
output "module_path" {
  value = path.module
}
""",
}


def setup():  # type: ignore[no-untyped-def]
    return evaluator(CONFIG)


def test_variables_come_from_tfvars_then_defaults_and_convert_to_their_type() -> None:
    parsed, _, ev = setup()
    root = parsed.configuration.root
    assert ev.variable(root, "app") == "store"  # terraform.tfvars wins over the default
    assert ev.variable(root, "sizes") == {"small": 2}  # later *.auto.tfvars win
    assert ev.variable(root, "envs") == ["dev", "prod"]  # set(string): unique, sorted
    assert ev.variable(root, "settings") == {"name": "x", "retries": 3, "tags": None}
    assert ev.variable(root, "required") is UNKNOWN  # no value anywhere: prompted for
    assert ev.variable(root, "nonexistent") is UNKNOWN


def test_locals_in_dependency_order_and_cycles_unknown() -> None:
    parsed, _, ev = setup()
    root = parsed.configuration.root
    assert ev.local(root, "prefix") == "store-default"
    assert ev.local(root, "tags") == {"App": "store", "Env": "x"}
    assert ev.local(root, "long") == PartialString(("store-default-", UNKNOWN, "-target-group"))
    assert ev.local(root, "loop_a") is UNKNOWN
    assert ev.local(root, "itself") is UNKNOWN


def test_for_each_and_count_expand_into_instances() -> None:
    parsed, _, ev = setup()
    logs = block(parsed, "aws_s3_bucket.logs")
    instances = ev.instances(logs)
    assert [i.address for i in instances] == [
        'aws_s3_bucket.logs["dev"]',
        'aws_s3_bucket.logs["prod"]',
    ]
    assert [ev.attribute(logs, "bucket", i) for i in instances] == [
        "store-default-logs-dev",
        "store-default-logs-prod",
    ]
    tg = block(parsed, "aws_lb_target_group.tg")
    values = ev.attribute_values(tg, "health_check.path")
    assert [(i.address, v) for i, v in values] == [
        ("aws_lb_target_group.tg[0]", "/health/0"),
        ("aws_lb_target_group.tg[1]", "/health/1"),
    ]
    assert ev.attribute(tg, "name", ev.instances(tg)[1]) == "store-default-tg-1"


def test_unknown_expansion_is_one_instance_marked_unknown() -> None:
    parsed, _, ev = setup()
    machine = block(parsed, "aws_instance.unknown")
    [instance] = ev.instances(machine)
    assert not instance.known
    assert instance.address == "aws_instance.unknown[?]"
    assert ev.attribute(machine, "ami", instance) == PartialString(("ami-", UNKNOWN))


def test_resource_attributes_are_configured_values_or_unknown() -> None:
    parsed, references, ev = setup()
    policy = block(parsed, "aws_s3_bucket_policy.p")
    first = ev.instances(policy)[0]
    assert first.address == 'aws_s3_bucket_policy.p["dev"]'
    assert ev.attribute(policy, "bucket", first) == "store-default-logs-dev"
    document = ev.document(policy.body.get("policy"), first)
    statement = document["Statement"][0]
    assert statement["Action"] == "s3:GetObject"
    assert statement["Resource"] == PartialString((UNKNOWN, "/*"))  # the arn is computed
    assert ev.evaluate(parse_in(parsed, "aws_s3_bucket.logs")) == {"dev": UNKNOWN, "prod": UNKNOWN}
    targets = references.targets(policy.body.get("bucket"))
    assert [(t.block.labels, t.attributes) for t in targets] == [
        (("aws_s3_bucket", "logs"), ("bucket",))
    ]


def parse_in(parsed, text):  # type: ignore[no-untyped-def]
    from tests.evaluate.helpers import parse_expr

    return parse_expr(text)


def test_child_modules_get_their_variables_from_the_caller() -> None:
    parsed, _, ev = setup()
    root = parsed.configuration.root
    assert ev.output(root, "vpc") == "store-default-vpc"
    assert ev.output(root, "per_env") == "dev-vpc"
    vpc = block(parsed, "aws_vpc.this")
    instances = ev.instances(vpc)
    assert [i.address for i in instances] == [
        "module.net.aws_vpc.this",
        'module.per_env["dev"].aws_vpc.this',
        'module.per_env["prod"].aws_vpc.this',
    ]
    assert [ev.attribute(vpc, "cidr_block", i) for i in instances] == [
        "10.0.16.0/20",
        "10.1.0.0/16",
        "10.1.0.0/16",
    ]
    child = parsed.configuration.modules["modules/net"]
    assert ev.output(child, "module_path") == "modules/net"


def test_files_and_templates_of_the_answer() -> None:
    parsed, _, ev = evaluator(
        {
            "main.tf": """
locals {
  script = file("${path.module}/scripts/init.sh")
  body   = templatefile("templates/page.tftpl", { name = "web", ports = [80, 443] })
  gone   = file("missing.txt")
}
""",
            "scripts/init.sh": "#!/bin/bash\necho hi\n",
            "templates/page.tftpl": "Hello ${name}\n%{ for p in ports ~}\nport ${p}\n%{ endfor ~}\n",
        }
    )
    root = parsed.configuration.root
    assert ev.local(root, "script") == "#!/bin/bash\necho hi\n"
    assert ev.local(root, "body") == "Hello web\nport 80\nport 443\n"
    assert ev.local(root, "gone") is UNKNOWN


def test_heredoc_policy_document_with_interpolations() -> None:
    parsed, _, ev = evaluator(
        {
            "main.tf": """
resource "aws_iam_policy" "p" {
  policy = <<EOF
{
  "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "${aws_s3_bucket.b.arn}/*"}]
}
EOF
}
"""
        }
    )
    policy = block(parsed, "aws_iam_policy.p")
    document = ev.document(policy.body.get("policy"))
    assert document["Statement"][0]["Action"] == "s3:*"
    assert document["Statement"][0]["Resource"] == PartialString((UNKNOWN, "/*"))


def test_evaluation_is_bounded_on_hostile_input() -> None:
    deep = "[" * 400 + "1" + "]" * 400
    nested = "[" * 30 + "1" + "]" * 30
    parsed, _, ev = evaluator(
        {
            "main.tf": f"""
locals {{
  huge   = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]
  big    = range(1000000000)
  long   = join("", [for i in range(1000) : join("", [for j in range(1000) : "xxxxxxxxxx"])])
  deep   = {deep}
  nested = {nested}
  chain0 = local.chain1
  chain1 = local.chain2
  chain2 = local.chain0
}}
"""
        }
    )
    root = parsed.configuration.root
    for name in ("huge", "big", "long", "chain0"):
        assert ev.local(root, name) is UNKNOWN
    # deeper than the parser's nesting limit: cut there, so the value is not wholly known
    assert not is_wholly_known(ev.local(root, "deep"))
    value = ev.local(root, "nested")
    for _ in range(30):
        value = value[0]
    assert value == 1


def test_nested_blocks_with_dynamic_blocks_expanded() -> None:
    parsed, _, ev = evaluator(
        {
            "main.tf": """
variable "ports" {
  default = [80, 443]
}
resource "aws_security_group" "web" {
  count = 2
  name  = "web-${count.index}"
  ingress {
    from_port   = 22
    cidr_blocks = ["10.0.0.0/8"]
  }
  dynamic "ingress" {
    for_each = var.ports
    iterator = port
    content {
      from_port   = port.value
      description = "rule ${port.key} of web-${count.index}"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
  dynamic "egress" {
    for_each = data.aws_ip_ranges.x.cidr_blocks
    content {
      cidr_blocks = [egress.value]
    }
  }
}
"""
        }
    )
    group = block(parsed, "aws_security_group.web")
    second = ev.instances(group)[1]
    rules = ev.nested(group, "ingress", second)
    assert [ev.nested_value(r, "from_port") for r in rules] == [22, 80, 443]
    assert ev.nested_value(rules[2], "description") == "rule 1 of web-1"
    assert ev.nested_value(rules[0], "description") is None
    [egress] = ev.nested(group, "egress", second)
    assert not egress.known
    assert ev.nested_value(egress, "cidr_blocks") == [UNKNOWN]


def test_index_errors_in_blocks_with_and_without_index_steps() -> None:
    """A block with no index step of its own is not evaluated for index errors; one in a
    value it reads is still found, once, where that value is written."""
    _, _, ev = evaluator(
        {
            "main.tf": """
locals {
  zones = ["a", "b"]
  third = local.zones[2]
}
resource "aws_security_group" "g" {
  name = "g"
  dynamic "ingress" {
    for_each = local.third == "c" ? [1] : []
    content {
      from_port = 443
      to_port   = 443
      protocol  = "tcp"
    }
  }
}
resource "aws_subnet" "s" {
  count      = 3
  vpc_id     = "vpc-1"
  cidr_block = ["10.0.1.0/24", "10.0.2.0/24"][count.index]
}
"""
        }
    )
    lines = [where.start_line for where, _ in ev.index_errors()]
    assert lines == [4, 20]


@pytest.mark.parametrize(
    ("for_each", "errors"),
    [
        ('toset(["a"])', [8]),  # an instance exists: its index error is terraform's
        ("toset(var.names)", []),  # not known: maybe no instance, and then no error
        ("toset([])", []),  # no instance
    ],
)
def test_an_index_error_counts_only_in_an_instance_known_to_exist(
    for_each: str, errors: list[int]
) -> None:
    _, _, ev = evaluator(
        {
            "main.tf": f"""
variable "names" {{ type = list(string) }}
resource "aws_eip" "nat" {{
  count = 0
}}
resource "aws_nat_gateway" "n" {{
  for_each      = {for_each}
  allocation_id = aws_eip.nat[0].id
  subnet_id     = "subnet-1"
}}
"""
        }
    )
    assert [where.start_line for where, _ in ev.index_errors()] == errors
