"""Extraction of files from Markdown answers: names, languages, lines, and the traps."""

from __future__ import annotations

import pytest

from tfjudge.response.loader import load_text_input, parse_markdown

HCL = 'resource "aws_s3_bucket" "b" {\n  bucket_prefix = "b-"\n}'


def files_of(text: str) -> list[tuple[str, str]]:
    return [(f.path, f.language) for f in parse_markdown(text, "answer.md").files]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (f"### provider.tf\n\n```hcl\n{HCL}\n```\n", "provider.tf"),
        (f"## `lib/tap_stack.tf`\n```hcl\n{HCL}\n```\n", "lib/tap_stack.tf"),
        (f"**`lib/tap_stack.tf`**\n\n```hcl\n{HCL}\n```\n", "lib/tap_stack.tf"),
        (f"## File: main.tf\n```terraform\n{HCL}\n```\n", "main.tf"),
        (f"FILE: storage.tf\n```\n{HCL}\n```\n", "storage.tf"),
        (f"1. **variables.tf**:\n```hcl\n{HCL}\n```\n", "variables.tf"),
        (f"Now create `outputs.tf` with the exports:\n\n```hcl\n{HCL}\n```\n", "outputs.tf"),
        (f"```hcl\n# tap_stack.tf\n{HCL}\n```\n", "tap_stack.tf"),
        (f"```hcl\n// File: modules/vpc/main.tf\n{HCL}\n```\n", "modules/vpc/main.tf"),
        (f'```hcl title="network.tf"\n{HCL}\n```\n', "network.tf"),
        (f"```hcl# tap_stack.tf - secure stack\n{HCL}\n```\n", "tap_stack.tf"),
        (f"```hcl\n{HCL}\n```\n", "main.tf"),
        (f"```tf\n{HCL}\n```\n", "main.tf"),
        (f"```\n{HCL}\n```\n", "main.tf"),
    ],
)
def test_file_is_named_by_nearest_signal(markdown: str, expected: str) -> None:
    assert files_of(markdown)[0] == (expected, "hcl")


def test_heading_above_wins_over_sentence_mentioning_another_file() -> None:
    text = f"### main.tf\n\nIt reads the inputs of `variables.tf`:\n\n```hcl\n{HCL}\n```\n"
    assert files_of(text)[0][0] == "main.tf"


@pytest.mark.parametrize(
    ("above", "expected"),
    [
        ("   - `outputs.tf` defines outputs for the module.", "terraform.tfvars"),
        ("- `outputs.tf`: the outputs", "outputs.tf"),
        ("**outputs.tf** - the outputs", "outputs.tf"),
        ("`outputs.tf` holds them:", "outputs.tf"),
    ],
)
def test_a_list_item_describing_a_file_labels_no_block(above: str, expected: str) -> None:
    tfvars = 'region = "us-west-2"\nvpc_id = "vpc-0a1b2c3d"'
    if expected == "outputs.tf":
        text = f"{above}\n\n```hcl\n{tfvars}\n```\n"
    else:
        text = (
            f"{above}\n\nTo use it:\n\n1. Create a `terraform.tfvars` file for the inputs:\n\n"
            f"```hcl\n{tfvars}\n```\n"
        )
    assert files_of(text)[-1][0] == expected


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ('region = "us-west-2"', "terraform.tfvars"),
        ('variable "region" {\n  type = string\n}', "variables.tf"),
    ],
)
def test_of_two_files_a_sentence_names_the_one_that_fits_the_block(
    block: str, expected: str
) -> None:
    text = (
        'Create a file named "terraform.tfvars" with values for the variables of the '
        f'"variables.tf" file:\n\n```hcl\n{block}\n```\n'
    )
    assert files_of(text)[-1][0] == expected


def test_names_of_other_languages_are_not_given_to_hcl() -> None:
    text = f"### handler.py\n\nThe function's infrastructure:\n\n```hcl\n{HCL}\n```\n"
    assert files_of(text)[0][0] == "main.tf"


def test_default_names_by_language_and_deduplication() -> None:
    text = (
        f"```hcl\n{HCL}\n```\n\n```hcl\n{HCL}\n```\n\n"
        "```python\nprint(1)\n```\n\n```bash\nterraform init\n```\n"
    )
    assert files_of(text) == [
        ("main.tf", "hcl"),
        ("main_2.tf", "hcl"),
        ("lambda_function.py", "python"),
        ("script.sh", "bash"),
    ]


