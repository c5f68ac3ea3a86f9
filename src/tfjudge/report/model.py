"""The report a reviewer would write, as data: what the Markdown and HTML renderers show.

Built from an `Analysis`:
- items: findings merged by topic (ten buckets without a public access block are one item
  listing ten addresses; a missing VPC asked by the prompt and the ideal's network blocks
  are one "missing networking" item), grouped by severity and numbered;
- for each item the response's offending code with its response line numbers, the fix (the
  ideal's block when --ideal was given, else the rule's snippet or advice), root cause,
  impact, and the prompt lines it rests on;
- a summary table of counts by category and severity;
- the deployment impact assessment: what `terraform init`, `plan` and `apply` would do, in
  order, and where each would stop, from the findings' rules;
- a verdict.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import field
from pathlib import PurePath

from tfjudge import __version__
from tfjudge.analysis import Analysis
from tfjudge.findings import SEVERITIES, Category, Finding, Severity
from tfjudge.records import record
from tfjudge.report.topics import Topic, topic_of
from tfjudge.rules.registry import Rule, all_rules
from tfjudge.schema.versions import describe_summary
from tfjudge.source import SourceFile

MAX_QUOTED_LINES = 14
MAX_QUOTES = 3
MAX_IDEAL_BLOCKS = 3
MAX_IDEAL_LINES = 40
CATEGORY_ORDER = (
    Category.FORMAT,
    Category.DEPLOYMENT_BLOCKER,
    Category.SECURITY,
    Category.REQUIREMENTS,
    Category.RELIABILITY,
    Category.OBSERVABILITY,
    Category.COST,
    Category.MAINTAINABILITY,
)


@record(frozen=True)
class CodeQuote:
    """Lines of the response: `lines` are (response line, text); `marked` the offending ones."""

    file: str
    language: str
    lines: tuple[tuple[int, str], ...]
    marked: frozenset[int] = frozenset()
    file_first_line: int = 1  # the extracted file's own line of the first quoted line
    elided: bool = False  # the block goes on past the quote

    @property
    def first(self) -> int:
        return self.lines[0][0]

    @property
    def last(self) -> int:
        return self.lines[-1][0]

    @property
    def text(self) -> str:
        return "\n".join(text for _, text in self.lines)


@record(frozen=True)
class IdealQuote:
    """The ideal answer's code for an address, quoted beside a finding."""

    address: str
    code: str
    elided: bool = False


@record
class Item:
    """One numbered item of the report: the findings of one topic."""

    number: int
    severity: Severity
    category: Category
    topic: Topic
    findings: list[Finding]
    rules: list[Rule]
    title: str
    quotes: list[CodeQuote] = field(default_factory=list)
    ideal: list[IdealQuote] = field(default_factory=list)
    fix: str = ""
    fix_code: str = ""
    root_cause: str = ""
    impact: str = ""
    prompt: list[tuple[int, str]] = field(default_factory=list)
    ideal_more: int = 0  # ideal blocks of this item not quoted

    @property
    def anchor(self) -> str:
        return f"item-{self.number}"

    @property
    def families(self) -> list[str]:
        return sorted({r.family for r in self.rules})

    @property
    def addresses(self) -> list[str]:
        return list(dict.fromkeys(f.address for f in self.findings if f.address))

    @property
    def messages(self) -> list[str]:
        return list(dict.fromkeys(f.message for f in self.findings))

    @property
    def response_lines(self) -> list[int]:
        return sorted({f.response_line for f in self.findings if f.response_line})


