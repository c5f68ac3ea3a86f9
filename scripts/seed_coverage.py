"""Write docs/seed-coverage.md: every labelled item of the five seed answers and the finding
that covers it, or the reviewed reason no static reader finds it.

The seed answers are the folders of the shared real corpus that hold `labels.json`
(`../shared/corpus/real/Pr*/labels.json`, made by reading each seed's failure analysis
against the model's answer). Each folder is analysed once through the library, exactly as

    tfjudge analyze MODEL_RESPONSE.md --prompt PROMPT.md --ideal IDEAL_RESPONSE.md

and its labels are matched to the findings with the rule of `../shared/tools/score.py`
(`match` below is a copy of it): same rule, same address when the label has one, nearest
line (within 6 lines when the label has no address), each finding covering one label.

Items not found take their reason from docs/seed-misses.toml (case + rule + address, written
by reading the seed and the answer); a missed item without one shows as
"not found (no reason recorded)", so a regression is visible in the document.

    python scripts/seed_coverage.py [--cases DIR] [--pin]

`--pin` also rewrites tests/real/seed_found.json, the items expected found today, which
tests/real/test_seed_items.py checks on every run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "seed-coverage.md"
MISSES = ROOT / "docs" / "seed-misses.toml"
PIN = ROOT / "tests" / "real" / "seed_found.json"
LINE_SLACK = 6  # score.py's line_slack


def default_cases() -> Path:
    """../shared/corpus/real beside the checkout or beside the parent of a worktree."""
    for parent in ROOT.parents:
        if (parent / "shared" / "corpus" / "real").is_dir():
            return parent / "shared" / "corpus" / "real"
    return ROOT.parent / "shared" / "corpus" / "real"


def seed_folders(cases: Path) -> list[Path]:
    return sorted(p.parent for p in cases.glob("*/labels.json"))


def match(
    labels: list[dict[str, Any]], findings: list[dict[str, Any]], line_slack: int = LINE_SLACK
) -> dict[int, int]:
    """score.py's greedy one-to-one matching: label index -> index of the finding covering it."""
    used: set[int] = set()
    covered: dict[int, int] = {}
    for li, label in enumerate(labels):
        best, best_d = None, None
        for fi, finding in enumerate(findings):
            if fi in used or finding.get("rule") != label["rule"]:
                continue
            if label.get("address") and finding.get("address") != label["address"]:
                continue
            fl, ll = finding.get("response_line") or None, label.get("line")
            if not label.get("address") and ll and fl and abs(fl - ll) > line_slack:
                continue
            d = abs(fl - ll) if (fl and ll) else 10_000
            if best_d is None or d < best_d:
                best, best_d = fi, d
        if best is not None:
            used.add(best)
            covered[li] = best
    return covered


def analyse(folder: Path) -> list[dict[str, Any]]:
    """The findings of `tfjudge analyze` on the folder's answer, in the JSON contract's form."""
    from tfjudge.analysis import analyze

    prompt = folder / "PROMPT.md"
    ideal = folder / "IDEAL_RESPONSE.md"
    result = analyze(
        folder / "MODEL_RESPONSE.md",
        prompt if prompt.exists() else None,
        ideal if ideal.exists() else None,
    )
    return [f.to_dict() for f in result.findings]


def item_key(label: dict[str, Any]) -> tuple[str, str | None, int | None]:
    """How a labelled item is named in the pin file and the misses file."""
    return (label["rule"], label.get("address"), label.get("line"))


@dataclass
class SeedResult:
    case: str
    seed: str
    labels: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    covered: dict[int, int]
    not_static: list[dict[str, Any]] = field(default_factory=list)

    def found_items(self) -> list[dict[str, Any]]:
        return [self.labels[i] for i in sorted(self.covered)]


def run_seed(folder: Path, findings: list[dict[str, Any]] | None = None) -> SeedResult:
    data = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    labels = data["expected"]
    findings = analyse(folder) if findings is None else findings
    return SeedResult(
        folder.name,
        data.get("seed", ""),
        labels,
        findings,
        match(labels, findings),
        data.get("not_statically_detectable", []),
    )


def load_misses(path: Path = MISSES) -> dict[tuple[str, str, str | None], dict[str, str]]:
    """(case, rule, address) -> {reason, kind} from the reviewed misses file."""
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {(m["case"], m["rule"], m.get("address")): m for m in data.get("miss", [])}


def pin_data(results: list[SeedResult]) -> dict[str, Any]:
    return {
        "about": "Labelled items of the seed answers that tfjudge finds today "
        "(written by scripts/seed_coverage.py --pin; checked by tests/real/test_seed_items.py).",
        "cases": {
            r.case: [
                {"rule": rule, "address": address, "line": line}
                for rule, address, line in (item_key(x) for x in r.found_items())
            ]
            for r in results
        },
    }


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _code(text: object) -> str:
    return f"`{text}`" if text not in (None, "") else "—"


