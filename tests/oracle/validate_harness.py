"""`terraform validate` as the oracle of the core.* rules: cases, batches, comparison.

A case is an answer's files. A batch writes every case into its own directory of one
root configuration that calls each as a child module (its required variables wired to
root variables, which validate leaves unknown), so one `tf-oracle validate` checks them
all. Terraform stops at the first phase that fails: loading (`init`: duplicates, reserved
provider arguments, provider references), the graph (provider configurations, cycles),
then the walk (references). `validate_cases` therefore removes the cases an earlier phase
rejected and runs again, until the rest is clean or fully reported. The batch's root module
holds one error of its own that only the walk reports (WALK_SENTINEL): when it is there,
the walk went through every case, and a case without errors is accepted in that same run.

Both sides are reduced to keys per case: (rule, address) for the rules tfjudge reports
once per missing thing (undeclared-*, dependency-cycle, undeclared-provider-alias) and
(rule, line) for the others. Rules `validate` cannot see (empty-backend, packages of
missing-local-file) are not compared.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tests.oracle.oracle import _ANSI, require_oracle
from tfjudge.analysis import Settings, analyze_response, parse_answer
from tfjudge.findings import Finding
from tfjudge.response.loader import Response
from tfjudge.source import SourceFile

GROUPED = {
    "core.undeclared-variable",
    "core.undeclared-local",
    "core.undeclared-resource",
    "core.undeclared-provider-alias",
    "core.dependency-cycle",
}
_SUMMARIES = [
    (re.compile(r"^Reference to undeclared input variable$"), "core.undeclared-variable"),
    (re.compile(r"^Reference to undeclared local value$"), "core.undeclared-local"),
    (re.compile(r"^Reference to undeclared (resource|module)$"), "core.undeclared-resource"),
    (re.compile(r"^Missing resource instance key$"), "core.missing-instance-key"),
    (re.compile(r"^(Cycle: |Self-referencing local value)"), "core.dependency-cycle"),
    (re.compile(r"^Duplicate "), "core.duplicate-declaration"),
    (re.compile(r"^Invalid index$"), "core.invalid-index"),
    (re.compile(r"^Reserved argument name in provider block$"), "core.provider-meta-argument"),
    (re.compile(r"^Invalid provider configuration reference$"), "core.dynamic-provider-reference"),
    (
        re.compile(
            r'^(Invalid reference|Reference to "(each|count)" in|Invalid "(self|each|count)" '
            r"(reference|attribute)|each\.value cannot be used)"
        ),
        "core.invalid-reference",
    ),
    (
        re.compile(
            r"^(Provider configuration not present|Missing required provider configuration)$"
        ),
        "core.undeclared-provider-alias",
    ),
]
_ERROR = re.compile(r"^│ Error: (?P<summary>.+)$")
_WHERE = re.compile(r"^│\s+on (?P<file>\S+) line (?P<line>\d+)")


@dataclass
class Case:
    name: str
    files: dict[str, str]  # path in the answer -> text
    root: str = ""  # directory of the root module's .tf files

    def source_files(self) -> list[SourceFile]:
        out = []
        for path, text in self.files.items():
            language = "hcl" if path.endswith((".tf", ".tfvars")) else "text"
            out.append(SourceFile(path, language, text))
        return out

    def parsed(self):  # type: ignore[no-untyped-def]
        return parse_answer(Response(self.name, "directory", files=self.source_files()))


@dataclass
class Diagnostic:
    summary: str
    detail: str
    file: str | None  # relative to the case
    line: int | None
    case: str | None
    severity: str = "error"


@dataclass
class Verdict:
    """What terraform said about one case."""

    phase: str  # "init", "graph" or "walk"
    diagnostics: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)  # of the walk

    @property
    def errors(self) -> list[Diagnostic]:
        return self.diagnostics


def rule_of(summary: str) -> str | None:
    for pattern, rule in _SUMMARIES:
        if pattern.search(summary):
            return rule
    return None


# -- cases --------------------------------------------------------------------------------

_FOREIGN = re.compile(r'^\s*(resource|data)\s+"(?!aws_|terraform_)[a-z0-9]+_', re.MULTILINE)
_PROVIDERS = re.compile(r'source\s*=\s*"(?!hashicorp/aws")[^"]+/[^"]+"')


def case_from_response(name: str, response: Response) -> Case | None:
    """A case from an answer, or None when terraform here cannot judge it (other
    providers than aws, root files spread over several directories, no HCL)."""
    files = {f.path: f.text for f in response.files}
    terraform = {p: t for p, t in files.items() if p.endswith(".tf")}
    if not terraform:
        return None
    if any(_FOREIGN.search(t) or _PROVIDERS.search(t) for t in terraform.values()):
        return None
    parsed = parse_answer(response)
    if any(d.errors for d in parsed.documents):
        return None
    roots = {d.file.directory for d in parsed.configuration.root.documents}
    if len(roots) != 1:
        return None
    return Case(name, files, roots.pop())


def required_variables(case: Case) -> list[str]:
    parsed = case.parsed()
    # the case's root may be a module directory of its own, or one of the directories
    # tfjudge's root module holds (every other directory no module calls)
    configuration = parsed.configuration
    module = configuration.modules.get(case.root, configuration.root)
    return [
        b.labels[0]
        for b in module.variables
        if b.labels
        and "default" not in b.body.attributes
        and b.file is not None
        and b.file.directory == case.root
    ]


# -- running terraform ----------------------------------------------------------------------


_CONSTRAINT = re.compile(r"^(\s*)(required_version|version)(\s*=\s*\"[^\"]*\")", re.MULTILINE)


def without_version_constraints(text: str) -> str:
    """Version constraints blanked (line for line): the oracle has one terraform and one
    aws provider, whatever versions the answer asked for."""

    def blank(match: re.Match[str]) -> str:
        return f"{match.group(1)}# {match.group(2)} constraint removed for the oracle"

    lines = text.split("\n")
    depth_in_required = 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("required_providers"):
            depth_in_required = 1 if stripped.endswith("{") else 0
            continue
        if line.lstrip().startswith("required_version"):
            lines[index] = _CONSTRAINT.sub(blank, line)
            continue
        if depth_in_required:
            depth_in_required += line.count("{") - line.count("}")
            lines[index] = _CONSTRAINT.sub(blank, line)
    return "\n".join(lines)


def write_batch(directory: Path, cases: Iterable[Case]) -> None:
    calls = []
    for case in cases:
        for path, text in case.files.items():
            target = directory / case.name / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(without_version_constraints(text) if path.endswith(".tf") else text)
        source = f"./{case.name}" + (f"/{case.root}" if case.root else "")
        arguments = []
        for variable in sorted(set(required_variables(case))):
            root_name = f"{case.name}_{variable}"
            calls.append(f'variable "{root_name}" {{}}\n')
            arguments.append(f"  {variable} = var.{root_name}\n")
        calls.append(f'module "{case.name}" {{\n  source = "{source}"\n{"".join(arguments)}}}\n')
    calls.append(f"locals {{\n  oracle_walk = var.{WALK_SENTINEL}\n}}\n")
    (directory / "main.tf").write_text("".join(calls))


# An undeclared variable the batch's root module reads: terraform reports it in the walk
# (a local value's evaluation) and never before, whatever the cases hold; no case depends
# on it, so it stops nothing else of the walk.
WALK_SENTINEL = "oracle_walk_sentinel"


def _is_sentinel(diagnostic: Diagnostic) -> bool:
    return (
        diagnostic.case is None
        and diagnostic.file == "main.tf"
        and diagnostic.summary == "Reference to undeclared input variable"
        and f'"{WALK_SENTINEL}"' in diagnostic.detail
    )


def _run(directory: Path) -> tuple[list[Diagnostic], list[Diagnostic] | None]:
    """(init errors, validate diagnostics or None when init failed)."""
    oracle = require_oracle()
    for stale in (directory / ".terraform", directory / ".terraform.lock.hcl"):
        if stale.is_dir():
            subprocess.run(["rm", "-rf", str(stale)], check=False)
        elif stale.exists():
            stale.unlink()
    result = subprocess.run(
        [str(oracle), "validate", str(directory)], capture_output=True, text=True, timeout=900
    )
    log = directory / "init.err"
    init_text = _ANSI.sub("", log.read_text()) if log.exists() else ""
    init_errors = _parse_text(init_text)
    if result.returncode == 4 or not result.stdout.strip().startswith("{"):
        return init_errors, None
    report = json.loads(result.stdout)
    diagnostics = []
    for item in report.get("diagnostics", []):
        span = item.get("range") or {}
        file = span.get("filename")
        line = (span.get("start") or {}).get("line")
        diagnostic = _diagnostic(item["summary"], item.get("detail", ""), file, line)
        diagnostic.severity = item.get("severity", "error")
        diagnostics.append(diagnostic)
    return init_errors, _unique(diagnostics)


def _parse_text(text: str) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    summary: str | None = None
    detail: list[str] = []
    where: tuple[str, int] | None = None
    for line in text.splitlines():
        error = _ERROR.match(line)
        if error:
            if summary:
                found.append(_diagnostic(summary, " ".join(detail), *(where or (None, None))))
            summary, detail, where = error.group("summary").strip(), [], None
            continue
        match = _WHERE.match(line)
        if match and summary and where is None:
            where = (match.group("file"), int(match.group("line")))
        elif summary and line.startswith("│ "):
            detail.append(line[2:].strip())
    if summary:
        found.append(_diagnostic(summary, " ".join(detail), *(where or (None, None))))
    return _unique(found)


def _diagnostic(summary: str, detail: str, file: str | None, line: int | None) -> Diagnostic:
    case = None
    relative = file
    if file and "/" in file:
        case, relative = file.split("/", 1)
    if case is None:
        match = re.search(r"module\.(case\d+)", summary + " " + detail)
        case = match.group(1) if match else None
    return Diagnostic(summary, detail, relative, line, case)


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen = set()
    out = []
    for d in diagnostics:
        key = (d.summary, d.detail, d.file, d.line, d.case, d.severity)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def validate_cases(work: Path, cases: list[Case], runs: int = 10) -> dict[str, Verdict]:
    """Terraform's verdict on every case, peeling off the cases each phase rejects; a case
    is accepted only by a run that reports no error at all."""
    verdicts: dict[str, Verdict] = {}
    remaining = list(cases)
    for attempt in range(runs):
        if not remaining:
            break
        directory = work / f"run{attempt}"
        directory.mkdir(parents=True)
        write_batch(directory, remaining)
        init_errors, everything = _run(directory)
        if everything is None:
            rejected = _by_case(init_errors)
            if not rejected:
                raise AssertionError("terraform init failed for no case: " + repr(init_errors[:3]))
            for name, found in rejected.items():
                verdicts[name] = Verdict("init", found)
            remaining = [c for c in remaining if c.name not in rejected]
            continue
        errors = without_echoes([d for d in everything if d.severity == "error"])
        walked = any(_is_sentinel(d) for d in errors)
        diagnostics = [d for d in errors if not _is_sentinel(d)]
        warnings = _by_case([d for d in everything if d.severity == "warning"])
        graph = [d for d in diagnostics if d.file is None]
        if graph:
            rejected = _by_case(graph)
            if not rejected:
                raise AssertionError("graph errors for no case: " + repr(graph[:3]))
            for name, found in rejected.items():
                verdicts[name] = Verdict("graph", found)
            remaining = [c for c in remaining if c.name not in rejected]
            continue
        stray = [d for d in diagnostics if d.case is None]
        if stray:
            raise AssertionError("errors of the batch's own root module: " + repr(stray[:3]))
        walk = _by_case(diagnostics)
        if not walked and not walk:
            raise AssertionError("terraform reported no error, not even the walk sentinel")
        if not walked and len(walk) < len(remaining):
            # errors some phases raise before the walk (a module call's unexpected argument)
            # stop the walk of every module: the clean cases are confirmed by another run
            for name, found in walk.items():
                verdicts[name] = Verdict("walk", found, warnings.get(name, []))
            remaining = [c for c in remaining if c.name not in walk]
            continue
        for case in remaining:
            verdicts[case.name] = Verdict(
                "walk", walk.get(case.name, []), warnings.get(case.name, [])
            )
        remaining = []
    if remaining:
        raise AssertionError(f"no verdict after {runs} runs for {len(remaining)} cases")
    return verdicts


# A root object used bare (`count`, `each`, `var`, `local`, `path`, `terraform`: `a =
# count`) is reported twice by terraform validate: "Invalid reference" at its place ("The
# "count" object cannot be accessed directly"), then once more when the walk evaluates the
# reference with an empty attribute name, with an empty range (filename "", line 0) that
# names no module: 'Invalid "count" attribute' (no attribute named ""), "Reference to
# undeclared input variable" (no variable named ""), "... local value" (no local named "").
_BARE_ROOT = re.compile(r'^The "(?P<root>\w+)" object cannot be accessed directly')
_EMPTY_ATTRIBUTE = re.compile(r'^The "(?P<root>\w+)" object does not have an attribute named ""')
_EMPTY_NAME = {
    "Reference to undeclared input variable": ("var", 'An input variable with the name ""'),
    "Reference to undeclared local value": ("local", 'A local value with the name ""'),
}


def without_echoes(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The errors without the placeless repetitions of a bare root object (see above),
    each dropped only when the run also has the bare root's own "Invalid reference" error
    (with its case and line); any other placeless error is kept."""
    bare = set()
    for diagnostic in diagnostics:
        match = _BARE_ROOT.match(diagnostic.detail)
        if diagnostic.summary == "Invalid reference" and diagnostic.case and match:
            bare.add(match.group("root"))
    return [d for d in diagnostics if _echo_of(d) not in bare]


