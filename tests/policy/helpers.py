"""Analysis contexts for small answers in tests."""

from __future__ import annotations

from tfjudge.analysis import parse_answer
from tfjudge.response.loader import Response
from tfjudge.rules.context import RuleContext
from tfjudge.source import SourceFile


def context(files: dict[str, str]) -> RuleContext:
    """A rule context over the given files (`.tf` and `.tfvars` are HCL, others text)."""
    sources = [
        SourceFile(path, "hcl" if path.endswith((".tf", ".tfvars")) else "text", text, 1)
        for path, text in files.items()
    ]
    parsed = parse_answer(Response("answer", "directory", files=sources))
    return RuleContext(parsed.response, parsed.documents, parsed.configuration)
