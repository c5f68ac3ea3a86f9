"""The real answers and ideals of the corpus against `terraform validate` (issue 12, item 2).

Every answer of `../shared/corpus` whose providers terraform here has (hashicorp/aws and
terraform's own; no registry modules) is cut into its root modules, each a case of one
batched run (tests/oracle/validate_harness.py). Then:

- on an ideal terraform accepts, tfjudge reports no syntax.*, core.* or schema.* finding,
  except what terraform itself warns about there (a deprecated attribute on that line, a
  lifecycle rule without filter or prefix in the resource the provider's warning names);
- every error terraform reports on any answer is a tfjudge finding on the same line of
  the same extracted file (so on the same line of the Markdown answer); an error terraform
  gives without a place (a cycle, a missing provider configuration) is a finding of the
  rule that covers it.

An answer that shows a file twice (`main.tf`, then a corrected `main.tf`, extracted as
`main_2.tf`) means the later copy: tfjudge reads a block the later copy declares again as
replaced (References.active_blocks). Terraform is given the same reading: the replaced
blocks are blanked line for line, so every line keeps its number and terraform judges
what tfjudge judges.

Terraform here has the aws provider only. An answer that also uses a utility provider
(`random`, `archive`, `local`, `tls`, `null`, `time`) is judged with those resources
standing in as `terraform_data` (as_tfjudge_reads): that group is measured and printed,
not asserted, since the stand-in hides what those resources' own arguments would give.
The answers terraform here cannot judge at all are listed by `unjudgeable`, with the
reason.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tests.oracle.oracle import require_oracle
from tests.oracle.validate_harness import Case, Diagnostic, Verdict, rule_of, validate_cases
from tfjudge.analysis import Analysis, Settings, analyze_response
from tfjudge.evaluate.references import References
from tfjudge.findings import Finding
from tfjudge.parse.hcl.ast import Block
from tfjudge.response.loader import Response, load_response
from tfjudge.source import Range

JUDGED_FAMILIES = ("syntax.", "core.", "schema.")
# the rules whose findings say terraform itself stops (validate, or plan on known values)
BLOCKING_FAMILIES = (*JUDGED_FAMILIES, "aws.")
_BLOCK_TYPE = re.compile(r'^\s*(?:resource|data|ephemeral)\s+"(?P<type>[A-Za-z0-9-]+?)_', re.M)
_PROVIDER_BLOCK = re.compile(r'^\s*provider\s+"(?P<name>[^"]+)"', re.M)
_SOURCE = re.compile(r'^\s*source\s*=\s*"(?P<source>[^"]*)"', re.M)
_MODULE_BLOCK = re.compile(r'^\s*module\s+"[^"]*"\s*\{', re.M)
# utility providers terraform here lacks, whose resources stand in as terraform_data
STAND_INS = ("random", "archive", "local", "tls", "null", "time")
_BUILTIN = {"aws", "terraform", *STAND_INS}


@dataclass
class Answer:
    """One Markdown answer of the corpus and the root modules terraform can judge."""

    label: str  # "Pr1184/IDEAL_RESPONSE"
    ideal: bool
    response: Response
    roots: list[str]
    stand_ins: bool = False  # resources of a utility provider stand in as terraform_data


@dataclass
class Tally:
    """The differential's numbers over one group of answers."""

    answers: int = 0
    errors: int = 0
    matched: int = 0
    model_errors: int = 0
    model_matched: int = 0
    ideals: set[str] = field(default_factory=set)
    accepted: set[str] = field(default_factory=set)
    rejecting: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.answers} answers, {len(self.accepted - self.rejecting)}/{len(self.ideals)} "
            f"ideals accepted by terraform, its errors matched {self.matched}/{self.errors} "
            f"(on model answers {self.model_matched}/{self.model_errors}), "
            f"{len(self.problems)} disagreements"
        )


def corpus_answers() -> list[Path]:
    return sorted(CORPUS.glob("real/*/*_RESPONSE.md")) + sorted(CORPUS.glob("*/*_RESPONSE.md"))


def unjudgeable(response: Response) -> str | None:
    """Why terraform here cannot judge an answer, or None when it can."""
    files = [f for f in response.terraform_files if f.path.endswith(".tf")]
    if not files:
        return "no Terraform file"
    providers: set[str] = set()
    for file in files:
        providers |= {m.group("type") for m in _BLOCK_TYPE.finditer(file.text)}
        providers |= {m.group("name") for m in _PROVIDER_BLOCK.finditer(file.text)}
    if providers - _BUILTIN:
        return "needs providers " + ", ".join(sorted(providers - _BUILTIN))
    remote = sorted(
        {s for f in files for s in _module_sources(f.text) if not s.startswith(("./", "../"))}
    )
    if remote:
        return "calls registry modules " + ", ".join(remote)
    return None


