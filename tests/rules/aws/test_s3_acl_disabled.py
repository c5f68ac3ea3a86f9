"""aws.s3-acl-disabled: one row per ACL, ownership setting and public access block."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "aws.s3-acl-disabled"

BUCKET = """
resource "aws_s3_bucket" "b" {
  bucket_prefix = "acl-test-"
}
"""


def _ownership(value: str) -> str:
    return f"""
resource "aws_s3_bucket_ownership_controls" "b" {{
  bucket = aws_s3_bucket.b.id
  rule {{
    object_ownership = {value}
  }}
}}
"""


def _acl(acl: str) -> str:
    return f"""
resource "aws_s3_bucket_acl" "b" {{
  bucket     = aws_s3_bucket.b.id
  {acl}
  depends_on = [aws_s3_bucket_ownership_controls.b]
}}
"""


def _block(block_public_acls: str | None) -> str:
    setting = f"block_public_acls = {block_public_acls}" if block_public_acls else ""
    return f"""
resource "aws_s3_bucket_public_access_block" "b" {{
  bucket = aws_s3_bucket.b.id
  {setting}
}}
"""


ENABLED = _ownership('"BucketOwnerPreferred"')
GRANT_ALL_USERS = """access_control_policy {
    owner {
      id = "0123456789abcdef"
    }
    grant {
      permission = "READ"
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers"
      }
    }
  }"""


@pytest.mark.parametrize(
    ("terraform", "fires"),
    [
        # ACLs disabled: no ownership controls, or BucketOwnerEnforced; any ACL fails
        (_acl('acl = "private"').replace("depends_on", "# depends_on"), True),
        (_acl('acl = "log-delivery-write"').replace("depends_on", "# depends_on"), True),
        (_ownership('"BucketOwnerEnforced"') + _acl('acl = "private"'), True),
        (_ownership('"ObjectWriter"') + _acl('acl = "private"'), False),
        (ENABLED + _acl('acl = "log-delivery-write"'), False),
        (_ownership("var.ownership") + _acl('acl = "private"'), False),  # unknown
        (ENABLED + _acl("acl = var.acl"), False),
        # public ACLs: refused while Block Public Access blocks public ACLs
        (ENABLED + _acl('acl = "public-read"'), True),
        (ENABLED + _acl('acl = "authenticated-read"'), True),
        (ENABLED + _acl(GRANT_ALL_USERS), True),
        (ENABLED + _block("true") + _acl('acl = "public-read"'), True),
        (ENABLED + _block("false") + _acl('acl = "public-read"'), False),
        (ENABLED + _block(None) + _acl('acl = "public-read-write"'), False),  # defaults false
        (ENABLED + _block("var.block") + _acl('acl = "public-read"'), False),
        (ENABLED + _block(None) + _acl(GRANT_ALL_USERS), False),
    ],
)
def test_acl_against_ownership_and_public_access_block(
    tmp_path: Path, terraform: str, fires: bool
) -> None:
    variables = 'variable "ownership" {}\nvariable "acl" {}\nvariable "block" {}\n'
    found = run_rule(tmp_path, RULE, variables + BUCKET + terraform)
    assert bool(found) is fires, [f.message for f in found]


def test_account_public_access_block_refuses_public_acls(tmp_path: Path) -> None:
    account = """
resource "aws_s3_account_public_access_block" "all" {
  block_public_acls = true
}
"""
    terraform = BUCKET + ENABLED + _block("false") + _acl('acl = "public-read"')
    assert run_rule(tmp_path / "without", RULE, terraform) == []
    found = run_rule(tmp_path / "with", RULE, terraform + account)
    assert [f.address for f in found] == ["aws_s3_bucket_acl.b"]
    assert "aws_s3_account_public_access_block.all" in found[0].message


def test_buckets_not_created_here_are_not_judged(tmp_path: Path) -> None:
    terraform = """
variable "bucket_name" {}

resource "aws_s3_bucket_acl" "b" {
  bucket = var.bucket_name
  acl    = "log-delivery-write"
}
"""
    assert run_rule(tmp_path, RULE, terraform) == []


def test_ownership_controls_of_an_unresolved_bucket_may_enable_acls(tmp_path: Path) -> None:
    terraform = (
        BUCKET
        + """
variable "bucket_name" {}

resource "aws_s3_bucket_ownership_controls" "any" {
  bucket = var.bucket_name
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_acl" "b" {
  bucket = aws_s3_bucket.b.id
  acl    = "log-delivery-write"
}
"""
    )
    assert run_rule(tmp_path, RULE, terraform) == []


def test_one_finding_per_acl_block_of_counted_buckets(tmp_path: Path) -> None:
    terraform = """
resource "aws_s3_bucket" "b" {
  count         = 3
  bucket_prefix = "acl-test-${count.index}-"
}

resource "aws_s3_bucket_acl" "b" {
  count  = 3
  bucket = aws_s3_bucket.b[count.index].id
  acl    = "private"
}
"""
    found = run_rule(tmp_path, RULE, terraform)
    assert [f.address for f in found] == ["aws_s3_bucket_acl.b"]


@pytest.mark.parametrize(
    ("acl", "depends_on", "unordered"),
    [
        ('"private"', "", ["aws_s3_bucket_ownership_controls.b"]),
        ('"private"', "aws_s3_bucket_ownership_controls.b", []),
        (
            '"public-read"',
            "aws_s3_bucket_ownership_controls.b",
            ["aws_s3_bucket_public_access_block.b"],
        ),
        (
            '"public-read"',
            "aws_s3_bucket_ownership_controls.b, aws_s3_bucket_public_access_block.b",
            [],
        ),
        ('"log-delivery-write"', "aws_s3_bucket_ownership_controls.b", []),
    ],
)
def test_ops_missing_depends_on_orders_the_acl_after_what_enables_it(
    tmp_path: Path, acl: str, depends_on: str, unordered: list[str]
) -> None:
    terraform = (
        BUCKET
        + ENABLED
        + _block("false")
        + f"""
resource "aws_s3_bucket_acl" "b" {{
  bucket     = aws_s3_bucket.b.id
  acl        = {acl}
  depends_on = [{depends_on}]
}}
"""
    )
    found = run_rule(tmp_path, "ops.missing-depends-on", terraform)
    named = [name for f in found for name in unordered if name in f.message.split(":")[0]]
    assert len(found) == (1 if unordered else 0), [f.message for f in found]
    assert named == unordered
