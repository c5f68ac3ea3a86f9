"""Run one rule over a small answer given as files (table tests of the aws.* rules)."""

from __future__ import annotations

from tfjudge.analysis import Settings, analyze_response
from tfjudge.findings import Finding
from tfjudge.response.loader import Response
from tfjudge.response.naming import language_of_path
from tfjudge.source import SourceFile


def findings(rule_id: str, files: dict[str, str]) -> list[Finding]:
    """The findings of `rule_id` on an answer made of these files."""
    sources = [
        SourceFile(
            path,
            "hcl" if path.endswith((".tf", ".tfvars")) else language_of_path(path),
            text,
            1,
        )
        for path, text in files.items()
    ]
    response = Response("answer", "directory", files=sources)
    analysis = analyze_response(response, settings=Settings(select=[rule_id]))
    return [f for f in analysis.findings if f.rule == rule_id]
