"""Cases the core rule tables and their terraform oracle tests share."""

from __future__ import annotations

# (the `type` of a variable, whether terraform accepts it): what terraform init said
TYPE_CONSTRAINTS = [
    ("string", True),
    ("number", True),
    ("bool", True),
    ("any", True),
    ("list", True),  # read as list(any): still accepted at the top
    ("map", True),
    ("list(any)", True),
    ("set(any)", True),
    ("map(any)", True),
    ("list(map(string))", True),
    ("object({})", True),
    ('object({a = optional(string, "x")})', True),
    ("object({a = optional(list(object({b = optional(number)})))})", True),
    ("list(object({a = string}))", True),
    ("tuple([string, number])", True),
    ("string # a comment", True),
    ("int", False),
    ("integer", False),
    ("String", False),
    ("dynamic", False),
    ("null", False),
    ('"string"', False),
    ("set", False),
    ("object", False),
    ("tuple", False),
    ("map()", False),
    ("list(string, number)", False),
    ("list(list)", False),
    ("object({a = list})", False),
    ("optional(string)", False),
    ("map(optional(string))", False),
    ("tuple(string)", False),
    ("object(string)", False),
    ('object({"a" = string})', False),
    ("object({a = string, a = number})", False),
    ("object({from = integer, to = number})", False),
    ("list(float)", False),
]

# declarations the repetition cases below use
REPETITION_PRELUDE = """
variable "names" {
  type    = list(string)
  default = ["a", "b"]
}

variable "untyped" {
  default = ["a", "b"]
}

variable "tags" {
  type    = map(string)
  default = { a = "1" }
}

variable "unset_list" {
  type = list(string)
}

variable "unset_set" {
  type = set(string)
}

variable "enabled" {
  type    = bool
  default = true
}

variable "unset_bool" {
  type = bool
}

locals {
  pairs = [for n in var.names : n]
  objs  = toset([{ a = 1 }])
  by_name = { for n in var.names : n => upper(n) }
}
"""

# (for_each expression, tfjudge reports it, terraform validate reports it: else only plan,
# which knows the variables' values)
FOR_EACH_CASES = [
    ("var.names", True, True),
    ("var.untyped", True, False),
    ('["x", "y"]', True, True),
    ("local.pairs", True, False),
    ("toset([1, 2])", True, True),
    ("local.objs", True, True),
    ('"abc"', True, True),
    ("keys(var.tags)", True, True),
    ("var.unset_list", True, True),
    ("toset(var.names)", False, False),
    ("var.tags", False, False),
    ("local.by_name", False, False),
    ("var.unset_set", False, False),
    ('{ a = "x" }', False, False),
    ("toset(var.unset_list)", False, False),
    # an empty `[]` takes the type of the conditional's other branch, unknown here
    ("false ? toset(var.unset_list) : []", False, False),
    ('false ? ["a"] : []', True, True),
]

# (count expression, tfjudge reports it, terraform validate reports it)
COUNT_CASES = [
    ("true", True, True),
    ("-1", True, True),
    ("var.names", True, True),
    ("var.enabled", True, True),
    ("var.unset_bool", True, True),
    ('"2"', False, False),
    ("2", False, False),
    ("var.enabled ? 1 : 0", False, False),
    ("length(var.names)", False, False),
    ("length(var.unset_list)", False, False),
]