def _module_sources(text: str) -> list[str]:
    """The `source` of each module block (not the `source` of a required provider)."""
    sources = []
    for block in _MODULE_BLOCK.finditer(text):
        match = _SOURCE.search(text, block.end())
        if match:
            sources.append(match.group("source"))
    return sources


def root_directories(response: Response) -> list[str]:
    """Directories of .tf files that no module call of the answer points at."""
    files = [f for f in response.terraform_files if f.path.endswith(".tf")]
    directories = {f.directory for f in files}
    called: set[str] = set()
    for file in files:
        for source in _module_sources(file.text):
            called.add(_join(file.directory, source))
    return sorted(directories - called)


def _join(directory: str, relative: str) -> str:
    parts = [p for p in directory.split("/") if p]
    for part in relative.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/".join(parts)


@cache
def analysis_of(path: Path) -> Analysis:
    """tfjudge on the answer as score.py runs it (all rules; the prompt and ideal only add
    findings of other families)."""
    return analyze_response(load_response(path), settings=Settings())


def judged_findings(analysis: Analysis) -> list[Finding]:
    return [f for f in analysis.findings if f.rule.startswith(JUDGED_FAMILIES)]


def _where(response: Response, file: str | None, line: int | None) -> str:
    """`file:line (response line N)`: terraform's place mapped back to the answer."""
    source = next((f for f in response.files if f.path == file), None)
    answer_line = source.response_line(line) if source is not None else None
    return f"{file}:{line} (response line {answer_line})"


def _covered(diagnostic: Diagnostic, analysis: Analysis) -> str | None:
    """The rule of the tfjudge finding that reports terraform's error at its place, or None.

    At the same line of the same file, or as another place of a finding that reports each
    missing thing once (`related`); a value a provider validator rejects, which terraform
    places on the enclosing block (`Invalid String Enum Value` at the resource header),
    at the line inside that block holding the value. An error without a place (a cycle,
    a missing provider configuration) is a finding of the rule that covers it. Only
    findings of a rule that predicts a terraform error count (BLOCKING_FAMILIES).
    """
    findings = [f for f in analysis.findings if f.rule.startswith(BLOCKING_FAMILIES)]
    if diagnostic.file is None or diagnostic.line is None:
        rule = rule_of(diagnostic.summary)
        return rule if any(f.rule == rule for f in findings) else None
    place = f"{diagnostic.file}:{diagnostic.line}"
    for finding in findings:
        if finding.file == diagnostic.file and finding.line == diagnostic.line:
            return finding.rule
    for finding in findings:
        if place in finding.related:
            return finding.rule
    given = _GIVEN_VALUE.search(diagnostic.detail)
    if given is None:
        return None
    end = _block_end(analysis, diagnostic.file, diagnostic.line)
    for finding in findings:
        if (
            finding.file == diagnostic.file
            and finding.line is not None
            and diagnostic.line <= finding.line <= end
            and given.group(1) in finding.message
        ):
            return finding.rule
    return None


_GIVEN_VALUE = re.compile(r"Given Value: (\S+)")


def block_starting(analysis: Analysis, file: str, line: int) -> Block | None:
    """The (possibly nested) block whose header is on `line` of `file`."""
    for document in analysis.answer.documents:
        if document.file.path != file:
            continue
        pending = list(document.body.blocks)
        while pending:
            block = pending.pop()
            if block.range.start_line == line:
                return block
            pending.extend(block.body.blocks)
    return None


def _block_end(analysis: Analysis, file: str, line: int) -> int:
    """The last line of the (possibly nested) block starting at `line` of `file`."""
    block = block_starting(analysis, file, line)
    return block.range.end_line if block is not None else line


