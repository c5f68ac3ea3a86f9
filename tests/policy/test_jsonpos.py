"""Positions of the values of a JSON document written in an answer (`value_positions`)."""

from __future__ import annotations

import pytest

from tfjudge.policy.jsonpos import value_positions

POLICY = """<<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "${aws_s3_bucket.b.arn}/*"
    }
  ]
}
EOF"""


def test_every_value_by_path_with_lines_and_columns() -> None:
    found = value_positions(POLICY)
    assert found[()] == (2, 1, 11, 2)
    assert found[("Version",)] == (3, 14, 3, 26)
    assert found[("Statement", 0, "Effect")] == (6, 17, 6, 24)
    assert found[("Statement", 0, "Action", 1)] == (7, 34, 7, 48)
    assert found[("Statement", 0, "Resource")] == (8, 19, 8, 45)


@pytest.mark.parametrize(
    ("text", "path", "span"),
    [
        ('{"a": 1, "b": true}', ("b",), (1, 15, 1, 19)),
        ('{"a": "x\\"y", "b": 2}', ("b",), (1, 20, 1, 21)),  # an escaped quote
        ('{"a": "${jsonencode({"k" = "}"})}", "b": 2}', ("b",), (1, 42, 1, 43)),
        ('{"a": ${var.list}, "b": [1,]}', ("b", 0), (1, 26, 1, 27)),
        ('{"a": [1, 2', ("a", 1), (1, 11, 1, 12)),  # cut off: what was reached
        ('{"é": "ü", "b": 3}', ("b",), (1, 17, 1, 18)),  # columns count characters
        ("no document here", (), None),
    ],
)
def test_tolerant_reading(text: str, path: tuple[str | int, ...], span: object) -> None:
    assert value_positions(text).get(path) == span


def test_stops_where_it_is_not_json_any_more() -> None:
    found = value_positions('{"a": 1, b = 2, "c": 3}')
    assert ("a",) in found
    assert ("c",) not in found
