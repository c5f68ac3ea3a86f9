"""req.missing-resource on components named by their AWS service (Glacier vault, Redshift,
Lightsail, Beanstalk, ...): fires when no resource builds it, silent when one does."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.prompt.test_component_named_by_phrase import _missing, _resource

CASES = [
    # (prompt, what the answer declared instead, what builds the component)
    ("Create an S3 Glacier vault for backups.", "aws_s3_bucket", "aws_glacier_vault"),
    ("Create AWS Lightsail with a WordPress blueprint.", "aws_instance", "aws_lightsail_instance"),
    ("A Lightsail postgres database.", "aws_db_instance", "aws_lightsail_database"),
    ("Provision a Redshift cluster.", "aws_rds_cluster", "aws_redshift_cluster"),
    ("Provision Redshift Serverless.", "aws_rds_cluster", "aws_redshiftserverless_workgroup"),
    (
        "Deploy the web app on Elastic Beanstalk.",
        "aws_instance",
        "aws_elastic_beanstalk_environment",
    ),
    (
        "Make the requester pay for downloads: add a request payment configuration.",
        "aws_s3_bucket_website_configuration",
        "aws_s3_bucket_request_payment_configuration",
    ),
    (
        "Create an egress-only internet gateway for IPv6 traffic.",
        "aws_internet_gateway",
        "aws_egress_only_internet_gateway",
    ),
    ("Set up a site-to-site VPN to the data centre.", "aws_customer_gateway", "aws_vpn_connection"),
]


@pytest.mark.parametrize(("prompt", "other", "builder"), CASES)
def test_service_components(tmp_path: Path, prompt: str, other: str, builder: str) -> None:
    assert _missing(tmp_path / "other", prompt, _resource(other)) != []
    assert _missing(tmp_path / "built", prompt, _resource(other) + _resource(builder)) == []


def test_object_lock_enabled_on_the_bucket_is_enough(tmp_path: Path) -> None:
    """Object Lock set inline (`object_lock_enabled`, or the older inline block) counts."""
    prompt = "Create a bucket with an object lock configuration."
    bucket = 'resource "aws_s3_bucket" "b" {\n  bucket = "b-123-x"\n'
    plain = bucket + "}\n"
    enabled = bucket + "  object_lock_enabled = true\n}\n"
    inline = bucket + '  object_lock_configuration {\n    object_lock_enabled = "Enabled"\n  }\n}\n'
    assert _missing(tmp_path / "plain", prompt, plain) == [
        "aws_s3_bucket_object_lock_configuration"
    ]
    assert _missing(tmp_path / "enabled", prompt, enabled) == []
    assert _missing(tmp_path / "inline", prompt, inline) == []