def _echo_of(diagnostic: Diagnostic) -> str | None:
    """The root object a placeless repetition is about, or None for any other error."""
    if diagnostic.file != "" or diagnostic.line != 0 or diagnostic.case is not None:
        return None
    named = _EMPTY_NAME.get(diagnostic.summary)
    if named is not None:
        return named[0] if diagnostic.detail.startswith(named[1]) else None
    match = _EMPTY_ATTRIBUTE.match(diagnostic.detail)
    if match and diagnostic.summary == f'Invalid "{match.group("root")}" attribute':
        return match.group("root")
    return None


def _by_case(diagnostics: list[Diagnostic]) -> dict[str, list[Diagnostic]]:
    grouped: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        if diagnostic.case:
            grouped.setdefault(diagnostic.case, []).append(diagnostic)
    return grouped


# -- comparison -----------------------------------------------------------------------------


def terraform_keys(case: Case, verdict: Verdict) -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = set()
    for diagnostic in verdict.diagnostics:
        rule = rule_of(diagnostic.summary)
        if rule is None and _module_output_missing(case, diagnostic):
            rule = "core.invalid-reference"
        if rule is None:
            if "no file exists" in diagnostic.detail or "no such file" in diagnostic.detail:
                keys.add(("core.missing-local-file", _line_key(case, diagnostic)))
            continue
        if rule in GROUPED:
            keys.add((rule, _address_of(rule, diagnostic)))
        else:
            keys.add((rule, _line_key(case, diagnostic)))
    return keys


