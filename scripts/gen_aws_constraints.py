#!/usr/bin/env python3
"""Generate src/tfjudge/data/aws/constraints.json: what AWS accepts for resource arguments.

Sources:
- botocore's service models (the AWS API models published for the SDKs): min/max length,
  pattern, enum and numeric ranges of each API shape; also the EC2 instance types.
- scripts/aws_constraints/mapping.toml: the reviewed mapping from (resource type, argument)
  to an API shape member, and the limits AWS documents but the models lack, each with the
  documentation page it comes from.

Usage (the wheel is the only input besides the mapping; nothing is fetched at run time):

    pip download --no-deps botocore -d /tmp/botocore
    python scripts/gen_aws_constraints.py /tmp/botocore/botocore-*.whl

Run it again after a botocore upgrade and review the diff of the JSON.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MAPPING = ROOT / "scripts" / "aws_constraints" / "mapping.toml"
OUTPUT = ROOT / "src" / "tfjudge" / "data" / "aws" / "constraints.json"

# terraform-plugin-sdk helper/id: a generated name is the prefix plus a 26-character suffix
# (a timestamp and a counter); the provider's *_prefix arguments are shortened by it.
UNIQUE_SUFFIX_LENGTH = 26
UNIQUE_SUFFIX_SOURCE = (
    "https://github.com/hashicorp/terraform-plugin-sdk/blob/main/helper/id/id.go "
    "(UniqueIDSuffixLength = 26)"
)

DOCUMENTED_FACETS = (
    "charset",
    "charset_text",
    "first",
    "first_text",
    "last",
    "last_text",
    "not_prefix",
    "not_prefix_ci",
    "not_suffix",
    "not_contains",
    "required_prefix",
    "not_values",
    "not_ip",
    "forbidden_chars",
    "forbidden_text",
    "int_values",
    "multiple_of",
    "instance_prefix",
    "instance_extra",
    "values_separator",
    "values_ignore_case",
    "instance_extra_families",
    "pattern",
    "pattern_text",
)


class Models:
    """The service models inside a botocore wheel, latest API version of each service."""

    def __init__(self, wheel: Path) -> None:
        self.archive = zipfile.ZipFile(wheel)
        self.version = _wheel_version(wheel)
        self._cache: dict[str, tuple[str, dict[str, Any]]] = {}
        self._files: dict[str, list[str]] = {}
        for name in self.archive.namelist():
            match = re.fullmatch(r"botocore/data/([^/]+)/([^/]+)/service-2\.json(\.gz)?", name)
            if match:
                self._files.setdefault(match.group(1), []).append(name)

    def service(self, name: str) -> tuple[str, dict[str, Any]]:
        if name not in self._cache:
            files = sorted(self._files[name])
            path = files[-1]
            raw = self.archive.read(path)
            if path.endswith(".gz"):
                raw = gzip.decompress(raw)
            self._cache[name] = (path.split("/")[3], json.loads(raw))
        return self._cache[name]


def _wheel_version(wheel: Path) -> str:
    match = re.search(r"botocore-([0-9][^-]*)-", wheel.name)
    return match.group(1) if match else "unknown"


def resolve(models: Models, api: str) -> tuple[dict[str, Any], str, str, bool]:
    """The shape at `service:Operation.Member[...]`, its name, API version, and whether a list
    was stepped into on the last member (the constraint applies to each element)."""
    service, _, path = api.partition(":")
    version, model = models.service(service)
    shapes = model["shapes"]
    operation, *members = path.split(".")
    shape_name = model["operations"][operation]["input"]["shape"]
    each = False
    for member in members:
        list_step = member.endswith("[]")
        member = member.removesuffix("[]")
        shape = shapes[shape_name]
        if member not in shape.get("members", {}):
            raise KeyError(f"{api}: {shape_name} has no member {member}")
        shape_name = shape["members"][member]["shape"]
        each = False
        if shapes[shape_name]["type"] == "list":
            shape_name = shapes[shape_name]["member"]["shape"]
            each = True
        elif list_step:
            raise KeyError(f"{api}: {member} is not a list")
    return shapes[shape_name], shape_name, version, each


def python_pattern(pattern: str) -> str | None:
    """A Java/ECMA pattern of the models as a Python regex matched whole, or None."""
    if "\\p{" in pattern or "\\P{" in pattern:
        return None
    body = pattern
    if body.startswith("^"):
        body = body[1:]
    if body.endswith("$") and not body.endswith("\\$"):
        body = body[:-1]
    try:
        re.compile(body, re.ASCII)
    except re.error:
        return None
    return body


_SIMPLE_CLASS = re.compile(r"\[((?:\\.|[^\]\\])+)\](?:\+|\*|\{\d+,\d+\})")


def charset_of(pattern: str) -> str | None:
    """The allowed characters when a pattern is one character class repeated."""
    match = _SIMPLE_CLASS.fullmatch(pattern)
    if not match or match.group(1).startswith("^"):
        return None
    return match.group(1)


def describe_class(body: str) -> str:
    """A reader's description of a regex class body: `\\w+=,.@-` -> letters, digits and _+=,.@-."""
    words: list[str] = []
    singles: list[str] = []
    rest = body
    for token, word in (
        ("\\w", "letters, digits"),
        ("A-Za-z", "letters"),
        ("a-zA-Z", "letters"),
        ("a-z", "lowercase letters"),
        ("A-Z", "uppercase letters"),
        ("0-9", "digits"),
        ("\\d", "digits"),
        ("\\s", "white space"),
    ):
        if token in rest:
            rest = rest.replace(token, "", 1)
            if word not in words:
                words.append(word)
    if "\\w" in body:
        singles.append("_")
    index = 0
    while index < len(rest):
        char = rest[index]
        if char == "\\" and index + 1 < len(rest):
            nxt = rest[index + 1]
            if nxt == "u":
                singles.append(f"U+{rest[index + 2 : index + 6]}")
                index += 6
                continue
            singles.append(nxt)
            index += 2
            continue
        singles.append(char)
        index += 1
    text = ", ".join(words)
    if singles:
        joined = "".join(s for s in singles if len(s) == 1)
        others = [s for s in singles if len(s) > 1]
        tail = " ".join(filter(None, [joined, *others]))
        text = f"{text} and {tail}" if text else tail
    return text


