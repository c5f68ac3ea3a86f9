"""syntax.hcl-error against `terraform init`: same files flagged, same first error line.

Each case is a module of one root configuration, so terraform parses them all in one
run. The cases are the error table of tests/parse plus deterministic mutations (cut, dropped brace, dropped
comma, dropped quote) of valid configurations.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.oracle.oracle import init_diagnostics, require_oracle
from tests.parse.test_hcl_errors import CASES, VALID
from tfjudge.parse.hcl import parse_hcl
from tfjudge.source import SourceFile

DATA = Path(__file__).resolve().parents[1] / "data" / "valid"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SYNTAX_SUMMARIES = {
    "Unclosed configuration block",
    "Missing newline after argument",
    "Missing item separator",
    "Missing attribute separator",
    "Invalid multi-line string",
    "Unterminated template string",
    "Unterminated tuple constructor expression",
    "Invalid character",
    "Invalid expression",
    "Argument or block definition required",
    "Invalid single-argument block definition",
    "Missing attribute value",
    "Missing argument separator",
    "Attribute redefined",
    "Unclosed template interpolation sequence",
    "Missing expression",
    "Unterminated function call",
    "Extra characters after interpolation expression",
    "Invalid argument name",
}


def valid_sources() -> list[str]:
    sources = [p.read_text() for p in sorted(DATA.glob("*.tf"))]
    if CORPUS.is_dir():
        from tfjudge.response.loader import load_response

        for ideal in sorted(CORPUS.glob("real/*/IDEAL_RESPONSE.md"))[:12]:
            sources += [
                f.text
                for f in load_response(ideal).files
                if f.path.endswith(".tf") and 40 < f.line_count < 1500
            ]
    return sources


def mutations(text: str, rng: random.Random) -> list[str]:
    lines = text.split("\n")
    out: list[str] = []
    cut = rng.randrange(len(lines) // 3, len(lines) - 1)
    out.append("\n".join(lines[:cut]) + "\n")
    braces = [i for i, line in enumerate(lines) if line.strip() == "}"]
    if braces:
        drop = rng.choice(braces)
        out.append("\n".join(lines[:drop] + lines[drop + 1 :]))
    commas = [i for i, line in enumerate(lines) if line.rstrip().endswith('",')]
    if commas:
        index = rng.choice(commas)
        out.append("\n".join([*lines[:index], lines[index].rstrip()[:-1], *lines[index + 1 :]]))
    quoted = [i for i, line in enumerate(lines) if line.count('"') == 2 and "=" in line]
    if quoted:
        index = rng.choice(quoted)
        line = lines[index]
        out.append("\n".join([*lines[:index], line[: line.rindex('"')], *lines[index + 1 :]]))
    return out


@pytest.mark.oracle
def test_first_syntax_error_matches_terraform(tmp_path: Path) -> None:
    require_oracle()
    rng = random.Random(20261130)
    cases = [text for _, text, _, _ in CASES] + VALID
    for source in valid_sources():
        cases += mutations(source, rng)
    names = []
    calls = []
    for index, text in enumerate(cases):
        module = f"case{index:03d}"
        (tmp_path / module).mkdir()
        (tmp_path / module / "main.tf").write_text(text)
        calls.append(f'module "{module}" {{\n  source = "./{module}"\n}}\n')
        names.append(f"{module}/main.tf")
    (tmp_path / "main.tf").write_text("".join(calls))
    diagnostics = init_diagnostics(tmp_path)
    first_by_file: dict[str, int] = {}
    for diagnostic in diagnostics:
        if diagnostic.summary in SYNTAX_SUMMARIES and diagnostic.file not in first_by_file:
            first_by_file[diagnostic.file] = diagnostic.line
    agree, disagreements = 0, []
    for name, text in zip(names, cases, strict=True):
        errors = parse_hcl(SourceFile(name, "hcl", text)).errors
        ours = errors[0].range.start_line if errors else None
        theirs = first_by_file.get(name)
        if ours == theirs:
            agree += 1
        else:
            disagreements.append(f"{name}: tfjudge {ours}, terraform {theirs}")
    flagged_ours = {
        n for n, t in zip(names, cases, strict=True) if parse_hcl(SourceFile(n, "hcl", t)).errors
    }
    assert flagged_ours == set(first_by_file), "different files flagged"
    assert not disagreements, f"{agree}/{len(cases)} agree; " + "; ".join(disagreements[:20])
