"""aws.s3-replication-incomplete: schema version, versioning, SSE-KMS objects."""

from __future__ import annotations

import pytest

from .helpers import findings

RULE = "aws.s3-replication-incomplete"


def bucket(name: str, versioning: str | None = "Enabled", sse: str | None = None) -> str:
    text = f'resource "aws_s3_bucket" "{name}" {{ bucket = "{name}-data" }}\n'
    if versioning == "legacy":
        text = (
            f'resource "aws_s3_bucket" "{name}" {{\n  bucket = "{name}-data"\n'
            "  versioning {\n    enabled = true\n  }\n}\n"
        )
    elif versioning is not None:
        text += (
            f'resource "aws_s3_bucket_versioning" "{name}" {{\n'
            f"  bucket = aws_s3_bucket.{name}.id\n"
            f'  versioning_configuration {{ status = "{versioning}" }}\n}}\n'
        )
    if sse is not None:
        text += (
            f'resource "aws_s3_bucket_server_side_encryption_configuration" "{name}" {{\n'
            f"  bucket = aws_s3_bucket.{name}.id\n"
            "  rule {\n    apply_server_side_encryption_by_default {\n"
            f'      sse_algorithm = "{sse}"\n    }}\n  }}\n}}\n'
        )
    return text


def replication(rule_body: str, destination: str = "aws_s3_bucket.dst.arn") -> str:
    return (
        'resource "aws_s3_bucket_replication_configuration" "r" {\n'
        '  role   = "arn:aws:iam::123456789012:role/replication"\n'
        "  bucket = aws_s3_bucket.src.id\n"
        '  rule {\n    id = "all"\n    status = "Enabled"\n'
        f"{rule_body}\n"
        f"    destination {{\n      bucket = {destination}\n    }}\n  }}\n}}\n"
    )


V2 = '    filter {}\n    delete_marker_replication { status = "Disabled" }'
KMS_RULE = (
    V2
    + '\n    source_selection_criteria {\n      sse_kms_encrypted_objects { status = "Enabled" }\n    }'
)
KMS_DESTINATION = '    destination {\n      bucket = aws_s3_bucket.dst.arn\n      encryption_configuration { replica_kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/1" }\n    }'

CASES: dict[str, tuple[str, int]] = {
    "V2 rule, both buckets versioned": (bucket("src") + bucket("dst") + replication(V2), 0),
    "V1 rule (prefix, no V2 features)": (
        bucket("src") + bucket("dst") + replication('    prefix = "logs/"'),
        0,
    ),
    "no filter but a priority": (
        bucket("src") + bucket("dst") + replication("    priority = 1"),
        1,
    ),
    "no filter but delete marker replication": (
        bucket("src")
        + bucket("dst")
        + replication('    delete_marker_replication { status = "Enabled" }'),
        1,
    ),
    "filter without delete marker replication": (
        bucket("src") + bucket("dst") + replication('    filter { prefix = "a/" }'),
        1,
    ),
    "destination without versioning": (
        bucket("src") + bucket("dst", versioning=None) + replication(V2),
        1,
    ),
    "source versioning suspended": (
        bucket("src", versioning="Suspended") + bucket("dst") + replication(V2),
        1,
    ),
    "legacy versioning block": (
        bucket("src", versioning="legacy") + bucket("dst", versioning="legacy") + replication(V2),
        0,
    ),
    "destination outside the answer": (
        bucket("src") + replication(V2, destination='"arn:aws:s3:::elsewhere"'),
        0,
    ),
    "SSE-S3 source": (bucket("src", sse="AES256") + bucket("dst") + replication(V2), 0),
    "SSE-KMS source without criteria": (
        bucket("src", sse="aws:kms") + bucket("dst") + replication(V2),
        1,
    ),
    "SSE-KMS source with criteria but no replica key": (
        bucket("src", sse="aws:kms") + bucket("dst") + replication(KMS_RULE),
        1,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_s3_replication_incomplete(case: str) -> None:
    text, expected = CASES[case]
    found = findings(RULE, {"main.tf": text})
    assert len(found) == expected, [f.message for f in found]


def test_sse_kms_source_fully_configured() -> None:
    text = bucket("src", sse="aws:kms") + bucket("dst")
    text += (
        'resource "aws_s3_bucket_replication_configuration" "r" {\n'
        '  role   = "arn:aws:iam::123456789012:role/replication"\n'
        "  bucket = aws_s3_bucket.src.id\n"
        f'  rule {{\n    id = "all"\n    status = "Enabled"\n{KMS_RULE}\n{KMS_DESTINATION}\n  }}\n}}\n'
    )
    assert findings(RULE, {"main.tf": text}) == []
