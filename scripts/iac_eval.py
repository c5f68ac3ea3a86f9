"""tfjudge on IaC-Eval answers whose `terraform plan` result is known: docs/iac-eval.md.

    python scripts/iac_eval.py RESULTS.csv [--show]

RESULTS.csv is an IaC-Eval results file (columns `Prompt`, `Reference output`,
`LLM Output #0`, `LLM Plannable? #0`, `LLM Plan Phase Error #0`), such as
`evaluation/results/Ollama-deepseek-coder-v2:16b/complete/evaluation-dataset-for-data.csv`
of github.com/PierreLAURENT94/iac-eval-tsp (commit 899360e): 140 IaC-Eval tasks, one model
answer each, planned by real terraform. Each answer is analysed with its prompt, in process,
and so is each task's reference solution:

- recall: the answers terraform could not plan that get a critical finding;
- the answers terraform planned that get one (plan passing does not make them deployable:
  `apply` can still fail, so these are to read, not to count as false);
- the critical and high findings on the reference solutions, per rule.

`--show` prints the missed plan failures and every critical finding on a planned answer.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections import Counter
from pathlib import Path

from tfjudge.analysis import Settings, analyze
from tfjudge.findings import Finding

csv.field_size_limit(sys.maxsize)


def findings_of(folder: Path, name: str, text: str, prompt: Path) -> list[Finding]:
    answer = folder / name
    answer.write_text(text, encoding="utf-8")
    return analyze(answer, prompt, None, Settings()).findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", type=Path)
    parser.add_argument("--show", action="store_true")
    arguments = parser.parse_args()
    with arguments.results.open(encoding="utf-8", errors="replace") as handle:
        rows = list(csv.DictReader(handle))
    caught = missed = planned_critical = planned_clean = 0
    on_references: Counter[tuple[str, str]] = Counter()
    with tempfile.TemporaryDirectory() as directory:
        for index, row in enumerate(rows):
            folder = Path(directory) / f"{index:03d}"
            folder.mkdir()
            prompt = folder / "PROMPT.md"
            prompt.write_text(row["Prompt"], encoding="utf-8")
            answer = findings_of(folder, "answer.md", row["LLM Output #0"], prompt)
            critical = [f for f in answer if f.severity.value == "critical"]
            if row["LLM Plannable? #0"] == "False":
                caught += bool(critical)
                missed += not critical
                if not critical and arguments.show:
                    error = " ".join(row["LLM Plan Phase Error #0"].split())[:160]
                    print(f"missed {index}: {error}")
            else:
                planned_critical += bool(critical)
                planned_clean += not critical
                if critical and arguments.show:
                    for f in critical:
                        print(f"planned {index}: {f.rule} line {f.line}: {f.message[:120]}")
            reference = "```hcl\n" + row["Reference output"] + "\n```\n"
            for f in findings_of(folder, "reference.md", reference, prompt):
                if f.severity.value in ("critical", "high"):
                    on_references[(f.severity.value, f.rule)] += 1
    print(f"{len(rows)} tasks")
    print(f"answers terraform could not plan: {caught} with a critical finding, {missed} without")
    print(
        f"answers terraform planned: {planned_critical} with a critical finding, "
        f"{planned_clean} without"
    )
    print("critical and high findings on the reference solutions:")
    for (severity, rule), count in sorted(on_references.items(), key=lambda item: -item[1]):
        print(f"  {count:4d} {severity} {rule}")


if __name__ == "__main__":
    main()
