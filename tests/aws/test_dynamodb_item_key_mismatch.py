"""aws.dynamodb-item-key-mismatch: a table item against its table's key schema."""

from __future__ import annotations

import pytest

from .helpers import findings

RULE = "aws.dynamodb-item-key-mismatch"


def table(range_type: str | None = "N", name: str = "t") -> str:
    text = (
        f'resource "aws_dynamodb_table" "{name}" {{\n  name = "{name}-table"\n'
        '  hash_key = "pk"\n'
        + ('  range_key = "sk"\n' if range_type else "")
        + '  attribute {\n    name = "pk"\n    type = "S"\n  }\n'
    )
    if range_type:
        text += f'  attribute {{\n    name = "sk"\n    type = "{range_type}"\n  }}\n'
    return text + "}\n"


def item(
    body: str,
    hash_key: str = '"pk"',
    range_key: str | None = '"sk"',
    table_name: str = "aws_dynamodb_table.t.name",
) -> str:
    return (
        'resource "aws_dynamodb_table_item" "i" {\n'
        f"  table_name = {table_name}\n  hash_key = {hash_key}\n"
        + (f"  range_key = {range_key}\n" if range_key else "")
        + f"  item = jsonencode({{\n{body}\n  }})\n}}\n"
    )


FULL = '    pk = { S = "a" }\n    sk = { N = "1" }\n    other = { BOOL = true }'

CASES: dict[str, tuple[str, int]] = {
    "matching item": (table() + item(FULL), 0),
    "keys from the table's attributes": (
        table()
        + item(
            FULL,
            hash_key="aws_dynamodb_table.t.hash_key",
            range_key="aws_dynamodb_table.t.range_key",
        ),
        0,
    ),
    "missing hash key": (table() + item('    sk = { N = "1" }'), 1),
    "missing range key": (table() + item('    pk = { S = "a" }'), 1),
    "range key of the wrong type": (
        table() + item('    pk = { S = "a" }\n    sk = { S = "x" }'),
        1,
    ),
    "key that is not a scalar": (
        table() + item('    pk = { L = [] }\n    sk = { N = "1" }'),
        1,
    ),
    "empty string key": (table() + item('    pk = { S = "" }\n    sk = { N = "1" }'), 1),
    "range_key left out": (table() + item(FULL, range_key=None), 1),
    "range_key on a hash-only table": (
        table(None) + item('    pk = { S = "a" }\n    sk = { N = "1" }'),
        1,
    ),
    "hash-only table": (table(None) + item('    pk = { S = "a" }', range_key=None), 0),
    "other attributes of any type": (
        table(None)
        + item('    pk = { S = "a" }\n    n = { N = "1" }\n    s = { SS = ["x"] }', range_key=None),
        0,
    ),
    "wrong hash_key argument": (table() + item(FULL, hash_key='"id"'), 1),
    "table found by its literal name": (
        table() + item('    pk = { S = "a" }', table_name='"t-table"'),
        1,
    ),
    "unknown table": (item('    pk = { S = "a" }', table_name="var.table"), 0),
    "computed attribute name": (
        table() + item('    pk = { S = "a" }\n    (var.sort) = { N = "1" }'),
        0,
    ),
    "computed key value": (
        table() + item("    pk = { S = var.id }\n    sk = { N = timestamp() }"),
        0,
    ),
    "key not declared in an attribute block": (
        'resource "aws_dynamodb_table" "t" {\n  name = "t-table"\n  hash_key = "pk"\n}\n'
        + item('    pk = { N = "1" }', range_key=None),
        0,
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_cases(name: str) -> None:
    text, expected = CASES[name]
    assert len(findings(RULE, {"main.tf": text})) == expected


def test_type_mismatch_message() -> None:
    (finding,) = findings(
        RULE, {"main.tf": table() + item('    pk = { S = "a" }\n    sk = { S = "x" }')}
    )
    assert finding.address == "aws_dynamodb_table_item.i"
    assert 'range key "sk"' in finding.message
    assert "expected: N actual: S" in finding.message


def test_for_each_items_are_matched_to_their_table_instance() -> None:
    text = """
variable "tables" {
  default = {
    a = { hash = "id", range = "ts" }
    b = { hash = "id", range = null }
  }
}
resource "aws_dynamodb_table" "t" {
  for_each  = var.tables
  name      = "app-${each.key}"
  hash_key  = each.value.hash
  range_key = each.value.range
  dynamic "attribute" {
    for_each = compact([each.value.hash, each.value.range])
    content {
      name = attribute.value
      type = "S"
    }
  }
}
resource "aws_dynamodb_table_item" "i" {
  for_each   = var.tables
  table_name = aws_dynamodb_table.t[each.key].name
  hash_key   = each.value.hash
  range_key  = each.value.range
  item = jsonencode({
    id      = { S = "x" }
    ts      = { N = "1" }
  })
}
"""
    (finding,) = findings(RULE, {"main.tf": text})
    assert finding.message.startswith('aws_dynamodb_table_item.i["a"]: the range key "ts"')
    assert 'aws_dynamodb_table.t["a"] declares it S' in finding.message