def shape_facets(shape: dict[str, Any], take: list[str] | None) -> dict[str, Any]:
    facets: dict[str, Any] = {}
    allowed = set(take) if take is not None else {"min", "max", "pattern", "enum"}
    numeric = shape["type"] in ("integer", "long", "double", "float")
    if "min" in shape and "min" in allowed and (numeric or shape["min"] > 0):
        facets["min_value" if numeric else "min_length"] = shape["min"]
    if "max" in shape and "max" in allowed:
        facets["max_value" if numeric else "max_length"] = shape["max"]
    if "enum" in shape and "enum" in allowed:
        facets["enum"] = list(shape["enum"])
    if "pattern" in shape and "pattern" in allowed:
        converted = python_pattern(shape["pattern"])
        if converted is not None:
            facets["pattern"] = converted
            charset = charset_of(converted)
            if charset is not None:
                facets["charset"] = charset
                facets["charset_text"] = describe_class(charset)
    return facets


def documented_facets(entry: dict[str, Any], numeric: bool) -> dict[str, Any]:
    """The facets the mapping documents: min/max are lengths, or ranges of a numeric shape;
    min_value/max_value are ranges of a number the models do not describe."""
    facets: dict[str, Any] = {}
    if "min" in entry:
        facets["min_value" if numeric else "min_length"] = entry["min"]
    if "max" in entry:
        facets["max_value" if numeric else "max_length"] = entry["max"]
    for key in ("min_value", "max_value"):
        if key in entry:
            facets[key] = entry[key]
    if "values" in entry:
        facets["enum"] = list(entry["values"])
    for key in DOCUMENTED_FACETS:
        if key in entry:
            facets[key] = entry[key]
    return facets


