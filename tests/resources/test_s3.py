"""S3 buckets tied to their companion resources, per instance."""

from __future__ import annotations

from tfjudge.resources.s3 import S3Buckets

from ..policy.helpers import context


def _companions(files: dict[str, str], kind: str) -> dict[str, bool]:
    s3 = context(files).get(S3Buckets)
    return {bucket.address: bucket.has(kind) for bucket in s3.buckets}


def test_count_index_ties_each_instance() -> None:
    found = _companions(
        {
            "main.tf": """
resource "aws_s3_bucket" "b" {
  count  = 3
  bucket = "b-${count.index}"
}
resource "aws_s3_bucket_versioning" "v" {
  count  = 2
  bucket = aws_s3_bucket.b[count.index].id
  versioning_configuration {
    status = "Enabled"
  }
}
"""
        },
        "versioning",
    )
    assert found == {
        "aws_s3_bucket.b[0]": True,
        "aws_s3_bucket.b[1]": True,
        "aws_s3_bucket.b[2]": False,
    }


def test_for_each_over_the_buckets_and_by_key() -> None:
    files = {
        "main.tf": """
variable "names" {
  default = ["a", "b", "c"]
}
resource "aws_s3_bucket" "b" {
  for_each = toset(var.names)
  bucket   = "bucket-${each.key}"
}
resource "aws_s3_bucket_versioning" "v" {
  for_each = aws_s3_bucket.b
  bucket   = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_lifecycle_configuration" "l" {
  for_each = toset(["a", "c"])
  bucket   = aws_s3_bucket.b[each.key].id
  rule {
    id     = "x"
    status = "Enabled"
  }
}
"""
    }
    assert set(_companions(files, "versioning").values()) == {True}
    assert _companions(files, "lifecycle") == {
        'aws_s3_bucket.b["a"]': True,
        'aws_s3_bucket.b["b"]': False,
        'aws_s3_bucket.b["c"]': True,
    }


def test_by_value_inline_and_unknown() -> None:
    files = {
        "main.tf": """
variable "other" {}
resource "aws_s3_bucket" "named" {
  bucket = "literal-name"
}
resource "aws_s3_bucket_policy" "named" {
  bucket = "literal-name"
  policy = "{}"
}
resource "aws_s3_bucket" "legacy" {
  bucket = "legacy"
  versioning {
    enabled = true
  }
  lifecycle_rule {
    enabled = true
  }
}
resource "aws_s3_bucket_public_access_block" "external" {
  bucket = var.other
}
"""
    }
    s3 = context(files).get(S3Buckets)
    named, legacy = s3.buckets
    assert named.has("policy") and not named.has("versioning")
    assert legacy.has("versioning") and legacy.has("lifecycle")
    assert [c.inline for c in legacy.of("versioning")] == [True]
    assert s3.may_be_configured_elsewhere("public_access_block")
    assert [
        b.block.labels[1] for b, _ in [(x, y) for x, y in s3.lacking("public_access_block")]
    ] == []
    assert [b.labels[1] for b, _ in s3.lacking("encryption")] == ["named", "legacy"]


def test_count_zero_buckets_are_not_there() -> None:
    files = {"main.tf": 'resource "aws_s3_bucket" "b" {\n  count  = 0\n  bucket = "x"\n}\n'}
    assert context(files).get(S3Buckets).buckets == []


def test_buckets_in_a_called_module_per_module_instance() -> None:
    files = {
        "main.tf": 'module "store" {\n  source = "./modules/store"\n  for_each = toset(["a", "b"])\n  name = each.key\n}\n',
        "modules/store/main.tf": """
variable "name" {}
resource "aws_s3_bucket" "b" {
  bucket = "store-${var.name}"
}
resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Enabled"
  }
}
""",
    }
    assert _companions(files, "versioning") == {
        'module.store["a"].aws_s3_bucket.b': True,
        'module.store["b"].aws_s3_bucket.b': True,
    }
