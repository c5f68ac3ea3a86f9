"""aws.cloudtrail-bucket-policy: CloudTrail's two grants, the key prefix, the ordering."""

from __future__ import annotations

import pytest

from .helpers import findings

RULE = "aws.cloudtrail-bucket-policy"
BUCKET = 'resource "aws_s3_bucket" "t" { bucket = "trail-logs" }\n'


def trail(extra: str = "", depends: bool = True) -> str:
    depends_on = "  depends_on = [aws_s3_bucket_policy.t]\n" if depends else ""
    return (
        'resource "aws_cloudtrail" "t" {\n  name = "t"\n'
        f"  s3_bucket_name = aws_s3_bucket.t.id\n{extra}{depends_on}}}\n"
    )


def policy(*statements: str) -> str:
    return (
        'resource "aws_s3_bucket_policy" "t" {\n  bucket = aws_s3_bucket.t.id\n'
        f"  policy = jsonencode({{ Statement = [{', '.join(statements)}] }})\n}}\n"
    )


def grant(
    action: str, resource: str, principal: str = '{ Service = "cloudtrail.amazonaws.com" }'
) -> str:
    return f'{{ Effect = "Allow", Principal = {principal}, Action = "{action}", Resource = {resource} }}'


ACL = grant("s3:GetBucketAcl", "aws_s3_bucket.t.arn")
WRITE = grant("s3:PutObject", '"${aws_s3_bucket.t.arn}/AWSLogs/*"')

CASES: dict[str, tuple[str, int]] = {
    "both grants, depends on the policy": (BUCKET + policy(ACL, WRITE) + trail(), 0),
    "no policy": (BUCKET + trail(depends=False), 1),
    "no ACL check": (BUCKET + policy(WRITE) + trail(), 1),
    "no write": (BUCKET + policy(ACL) + trail(), 1),
    "write for another service": (
        BUCKET
        + policy(
            ACL,
            grant(
                "s3:PutObject", '"${aws_s3_bucket.t.arn}/*"', '{ Service = "config.amazonaws.com" }'
            ),
        )
        + trail(),
        1,
    ),
    "s3:* for anyone": (BUCKET + policy(grant("s3:*", '"*"', '"*"')) + trail(), 0),
    "prefix covered": (
        BUCKET
        + policy(ACL, grant("s3:PutObject", '"${aws_s3_bucket.t.arn}/audit/AWSLogs/*"'))
        + trail('  s3_key_prefix = "audit"\n'),
        0,
    ),
    "prefix not covered": (BUCKET + policy(ACL, WRITE) + trail('  s3_key_prefix = "audit"\n'), 1),
    "prefix known only after apply": (
        BUCKET
        + policy(ACL, WRITE)
        + trail("  s3_key_prefix = random_pet.p.id\n")
        + 'resource "random_pet" "p" {}\n',
        0,
    ),
    "no dependency on the policy": (BUCKET + policy(ACL, WRITE) + trail(depends=False), 1),
    "bucket outside the answer": (trail(depends=False).replace("aws_s3_bucket.t.id", '"logs"'), 0),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_cloudtrail_bucket_policy(case: str) -> None:
    text, expected = CASES[case]
    found = findings(RULE, {"main.tf": text})
    assert len(found) == expected, [f.message for f in found]