def _module_output_missing(case: Case, diagnostic: Diagnostic) -> bool:
    """ "Unsupported attribute" on `module.NAME.OUTPUT`: an output the module lacks."""
    if diagnostic.summary != "Unsupported attribute" or not diagnostic.file or not diagnostic.line:
        return False
    named = re.search(r'attribute named "([^"]+)"', diagnostic.detail)
    text = case.files.get(diagnostic.file, "").split("\n")
    if named is None or not 0 < diagnostic.line <= len(text):
        return False
    pattern = r"\bmodule\.[\w-]+(\[[^\]]*\])?\." + re.escape(named.group(1)) + r"\b"
    return re.search(pattern, text[diagnostic.line - 1]) is not None


def _line_key(case: Case, diagnostic: Diagnostic) -> str:
    file = diagnostic.file or "?"
    return f"{file}:{diagnostic.line}"


def _address_of(rule: str, diagnostic: Diagnostic) -> str:
    text = diagnostic.detail
    if rule == "core.undeclared-variable":
        return "var." + _quoted(text)
    if rule == "core.undeclared-local":
        return "local." + _quoted(text)
    if rule == "core.undeclared-resource":
        if text.startswith("No module call named"):
            return "module." + _quoted(text)
        names = re.findall(r'"([^"]+)"', text)
        prefix = "data." if "data resource" in text else ""
        return prefix + ".".join(names[:2])
    if rule == "core.undeclared-provider-alias":
        match = re.search(r'provider\["[^"]+/(?P<type>[^"/]+)"\]\.(?P<alias>[\w-]+)', text)
        if match:
            return f"provider.{match.group('type')}.{match.group('alias')}"
        match = re.search(r'local name "(?P<name>[\w.-]+)"', text)
        return f"provider.{match.group('name')}" if match else "provider.?"
    if rule == "core.dependency-cycle":
        summary = diagnostic.summary
        if summary.startswith("Self-referencing local value"):
            match = re.search(r"(local\.[\w-]+)", text)
            return "cycle:" + (match.group(1) if match else "?")
        names = summary.removeprefix("Cycle: ").split(", ")
        cleaned = sorted(
            {re.sub(r"^module\.case\d+\.", "", n).replace(" (expand)", "") for n in names}
        )
        return "cycle:" + ",".join(cleaned)
    return "?"