def as_tfjudge_reads(analysis: Analysis) -> dict[str, str]:
    """The answer's .tf files as terraform here should read them, line for line:
    - every declaration a later copy of its file replaces is blanked (a replaced block, a
      replaced local value);
    - a resource or data source of a utility provider terraform here lacks (`random`,
      `archive`, `local`, `tls`, `null`, `time`) stands in as a `terraform_data` resource
      (its meta-arguments kept, its other arguments blanked), every reference to it
      reads the stand-in's `output` (unknown, of any type, as the real attribute is
      until apply), and those providers' `provider` blocks and requirements are blanked.
    """
    configuration = analysis.answer.configuration
    references = References(configuration)
    blank: dict[str, set[int]] = {}

    def blank_range(where: Range) -> None:
        blank.setdefault(where.file, set()).update(range(where.start_line, where.end_line + 1))

    headers: dict[tuple[str, int], str] = {}
    for module in configuration.modules.values():
        for node in references.declarations[module.directory].superseded_nodes:
            blank_range(node.range if isinstance(node, Block) else node.attribute.range)
        for block in references.active_blocks(module):
            if block.type in ("resource", "data") and _stood_in(block.labels[0]):
                prefix = "data__" if block.type == "data" else ""
                name = f"{prefix}{block.labels[0]}__{block.labels[1]}"
                headers[(block.range.file, block.header_line)] = name
                for argument, attribute in block.body.attributes.items():
                    if argument not in _META_ARGUMENTS:
                        blank_range(attribute.range)
                for nested in block.body.blocks:
                    blank_range(nested.range)  # lifecycle too: it names the arguments
            elif block.type == "provider" and block.labels and _stood_in(block.labels[0]):
                blank_range(block.range)
            elif block.type == "terraform":
                for required in block.body.blocks_of("required_providers"):
                    for argument, attribute in required.body.attributes.items():
                        if argument in STAND_INS:
                            blank_range(attribute.range)
    files = {}
    for file in analysis.response.terraform_files:
        if not file.path.endswith(".tf"):
            continue
        lines = file.text.split("\n")
        for index, line in enumerate(lines):
            number = index + 1
            if number in blank.get(file.path, ()):
                lines[index] = ""
            elif (file.path, number) in headers:
                name = headers[(file.path, number)]
                lines[index] = _HEADER.sub(f'resource "terraform_data" "{name}"', line, count=1)
            else:
                lines[index] = _STAND_IN_REFERENCE.sub(_reference, line)
        files[file.path] = "\n".join(lines)
    return files


_META_ARGUMENTS = {"count", "for_each", "depends_on"}
_HEADER = re.compile(r'(?:resource|data)\s+"[^"]+"\s+"[^"]+"')
_STAND_IN_REFERENCE = re.compile(
    rf"(?<![\w.\"])(?P<data>data\.)?(?P<type>(?:{'|'.join(STAND_INS)})_\w+)\.(?P<name>[\w-]+)"
    r"(?P<index>\[[^\]]*\])?(?P<attribute>\.\w+)?"
)


def _stood_in(type_or_provider: str) -> bool:
    return type_or_provider.split("_", 1)[0] in STAND_INS


def _reference(match: re.Match[str]) -> str:
    prefix = "data__" if match.group("data") else ""
    index = match.group("index") or ""
    output = ".output" if match.group("attribute") else ""
    return f"terraform_data.{prefix}{match.group('type')}__{match.group('name')}{index}{output}"


