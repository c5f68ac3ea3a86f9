"""A dataset of N answers for `tfjudge batch` benchmarks and tests, made by mutating real code.

    python benchmarks/make_dataset.py N OUT [--format jsonl|csv|parquet|cases]
           [--lines 500] [--seed 0] [--corpus DIR] [--poison K]

Sources: the valid configurations in tests/data/valid, the HCL blocks of examples/*.md and,
when a corpus is given (default ../shared/corpus, if present), the HCL of every
IDEAL_RESPONSE.md. Each answer takes top-level blocks from the sources until it has about
`--lines` lines of HCL, then applies what models get wrong (issue 10): dropping blocks,
renaming a reference, inserting a flaw of the seeds' kinds (an argument the provider lacks,
a name AWS rejects, a public database, a wildcard IAM policy, a hard-coded password, a
deprecated runtime, a missing separator), truncating the answer. Three "models" mutate at
different rates, so the report's comparison by model has something to show. The labels
`model` and `mutations` say what was done.

`--poison K` mixes in K of each answer that must not stop a run: a binary file, an empty
file, a 50 MB file and an answer whose shape makes the analysis run for minutes (unclosed
`resource` headers between prose lines, quadratic in the unfenced-HCL scanner). Binary
content needs `--format cases`.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "tests" / "data" / "valid"
EXAMPLES = ROOT / "examples"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
PROMPT = "Write a Terraform configuration for AWS as described. Answer with the code."
MODELS = {"model-a": 0.2, "model-b": 0.5, "model-c": 0.8}  # how often each mutation applies
_FENCE = re.compile(r"^```(?:hcl|terraform)\s*$(.*?)^```\s*$", re.MULTILINE | re.DOTALL)
_HEADER = re.compile(r'^(resource|data)\s+"(\w+)"\s+"(\w+)"')
_REFERENCE = re.compile(r"\b(aws_\w+)\.(\w+)\.")


def top_level_blocks(text: str) -> list[str]:
    """Split HCL into its top-level blocks by brace depth (strings and heredocs are rare enough
    at line starts in these sources for a line scanner)."""
    blocks: list[str] = []
    current: list[str] = []
    depth = 0
    for line in text.split("\n"):
        if depth == 0 and not line.strip():
            continue
        current.append(line)
        depth += line.count("{") - line.count("}")
        if depth <= 0:
            if any(part.strip() for part in current):
                blocks.append("\n".join(current))
            current, depth = [], 0
    return blocks


def sources(corpus: Path | None) -> list[list[str]]:
    texts = [p.read_text() for p in sorted(VALID.glob("*.tf"))]
    for markdown in sorted(EXAMPLES.glob("*.md")):
        texts += ["\n".join(_FENCE.findall(markdown.read_text()))]
    if corpus is not None and corpus.is_dir():
        for ideal in sorted(corpus.glob("**/IDEAL_RESPONSE.md")):
            hcl = "\n".join(_FENCE.findall(ideal.read_text(errors="replace")))
            if hcl.strip():
                texts.append(hcl)
    return [blocks for blocks in (top_level_blocks(t) for t in texts) if blocks]


# -- mutations ---------------------------------------------------------------------------

FLAWS = [
    ("unknown-argument", '  log_destination_arn = "arn:aws:s3:::logs"'),
    ("public-database", "  publicly_accessible = true"),
    ("hardcoded-password", '  password = "SuperSecret123!"'),
    ("invalid-name", '  name = "My_Service_Name_That_Is_Far_Too_Long_For_A_Load_Balancer"'),
    ("deprecated-runtime", '  runtime = "python3.7"'),
    ("missing-separator", '  tags = { Name = "x" Owner = "y" }'),
]
WILDCARD_POLICY = """resource "aws_iam_policy" "everything_{n}" {{
  name   = "everything-{n}"
  policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Action = "*", Resource = "*" }}]
  }})
}}"""


def mutate(blocks: list[str], rate: float, rng: random.Random) -> tuple[list[str], list[str]]:
    applied: list[str] = []
    if len(blocks) > 3 and rng.random() < rate:
        for _ in range(rng.randint(1, 3)):
            blocks.pop(rng.randrange(len(blocks)))
        applied.append("drop-blocks")
    if rng.random() < rate:
        for index, block in enumerate(blocks):
            match = _REFERENCE.search(block)
            if match and not _HEADER.match(block[match.start() :]):
                old = f"{match.group(1)}.{match.group(2)}."
                blocks[index] = block.replace(old, f"{match.group(1)}.{match.group(2)}_renamed.", 1)
                applied.append("rename-reference")
                break
    if rng.random() < rate:
        name, line = rng.choice(FLAWS)
        resources = [i for i, b in enumerate(blocks) if b.startswith("resource")]
        if resources:
            index = rng.choice(resources)
            head, _, tail = blocks[index].partition("\n")
            blocks[index] = f"{head}\n{line}\n{tail}"
            applied.append(name)
    if rng.random() < rate / 2:
        blocks.append(WILDCARD_POLICY.format(n=rng.randrange(1000)))
        applied.append("wildcard-policy")
    return blocks, applied


def answer(
    pool: list[list[str]], lines: int, rate: float, rng: random.Random
) -> tuple[str, list[str]]:
    chosen: list[str] = []
    count = 0
    copy = 0
    while count < lines:
        for block in rng.choice(pool):
            renamed = _rename_declaration(block, copy) if copy else block
            chosen.append(renamed)
            count += renamed.count("\n") + 2
            if count >= lines:
                break
        copy += 1
    chosen, applied = mutate(chosen, rate, rng)
    hcl = "\n\n".join(chosen)
    truncated = rng.random() < rate / 3
    if truncated:
        cut = rng.randrange(len(hcl) // 2, len(hcl))
        hcl = hcl[:cut]
        applied.append("truncate")
    text = f"Here is the Terraform configuration.\n\n### main.tf\n\n```hcl\n{hcl}\n"
    if not truncated:
        text += "```\n\nRun `terraform init` and `terraform apply` to deploy it.\n"
    return text, applied


def _rename_declaration(block: str, copy: int) -> str:
    """A second copy of a source's block gets its own name, so the answer stays valid."""
    match = _HEADER.match(block)
    if not match:
        return block
    _, type_name, name = match.groups()
    return block.replace(f'"{type_name}" "{name}"', f'"{type_name}" "{name}_{copy}"', 1)


