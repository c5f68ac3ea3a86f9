"""aws.s3-public-policy-blocked: one row per statement and public access setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "aws.s3-public-policy-blocked"

BUCKET = """
variable "block" {
  type = bool
}

resource "aws_s3_bucket" "b" {
  bucket_prefix = "policy-test-"
}
"""


def _policy(statement: str) -> str:
    return f"""
resource "aws_s3_bucket_policy" "b" {{
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Action = "s3:GetObject", Resource = "${{aws_s3_bucket.b.arn}}/*", {statement} }}]
  }})
}}
"""


def _block(setting: str | None) -> str:
    line = f"block_public_policy = {setting}" if setting else ""
    return f"""
resource "aws_s3_bucket_public_access_block" "b" {{
  bucket = aws_s3_bucket.b.id
  {line}
}}
"""


PUBLIC = 'Effect = "Allow", Principal = "*"'


@pytest.mark.parametrize(
    ("terraform", "fires"),
    [
        (_policy(PUBLIC), True),
        (_policy('Effect = "Allow", Principal = { AWS = "*" }'), True),
        (_block("true") + _policy(PUBLIC), True),
        (_block("false") + _policy(PUBLIC), False),
        (_block(None) + _policy(PUBLIC), False),  # block_public_policy defaults to false
        (_block("var.block") + _policy(PUBLIC), False),
        (_policy('Effect = "Deny", Principal = "*"'), False),
        (
            _policy('Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }'),
            False,
        ),
        (
            _policy(
                PUBLIC + ', Condition = { StringEquals = { "aws:SourceVpce" = "vpce-0a1b2c3d" } }'
            ),
            False,
        ),
    ],
)
def test_statement_against_block_public_access(tmp_path: Path, terraform: str, fires: bool) -> None:
    found = run_rule(tmp_path, RULE, BUCKET + terraform)
    assert bool(found) is fires, [f.message for f in found]


def test_the_account_block_refuses_public_policies(tmp_path: Path) -> None:
    account = """
resource "aws_s3_account_public_access_block" "all" {
  block_public_policy = true
}
"""
    terraform = BUCKET + _block("false") + _policy(PUBLIC)
    assert run_rule(tmp_path / "without", RULE, terraform) == []
    found = run_rule(tmp_path / "with", RULE, terraform + account)
    assert [f.address for f in found] == ["aws_s3_bucket_policy.b"]


def test_a_bucket_the_answer_does_not_create_is_not_judged(tmp_path: Path) -> None:
    terraform = """
variable "bucket" {
  type = string
}

resource "aws_s3_bucket_policy" "b" {
  bucket = var.bucket
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::${var.bucket}/*" }]
  })
}
"""
    assert run_rule(tmp_path, RULE, terraform) == []


BUCKET_MODULE = """
variable "name" {
  type = string
}

variable "policies" {
  type    = list(string)
  default = []
}

variable "public" {
  type    = bool
  default = false
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = !var.public
  block_public_policy     = !var.public
  ignore_public_acls      = !var.public
  restrict_public_buckets = !var.public
}

resource "aws_s3_bucket_policy" "this" {
  count  = length(var.policies)
  bucket = aws_s3_bucket.this.id
  policy = var.policies[count.index]
}
"""
PUBLIC_READ = """jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "*" }]
  })"""


@pytest.mark.parametrize(
    ("site_public", "fires"),
    [
        ("true", False),  # the public call opens its own block; the private one has no policy
        ("false", True),
    ],
)
def test_each_module_instance_pairs_its_own_policy_and_block(
    tmp_path: Path, site_public: str, fires: bool
) -> None:
    calls = (
        f'module "site" {{\n  source   = "./modules/bucket"\n  name     = "site-7f3a"\n'
        f"  public   = {site_public}\n  policies = [{PUBLIC_READ}]\n}}\n\n"
        'module "code" {\n  source = "./modules/bucket"\n  name   = "code-7f3a"\n}\n'
    )
    found = run_rule(tmp_path, RULE, calls, **{"modules/bucket/main__tf": BUCKET_MODULE})
    assert bool(found) is fires, [f.message for f in found]
    assert all("module.site" in f.message for f in found)
