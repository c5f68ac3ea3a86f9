"""Proof that a change to the HCL parser builds exactly the same model: dump, then compare.

    python scripts/hcl_equivalence.py save BASELINE.jsonl.gz [--dataset D.jsonl ...]
    python scripts/hcl_equivalence.py compare BASELINE.jsonl.gz [--dataset D.jsonl ...]

Inputs: every file extracted from every MODEL_RESPONSE.md / IDEAL_RESPONSE.md under
../shared/corpus (recursively), every .md/.tf/.tfvars/.hcl under tests/ and examples/,
the answers of the given datasets (benchmarks/make_dataset.py JSONL) and a generated
2,000-line answer. Every file, whatever its language, is parsed as it is and in variants
that reach the error paths and the non-ASCII column code: cut after two thirds and half
of its lines and in the middle of its text, three characters deleted at seeded random places, and a
non-ASCII letter put at the start of every quoted string after a space. Each parse is dumped with
`tests/parse/model_dump.py` (every node, field, range and error); `compare` prints the
first differing lines of every input whose dump changed and exits 1 if any did.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import time
from collections.abc import Iterator
from itertools import zip_longest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from generate import synthetic_answer  # noqa: E402
from tests.parse.model_dump import dump_document, variants  # noqa: E402

from tfjudge.parse.hcl import parse_hcl  # noqa: E402
from tfjudge.response.loader import load_response, load_text_input  # noqa: E402
from tfjudge.source import SourceFile  # noqa: E402

CORPUS = ROOT.parent.parent / "shared" / "corpus"
if not CORPUS.is_dir():
    CORPUS = ROOT.parent / "shared" / "corpus"
SUFFIXES = {".md", ".tf", ".tfvars", ".hcl"}


def edge_cases() -> Iterator[tuple[str, list[SourceFile]]]:
    """Nesting around the builder's depth limit, escapes, directives and heredocs."""
    texts = {}
    for depth in (98, 99, 100, 101, 102):
        texts[f"tuple-{depth}"] = "a = " + "[" * depth + "1" + "]" * depth
        texts[f"call-{depth}"] = "a = " + "f(" * depth + "1" + ")" * depth
        texts[f"paren-{depth}"] = "a = " + "(" * depth + "b.c" + ")" * depth + ".d"
        texts[f"object-{depth}"] = "a = " + "{k = " * depth + "1" + "}" * depth
        texts[f"block-{depth}"] = "b {\n" * depth + "x = 1\n" + "}\n" * depth
        texts[f"template-{depth}"] = 'a = "' + "${f(" * depth + "1" + ")}" * depth + '"'
        directives = "%{ if x }" * depth + "y" + "%{ endif }" * depth
        texts[f"directive-{depth}"] = f'a = "{directives}"'
        texts[f"not-{depth}"] = "a = " + "!" * depth + "x"
    texts["escapes"] = r'a = "\u00e9\U0001F600\n\t\"\\ $${x} %%{y} \q ${z}"'
    texts["strips"] = (
        "a = <<-EOT\n    %{~ for k, v in m ~}\n  ${k}=${v}\n    %{~ endfor ~}\n  EOT\n"
    )
    texts["splats"] = "a = x[*].y.z\nb = x.*.y[0]\nc = f(x...)[0].a\nd = x.0.y\ne = (x).y[*]"
    texts["for"] = "a = {for k, v in m : v => k... if k != null}\nb = [for x in l : x * 2]"
    for name, text in texts.items():
        yield f"edge-{name}", [SourceFile("main.tf", "hcl", text + "\n")]


def recorded(path: Path) -> Iterator[tuple[str, list[SourceFile]]]:
    """Texts recorded from parse_hcl calls (JSONL of path, language, text)."""
    for number, line in enumerate(path.read_text().splitlines()):
        row = json.loads(line)
        yield f"{path.name}:{number}", [SourceFile(row["path"], row["language"], row["text"])]


def answers(datasets: list[Path]) -> Iterator[tuple[str, list[SourceFile]]]:
    paths = sorted(CORPUS.glob("**/MODEL_RESPONSE.md")) + sorted(
        CORPUS.glob("**/IDEAL_RESPONSE.md")
    )
    for folder in ("tests", "examples"):
        paths += sorted(p for p in (ROOT / folder).rglob("*") if p.suffix in SUFFIXES)
    for path in paths:
        yield str(path), load_response(path).files
    for dataset in datasets:
        for line in dataset.read_text().splitlines():
            row = json.loads(line)
            yield f"{dataset.name}:{row['id']}", load_text_input(row["response"], row["id"]).files
    yield "generated-2000", load_text_input(synthetic_answer(2000), "generated.md").files
    yield from edge_cases()


def dumps(datasets: list[Path], texts: list[Path]) -> Iterator[tuple[str, str, int]]:
    sources = itertools.chain(answers(datasets), *(recorded(p) for p in texts))
    for label, files in sources:
        for file in files:
            for name, text in variants(file.text, f"{label}/{file.path}"):
                variant = SourceFile(file.path, file.language, text, file.source_line)
                key = f"{label}/{file.path}/{name}"
                yield key, dump_document(parse_hcl(variant)), variant.line_count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["save", "compare"])
    parser.add_argument("baseline", type=Path)
    parser.add_argument("--dataset", type=Path, action="append", default=[])
    help = "JSONL of texts (path, language, text), e.g. recorded from parse_hcl in a test run"
    parser.add_argument("--texts", type=Path, action="append", default=[], help=help)
    arguments = parser.parse_args()
    start = time.perf_counter()
    count = lines = 0
    if arguments.mode == "save":
        with gzip.open(arguments.baseline, "wt") as out:
            seen: set[str] = set()
            for key, text, n in dumps(arguments.dataset, arguments.texts):
                if key in seen:
                    raise SystemExit(f"two inputs named {key}")
                seen.add(key)
                out.write(json.dumps({"key": key, "dump": text}) + "\n")
                count += 1
                lines += n
        print(f"saved {count} dumps ({lines} lines parsed) in {time.perf_counter() - start:.1f} s")
        return
    with gzip.open(arguments.baseline, "rt") as stream:
        baseline = {row["key"]: row["dump"] for row in map(json.loads, stream)}
    differ = missing = 0
    for key, text, n in dumps(arguments.dataset, arguments.texts):
        count += 1
        lines += n
        expected = baseline.pop(key, None)
        if expected is None:
            missing += 1
            print(f"not in baseline: {key}")
        elif expected != text:
            differ += 1
            if differ <= 5:
                pairs = zip_longest(expected.split("\n"), text.split("\n"), fillvalue="<end>")
                at, (old, new) = next((i, p) for i, p in enumerate(pairs) if p[0] != p[1])
                print(f"DIFFERS: {key} at dump line {at + 1}")
                print(f"  before: {old}")
                print(f"  after : {new}")
    print(
        f"{count} dumps compared ({lines} lines parsed, {time.perf_counter() - start:.1f} s): "
        f"{differ} differ, {missing} new, {len(baseline)} baseline dumps not produced"
    )
    sys.exit(1 if differ or missing or baseline else 0)


if __name__ == "__main__":
    main()
