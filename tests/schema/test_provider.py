"""Which blocks are AWS's to judge, and the ProviderSchema fact's helpers."""

from __future__ import annotations

from tfjudge.analysis import parse_answer
from tfjudge.response.loader import load_text_input
from tfjudge.schema.provider import ProviderSchema, normalise_source
from tfjudge.schema.store import get_version


def judged(text: str) -> dict[str, bool]:
    answer = parse_answer(load_text_input(text, "main.tf"))
    schema = ProviderSchema(get_version("5.100.0"), answer.configuration)
    return {
        ".".join(b.labels) + ("" if b.type != "provider" else "/provider"): schema.judges(b)
        for b in answer.configuration.all_blocks()
        if b.type in ("resource", "data", "provider")
    }


def test_types_go_to_the_provider_of_their_prefix() -> None:
    text = """
resource "aws_s3_bucket" "a" {}
resource "random_id" "b" {}
data "archive_file" "c" {}
resource "tls_private_key" "d" {}
resource "null_resource" "e" {}
resource "awscc_s3_bucket" "f" {}
"""
    assert judged(text) == {
        "aws_s3_bucket.a": True,
        "random_id.b": False,
        "archive_file.c": False,
        "tls_private_key.d": False,
        "null_resource.e": False,
        "awscc_s3_bucket.f": False,
    }


def test_the_provider_meta_argument_and_required_providers_decide() -> None:
    text = """
terraform {
  required_providers {
    aws   = { source = "example/aws" }
    cloud = { source = "registry.terraform.io/HashiCorp/aws", version = "~> 5.0" }
  }
}
resource "aws_s3_bucket" "mine" {}
resource "aws_s3_bucket" "theirs" {
  provider = cloud.west
}
provider "cloud" {}
provider "aws" {}
"""
    assert judged(text) == {
        "aws_s3_bucket.mine": False,
        "aws_s3_bucket.theirs": True,
        "cloud/provider": True,
        "aws/provider": False,
    }


def test_sources_normalise() -> None:
    assert normalise_source("registry.terraform.io/hashicorp/aws") == "hashicorp/aws"
    assert normalise_source("HashiCorp/AWS") == "hashicorp/aws"
    assert normalise_source("aws") == "hashicorp/aws"


def test_has_argument_for_other_rules() -> None:
    answer = parse_answer(load_text_input('resource "aws_s3_bucket" "a" {}', "main.tf"))
    schema = ProviderSchema(get_version("5.100.0"), answer.configuration)
    assert schema.has_argument("resource", "aws_s3_bucket", "bucket")
    assert schema.has_argument("resource", "aws_s3_bucket", "versioning")
    assert not schema.has_argument("resource", "aws_s3_bucket", "arn")
    assert not schema.has_argument("resource", "aws_nope", "bucket")
