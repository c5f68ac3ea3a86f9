"""security.hardcoded-secret: which names hold a secret. A variable's literal default and a
Lambda environment variable's literal are reported only when the name is a secret's (its
last word is one), not when it names something about a secret (a rotation schedule, a
path, a character set, a switch). One row per name (tflint style)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.aws.helpers import run_rule

RULE = "security.hardcoded-secret"

VARIABLE = """
variable "{name}" {{
  type    = string
  default = "{value}"
}}
"""

ENVIRONMENT = """
resource "aws_lambda_function" "app" {{
  function_name = "app"
  role          = "arn:aws:iam::123456789012:role/app"
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "app.zip"
  environment {{
    variables = {{
      {name} = "{value}"
    }}
  }}
}}
"""

NAMES = [
    ("db_password", "Sup3rS3cret!", True),
    ("master_password_wo", "Sup3rS3cret!", True),
    ("github_token", "ghp_16C7e42F292c6912E7710c838347Ae178B4a", True),
    ("client_secret", "c1i3nt-s3cr3t", True),
    ("stripe_api_key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", True),
    ("aws_secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", True),
    ("secret_string", '{\\"k\\": \\"v1\\"}', True),
    ("dbPassword", "Sup3rS3cret!", True),
    ("random_password_override_special", "!@#$%&*()-_=+[]{}<>:?", False),
    ("master_password_rotation_schedule_expression", "rate(30 days)", False),
    ("master_user_password_rotation_duration", "3h", False),
    ("private_key_path", "keys/deploy.pem", False),
    ("token_endpoint", "https://auth.example.com/oauth2/token", False),
    ("auth_token_update_strategy", "ROTATE", False),
    ("creation_token", "shared-efs", False),
    ("password_policy_name", "strict", False),
    ("secret_recovery_window", "seven", False),
    ("api_key_selection_expression", "$request.header.x-api-key", False),
    ("manage_master_user_password", "true", False),
]


@pytest.mark.parametrize(("name", "value", "fires"), NAMES, ids=[n[0] for n in NAMES])
def test_a_variable_default_is_a_secret_when_its_name_is_one(
    tmp_path: Path, name: str, value: str, fires: bool
) -> None:
    found = run_rule(tmp_path, RULE, VARIABLE.format(name=name, value=value))
    assert [f.line for f in found] == ([4] if fires else [])


ENVIRONMENT_NAMES = [
    ("DB_PASSWORD", "Sup3rS3cret!", True),
    ("JWT_SECRET", "a-long-signing-secret", True),
    ("SECRET_KEY_BASE", "9f86d081884c7d659a2feaa0c55ad015", True),
    ("APIKEY", "AIzaSyD-EXAMPLE-KEY-0000", True),
    ("PASSWORD_MIN_LENGTH", "12", False),
    ("TOKEN_TTL_SECONDS", "3600", False),
    ("API_KEY_HEADER", "x-api-key", False),
    ("SECRET_NAME", "prod/app/db", False),
    ("HTTP_TOKENS", "required", False),
    ("PARAMETER_GITHUB_APP_WEBHOOK_SECRET", "/github-runners/app/webhook_secret", False),
    ("DB_PASSWORD_SECRET", "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", False),
    ("DB_PASSWORD", "{{resolve:secretsmanager:prod/db:SecretString:password}}", False),
    ("DB_PASSWORD", "/not a path/", True),
]


@pytest.mark.parametrize(
    ("name", "value", "fires"), ENVIRONMENT_NAMES, ids=[n[0] for n in ENVIRONMENT_NAMES]
)
def test_a_lambda_environment_variable_is_a_secret_when_its_name_is_one(
    tmp_path: Path, name: str, value: str, fires: bool
) -> None:
    found = run_rule(tmp_path, RULE, ENVIRONMENT.format(name=name, value=value))
    assert [f.line for f in found] == ([9] if fires else [])


DATABASE_MODULE = """
variable "admin_password" {
  type    = string
  default = ""
}