# (type, default, what terraform init says: None when it accepts the default)
DEFAULT_CASES = [
    ("", "{ v = var.name }", "Variables not allowed"),
    ("", 'upper("x")', "Function calls not allowed"),
    ("", '"${var.name}-x"', "Variables not allowed"),
    ("", "local.x", "Variables not allowed"),
    ("", "aws_s3_bucket.b.id", "Variables not allowed"),
    ("number", '"abc"', "Invalid default value for variable"),
    ("list(string)", '"abc"', "Invalid default value for variable"),
    ("object({ a = string })", '{ b = "x" }', "Invalid default value for variable"),
    ("map(string)", "{ a = { b = 1 } }", "Invalid default value for variable"),
    ("list(number)", '[1, "x"]', "Invalid default value for variable"),
    ("", "1 + 2", None),
    ("", '[for s in ["a", "b"] : upper(s)]', "Function calls not allowed"),
    ("", '[for s in ["a", "b"] : s]', None),
    ("", '"%{for s in ["a", "b"]}${s}%{endfor}"', None),
    ("", "{ for k, v in { a = 1 } : k => v }", None),
    ("number", '"2"', None),
    ("map(string)", "{ a = 1, b = true }", None),
    ("object({ a = string, b = optional(number) })", '{ a = "x" }', None),
    ("list(object({ port = number }))", "[{ port = 80 }, { port = 443 }]", None),
    ("set(string)", '["a", "a"]', None),
    ("string", "null", None),
    ("any", '{ a = [1, "x"] }', None),
]

# (a module variable's type, the value its caller passes, cty's reason when terraform refuses it)
VALUE_CASES = [
    ("list(number)", '"80,443"', "list of number required"),
    ("list(number)", '[80, "443"]', None),
    ("list(string)", '"a"', "list of string required"),
    (
        "list(object({ from = number, to = number }))",
        "[{ from = 80 }]",
        'element 0: attribute "to" is required',
    ),
    (
        "list(object({ a = string, b = string, c = string }))",
        "[{}]",
        'element 0: attributes "a", "b", and "c" are required',
    ),
    ("list(object({ from = number, to = number }))", "[{ from = 80, to = 80 }]", None),
    ("object({ a = string, b = optional(number) })", '{ a = "x" }', None),
    ("map(any)", '{ a = "x", b = 1 }', None),
    ("map(string)", "{ a = { b = 1 } }", 'element "a": string required'),
    ("bool", '"yes"', "a bool is required"),
    ("bool", '"true"', None),
    ("number", '"3"', None),
    ("number", '"three"', "a number is required"),
    ("string", '["a"]', "string required"),
    ("set(string)", '["a", "a"]', None),
    ("any", '{ a = [1, "x"] }', None),
]

# (a required_providers entry, the summary terraform init gives it: None when it accepts it)
REQUIRED_PROVIDER_CASES = [
    ('aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n    }', None),
    ('aws-2 = {\n      source = "hashicorp/aws"\n    }', None),
    ('my_aws = {\n      source = "hashicorp/aws"\n    }', "Invalid provider local name"),
    ('Tls = {\n      source = "hashicorp/tls"\n    }', "Invalid provider local name"),
    ('a1 = {\n      source  = "hashicorp/aws"\n      version = ">= 5.0, < 6.0"\n    }', None),
    ('a2 = {\n      source  = "hashicorp/aws"\n      version = "5.0.0-beta1"\n    }', None),
    ('a3 = {\n      source  = "hashicorp/aws"\n      version = "~>5"\n    }', None),
    (
        'a4 = {\n      source  = "registry.terraform.io/hashicorp/aws"\n      version = "=5.1"\n    }',
        None,
    ),
    ('a5 = {\n      source  = "hashicorp/aws"\n      version = "v5.0"\n    }', None),
    ('a6 = {\n      source  = "hashicorp/aws"\n      version = "> 4.0 , <= 5.2.1"\n    }', None),
    ('a7 = {\n      source = "aws"\n    }', None),
    ('a8 = {\n      source = "HashiCorp/AWS"\n    }', None),
    ('a9 = "~> 5.0"', None),
    (
        'b1 = {\n      source  = "hashicorp/aws"\n      version = "^5.0"\n    }',
        "Invalid version constraint",
    ),
    (
        'b2 = {\n      source  = "hashicorp/aws"\n      version = "5.x"\n    }',
        "Invalid version constraint",
    ),
    (
        'b3 = {\n      source  = "hashicorp/aws"\n      version = "*"\n    }',
        "Invalid version constraint",
    ),
    (
        'b4 = {\n      source  = "hashicorp/aws"\n      version = "latest"\n    }',
        "Invalid version constraint",
    ),
    ('b5 = "hashicorp/azure"', "Invalid version constraint"),
    ('b6 = {\n      source = "hashicorp/aws/extra/x"\n    }', "Invalid provider source string"),
    ('b7 = {\n      source = "./providers/local"\n    }', "Invalid provider source hostname"),
    ('b8 = {\n      source = "hashicorp/terraform-provider-aws"\n    }', "Invalid provider type"),
    ('b9 = {\n      source = "hashicorp/aws_load_balancer"\n    }', "Invalid provider type"),
]

