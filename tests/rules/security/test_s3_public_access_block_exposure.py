"""security.s3-public-access-block-missing: which settings left off expose the bucket.

A public policy needs `block_public_policy` off to be written and `restrict_public_buckets`
off to be honoured for anyone; a public ACL needs `block_public_acls` and
`ignore_public_acls` off. With the other setting of each pair on, the bucket stays private:
the finding is medium (not all four are on), not critical.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "security.s3-public-access-block-missing"
SETTINGS = (
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
)


def _terraform(off: set[str]) -> str:
    lines = "\n".join(f"  {name} = {'false' if name in off else 'true'}" for name in SETTINGS)
    return (
        'resource "aws_s3_bucket" "b" {\n  bucket = "exposure-7f3a"\n}\n\n'
        'resource "aws_s3_bucket_public_access_block" "b" {\n'
        f"  bucket = aws_s3_bucket.b.id\n{lines}\n}}\n"
    )


@pytest.mark.parametrize(
    ("off", "severity"),
    [
        (set(), None),
        ({"block_public_policy"}, "medium"),
        ({"restrict_public_buckets"}, "medium"),
        ({"block_public_policy", "restrict_public_buckets"}, "critical"),
        ({"block_public_acls"}, "medium"),
        ({"block_public_acls", "ignore_public_acls"}, "critical"),
        ({"block_public_policy", "ignore_public_acls"}, "medium"),
        (set(SETTINGS), "critical"),
    ],
)
def test_a_setting_off_exposes_the_bucket_only_with_its_pair(
    tmp_path: Path, off: set[str], severity: str | None
) -> None:
    found = run_rule(tmp_path, RULE, _terraform(off))
    assert [f.severity.value for f in found] == ([severity] if severity else [])