@pytest.mark.oracle
def test_real_answers_agree_with_terraform_validate(tmp_path: Path) -> None:
    require_oracle()
    paths = corpus_answers()
    if not paths:
        pytest.skip("the corpus is not available")
    answers: list[Answer] = []
    skipped: list[str] = []
    for path in paths:
        response = load_response(path)
        label = f"{path.parent.name}/{path.stem}"
        reason = unjudgeable(response)
        if reason is not None:
            skipped.append(f"{label}: {reason}")
            continue
        answers.append(Answer(label, path.stem == "IDEAL_RESPONSE", response, []))
        answers[-1].roots = root_directories(response)
    cases: list[Case] = []
    owner: dict[str, tuple[Answer, Path]] = {}
    for answer, path in zip(answers, [_path_of(a, paths) for a in answers], strict=True):
        files = as_tfjudge_reads(analysis_of(path))
        answer.stand_ins = needs_stand_ins(answer.response)
        for root in answer.roots:
            name = f"case{len(cases):03d}"
            cases.append(Case(name, files, root))
            owner[name] = (answer, path)
    verdicts = validate_cases(tmp_path, cases)
    tallies = {False: Tally(), True: Tally()}  # by whether resources stand in
    for answer in answers:
        tallies[answer.stand_ins].answers += 1
        if answer.ideal:
            tallies[answer.stand_ins].ideals.add(answer.label)
    rejected_ideals: list[str] = []
    how: Counter[str] = Counter()
    for case in cases:
        answer, path = owner[case.name]
        tally = tallies[answer.stand_ins]
        verdict: Verdict = verdicts[case.name]
        analysis = analysis_of(path)
        where = f"{answer.label} [{case.root or '.'}]"
        for diagnostic in verdict.errors:
            tally.errors += 1
            tally.model_errors += not answer.ideal
            rule = _covered(diagnostic, analysis)
            if rule is not None:
                tally.matched += 1
                tally.model_matched += not answer.ideal
                how[f"{diagnostic.summary} -> {rule}"] += 1
            else:
                place = _where(answer.response, diagnostic.file, diagnostic.line)
                tally.problems.append(
                    f"{where}: terraform {diagnostic.summary} at {place}, no finding"
                )
        if answer.ideal and verdict.errors:
            first = verdict.errors[0]
            rejected_ideals.append(f"{where}: {first.summary} at {first.file}:{first.line}")
            tally.rejecting.add(answer.label)
        if answer.ideal and verdict.phase == "walk" and not verdict.errors:
            tally.accepted.add(answer.label)
            loaded = _loaded_files(case)
            findings = [f for f in judged_findings(analysis) if f.file in loaded]
            for finding in not_warned(findings, verdict, analysis):
                place = _where(answer.response, finding.file, finding.line)
                tally.problems.append(f"{where}: accepted by terraform, {finding.rule} at {place}")
    native, widened = tallies[False], tallies[True]
    print(
        f"real answers: {len(cases)} root modules; terraform stopped at "
        f"{dict(Counter(verdicts[c.name].phase for c in cases))}\n"
        f"  with the aws provider only: {native.summary()}\n"
        f"  with utility resources standing in (measured, not asserted): {widened.summary()}\n"
        f"  matches by rule: {dict(how.most_common())}\n"
        f"  ideals terraform rejects: {rejected_ideals}\n"
        f"  not judged: {skipped}\n"
        "  disagreements with stand-ins:\n    " + "\n    ".join(widened.problems)
    )
    assert not native.problems, f"{len(native.problems)} disagreements:\n" + "\n".join(
        native.problems
    )


def needs_stand_ins(response: Response) -> bool:
    """Whether the answer declares resources of a provider that stands in (STAND_INS)."""
    return any(
        _stood_in(m.group("type"))
        for f in response.terraform_files
        for m in _BLOCK_TYPE.finditer(f.text)
    )


def _path_of(answer: Answer, paths: list[Path]) -> Path:
    return next(p for p in paths if f"{p.parent.name}/{p.stem}" == answer.label)


def _loaded_files(case: Case) -> set[str]:
    """The files terraform read for this case: its root and the modules it calls."""
    directories = {case.root}
    pending = [case.root]
    while pending:
        directory = pending.pop()
        for path, text in case.files.items():
            if path.rpartition("/")[0] != directory:
                continue
            for source in _module_sources(text):
                target = _join(directory, source)
                if target not in directories:
                    directories.add(target)
                    pending.append(target)
    return {p for p in case.files if p.rpartition("/")[0] in directories}


def not_warned(findings: list[Finding], verdict: Verdict, analysis: Analysis) -> list[Finding]:
    """The findings terraform gives no warning of its own about, each warning explaining
    one finding: a deprecated attribute (schema.deprecated) warned on the finding's line; a
    lifecycle rule without filter or prefix (schema.lifecycle-rule-without-filter), which
    the provider warns about as "Invalid Attribute Combination" of `rule[N].filter` and
    `rule[N].prefix`, placed on the header of the resource holding the rule."""
    unused = list(verdict.warnings)
    out = []
    for finding in findings:
        warning = next((w for w in unused if _warns_of(w, finding, analysis)), None)
        if warning is None:
            out.append(finding)
        else:
            unused.remove(warning)
    return out


def _warns_of(warning: Diagnostic, finding: Finding, analysis: Analysis) -> bool:
    if warning.file != finding.file or warning.line is None or finding.line is None:
        return False
    if finding.rule == "schema.deprecated":
        return "eprecated" in warning.summary and warning.line == finding.line
    if finding.rule == "schema.lifecycle-rule-without-filter":
        return (
            warning.summary == "Invalid Attribute Combination"
            and "].filter," in warning.detail
            and warning.line <= finding.line <= _block_end(analysis, warning.file, warning.line)
        )
    return False