# Terraform's own blocks with what they do not take; each `# bad` line is an error of
# terraform init ("Unsupported argument" or "Unsupported block type")
LANGUAGE_BLOCKS = """
variable "a" {
  type     = string
  optional = true # bad
  required = true # bad
  value    = "x" # bad
  default  = "y"
}

variable "b" {
  type = string
  validation {
    condition     = length(var.b) > 0
    error_message = "empty"
  }
  nullable    = true
  sensitive   = false
  ephemeral   = false
  description = "ok"
}

variable "c" {
  settings { # bad
    x = 1
  }
}

output "o" {
  value       = 1
  type        = string # bad
  description = "d"
  sensitive   = false
  depends_on  = []
  ephemeral   = false
  precondition {
    condition     = var.b != ""
    error_message = "empty"
  }
}

terraform {
  required_version = ">= 1.5"
  region           = "us-east-1" # bad
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
  provider "aws" { # bad
    region = "us-east-1"
  }
}
"""

# a module with required (`name`, `zone`: `nullable = false` alone does not make it optional)
# and optional (`size`: `default = null`; `mode`) variables, called by the module-call cases
MODULE_CHILD = """
variable "name" {
  type = string
}

variable "size" {
  type    = number
  default = null
}

variable "zone" {
  type     = string
  nullable = false
}

variable "mode" {
  type     = string
  default  = "a"
  nullable = false
}

output "name" {
  value = "${var.name}-${var.zone}-${var.mode}-${coalesce(var.size, 0)}"
}
"""

# (block, terraform init's summary for it or None): labels read as names (checked by
# tests/oracle/test_top_level_oracle.py, all in one configuration)
BLOCK_NAME_CASES = [
    (
        'resource "aws_s3_bucket" "<|im_start|>logs" {\n  bucket = "n-logs-1"\n}',
        "Invalid resource name",
    ),
    ('resource "aws_s3_bucket" "my.logs" {\n  bucket = "n-logs-2"\n}', "Invalid resource name"),
    ('resource "aws_s3_bucket" "1st" {\n  bucket = "n-logs-3"\n}', "Invalid resource name"),
    ('resource "aws_s3_bucket" "my logs" {\n  bucket = "n-logs-4"\n}', "Invalid resource name"),
    ('resource "aws_s3_bucket" "" {\n  bucket = "n-logs-5"\n}', "Invalid resource name"),
    ('resource "aws_s3_bucket" "-lead" {\n  bucket = "n-logs-6"\n}', "Invalid resource name"),
    ('resource "aws_s3_bucket" "my-logs" {\n  bucket = "n-logs-7"\n}', None),
    ('resource "aws_s3_bucket" "_private" {\n  bucket = "n-logs-8"\n}', None),
    ('resource "aws_s3_bucket" "lögs" {\n  bucket = "n-logs-9"\n}', None),
    ('resource "aws_s3_bucket" "count" {\n  bucket = "n-logs-10"\n}', None),
    ('data "aws_region" "my.region" {}', "Invalid data resource name"),
    ('data "aws region" "current" {}', "Invalid data source name"),
    ('resource "aws s3" "typed" {\n}', "Invalid resource type name"),
    ('data "aws_region" "current" {}', None),
    ('module "modules/network" {\n  source = "./child"\n}', "Invalid module instance name"),
    ('module "network-a" {\n  source = "./child"\n}', None),
    ('variable "my.var" {\n  default = 1\n}', "Invalid variable name"),
    ('variable "count" {\n  default = 1\n}', "Invalid variable name"),
    ('variable "source" {\n  default = 1\n}', "Invalid variable name"),
    ('variable "depends_on" {\n  default = 1\n}', "Invalid variable name"),
    ('variable "provider" {\n  default = 1\n}', "Invalid variable name"),
    ('variable "module" {\n  default = 1\n}', None),
    ('variable "instance_count" {\n  default = 1\n}', None),
    ('output "bucket name" {\n  value = 1\n}', "Invalid output name"),
    ('output "count" {\n  value = 1\n}', None),
]

