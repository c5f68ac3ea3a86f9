"""aws.alb-logs-bucket-policy: who may write load balancer logs, where, and with which
encryption."""

from __future__ import annotations

import pytest

from .helpers import findings

RULE = "aws.alb-logs-bucket-policy"


def lb(kind: str = "application", logs: str = 'enabled = true\n    prefix = "web"') -> str:
    return (
        'resource "aws_lb" "web" {\n'
        f'  load_balancer_type = "{kind}"\n'
        f"  access_logs {{\n    bucket = aws_s3_bucket.logs.id\n    {logs}\n  }}\n}}\n"
        'resource "aws_s3_bucket" "logs" { bucket = "web-logs" }\n'
    )


def policy(principal: str, resource: str = '"${aws_s3_bucket.logs.arn}/web/AWSLogs/*"') -> str:
    return (
        'resource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n'
        '  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:PutObject",\n'
        f"    Principal = {principal}, Resource = {resource} }}] }})\n}}\n"
    )


ELB = "{ AWS = data.aws_elb_service_account.main.arn }"
SSE_KMS = (
    'resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {\n'
    "  bucket = aws_s3_bucket.logs.id\n"
    '  rule {\n    apply_server_side_encryption_by_default { sse_algorithm = "aws:kms" }\n  }\n}\n'
)

CASES: dict[str, tuple[str, int]] = {
    "ELB account through the data source": (
        'data "aws_elb_service_account" "main" {}\n' + lb() + policy(ELB),
        0,
    ),
    "ELB account written out": (lb() + policy('{ AWS = "arn:aws:iam::127311923021:root" }'), 0),
    "log-delivery service principal": (
        lb() + policy('{ Service = "logdelivery.elasticloadbalancing.amazonaws.com" }'),
        0,
    ),
    "own account root": (
        'data "aws_caller_identity" "me" {}\n'
        + lb()
        + policy('{ AWS = "arn:aws:iam::${data.aws_caller_identity.me.account_id}:root" }'),
        1,
    ),
    "an account that is no ELB account": (
        lb() + policy('{ AWS = "arn:aws:iam::123456789012:root" }'),
        1,
    ),
    "grant outside the prefix": (
        'data "aws_elb_service_account" "main" {}\n'
        + lb()
        + policy(ELB, '"${aws_s3_bucket.logs.arn}/AWSLogs/*"'),
        1,
    ),
    "grant on the bucket, not its objects": (
        'data "aws_elb_service_account" "main" {}\n'
        + lb()
        + policy(ELB, '"arn:aws:s3:::web-logs"'),
        1,
    ),
    "no bucket policy": (lb(), 1),
    "access logs not enabled (the default)": (lb(logs='prefix = "web"'), 0),
    "access logs disabled": (lb(logs="enabled = false"), 0),
    "application load balancer into SSE-KMS": (
        'data "aws_elb_service_account" "main" {}\n' + lb() + policy(ELB) + SSE_KMS,
        1,
    ),
    "network load balancer into SSE-KMS": (
        lb("network") + policy('{ Service = "delivery.logs.amazonaws.com" }') + SSE_KMS,
        0,
    ),
    "bucket policy of a bucket that cannot be resolved": (
        lb()
        + 'resource "aws_s3_bucket_policy" "other" {\n  bucket = var.name\n  policy = "{}"\n}\n'
        'variable "name" {}\n',
        0,
    ),
    "classic load balancer logs are on by default": (
        'resource "aws_elb" "web" {\n  access_logs {\n    bucket = aws_s3_bucket.logs.id\n  }\n}\n'
        'resource "aws_s3_bucket" "logs" { bucket = "web-logs" }\n',
        1,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_alb_logs_bucket_policy(case: str) -> None:
    text, expected = CASES[case]
    found = findings(RULE, {"main.tf": text})
    assert len(found) == expected, [f.message for f in found]
