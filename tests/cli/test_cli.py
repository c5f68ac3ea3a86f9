"""The command line as a user runs it: flags, exit codes, config files, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from tfjudge.cli import main

GOOD = 'Answer:\n\n```hcl\nresource "aws_s3_bucket" "b" {\n  bucket_prefix = "b-"\n}\n```\n'
BROKEN = 'Answer:\n\n```hcl\nresource "aws_s3_bucket" "b" {\n  bucket_prefix = "b-" x = 1\n}\n```\n'
SCHEMA = json.loads(resources.files("tfjudge").joinpath("data/report.schema.json").read_text())


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("tfjudge ")


def test_json_report_follows_the_contract(write, capsys) -> None:
    code, out, _ = run(["analyze", str(write("a.md", BROKEN)), "--format", "json"], capsys)
    report = json.loads(out)
    jsonschema.validate(report, SCHEMA)
    assert code == 1
    finding = report["findings"][0]
    assert finding["rule"] == "syntax.hcl-error"
    assert (finding["file"], finding["line"], finding["response_line"]) == ("main.tf", 2, 5)
    assert finding["address"] == "aws_s3_bucket.b"
    assert report["summary"]["deployable"] is False
    assert report["files"][0] == {
        "path": "main.tf",
        "language": "hcl",
        "lines": 3,
        "source_line": 4,
        "truncated": False,
    }


def test_clean_answer_exits_zero(write, capsys) -> None:
    code, out, _ = run(["analyze", str(write("a.md", GOOD)), "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out)["summary"]["deployable"] is True


def test_fail_on_threshold(write, capsys) -> None:
    path = str(write("a.md", BROKEN))
    assert run(["analyze", path, "--fail-on", "never"], capsys)[0] == 0
    assert run(["analyze", path, "--fail-on", "low"], capsys)[0] == 1


def test_select_and_ignore_by_id_and_prefix(write, capsys) -> None:
    path = str(write("a.md", BROKEN))
    argv = ["analyze", path, "--format", "json", "--select", "syntax", "--ignore", "syntax"]
    _, out, _ = run(argv, capsys)
    assert json.loads(out)["findings"] == []
    _, out, _ = run(["analyze", path, "--format", "json", "--select", "syntax.hcl-error"], capsys)
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["syntax.hcl-error"]
    code, _, err = run(["analyze", path, "--select", "nosuch.rule"], capsys)
    assert code == 2 and "unknown rule" in err


def test_config_file_is_read(write, capsys, monkeypatch, tmp_path: Path) -> None:
    path = str(write("a.md", BROKEN))
    write(".tfjudge.toml", 'select = ["syntax"]\nignore = ["syntax.hcl-error"]\nformat = "json"\n')
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["analyze", path], capsys)
    assert code == 0 and json.loads(out)["findings"] == []


def test_pyproject_tool_section(write, capsys, monkeypatch, tmp_path: Path) -> None:
    path = str(write("a.md", BROKEN))
    write("pyproject.toml", '[tool.tfjudge]\nfail-on = "never"\n')
    monkeypatch.chdir(tmp_path)
    assert run(["analyze", path], capsys)[0] == 0


def test_bad_config_is_a_usage_error(write, capsys, monkeypatch, tmp_path: Path) -> None:
    path = str(write("a.md", GOOD))
    write(".tfjudge.toml", "colour = true\n")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["analyze", path], capsys)
    assert code == 2 and "unknown setting" in err


def test_output_file(write, capsys, tmp_path: Path) -> None:
    out_path = tmp_path / "report.json"
    run(["analyze", str(write("a.md", BROKEN)), "--format", "json", "-o", str(out_path)], capsys)
    assert json.loads(out_path.read_text())["findings"]


def test_text_report_quotes_the_line_and_has_no_colour_off_tty(write, capsys) -> None:
    _, out, _ = run(["analyze", str(write("a.md", BROKEN))], capsys)
    assert "syntax.hcl-error" in out and 'bucket_prefix = "b-" x = 1' in out
    assert "\x1b[" not in out
    assert "not deployable" in out


def test_several_paths_and_one_bad_one(write, capsys) -> None:
    good, broken = str(write("a.md", GOOD)), str(write("b.md", BROKEN))
    code, out, err = run(["analyze", good, "missing.md", broken, "--format", "json"], capsys)
    assert code == 2 and "missing.md" in err
    assert len(json.loads(out)) == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.md", "", "is empty"),
        ("blank.md", "\n\n   \n", "is empty"),
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    ],
)
def test_unreadable_input_is_one_line_and_exit_2(write, capsys, name, content, message) -> None:
    code, out, err = run(["analyze", str(write(name, content))], capsys)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_missing_file_and_directory_without_tf(write, capsys, tmp_path: Path) -> None:
    code, _, err = run(["analyze", str(tmp_path / "nope.md")], capsys)
    assert code == 2 and "no such file" in err
    write("docs/readme.md", "text")
    code, _, err = run(["analyze", str(tmp_path / "docs")], capsys)
    assert code == 2 and "no .tf files" in err


def test_a_binary_file_beside_the_configuration_does_not_stop_it(write, capsys) -> None:
    """An encrypted secret or a binary fixture in a repository is not source: the rest is
    judged, and the file counts as present. A binary .tf file is still refused."""
    main = write("repo/main.tf", 'output "key" {\n  value = file("config/credentials.sh")\n}\n')
    write("repo/config/credentials.sh", b"\x00GITCRYPT\x00\x91\x02")
    code, out, err = run(["analyze", str(main.parent), "--format", "json"], capsys)
    assert code == 0 and "config/credentials.sh is not read as source" in err
    assert json.loads(out)["findings"] == []
    write("repo/prod.secret.tfvars", b"\x00GITCRYPT\x00\x17")  # given with -var-file
    code, out, err = run(["analyze", str(main.parent), "--format", "json"], capsys)
    assert code == 0 and "prod.secret.tfvars is not read as source" in err
    write("repo/broken.tf", b"\x00\x01\x02")
    code, out, err = run(["analyze", str(main.parent)], capsys)
    assert code == 2 and "binary" in err and err.count("\n") == 1


def test_huge_file_is_refused_with_reason(tmp_path: Path, capsys) -> None:
    path = tmp_path / "huge.md"
    with path.open("wb") as handle:
        handle.write(b"x" * (50 * 1024 * 1024))
    code, _, err = run(["analyze", str(path)], capsys)
    assert code == 2 and "50.0 MB" in err and "--max-bytes" in err


def test_undecodable_bytes_are_replaced_and_reported(write, capsys) -> None:
    data = GOOD.encode().replace(b"Answer", b"Answ\xff\xfer")
    code, out, err = run(["analyze", str(write("a.md", data)), "--format", "json"], capsys)
    assert code == 0 and "not valid UTF-8" in err
    assert json.loads(out)["files"][0]["path"] == "main.tf"


def test_prose_only_answer_is_a_finding(write, capsys) -> None:
    code, out, _ = run(
        ["analyze", str(write("a.md", "I cannot do that.\n")), "--format", "json"], capsys
    )
    assert code == 1
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["format.no-code"]


def test_unclosed_fence_is_a_finding(write, capsys) -> None:
    text = 'Answer:\n\n```hcl\nresource "aws_s3_bucket" "b" {\n  bucket_prefix = "b-"\n'
    _, out, _ = run(["analyze", str(write("a.md", text)), "--format", "json"], capsys)
    assert "format.truncated-response" in {f["rule"] for f in json.loads(out)["findings"]}


def test_single_tf_file_and_directory(write, capsys, tmp_path: Path) -> None:
    tf = write("stack/main.tf", 'resource "a" "b" {\n  x = 1 y = 2\n}\n')
    _, out, _ = run(["analyze", str(tf), "--format", "json"], capsys)
    finding = json.loads(out)["findings"][0]
    assert (finding["file"], finding["line"], finding["response_line"]) == ("main.tf", 2, 2)
    _, out, _ = run(["analyze", str(tmp_path / "stack"), "--format", "json"], capsys)
    assert json.loads(out)["findings"][0]["line"] == 2


def test_a_tf_file_beside_others_is_judged_alone_and_says_so(write, capsys) -> None:
    """The file is the whole answer (an answers/ directory holds many); the user hears
    that terraform would read the files beside it, and how to judge that module."""
    alone = write("alone/main.tf", 'resource "aws_sqs_queue" "q" {\n  name = var.name\n}\n')
    _, out, err = run(["analyze", str(alone), "--format", "json"], capsys)
    assert err == ""
    undeclared = {f["rule"] for f in json.loads(out)["findings"]}
    main = write("module/main.tf", 'resource "aws_sqs_queue" "q" {\n  name = var.name\n}\n')
    write("module/variables.tf", 'variable "name" {\n  type = string\n}\n')
    _, out, err = run(["analyze", str(main), "--format", "json"], capsys)
    assert "main.tf is judged alone" in err and "(variables.tf)" in err
    assert {f["rule"] for f in json.loads(out)["findings"]} == undeclared
    assert "core.undeclared-variable" in undeclared


def test_rules_catalogue(capsys) -> None:
    code, out, _ = run(["rules", "--format", "json"], capsys)
    rules = json.loads(out)
    assert code == 0
    ids = [r["id"] for r in rules]
    assert "syntax.hcl-error" in ids and len(ids) == len(set(ids))
    for entry in rules:
        assert entry["doc"].startswith("## What it does"), entry["id"]
        assert "## Why is this bad?" in entry["doc"] and "## Example" in entry["doc"]
    code, out, _ = run(["rules"], capsys)
    assert code == 0 and "format.no-code" in out


def test_explain(capsys) -> None:
    code, out, _ = run(["explain", "syntax.hcl-error"], capsys)
    assert code == 0 and "Why is this bad?" in out
    code, _, err = run(["explain", "hcl-error"], capsys)
    assert code == 2 and "syntax.hcl-error" in err


def test_console_script_runs_as_a_process(write) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tfjudge",
            "analyze",
            str(write("a.md", BROKEN)),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert json.loads(result.stdout)["findings"][0]["rule"] == "syntax.hcl-error"


@pytest.mark.parametrize("output_format", ["json", "md"])
def test_process_exit_loses_no_output(write, capsys, output_format: str) -> None:
    """The command exits without the interpreter's teardown: everything written must
    still reach the reader (small outputs stay in the buffer until flushed), with the exit
    code of `main`."""
    argv = ["analyze", str(write("a.md", BROKEN)), "missing.md", "--format", output_format]
    code = main(argv)
    out, err = capsys.readouterr()
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    result = subprocess.run(
        [sys.executable, "-m", "tfjudge", *argv],
        capture_output=True,
        text=True,
        check=False,
        env=buffered,
    )
    assert (result.returncode, result.stdout, result.stderr) == (code, out, err)
    assert code == 2 and "syntax.hcl-error" in out and "missing.md" in err


LAUNCHED_COLLECTOR = """
import gc, sys
from tfjudge.cli import main
gc.disable()  # as tfjudge.launch does before the imports of a real run
code = main(sys.argv[1:])
print(gc.isenabled(), gc.get_freeze_count() > 0, gc.get_threshold()[0] > 700, code)
"""


@pytest.mark.parametrize("command", [["analyze", "{answer}", "--format", "json"], ["rules"]])
def test_the_collector_held_off_during_start_up_is_switched_on_after_it(
    write, command: list[str]
) -> None:
    answer = write("main.tf", 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n')
    argv = [part.format(answer=answer) for part in command]
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHED_COLLECTOR, *argv], capture_output=True, text=True
    )
    assert done.stdout.splitlines()[-1].split()[:3] == ["True", "True", "True"], done.stderr


@pytest.mark.parametrize("columns", [None, "97", "0", "-3", "wide"])
def test_help_is_as_wide_as_shutil_would_make_it(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from tfjudge.cli import _terminal_columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _terminal_columns() == shutil.get_terminal_size().columns


def test_an_empty_file_of_a_directory_is_read_as_terraform_reads_it(write, capsys) -> None:
    """An empty `variables.tf` beside the code is valid Terraform, not an unreadable input
    (an empty file given alone still is: see above)."""
    write("stack/main.tf", 'resource "aws_sqs_queue" "q" {\n  name = "jobs"\n}\n')
    empty = write("stack/variables.tf", "")
    code, out, err = run(["analyze", str(empty.parent), "--format", "json"], capsys)
    report = json.loads(out)
    assert code == 0 and err == ""
    assert {f["path"] for f in report["files"]} == {"main.tf", "variables.tf"}