variable "managed_password" {
  type    = bool
  default = false
}

resource "aws_rds_cluster" "main" {
  cluster_identifier = "main"
  engine             = "aurora-postgresql"
  master_username    = "admin"
  master_password    = var.managed_password ? null : var.admin_password
}
"""


@pytest.mark.parametrize(
    ("call", "where"),
    [
        # the caller writes the secret: reported there, once, not where the module uses it
        ('  admin_password = "Test123456789"\n', [("main.tf", "module.db")]),
        ('  admin_password = "${local.prefix}Test123456789"\n', [("main.tf", "module.db")]),
        # a local holding a literal is that literal, written in the caller
        ("  admin_password = local.db_password\n", [("main.tf", "module.db")]),
        # passed on from the caller's own variable: judged at that variable
        ("  admin_password = var.db_password\n", []),
        ('  admin_password = "${var.db_password}"\n', []),  # the same, in 0.11 style
        # generated before apply: no literal anywhere
        ("  admin_password = random_password.db.result\n", []),
        # nothing passed: the module's empty default is no secret
        ("", []),
        # where the secret is kept, not the secret
        ('  admin_password = "path/to/your/db/password"\n', []),
        ('  admin_password = "./secrets/db.key"\n', []),
        ('  admin_password = "deployer.pem"\n', []),
        # a placeholder: the secret is then to be written here
        ('  admin_password = "CHANGE_ME"\n', [("main.tf", "module.db")]),
    ],
)
def test_a_secret_passed_to_a_module_is_reported_at_the_call(
    tmp_path: Path, call: str, where: list[tuple[str, str]]
) -> None:
    terraform = (
        'locals {\n  prefix      = ""\n  db_password = "Sup3rS3cret!"\n}\n\n'
        'resource "random_password" "db" {\n  length = 16\n}\n\n'
        'variable "db_password" {\n  type = string\n}\n\n'
        f'module "db" {{\n  source = "./modules/db"\n{call}}}\n'
    )
    found = run_rule(tmp_path, RULE, terraform, **{"modules/db/main__tf": DATABASE_MODULE})
    assert [(f.file, f.address) for f in found] == where


def test_a_literal_in_a_called_module_itself_is_still_reported(tmp_path: Path) -> None:
    module = DATABASE_MODULE.replace("var.admin_password", '"Sup3rS3cret!"')
    terraform = 'module "db" {\n  source = "./modules/db"\n}\n'
    found = run_rule(tmp_path, RULE, terraform, **{"modules/db/main__tf": module})
    assert [(f.file, f.line) for f in found] == [("modules/db/main.tf", 16)]


@pytest.mark.parametrize(
    ("settings", "reported"),
    [
        # a provider that reaches AWS with these keys: they are the account's credentials
        ('  access_key = "AKIAIOSFODNN7EXAMPLE"\n  secret_key = "wJalrXUtnFEMI/K7MDENG"\n', 2),
        # a test provider: AWS never sees the keys (credential validation is skipped)
        (
            "  skip_credentials_validation = true\n"
            '  access_key = "mock_access_key"\n  secret_key = "mock_secret_key"\n',
            0,
        ),
        # LocalStack: calls go to endpoints of the provider's own
        (
            '  access_key = "access_key"\n  secret_key = "secret_key"\n'
            '  endpoints {\n    s3 = "http://127.0.0.1:4566"\n  }\n',
            0,
        ),
    ],
)
def test_provider_keys_are_secrets_unless_the_provider_talks_to_a_stand_in(
    tmp_path: Path, settings: str, reported: int
) -> None:
    terraform = f'provider "aws" {{\n  region = "us-east-1"\n{settings}}}\n'
    assert len(run_rule(tmp_path, RULE, terraform)) == reported


@pytest.mark.parametrize(
    ("use", "reported"),
    [
        # the module looks the secret up by the name it is given
        ('data "aws_secretsmanager_secret" "s" {\n  name = var.datadog_secret\n}\n', 0),
        # the module uses the value as a secret
        (
            'resource "aws_secretsmanager_secret_version" "v" {\n  secret_id     = "s"\n'
            "  secret_string = var.datadog_secret\n}\n",
            1,
        ),
    ],
)
def test_a_module_input_that_names_a_secret(tmp_path: Path, use: str, reported: int) -> None:
    child = 'variable "datadog_secret" {\n  type = string\n}\n\n' + use
    call = (
        'module "datadog" {\n  source         = "./m"\n  datadog_secret = "dai/datadog/keys"\n}\n'
    )
    assert len(run_rule(tmp_path, RULE, call, **{"m/main__tf": child})) == reported


@pytest.mark.parametrize(
    ("values", "where"),
    [
        ('db_password = "Sup3rS3cret!"\n', [("terraform.tfvars", 1)]),
        ('db_name = "orders"\n', []),
        ("", []),
    ],
)
def test_a_values_file_giving_a_secret_is_reported_there(
    tmp_path: Path, values: str, where: list[tuple[str, int]]
) -> None:
    terraform = (
        'variable "db_password" {\n  type = string\n}\n\n'
        'variable "db_name" {\n  type    = string\n  default = "app"\n}\n\n'
        'module "db" {\n  source         = "./modules/db"\n  admin_password = var.db_password\n}\n'
    )
    files = {"modules/db/main__tf": DATABASE_MODULE, "terraform__tfvars": values}
    found = run_rule(tmp_path, RULE, terraform, **files)
    assert [(f.file, f.line) for f in found] == where


MAP_DEFAULT = """
variable "credentials" {
  type      = map(string)
  sensitive = true
  default = {
    username = "admin"
    password = "%s"
  }
}