# (expression, terraform validate's summary for it or None), each a local value (checked
# by tests/oracle/test_function_call_oracle.py, all in one configuration)
FUNCTION_CALL_CASES = [
    ('toUpperCase("x")', "Call to unknown function"),
    ("lenght([1])", "Call to unknown function"),
    ('string_format("x")', "Call to unknown function"),
    ('map("a", 1)', "Error in function call"),
    ("list(1, 2)", "Error in function call"),
    ("lookup({ a = 1 })", "Not enough function arguments"),
    ('cidrsubnet("10.0.0.0/16", 8)', "Not enough function arguments"),
    ("toset()", "Not enough function arguments"),
    ('upper("a", "b")', "Too many function arguments"),
    ("jsonencode(1, 2)", "Too many function arguments"),
    ('element(["a"], 0, 1)', "Too many function arguments"),
    ('length(upper("a", "b"))', "Too many function arguments"),
    ('lookup({ a = 1 }, "a", "d")', None),
    ('format("%s-%s", "a", "b")', None),
    ('core::upper("a")', None),
    ("tolist([1]...)", None),
    ('provider::aws::arn_parse("arn:aws:s3:::b")', None),
    ("try(nofunc(1), 2)", None),
    ('can(upper("a", "b"))', None),
    ("merge({ a = 1 }, { b = 2 }, { c = 3 })", None),
    ('templatefile("${path.module}/t.tpl", {})', None),
    # a branch terraform never takes is never called (an assertion: `strict ? error() : x`)
    ('false ? error("never") : "ok"', None),
    ('true ? "ok" : nofunc(1)', None),
    ('true ? nofunc(1) : "ok"', "Call to unknown function"),
]

# (lifecycle argument, terraform init's summary for it or None), each in its own bucket
# (checked by tests/oracle/test_lifecycle_oracle.py, all in one configuration)
LIFECYCLE_CASES = [
    ("prevent_destroy = var.protect", "Variables not allowed"),
    ("create_before_destroy = local.replace_first", "Variables not allowed"),
    ('prevent_destroy = var.environment == "prod" ? true : false', "Variables not allowed"),
    ('prevent_destroy = terraform.workspace == "prod"', "Variables not allowed"),
    ('prevent_destroy = tobool("true")', "Function calls not allowed"),
    ("ignore_changes = var.protect ? [tags] : []", "Invalid expression"),
    ("ignore_changes = var.ignored", "Invalid expression"),
    ("ignore_changes = concat([tags], [])", "Invalid expression"),
    ('prevent_destroy = "true"', None),
    ("prevent_destroy = !false", None),
    ("create_before_destroy = true", None),
    ("ignore_changes = all", None),
    ("ignore_changes = [tags, bucket]", None),
]
LIFECYCLE_PRELUDE = """
variable "protect" {
  type    = bool
  default = true
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "ignored" {
  type    = list(string)
  default = []
}

locals {
  replace_first = true
}
"""


