"""The References fact: resolution, scoping, ranges, targets, the graph, superseded copies."""

from __future__ import annotations

from tests.evaluate.helpers import answer, block
from tfjudge.evaluate import References
from tfjudge.evaluate.graph import node_address
from tfjudge.evaluate.references import Reference
from tfjudge.parse.hcl.ast import Block

CONFIG = {
    "main.tf": """
variable "names" {
  type = list(string)
}
locals {
  bucket_id = aws_s3_bucket.logs.id
  pick      = var.primary ? aws_s3_bucket.logs.id : aws_s3_bucket.backup.id
}
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
resource "aws_s3_bucket" "backup" {
  provider = aws.west
  bucket   = "backup"
}
resource "aws_s3_bucket_policy" "p" {
  bucket     = local.bucket_id
  policy     = data.aws_iam_policy_document.p.json
  depends_on = [aws_s3_bucket.backup, module.app]
  lifecycle {
    ignore_changes = [policy, tags]
  }
}
resource "aws_security_group" "sg" {
  name = "sg-${count.index}"
  count = 2
  dynamic "ingress" {
    for_each = var.names
    iterator = rule
    content {
      description = rule.value
      cidr_blocks = [for n in var.names : "${n}/32"]
    }
  }
}
module "app" {
  source    = "./modules/app"
  bucket    = local.pick
  providers = { aws = aws.west }
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
output "missing" {
  value = [var.undeclared, local.nope, aws_s3_bucket.nope.id, data.aws_caller_identity.me.account_id, module.nothing.out]
}
""",
    "modules/app/main.tf": """
variable "bucket" {}
resource "aws_s3_object" "o" {
  bucket = var.bucket
  key    = "k"
}
""",
}


def setup():  # type: ignore[no-untyped-def]
    parsed = answer(CONFIG)
    return parsed, References(parsed.configuration)


def test_every_kind_of_reference_is_resolved() -> None:
    parsed, references = setup()
    policy = block(parsed, "aws_s3_bucket_policy.p")
    found = [(r.kind, r.address, r.attribute, r.explicit) for r in references.of_block(policy)]
    assert ("local", "local.bucket_id", "bucket", False) in found
    assert ("data", "data.aws_iam_policy_document.p", "policy", False) in found
    assert ("resource", "aws_s3_bucket.backup", "depends_on", True) in found
    assert ("module", "module.app", "depends_on", True) in found
    # lifecycle.ignore_changes names attributes: not references
    assert not any(r.address.startswith("policy") for r in references.of_block(policy))


def test_ranges_cover_the_address_of_the_traversal() -> None:
    parsed, references = setup()
    output = block(parsed, "output.missing")
    by_address = {r.address: r for r in references.of_block(output)}
    data = by_address["data.aws_caller_identity.me"]
    line = CONFIG["main.tf"].split("\n")[data.range.start_line - 1]
    assert line[data.range.start_column - 1 : data.range.end_column - 1] == (
        "data.aws_caller_identity.me"
    )
    resource = by_address["aws_s3_bucket.nope"]
    assert line[resource.range.start_column - 1 : resource.range.end_column - 1] == (
        "aws_s3_bucket.nope"
    )
    assert resource.remainder == ("id",)
    assert {a for a, r in by_address.items() if not r.declared} == {
        "var.undeclared",
        "local.nope",
        "aws_s3_bucket.nope",
        "data.aws_caller_identity.me",
        "module.nothing",
    }


def test_iteration_variables_are_not_references() -> None:
    parsed, references = setup()
    group = block(parsed, "aws_security_group.sg")
    addresses = {r.address for r in references.of_block(group)}
    assert addresses == {"count.index", "var.names"}


def test_provider_references() -> None:
    parsed, references = setup()
    backup = block(parsed, "aws_s3_bucket.backup")
    [provider] = [r for r in references.of_block(backup) if r.kind == "provider"]
    assert provider.address == "provider.aws.west" and provider.declared
    app = block(parsed, "module.app")
    assert [r.address for r in references.of_block(app) if r.kind == "provider"] == [
        "provider.aws.west"
    ]


def test_targets_follow_locals_conditionals_and_module_variables() -> None:
    parsed, references = setup()
    policy = block(parsed, "aws_s3_bucket_policy.p")
    targets = references.targets(policy.body.get("bucket"))
    assert [(node_address(t.block), t.attributes) for t in targets] == [
        ("aws_s3_bucket.logs", ("id",))
    ]
    obj = block(parsed, "aws_s3_object.o")
    assert [node_address(b) for b in references.target_blocks(obj.body.get("bucket"))] == [
        "aws_s3_bucket.logs",
        "aws_s3_bucket.backup",
    ]


def test_dependency_graph() -> None:
    parsed, references = setup()
    policy = block(parsed, "aws_s3_bucket_policy.p")
    logs = block(parsed, "aws_s3_bucket.logs")
    backup = block(parsed, "aws_s3_bucket.backup")
    edges = references.dependencies(policy)
    assert {(node_address(e.target), e.explicit) for e in edges} >= {
        ("local.bucket_id", False),
        ("aws_s3_bucket.backup", True),
    }
    assert references.depends_on(policy, logs)  # through local.bucket_id
    assert references.depends_on(policy, backup, explicit_only=True)
    assert not references.depends_on(policy, logs, explicit_only=True)
    assert policy in [e.source for e in references.dependents(backup)]
    assert references.cycles == []


