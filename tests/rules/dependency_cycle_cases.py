"""Cases of core.dependency-cycle: (configuration, terraform plan fails on it)."""

from __future__ import annotations

SELF_REFERENCE_CASES: list[tuple[str, bool]] = [
    # an argument that reads the block itself
    (
        'resource "aws_ssm_parameter" "a" {\n  name  = "/x/a"\n  type  = "String"\n'
        "  value = aws_ssm_parameter.a.name\n}\n",
        True,
    ),
    # the block names itself in depends_on only: terraform ignores it
    (
        'resource "aws_ssm_parameter" "a" {\n  name       = "/x/a"\n  type       = "String"\n'
        '  value      = "v"\n  depends_on = [aws_ssm_parameter.a]\n}\n',
        False,
    ),
    # two blocks that wait for each other, one through depends_on: a cycle
    (
        'resource "aws_ssm_parameter" "a" {\n  name       = "/x/a"\n  type       = "String"\n'
        '  value      = "v"\n  depends_on = [aws_ssm_parameter.b]\n}\n\n'
        'resource "aws_ssm_parameter" "b" {\n  name  = "/x/b"\n  type  = "String"\n'
        "  value = aws_ssm_parameter.a.value\n}\n",
        True,
    ),
]
