"""`--format md`: the failure analysis in the layout of the hand-written seeds.

A thin renderer of `tfjudge.report.Report`: every decision (grouping, numbering, what to
quote, where the deployment stops, the verdict) is the model's.
"""

from __future__ import annotations

from tfjudge.analysis import Analysis
from tfjudge.render import RenderOptions
from tfjudge.report.model import CodeQuote, Item, Report, Stage, build_report, display_path

_HEADINGS = {
    "critical": "Critical Failures",
    "high": "High Priority Failures",
    "medium": "Medium Priority Failures",
    "low": "Low Priority Failures",
}
_FENCE_LANGUAGE = {"hcl": "hcl", "python": "python", "javascript": "javascript", "json": "json",
                   "bash": "bash", "yaml": "yaml"}  # fmt: skip
_STATUS = {"passes": "✅", "stops": "❌", "not reached": "⏭️", "degraded": "⚠️"}


def render_markdown(analysis: Analysis, options: RenderOptions) -> str:
    return markdown_report(build_report(analysis))


def markdown_report(report: Report) -> str:
    out: list[str] = [f"# {report.title}", "", _introduction(report), ""]
    if not report.items:
        out += ["No failures found.", ""]
    for severity, items in report.by_severity():
        out += [f"## {_HEADINGS[severity.value]}", ""]
        for item in items:
            out += _item(item)
    out += _summary(report)
    out += _deployment(report)
    out += ["## Verdict", "", f"**{report.verdict.headline}**"]
    if report.verdict.detail:
        out += ["", report.verdict.detail]
    return "\n".join(out).rstrip() + "\n"


def _introduction(report: Report) -> str:
    against = []
    if report.prompt:
        against.append(f"the prompt (`{display_path(report.prompt)}`)")
    if report.ideal:
        against.append(f"the working solution (`{display_path(report.ideal)}`)")
    compared = f", read against {' and '.join(against)}" if against else ""
    files = len(report.files)
    return (
        f"This document analyses the failures in `{display_path(report.response)}` "
        f"({files} file{'s' if files != 1 else ''}, {report.resources} resources){compared}: "
        f"what breaks, why, how badly, and the fix. Written by {report.tool} from "
        f"{report.finding_count} finding{'s' if report.finding_count != 1 else ''}, grouped into "
        f"{len(report.items)} item{'s' if len(report.items) != 1 else ''}."
        + (f" Judged against the AWS provider schema {report.schema}." if report.schema else "")
    )


def _item(item: Item) -> list[str]:
    rules = ", ".join(f"`{r.id}`" for r in item.rules)
    out = [
        f"### {item.number}. {item.title}",
        "",
        f"**Impact Level**: {item.severity.value.capitalize()} ({item.category.value}; {rules})",
        "",
    ]
    if item.prompt:
        out += ["**Prompt Requirement**:", ""]
        out += [f"> Line {line}: {quote}" for line, quote in item.prompt[:4]]
        out.append("")
    out += ["**MODEL_RESPONSE Issue**:", ""]
    out += _issue_text(item)
    for quote in item.quotes:
        out += _code(quote)
    out += _fix(item)
    if item.root_cause:
        out += ["**Root Cause**:", item.root_cause, ""]
    if item.impact:
        out += ["**Cost/Security/Performance Impact**:", item.impact, ""]
    return out


def _issue_text(item: Item) -> list[str]:
    messages = item.messages
    if len(messages) == 1:
        return [messages[0], ""]
    shown = [f"- {m}" for m in messages[:12]]
    if len(messages) > 12:
        shown.append(f"- ... and {len(messages) - 12} more")
    return [*shown, ""]


def _code(quote: CodeQuote) -> list[str]:
    span = (
        f"line {quote.first}" if quote.first == quote.last else f"lines {quote.first}-{quote.last}"
    )
    language = _FENCE_LANGUAGE.get(quote.language, "")
    width = len(str(quote.last))
    body = [f"{number:>{width}} | {text}".rstrip() for number, text in quote.lines]
    if quote.elided:
        body.append(f"{'':>{width}} | ...")
    return [f"Response {span} (`{quote.file}`):", "", f"```{language}", *body, "```", ""]


def _fix(item: Item) -> list[str]:
    if item.ideal:
        out = ["**IDEAL_RESPONSE Fix**:", ""]
        if item.fix:
            out += [item.fix, ""]
        for quote in item.ideal:
            elided = "\n# ... (continues in the working solution)" if quote.elided else ""
            out += ["```hcl", quote.code.rstrip("\n") + elided, "```", ""]
        if item.ideal_more:
            out += [f"... and {item.ideal_more} more block(s) of the working solution.", ""]
        return out
    out = ["**Fix**:", ""]
    if item.fix:
        out += [item.fix, ""]
    if item.fix_code:
        out += ["```hcl", item.fix_code.rstrip("\n"), "```", ""]
    return out


def _summary(report: Report) -> list[str]:
    if not report.summary:
        return []
    out = [
        "## Summary",
        "",
        "| Category | Critical | High | Medium | Low | Total |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in report.summary:
        cells = [str(row.counts[s]) for s in row.counts]
        out.append(f"| {row.category.value} | {' | '.join(cells)} | {row.total} |")
    totals = report.severity_totals()
    out.append(
        f"| **Total** | {' | '.join(f'**{n}**' for n in totals.values())} "
        f"| **{sum(totals.values())}** |"
    )
    counts = report.item_counts()
    out += [
        "",
        f"- Findings: {report.finding_count}, written up as {len(report.items)} items "
        f"({', '.join(f'{n} {s.value}' for s, n in counts.items() if n) or 'none'}).",
        "",
    ]
    return out


def _deployment(report: Report) -> list[str]:
    out = [
        "## Deployment Impact Assessment",
        "",
        f"If `{display_path(report.response)}` were deployed as written:",
        "",
    ]
    for number, stage in enumerate(report.stages, start=1):
        out.append(_stage_line(number, stage))
    out.append("")
    return out


def _stage_line(number: int, stage: Stage) -> str:
    icon = _STATUS.get(stage.status, "")
    head = f"{number}. {icon} **`{stage.command}`** {stage.status}"
    if stage.command == "the deployed system":
        head = f"{number}. {icon} **{stage.command}**: {stage.status}"
    detail = f" — {stage.summary}" if stage.summary else ""
    cited = ""
    if stage.items:
        refs = ", ".join(f"{i.title} (item {i.number})" for i in stage.items[:4])
        more = f", and {len(stage.items) - 4} more" if len(stage.items) > 4 else ""
        cited = f" Because of: {refs}{more}."
    return head + detail + cited