def render(
    results: list[SeedResult], misses: dict[tuple[str, str, str | None], dict[str, str]]
) -> str:
    total = sum(len(r.labels) for r in results)
    found = sum(len(r.covered) for r in results)
    out = [
        "# Seed coverage",
        "",
        "Every labelled item of the five seed answers (`../shared/corpus/real/*/labels.json`)",
        "and the tfjudge finding that covers it, matched as `../shared/tools/score.py` matches",
        "them (same rule, same address, nearest line). Items not found carry the reviewed reason",
        "from `docs/seed-misses.toml`. Generated by `python scripts/seed_coverage.py`; do not",
        "edit by hand.",
        "",
        "The *seed item* column is the heading of the folder's `MODEL_FAILURES.md` that the label",
        "comes from (for Pr3955 that file has 26 items, the seed text in `../shared/seeds/` 20).",
        "Kinds of miss: *pending rule* (in the catalogue, built on another branch), *gap* (a rule",
        "could find it; what is missing is said), *not static* (the text does not establish it),",
        "*pairing* (reported under another ideal address).",
        "",
        "| case | seed | found | labelled | missed |",
        "|---|---|---:|---:|---:|",
    ]
    for r in results:
        out.append(
            f"| {r.case} | {r.seed} | {len(r.covered)} | {len(r.labels)} "
            f"| {len(r.labels) - len(r.covered)} |"
        )
    percent = f"{found / total:.1%}" if total else "n/a"
    out += [f"| **all** | | **{found}** | **{total}** | **{total - found}** |", ""]
    out += [f"Overall: {found}/{total} labelled items found ({percent}).", ""]
    kinds = Counter(
        _miss_kind(r, lab, misses)
        for r in results
        for i, lab in enumerate(r.labels)
        if i not in r.covered
    )
    if kinds:
        out += [
            "Misses by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) + ".",
            "",
        ]
    for r in results:
        out += _render_seed(r, misses)
    stale = sorted(
        key for key in misses if not any(_is_missed(r, key) for r in results if r.case == key[0])
    )
    if stale:
        out += ["## Recorded misses now found", ""]
        out += [
            "These entries of `docs/seed-misses.toml` no longer match a missed item; delete them.",
            "",
        ]
        out += [f"- {case} `{rule}` {_code(address)}" for case, rule, address in stale]
        out.append("")
    return "\n".join(out)


def _miss_kind(
    r: SeedResult, label: dict[str, Any], misses: dict[tuple[str, str, str | None], dict[str, str]]
) -> str:
    miss = misses.get((r.case, label["rule"], label.get("address")))
    return miss.get("kind", "not static") if miss else "no reason recorded"


def _is_missed(r: SeedResult, key: tuple[str, str, str | None]) -> bool:
    return any(
        (r.case, lab["rule"], lab.get("address")) == key
        for i, lab in enumerate(r.labels)
        if i not in r.covered
    )


def _render_seed(
    r: SeedResult, misses: dict[tuple[str, str, str | None], dict[str, str]]
) -> list[str]:
    out = [
        f"## {r.case} ({r.seed}): {len(r.covered)}/{len(r.labels)}",
        "",
        "| # | seed item | label: rule | address | line | covering finding (rule, address, line) |",
        "|---:|---|---|---|---:|---|",
    ]
    for i, lab in enumerate(r.labels, 1):
        if i - 1 in r.covered:
            f = r.findings[r.covered[i - 1]]
            where = f"{f.get('file') or ''}:{f.get('line') or ''}".strip(":")
            cover = (
                f"`{f['rule']}` {_code(f.get('address'))} "
                f"response line {f.get('response_line') or '—'} ({where or 'response'})"
            )
        else:
            miss = misses.get((r.case, lab["rule"], lab.get("address")))
            cover = (
                f"**not found** ({miss.get('kind', 'not static')}): {_cell(miss['reason'])}"
                if miss
                else "**not found (no reason recorded)**"
            )
        out.append(
            f"| {i} | {_cell(lab.get('seed_item') or '(not in the seed: read in the answer)')} "
            f"| `{lab['rule']}` "
            f"| {_code(lab.get('address'))} | {lab.get('line') or '—'} | {cover} |"
        )
    out.append("")
    if r.not_static:
        out += ["Seed items with no label (from `labels.json`, `not_statically_detectable`):", ""]
        out += [f"- {_cell(x['seed_item'])}: {_cell(x['why'])}" for x in r.not_static]
        out.append("")
    missed = Counter(r.labels[i]["rule"] for i in range(len(r.labels)) if i not in r.covered)
    if missed:
        out.append(
            "Missed by rule: " + ", ".join(f"`{k}` {n}" for k, n in sorted(missed.items())) + "."
        )
        out.append("")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=Path, default=default_cases())
    ap.add_argument("--out", type=Path, default=DOC)
    ap.add_argument("--misses", type=Path, default=MISSES)
    ap.add_argument("--pin", action="store_true", help=f"also rewrite {PIN.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    folders = seed_folders(args.cases)
    if not folders:
        print(f"no labels.json under {args.cases}", file=sys.stderr)
        return 2
    results = [run_seed(folder) for folder in folders]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(results, load_misses(args.misses)), encoding="utf-8")
    for r in results:
        print(f"{r.case:8} {len(r.covered):4}/{len(r.labels)}")
    print(f"wrote {args.out}")
    if args.pin:
        PIN.parent.mkdir(parents=True, exist_ok=True)
        PIN.write_text(json.dumps(pin_data(results), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {PIN}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