def test_tfvars_and_fragments() -> None:
    text = '### terraform.tfvars\n```hcl\nregion = "us-east-1"\n```\n\n```hcl\nname = "x"\n```\n'
    assert files_of(text) == [("terraform.tfvars", "hcl"), ("snippet.hcl", "hcl")]


def test_response_line_of_file_lines() -> None:
    text = f"Intro\n\n### main.tf\n\n```hcl\n{HCL}\n```\n"
    response = parse_markdown(text, "answer.md")
    file = response.files[0]
    assert file.source_line == 6
    assert file.response_line(2) == 7
    assert text.split("\n")[file.response_line(2) - 1] == '  bucket_prefix = "b-"'


def test_one_block_holding_several_files() -> None:
    text = (
        "```hcl\n# dev.tfvars\ncount = 1\n\n# staging.tfvars\ncount = 2\n\n"
        "# prod.tfvars\ncount = 3\n```\n"
    )
    response = parse_markdown(text, "answer.md")
    assert [(f.path, f.source_line) for f in response.files] == [
        ("dev.tfvars", 2),
        ("staging.tfvars", 5),
        ("prod.tfvars", 8),
    ]


def test_unclosed_fence_is_detected_not_silently_closed() -> None:
    response = parse_markdown(f"```hcl\n{HCL}\n", "answer.md")
    assert response.fences[0].closed is False
    assert response.files[0].truncated is True


def test_closing_fence_glued_to_last_line() -> None:
    text = f"```hcl\n{HCL}```\n\n## Deploy\n\n```bash\nterraform apply\n```\n"
    response = parse_markdown(text, "answer.md")
    assert [(f.path, f.language) for f in response.files] == [
        ("main.tf", "hcl"),
        ("script.sh", "bash"),
    ]
    assert response.files[0].text.rstrip().endswith("}")
    assert (6, "## Deploy") in response.prose


def test_block_never_closed_before_next_opener_and_its_trailing_prose() -> None:
    text = (
        f"```hcl\n{HCL}\n\nI'll continue with the remaining resources below.\n"
        f"```hcl\n{HCL.replace('b', 'c')}\n```\n"
    )
    response = parse_markdown(text, "answer.md")
    assert len(response.files) == 2
    assert "continue" not in response.files[0].text
    assert any("continue" in line for _, line in response.prose)


def test_markdown_block_with_inner_fences_is_one_block() -> None:
    text = (
        "## README.md\n\n```markdown\n# Project\n\nDeploy with:\n\n```bash\nterraform apply\n```\n\n"
        "Layout:\n\n```\nmain.tf\nvariables.tf\n```\n\nDone.\n```\n\nThat is all.\n"
    )
    response = parse_markdown(text, "answer.md")
    assert [(f.path, f.language) for f in response.files] == [("README.md", "markdown")]
    assert response.fences[0].closed
    assert (22, "That is all.") in response.prose


def test_unfenced_hcl_after_prose() -> None:
    text = (
        "Here is the stack.\n\n# tap_stack.tf\n# Multi-region stack\n\n"
        f'data "aws_caller_identity" "current" {{}}\n\n{HCL}\n\n'
        "This configuration creates a bucket.\n"
    )
    response = parse_markdown(text, "answer.md")
    assert [(f.path, f.source_line) for f in response.files] == [("tap_stack.tf", 3)]
    assert "This configuration" not in response.files[0].text
    assert (1, "Here is the stack.") in response.prose


def test_unfenced_program_announced_by_a_comment() -> None:
    text = (
        f"{HCL}\n\n# handler.py\nimport json\n\n\ndef handler(event, context):\n"
        '    """Return\nthe event."""\n    return event\n'
    )
    response = parse_markdown(text, "answer.md")
    assert [(f.path, f.language) for f in response.files] == [
        ("main.tf", "hcl"),
        ("handler.py", "python"),
    ]
    assert response.files[1].text.rstrip().endswith("return event")


