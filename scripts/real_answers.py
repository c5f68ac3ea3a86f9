"""Write docs/real-answers.md: tfjudge on the 41 real answers and their 41 ideals, judged
against the reviewers' failure analyses.

Every folder of the shared real corpus (`../shared/corpus/real/Pr*`) is analysed twice through
the library, one analysis per file:

    tfjudge analyze MODEL_RESPONSE.md --prompt PROMPT.md --ideal IDEAL_RESPONSE.md
    tfjudge analyze IDEAL_RESPONSE.md --prompt PROMPT.md

and the whole run is timed.

For the folders without `labels.json` (the 36 that are not seed answers), the reviewers' items
come from docs/real-review-items.json (a reviewed inventory of each `MODEL_FAILURES.md`, read
against the answer). An item that is true (or partly true) and statically findable ("expect":
"fire") is *found* when a finding of the answer covers it: same rule, and the same address or
(when the addresses differ or the item has none) a response line within LINE_SLACK lines of the
item's; an item that names only a resource type is covered by a finding on a block of that
type; an item without address is also covered by a finding with no line (a response-level
finding), as score.py matches; an item with neither address nor line is covered by any finding
of its rule. Items with
an address are matched first, each to the nearest such finding; a finding covers at most one
object of a review item, but may cover objects of several review items (reviewers often
restate one defect under several headings: "Missing CloudTrail" and "Missing services"). A
false item whose rule must stay silent ("expect": "silent") is *silent* when no finding of that
rule has its address (or, without an address, lies within LINE_SLACK lines of its line).

Missed items take their reason from docs/real-misses.toml (case + rule + address); the critical
and high findings on the ideals take their verdict from docs/real-ideal-findings.toml (case +
rule + address). Without an entry the document says so, so a regression shows.

    python scripts/real_answers.py [--cases DIR] [--pin]

`--pin` also rewrites tests/real/real_found.json, the items found today, which
tests/real/test_real_items.py checks on every run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "real-answers.md"
ITEMS = ROOT / "docs" / "real-review-items.json"
MISSES = ROOT / "docs" / "real-misses.toml"
IDEAL_VERDICTS = ROOT / "docs" / "real-ideal-findings.toml"
PIN = ROOT / "tests" / "real" / "real_found.json"
LINE_SLACK = 6  # as score.py's line_slack
SERIOUS = ("critical", "high")

Finding = dict[str, Any]
Item = dict[str, Any]


def default_cases() -> Path:
    """../shared/corpus/real beside the checkout or beside the parent of a worktree."""
    for parent in ROOT.parents:
        if (parent / "shared" / "corpus" / "real").is_dir():
            return parent / "shared" / "corpus" / "real"
    return ROOT.parent / "shared" / "corpus" / "real"


def case_folders(cases: Path) -> list[Path]:
    return sorted(
        (p.parent for p in cases.glob("*/MODEL_RESPONSE.md")), key=lambda p: _case_number(p.name)
    )


def _case_number(name: str) -> int:
    digits = "".join(c for c in name if c.isdigit())
    return int(digits) if digits else 0


def analyse(response: Path, prompt: Path | None, ideal: Path | None) -> list[Finding]:
    """The findings of `tfjudge analyze` on one file, in the JSON contract's form."""
    from tfjudge.analysis import analyze

    result = analyze(
        response,
        prompt if prompt and prompt.exists() else None,
        ideal if ideal and ideal.exists() else None,
    )
    return [f.to_dict() for f in result.findings]


def analyse_answer(folder: Path) -> list[Finding]:
    return analyse(folder / "MODEL_RESPONSE.md", folder / "PROMPT.md", folder / "IDEAL_RESPONSE.md")


def analyse_ideal(folder: Path) -> list[Finding]:
    return analyse(folder / "IDEAL_RESPONSE.md", folder / "PROMPT.md", None)


def existing_rules() -> set[str]:
    from tfjudge.rules.registry import all_rules

    return set(all_rules())


