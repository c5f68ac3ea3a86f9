"""What the AWS schema costs an analysis (target, issue 5: <= 20 ms added per answer).

    python benchmarks/bench_schema.py [--repeat N]

- cold start: a fresh process opens the shipped schema and decodes the types of the
  generated 2,000-line answer (what the first analysis of a `tfjudge analyze` pays);
- per answer: for each corpus answer (and the generated one), parsed beforehand, the time
  the schema rules take from cold schema caches: opening the index, reading and decoding
  the types used, every check. Prints the median and the worst.

Times are CPU time of this process (`time.process_time`), best of N: the machines these
run on are shared, and wall time measures the neighbours as much as tfjudge.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import synthetic_answer

from tfjudge.analysis import analyze, parse_answer
from tfjudge.response.loader import load_response
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import all_rules
from tfjudge.schema.store import known_versions

ROOT = Path(__file__).resolve().parents[1]
CORPUS = next((d / "shared" / "corpus" for d in ROOT.parents if (d / "shared").is_dir()), ROOT)

COLD = """
import time
import tfjudge.analysis  # what any analysis has imported before the schema is needed
start = time.process_time()
from tfjudge.schema.store import known_versions, newest
version = newest("aws")
for kind, name in {types!r}:
    version.schema(kind, name)
for other in known_versions("aws"):  # the others' indexes: borrowed deprecations, version notes
    other.index
print((time.process_time() - start) * 1000)
"""


def forget() -> None:
    """Empty the schema caches, as in a new process."""
    for version in known_versions("aws"):
        version._index = None
        version._decoded.clear()
        version._deprecated.clear()


def schema_cost(path: Path, repeat: int) -> float:
    """Milliseconds the schema rules take on an answer parsed beforehand, caches cold."""
    answer = parse_answer(load_response(path))
    rules = [r for r in all_rules().values() if r.family == "schema"]
    best = float("inf")
    for _ in range(repeat):
        forget()
        context = RuleContext(answer.response, answer.documents, answer.configuration)
        start = time.process_time()
        for current in rules:
            context.rule = current
            list(current.check(context))
        best = min(best, time.process_time() - start)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        generated = Path(directory) / "generated-2000.md"
        generated.write_text(synthetic_answer(2000))
        analysis = analyze(generated)
        types = sorted(
            {
                (b.type, b.labels[0])
                for b in analysis.answer.configuration.all_blocks()
                if b.type in ("resource", "data") and b.labels
            }
        )
        command = [sys.executable, "-c", COLD.format(types=types)]
        colds = [
            float(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
            for _ in range(arguments.repeat)
        ]
        print(
            f"cold start: open the schemas and decode {len(types)} types: "
            f"{min(colds):.1f} ms (best of {arguments.repeat})"
        )
        paths = [
            generated,
            *sorted(CORPUS.glob("**/MODEL_RESPONSE.md")),
            *sorted(CORPUS.glob("**/IDEAL_RESPONSE.md")),
        ]
        added = [(schema_cost(path, arguments.repeat), path) for path in paths]
        costs = sorted(cost for cost, _ in added)
        worst, worst_path = max(added)
        print(
            f"per answer ({len(paths)} answers): schema rules add median "
            f"{statistics.median(costs):.1f} ms, worst {worst:.1f} ms "
            f"({worst_path.parent.name}/{worst_path.name}); target <= 20 ms"
        )


if __name__ == "__main__":
    main()