def test_stray_fence_with_prose_is_not_code() -> None:
    text = f"```hcl\n{HCL}\n```\n\nThese changes are tested.\n```\n\n## Notes\n\n- It works.\n"
    response = parse_markdown(text, "answer.md")
    assert [f.language for f in response.files] == ["hcl", "text"]


# -- several blocks for one file ------------------------------------------------------------

VPC = 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}'
SUBNET = (
    'resource "aws_subnet" "a" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = "10.0.1.0/24"\n}'
)


def named_files(text: str) -> list[tuple[str, str]]:
    return [(f.path, f.named_by) for f in parse_markdown(text, "answer.md").files]


def test_block_cut_off_then_continued_is_one_file() -> None:
    text = (
        f"Here is `stack.tf`:\n\n```hcl\n{VPC}\n\n# ---- subnets ----\n"
        f"I ran out of room; continuing below.\n```hcl\n{SUBNET}\n```\n"
    )
    assert named_files(text) == [("stack.tf", "context"), ("stack_2.tf", "previous")]


def test_unnamed_block_declaring_a_block_of_a_named_file_is_its_later_copy() -> None:
    text = (
        f"### network.tf\n\n```hcl\n{VPC}\n```\n\n### variables.tf\n\n```hcl\n"
        'variable "cidr" {}\n```\n\nOn second thought:\n\n'
        f"```hcl\n{VPC.replace('10.0.0.0/16', '10.1.0.0/16')}\n```\n"
    )
    assert named_files(text)[-1] == ("network_2.tf", "previous")


def test_single_file_answer_edited_below() -> None:
    text = (
        f"```hcl\n# stack.tf\n{VPC}\n```\n\nLet me update the script with a subnet:\n\n"
        f"```hcl\n{SUBNET}\n```\n"
    )
    assert named_files(text) == [("stack.tf", "comment"), ("stack_2.tf", "previous")]


def test_unnamed_block_after_a_named_file_without_edit_words_keeps_the_default() -> None:
    text = (
        '### provider.tf\n\n```hcl\nprovider "aws" {\n  region = "us-east-1"\n}\n```\n\n'
        f"And the resources:\n\n```hcl\n{VPC}\n```\n"
    )
    assert named_files(text) == [("provider.tf", "context"), ("main.tf", "default")]


def test_updated_file_shown_again_under_its_name() -> None:
    text = (
        f"1. Create `main.tf`:\n\n```hcl\n{VPC}\n```\n\n"
        f"2. Updated `main.tf` with the subnet:\n\n```hcl\n{VPC}\n\n{SUBNET}\n```\n"
    )
    assert [p for p, _ in named_files(text)] == ["main.tf", "main_2.tf"]


def test_multi_file_block_split_under_a_label_listing_the_files() -> None:
    text = (
        "**Files: dev.tfvars, prod.tfvars** - add:\n\n```hcl\n# dev.tfvars\nsize = 1\n\n"
        "# prod.tfvars\nsize = 3\n```\n"
    )
    response = parse_markdown(text, "answer.md")
    assert [(f.path, f.source_line) for f in response.files] == [
        ("dev.tfvars", 4),
        ("prod.tfvars", 7),
    ]


def test_heading_naming_a_merged_file_keeps_its_section_comments() -> None:
    text = f"### main.tf\n\n```hcl\n# network.tf\n{VPC}\n\n# subnets.tf\n{SUBNET}\n```\n"
    assert named_files(text) == [("main.tf", "context")]


def test_heading_named_block_with_file_sections_after_its_own_code() -> None:
    text = (
        f"# stack.tf\n\n```terraform\n# ===== RESOURCES =====\n{VPC}\n\n"
        "# File: dev.tfvars\n# size = 1\n```\n"
    )
    assert [p for p, _ in named_files(text)] == ["stack.tf", "dev.tfvars"]


def test_name_comment_under_a_banner() -> None:
    text = (
        f"```hcl\n# =========================\n# stack.tf - the whole stack\n# ====\n{VPC}\n```\n"
    )
    assert named_files(text) == [("stack.tf", "comment")]


@pytest.mark.parametrize(
    "comment",
    ["# Module File: modules/vpc/main.tf", "# Main Configuration File: modules/vpc/main.tf"],
)
def test_name_comment_with_words_before_file(comment: str) -> None:
    text = f"```hcl\n# main.tf\n{VPC}\n\n{comment}\n{SUBNET}\n```\n"
    assert [p for p, _ in named_files(text)] == ["main.tf", "modules/vpc/main.tf"]


