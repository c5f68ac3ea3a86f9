"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run whose `tool.driver` lists every rule of the catalogue (id, title, the doc's first
paragraph, the whole doc as markdown help, the default level from the severity, the
category and family as tags). Each finding is a result at the extracted file's line and
column, with a related location at its line in the Markdown answer, and a
`partialFingerprints` entry that survives lines moving: it hashes the rule, the file,
the block address, the attribute and the offending line's text, not line numbers.

Several responses (`tfjudge analyze a.md b.md --format sarif`) make one run with all
their results. Column numbers count Unicode code points, as tfjudge's do.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from tfjudge import __version__
from tfjudge.analysis import Analysis
from tfjudge.findings import Category, Finding, Severity
from tfjudge.render import RenderOptions
from tfjudge.rules.registry import Rule, all_rules

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "tfjudge/v1"
LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
}
# GitHub ranks security results by this score (CVSS-like, 0-10): critical >= 9, high >= 7.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
}


def render_sarif(analysis: Analysis, options: RenderOptions) -> str:
    return render_sarif_log([analysis])


def render_sarif_log(analyses: Sequence[Analysis]) -> str:
    return render_sarif_parts([sarif_part(analysis) for analysis in analyses])


def render_sarif_parts(parts: Sequence[dict[str, Any]]) -> str:
    """One SARIF log of the parts `sarif_part` made (in worker processes, perhaps)."""
    return json.dumps(sarif_log_of(parts), indent=2, ensure_ascii=False) + "\n"


def sarif_log(analyses: Sequence[Analysis]) -> dict[str, Any]:
    return sarif_log_of([sarif_part(analysis) for analysis in analyses])


def sarif_part(analysis: Analysis) -> dict[str, Any]:
    """What one analysis adds to the log: its results and its notifications."""
    index = {rule_id: position for position, rule_id in enumerate(all_rules())}
    notes = [*analysis.response.notes, *analysis.rule_errors]
    return {
        "results": _results(analysis, index),
        "notifications": [{"level": "warning", "message": {"text": note}} for note in notes],
    }


def sarif_log_of(parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    rules = list(all_rules().values())
    results = [result for part in parts for result in part["results"]]
    notifications = [note for part in parts for note in part["notifications"]]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "tfjudge",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_descriptor(current) for current in rules],
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _descriptor(current: Rule) -> dict[str, Any]:
    tags = [current.category.value, current.family]
    if current.category is Category.SECURITY:
        tags.insert(0, "security")
    tags = list(dict.fromkeys(tags))  # SARIF wants distinct tags: category and family can agree
    properties: dict[str, Any] = {"tags": tags, "severity": current.severity.value}
    if current.category is Category.SECURITY:
        properties["security-severity"] = SECURITY_SEVERITY[current.severity]
    help_text = current.doc or current.title
    extra = [f"**Impact:** {current.impact}" if current.impact else ""]
    extra.append(f"**Fix:** {current.fix}" if current.fix else "")
    help_markdown = "\n\n".join(part for part in [help_text, *extra] if part)
    return {
        "id": current.id,
        "name": _camel(current.id),
        "shortDescription": {"text": current.title},
        "fullDescription": {"text": current.summary},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVELS[current.severity]},
        "properties": properties,
    }


def _camel(rule_id: str) -> str:
    words = rule_id.replace(".", "-").split("-")
    return "".join(word[:1].upper() + word[1:] for word in words if word)


def _results(analysis: Analysis, index: dict[str, int]) -> list[dict[str, Any]]:
    response = analysis.response
    files = {f.path: f for f in response.files}
    seen: Counter[str] = Counter()
    results = []
    for finding in analysis.findings:
        source = files.get(finding.file or "")
        line_text = source.line_text(finding.line) if source and finding.line else ""
        key = _fingerprint_key(finding, _file_uri(analysis, finding.file), line_text)
        seen[key] += 1
        digest = hashlib.sha256(f"{key}\x00{seen[key]}".encode()).hexdigest()[:32]
        related = _markdown_location(analysis, finding)
        message = _message(finding)
        if related is not None:  # GitHub links "[text](id)" to the related location
            message += f" (answer line [{finding.response_line}](1))"
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "level": LEVELS[finding.severity],
            "message": {"text": message},
            "locations": [_primary_location(analysis, finding)],
            "partialFingerprints": {FINGERPRINT: digest},
            "properties": _result_properties(finding),
        }
        if finding.rule in index:
            result["ruleIndex"] = index[finding.rule]
        if related is not None:
            result["relatedLocations"] = [related]
        results.append(result)
    return results


def _message(finding: Finding) -> str:
    text = finding.message
    if finding.fix:
        text += f" Fix: {finding.fix}"
    return text


def _result_properties(finding: Finding) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "severity": finding.severity.value,
        "category": finding.category.value,
        "title": finding.title,
    }
    for name in ("address", "attribute", "impact", "fix", "fix_code", "ideal_code"):
        value = getattr(finding, name)
        if value:
            properties[name] = value
    return properties


def _fingerprint_key(finding: Finding, uri: str | None, line_text: str) -> str:
    parts = [finding.rule, uri or "", finding.address or "", finding.attribute or ""]
    parts.append(" ".join(line_text.split()))
    if not finding.line:  # a response-level finding: its message is all that identifies it
        parts.append(finding.message)
    return "\x1f".join(parts)


def _primary_location(analysis: Analysis, finding: Finding) -> dict[str, Any]:
    uri = _file_uri(analysis, finding.file)
    if uri is None or not finding.line:
        # a finding about the response as a whole: its line in the answer, or the answer
        return {
            "physicalLocation": {
                "artifactLocation": {"uri": _uri(analysis.response.path)},
                "region": {"startLine": finding.response_line or 1},
            }
        }
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": _region(finding),
        }
    }
    if finding.address:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.address}]
    return location


def _region(finding: Finding) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": finding.line}
    if finding.column:
        region["startColumn"] = finding.column
    end_line = finding.end_line or finding.line
    if end_line and finding.line and end_line >= finding.line:
        region["endLine"] = end_line
        if finding.end_column and (
            end_line > finding.line or finding.end_column > (finding.column or 1)
        ):
            region["endColumn"] = finding.end_column
    return region


def _markdown_location(analysis: Analysis, finding: Finding) -> dict[str, Any] | None:
    """The finding's line in the Markdown answer, when the answer is Markdown."""
    response = analysis.response
    if response.kind != "markdown" or not finding.response_line or not finding.line:
        return None
    return {
        "id": 1,
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(response.path)},
            "region": {"startLine": finding.response_line},
        },
        "message": {"text": f"line {finding.response_line} of the Markdown answer"},
    }


def _file_uri(analysis: Analysis, path: str | None) -> str | None:
    """Where an extracted file is: the real file for .tf inputs, else its name in the answer."""
    if not path:
        return None
    response = analysis.response
    if response.kind == "file":
        return _uri(response.path)
    if response.kind == "directory":
        return _uri(str(Path(response.path) / path))
    return quote(PurePosixPath(path).as_posix(), safe="/")


def _uri(path: str) -> str:
    """A path as a URI reference: relative to the working directory when inside it."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return candidate.as_uri()
    text = os.path.normpath(candidate).replace(os.sep, "/")
    return quote(text, safe="/")
