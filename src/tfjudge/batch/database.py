"""`results.duckdb`: the journal as two tables to query with SQL.

- `responses`: one row per input item (`seq`, `id`, `status` ok|invalid|error, `error`,
  `deployable`, `findings`, counts by severity, `files`, `resources`, `lines`, `notes`);
- `findings`: one row per finding (`seq`, `id`, `index`, `rule`, `family`, `severity`,
  `category`, `title`, `message`, `file`, `line`, `end_line`, `column`, `end_column`,
  `response_line`, `address`, `attribute`, `impact`, `root_cause`, `fix`, `fix_code`,
  `ideal_code`).

Both end with one VARCHAR column per label of the dataset (model, temperature, ...),
named after it (prefixed `label_` when the name is taken), in order of first appearance,
so `SELECT model, avg(deployable::INT) FROM responses GROUP BY model` works as written.
The database is rebuilt from the journal at the end of every run: it never disagrees
with `findings.jsonl`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tfjudge.batch.journal import FINDINGS, RESPONSES
from tfjudge.errors import UsageError

DATABASE = "results.duckdb"

RESPONSE_COLUMNS = {
    "seq": "BIGINT",
    "id": "VARCHAR",
    "status": "VARCHAR",
    "error": "VARCHAR",
    "deployable": "BOOLEAN",
    "findings": "INTEGER",
    "critical": "INTEGER",
    "high": "INTEGER",
    "medium": "INTEGER",
    "low": "INTEGER",
    "files": "INTEGER",
    "resources": "INTEGER",
    "lines": "INTEGER",
    "notes": "VARCHAR",
}
FINDING_COLUMNS = {
    "seq": "BIGINT",
    "id": "VARCHAR",
    "index": "INTEGER",
    "rule": "VARCHAR",
    "severity": "VARCHAR",
    "category": "VARCHAR",
    "title": "VARCHAR",
    "message": "VARCHAR",
    "file": "VARCHAR",
    "line": "INTEGER",
    "end_line": "INTEGER",
    "column": "INTEGER",
    "end_column": "INTEGER",
    "response_line": "INTEGER",
    "address": "VARCHAR",
    "attribute": "VARCHAR",
    "impact": "VARCHAR",
    "root_cause": "VARCHAR",
    "fix": "VARCHAR",
    "fix_code": "VARCHAR",
    "ideal_code": "VARCHAR",
}
_MAX_ROW_BYTES = 256 * 1024 * 1024


def duckdb_module() -> Any:
    try:
        import duckdb
    except ImportError:
        raise UsageError("tfjudge batch needs duckdb: pip install 'tfjudge[batch]'") from None
    return duckdb


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _reader(path: Path, columns: dict[str, str]) -> str:
    spec = ", ".join(f"{_literal(name)}: {_literal(kind)}" for name, kind in columns.items())
    return (
        f"read_json({_literal(str(path))}, format='newline_delimited', "
        f"columns={{{spec}}}, maximum_object_size={_MAX_ROW_BYTES})"
    )


def label_columns(connection: Any, responses: Path) -> list[tuple[str, str]]:
    """(label, column name) in order of first appearance."""
    if responses.stat().st_size == 0:
        return []
    keys = connection.sql(
        "SELECT key FROM (SELECT unnest(json_keys(labels)) AS key, seq FROM "
        + _reader(responses, {"seq": "BIGINT", "labels": "JSON"})
        + ") GROUP BY key ORDER BY min(seq), key"
    ).fetchall()
    taken = {name.lower() for name in [*RESPONSE_COLUMNS, *FINDING_COLUMNS, "family"]}
    named: list[tuple[str, str]] = []
    for (key,) in keys:
        column = f"label_{key}" if key.lower() in taken else key
        taken.add(column.lower())
        named.append((key, column))
    return named


def build_database(directory: Path) -> Path:
    """Write `results.duckdb` from the journal in `directory` (replacing any old one)."""
    duckdb = duckdb_module()
    target = directory / DATABASE
    partial = directory / (DATABASE + ".partial")
    for stale in (partial, Path(str(partial) + ".wal")):
        stale.unlink(missing_ok=True)
    connection = duckdb.connect(str(partial))
    try:
        labels = label_columns(connection, directory / RESPONSES)
        _create(connection, "responses", directory / RESPONSES, RESPONSE_COLUMNS, labels)
        _create(connection, "findings", directory / FINDINGS, FINDING_COLUMNS, labels)
    finally:
        connection.close()
    partial.replace(target)
    return target


def _create(
    connection: Any,
    table: str,
    journal: Path,
    columns: dict[str, str],
    labels: list[tuple[str, str]],
) -> None:
    selected = [quote_identifier(name) for name in columns]
    if table == "findings":
        selected.insert(selected.index('"rule"') + 1, "split_part(rule, '.', 1) AS family")
    selected += [
        f"labels ->> {_literal('$.' + _json_key(key))} AS {quote_identifier(column)}"
        for key, column in labels
    ]
    order = "seq, " + ('"index"' if table == "findings" else "id")
    if journal.exists() and journal.stat().st_size > 0:
        source = _reader(journal, {**columns, "labels": "JSON"})
        connection.execute(
            f"CREATE TABLE {table} AS SELECT {', '.join(selected)} FROM {source} ORDER BY {order}"
        )
        return
    definitions = [f"{quote_identifier(name)} {kind}" for name, kind in columns.items()]
    if table == "findings":
        definitions.insert(list(columns).index("rule") + 1, "family VARCHAR")
    definitions += [f"{quote_identifier(column)} VARCHAR" for _, column in labels]
    connection.execute(f"CREATE TABLE {table} ({', '.join(definitions)})")


def _json_key(key: str) -> str:
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