def test_comment_speaking_of_a_file_names_nothing() -> None:
    text = f"```hcl\n# main.tf\n{VPC}\n\n# This subnet goes in main.tf\n{SUBNET}\n```\n"
    assert [p for p, _ in named_files(text)] == ["main.tf"]


def test_bare_fence_with_a_blank_first_line_and_a_name_comment() -> None:
    text = (
        f"```hcl\n{VPC}\n```\n\n```\n\n# provider.tf\n"
        'provider "aws" {\n  region = "us-east-1"\n}\n```\n'
    )
    assert [(f.path, f.language) for f in parse_markdown(text, "answer.md").files] == [
        ("main.tf", "hcl"),
        ("provider.tf", "hcl"),
    ]


def test_heading_left_at_the_end_of_an_interrupted_block_names_the_next_one() -> None:
    text = f"### outputs.tf\n\n```hcl\n{HCL}\n\n## lambda.tf\n\n```hcl\n{VPC}\n```\n"
    response = parse_markdown(text, "answer.md")
    assert [f.path for f in response.files] == ["outputs.tf", "lambda.tf"]
    assert any(line == "## lambda.tf" for _, line in response.prose)


def test_unfenced_files_separated_by_markdown_headings() -> None:
    text = (
        f'# variables.tf\n\nvariable "cidr" {{}}\n\n## network.tf\n\n### The VPC\n\n{VPC}\n\n'
        f"## outputs.tf\n\n"
        'output "vpc_id" {\n  value = aws_vpc.main.id\n}\n'
    )
    response = parse_markdown(text, "answer.md")
    assert [(f.path, f.source_line) for f in response.files] == [
        ("variables.tf", 1),
        ("network.tf", 5),
        ("outputs.tf", 13),
    ]


# -- names that are no Terraform file ---------------------------------------------------


def test_example_copies_keep_their_names_and_stay_out_of_the_configuration() -> None:
    text = (
        f'## backend.tf.example\n\n```hcl\nterraform {{\n  backend "s3" {{}}\n}}\n```\n\n'
        '### `lib/terraform.tfvars.example`\n\n```hcl\nregion = "us-east-1"\n```\n\n'
        f"## main.tf\n\n```hcl\n{VPC}\n```\n"
    )
    response = parse_markdown(text, "answer.md")
    assert [(f.path, f.language) for f in response.files] == [
        ("backend.tf.example", "hcl"),
        ("lib/terraform.tfvars.example", "hcl"),
        ("main.tf", "hcl"),
    ]
    assert [f.path for f in response.terraform_files] == ["main.tf"]


@pytest.mark.parametrize(
    ("heading", "info"),
    [
        ("## policy.rego", "rego"),
        ("## File: lib/id-mapping.csv", "csv"),
        ("### main_test.go", "go"),
    ],
)
def test_files_of_other_languages_keep_their_names(heading: str, info: str) -> None:
    text = f"{heading}\n\n```{info}\nsome content\n```\n"
    expected = heading.rpartition(" ")[2]
    assert files_of(text) == [(expected, "text")]


# -- fragments: HCL shown to explain, not files -----------------------------------------


@pytest.mark.parametrize(
    "markdown",
    [
        f"**Before:**\n\n```hcl\n{VPC}\n```\n",
        f"After (fixed):\n\n```hcl\n{VPC}\n```\n",
        f"```hcl\n# Before (wrong)\n{VPC}\n\n# After\n{VPC}\n```\n",
        '### State\n\n```hcl\nbackend "s3" {\n  bucket = "state"\n}\n```\n',
        'Rules are dynamic:\n\n```hcl\ndynamic "ingress" {\n  for_each = var.ports\n}\n```\n',
        f'```hcl\ntags = {{\n  Team = "a"\n}}\n\n{VPC}\n```\n',
        f"### eks.tf\n\n```hcl\n{VPC}\n```\n\nNaming:\n\n```hcl\n{VPC[:-1]}  ...\n}}\n```\n",
        f"```hcl\n{VPC}\n\n# ...\n```\n",  # a line standing for code left out
    ],
)
def test_fragments_are_snippets_outside_the_configuration(markdown: str) -> None:
    response = parse_markdown(markdown, "answer.md")
    assert response.files[-1].path == "snippet.hcl"
    assert response.files[-1] not in response.terraform_files