@record(frozen=True)
class SummaryRow:
    """One category's finding counts by severity."""

    category: Category
    counts: dict[Severity, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@record
class Stage:
    """One step of a deployment: `terraform init`, `plan`, `apply`, or the running system."""

    command: str
    status: str  # "passes", "stops", "not reached", "degraded"
    summary: str
    items: list[Item] = field(default_factory=list)


@record(frozen=True)
class Verdict:
    """The report's verdict: deployable and acceptable or not, and why."""

    deployable: bool
    acceptable: bool
    headline: str
    detail: str


@record
class Report:
    """Everything the report shows, before it is rendered."""

    title: str
    tool: str
    response: str
    prompt: str | None
    ideal: str | None
    files: list[SourceFile]
    resources: int
    items: list[Item]
    summary: list[SummaryRow]
    stages: list[Stage]
    verdict: Verdict
    response_text: str
    finding_count: int
    schema: str | None = None  # the AWS provider schema judged against, and why

    def by_severity(self) -> list[tuple[Severity, list[Item]]]:
        grouped = [(s, [i for i in self.items if i.severity is s]) for s in SEVERITIES]
        return [(s, items) for s, items in grouped if items]

    def severity_totals(self) -> dict[Severity, int]:
        return {s: sum(row.counts[s] for row in self.summary) for s in SEVERITIES}

    def item_counts(self) -> dict[Severity, int]:
        return {s: sum(1 for i in self.items if i.severity is s) for s in SEVERITIES}

    @property
    def families(self) -> list[str]:
        return sorted({family for item in self.items for family in item.families})


# -- building -----------------------------------------------------------------------------------


def build_report(analysis: Analysis) -> Report:
    rules = all_rules()
    files = {f.path: f for f in analysis.response.files}
    grouped: dict[str, list[Finding]] = defaultdict(list)
    topics: dict[str, Topic] = {}
    for finding in analysis.findings:
        topic = topic_of(finding)
        grouped[topic.key].append(finding)
        topics[topic.key] = topic
    items = [_item(topics[key], findings, rules, files) for key, findings in grouped.items()]
    items.sort(key=_item_order)
    for number, item in enumerate(items, start=1):
        item.number = number
    stages = deployment_stages(analysis, items)
    return Report(
        title="Model Response Failures Analysis",
        tool=f"tfjudge {__version__}",
        response=analysis.response.path,
        prompt=analysis.prompt.path if analysis.prompt is not None else None,
        ideal=_ideal_path(analysis),
        files=[f for f in analysis.response.files if f.path],
        resources=analysis.answer.configuration.resource_count,
        items=items,
        summary=_summary(analysis.findings),
        stages=stages,
        verdict=_verdict(analysis, items, stages),
        response_text=analysis.response.text,
        finding_count=len(analysis.findings),
        schema=describe_summary(analysis.provider_schema) if analysis.provider_schema else None,
    )


def _ideal_path(analysis: Analysis) -> str | None:
    return analysis.ideal.response.path if analysis.ideal is not None else None


def _item_order(item: Item) -> tuple[int, int, int, str]:
    first = min((f.response_line or 10**9) for f in item.findings)
    return (item.severity.rank, CATEGORY_ORDER.index(item.category), first, item.title)


def _item(
    topic: Topic, findings: list[Finding], rules: dict[str, Rule], files: dict[str, SourceFile]
) -> Item:
    findings = sorted(findings, key=Finding.sort_key)
    lead = min(findings, key=lambda f: (f.severity.rank, CATEGORY_ORDER.index(f.category)))
    used = [rules[r] for r in dict.fromkeys(f.rule for f in findings) if r in rules]
    item = Item(
        number=0,
        severity=lead.severity,
        category=lead.category,
        topic=topic,
        findings=findings,
        rules=used,
        title=topic.title(findings),
    )
    item.quotes = _quotes(findings, files)
    item.ideal = _ideal_quotes(findings)
    item.ideal_more = len({f.ideal_code for f in findings if f.ideal_code}) - len(item.ideal)
    item.fix = _first(f.fix for f in findings) or _first(r.fix for r in used)
    item.fix_code = _first(f.fix_code for f in findings)
    item.root_cause = topic.root_cause or _first(f.root_cause for f in findings)
    item.impact = (
        topic.impact or _first(f.impact for f in findings) or _first(r.impact for r in used)
    )
    item.prompt = list(
        dict.fromkeys(
            (f.prompt_line, f.prompt_quote) for f in findings if f.prompt_line and f.prompt_quote
        )
    )
    return item


def _first(values: object) -> str:
    for value in values:  # type: ignore[attr-defined]
        if value:
            return str(value)
    return ""


def _quotes(findings: list[Finding], files: dict[str, SourceFile]) -> list[CodeQuote]:
    quotes: list[CodeQuote] = []
    seen: set[tuple[str, int]] = set()
    for finding in findings:
        file = files.get(finding.file or "")
        if file is None or finding.line is None or file.source_line is None:
            continue
        if (file.path, finding.line) in seen:
            continue
        seen.add((file.path, finding.line))
        quotes.append(quote_lines(file, finding.line, finding.end_line or finding.line))
        if len(quotes) >= MAX_QUOTES:
            break
    return quotes


def quote_lines(file: SourceFile, start: int, end: int) -> CodeQuote:
    """Lines `start`..`end` of an extracted file, with their response line numbers."""
    end = max(start, min(end, file.line_count or start))
    marked = frozenset(file.response_line(n) or n for n in range(start, end + 1))
    last = min(end, start + MAX_QUOTED_LINES - 1)
    lines = tuple(
        (file.response_line(n) or n, file.line_text(n).rstrip()) for n in range(start, last + 1)
    )
    return CodeQuote(file.path, file.language, lines, marked, start, elided=last < end)


def _ideal_quotes(findings: list[Finding]) -> list[IdealQuote]:
    quotes: list[IdealQuote] = []
    seen: set[str] = set()
    for finding in findings:
        code = finding.ideal_code
        if not code or code in seen:
            continue
        seen.add(code)
        lines = code.rstrip("\n").split("\n")
        elided = len(lines) > MAX_IDEAL_LINES
        shown = "\n".join(lines[:MAX_IDEAL_LINES]) + "\n"
        quotes.append(IdealQuote(finding.address or "", shown, elided))
        if len(quotes) >= MAX_IDEAL_BLOCKS:
            break
    return quotes


def _summary(findings: list[Finding]) -> list[SummaryRow]:
    counts: dict[Category, dict[Severity, int]] = {
        c: dict.fromkeys(SEVERITIES, 0) for c in CATEGORY_ORDER
    }
    for finding in findings:
        counts[finding.category][finding.severity] += 1
    return [SummaryRow(c, counts[c]) for c in CATEGORY_ORDER if sum(counts[c].values())]


# -- the deployment ------------------------------------------------------------------------------

# Where terraform itself stops, by rule: init reads and parses every file and installs the
# providers and backend; plan validates references, the schema and file functions; apply
# is where AWS rejects what the provider accepted.
_INIT = (
    "format.no-code",
    "format.truncated-response",
    "syntax.hcl-error",
    "core.provider-meta-argument",
    "core.dynamic-provider-reference",
    "core.empty-backend",
)
_PLAN = (
    "core.",
    "schema.unknown-",
    "schema.missing-required-argument",
    "aws.name-too-long",
    "aws.invalid-name",
)


def stage_of(finding: Finding) -> str:
    """Which command a finding stops: init, plan, apply, or none (the system runs, worse)."""
    rule_id = finding.rule
    if any(rule_id == r for r in _INIT):
        return "init"
    if any(rule_id.startswith(p) for p in _PLAN) and finding.severity is Severity.CRITICAL:
        return "plan"
    if finding.category is Category.DEPLOYMENT_BLOCKER and finding.severity is Severity.CRITICAL:
        return "apply"
    return "run"


def deployment_stages(analysis: Analysis, items: list[Item]) -> list[Stage]:
    by_stage: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        reached = {stage_of(f) for f in item.findings}
        for name in ("init", "plan", "apply", "run"):
            if name in reached:
                by_stage[name].append(item)
                break
    if not analysis.answer.documents:
        init = Stage(
            "terraform init", "stops", "There is no Terraform configuration to initialise."
        )
        return [init, *(Stage(c, "not reached", "") for c in ("terraform plan", "terraform apply"))]
    stages: list[Stage] = []
    stopped = False
    texts = {
        "init": (
            "Reads every file, installs the providers and configures the backend.",
            "Stops: the configuration cannot be read or initialised.",
        ),
        "plan": (
            "Validates references, arguments and file functions, then computes the changes.",
            "Stops: terraform rejects the configuration before any change is made.",
        ),
        "apply": (
            "Creates the resources in dependency order.",
            "Stops: AWS rejects a request; what was created before stays, half-built.",
        ),
    }
    for name in ("init", "plan", "apply"):
        found = by_stage.get(name, [])
        passes, stops = texts[name]
        if stopped:
            status, summary = "not reached", ("Would also stop here." if found else "")
        elif found:
            status, summary, stopped = "stops", stops, True
        else:
            status, summary = "passes", passes
        stages.append(Stage(f"terraform {name}", status, summary, found))
    running = by_stage.get("run", [])
    if stopped:
        stages.append(Stage("the deployed system", "not reached", "", running))
    elif running:
        serious = [i for i in running if i.severity.at_least(Severity.HIGH)]
        summary = (
            f"Deploys, but {len(serious)} high or critical problem"
            f"{'s' if len(serious) != 1 else ''} remain in what runs."
            if serious
            else "Deploys; the remaining findings are medium or low."
        )
        stages.append(Stage("the deployed system", "degraded", summary, running))
    else:
        stages.append(Stage("the deployed system", "passes", "Nothing found that would fail."))
    return stages


def _verdict(analysis: Analysis, items: list[Item], stages: list[Stage]) -> Verdict:
    stop = next((s for s in stages if s.status == "stops"), None)
    counts = {s: sum(1 for i in items if i.severity is s) for s in SEVERITIES}
    if stop is not None:
        first = stop.items[0] if stop.items else None
        cause = f" ({first.title}, item {first.number})" if first else ""
        return Verdict(
            False,
            False,
            f"Not deployable: `{stop.command}` stops{cause}.",
            _tally(counts),
        )
    serious = counts[Severity.CRITICAL] + counts[Severity.HIGH]
    if serious:
        return Verdict(
            True,
            False,
            "Deploys, but not acceptable as written.",
            _tally(counts),
        )
    if items:
        return Verdict(True, True, "Acceptable with minor fixes.", _tally(counts))
    return Verdict(True, True, "No problems found.", "tfjudge found nothing to report.")


def _tally(counts: dict[Severity, int]) -> str:
    parts = [f"{n} {s.value}" for s, n in counts.items() if n]
    return "Issues by highest severity: " + ", ".join(parts) + "." if parts else ""


def display_path(path: str | None) -> str:
    return PurePath(path).name if path else ""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
