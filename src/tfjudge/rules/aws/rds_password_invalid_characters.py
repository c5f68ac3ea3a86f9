"""## What it does
Fires on the master password of an `aws_db_instance` (`password`) or `aws_rds_cluster`
(`master_password`) that can contain a character RDS forbids — `/`, `@`, `"` or a space:

- a `random_password` (its `.result`, directly, through a local value, or through the
  `secret_string` of an `aws_secretsmanager_secret_version`) with `special` on (the
  default) and no `override_special`, whose default special set includes `@`, or with an
  `override_special` that contains one of the four;
- an evaluated literal (a variable default, a `tfvars` value) that contains one.

A generated password is reported once, on the `random_password` (where the fix goes),
naming the databases it feeds; a literal on the database's argument. The message gives
the chance that one generated password holds a forbidden character (from `length`, the
character sets and the `min_*` counts). A literal fails every time
(high); a generated password fails on some applies only (medium). `special = false`, an
`override_special` without the four, and unknown values are not judged.

## Why is this bad?
`CreateDBInstance` and `CreateDBCluster` reject such a password (`InvalidParameterValue:
The parameter MasterUserPassword is not a valid password. Only printable ASCII characters
besides '/', '@', '"', ' ' may be used`). With `random_password` the failure is
intermittent: `apply` fails whenever the generated value happens to hold an `@`, and a
re-run may pass, which hides the cause.

Source: Amazon RDS API reference, `CreateDBInstance` and `CreateDBCluster`
(`MasterUserPassword`: can include any printable ASCII character except `/`, `"` and
`@`; no space), https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html;
the `random_password` default special set `!@#$%&*()-_=+[]{}<>:?` (hashicorp/random).

## Example
```hcl
resource "random_password" "master" {
  length  = 32
  special = true
}

resource "aws_rds_cluster" "main" {
  cluster_identifier = "orders"
  engine             = "aurora-postgresql"
  master_username    = "orders"
  master_password    = random_password.master.result
}
```

## Use instead
```hcl
resource "random_password" "master" {
  length           = 32
  special          = true
  override_special = "!#$%&*()-_=+[]{}<>:?"
}
```
or let RDS manage it: `manage_master_user_password = true`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from tfjudge.evaluate import Evaluator
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block, Expr
from tfjudge.rules.aws._common import referenced_attributes, resources, targets
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

PASSWORDS = {"aws_db_instance": "password", "aws_rds_cluster": "master_password"}
FORBIDDEN = '/@" '
DEFAULT_SPECIAL = "!@#$%&*()-_=+[]{}<>:?"  # hashicorp/random's default special set
_SETS = {"upper": 26, "lower": 26, "numeric": 10}


@rule(
    "aws.rds-password-invalid-characters",
    Severity.HIGH,
    Category.DEPLOYMENT_BLOCKER,
    "RDS master password that may hold a character RDS rejects",
    impact='Creating the database fails at apply whenever the password holds / @ " or a '
    "space; with random_password the failure comes and goes.",
    fix='Give random_password an override_special without / @ " and space, or use '
    "manage_master_user_password.",
    applies_to=("aws_db_instance", "aws_rds_cluster"),
)
def rds_password_invalid_characters(ctx: RuleContext) -> Iterator[Finding]:
    evaluator = ctx.get(Evaluator)
    consumers: dict[int, tuple[Block, list[str]]] = {}
    for kind, argument in PASSWORDS.items():
        for database in resources(ctx, kind):
            attribute = database.body.attributes.get(argument)
            if attribute is None:
                continue
            generators = _generators(ctx, attribute.expr)
            for generator in generators:
                entry = consumers.setdefault(id(generator), (generator, []))
                entry[1].append(f"{argument} of {'.'.join(database.labels[:2])}")
            if generators:
                continue
            value = evaluator.attribute(database, argument)
            if isinstance(value, str):
                bad = _describe(sorted({c for c in value if c in FORBIDDEN}))
                if bad:
                    yield ctx.finding(
                        f'{argument} contains {bad}: RDS rejects a master password with / @ " '
                        "or a space",
                        attribute,
                        block=database,
                        attribute=argument,
                    )
    # a generated password is reported once, on the random_password (where the fix goes)
    for generator, uses in consumers.values():
        chance = _chance(evaluator, generator)
        if chance is None or chance.probability <= 0:
            continue
        yield ctx.finding(
            f"{'.'.join(generator.labels[:2])} becomes the {', the '.join(uses)}, and its "
            f"special characters {chance.source} include {chance.bad}: RDS rejects a master "
            f'password with / @ " or a space, and about {chance.probability:.0%} of the '
            f"{chance.length}-character passwords it generates hold one",
            generator,
            related=[use.split(" of ", 1)[1] for use in uses],
            severity=Severity.MEDIUM,
        )


def _generators(ctx: RuleContext, expr: Expr) -> list[Block]:
    """The random_password blocks whose result becomes the password."""
    found: list[Block] = []
    reads = [(t.block, t.attributes[0] if t.attributes else None) for t in targets(ctx, expr)]
    for block, read in reads + referenced_attributes(ctx, expr):
        if block.labels[:1] == ("random_password",) and read == "result":
            found.append(block)
        elif block.labels[:1] == ("aws_secretsmanager_secret_version",):
            secret = block.body.get("secret_string")
            found.extend(
                b
                for b, inner in referenced_attributes(ctx, secret)
                if b.labels[:1] == ("random_password",) and inner == "result"
            )
    unique: list[Block] = []
    for block in found:
        if not any(b is block for b in unique):
            unique.append(block)
    return unique


class Chance(NamedTuple):
    """How likely a generated password breaks RDS's password rules, and why."""

    probability: float  # that one generated password holds a forbidden character
    bad: str  # the forbidden characters of the special set, described
    source: str  # "(the default set)" or '(override_special "...")'
    length: int


def _chance(evaluator: Evaluator, generator: Block) -> Chance | None:
    def setting(name: str, default: object) -> object:
        if name not in generator.body.attributes:
            return default
        return evaluator.attribute(generator, name)

    special = setting("special", True)
    if special is not True:
        return None
    override = setting("override_special", None)
    if override is None:
        specials, source = DEFAULT_SPECIAL, "(the default set, no override_special)"
    elif isinstance(override, str):
        specials, source = override, f'(override_special "{override}")'
    else:
        return None
    bad = sorted({c for c in specials if c in FORBIDDEN})
    length = setting("length", None)
    if not bad or not isinstance(length, int) or isinstance(length, bool) or length <= 0:
        return None
    pool = len(set(specials))
    minimum = setting("min_special", 0)
    min_special = minimum if isinstance(minimum, int) and not isinstance(minimum, bool) else 0
    others = 0
    fixed = min_special
    for name, size in _SETS.items():
        enabled = setting(name, True)
        if name == "numeric" and "numeric" not in generator.body.attributes:
            enabled = setting("number", True)
        if enabled is True:
            others += size
            least = setting(f"min_{name}", 0)
            fixed += least if isinstance(least, int) and not isinstance(least, bool) else 0
    union = others + pool
    free = max(length - fixed, 0)
    clean = ((pool - len(bad)) / pool) ** min_special * ((union - len(bad)) / union) ** free
    return Chance(1 - clean, _describe(bad), source, length)


def _describe(characters: list[str]) -> str:
    names = [("a space" if c == " " else f'"{c}"') for c in characters]
    return ", ".join(names)
