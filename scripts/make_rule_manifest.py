#!/usr/bin/env python3
"""Generate src/tfjudge/data/rules/manifest.json from the rules themselves: for each rule
module, the inputs its rules require besides the answer (`requires`) and the resource and
data source types they apply to (`applies_to`), so that an analysis imports only the rule
modules that can find something in its answer. Modules that need nothing are left out.

Usage: python scripts/make_rule_manifest.py

Run it after adding a rule or changing a rule's `requires` or `applies_to`;
tests/rules/test_registry.py fails while the manifest is out of date.
"""

from __future__ import annotations

import json
from pathlib import Path

from tfjudge.rules.registry import MANIFEST, all_rules, manifest_of
from tfjudge.shipped import DATA


def manifest_text() -> str:
    return json.dumps(manifest_of(all_rules().values()), indent=1, sort_keys=True) + "\n"


def main() -> None:
    output: Path = DATA / MANIFEST
    output.write_text(manifest_text(), encoding="utf-8")
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