# -- poison ------------------------------------------------------------------------------


def poison(kind: str) -> bytes:
    if kind == "binary":
        return bytes(range(256)) * 64
    if kind == "empty":
        return b""
    if kind == "huge":
        return b"```hcl\n" + b'locals { x = "' + b"a" * (50 * 1024 * 1024) + b'" }\n```\n'
    # unclosed resource headers between prose lines: minutes of unfenced-HCL scanning
    return b'resource "aws_s3_bucket" "b" {\nSome prose here\n' * 20000


POISONS = ("binary", "empty", "huge", "slow")


def records(
    count: int, lines: int, seed: int, corpus: Path | None, poisons: int
) -> Iterator[dict[str, Any]]:
    pool = sources(corpus)
    every = count // (poisons * len(POISONS) + 1) if poisons else 0
    kinds = [kind for _ in range(poisons) for kind in POISONS]
    for n in range(count):
        rng = random.Random(seed * 1_000_003 + n)
        model = list(MODELS)[n % len(MODELS)]
        if kinds and every and n % every == every - 1:
            kind = kinds.pop(0)
            yield {
                "id": f"answer-{n:06d}",
                "response": poison(kind),
                "prompt": PROMPT,
                "model": model,
                "mutations": f"poison-{kind}",
            }
            continue
        text, applied = answer(pool, lines, MODELS[model], rng)
        yield {
            "id": f"answer-{n:06d}",
            "response": text,
            "prompt": PROMPT,
            "model": model,
            "mutations": ",".join(applied) or "none",
        }


def write(path: Path, kind: str, rows: Iterator[dict[str, Any]]) -> None:
    if kind == "cases":
        for row in rows:
            case = path / row["id"]
            case.mkdir(parents=True, exist_ok=True)
            response = row["response"]
            data = response if isinstance(response, bytes) else response.encode()
            (case / "MODEL_RESPONSE.md").write_bytes(data)
            (case / "PROMPT.md").write_text(row["prompt"])
            labels = {"model": row["model"], "mutations": row["mutations"]}
            (case / "metadata.json").write_text(json.dumps(labels))
        return
    texts = ({**r, "response": _text(r["response"])} for r in rows)
    if kind == "jsonl":
        with path.open("w", encoding="utf-8") as stream:
            for row in texts:
                stream.write(json.dumps(row) + "\n")
    elif kind == "csv":
        with path.open("w", newline="", encoding="utf-8") as stream:
            writer = csv.DictWriter(
                stream, fieldnames=["id", "response", "prompt", "model", "mutations"]
            )
            writer.writeheader()
            writer.writerows(texts)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        batch: list[dict[str, Any]] = []
        writer = None
        for row in texts:
            batch.append(row)
            if len(batch) == 512:
                table = pa.Table.from_pylist(batch)
                writer = writer or pq.ParquetWriter(path, table.schema)
                writer.write_table(table)
                batch = []
        if batch:
            table = pa.Table.from_pylist(batch)
            writer = writer or pq.ParquetWriter(path, table.schema)
            writer.write_table(table)
        if writer:
            writer.close()


def _text(value: str | bytes) -> str:
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--format", choices=("jsonl", "csv", "parquet", "cases"), default="jsonl")
    parser.add_argument("--lines", type=int, default=500, help="HCL lines per answer")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--poison", type=int, default=0, help="poisoned answers of each kind")
    arguments = parser.parse_args()
    corpus = arguments.corpus if arguments.corpus.is_dir() else None
    rows = records(arguments.count, arguments.lines, arguments.seed, corpus, arguments.poison)
    write(arguments.output, arguments.format, rows)


if __name__ == "__main__":
    main()
