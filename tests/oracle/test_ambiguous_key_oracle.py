"""syntax.hcl-error's "Ambiguous attribute key" against `terraform validate` (HCL raises it
when it evaluates the object, not when it parses it: init accepts the file)."""

from __future__ import annotations

from pathlib import Path

from tests.oracle.oracle import require_oracle, validate_diagnostics
from tests.parse.test_ambiguous_key import CASES
from tfjudge.parse.hcl import parse_hcl
from tfjudge.source import SourceFile


def test_the_same_keys_are_refused(tmp_path: Path) -> None:
    require_oracle()
    text = 'variable "x" {\n  default = "y"\n}\n\nlocals {\n  k = "a"\n}\n\n'
    expected: set[int] = set()
    for index, (key, ambiguous) in enumerate(CASES):
        line = text.count("\n") + 2
        text += f'output "case{index}" {{\n  value = {{ {key} = 1 }}\n}}\n'
        if ambiguous:
            expected.add(line)
    (tmp_path / "main.tf").write_text(text, encoding="utf-8")
    refused = {
        d["range"]["start"]["line"]
        for d in validate_diagnostics(tmp_path)
        if d["summary"] == "Ambiguous attribute key"
    }
    ours = {
        e.range.start_line
        for e in parse_hcl(SourceFile("main.tf", "hcl", text)).errors
        if e.summary == "Ambiguous attribute key"
    }
    assert refused == expected
    assert ours == expected
