"""The pipeline: response -> extracted files -> parsed model -> rules -> findings.

`analyze` is what the command line, the batch runner and the tests call.
"""

from __future__ import annotations

import os
import sys
from dataclasses import field
from pathlib import Path
from typing import Any

from tfjudge import __version__
from tfjudge.errors import InputError
from tfjudge.findings import SEVERITIES, Category, Finding, Severity
from tfjudge.model.config import Configuration, build_configuration
from tfjudge.parse.hcl import parse_hcl
from tfjudge.parse.hcl.ast import HclDocument
from tfjudge.records import record
from tfjudge.response.loader import Response, load_response
from tfjudge.response.reader import DEFAULT_MAX_BYTES, read_text
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import Rule, applicable_rules, select_rules
from tfjudge.schema.versions import select_schema


@record
class Settings:
    """What to run and report: rule selection, failure threshold, input size, options."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "critical"
    max_bytes: int = DEFAULT_MAX_BYTES
    options: dict[str, Any] = field(default_factory=dict)


@record
class PromptDocument:
    """The task the model was given, as text."""

    path: str
    text: str

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


@record
class ParsedAnswer:
    """An answer taken through extraction and parsing, before any rule runs."""

    response: Response
    documents: list[HclDocument]
    configuration: Configuration
    # What is worked out from this answer alone, by type, when it serves as the ideal of
    # many answers (a batch's task): worked out once, only read afterwards.
    memo: dict[type, Any] = field(default_factory=dict, repr=False, compare=False)


@record
class Analysis:
    """One answer's analysis: the parsed answer, its findings, and what was run."""

    answer: ParsedAnswer
    findings: list[Finding]
    prompt: PromptDocument | None = None
    ideal: ParsedAnswer | None = None
    suppressed: int = 0
    rule_errors: list[str] = field(default_factory=list)
    rules_run: list[Rule] = field(default_factory=list)
    provider_schema: dict[str, Any] | None = None  # the AWS schema judged against, and why

    @property
    def response(self) -> Response:
        return self.answer.response

    def counts(self) -> dict[str, int]:
        counts = {severity.value: 0 for severity in SEVERITIES}
        for finding in self.findings:
            counts[finding.severity._value_] += 1  # `.value` is a descriptor: two calls
        return counts

    @property
    def deployable(self) -> bool:
        """Whether `terraform apply` could succeed: code exists and nothing blocks it."""
        if not self.answer.documents:
            return False
        return not any(
            f.category is Category.DEPLOYMENT_BLOCKER and f.severity is Severity.CRITICAL
            for f in self.findings
        )

    def summary(self) -> dict[str, Any]:
        return {
            **self.counts(),
            "deployable": self.deployable,
            "files": len(self.response.code_files),
            "resources": self.answer.configuration.resource_count,
            "suppressed": self.suppressed,
            **({"provider_schema": self.provider_schema} if self.provider_schema else {}),
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of SPEC.md."""
        return {
            "tool": {"name": "tfjudge", "version": __version__},
            "summary": self.summary(),
            "files": [
                {
                    "path": f.path,
                    "language": f.language,
                    "lines": f.line_count,
                    "source_line": f.source_line,
                    "truncated": f.truncated,
                }
                for f in self.response.files
            ],
            "findings": [f.to_dict() for f in self.findings],
        }

    def fails(self, threshold: str) -> bool:
        if threshold == "never":
            return False
        limit = Severity(threshold)
        return any(f.severity.at_least(limit) for f in self.findings)


def parse_answer(response: Response) -> ParsedAnswer:
    try:
        documents = [parse_hcl(f) for f in response.terraform_files]
    except RecursionError:  # the parser bounds nesting; this is the last line of defence
        raise InputError(f"{response.path} is nested too deeply to analyse") from None
    return ParsedAnswer(response, documents, build_configuration(documents))


def load_prompt(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> PromptDocument:
    return PromptDocument(str(path), read_text(path, max_bytes).text)


def analyze(
    response_path: Path,
    prompt_path: Path | None = None,
    ideal_path: Path | None = None,
    settings: Settings | None = None,
) -> Analysis:
    settings = settings or Settings()
    response = load_response(response_path, settings.max_bytes)
    prompt = load_prompt(prompt_path, settings.max_bytes) if prompt_path else None
    ideal = parse_answer(load_response(ideal_path, settings.max_bytes)) if ideal_path else None
    return analyze_response(response, prompt, ideal, settings)


def analyze_response(
    response: Response,
    prompt: PromptDocument | None = None,
    ideal: ParsedAnswer | None = None,
    settings: Settings | None = None,
) -> Analysis:
    settings = settings or Settings()
    answer = parse_answer(response)
    choice = select_schema(
        answer.configuration, settings.options.get("provider_version"), response.lock_files
    )
    context = RuleContext(
        response=response,
        documents=answer.documents,
        configuration=answer.configuration,
        prompt=prompt,
        ideal=ideal,
        options={**settings.options, "schema_choice": choice},
    )
    given = [name for name, value in (("prompt", prompt), ("ideal", ideal)) if value is not None]
    applicable = applicable_rules(given, declared_types(answer.documents))
    rules = list(select_rules(applicable.values(), settings.select, settings.ignore))
    findings: list[Finding] = []
    errors: list[str] = []
    for current in rules:
        context.rule = current
        try:
            findings.extend(current.check(context))
        except Exception as exc:  # a broken rule must not sink the analysis
            if os.environ.get("TFJUDGE_STRICT"):
                raise
            errors.append(f"rule {current.id} failed: {type(exc).__name__}: {exc}")
            print(f"tfjudge: warning: rule {current.id} failed: {exc}", file=sys.stderr)
    context.rule = None
    if ideal is not None:
        from tfjudge.ideal.quote import attach_ideal_code

        attach_ideal_code(findings, context)
    findings.sort(key=Finding.sort_key)
    findings, suppressed = _suppress(findings, answer, settings)
    return Analysis(answer, findings, prompt, ideal, suppressed, errors, rules, choice.summary())


def declared_types(documents: list[HclDocument]) -> frozenset[str]:
    """The resource and data source types the answer's files declare blocks of: the rules
    that apply to none of them are not run (`applies_to`)."""
    return frozenset(
        block.labels[0]
        for document in documents
        for block in document.body.blocks
        if block.labels and block.type in ("resource", "data")
    )


def _suppress(
    findings: list[Finding], answer: ParsedAnswer, settings: Settings
) -> tuple[list[Finding], int]:
    """Drop the findings inline comments or `rule@address` ignore entries suppress."""
    from tfjudge.suppress import apply_suppressions, configured_suppressions, inline_suppressions

    suppressions = inline_suppressions(answer.response.code_files, answer.documents)
    suppressions += configured_suppressions(settings.ignore)
    return apply_suppressions(findings, suppressions)