def load_items(path: Path = ITEMS) -> list[Item]:
    items: list[Item] = json.loads(path.read_text(encoding="utf-8"))["items"]
    return items


def _near(finding: Finding, line: int | None) -> bool:
    fl = finding.get("response_line")
    return bool(line and fl and abs(fl - line) <= LINE_SLACK)


def _distance(finding: Finding, line: int | None) -> int:
    fl = finding.get("response_line")
    return abs(fl - line) if (fl and line) else 10_000


def _same_address(wanted: str | None, address: str | None) -> bool:
    """The item's address, or a block of it when the item names only a type (`aws_iam_role`)."""
    if not wanted or not address:
        return False
    return address == wanted or ("." not in wanted and address.startswith(wanted + "."))


def match(items: list[Item], findings: list[Finding]) -> dict[int, int]:
    """Item index -> index of the finding covering it (see the module doc)."""
    used: dict[int, set[str]] = {}  # finding index -> the review items it covers
    covered: dict[int, int] = {}
    order = sorted(range(len(items)), key=lambda i: (not items[i].get("address"), i))
    for ii in order:
        item = items[ii]
        best: tuple[tuple[int, int], int] | None = None
        for fi, f in enumerate(findings):
            if f.get("rule") != item["rule"] or item.get("item", "") in used.get(fi, ()):
                continue
            same = _same_address(item.get("address"), f.get("address"))
            # an item without address is covered by a finding of its rule near its line, or
            # by one that has no line to compare (a response-level finding), as score.py does
            anywhere = not item.get("address") and not (item.get("line") and f.get("response_line"))
            if not (same or anywhere or _near(f, item.get("line"))):
                continue
            key = (0 if same else 1, _distance(f, item.get("line")))
            if best is None or key < best[0]:
                best = (key, fi)
        if best is not None:
            used.setdefault(best[1], set()).add(item.get("item", ""))
            covered[ii] = best[1]
    return covered


def fired_on(item: Item, findings: list[Finding]) -> Finding | None:
    """A finding of the item's rule at its address (or near its line): the rule spoke."""
    for f in findings:
        if f.get("rule") != item["rule"]:
            continue
        if item.get("address") and f.get("address") == item["address"]:
            return f
        if not item.get("address") and _near(f, item.get("line")):
            return f
    return None


def item_key(item: Item) -> tuple[str, str | None, int | None]:
    """How an item is named in the pin file (rule, address, line)."""
    return (item["rule"], item.get("address"), item.get("line"))


@dataclass
class CaseResult:
    case: str
    seed: bool
    findings: list[Finding]
    ideal_findings: list[Finding]
    items: list[Item] = field(default_factory=list)  # all inventory objects of the case
    covered: dict[int, int] = field(default_factory=dict)  # index into `expected`

    @property
    def expected(self) -> list[Item]:
        return [x for x in self.items if x.get("expect") == "fire" and not x.get("overall")]

    @property
    def silent(self) -> list[Item]:
        return [x for x in self.items if x.get("expect") == "silent"]

    def found_items(self) -> list[Item]:
        return [self.expected[i] for i in sorted(self.covered)]

    def loud(self) -> list[tuple[Item, Finding]]:
        """The false items whose rule fired although it must stay silent."""
        return [(x, f) for x in self.silent if (f := fired_on(x, self.findings)) is not None]


def run_case(
    folder: Path,
    items: list[Item],
    findings: list[Finding] | None = None,
    ideal_findings: list[Finding] | None = None,
    with_ideal: bool = True,
) -> CaseResult:
    """One case: its answer analysed (unless `findings` is given) and matched to its items;
    its ideal analysed too unless `ideal_findings` is given or `with_ideal` is false."""
    if ideal_findings is None:
        ideal_findings = analyse_ideal(folder) if with_ideal else []
    result = CaseResult(
        folder.name,
        (folder / "labels.json").exists(),
        analyse_answer(folder) if findings is None else findings,
        ideal_findings,
        [x for x in items if x["case"] == folder.name],
    )
    result.covered = match(result.expected, result.findings)
    return result