def build(models: Models, mapping: dict[str, Any]) -> dict[str, Any]:
    table: dict[str, dict[str, Any]] = {}
    for entry in mapping["c"]:
        sources: list[str] = []
        facets: dict[str, Any] = {}
        each = False
        numeric = False
        if "api" in entry:
            shape, shape_name, version, each = resolve(models, entry["api"])
            numeric = shape["type"] in ("integer", "long", "double", "float")
            facets.update(shape_facets(shape, entry.get("take")))
            if entry["api"].startswith("ec2:") and shape_name == "InstanceType":
                # the ~1,400 EC2 instance types are shipped once, in instance_types
                del facets["enum"]
                facets["instance_prefix"] = ""
            service = entry["api"].partition(":")[0]
            sources.append(
                f"botocore {models.version} {service} {version}: {entry['api']} ({shape_name})"
            )
        documented = documented_facets(entry, numeric)
        if documented:
            sources.append(entry["url"])
        facets.update(documented)
        if "extra_values" in entry:
            facets["enum"] = [*facets.get("enum", []), *entry["extra_values"]]
            sources.append(entry["extra_url"])
        if not facets:
            raise ValueError(f"{entry['types']} {entry['argument']}: no facet")
        record = {"kind": entry["kind"], "noun": entry["noun"], **facets, "sources": sources}
        if each:
            record["each"] = True
        for resource_type in entry["types"]:
            arguments = table.setdefault(resource_type, {})
            if entry["argument"] in arguments:
                raise ValueError(f"{resource_type}.{entry['argument']} is mapped twice")
            arguments[entry["argument"]] = record
            if "prefix_argument" in entry:
                arguments[entry["prefix_argument"]] = prefix_record(record, entry)
    return table


def prefix_record(record: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    """The *_prefix argument: the name's characters, its start, and room for the suffix."""
    noun = entry["noun"]
    noun = noun[: -len("names")] + "name prefixes" if noun.endswith("names") else noun + " prefixes"
    prefix: dict[str, Any] = {"kind": "name", "noun": noun}
    if "max_length" in record:
        prefix["max_length"] = record["max_length"] - UNIQUE_SUFFIX_LENGTH
    for key in (
        "charset",
        "charset_text",
        "first",
        "first_text",
        "not_prefix",
        "not_prefix_ci",
        "required_prefix",
        "forbidden_chars",
        "forbidden_text",
    ):
        if key in record:
            prefix[key] = record[key]
    prefix["sources"] = [*record["sources"], UNIQUE_SUFFIX_SOURCE]
    return prefix


def instance_types(models: Models) -> dict[str, list[str]]:
    """EC2 instance types by family: {"t3": ["micro", "small", ...]}."""
    shape, _, _, _ = resolve(models, "ec2:RunInstances.InstanceType")
    families: dict[str, list[str]] = {}
    for name in shape["enum"]:
        family, _, size = name.partition(".")
        families.setdefault(family, []).append(size)
    return dict(sorted(families.items()))


def compact_json(document: dict[str, Any]) -> str:
    """JSON with one line per instance family and per (resource type, argument): small, and
    a regeneration's diff reads line by line."""
    lines = ["{", f' "source": {json.dumps(document["source"])},', ' "instance_types": {']
    families = list(document["instance_types"].items())
    for index, (family, sizes) in enumerate(families):
        comma = "," if index < len(families) - 1 else ""
        lines.append(f"  {json.dumps(family)}: {json.dumps(sizes)}{comma}")
    lines.append(" },")
    lines.append(' "constraints": {')
    types = list(document["constraints"].items())
    for index, (resource_type, arguments) in enumerate(types):
        lines.append(f"  {json.dumps(resource_type)}: {{")
        items = list(arguments.items())
        for position, (argument, record) in enumerate(items):
            comma = "," if position < len(items) - 1 else ""
            lines.append(f"   {json.dumps(argument)}: {json.dumps(record)}{comma}")
        lines.append("  }" + ("," if index < len(types) - 1 else ""))
    lines.append(" }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="a botocore wheel (pip download botocore)")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    models = Models(args.wheel)
    mapping = tomllib.loads(MAPPING.read_text(encoding="utf-8"))
    table = build(models, mapping)
    document = {
        "source": {
            "botocore": models.version,
            "mapping": "scripts/aws_constraints/mapping.toml",
            "command": "python scripts/gen_aws_constraints.py "
            f"botocore-{models.version}-py3-none-any.whl",
        },
        "instance_types": instance_types(models),
        "constraints": dict(sorted(table.items())),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(compact_json(document), encoding="utf-8")
    count = sum(len(arguments) for arguments in table.values())
    print(f"{count} constraints on {len(table)} resource types -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