def test_cycles_across_resources_locals_and_modules() -> None:
    parsed = answer(
        {
            "main.tf": """
resource "aws_security_group" "a" {
  name = aws_security_group.b.name
}
resource "aws_security_group" "b" {
  name = aws_security_group.a.name
}
locals {
  x = local.y
  y = local.x
  z = local.z
}
resource "aws_s3_bucket" "in" {
  bucket = module.m.out
}
module "m" {
  source = "./m"
  input  = aws_s3_bucket.in.id
}
resource "aws_s3_bucket" "fine" {
  bucket = module.m.other
}
module "n" {
  source = "./m"
  input  = aws_s3_bucket.fine.id
}
""",
            "m/main.tf": """
variable "input" {}
output "out" { value = var.input }
output "other" { value = "x" }
""",
        }
    )
    references = References(parsed.configuration)
    cycles = sorted(sorted(node_address(n) for n in c) for c in references.cycles)
    assert cycles == [
        ["aws_s3_bucket.in", "output.out", "var.input"],
        ["aws_security_group.a", "aws_security_group.b"],
        ["local.x", "local.y"],
        ["local.z"],
    ]


def test_a_repeated_file_supersedes_the_earlier_copy() -> None:
    parsed = answer(
        {
            "main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = "old"\n}\nvariable "v" {}\n',
            "main_2.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = "new"\n}\n',
            "variables.tf": 'variable "v" {}\n',
        }
    )
    references = References(parsed.configuration)
    root = parsed.configuration.root
    old, new = root.resources
    assert references.is_superseded(old) and not references.is_superseded(new)
    assert references.declaration(root, "aws_s3_bucket.b") is new
    assert references.active_blocks(root).count(old) == 0
    duplicates = [(node_address(a), node_address(b)) for a, b in references.duplicates(root)]
    assert duplicates == [("var.v", "var.v")]


def test_settings_blocks_are_one_per_module_and_a_copy_supersedes_them() -> None:
    settings = 'terraform {\n  required_providers {}\n  backend "s3" {}\n}\n'
    parsed = answer(
        {
            "main.tf": settings,
            "main_2.tf": "terraform {\n  required_providers {}\n}\n",
            "versions.tf": 'terraform {\n  backend "s3" {}\n}\n',
        }
    )
    references = References(parsed.configuration)
    root = parsed.configuration.root
    superseded = references.declarations[root.directory].superseded_nodes
    assert [(b.file.path, b.type) for b in superseded if isinstance(b, Block) and b.file] == [
        ("main.tf", "required_providers")
    ]
    duplicates = [
        (a.file.path, b.file.path, b.type)
        for a, b in references.duplicates(root)
        if isinstance(a, Block) and isinstance(b, Block) and a.file and b.file
    ]
    assert duplicates == [("main.tf", "versions.tf", "backend")]


def test_active_blocks_of_types_in_configuration_order() -> None:
    parsed = answer(
        {
            "main.tf": 'resource "aws_lb" "a" {}\nresource "aws_elb" "b" {}\n'
            'data "aws_lb" "d" {}\nresource "aws_lb" "c" {}\n',
            "main_2.tf": 'resource "aws_lb" "c" {}\n',
        }
    )
    references = References(parsed.configuration)
    names = [b.labels[1] for b in references.active_of("resource", ("aws_elb", "aws_lb"))]
    assert names == ["a", "b", "c"]  # the superseded first copy of `c` left out
    assert references.active_of("resource", ("aws_lb", "aws_lb")) == references.active_of(
        "resource", ("aws_lb",)
    )
    assert [b.labels[1] for b in references.active_of("data", ("aws_lb",))] == ["d"]


def test_a_lone_traversal_is_resolved_as_the_general_walk_resolves_it() -> None:
    """An argument that is one traversal without an index (`var.x`, `aws_x.y.id`) is
    resolved directly; the same traversal inside anything else, or with an index, goes
    through `scoped_traversals`: both give the same references."""
    traversals = [
        "var.a",
        "local.b",
        "aws_s3_bucket.logs.id",
        "data.aws_region.r.name",
        "ephemeral.random_password.p.result",
        "module.m.out",
        "each.value",
        "self.id",
        "var",
        "foo",
        "resource.aws_s3_bucket.logs.arn",
    ]
    lone = "\n".join(f"  a{i} = {t}" for i, t in enumerate(traversals))
    wrapped = "\n".join(f"  a{i} = [{t}]" for i, t in enumerate(traversals))
    indexed = "\n".join(f'  a{i} = {t}[0]["k"]' for i, t in enumerate(traversals))
    config = {
        "main.tf": f'resource "x" "lone" {{\n{lone}\n}}\n'
        f'resource "x" "wrapped" {{\n{wrapped}\n}}\n'
        f'resource "x" "indexed" {{\n{indexed}\n}}\n'
        'resource "aws_s3_bucket" "logs" {}\n'
    }
    parsed = answer(config)
    references = References(parsed.configuration)

    def described(address: str) -> list[tuple[object, ...]]:
        return [
            (r.kind, r.address, r.attribute, _width(r), r.target is not None, r.remainder)
            for r in references.of_block(block(parsed, address))
        ]

    lone_found = described("x.lone")
    assert len(lone_found) == len(traversals)
    assert lone_found == described("x.wrapped")
    indexed_found = described("x.indexed")
    assert [r[:5] for r in indexed_found] == [r[:5] for r in lone_found]


def _width(reference: Reference) -> tuple[int, int]:
    """The lines and characters a reference's range covers (where it starts aside)."""
    span = reference.range
    return span.end_line - span.start_line, span.end_column - span.start_column
