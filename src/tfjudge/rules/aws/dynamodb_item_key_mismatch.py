"""## What it does
For every instance of an `aws_dynamodb_table_item`, finds the `aws_dynamodb_table` instance
it writes to (by reference, through `count`/`for_each` and module outputs, or by the
evaluated table name) and compares the item with the table's key schema. It fires when:

- the item's JSON lacks the table's hash key or range key attribute,
- a key attribute has another type than the table's `attribute` block declares (`{"N": "1"}`
  for a key of type `S`), is not a scalar (`S`, `N`, `B`), or is an empty string,
- the resource's `hash_key` is not the table's hash key, its `range_key` is not the table's
  range key, or it leaves `range_key` out although the table has one (or sets one the
  table does not have).

Silent when something is not known before apply: the table cannot be identified, its
keys or the item cannot be evaluated, an attribute name of the item is computed, or the
key attribute is not declared in an `attribute` block. Attributes other than the keys are
never checked: DynamoDB is schemaless beyond the key.

## Why is this bad?
`terraform validate` and `plan` accept it; at apply `PutItem` fails with
`ValidationException: One or more parameter values were invalid: Missing the key id in
the item` or `Type mismatch for key id expected: S actual: N`. When the item is written but
the resource's `hash_key`/`range_key` do not name the table's key, the provider's `GetItem`
after the write fails with `The provided key element does not match the schema`, leaving
an item Terraform does not track.

Sources: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
(all primary key attributes are required, with the table's types),
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
(key attributes are scalars: string, number or binary; string keys are not empty), and
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_table_item
(`range_key` is required when the table has one).

## Example
```hcl
resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "order_id"
  range_key    = "created_at"

  attribute {
    name = "order_id"
    type = "S"
  }
  attribute {
    name = "created_at"
    type = "N"
  }
}

resource "aws_dynamodb_table_item" "sample" {
  table_name = aws_dynamodb_table.orders.name
  hash_key   = aws_dynamodb_table.orders.hash_key
  item = jsonencode({
    order_id = { S = "o-1" }
    status   = { S = "NEW" }
  })
}
```

## Use instead
```hcl
resource "aws_dynamodb_table_item" "sample" {
  table_name = aws_dynamodb_table.orders.name
  hash_key   = aws_dynamodb_table.orders.hash_key
  range_key  = aws_dynamodb_table.orders.range_key
  item = jsonencode({
    order_id   = { S = "o-1" }
    created_at = { N = "1700000000" }
    status     = { S = "NEW" }
  })
}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from tfjudge.evaluate import Evaluator, Instance
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block
from tfjudge.rules.aws._common import resolved_blocks, resources
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

KEY_TYPES = ("S", "N", "B")
TYPE_NAMES = {"S": "string", "N": "number", "B": "binary"}


class KeySchema(NamedTuple):
    """A table instance's key: attribute names and their declared types (None: undeclared)."""

    table: str
    hash_key: str
    range_key: str | None
    types: dict[str, str]


def _attribute_types(ctx: RuleContext, table: Block, instance: Instance) -> dict[str, str] | None:
    """name -> type of every `attribute` block, static or dynamic; None when not known."""
    evaluator = ctx.get(Evaluator)
    types: dict[str, str] = {}
    for nested in table.body.blocks:
        if nested.type == "attribute":
            name = evaluator.attribute(nested, "name", instance)
            kind = evaluator.attribute(nested, "type", instance)
            if not (isinstance(name, str) and isinstance(kind, str)):
                return None
            types[name] = kind
        elif nested.type == "dynamic" and nested.labels[:1] == ("attribute",):
            found = _dynamic_types(ctx, nested, instance)
            if found is None:
                return None
            types.update(found)
    return types


def _dynamic_types(ctx: RuleContext, block: Block, instance: Instance) -> dict[str, str] | None:
    evaluator = ctx.get(Evaluator)
    for_each = block.body.get("for_each")
    content = block.body.first_block("content")
    if for_each is None or content is None:
        return None
    collection = evaluator.evaluate(for_each, instance)
    iterator_expr = block.body.get("iterator")
    iterator = evaluator.evaluate(iterator_expr, instance) if iterator_expr else "attribute"
    if isinstance(collection, dict):
        pairs: list[tuple[Any, Any]] = list(collection.items())
    elif isinstance(collection, list):
        pairs = list(enumerate(collection))
    else:
        return None
    name_expr, type_expr = content.body.get("name"), content.body.get("type")
    if name_expr is None or type_expr is None or not isinstance(iterator, str):
        return None
    types: dict[str, str] = {}
    for key, item in pairs:
        names = {iterator: {"key": key, "value": item}}
        name = evaluator.evaluate(name_expr, instance, names)
        kind = evaluator.evaluate(type_expr, instance, names)
        if not (isinstance(name, str) and isinstance(kind, str)):
            return None
        types[name] = kind
    return types


def key_schema(ctx: RuleContext, table: Block, instance: Instance) -> KeySchema | None:
    evaluator = ctx.get(Evaluator)
    hash_key = evaluator.attribute(table, "hash_key", instance)
    range_key = evaluator.attribute(table, "range_key", instance)
    types = _attribute_types(ctx, table, instance)
    if not isinstance(hash_key, str) or not isinstance(range_key, str | None) or types is None:
        return None
    return KeySchema(instance.address, hash_key, range_key, types)