def run_all(cases: Path, items: list[Item]) -> tuple[list[CaseResult], float]:
    start = time.perf_counter()
    results = [run_case(folder, items) for folder in case_folders(cases)]
    return results, time.perf_counter() - start


# ---------------------------------------------------------------------------- reviewed data

MissKey = tuple[str, str, str | None]


def load_misses(path: Path = MISSES) -> dict[MissKey, dict[str, str]]:
    """(case, rule, address) -> {kind, reason} from the reviewed misses file."""
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    misses = {(m["case"], m["rule"], m.get("address")): m for m in data.get("miss", [])}
    for p in data.get("pending", []):  # a rule being built elsewhere: every item of it
        misses[("*", p["rule"], None)] = {"kind": "pending rule", "reason": p["reason"]}
    return misses


def load_verdicts(path: Path = IDEAL_VERDICTS) -> dict[MissKey, dict[str, str]]:
    """(case, rule, address) -> {verdict, reason} from the reviewed ideal findings file; an
    entry without an address covers every finding of its rule on that ideal."""
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {(m["case"], m["rule"], m.get("address")): m for m in data.get("finding", [])}


def pin_data(results: list[CaseResult]) -> dict[str, Any]:
    return {
        "about": "Reviewer items of the 36 real answers without labels.json that tfjudge "
        "finds today (written by scripts/real_answers.py --pin; checked by "
        "tests/real/test_real_items.py).",
        "cases": {
            r.case: [
                {"rule": rule, "address": address, "line": line}
                for rule, address, line in (item_key(x) for x in r.found_items())
            ]
            for r in results
            if not r.seed
        },
    }


# ---------------------------------------------------------------------------- rendering


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _code(text: object) -> str:
    return f"`{text}`" if text not in (None, "") else "—"


def _short(text: str, n: int = 110) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _where(f: Finding) -> str:
    return f"`{f['rule']}` {_code(f.get('address'))} line {f.get('response_line') or '—'}"


@dataclass
class Totals:
    objects: int = 0
    found: int = 0
    items: int = 0
    items_any: int = 0
    items_all: int = 0
    objects_existing: int = 0
    found_existing: int = 0
    items_existing: int = 0
    items_existing_any: int = 0


def totals(results: list[CaseResult], rules: set[str]) -> Totals:
    t = Totals()
    for r in results:
        found = {id(x) for x in r.found_items()}
        groups: dict[str, list[Item]] = defaultdict(list)
        for x in r.expected:
            groups[x["item"]].append(x)
            t.objects += 1
            t.found += id(x) in found
            if x["rule"] in rules:
                t.objects_existing += 1
                t.found_existing += id(x) in found
        for objs in groups.values():
            t.items += 1
            hit = [id(x) in found for x in objs]
            t.items_any += any(hit)
            t.items_all += all(hit)
            existing = [id(x) in found for x in objs if x["rule"] in rules]
            if existing:
                t.items_existing += 1
                t.items_existing_any += any(existing)
    return t


def _pct(a: int, b: int) -> str:
    return f"{a / b:.1%}" if b else "n/a"


