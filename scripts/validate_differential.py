"""tfjudge against `terraform validate` on a dataset of answers no one here wrote.

    python scripts/validate_differential.py ANSWERS.jsonl [--work DIR] [--chunk 25]
           [--part K/N] [--limit N] [--out RESULT.json]

ANSWERS.jsonl holds one answer per line (`id`, `response`, optional `prompt`), as
`tfjudge batch` reads them. Every answer terraform here can judge (the aws provider and
terraform's own; no registry module; every local module it calls present) is cut into its
root modules, and all of them are validated in batches of `--chunk` cases with the harness
of tests/oracle (tests/oracle/validate_harness.py: one terraform run validates many cases,
each a child module). Then, as tests/oracle/test_real_answers_oracle.py does for the
corpus:

- every error terraform reports is matched with a tfjudge finding on the same line of the
  same file (or its rule, for an error without a place): the errors without one are
  printed by summary;
- on a case terraform accepts, every syntax.*, core.* and schema.* finding terraform gives
  no warning about is printed (a false alarm, or what only plan sees).

Answers that call a local module they never provide are not validated (terraform init
stops at the first such module for the whole batch): their count, and how many of them
tfjudge reports with core.missing-module, are printed. `--part K/N` takes every N-th chunk
from the K-th, so two processes can share the work; `--provider-version 5` judges every
answer against the schema of the oracle's provider (5.100.0), for repositories pinned to
a newer one. Needs ../shared/tools/tf-oracle.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from tests.oracle import test_real_answers_oracle as corpus  # noqa: E402
from tests.oracle.validate_harness import Case, Verdict, validate_cases  # noqa: E402

from tfjudge.analysis import Analysis, PromptDocument, Settings, analyze_response  # noqa: E402
from tfjudge.response.loader import Response, load_text_input  # noqa: E402


def missing_modules(response: Response) -> bool:
    """Whether the answer calls a local module it does not provide (or one outside it)."""
    files = response.terraform_files
    directories = {f.directory for f in files if f.path.endswith(".tf")}
    for file in files:
        for source in corpus._module_sources(file.text):
            if source.startswith("../") and source.count("../") > file.path.count("/"):
                return True
            if corpus._join(file.directory, source) not in directories:
                return True
    return False


def judged_cases(
    rows: list[dict[str, Any]], settings: Settings
) -> tuple[list[Case], dict[str, str], dict[str, Analysis], Counter[str]]:
    cases: list[Case] = []
    owner: dict[str, str] = {}
    analyses: dict[str, Analysis] = {}
    skipped: Counter[str] = Counter()
    for row in rows:
        response = load_text_input(row["response"], f"{row['id']}.md")
        reason = corpus.unjudgeable(response)
        prompt = PromptDocument("PROMPT.md", row.get("prompt") or "")
        if reason is None and missing_modules(response):
            analysis = analyze_response(response, prompt, None, settings)
            reported = any(f.rule == "core.missing-module" for f in analysis.findings)
            skipped["calls a local module it does not provide"] += 1
            skipped["  of which reported by core.missing-module"] += reported
            continue
        if reason is not None:
            skipped[reason.split(" ")[0]] += 1
            continue
        analysis = analyze_response(response, prompt, None, settings)
        analyses[row["id"]] = analysis
        files = corpus.as_tfjudge_reads(analysis)
        for root in corpus.root_directories(response):
            name = f"case{len(cases):04d}"
            cases.append(Case(name, files, root))
            owner[name] = row["id"]
    return cases, owner, analyses, skipped


def compare(case: Case, verdict: Verdict, analysis: Analysis) -> dict[str, Any]:
    record: dict[str, Any] = {"root": case.root, "phase": verdict.phase, "errors": [], "fp": []}
    for diagnostic in verdict.errors:
        record["errors"].append(
            {
                "summary": diagnostic.summary,
                "file": diagnostic.file,
                "line": diagnostic.line,
                "rule": corpus._covered(diagnostic, analysis),
            }
        )
    if verdict.phase == "walk" and not verdict.errors:
        loaded = corpus._loaded_files(case)
        findings = [f for f in corpus.judged_findings(analysis) if f.file in loaded]
        for finding in corpus.not_warned(findings, verdict, analysis):
            record["fp"].append({"rule": finding.rule, "file": finding.file, "line": finding.line})
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("answers", type=Path)
    parser.add_argument("--work", type=Path, default=Path("differential-work"))
    parser.add_argument("--chunk", type=int, default=25)
    parser.add_argument("--part", default="0/1")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--provider-version",
        help="judge every answer against this provider major (5: the oracle's 5.100.0), "
        "as a repository pinned to >= 6 would otherwise be judged against 6.66.0",
    )
    args = parser.parse_args()
    options = {"provider_version": args.provider_version} if args.provider_version else {}
    rows = [json.loads(line) for line in args.answers.open(encoding="utf-8") if line.strip()]
    rows = rows[: args.limit] if args.limit else rows
    cases, owner, analyses, skipped = judged_cases(rows, Settings(options=options))
    part, parts = (int(n) for n in args.part.split("/"))
    chunks = [cases[i : i + args.chunk] for i in range(0, len(cases), args.chunk)][part::parts]
    shutil.rmtree(args.work, ignore_errors=True)
    results: list[dict[str, Any]] = []
    for index, chunk in enumerate(chunks):
        verdicts = validate_cases(args.work / f"chunk{index}", chunk, runs=60)
        for case in chunk:
            record = compare(case, verdicts[case.name], analyses[owner[case.name]])
            results.append({"id": owner[case.name], **record})
        print(f"chunk {index + 1}/{len(chunks)} validated", file=sys.stderr, flush=True)
    if args.out:
        args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    errors = [e for r in results for e in r["errors"]]
    covered = sum(1 for e in errors if e["rule"])
    accepted = [r for r in results if r["phase"] == "walk" and not r["errors"]]
    print(f"answers not validated: {dict(skipped)}")
    phases = Counter(r["phase"] for r in results)
    print(f"cases validated: {len(results)}; terraform stopped at {dict(phases)}")
    print(f"terraform errors: {len(errors)}, with a tfjudge finding at their place: {covered}")
    print(f"  without: {Counter(e['summary'] for e in errors if not e['rule']).most_common(20)}")
    fps = Counter(f["rule"] for r in accepted for f in r["fp"])
    print(f"cases terraform accepts: {len(accepted)}; judged findings on them: {dict(fps)}")


if __name__ == "__main__":
    main()
