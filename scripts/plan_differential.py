"""tfjudge against `terraform plan` (offline) on a dataset of answers no one here wrote.

    python scripts/plan_differential.py ANSWERS.jsonl [--work DIR] [--chunk 20]
           [--part K/N] [--limit N] [--out RESULT.json]
    python scripts/plan_differential.py --report PART1.json [PART2.json ...]

What `terraform plan` rejects that `terraform validate` accepts is what the provider's
PlanResourceChange refuses (its validators and CustomizeDiff run on known values) and what
terraform's own walk refuses once values are known (variable validations, count/for_each,
function calls on known arguments). The answers are taken as validate_differential.py
takes them (unjudgeable ones, and those calling a local module they do not provide, are
skipped), cut into root modules (the files as tfjudge reads them), and each root is kept
only when plan can judge it offline:

- no data source but aws_iam_policy_document, aws_partition and aws_region (computed
  locally by the provider), no import block, no ephemeral block;
- every variable of the root has a default, or a value in the root's terraform.tfvars /
  *.auto.tfvars (which terraform loads; passed here as module arguments);
- every `provider "aws"` block has a literal alias (or none) and no count/for_each.

The kept roots are planned in batches: one configuration calls each root as a child module
(each variable of the root a variable of the batch with the root's value as default, so
that validate sees it unknown and plan known, as in a real root), whose own `provider
"aws"` blocks are neutralised by a `zz_override.tf` in their directory (mock keys,
us-east-1, the skip_* flags, no profile, no shared files, no account id lists, an empty
assume_role); roots without a provider block inherit the batch's OFFLINE_PROVIDER. A
backend of a child module is ignored by terraform (a warning). `terraform plan` validates
the whole configuration before it plans: a batch whose plan stops there loses the cases
its errors name (phase "validate": validate-time errors, not compared) and is planned
again; errors no case can be blamed for split the batch in halves. The errors of a plan
that walked are plan-time errors.

Every error of a walked plan is either an offline-setup error (credentials, STS, endpoints,
a data source read, the provider's configuration: listed apart) or a plan-time error,
matched with a tfjudge finding of a blocking family (syntax., core., schema., aws.) at its
place (corpus._covered), or anywhere in the block whose header it is placed on. On a root
plan accepts, the critical/high findings of those families are listed.

`--part K/N` takes every N-th answer from the K-th; `--report` merges the parts' JSON and
prints the summary.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from tests.oracle import test_real_answers_oracle as corpus  # noqa: E402
from tests.oracle.oracle import OFFLINE_PROVIDER  # noqa: E402
from tests.oracle.validate_harness import (  # noqa: E402
    Case,
    Diagnostic,
    without_version_constraints,
)
from validate_differential import missing_modules  # noqa: E402

from tfjudge.analysis import Analysis, PromptDocument, Settings, analyze_response  # noqa: E402
from tfjudge.parse.hcl.ast import Block, Literal  # noqa: E402
from tfjudge.response.loader import load_text_input  # noqa: E402

LOCAL_DATA = {"aws_iam_policy_document", "aws_partition", "aws_region"}
BLOCKING = corpus.BLOCKING_FAMILIES  # syntax. core. schema. aws.
AUTO_TFVARS = re.compile(r"(^|/)(terraform\.tfvars|[^/]+\.auto\.tfvars)$")
# errors that come from planning offline, not from the answer
OFFLINE = re.compile(
    r"(?i:credential|GetCallerIdentity|no such host|dial tcp|EC2 IMDS|metadata service|"
    r"shared config profile|AssumeRole|assume role|account (details|ID)|"
    r"request send failed|RequestError|configuring Terraform AWS Provider|"
    r"Invalid provider configuration|i/o timeout|connection refused|"
    r"exceeded maximum number of attempts|https response error|api error|"
    r"operation error|retrieving AWS|validating provider)|\bSTS\b"
)


@dataclass
class Root:
    """A root module of an answer, as one case of a batch."""

    case: Case
    answer: str
    providers: dict[str, list[tuple[str | None, set[str]]]] = field(default_factory=dict)
    # directory -> [(alias, nested block types present)]
    variables: dict[str, str] = field(default_factory=dict)  # variable -> HCL value text


# -- choosing the roots ---------------------------------------------------------------------


def plannable(root: Root, analysis: Analysis) -> str | None:
    """Why plan cannot judge this root offline, or None; fills root.providers and
    root.variables (each variable of the root with its value: the tfvars' or its default)."""
    case = root.case
    loaded = corpus._loaded_files(case)
    parsed = case.parsed()
    for document in parsed.documents:
        if document.file.path not in loaded:
            continue
        if document.errors:
            return "syntax error"
        directory = document.file.directory
        for block in document.body.blocks:
            if block.type == "data" and block.labels and block.labels[0] not in LOCAL_DATA:
                return "data source " + block.labels[0]
            if block.type in ("import", "ephemeral"):
                return block.type + " block"
            if block.type == "terraform" and block.body.first_block("cloud"):
                return "terraform cloud block"
            if block.type == "provider" and block.labels and block.labels[0] == "aws":
                if {"count", "for_each"} & set(block.body.attributes):
                    return "provider with count/for_each"
                alias_expr = block.body.get("alias")
                alias = None
                if alias_expr is not None:
                    if not isinstance(alias_expr, Literal) or not isinstance(alias_expr.value, str):
                        return "provider alias not a literal"
                    alias = alias_expr.value
                nested = {b.type for b in block.body.blocks}
                if "assume_role_with_web_identity" in nested:
                    return "provider with assume_role_with_web_identity"
                root.providers.setdefault(directory, []).append((alias, nested))
    tfvars = tfvars_values(analysis, case.root)
    module = parsed.configuration.modules.get(case.root, parsed.configuration.root)
    for block in module.variables:
        if not block.labels or block.file is None or block.file.directory != case.root:
            continue
        name = block.labels[0]
        default = block.body.attributes.get("default")
        if name in tfvars:
            root.variables[name] = tfvars[name]
        elif default is not None:
            root.variables[name] = expression_text(case.files[block.file.path], default.expr)
        else:
            return "required variable without value"
    return None


def expression_text(text: str, expr: Any) -> str:
    span = expr.range
    lines = text.split("\n")[span.start_line - 1 : span.end_line]
    if not lines:
        return "null"
    if len(lines) == 1:
        return lines[0][span.start_column - 1 : span.end_column - 1]
    lines[0] = lines[0][span.start_column - 1 :]
    lines[-1] = lines[-1][: span.end_column - 1]
    return "\n".join(lines)


def tfvars_values(analysis: Analysis, directory: str) -> dict[str, str]:
    """The values of the root's auto-loaded .tfvars files (later files win), as HCL text."""
    values: dict[str, str] = {}
    documents = {d.file.path: d for d in analysis.answer.documents}
    files = [
        f
        for f in analysis.response.terraform_files
        if AUTO_TFVARS.search(f.path) and f.directory == directory
    ]
    files.sort(key=lambda f: (not f.path.endswith("terraform.tfvars"), f.path))
    for file in files:
        document = documents.get(file.path)
        if document is None or document.errors:
            continue
        for name, attribute in document.body.attributes.items():
            values[name] = expression_text(file.text, attribute.expr)
    return values


def gather(
    rows: list[dict[str, Any]], settings: Settings
) -> tuple[list[Root], dict[str, Analysis], Counter[str], Counter[str]]:
    roots: list[Root] = []
    analyses: dict[str, Analysis] = {}
    skipped: Counter[str] = Counter()  # answers
    unplannable: Counter[str] = Counter()  # roots
    for row in rows:
        response = load_text_input(row["response"], f"{row['id']}.md")
        reason = corpus.unjudgeable(response)
        if reason is not None:
            skipped[reason.split(" ")[0]] += 1
            continue
        if missing_modules(response):
            skipped["calls a local module it does not provide"] += 1
            continue
        prompt = PromptDocument("PROMPT.md", row.get("prompt") or "")
        analysis = analyze_response(response, prompt, None, settings)
        analyses[row["id"]] = analysis
        files = corpus.as_tfjudge_reads(analysis)
        for directory in corpus.root_directories(response):
            name = f"r{len(roots):04d}"  # renamed per batch
            root = Root(Case(name, files, directory), row["id"])
            why = plannable(root, analysis)
            if why is None:
                roots.append(root)
            else:
                unplannable[why if not why.startswith("data source") else "data source"] += 1
                if why.startswith("data source"):
                    unplannable["  " + why] += 1
    return roots, analyses, skipped, unplannable


# -- planning -------------------------------------------------------------------------------

NEUTRAL = """  region                      = "us-east-1"
  access_key                  = "mock"
  secret_key                  = "mock"
  token                       = null
  profile                     = null
  shared_credentials_files    = null
  shared_config_files         = null
  allowed_account_ids         = null
  forbidden_account_ids       = null
  max_retries                 = 1
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
"""
NEUTRAL_BLOCKS = ("assume_role",)


def override_text(providers: list[tuple[str | None, set[str]]]) -> str:
    out = []
    for alias, nested in providers:
        body = (f'  alias = "{alias}"\n' if alias else "") + NEUTRAL
        for kind in NEUTRAL_BLOCKS:
            if kind in nested:
                body += f"  {kind} {{}}\n"
        out.append(f'provider "aws" {{\n{body}}}\n')
    return "".join(out)


UNKNOWN = "zz_plan_unknown"
_STAND_IN = re.compile(
    rf'^\s*resource\s+"terraform_data"\s+"((?:data__)?(?:{"|".join(corpus.STAND_INS)})_\w+__[\w-]+)"',
    re.M,
)


def stand_ins(case: Case) -> dict[str, list[str]]:
    """The terraform_data stand-ins of utility resources (as_tfjudge_reads), by directory."""
    found: dict[str, list[str]] = {}
    for path, text in case.files.items():
        names = _STAND_IN.findall(text)
        if names:
            found.setdefault(path.rpartition("/")[0], []).extend(names)
    return found


def environment() -> dict[str, str]:
    env = {
        **os.environ,
        "TF_IN_AUTOMATION": "1",
        "CHECKPOINT_DISABLE": "1",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    for key in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        env.pop(key, None)
    if not Path(env.get("TF_CLI_CONFIG_FILE", "/nonexistent")).exists():
        env.pop("TF_CLI_CONFIG_FILE", None)
    return env


def plugin_dir() -> str:
    tool = ROOT.parent / "shared" / "tools" / "tf-oracle"
    return subprocess.run([str(tool), "plugin-dir"], capture_output=True, text=True).stdout.strip()


def write_plan_batch(directory: Path, batch: list[Root]) -> None:
    """One configuration calling each root as a child module. Each variable of a root is a
    variable of the batch (`caseN__name`, with the root's value as default) passed to it,
    so that, as in a real root, validate sees it unknown and plan sees its value; each
    root's variables and module call stand in a file `caseN.batch.tf` of their own."""
    (directory / "main.tf").write_text(
        'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n'
        + OFFLINE_PROVIDER,
        encoding="utf-8",
    )
    for root in batch:
        case = root.case
        for path, text in case.files.items():
            target = directory / case.name / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(without_version_constraints(text), encoding="utf-8")
        overrides: dict[str, str] = {f: override_text(p) for f, p in root.providers.items()}
        for folder, names in stand_ins(case).items():
            # a stand-in's output unknown of any type, as the real attribute is in plan
            # (without input it would be a known null)
            (directory / case.name / folder / "zz_unknown.tf").write_text(
                f'resource "terraform_data" "{UNKNOWN}" {{}}\n', encoding="utf-8"
            )
            overrides[folder] = overrides.get(folder, "") + "".join(
                f'resource "terraform_data" "{name}" {{\n'
                f"  input = jsondecode(terraform_data.{UNKNOWN}.id)\n}}\n"
                for name in names
            )
        for folder, text in overrides.items():
            target = directory / case.name / folder / "zz_override.tf"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        source = f"./{case.name}" + (f"/{case.root}" if case.root else "")
        parts = []
        arguments = []
        for name, value in sorted(root.variables.items()):
            parts.append(f'variable "{case.name}__{name}" {{\n  default = {value}\n}}\n')
            arguments.append(f"  {name} = var.{case.name}__{name}\n")
        parts.append(f'module "{case.name}" {{\n  source = "{source}"\n{"".join(arguments)}}}\n')
        (directory / f"{case.name}.batch.tf").write_text("".join(parts), encoding="utf-8")


@dataclass
class PlanDiagnostic:
    severity: str
    summary: str
    detail: str
    file: str | None
    line: int | None
    address: str | None
    case: str | None


_CASE_FILE = re.compile(r"^(case\d+)\.batch\.tf$")
_CHECKED_AT = re.compile(r"rule at (case\d+)/(\S+?):(\d+),")
_CASE_NAMED = re.compile(r"module\.(case\d+)\b|\b(case\d+)/|\b(case\d+)__")


def _plan_diagnostic(item: dict[str, Any]) -> PlanDiagnostic:
    span = item.get("range") or {}
    file = span.get("filename")
    line = (span.get("start") or {}).get("line")
    address = item.get("address")
    case = None
    if file and "/" in file:
        case, file = file.split("/", 1)
    elif file and _CASE_FILE.match(file):
        case = _CASE_FILE.match(file).group(1)  # type: ignore[union-attr]
        file = "<batch>"
    if case is None:
        text = f"{address or ''} {item.get('summary', '')} {item.get('detail', '')}"
        match = _CASE_NAMED.search(text)
        case = next((g for g in match.groups() if g), None) if match else None
    checked = _CHECKED_AT.search(item.get("detail", ""))
    if file == "<batch>" and checked:  # a variable's validation: placed on its rule
        file, line = checked.group(2), int(checked.group(3))
    if address:
        address = re.sub(r"^module\.case\d+\.", "", address)
    return PlanDiagnostic(
        item.get("severity", "error"),
        item.get("summary", ""),
        item.get("detail", ""),
        file,
        line,
        address,
        case,
    )


def run_plan(directory: Path, plugins: str) -> tuple[bool, list[PlanDiagnostic], str]:
    """(walked, diagnostics, init error text)"""
    env = environment()
    init = subprocess.run(
        ["terraform", "init", f"-plugin-dir={plugins}", "-input=false", "-no-color"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    if init.returncode != 0:
        return False, [], init.stderr or init.stdout  # stdout names every module
    result = subprocess.run(
        ["terraform", "plan", "-input=false", "-refresh=false", "-json", "-lock=false"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=1800,
        env=env,
    )
    (directory / "plan.jsonl").write_text(result.stdout, encoding="utf-8")
    walked = False
    diagnostics = []
    for line in result.stdout.splitlines():
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            continue
        kind = message.get("type")
        if kind in ("planned_change", "change_summary", "resource_drift", "apply_start"):
            walked = True
        if kind == "diagnostic":
            diagnostics.append(_plan_diagnostic(message["diagnostic"]))
    if not walked and not any(d.severity == "error" for d in diagnostics):
        walked = result.returncode == 0
    return walked, diagnostics, result.stderr


def _names(text: str, case: str) -> bool:
    return any(next(g for g in m.groups() if g) == case for m in _CASE_NAMED.finditer(text))


def _verdict(phase: str, found: list[PlanDiagnostic]) -> dict[str, Any]:
    return {
        "phase": phase,
        "errors": [vars(d) for d in found if d.severity == "error"],
        "warnings": [vars(d) for d in found if d.severity != "error"],
    }


def plan_roots(work: Path, batch: list[Root], plugins: str) -> dict[str, dict[str, Any]]:
    """Plan verdicts per case name: {"phase", "errors", "warnings"}, phase one of
    "plan" (walked: its errors are plan-time), "validate" (plan stopped at its validation
    with errors of this case: validate-time), "init" (terraform init failed on it),
    "failed" (an error no case can be blamed for, alone)."""
    verdicts: dict[str, dict[str, Any]] = {}
    pending = [list(batch)]
    attempt = 0
    while pending:
        remaining = pending.pop()
        if not remaining:
            continue
        directory = work / f"plan{attempt}"
        attempt += 1
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        write_plan_batch(directory, remaining)
        walked, diagnostics, init_error = run_plan(directory, plugins)
        names = {r.case.name for r in remaining}
        if init_error:
            blamed = {next(g for g in m.groups() if g) for m in _CASE_NAMED.finditer(init_error)}
            blamed &= names
            chunks = init_error.split("Error: ")
            if blamed and len(remaining) > 1:
                for root in remaining:
                    if root.case.name in blamed:
                        own = [c for c in chunks if _names(c, root.case.name)]
                        verdicts[root.case.name] = {
                            "phase": "init",
                            "errors": [{"summary": c.strip()[:800]} for c in own],
                            "warnings": [],
                        }
                pending.append([r for r in remaining if r.case.name not in blamed])
            elif len(remaining) == 1:
                verdicts[remaining[0].case.name] = {
                    "phase": "init",
                    "errors": [{"summary": init_error[-800:]}],
                    "warnings": [],
                }
            else:
                half = len(remaining) // 2
                pending += [remaining[:half], remaining[half:]]
            continue
        by_case: dict[str, list[PlanDiagnostic]] = defaultdict(list)
        for diagnostic in diagnostics:
            by_case[diagnostic.case or "?"].append(diagnostic)
        stray = [d for d in by_case.get("?", []) if d.severity == "error"]
        if walked:
            for root in remaining:
                verdicts[root.case.name] = _verdict("plan", by_case.get(root.case.name, []))
            if stray:
                print(f"  stray plan errors in {directory}: {stray[:3]}", file=sys.stderr)
                for root in remaining:
                    verdicts[root.case.name]["stray"] = [vars(d) for d in stray]
            continue
        failed = {d.case for d in diagnostics if d.severity == "error" and d.case in names}
        if stray or not failed:
            if len(remaining) == 1:
                verdicts[remaining[0].case.name] = _verdict("failed", diagnostics)
            else:
                half = len(remaining) // 2
                pending += [remaining[:half], remaining[half:]]
            continue
        for root in remaining:
            if root.case.name in failed:
                verdicts[root.case.name] = _verdict("validate", by_case[root.case.name])
        pending.append([r for r in remaining if r.case.name not in failed])
    return verdicts


# -- comparing --------------------------------------------------------------------------------


def _enclosing_top(analysis: Analysis, file: str, line: int) -> Block | None:
    for document in analysis.answer.documents:
        if document.file.path != file:
            continue
        for block in document.body.blocks:
            if block.range.start_line <= line <= block.range.end_line:
                return block
    return None


def match(error: dict[str, Any], analysis: Analysis) -> tuple[str | None, str | None]:
    """(rule, how) of the tfjudge finding that reports a plan error, or (None, None)."""
    diagnostic = Diagnostic(
        error["summary"], error["detail"], error["file"], error["line"], error["case"]
    )
    rule = corpus._covered(diagnostic, analysis)
    if rule is not None:
        return rule, "place"
    findings = [f for f in analysis.findings if f.rule.startswith(BLOCKING)]
    file, line = error["file"], error["line"]
    if file and line:
        block = corpus.block_starting(analysis, file, line)
        while block is not None and block.parent is not None:
            block = block.parent  # a nested block's header: the top-level block holding it
        if block is not None:
            for finding in findings:
                if (
                    finding.file == file
                    and finding.line
                    and block.range.contains_line(finding.line)
                ):
                    return finding.rule, "in-block"
    address = error.get("address")
    if address:
        for finding in findings:
            if finding.address and (
                finding.address == address or finding.address.endswith("." + address)
            ):
                return finding.rule, "address"
    return None, None


def nearby(error: dict[str, Any], analysis: Analysis) -> list[str]:
    """Every finding (any family) in the top-level block holding the error."""
    file, line = error["file"], error["line"]
    if not file or not line:
        return []
    top = _enclosing_top(analysis, file, line)
    if top is None:
        return []
    return [
        f"{f.rule}@{f.line}"
        for f in analysis.findings
        if f.file == file and f.line and top.range.contains_line(f.line)
    ]


def source_lines(root: Root, file: str | None, line: int | None, after: int = 4) -> str:
    if not file or not line:
        return ""
    text = root.case.files.get(file, "").split("\n")
    return "\n".join(text[max(0, line - 1) : line + after])


def compare(root: Root, verdict: dict[str, Any], analysis: Analysis) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": root.answer,
        "root": root.case.root,
        "phase": verdict["phase"],
        "plan_errors": [],
        "offline_errors": [],
        "accepted_findings": [],
    }
    if verdict["phase"] != "plan":
        record["other_errors"] = [
            {k: e.get(k) for k in ("summary", "detail", "file", "line")} for e in verdict["errors"]
        ]
        return record
    seen = set()
    for error in verdict["errors"]:
        key = (error["summary"], error["detail"], error["file"], error["line"])
        if key in seen:
            continue  # the same error of another instance of a module or resource
        seen.add(key)
        text = f"{error['summary']} {error['detail']}"
        if OFFLINE.search(text) or (error.get("address") or "").startswith("data."):
            record["offline_errors"].append(
                {k: error[k] for k in ("summary", "detail", "file", "line", "address")}
            )
            continue
        rule, how = match(error, analysis)
        record["plan_errors"].append(
            {
                **{k: error[k] for k in ("summary", "detail", "file", "line", "address")},
                "rule": rule,
                "how": how,
                "nearby": nearby(error, analysis),
                "source": source_lines(root, error["file"], error["line"]),
                "response_line": response_line(analysis, error["file"], error["line"]),
            }
        )
    if not verdict["errors"]:
        loaded = corpus._loaded_files(root.case)
        warned = {(w["file"], w["line"]) for w in verdict["warnings"]}
        for finding in analysis.findings:
            if (
                finding.file in loaded
                and finding.rule.startswith(BLOCKING)
                and finding.severity.value in ("critical", "high")
            ):
                record["accepted_findings"].append(
                    {
                        "rule": finding.rule,
                        "severity": finding.severity.value,
                        "file": finding.file,
                        "line": finding.line,
                        "response_line": finding.response_line,
                        "message": finding.message,
                        "warned_here": (finding.file, finding.line) in warned,
                        "source": source_lines(root, finding.file, finding.line, after=2),
                        "block": block_of(analysis, finding.file, finding.line),
                    }
                )
    return record


def block_of(analysis: Analysis, file: str | None, line: int | None) -> str | None:
    """`type label...` of the top-level block holding a place: a finding in a `provider
    "aws"` block may be hidden by the override (its replaced arguments are not read)."""
    top = _enclosing_top(analysis, file, line) if file and line else None
    return " ".join((top.type, *top.labels)) if top is not None else None


def response_line(analysis: Analysis, file: str | None, line: int | None) -> int | None:
    source = next((f for f in analysis.response.files if f.path == file), None)
    return source.response_line(line) if source is not None and line else None


# -- main ---------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    started = time.time()
    rows = [json.loads(line) for line in args.answers.open(encoding="utf-8") if line.strip()]
    part, parts = (int(n) for n in args.part.split("/"))
    rows = rows[part::parts]
    roots, analyses, skipped, unplannable = gather(
        rows, Settings(options={"provider_version": "5"})
    )
    if args.limit:
        roots = roots[: args.limit]
    print(
        f"{len(rows)} answers, {len(roots)} plannable roots ({time.time() - started:.0f}s)",
        file=sys.stderr,
        flush=True,
    )
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    plugins = plugin_dir()
    results: list[dict[str, Any]] = []
    chunks = [roots[i : i + args.chunk] for i in range(0, len(roots), args.chunk)]
    for index, chunk in enumerate(chunks):
        for number, root in enumerate(chunk):
            root.case.name = f"case{number:04d}"
        planned = plan_roots(args.work / f"chunk{index}", chunk, plugins)
        for root in chunk:
            results.append(compare(root, planned[root.case.name], analyses[root.answer]))
        phases = Counter(planned[r.case.name]["phase"] for r in chunk)
        print(
            f"chunk {index + 1}/{len(chunks)}: {dict(phases)} ({time.time() - started:.0f}s)",
            file=sys.stderr,
            flush=True,
        )
    return {
        "answers": len(rows),
        "skipped_answers": dict(skipped),
        "judgeable_answers": len(analyses),
        "unplannable_roots": dict(unplannable),
        "plannable_roots": len(roots),
        "results": results,
        "seconds": round(time.time() - started),
    }


def report(parts: list[dict[str, Any]]) -> None:
    total: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    unplannable: Counter[str] = Counter()
    results = []
    for part in parts:
        total["answers"] += part["answers"]
        total["judgeable answers"] += part["judgeable_answers"]
        total["plannable roots"] += part["plannable_roots"]
        skipped.update(part["skipped_answers"])
        unplannable.update(part["unplannable_roots"])
        results.extend(part["results"])
    phases = Counter(r["phase"] for r in results)
    errors = [(r, e) for r in results for e in r["plan_errors"]]
    accepted = [r for r in results if r["phase"] == "plan" and not r["plan_errors"]]
    clean = [r for r in accepted if not r["offline_errors"]]
    print(f"totals: {dict(total)}")
    print(f"answers skipped: {dict(skipped)}")
    print(f"roots not plannable offline: {dict(unplannable)}")
    print(f"planned roots: {len(results)}, phases {dict(phases)}")
    print(
        f"roots with plan-time errors: {len({id(r) for r, _ in errors})}; "
        f"plan accepts (no plan-time error): {len(accepted)}, of which "
        f"{len(accepted) - len(clean)} with offline errors"
    )
    matched = [e for _, e in errors if e["rule"]]
    print(
        f"plan-time errors: {len(errors)}, matched by a tfjudge finding: {len(matched)} "
        f"({dict(Counter(e['how'] for e in matched))})"
    )
    print("\nMATCHED by summary -> rule:")
    for key, n in Counter(f"{e['summary']} -> {e['rule']}" for e in matched).most_common():
        print(f"  {n:4d}  {key}")
    print("\nUNMATCHED plan-time errors by summary:")
    grouped: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = defaultdict(list)
    for r, e in errors:
        if not e["rule"]:
            grouped[re.sub(r"\d+", "N", e["summary"])[:120]].append((r, e))
    for summary, hits in sorted(grouped.items(), key=lambda kv: -len(kv[1])):
        answers = len({r["id"] for r, _ in hits})
        print(f"\n== {summary}  [{len(hits)} errors, {answers} answers]")
        for r, e in hits[:6]:
            print(
                f"  {r['id']} {e['file']}:{e['line']} (response line {e['response_line']}) "
                f"{e['address']} nearby={e['nearby']}"
            )
            print(f"    detail: {e['detail'][:300]!r}")
    offline = Counter(
        re.sub(r"\d+", "N", e.get("summary", ""))[:100]
        for r in results
        for e in r["offline_errors"]
    )
    print(f"\nOFFLINE-SETUP errors: {dict(offline)}")
    print("\nCRITICAL/HIGH findings on roots plan accepts, by rule:")
    by_rule: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = defaultdict(list)
    for r in clean:
        for f in r["accepted_findings"]:
            by_rule[f["rule"]].append((r, f))
    for rule, hits in sorted(by_rule.items(), key=lambda kv: -len(kv[1])):
        answers = len({r["id"] for r, _ in hits})
        print(f"\n== {rule}  [{len(hits)} findings, {answers} answers]")
        for r, f in hits[:3]:
            print(
                f"  {r['id']} {f['file']}:{f['line']} (response line {f['response_line']}) "
                f"in {f.get('block')} [{f['severity']}] {f['message'][:250]}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("answers", type=Path, nargs="?")
    parser.add_argument("--work", type=Path, default=Path("/tmp/plandiff/work"))
    parser.add_argument("--chunk", type=int, default=20)
    parser.add_argument("--part", default="0/1")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--report", type=Path, nargs="+")
    args = parser.parse_args()
    if args.report:
        report([json.loads(p.read_text(encoding="utf-8")) for p in args.report])
        return
    result = run(args)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    report([result])


if __name__ == "__main__":
    main()