def render(
    results: list[CaseResult],
    seconds: float,
    rules: set[str],
    misses: dict[MissKey, dict[str, str]],
    verdicts: dict[MissKey, dict[str, str]],
) -> str:
    others = [r for r in results if not r.seed]
    t = totals(others, rules)
    out = [
        "# The real answers and their ideals",
        "",
        "tfjudge on the 41 real tasks of `../shared/corpus/real` (82 files: each",
        "`MODEL_RESPONSE.md` with its prompt and ideal, each `IDEAL_RESPONSE.md` with its",
        "prompt, one analysis per file, through the library as `tfjudge analyze` runs them).",
        "Generated by",
        "`python scripts/real_answers.py`; do not edit by hand.",
        "",
        "Sources: the reviewers' items are `docs/real-review-items.json` (a reviewed inventory",
        "of the 36 `MODEL_FAILURES.md` without `labels.json`, each item read against the answer:",
        "whether it is true of the answer's text, whether a static reader can establish it, and",
        "the rule that must fire, or stay silent for a false item). Reasons for misses:",
        "`docs/real-misses.toml`.",
        "Verdicts on the ideals' critical/high findings: `docs/real-ideal-findings.toml`. The five",
        "seed answers are covered item by item in `docs/seed-coverage.md`.",
        "",
        f"**Run time:** {seconds:.1f} s for the 82 files ({len(results)} answers and "
        f"{len(results)} ideals), one process, analysis only.",
        "",
        "**Matching.** A findable item (true or partly true, statically findable, with a rule) is",
        "*found* when a finding of the answer has the item's rule and either the item's address or",
        f"a response line within {LINE_SLACK} lines of the item's line. An item naming only a",
        "resource type is covered by a finding on a block of that type; an item without address",
        "by a finding of its rule near its line, or with no line at all (a response-level",
        "finding, as score.py matches). Items with an address are matched first, each to",
        "the nearest finding. A finding covers at most one object of a review item, but may cover",
        "objects of several review items: reviewers often restate one defect under several",
        'headings ("Missing CloudTrail" and "Missing critical services"). A false item whose',
        "rule must stay silent",
        "is *silent* when no finding of that rule has its address (or, without one, is within",
        f"{LINE_SLACK} lines of its line).",
        "",
        "## Totals (the 36 answers without labels.json)",
        "",
        "| measure | found | findable | share |",
        "|---|---:|---:|---:|",
        f"| objects (items and sub-claims) | {t.found} | {t.objects} "
        f"| {_pct(t.found, t.objects)} |",
        f"| review items, at least one object found | {t.items_any} | {t.items} "
        f"| {_pct(t.items_any, t.items)} |",
        f"| review items, every object found | {t.items_all} | {t.items} "
        f"| {_pct(t.items_all, t.items)} |",
        f"| objects whose rule exists | {t.found_existing} | {t.objects_existing} "
        f"| {_pct(t.found_existing, t.objects_existing)} |",
        f"| review items with an object whose rule exists | {t.items_existing_any} "
        f"| {t.items_existing} | {_pct(t.items_existing_any, t.items_existing)} |",
        "",
        "*Findable* counts the true or partly true, statically detectable items with a rule,",
        'and the two false "no failures" verdicts of Pr3985 that a rule disproves (the rule',
        "must fire).",
        "*Rule exists* means it is registered in this build.",
        "",
    ]
    kinds = Counter(
        _miss(r, x, misses, rules)[0]
        for r in others
        for i, x in enumerate(r.expected)
        if i not in r.covered
    )
    if kinds:
        by_kind = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        out += [f"Misses by kind: {by_kind}.", ""]
    silent = [x for r in others for x in r.silent]
    loud = [(r.case, x, f) for r in others for x, f in r.loud()]
    out += [
        f"False items whose rule must stay silent: {len(silent) - len(loud)}/{len(silent)} silent.",
        "",
        "| case | findable | found | missed | must stay silent | fired anyway | "
        "tfjudge critical/high not reviewed |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in others:
        extra = _unreviewed(r)
        out.append(
            f"| {r.case} | {len(r.expected)} | {len(r.covered)} | "
            f"{len(r.expected) - len(r.covered)} | {len(r.silent)} | {len(r.loud())} | "
            f"{sum(1 for f in extra if f['severity'] in SERIOUS)} |"
        )
    out.append("")
    out += _render_ideal_summary(results, verdicts)
    for r in others:
        out += _render_case(r, misses, rules)
    out += _render_ideals(results, verdicts)
    out += _render_stale(others, results, misses, verdicts, rules)
    return "\n".join(out) + "\n"


def _miss(
    r: CaseResult, x: Item, misses: dict[MissKey, dict[str, str]], rules: set[str]
) -> tuple[str, str]:
    entry = misses.get((r.case, x["rule"], x.get("address")))
    if entry:
        return entry.get("kind", "gap"), entry["reason"]
    pending = misses.get(("*", x["rule"], None))
    if pending and x["rule"] not in rules:
        return "pending rule", pending["reason"]
    if x["rule"] not in rules:
        return "new rule", "the rule is not in this build (proposed by the inventory)"
    return "no reason recorded", ""


def _unreviewed(r: CaseResult) -> list[Finding]:
    used = set(r.covered.values())
    return [f for i, f in enumerate(r.findings) if i not in used]


def _render_case(
    r: CaseResult, misses: dict[MissKey, dict[str, str]], rules: set[str]
) -> list[str]:
    out = [f"## {r.case}: {len(r.covered)}/{len(r.expected)} found", ""]
    if r.expected:
        out += [
            "| # | reviewers' item | rule | address | line | tfjudge |",
            "|---:|---|---|---|---:|---|",
        ]
        for i, x in enumerate(r.expected):
            if i in r.covered:
                cell = "found: " + _where(r.findings[r.covered[i]])
            else:
                kind, reason = _miss(r, x, misses, rules)
                cell = f"**missed** ({kind})" + (f": {_cell(reason)}" if reason else "")
            out.append(
                f"| {i + 1} | {_cell(_short(x['item']))} | `{x['rule']}` "
                f"| {_code(x.get('address'))} | {x.get('line') or '—'} | {cell} |"
            )
        out.append("")
    if r.silent:
        out += ["False items whose rule must stay silent:", ""]
        for x in r.silent:
            f = fired_on(x, r.findings)
            state = f"**fired**: {_where(f)}" if f else "silent"
            out.append(
                f"- `{x['rule']}` {_code(x.get('address'))} (line {x.get('line') or '—'}), "
                f"{_cell(_short(x['item'], 80))}: {state}"
            )
        out.append("")
    extra = _unreviewed(r)
    serious = [f for f in extra if f["severity"] in SERIOUS]
    if serious:
        out += ["What tfjudge finds that no findable item covers (critical/high):", ""]
        out += [
            f"- {f['severity']}: {_where(f)}: {_cell(_short(f.get('message') or f['title'], 140))}"
            for f in serious
        ]
        out.append("")
    lower = Counter(f["rule"] for f in extra if f["severity"] not in SERIOUS)
    if lower:
        out += [
            "Lower findings not covering an item, per rule: "
            + ", ".join(f"`{k}` {n}" for k, n in sorted(lower.items()))
            + ".",
            "",
        ]
    return out


def _ideal_serious(r: CaseResult) -> list[Finding]:
    return [f for f in r.ideal_findings if f["severity"] in SERIOUS]


def verdict_for(
    verdicts: dict[MissKey, dict[str, str]], case: str, f: Finding
) -> dict[str, str] | None:
    """The reviewed verdict on an ideal's finding: by its address, else its rule's on that case."""
    return verdicts.get((case, f["rule"], f.get("address"))) or verdicts.get(
        (case, f["rule"], None)
    )


def _render_ideal_summary(
    results: list[CaseResult], verdicts: dict[MissKey, dict[str, str]]
) -> list[str]:
    current = [(r.case, f) for r in results for f in _ideal_serious(r)]
    count = Counter(
        (verdict_for(verdicts, case, f) or {}).get("verdict", "no verdict") for case, f in current
    )
    fixed = sum(1 for v in verdicts.values() if v.get("verdict") == "fixed")
    return [
        "## The ideals at a glance",
        "",
        f"{len(current)} critical or high findings on the 41 ideals today: "
        + (", ".join(f"{k} {n}" for k, n in sorted(count.items())) or "none")
        + f". False alarms fixed in the rules (they no longer fire): {fixed}. Details below.",
        "",
    ]


def _render_ideals(results: list[CaseResult], verdicts: dict[MissKey, dict[str, str]]) -> list[str]:
    out = [
        "## The ideals: critical and high findings",
        "",
        "The ideals are working code, so each critical or high finding on an",
        "`IDEAL_RESPONSE.md` is a real defect of the ideal (*real*: said which and why), true of",
        "the document only (*excerpt*: the ideal shows part of its configuration, and what it",
        "references lives in files it does not show), a false alarm still open (*open*), or a",
        "false alarm fixed in the rule (then it no longer fires and is listed in the next",
        "section).",
        "",
        "| case | severity | rule | address | line | verdict |",
        "|---|---|---|---|---:|---|",
    ]
    for r in results:
        for f in _ideal_serious(r):
            v = verdict_for(verdicts, r.case, f)
            cell = f"{v['verdict']}: {_cell(v['reason'])}" if v else "**no verdict recorded**"
            out.append(
                f"| {r.case} | {f['severity']} | `{f['rule']}` | {_code(f.get('address'))} "
                f"| {f.get('response_line') or '—'} | {cell} |"
            )
    out.append("")
    fixed = [(k, v) for k, v in sorted(verdicts.items()) if v.get("verdict") == "fixed"]
    if fixed:
        out += ["### False alarms on the ideals, fixed", ""]
        out += [
            f"- {case} `{rule}` {_code(address)}: {_cell(v['reason'])}"
            for (case, rule, address), v in fixed
        ]
        out.append("")
    return out


def _render_stale(
    others: list[CaseResult],
    results: list[CaseResult],
    misses: dict[MissKey, dict[str, str]],
    verdicts: dict[MissKey, dict[str, str]],
    rules: set[str],
) -> list[str]:
    missed = {
        (r.case, x["rule"], x.get("address"))
        for r in others
        for i, x in enumerate(r.expected)
        if i not in r.covered
    }
    stale = sorted(k for k in misses if k[0] != "*" and k not in missed)
    firing = {(r.case, f["rule"], f.get("address")) for r in results for f in _ideal_serious(r)}
    firing |= {(case, rule, None) for case, rule, _ in firing}
    still = sorted(k for k, v in verdicts.items() if v.get("verdict") == "fixed" and k in firing)
    gone = sorted(k for k, v in verdicts.items() if v.get("verdict") != "fixed" and k not in firing)
    out: list[str] = []
    if stale:
        out += ["## Recorded misses now found", ""]
        out += ["These entries of `docs/real-misses.toml` match no missed item; delete them.", ""]
        out += [f"- {c} `{rule}` {_code(a)}" for c, rule, a in stale]
        out.append("")
    if still or gone:
        out += ["## Stale ideal verdicts", ""]
        out += [f"- {c} `{r}` {_code(a)}: marked fixed but still fires" for c, r, a in still]
        out += [f"- {c} `{r}` {_code(a)}: no longer fires; update the entry" for c, r, a in gone]
        out.append("")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=Path, default=default_cases())
    ap.add_argument("--out", type=Path, default=DOC)
    ap.add_argument("--pin", action="store_true", help=f"also rewrite {PIN.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    if not case_folders(args.cases):
        print(f"no MODEL_RESPONSE.md under {args.cases}", file=sys.stderr)
        return 2
    results, seconds = run_all(args.cases, load_items())
    rules = existing_rules()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        render(results, seconds, rules, load_misses(), load_verdicts()), encoding="utf-8"
    )
    t = totals([r for r in results if not r.seed], rules)
    print(f"{len(results) * 2} files in {seconds:.1f} s")
    print(f"objects {t.found}/{t.objects}; review items {t.items_any}/{t.items}")
    print(f"wrote {args.out}")
    if args.pin:
        PIN.parent.mkdir(parents=True, exist_ok=True)
        PIN.write_text(json.dumps(pin_data(results), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {PIN}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