def _quoted(text: str) -> str:
    match = re.search(r'"([^"]+)"', text)
    return match.group(1) if match else "?"


def tfjudge_findings(case: Case) -> list[Finding]:
    parsed = case.parsed()
    return [
        f
        for f in analyze_response(parsed.response, settings=Settings(select=["core"])).findings
        if f.rule.startswith("core.")
    ]


def tfjudge_keys(case: Case, findings: list[Finding]) -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = set()
    for finding in findings:
        if finding.rule in ("core.empty-backend", "core.backend-variable"):
            continue  # validate runs without the backend (init -backend=false)
        if finding.rule == "core.missing-local-file" and not finding.message.startswith("file"):
            continue  # packages (filename, zip_file, source): validate does not read them
        relative = finding.file or "?"
        if finding.rule in GROUPED:
            if finding.rule == "core.dependency-cycle":
                keys.add((finding.rule, "cycle:" + _cycle_names(finding)))
            else:
                keys.add((finding.rule, finding.address or "?"))
        else:
            keys.add((finding.rule, f"{relative}:{finding.line}"))
            if finding.rule == "core.invalid-reference":
                # one finding per argument and name; terraform reports every use
                for other in finding.related:
                    file, _, line = other.rpartition(":")
                    keys.add((finding.rule, f"{file}:{line}"))
    return keys