resource "aws_secretsmanager_secret_version" "v" {
  secret_id     = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app"
  secret_string = jsonencode(var.credentials)
}
"""


@pytest.mark.parametrize(
    ("password", "found"),
    [
        # a default the deployment may override: medium, at the variable, reported once
        ("Sup3rS3cret!", [("medium", 5)]),
        ("", []),
    ],
)
def test_a_map_default_holding_a_secret_is_judged_at_the_variable(
    tmp_path: Path, password: str, found: list[tuple[str, int]]
) -> None:
    findings = run_rule(tmp_path, RULE, MAP_DEFAULT % password)
    assert [(f.severity.value, f.line) for f in findings] == found


MANAGED_OUTSIDE = """
resource "aws_ssm_parameter" "api_key" {
  name  = "/app/api_key"
  type  = "SecureString"
  value = "dummy-value"
%s}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fn:latest"
  environment {
    variables = {
      API_KEY = aws_ssm_parameter.api_key.value
    }
  }
}
"""


@pytest.mark.parametrize(
    ("lifecycle", "fires"),
    [
        ("", True),
        ("  lifecycle {\n    ignore_changes = [value]\n  }\n", False),
        ("  lifecycle {\n    ignore_changes = all\n  }\n", False),
        ("  lifecycle {\n    ignore_changes = [tags]\n  }\n", True),
    ],
)
def test_a_value_set_out_of_band_is_not_the_configured_literal(
    tmp_path: Path, lifecycle: str, fires: bool
) -> None:
    """`ignore_changes = [value]`: the real value is written outside terraform."""
    assert bool(run_rule(tmp_path, RULE, MANAGED_OUTSIDE % lifecycle)) is fires


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("Sup3rS3cret!", "that value is the secret"),
        (
            "DUMMY_TOKEN_REPLACE_ME",
            "a placeholder, so the real secret is to be written in its place",
        ),
    ],
)
def test_a_placeholder_default_is_said_to_be_one(tmp_path: Path, value: str, said: str) -> None:
    found = run_rule(tmp_path, RULE, VARIABLE.format(name="api_token", value=value))
    assert len(found) == 1 and said in found[0].message
