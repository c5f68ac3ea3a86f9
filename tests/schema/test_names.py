"""Did-you-mean suggestions: terraform's near misses first, then word-level neighbours."""

from __future__ import annotations

import pytest

from tfjudge.schema.names import levenshtein, suggest
from tfjudge.schema.store import get_version


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("kitten", "sitting", 3), ("abc", "abd", 1), ("ab", "ba", 2), ("", "ab", 2), ("x", "x", 0)],
)
def test_levenshtein_up_to_the_limit(a: str, b: str, distance: int) -> None:
    assert levenshtein(a, b) == distance
    assert levenshtein("aws_s3_bucket", "aws_sqs_queue_policy") == 3  # capped


@pytest.mark.parametrize(
    ("name", "kind", "first"),
    [
        ("aws_s3_buckett", "resource", "aws_s3_bucket"),
        (
            "aws_s3_bucket_encryption",
            "resource",
            "aws_s3_bucket_server_side_encryption_configuration",
        ),
        ("aws_cloudwatch_log_subscription", "resource", "aws_cloudwatch_log_subscription_filter"),
        ("aws_caller_identities", "data", "aws_caller_identity"),
    ],
)
def test_type_suggestions(name: str, kind: str, first: str) -> None:
    names = get_version("5.100.0").type_names(kind)
    assert suggest(name, names, 3)[0] == first


def test_argument_suggestions() -> None:
    assert suggest("log_destination_arn", ["log_destination", "vpc_id"]) == ["log_destination"]
    assert suggest("authorization_type", ["authorization", "http_method"]) == ["authorization"]
    assert suggest("zzz", ["log_destination", "vpc_id"]) == []
    assert suggest("tags", ["tags"]) == []  # never the name itself
