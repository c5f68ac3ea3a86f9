"""tfjudge and checkov side by side on the same extracted Terraform files.

    python -m venv /tmp/checkov-venv && /tmp/checkov-venv/bin/pip install checkov
    python benchmarks/compare_checkov.py --checkov /tmp/checkov-venv/bin/checkov [--cases DIR]

checkov is installed in a benchmark environment of its own, never as a dependency of
tfjudge. Every MODEL_RESPONSE.md and IDEAL_RESPONSE.md of the corpus is extracted once
with tfjudge's loader (the files a reader of the answer would save); then each tool runs
as a process on that directory, one run per answer, timed as wall time:
`tfjudge analyze DIR --format json` and `checkov -d DIR --framework terraform -o json
--skip-download` (offline, as tfjudge is). With `--mode batch`, each tool also runs over
all the directories at once (`tfjudge analyze DIR...`, `checkov -d` of their common
parent): start-up paid once; tfjudge then shares the answers out over the cores
(`analyze -j`, one worker per core by default), as a user running it over many answers
gets. tfjudge runs three times there and its median counts; checkov runs once.

Printed (Markdown tables): the wall time and the CPU time (the process and every process
it waited for) of each tool and the ratios; findings of each;
for the cases with labels, which of tfjudge's security.* labels (found by tfjudge) checkov
also finds (a failed check of a mapped id on the same resource address); and checkov's
failed checks on the ideals next to tfjudge's critical and high findings there.
Targets (issue 7): tfjudge >= 20x faster; no critical/high tfjudge finding on an ideal.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = next(
    (d / "shared" / "corpus" for d in ROOT.parents if (d / "shared" / "corpus").is_dir()),
    ROOT.parent / "shared" / "corpus",
)

# offline like tfjudge: no download of guidelines from Prisma Cloud (there is no network)
CHECKOV_FLAGS = ("--framework", "terraform", "-o", "json", "--quiet", "--skip-download")

# checkov check ids that judge what a tfjudge security rule judges
CHECKOV_TO_TFJUDGE = {
    "CKV2_AWS_6": "security.s3-public-access-block-missing",
    "CKV_AWS_53": "security.s3-public-access-block-missing",
    "CKV_AWS_54": "security.s3-public-access-block-missing",
    "CKV_AWS_55": "security.s3-public-access-block-missing",
    "CKV_AWS_56": "security.s3-public-access-block-missing",
    "CKV_AWS_19": "security.s3-encryption-missing",
    "CKV_AWS_145": "security.s3-encryption-missing",
    "CKV_AWS_21": "security.s3-versioning-missing",
    "CKV2_AWS_61": "security.s3-lifecycle-missing",
    "CKV_AWS_300": "security.s3-lifecycle-missing",
    "CKV_AWS_355": "security.iam-wildcard-resource",
    "CKV_AWS_290": "security.iam-wildcard-resource",
    "CKV_AWS_289": "security.iam-wildcard-resource",
    "CKV_AWS_288": "security.iam-wildcard-resource",
    "CKV_AWS_111": "security.iam-wildcard-resource",
    "CKV_AWS_109": "security.iam-wildcard-resource",
    "CKV_AWS_63": "security.iam-wildcard-action",
    "CKV_AWS_62": "security.iam-wildcard-action",
    "CKV_AWS_286": "security.iam-wildcard-action",
    "CKV_AWS_287": "security.iam-wildcard-action",
    "CKV2_AWS_64": "security.kms-key-policy-missing",
    "CKV_AWS_7": "security.kms-rotation-disabled",
    "CKV_AWS_24": "security.sg-open-ingress",
    "CKV_AWS_25": "security.sg-open-ingress",
    "CKV_AWS_260": "security.sg-open-ingress",
    "CKV_AWS_277": "security.sg-open-ingress",
    "CKV_AWS_16": "security.rds-unencrypted",
    "CKV_AWS_96": "security.rds-unencrypted",
    "CKV_AWS_17": "security.rds-public",
    "CKV_AWS_41": "security.hardcoded-secret",
    "CKV_AWS_45": "security.hardcoded-secret",
    "CKV_AWS_338": "security.log-group-retention-missing",
    "CKV_AWS_66": "security.log-group-retention-missing",
    "CKV_AWS_76": "security.apigw-access-logging-missing",
    "CKV2_AWS_4": "security.apigw-access-logging-missing",
}


@dataclass
class Run:
    seconds: float
    findings: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""
    cpu: float = 0.0  # seconds of CPU, the process and those it waited for


@dataclass
class Case:
    name: str
    kind: str  # "model" or "ideal"
    directory: Path
    labels: list[dict[str, Any]] = field(default_factory=list)
    tfjudge: Run | None = None
    checkov: Run | None = None


def extract(markdown: Path, directory: Path) -> None:
    """The answer's files, as tfjudge's loader names them (Terraform files and the rest)."""
    from tfjudge.response.loader import load_response

    response = load_response(markdown)
    for source in response.files:
        target = directory / source.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.text, encoding="utf-8")


def timed(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Run a command: its wall time, and the CPU time (user + system) of it and every
    process it waited for (tfjudge's workers, checkov's), less noisy than wall time on a
    shared machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def run_tfjudge(command: list[str], directory: Path) -> Run:
    wall, cpu, done = timed(
        [*command, "analyze", str(directory), "--format", "json", "--fail-on", "never"]
    )
    try:
        return Run(wall, json.loads(done.stdout).get("findings", []), cpu=cpu)
    except json.JSONDecodeError:
        return Run(wall, error=done.stderr.strip()[-200:], cpu=cpu)


def run_checkov(command: list[str], directory: Path) -> Run:
    wall, cpu, done = timed([*command, "-d", str(directory), *CHECKOV_FLAGS])
    return Run(wall, failed_checks(done.stdout), done.stderr.strip()[-200:], cpu=cpu)


def failed_checks(output: str) -> list[dict[str, Any]]:
    """checkov's failed checks: its JSON output is one report, a list of reports, or (with
    several `-d`) reports written one after another."""
    decoder = json.JSONDecoder()
    reports: list[Any] = []
    at = 0
    while at < len(output):
        while at < len(output) and output[at].isspace():
            at += 1
        if at >= len(output):
            break
        try:
            value, at = decoder.raw_decode(output, at)
        except json.JSONDecodeError:
            break
        reports.extend(value if isinstance(value, list) else [value])
    return [
        check
        for report in reports
        if isinstance(report, dict)
        for check in report.get("results", {}).get("failed_checks", [])
    ]


def checkov_finds(run: Run, rule: str, address: str | None) -> bool:
    for check in run.findings:
        if CHECKOV_TO_TFJUDGE.get(check.get("check_id", "")) != rule:
            continue
        resource = str(check.get("resource", ""))
        if address is None or resource == address or resource.endswith("." + address):
            return True
    return False


def cases(root: Path, work: Path) -> list[Case]:
    found: list[Case] = []
    folders = sorted({p.parent for p in root.glob("**/MODEL_RESPONSE.md")})
    for folder in folders:
        labels_file = folder / "labels.json"
        labels = json.loads(labels_file.read_text())["expected"] if labels_file.is_file() else []
        for kind, file in (("model", "MODEL_RESPONSE.md"), ("ideal", "IDEAL_RESPONSE.md")):
            if not (folder / file).is_file():
                continue
            directory = work / folder.relative_to(root) / kind
            directory.mkdir(parents=True)
            extract(folder / file, directory)
            found.append(Case(folder.name, kind, directory, labels if kind == "model" else []))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description="tfjudge and checkov side by side")
    parser.add_argument("--checkov", default=shutil.which("checkov") or "checkov")
    parser.add_argument("--tfjudge", default=str(Path(sys.executable).parent / "tfjudge"))
    parser.add_argument("--cases", type=Path, default=CORPUS)
    parser.add_argument(
        "--mode",
        choices=("each", "batch", "both"),
        default="both",
        help="one process per answer, one process for all answers, or both",
    )
    arguments = parser.parse_args()
    tfjudge, checkov = [arguments.tfjudge], [arguments.checkov]
    with tempfile.TemporaryDirectory() as scratch:
        all_cases = cases(arguments.cases, Path(scratch))
        if arguments.mode in ("batch", "both"):
            batch(tfjudge, checkov, all_cases)
        if arguments.mode == "batch":
            return 0
        for case in all_cases:
            case.tfjudge = run_tfjudge(tfjudge, case.directory)
            case.checkov = run_checkov(checkov, case.directory)
            print(
                f"{case.name:20} {case.kind:5} tfjudge {case.tfjudge.seconds:6.2f}s "
                f"checkov {case.checkov.seconds:6.2f}s",
                file=sys.stderr,
            )
    report(all_cases)
    return 0


def batch(tfjudge: list[str], checkov: list[str], all_cases: list[Case]) -> None:
    """Both tools once over every extracted answer: start-up paid once."""
    directories = [str(c.directory) for c in all_cases]
    # tfjudge's run is short, so one burst of load on a shared machine moves it by a
    # third: it runs three times and the median counts (checkov's minute evens bursts out)
    runs = [
        timed([*tfjudge, "analyze", *directories, "--format", "json", "--fail-on", "never"])
        for _ in range(3)
    ]
    runs.sort(key=lambda run: run[0])
    tf_seconds, tf_cpu, done = runs[1]
    tf_findings = sum(len(a.get("findings", [])) for a in json.loads(done.stdout or "[]"))
    # checkov 3.3 given several `-d` reports one resource per directory: give it their parent
    root = Path(os.path.commonpath(directories))
    ck_seconds, ck_cpu, done = timed([*checkov, "-d", str(root), *CHECKOV_FLAGS])
    ck_findings = len(failed_checks(done.stdout))
    print(f"## Speed, one process for all {len(all_cases)} extracted answers and ideals\n")
    print("| tool | wall time (s) | CPU time (s) | findings |")
    print("|---|---:|---:|---:|")
    print(f"| tfjudge (median of 3) | {tf_seconds:.1f} | {tf_cpu:.1f} | {tf_findings} |")
    print(f"| checkov | {ck_seconds:.1f} | {ck_cpu:.1f} | {ck_findings} |")
    print(
        f"\ntfjudge is {ck_seconds / tf_seconds:.1f}x faster (wall time) and uses "
        f"{ck_cpu / tf_cpu:.1f}x less CPU.\n",
        flush=True,
    )


def report(all_cases: list[Case]) -> None:
    done = [c for c in all_cases if c.tfjudge and c.checkov]
    tf_time = sum(c.tfjudge.seconds for c in done if c.tfjudge)
    ck_time = sum(c.checkov.seconds for c in done if c.checkov)
    tf_cpu = sum(c.tfjudge.cpu for c in done if c.tfjudge)
    ck_cpu = sum(c.checkov.cpu for c in done if c.checkov)
    print(f"## Speed ({len(done)} extracted answers and ideals, one process per answer)\n")
    print("| tool | wall time (s) | per answer (s) | CPU time (s) | findings |")
    print("|---|---:|---:|---:|---:|")
    tf_findings = sum(len(c.tfjudge.findings) for c in done if c.tfjudge)
    ck_findings = sum(len(c.checkov.findings) for c in done if c.checkov)
    print(f"| tfjudge | {tf_time:.1f} | {tf_time / len(done):.2f} | {tf_cpu:.1f} | {tf_findings} |")
    print(f"| checkov | {ck_time:.1f} | {ck_time / len(done):.2f} | {ck_cpu:.1f} | {ck_findings} |")
    print(
        f"\ntfjudge is {ck_time / tf_time:.1f}x faster (wall time) and uses "
        f"{ck_cpu / tf_cpu:.1f}x less CPU.\n"
    )

    print("## tfjudge's security.* labels: which checkov also finds\n")
    print("| case | label | address | tfjudge | checkov |")
    print("|---|---|---|:-:|:-:|")
    hits = Counter[str]()
    for case in done:
        for label in case.labels:
            rule = label["rule"]
            if not rule.startswith("security."):
                continue
            address = label.get("address")
            ours = any(
                f.get("rule") == rule and (address is None or f.get("address") == address)
                for f in (case.tfjudge.findings if case.tfjudge else [])
            )
            theirs = case.checkov is not None and checkov_finds(case.checkov, rule, address)
            hits["labels"] += 1
            hits["tfjudge"] += ours
            hits["checkov"] += theirs
            mark = {True: "yes", False: "no"}
            print(f"| {case.name} | {rule} | {address} | {mark[ours]} | {mark[theirs]} |")
    print(
        f"\nsecurity.* labels: tfjudge {hits['tfjudge']}/{hits['labels']}, "
        f"checkov {hits['checkov']}/{hits['labels']}.\n"
    )

    print("## On the ideals (working solutions)\n")
    print("| case | checkov failed checks | tfjudge findings | tfjudge critical/high |")
    print("|---|---:|---:|---:|")
    totals = Counter[str]()
    for case in done:
        if case.kind != "ideal" or not case.tfjudge or not case.checkov:
            continue
        severe = [f for f in case.tfjudge.findings if f.get("severity") in ("critical", "high")]
        totals["checkov"] += len(case.checkov.findings)
        totals["tfjudge"] += len(case.tfjudge.findings)
        totals["severe"] += len(severe)
        print(
            f"| {case.name} | {len(case.checkov.findings)} | {len(case.tfjudge.findings)} "
            f"| {len(severe)} |"
        )
    print(
        f"| **all** | **{totals['checkov']}** | **{totals['tfjudge']}** | **{totals['severe']}** |"
    )


if __name__ == "__main__":
    sys.exit(main())
