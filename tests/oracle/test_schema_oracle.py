"""The schema rules against `terraform validate`: same blocks, same lines, same kind of error.

From the shipped 5.100.0 schema, a deterministic sample of resource and data source types
(plus every type with a deprecated attribute) is written as minimal configurations (their
required arguments and blocks, values from an untyped variable so the provider's own value
checks stay quiet), then mutated one way per block: an unknown argument (top level and in a
nested block), a dropped required argument or block, a block written as an argument, an
argument written as a block, a wrong literal type, a read-only attribute set, an unknown
type, one block too many, and reads of unknown and deprecated attributes. Everything goes
into one configuration, so terraform runs once.

Per block, terraform's diagnostics that the schema explains are mapped to rule ids and
compared with tfjudge's findings as (line, rule) pairs. Blocks where terraform reports an
error the schema cannot explain (the provider's "one of ... must be specified" checks) are
left out and counted. The agreement figures are printed (`pytest -s`).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.oracle.oracle import require_oracle, validate_diagnostics
from tfjudge.analysis import Settings, analyze
from tfjudge.schema.model import AttributeSchema, BlockSchema
from tfjudge.schema.skeleton import Line, skeleton
from tfjudge.schema.store import SchemaVersion, get_version

SEED = 20261130
RESOURCES, DATA_SOURCES, MUTATIONS = 220, 50, 3
ERROR_RULES = {
    "schema.unknown-resource-type",
    "schema.unknown-argument",
    "schema.missing-required-argument",
    "schema.wrong-type",
    "schema.block-as-attribute",
    "schema.too-many-blocks",
    "schema.unknown-attribute",
}


def terraform_rule(diagnostic: dict[str, Any]) -> str | None:
    """The tfjudge rule that a terraform diagnostic corresponds to; None: not a schema matter."""
    summary, detail = diagnostic["summary"], diagnostic.get("detail", "")
    if summary in ("Invalid resource type", "Invalid data source"):
        return "schema.unknown-resource-type"
    if summary == "Unsupported argument":
        if "Did you mean to define a block of type" in detail:
            return "schema.block-as-attribute"
        return "schema.unknown-argument"
    if summary in (
        "Unsupported block type",
        "Value for unconfigurable attribute",
        "Invalid Configuration for Read-Only Attribute",  # the plugin framework's words
    ):
        return "schema.unknown-argument"
    if summary == "Missing required argument" and detail.startswith("The argument "):
        return "schema.missing-required-argument"
    if summary == "Missing Configuration for Required Attribute" or (
        summary == "Invalid Block" and "marked it as required" in detail
    ):
        return "schema.missing-required-argument"
    if summary.startswith("Insufficient ") and summary.endswith(" blocks"):
        return "schema.missing-required-argument"
    if summary.startswith("Too many ") and summary.endswith(" blocks"):
        return "schema.too-many-blocks"
    if summary == "Incorrect attribute value type":
        return "schema.wrong-type"
    if summary == "Unsupported attribute":
        return "schema.unknown-attribute"
    if diagnostic["severity"] == "warning" and "eprecated" in summary:
        return "schema.deprecated"
    if summary == "Invalid Attribute Combination" and "].filter," in detail:
        return "schema.lifecycle-rule-without-filter"  # a lifecycle rule without filter/prefix
    return None


# -- cases ---------------------------------------------------------------------------------


@dataclass
class Case:
    address: str
    mutation: str  # "clean" or what was changed
    text: str
    first_line: int = 0
    last_line: int = 0
    reads: str | None = None  # the block an output reads (terraform skips it if that failed)


@dataclass
class Generator:
    version: SchemaVersion
    rng: random.Random
    cases: list[Case] = field(default_factory=list)

    def header(self, kind: str, type_name: str, name: str) -> str:
        return f'{kind} "{type_name}" "{name}"'

    def address(self, kind: str, type_name: str, name: str) -> str:
        return f"{type_name}.{name}" if kind == "resource" else f"data.{type_name}.{name}"

    def add(self, kind: str, type_name: str, name: str, mutation: str, lines: list[str]) -> None:
        self.cases.append(
            Case(self.address(kind, type_name, name), mutation, "".join(x + "\n" for x in lines))
        )

    def type_cases(self, kind: str, type_name: str, index: int) -> None:
        schema = self.version.schema(kind, type_name)
        assert schema is not None
        base = f"t{index}"
        clean = skeleton(self.header(kind, type_name, f"{base}_clean"), schema)
        self.add(kind, type_name, f"{base}_clean", "clean", [x.text for x in clean])
        mutations: list[tuple[str, Callable[[BlockSchema, str], list[str] | None]]] = [
            ("unknown argument", self.unknown_argument),
            ("nested unknown argument", self.nested_unknown_argument),
            ("dropped required", self.dropped_required),
            ("block as attribute", self.block_as_attribute),
            ("attribute as block", self.attribute_as_block),
            ("wrong literal type", self.wrong_type),
            ("read-only attribute set", self.read_only_set),
            ("one block too many", self.too_many),
        ]
        made: list[tuple[str, str, str, list[str]]] = []
        for number, (mutation, make) in enumerate(mutations):
            name = f"{base}_m{number}"
            lines = make(schema, self.header(kind, type_name, name))
            if lines is not None:
                made.append((type_name, name, mutation, lines))
        unknown = self.unknown_type(kind, type_name)
        if unknown:
            fake = skeleton(self.header(kind, unknown, f"{base}_m9"), schema)
            made.append((unknown, f"{base}_m9", "unknown type", [x.text for x in fake]))
        # terraform takes ~30 ms a block: each type gets a few mutations, in turn
        start = index % len(made) if made else 0
        for type_label, name, mutation, lines in (made[start:] + made[:start])[:MUTATIONS]:
            self.add(kind, type_label, name, mutation, lines)
        self.reads(kind, type_name, schema, f"{base}_clean", index)

    def _insert(self, lines: list[Line], after: int, extra: list[str]) -> list[str]:
        texts = [x.text for x in lines]
        return texts[: after + 1] + extra + texts[after + 1 :]

    def unknown_argument(self, schema: BlockSchema, header: str) -> list[str]:
        return self._insert(skeleton(header, schema), 0, ["  tfjudge_unknown = var.any"])

    def nested_unknown_argument(self, schema: BlockSchema, header: str) -> list[str] | None:
        if not schema.blocks:
            return None
        name = self.rng.choice(sorted(schema.blocks))
        lines = skeleton(header, schema, [(name,)])
        opening = next(i for i, x in enumerate(lines) if x.path == (name,))
        return self._insert(lines, opening, ["    tfjudge_unknown = var.any"])

    def dropped_required(self, schema: BlockSchema, header: str) -> list[str] | None:
        lines = skeleton(header, schema)
        required = [i for i, x in enumerate(lines) if x.path and len(x.path) == 1]
        if not required:
            return None
        start = self.rng.choice(required)
        end = start
        if lines[start].text.rstrip().endswith("{"):  # a whole block
            depth = 0
            for end in range(start, len(lines)):
                depth += lines[end].text.count("{") - lines[end].text.count("}")
                if depth == 0:
                    break
        return [x.text for i, x in enumerate(lines) if not start <= i <= end]

    def block_as_attribute(self, schema: BlockSchema, header: str) -> list[str] | None:
        optional = [n for n, b in schema.blocks.items() if b.min_items == 0]
        if not optional:
            return None
        name = self.rng.choice(sorted(optional))
        return self._insert(skeleton(header, schema), 0, [f"  {name} = {{}}"])

    def _optional(self, schema: BlockSchema, test: Callable[[AttributeSchema], bool]) -> str | None:
        names = sorted(
            n for n, a in schema.attributes.items() if a.optional and not a.required and test(a)
        )
        return self.rng.choice(names) if names else None

    def attribute_as_block(self, schema: BlockSchema, header: str) -> list[str] | None:
        name = self._optional(schema, lambda a: a.object_collection is None)
        if name is None:
            return None
        return self._insert(skeleton(header, schema), 0, [f"  {name} {{", "  }"])

    def wrong_type(self, schema: BlockSchema, header: str) -> list[str] | None:
        name = self._optional(schema, lambda a: a.type != "dynamic")
        if name is None:
            return None
        kind = schema.attributes[name].type
        if isinstance(kind, str):
            value = {"string": '["x"]', "number": '"abc"', "bool": '"abc"'}[kind]
        else:
            value = "[1]" if kind[0] == "object" else '"x"'

        return self._insert(skeleton(header, schema), 0, [f"  {name} = {value}"])

    def read_only_set(self, schema: BlockSchema, header: str) -> list[str] | None:
        names = sorted(n for n, a in schema.attributes.items() if not a.settable)
        if not names:
            return None
        name = self.rng.choice(names)
        kind = schema.attributes[name].type
        if not isinstance(kind, str) or kind == "dynamic":
            return None
        value = {"string": '"x"', "number": "1", "bool": "true"}[kind]
        return self._insert(skeleton(header, schema), 0, [f"  {name} = {value}"])

    def too_many(self, schema: BlockSchema, header: str) -> list[str] | None:
        single = sorted(n for n, b in schema.blocks.items() if b.max_items == 1)
        if not single:
            return None
        name = self.rng.choice(single)
        lines = skeleton(header, schema, [(name,)])
        start = next(i for i, x in enumerate(lines) if x.path == (name,))
        end, depth = start, 0
        for end in range(start, len(lines)):
            depth += lines[end].text.count("{") - lines[end].text.count("}")
            if depth == 0:
                break
        texts = [x.text for x in lines]
        return texts[: end + 1] + texts[start : end + 1] + texts[end + 1 :]

    def unknown_type(self, kind: str, type_name: str) -> str | None:
        for candidate in (type_name + "s", type_name[:-1], type_name + "_config"):
            if not self.version.has_type(kind, candidate) and candidate.startswith("aws_"):
                return candidate
        return None

    def reads(self, kind: str, type_name: str, schema: BlockSchema, name: str, index: int) -> None:
        target = f"{type_name}.{name}" if kind == "resource" else f"data.{type_name}.{name}"
        if index % 3 == 0:
            self.cases.append(
                Case(
                    f"output.u{index}",
                    "unknown attribute read",
                    f'output "u{index}" {{\n  value = {target}.tfjudge_nope\n}}\n',
                    reads=target,
                )
            )
        for attribute in sorted(n for n, a in schema.attributes.items() if a.deprecated):
            self.cases.append(
                Case(
                    f"output.d{index}_{attribute}",
                    "deprecated attribute read",
                    f'output "d{index}_{attribute}" {{\n  value = {target}.{attribute}\n}}\n',
                    reads=target,
                )
            )


def sample(version: SchemaVersion) -> list[tuple[str, str]]:
    rng = random.Random(SEED)
    picked = [
        ("resource", n) for n in rng.sample(sorted(version.type_names("resource")), RESOURCES)
    ]
    picked += [("data", n) for n in rng.sample(sorted(version.type_names("data")), DATA_SOURCES)]
    for kind in ("resource", "data"):
        for name in sorted(version.type_names(kind)):
            schema = version.schema(kind, name)
            assert schema is not None
            deprecated = schema.deprecated or any(a.deprecated for a in schema.attributes.values())
            if deprecated and (kind, name) not in picked:
                picked.append((kind, name))
    return picked


def write_configuration(directory: Path, cases: list[Case]) -> Path:
    text = 'variable "any" {}\n'
    line = 2
    for case in cases:
        case.first_line = line
        line += case.text.count("\n")
        case.last_line = line - 1
        text += case.text
    path = directory / "main.tf"
    path.write_text(text)
    return path


@pytest.mark.oracle
def test_schema_rules_agree_with_terraform_validate(tmp_path: Path) -> None:
    require_oracle()
    version = get_version("5.100.0")
    generator = Generator(version, random.Random(SEED))
    for index, (kind, name) in enumerate(sample(version)):
        generator.type_cases(kind, name, index)
    cases = generator.cases
    path = write_configuration(tmp_path, cases)
    diagnostics = validate_diagnostics(tmp_path)
    settings = Settings(select=["schema"], options={"provider_version": "5.100.0"})
    findings = analyze(path, settings=settings).findings

    def case_at(line: int) -> Case | None:
        for case in cases:
            if case.first_line <= line <= case.last_line:
                return case
        return None

    theirs: dict[str, set[tuple[int, str]]] = {c.address: set() for c in cases}
    outside: set[str] = set()
    outside_reasons: Counter[str] = Counter()
    for diagnostic in diagnostics:
        line = diagnostic.get("range", {}).get("start", {}).get("line")
        case = case_at(line) if line else None
        assert case is not None, f"diagnostic outside every case: {diagnostic}"
        rule = terraform_rule(diagnostic)
        if rule is None:
            if diagnostic["severity"] == "error":
                outside.add(case.address)
                outside_reasons[diagnostic["summary"].split(":")[0][:60]] += 1
            continue
        if diagnostic["severity"] == "error" or case.mutation in (
            "clean",
            "deprecated attribute read",
        ):
            theirs[case.address].add((line, rule))
    # terraform does not evaluate a reference to a block that failed validation
    failed = outside | {
        address for address, found in theirs.items() if any(r in ERROR_RULES for _, r in found)
    }
    outside |= {c.address for c in cases if c.reads in failed}
    lines = path.read_text().split("\n")
    ours: dict[str, set[tuple[int, str]]] = {c.address: set() for c in cases}
    for finding in findings:
        case = case_at(finding.line or 0)
        assert case is not None, f"finding outside every case: {finding}"
        compare_all = case.mutation in ("clean", "deprecated attribute read")
        if finding.rule == "schema.deprecated" and lines[(finding.line or 1) - 1].endswith(
            "= var.any"
        ):
            continue  # the provider warns only about known values; tfjudge about any value
        if compare_all or finding.rule in ERROR_RULES:
            ours[case.address].add((finding.line or 0, finding.rule))

    judged = [c for c in cases if c.address not in outside]
    agree = [c for c in judged if ours[c.address] == theirs[c.address]]
    by_mutation = Counter(c.mutation for c in judged)
    agreeing = Counter(c.mutation for c in agree)
    mutated = [c for c in judged if c.mutation not in ("clean", "deprecated attribute read")]
    flagged = sum(1 for c in mutated if theirs[c.address])
    clean = [c for c in judged if c.mutation == "clean"]
    clean_errors = [c for c in clean if any(r in ERROR_RULES for _, r in theirs[c.address])]
    print(
        f"\nschema differential: {len(cases)} blocks, {len(outside)} left out (errors outside "
        f"the schema), {len(agree)}/{len(judged)} agree; terraform flagged {flagged} of "
        f"{len(mutated)} mutated blocks; clean blocks: {len(clean)}, with a terraform schema "
        f"error: {len(clean_errors)}"
    )
    print(f"  left out for: {dict(outside_reasons.most_common())}")
    for mutation, total in sorted(by_mutation.items()):
        print(f"  {mutation:26} {agreeing[mutation]:4}/{total}")
    disagreements = [
        f"{c.address} ({c.mutation}): terraform {sorted(theirs[c.address])}, "
        f"tfjudge {sorted(ours[c.address])}"
        for c in judged
        if c not in agree
    ]
    assert not disagreements, "\n".join(disagreements[:40])
    assert flagged == len(mutated), "a mutation that terraform does not notice proves nothing"
    assert len({c.address.split(".")[0] for c in clean}) >= 200


# -- the conversion table -----------------------------------------------------------------

TARGETS: dict[str, tuple[str, str, str]] = {
    # cty type (as JSON) -> (block header with any required content, attribute, closing)
    '"bool"': ('resource "aws_s3_bucket" "{name}" {{', "force_destroy", "}"),
    '"string"': ('resource "aws_s3_bucket" "{name}" {{', "bucket", "}"),
    '"number"': (
        'resource "aws_lambda_function" "{name}" {{\n  function_name = var.any\n  role = var.any',
        "timeout",
        "}",
    ),
    '["list", "string"]': (
        'resource "aws_lambda_function" "{name}" {{\n  function_name = var.any\n  role = var.any',
        "layers",
        "}",
    ),
    '["set", "string"]': (
        'data "aws_iam_policy_document" "{name}" {{\n  statement {{',
        "actions",
        "}\n}",
    ),
    '["map", "string"]': ('resource "aws_s3_bucket" "{name}" {{', "tags", "}"),
}


@pytest.mark.oracle
def test_conversion_table_matches_terraform(tmp_path: Path) -> None:
    import json

    from tests.schema.test_values import TABLE

    require_oracle()
    text = 'variable "any" {}\n'
    rows: dict[int, tuple[str, str | None]] = {}
    for index, (kind, value, expected) in enumerate(TABLE):
        key = json.dumps(kind)
        header, attribute, closing = TARGETS.get(
            key, ('resource "aws_security_group" "{name}" {{', "ingress", "}")
        )
        opening = header.format(name=f"v{index}") + "\n"
        line = text.count("\n") + opening.count("\n") + 1
        rows[line] = (attribute, expected)
        text += f"{opening}  {attribute} = {value}\n{closing}\n"
    (tmp_path / "main.tf").write_text(text)
    said: dict[int, str] = {}
    for diagnostic in validate_diagnostics(tmp_path):
        if diagnostic["summary"] == "Incorrect attribute value type":
            said[diagnostic["range"]["start"]["line"]] = diagnostic["detail"]
    differences = []
    for line, (attribute, expected) in rows.items():
        wanted = (
            f'Inappropriate value for attribute "{attribute}": {expected}.' if expected else None
        )
        if said.get(line) != wanted:
            differences.append(f"line {line}: terraform {said.get(line)!r}, table {wanted!r}")
    assert not differences, "\n".join(differences)
