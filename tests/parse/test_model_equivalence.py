"""The typed model the parser builds for the repository's own HCL, pinned by digest.

Every file extracted from tests/data, the rule fixtures and examples/ is parsed as it is
and damaged (`model_dump.variants`), and its full dump (`model_dump.dump_document`: every
node, field, range and error, and what the traversal helpers return) hashed. A change to
the parser that changes any of it fails here; when the change is meant, update with
`TFJUDGE_UPDATE_SNAPSHOTS=1 python -m pytest tests/parse` and read the diff of the inputs
named. `scripts/hcl_equivalence.py` does the same, dump for dump, over the corpus and a
generated dataset.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from tests.parse.model_dump import dump_document, variants
from tfjudge.parse.hcl import parse_hcl
from tfjudge.response.loader import load_response
from tfjudge.source import SourceFile

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = Path(__file__).parent / "snapshots" / "model_digests.json"
INPUTS = ["tests/data", "tests/rules/fixtures", "examples"]
SUFFIXES = {".md", ".tf", ".tfvars", ".hcl"}


def digests() -> dict[str, str]:
    found: dict[str, str] = {}
    for folder in INPUTS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in SUFFIXES:
                continue
            label = path.relative_to(ROOT).as_posix()
            for file in load_response(path).files:
                for name, text in variants(file.text, f"{label}/{file.path}"):
                    variant = SourceFile(file.path, file.language, text, file.source_line)
                    dump = dump_document(parse_hcl(variant))
                    key = f"{label}/{file.path}/{name}"
                    assert key not in found, key
                    found[key] = hashlib.sha256(dump.encode()).hexdigest()[:16]
    return found


def test_the_model_of_every_input_is_unchanged() -> None:
    current = digests()
    assert len(current) > 1000
    if os.environ.get("TFJUDGE_UPDATE_SNAPSHOTS"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(json.dumps(current, indent=0, sort_keys=True) + "\n")
    expected = json.loads(SNAPSHOT.read_text())
    changed = sorted(k for k in current.keys() & expected.keys() if current[k] != expected[k])
    assert not changed, f"{len(changed)} models changed, first: {changed[:5]}"
    assert current.keys() == expected.keys()


def test_the_dump_sees_every_field_and_helper() -> None:
    """The digest is only as strong as the dump: a changed range, literal type or helper
    result must change it."""
    source = 'resource "a" "b" {\n  x = [for k, v in var.m : k if v]\n  y = 1\n}\n'
    base = dump_document(parse_hcl(SourceFile("main.tf", "hcl", source)))
    for changed in (source.replace("1", "1.0"), source.replace("  y", "   y")):
        assert dump_document(parse_hcl(SourceFile("main.tf", "hcl", changed))) != base
    assert "expressions: " in base and "walk: " in base and "attributes_deep: " in base
    assert "R('main.tf',3,3,3,8)" in base and "int:1" in base