@pytest.mark.parametrize(
    "markdown",
    [
        f"After successful deployment, this is created:\n\n```hcl\n{VPC}\n```\n",
        f"```hcl\n# NEW: the main network\n{VPC}\n```\n",
        # broken code (one brace too many) is code with an error, not a fragment
        f'```hcl\n{VPC}\n}}\n\nresource "aws_subnet" "a" {{\n  ingress {{\n  }}\n}}\n```\n',
        # a file with a stray block or argument among Terraform's is a file with errors
        f'```hcl\nprovider "aws" {{\n}}\n\n{VPC}\n\nschedule "cron" {{\n  at = "2"\n}}\n```\n',
        f'```hcl\nregion = "us-east-1"\n\nprovider "aws" {{\n}}\n\n{VPC}\n```\n',
        # a `# ...` line of a heredoc's script is text, not code left out
        f'```hcl\n{VPC}\n\nresource "aws_instance" "web" {{\n  user_data = <<EOF\n'
        "#!/bin/bash\n# ...\nEOF\n}\n```\n",
        f"```hcl\n/*\n...\n*/\n{VPC}\n```\n",
    ],
)
def test_code_that_only_resembles_a_fragment_stays_configuration(markdown: str) -> None:
    response = parse_markdown(markdown, "answer.md")
    assert response.files[-1].path == "main.tf"


# -- prose and Markdown around code -----------------------------------------------------


def test_markdown_block_holding_diagrams_in_bare_fences() -> None:
    text = (
        "```md\n# architecture.md\n\n## Flow\n\n```\n\nUsers → API Gateway → Lambda\n"
        "        │\n        ▼\n     DynamoDB\n```\n\n## Notes\n\nPlain words.\n```\n\n"
        "That is the whole design.\n"
    )
    response = parse_markdown(text, "answer.md")
    assert [(f.path, f.language) for f in response.files] == [("architecture.md", "markdown")]
    assert response.files[0].text.rstrip().endswith("Plain words.")
    assert (19, "That is the whole design.") in response.prose


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("### modules/s3_bucket", "modules/s3_bucket/main.tf"),
        ("### ./modules/network", "modules/network/main.tf"),
        ("* **modules/s3_bucket:**", "modules/s3_bucket/main.tf"),
        ("* `infra/modules/db/`", "infra/modules/db/main.tf"),
        ("### Deploy to AWS/GCP", "main.tf"),  # not a module's directory
        ("see modules/vpc below:", "main.tf"),  # a sentence, not a label
        ("### environments/prod", "main.tf"),  # a root of its own, not a called module
    ],
)
def test_a_label_naming_a_module_directory_names_its_main_tf(label: str, expected: str) -> None:
    response = parse_markdown(f'{label}\n\n```hcl\nvariable "x" {{}}\n```\n', "answer.md")
    assert response.files[-1].path == expected


def test_a_module_directory_label_over_the_modules_call_leaves_the_call_in_its_caller() -> None:
    markdown = (
        "**1. `modules/search`:**\n\n```hcl\n"
        'module "search" {\n  source = "./modules/search"\n  name   = "logs"\n}\n```\n'
    )
    assert parse_markdown(markdown, "answer.md").files[-1].path == "main.tf"


ROOT_CALLING = (
    "**Root module:**\n\n```hcl\n"
    'module "uptime_checks" {\n  source = "./modules/uptime_checks"\n}\n```\n\n'
)
MODULE_CODE = '```hcl\nresource "terraform_data" "check" {\n  input = "x"\n}\n```\n'


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("**uptime_checks:**", "modules/uptime_checks/main.tf"),
        ("**Module uptime_checks:**", "modules/uptime_checks/main.tf"),
        ("### uptime_checks module", "modules/uptime_checks/main.tf"),
        ("Module 1 - uptime_checks:", "modules/uptime_checks/main.tf"),
        ("**monitoring:**", "main_2.tf"),  # no module of that name is called
        ("We now write uptime_checks:", "main_2.tf"),  # a sentence, not a label
    ],
)
def test_a_label_naming_a_called_module_names_its_main_tf(label: str, expected: str) -> None:
    response = parse_markdown(f"{ROOT_CALLING}{label}\n\n{MODULE_CODE}", "answer.md")
    assert response.files[-1].path == expected


