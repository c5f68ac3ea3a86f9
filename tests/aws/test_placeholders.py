"""Which values are placeholders, judged for the argument that holds them."""

from __future__ import annotations

import pytest

from tfjudge.aws.placeholders import generic_placeholder, placeholder, resolved_argument

REAL_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGt0aGlzIGlzIGEgdGVzdCBrZXkgYm9keSBvZiAzMiBieXRlcw"


@pytest.mark.parametrize(
    ("argument", "value", "is_placeholder"),
    [
        ("public_key", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7S...", True),
        ("public_key", "ssh-rsa AAAAB3NzaC1yc2E... your-public-key", True),
        ("public_key", "ssh-rsa AAAA", True),  # far shorter than any real key
        ("public_key", REAL_KEY + " me@laptop", False),
        ("public_key", "<your-public-key>", True),
        ("vpc_id", "vpc-12345678", True),
        ("subnet_id", "subnet-xxxxxxxx", True),
        ("vpc_id", "vpc-0a1b2c3d4e5f60718", False),
        ("role_arn", "arn:aws:iam::123456789012:role/deploy", True),
        ("role_arn", "arn:aws:iam::210987654321:role/deploy", False),
        ("certificate_arn", "arn:aws:acm:us-east-1:<ACCOUNT_ID>:certificate/abc", True),
        ("kms_key_id", "REPLACE_WITH_KEY_ID", True),
        ("domain_name", "app.example.com", True),
        ("domain_name", "example.io", False),
        ("domain_name", "shop.acme.io", False),
        ("bucket", "your-state-bucket", True),
        ("bucket", "orders-archive-eu", False),
    ],
)
def test_placeholder(argument: str, value: str, is_placeholder: bool) -> None:
    assert (placeholder(argument, value) is not None) is is_placeholder


def test_backend_settings_only_weigh_tokens() -> None:
    assert generic_placeholder("terraform-state-REPLACE_WITH_SUFFIX")
    assert generic_placeholder("<state_bucket_name>")
    assert generic_placeholder("acme-terraform-state") is None


@pytest.mark.parametrize(
    ("resource_type", "argument", "resolved"),
    [
        ("aws_instance", "subnet_id", True),
        ("aws_instance", "ami", True),
        ("aws_key_pair", "public_key", True),
        ("aws_key_pair", "key_name", False),  # the name of the key pair being created
        ("aws_s3_bucket", "bucket", False),
        ("aws_s3_bucket_policy", "bucket", True),
        ("aws_route53_zone", "name", True),
        ("aws_instance", "tags", False),
        ("aws_lambda_function", "description", False),
    ],
)
def test_resolved_arguments(resource_type: str, argument: str, resolved: bool) -> None:
    assert resolved_argument(resource_type, argument) is resolved