def lifecycle_configuration() -> str:
    """Every lifecycle case in its own bucket, after the variables they read."""
    buckets = [
        f'resource "aws_s3_bucket" "b{i}" {{\n  bucket = "bucket-{i}-abc"\n'
        f"  lifecycle {{\n    {argument}\n  }}\n}}\n"
        for i, (argument, _) in enumerate(LIFECYCLE_CASES)
    ]
    return LIFECYCLE_PRELUDE + "\n" + "\n".join(buckets)


# (provisioner argument, terraform init's summary for it or None), each in a resource of its
# own (checked by tests/oracle/test_lifecycle_oracle.py, all in one configuration)
PROVISIONER_CASES = [
    ("when = destroy", None),
    ("when = create", None),
    ('when = "destroy"', None),  # a deprecation warning
    ("on_failure = continue", None),
    ("on_failure = fail", None),
    ('on_failure = "continue"', None),
    ("when = destroyed", 'Invalid "when" keyword'),
    ("when = var.phase", 'Invalid "when" keyword'),
    ('when = "on_destroy"', 'Invalid "when" keyword'),
    ("on_failure = ignore", 'Invalid "on_failure" keyword'),
    ("on_failure = var.phase", 'Invalid "on_failure" keyword'),
]


def provisioner_configuration() -> str:
    """Every provisioner case in a resource of its own, after the variable they read."""
    resources = [
        f'resource "terraform_data" "p{i}" {{\n  provisioner "local-exec" {{\n'
        f'    command = "echo {i}"\n    {argument}\n  }}\n}}\n'
        for i, (argument, _) in enumerate(PROVISIONER_CASES)
    ]
    prelude = 'variable "phase" {\n  type    = string\n  default = "destroy"\n}\n'
    return prelude + "\n" + "\n".join(resources)


# (reference, the summary terraform gives it or None), each read by a counted association
# of its own; literal keys fail validate, count.index and each.key fail plan (checked by
# tests/oracle/test_instance_key_oracle.py with terraform validate and an offline plan)
INSTANCE_KEY_CASES = [
    ("aws_subnet.one[0].id", "Unexpected resource instance key"),
    ('aws_subnet.one["a"].id', "Unexpected resource instance key"),
    ("aws_subnet.one[count.index].id", "Invalid index"),
    ("aws_subnet.one.id", None),
    ("one(aws_subnet.one[*].id)", None),
    ("aws_subnet.many[count.index].id", None),
    ("aws_subnet.many[0].id", None),
]
INSTANCE_KEY_PRELUDE = """
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "one" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_subnet" "many" {
  count      = 2
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index + 10)
}

resource "aws_route_table" "main" {
  vpc_id = aws_vpc.main.id
}
"""


def instance_key_configuration() -> str:
    """Every instance-key case read by a counted route table association of its own."""
    users = [
        f'resource "aws_route_table_association" "r{i}" {{\n  count          = 1\n'
        f"  subnet_id      = {reference}\n  route_table_id = aws_route_table.main.id\n}}\n"
        for i, (reference, _) in enumerate(INSTANCE_KEY_CASES)
    ]
    return INSTANCE_KEY_PRELUDE + "\n" + "\n".join(users)