def test_a_module_whose_files_the_answer_names_is_not_named_by_its_name_alone() -> None:
    markdown = (
        f"{ROOT_CALLING}**uptime_checks:**\n\n{MODULE_CODE}\n"
        f"### modules/uptime_checks/outputs.tf\n\n{MODULE_CODE}"
    )
    paths = [f.path for f in parse_markdown(markdown, "answer.md").files]
    assert paths[1] == "main_2.tf"


def test_a_sentence_listing_the_layout_yields_to_the_blocks_own_path_comments() -> None:
    markdown = (
        "Each module has a `variables.tf`, `main.tf`, and `outputs.tf` file.\n\n"
        "```hcl\n# modules/net/variables.tf\n"
        'variable "project" {\n  type = string\n}\n\n'
        "# modules/net/outputs.tf\n"
        'output "name" {\n  value = var.project\n}\n```\n'
    )
    paths = [f.path for f in parse_markdown(markdown, "answer.md").files]
    assert paths == ["modules/net/variables.tf", "modules/net/outputs.tf"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("And here's the `modules/uptime_checks` module:", "modules/uptime_checks/main.tf"),
        (
            "The module lives in the `./modules/uptime_checks` directory:",
            "modules/uptime_checks/main.tf",
        ),
        ("Compare it with modules/uptime_checks_v2:", "main_2.tf"),  # not the called one
        ("The `uptime_checks` module is defined as follows:", "modules/uptime_checks/main.tf"),
    ],
)
def test_a_sentence_naming_a_called_modules_directory_names_its_main_tf(
    sentence: str, expected: str
) -> None:
    response = parse_markdown(f"{ROOT_CALLING}{sentence}\n\n{MODULE_CODE}", "answer.md")
    assert response.files[-1].path == expected


def test_a_file_label_with_a_called_modules_directory_in_parentheses() -> None:
    markdown = (
        f"{ROOT_CALLING}1. **checks.tf (./modules/uptime_checks)**: the checks\n\n{MODULE_CODE}"
    )
    assert parse_markdown(markdown, "answer.md").files[-1].path == "modules/uptime_checks/checks.tf"


CALLING_ELB = (
    "**Configuration:**\n\n```hcl\n"
    'module "elb_module" {\n  source = "./modules/elb"\n  name   = "api"\n}\n```\n\n'
)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("**elb_module:**", "modules/elb/main.tf"),  # the call's name
        ("**Module - elb.tf:**", "modules/elb/elb.tf"),
        ("**Module Code:**\n\n**elb.tf:**", "modules/elb/elb.tf"),
        ("**elb.tf:**", "elb.tf"),  # no word of a module: a file of the root
    ],
)
def test_a_module_named_by_its_call_or_a_file_of_its_name(label: str, expected: str) -> None:
    response = parse_markdown(f"{CALLING_ELB}{label}\n\n{MODULE_CODE}", "answer.md")
    assert response.files[-1].path == expected


def test_a_top_level_module_directory_is_spoken_of_by_its_path_only() -> None:
    """`./search` is called; "search" in the prose above a block is a word, not its path."""
    calling = (
        '```hcl\nmodule "search" {\n  source = "./search"\n}\n```\n\n'
        "1. **search**: This module defines the search domain.\n\n"
    )
    assert parse_markdown(f"{calling}{MODULE_CODE}", "answer.md").files[-1].path == "main_2.tf"
    spoken = calling.replace("1. **search**: This", "And `./search` holds:\n\nThis")
    assert parse_markdown(f"{spoken}{MODULE_CODE}", "answer.md").files[-1].path == "search/main.tf"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_dataset_text_any_line_break(newline: str) -> None:
    """A response given as text (a batch dataset's cell) may end its lines the Windows or
    the old Mac way: the code and its lines are the same as with `\\n`."""
    text = f"Here:\n```hcl\n{HCL}\n```\nDone.\n".replace("\n", newline)
    response = load_text_input(text, "row-1")
    assert [(f.path, f.text, f.source_line) for f in response.files] == [("main.tf", HCL + "\n", 3)]