def _table_of(ctx: RuleContext, item: Block, instance: Instance) -> KeySchema | None:
    """The key schema of the one table instance an item instance writes to."""
    evaluator = ctx.get(Evaluator)
    expr = item.body.get("table_name")
    if expr is None:
        return None
    name = evaluator.evaluate(expr, instance)
    tables = resolved_blocks(ctx, expr, "aws_dynamodb_table") or (
        resources(ctx, "aws_dynamodb_table") if isinstance(name, str) else []
    )
    candidates: list[tuple[Block, Instance]] = []
    for table in tables:
        table_instances = evaluator.instances(table)
        if len(tables) == 1 and len(table_instances) == 1 and table_instances[0].known:
            candidates.append((table, table_instances[0]))
            continue
        if not isinstance(name, str):
            continue
        candidates.extend(
            (table, i)
            for i in table_instances
            if i.known and evaluator.attribute(table, "name", i) == name
        )
    if len(candidates) != 1:
        return None
    return key_schema(ctx, *candidates[0])


def problems(schema: KeySchema, document: Any, hash_key: Any, range_key: Any) -> list[str]:
    """What DynamoDB or the provider rejects about one item written to a table."""
    found: list[str] = []
    if isinstance(hash_key, str) and hash_key != schema.hash_key:
        found.append(
            f'hash_key = "{hash_key}" but the hash key of {schema.table} is '
            f'"{schema.hash_key}": reading the item back fails with "The provided key '
            'element does not match the schema"'
        )
    if schema.range_key is not None and range_key is None:
        found.append(
            f'range_key is not set but {schema.table} has the range key "{schema.range_key}": '
            'the provider reads the item back by its hash key alone and fails with "The '
            'provided key element does not match the schema"'
        )
    elif isinstance(range_key, str) and range_key != schema.range_key:
        wanted = f'"{schema.range_key}"' if schema.range_key else "none"
        found.append(
            f'range_key = "{range_key}" but the range key of {schema.table} is {wanted}: '
            'reading the item back fails with "The provided key element does not match the '
            'schema"'
        )
    if isinstance(document, dict):
        found.extend(_item_problems(schema, document))
    return found


def _item_problems(schema: KeySchema, document: dict[Any, Any]) -> list[str]:
    found: list[str] = []
    names_known = all(isinstance(k, str) for k in document)
    for key in (schema.hash_key, schema.range_key):
        if key is None:
            continue
        kind = "hash" if key == schema.hash_key else "range"
        if key not in document:
            if names_known:
                found.append(
                    f'the item has no attribute "{key}", the {kind} key of {schema.table}: '
                    f'PutItem fails with "Missing the key {key} in the item"'
                )
            continue
        value = document[key]
        if not (isinstance(value, dict) and len(value) == 1):
            continue
        ((given, content),) = value.items()
        if not isinstance(given, str):
            continue
        declared = schema.types.get(key)
        if given not in KEY_TYPES:
            found.append(
                f'the {kind} key "{key}" of the item is of type {given}; key attributes are '
                "scalars (S, N or B): PutItem fails with a ValidationException"
            )
        elif declared in KEY_TYPES and given != declared:
            found.append(
                f'the {kind} key "{key}" of the item is of type {given} ({TYPE_NAMES[given]}) '
                f"but {schema.table} declares it {declared} ({TYPE_NAMES[declared]}): PutItem "
                f'fails with "Type mismatch for key {key} expected: {declared} actual: {given}"'
            )
        elif given in ("S", "B") and content == "":
            found.append(
                f'the {kind} key "{key}" of the item is an empty string: PutItem fails with '
                '"The AttributeValue for a key attribute cannot contain an empty string value"'
            )
    return found


@rule(
    "aws.dynamodb-item-key-mismatch",
    Severity.HIGH,
    Category.DEPLOYMENT_BLOCKER,
    "Table item that does not match the table's key",
    impact="The apply fails at PutItem (or reading the item back) after the table exists.",
    fix="Give the item every key attribute with the table's type, and set hash_key and "
    "range_key to the table's keys.",
    applies_to=("aws_dynamodb_table_item",),
)
def dynamodb_item_key_mismatch(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    for item in resources(ctx, "aws_dynamodb_table_item"):
        item_expr = item.body.get("item")
        reported: set[str] = set()
        for instance in evaluator.instances(item):
            if not instance.known:
                continue
            schema = _table_of(ctx, item, instance)
            if schema is None:
                continue
            document = evaluator.document(item_expr, instance) if item_expr else None
            hash_key = evaluator.attribute(item, "hash_key", instance)
            range_key = evaluator.attribute(item, "range_key", instance)
            where = f"{instance.address}: " if instance.expanded else ""
            for problem in problems(schema, document, hash_key, range_key):
                if problem in reported:
                    continue
                reported.add(problem)
                attribute = "item" if problem.startswith("the ") else problem.split(" ")[0]
                yield ctx.finding(
                    where + problem,
                    item.body.attributes.get(attribute) or item,
                    block=item,
                    attribute=attribute,
                )