# (block, terraform's summary or None): depends_on and count/for_each. The first part fails
# terraform init, the second validate (checked by tests/oracle/test_meta_argument_oracle.py)
META_INIT_CASES = [
    (
        'resource "aws_s3_bucket" "m0" {\n  bucket_prefix = "m0-"\n  depends_on    = aws_s3_bucket.base\n}',
        "Invalid expression",
    ),
    (
        'resource "aws_s3_bucket" "m1" {\n  count         = 1\n  for_each      = toset(["a"])\n  bucket_prefix = "m1-"\n}',
        'Invalid combination of "count" and "for_each"',
    ),
    (
        'module "m2" {\n  source   = "./child"\n  for_each = toset(["a"])\n  count    = 1\n}',
        'Invalid combination of "count" and "for_each"',
    ),
    ('resource "aws_s3_bucket" "m3" {\n  count         = 1\n  bucket_prefix = "m3-"\n}', None),
]
META_VALIDATE_CASES = [
    (
        'resource "aws_s3_bucket" "v0" {\n  bucket_prefix = "v0-"\n  depends_on    = [aws_s3_bucket.base.id]\n}',
        "Invalid depends_on reference",
    ),
    (
        'resource "aws_s3_bucket" "v1" {\n  bucket_prefix = "v1-"\n  depends_on    = [data.aws_region.current.name]\n}',
        "Invalid depends_on reference",
    ),
    (
        'output "v2" {\n  value      = 1\n  depends_on = [aws_s3_bucket.base.arn]\n}',
        "Invalid depends_on reference",
    ),
    (
        'module "v3" {\n  source     = "./child"\n  depends_on = [aws_s3_bucket.base.bucket]\n}',
        "Invalid depends_on reference",
    ),
    (
        'resource "aws_s3_bucket" "v4" {\n  bucket_prefix = "v4-"\n  depends_on    = [aws_s3_bucket.base, data.aws_region.current, module.base.out, var.order]\n}',
        None,
    ),
    # the `resource.` prefix names the same managed resource
    (
        'resource "aws_s3_bucket" "v5" {\n  bucket_prefix = "v5-"\n  depends_on    = [resource.aws_s3_bucket.base]\n}',
        None,
    ),
    (
        'resource "aws_s3_bucket" "v6" {\n  bucket_prefix = "v6-"\n  depends_on    = [resource.aws_s3_bucket.base.arn]\n}',
        "Invalid depends_on reference",
    ),
]
META_PRELUDE = """
variable "order" {
  default = "x"
}

resource "aws_s3_bucket" "base" {
  bucket_prefix = "base-"
}

data "aws_region" "current" {}

module "base" {
  source = "./child"
}
"""
META_CHILD = 'output "out" {\n  value = 1\n}\n'

# (resource, what plan says of it or None): indexes terraform only meets at plan; each case
# is planned on its own (a plan stops visiting resources after errors), with INDEX_PRELUDE
# (checked by tests/oracle/test_invalid_index_oracle.py against an offline terraform plan)
INDEX_PRELUDE = """
locals {
  env_config = {
    dev  = { instance_type = "t3.micro" }
    prod = { instance_type = "t3.large" }
  }
  zones = ["us-east-1a", "us-east-1b"]
  names = toset(["a", "b"])
}

variable "subnets" {
  type    = list(string)
  default = ["10.0.1.0/24", "10.0.2.0/24"]
}
"""
INDEX_CASES = [
    ("instance_type = local.env_config[terraform.workspace].instance_type", "Invalid index"),
    ('instance_type = local.env_config["qa"].instance_type', "Invalid index"),
    ("count         = 3\n  availability_zone = local.zones[count.index]", "Invalid index"),
    ("availability_zone = local.zones[-1]", "Invalid index"),
    ("availability_zone = var.subnets[2]", "Invalid index"),
    ("tags = { Name = local.names[0] }", "Invalid index"),
    ('instance_type = try(local.env_config["qa"].instance_type, "t3.micro")', None),
    ('instance_type = local.env_config["prod"].instance_type', None),
    ("count         = 2\n  availability_zone = local.zones[count.index]", None),
    ("availability_zone = element(local.zones, 5)", None),
]


def index_configuration(argument: str) -> str:
    """One case: an instance setting `argument`, after the values it indexes."""
    return (
        INDEX_PRELUDE
        + '\nresource "aws_instance" "case" {\n  ami           = "ami-0123456789abcdef0"\n'
        + ('  instance_type = "t3.micro"\n' if "instance_type" not in argument else "")
        + f"  {argument}\n}}\n"
    )
