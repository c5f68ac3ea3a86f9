from __future__ import annotations

import pytest

from tfjudge.response.naming import name_comment, name_from_comment


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("# main.tf\nresource {}\n", "main.tf"),
        ("\n  \n# ======\n// File: modules/vpc/main.tf\n", "modules/vpc/main.tf"),
        ("# Create the VPC\n# main.tf\n", None),  # the first comment names no file
        ('resource "x" "y" {}\n# main.tf', None),
        ("", None),
        ("\n\n", None),
        ("# variables.tf", "variables.tf"),
    ],
)
def test_name_from_comment_reads_the_first_line_past_blanks_and_banners(
    content: str, expected: str | None
) -> None:
    assert name_from_comment(content) == expected


def test_a_comment_without_an_extension_names_no_file() -> None:
    assert name_comment("# Create the VPC for the application") is None
    assert name_comment("# outputs.tf - what the module returns") == "outputs.tf"