def _cycle_names(finding: Finding) -> str:
    title = finding.title
    if title.startswith("Cycle: "):
        names = title.removeprefix("Cycle: ").split(", ")
        return ",".join(sorted({re.sub(r"^module\.[\w-]+\.", "", n) for n in names}))
    return finding.address or "?"


# -- what terraform leaves unreported -------------------------------------------------------
#
# Terraform's walk stops short in three ways, and then an error tfjudge reports has no
# terraform diagnostic although terraform would report it once the first ones are fixed:
# a block whose dependencies failed is not evaluated at all; in a block (or local value)
# with an undeclared resource or module reference, the variable and local references are
# not evaluated; in a depends_on list only the first undeclared entry is reported.

_WALK_KINDS = {"variable", "local", "resource", "data", "module", "ephemeral"}
_STATIC_KINDS = {"resource", "data", "module", "ephemeral"}


def masked_keys(case: Case, findings: list[Finding]) -> set[tuple[str, str]]:
    """tfjudge's keys that terraform's walk cannot have reported (see above)."""
    from tfjudge.evaluate.references import References

    parsed = case.parsed()
    references = References(parsed.configuration)
    problems = [r for r in references.references if _walk_problem(r)]
    failed = {id(r.source): r.source for r in problems}

    def hidden(reference) -> bool:  # type: ignore[no-untyped-def]
        source = reference.source
        if any(
            node is not source and references.depends_on(source, node) for node in failed.values()
        ):
            return True
        if reference.explicit:
            earlier = [
                r
                for r in problems
                if r.explicit and r.block is reference.block and _before(r, reference)
            ]
            return bool(earlier)
        if reference.kind in ("variable", "local"):
            return any(
                r.source is source and r.kind in _STATIC_KINDS and not r.explicit for r in problems
            )
        return False

    masked: set[tuple[str, str]] = set()
    for key in tfjudge_keys(case, findings):
        rule, what = key
        if rule in GROUPED and rule != "core.dependency-cycle":
            involved = [r for r in problems if r.address == what]
        else:
            file, _, line = what.rpartition(":")
            involved = [
                r for r in problems if r.range.file == file and str(r.range.start_line) == line
            ]
        if involved and all(hidden(r) for r in involved):
            masked.add(key)
    return masked


def _walk_problem(reference) -> bool:  # type: ignore[no-untyped-def]
    from tfjudge.parse.hcl.ast import Block

    if reference.kind in _WALK_KINDS and not reference.declared:
        return True
    target = reference.target
    return (
        isinstance(target, Block)
        and target.type in ("resource", "data")
        and ("count" in target.body.attributes or "for_each" in target.body.attributes)
        and bool(reference.remainder)
        and not reference.indexed
    )


def _before(a, b) -> bool:  # type: ignore[no-untyped-def]
    return (a.range.start_line, a.range.start_column) < (b.range.start_line, b.range.start_column)
