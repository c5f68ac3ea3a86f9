"""Values that are evidently placeholders, judged for the argument that holds them.

`placeholder(argument, value)` says why a string given to an argument is a stand-in
rather than a real value, or None. What counts depends on the argument:

- any argument AWS resolves (an id, an ARN, a key, a domain, a backend setting): a
  `<your-bucket>` token, `REPLACE_ME` / `CHANGE_ME` / `REPLACE_WITH_...`, a `your-...` word,
  a run of `xxxx`, an ellipsis (`...`);
- ids and ARNs: an AWS documentation account id (`123456789012`, `111122223333`, ...),
  a documentation resource id (`ami-12345678`, `vpc-0123456789abcdef0`, `subnet-xxxxxxxx`);
- domains AWS validates (a certificate's names, a distribution's aliases, a hosted zone's
  name, a custom domain of API Gateway, Cognito, Amplify, SES; `validated_domain`): the
  reserved example domains `example.com`, `example.org`, `example.net` (RFC 2606);
- an SSH public key (`public_key`): a key whose body is cut short (`ssh-rsa AAAA...`),
  not base64, or shorter than any real key.
"""

from __future__ import annotations

import re

from tfjudge.patterns import lazy_pattern

DOCUMENTATION_ACCOUNTS = ("123456789012", "111122223333", "444455556666", "777788889999")
_ANY_DOCUMENTATION_ACCOUNT = lazy_pattern(
    rf"(?<![0-9])(?:{'|'.join(DOCUMENTATION_ACCOUNTS)})(?![0-9])"
)

_ANGLE = lazy_pattern(
    r"<\s*[A-Za-z][A-Za-z0-9 _./-]{0,60}>",
)
_ANGLE_WORDS = lazy_pattern(
    r"your|account|replace|insert|enter|name|id\b|arn|key|bucket|region|domain|value|here|"
    r"[A-Z]{2,}_[A-Z_]+",
    re.IGNORECASE,
)
_REPLACE = lazy_pattern(
    r"(?<![A-Za-z0-9])(?:replace|change)[_-]?(?:me|this|with[A-Za-z0-9_-]*)(?![A-Za-z0-9])"
    r"|(?<![A-Za-z0-9])(?:changeme|replaceme|fixme|tbd)(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_YOUR = lazy_pattern(r"(?<![A-Za-z0-9])your[-_][A-Za-z0-9]", re.IGNORECASE)
_XXXX = lazy_pattern(r"(?<![A-Za-z0-9])(?:Z(?=X{6}))?[xX]{4,}(?![A-Za-z0-9])")
_ELLIPSIS = lazy_pattern(r"\.\.\.|…")
_DOC_ID = lazy_pattern(
    r"(?<![A-Za-z0-9-])(?:ami|vpc|subnet|sg|igw|nat|rtb|eni|vol|snap|i|tgw|tgw-attach|vpce|"
    r"acl|eipalloc|lt|pcx|cgw|vgw|fs|key|pl)-"
    r"(?:12345678(?:90abcdef0?)?|0?123456789abcdef0?|1234567890abcdef0?|abcd1234|abcdef12|"
    r"deadbeef|0{8}|0{17}|[xX]{8,17})(?![A-Za-z0-9])",
)
_EXAMPLE_DOMAIN = lazy_pattern(r"(?:^|[.*])example\.(?:com|org|net)\.?$", re.IGNORECASE)
_SSH_KEY = lazy_pattern(r"^\s*(ssh-rsa|ssh-ed25519|ssh-dss|ecdsa-sha2-nistp\d+)\s+(\S*)(.*)$")
_BASE64 = lazy_pattern(r"^[A-Za-z0-9+/]+={0,2}$")

# arguments AWS resolves or validates against what exists: `id`, `*_id`, `ids`, `*_arns`...
_RESOLVED_WORDS = ("id", "ids", "arn", "arns")
_RESOLVED_SUFFIXES = tuple(f"_{word}" for word in _RESOLVED_WORDS)
RESOLVED_NAMES = {
    "ami",
    "image_id",
    "public_key",
    "key_name",
    "source_account",
    "allowed_account_ids",
    "account_ids",
    "security_groups",
    "subnets",
    "identifiers",
    "bucket",
    "target_bucket",
    "queue_url",
    "topic",
}
DOMAIN_NAMES = {"domain_name", "domain", "subject_alternative_names", "aliases", "zone_name"}
# arguments that name the resource being created: a placeholder there is not resolved
SELF_NAMED = {
    ("aws_s3_bucket", "bucket"),
    ("aws_elasticache_replication_group", "replication_group_id"),
    ("aws_elasticache_cluster", "cluster_id"),
    ("aws_key_pair", "key_name"),
    ("aws_iam_openid_connect_provider", "client_id_list"),
    ("aws_opensearch_domain", "domain_name"),
    ("aws_elasticsearch_domain", "domain_name"),
    # ids the block gives what it creates (the provider documents each as the new
    # statement's, target's, origin's or rule's identifier), not ids of existing things
    ("aws_lambda_permission", "statement_id"),
    ("aws_cloudwatch_event_target", "target_id"),
    ("aws_cloudfront_distribution", "origin_id"),
    ("aws_cloudfront_distribution", "target_origin_id"),
    ("aws_s3_bucket_lifecycle_configuration", "id"),
    ("aws_s3_bucket_replication_configuration", "id"),
    ("aws_dms_endpoint", "endpoint_id"),
    ("aws_dms_replication_instance", "replication_instance_id"),
    ("aws_dms_replication_task", "replication_task_id"),
    ("aws_dms_replication_subnet_group", "replication_subnet_group_id"),
}


# Where AWS checks that a domain is really the user's: a certificate is validated for it, a
# distribution serves it only under such a certificate, a zone or identity is made for it. An
# FSx alias, a DHCP option set's domain or a resolver rule's domain is taken as written.
VALIDATED_DOMAINS = {
    "aws_acm_certificate": {"domain_name", "subject_alternative_names", "domain"},
    "aws_amplify_domain_association": {"domain_name"},
    "aws_api_gateway_domain_name": {"domain_name"},
    "aws_apigatewayv2_domain_name": {"domain_name"},
    "aws_appsync_domain_name": {"domain_name"},
    "aws_apprunner_custom_domain_association": {"domain_name"},
    "aws_cloudfront_distribution": {"aliases"},
    "aws_cognito_user_pool_domain": {"domain"},
    "aws_iot_domain_configuration": {"domain_name"},
    "aws_lightsail_certificate": {"domain_name", "subject_alternative_names"},
    "aws_lightsail_domain": {"domain_name"},
    "aws_route53_zone": {"name"},
    "aws_route53domains_registered_domain": {"domain_name"},
    "aws_ses_domain_dkim": {"domain"},
    "aws_ses_domain_identity": {"domain"},
    "aws_ses_domain_mail_from": {"domain"},
}


def validated_domain(block_type: str, kind: str, argument: str) -> bool | None:
    """Whether the argument is a domain AWS validates (True), one it takes as written
    (False), or, for a module call's input, unknown: judged by its name (None)."""
    if block_type == "module":
        return None
    return argument in VALIDATED_DOMAINS.get(kind, ())


def resolved_argument(resource_type: str, argument: str) -> bool:
    """Whether AWS resolves or validates this argument's value against what exists."""
    if (resource_type, argument) in SELF_NAMED:
        return False
    if resource_type == "aws_route53_zone" and argument == "name":
        return True
    return (
        argument.endswith(_RESOLVED_SUFFIXES)
        or argument in _RESOLVED_WORDS
        or argument in RESOLVED_NAMES
        or argument in DOMAIN_NAMES
    )


def placeholder(argument: str, value: str, *, domain: bool | None = None) -> str | None:
    """Why `value` is a placeholder for `argument`, or None.

    `domain` says whether the argument holds a domain name (default: by its name).
    """
    text = value.strip()
    if not text:
        return None
    if argument == "public_key":
        return _key_placeholder(text)
    token = _token(text)
    if token:
        return token
    documentation_id = _DOC_ID.search(text)
    if documentation_id:
        return f"the documentation id {documentation_id.group(0)}"
    account = _documentation_account(text)
    if account:
        return f"the documentation account id {account}"
    is_domain = argument in DOMAIN_NAMES if domain is None else domain
    if is_domain and _EXAMPLE_DOMAIN.search(text):
        return "a reserved example domain (RFC 2606), which nobody can own or validate"
    return None


def _documentation_account(text: str) -> str | None:
    """The first of `DOCUMENTATION_ACCOUNTS` (in their order) that the text holds."""
    if _ANY_DOCUMENTATION_ACCOUNT.search(text) is None:
        return None  # the common case, in one search rather than one for each account
    for account in DOCUMENTATION_ACCOUNTS:
        if re.search(rf"(?<![0-9]){account}(?![0-9])", text):
            return account
    return None


def generic_placeholder(value: str) -> str | None:
    """The placeholder tokens that mark any setting (a backend's bucket)."""
    return _token(value.strip())


def _token(text: str) -> str | None:
    angle = _ANGLE.search(text)
    if angle and _ANGLE_WORDS.search(angle.group(0)):
        return f"the placeholder {angle.group(0)}"
    replace = _REPLACE.search(text)
    if replace:
        return f"the placeholder {replace.group(0)}"
    if _YOUR.search(text):
        return 'a "your-..." placeholder'
    if _XXXX.search(text):
        return 'a run of "x" standing for a real value'
    if _ELLIPSIS.search(text):
        return "an ellipsis where the rest of the value should be"
    return None


def _key_placeholder(text: str) -> str | None:
    match = _SSH_KEY.match(text)
    if match is None:
        token = _token(text)
        return f"not an SSH public key ({token})" if token else None
    kind, body, rest = match.groups()
    if _ELLIPSIS.search(body) or _ELLIPSIS.search(rest):
        return f"a truncated {kind} key (the key body is cut off with an ellipsis)"
    if not _BASE64.match(body):
        return f"a {kind} key whose body is not base64"
    if len(body) < 68:  # an ed25519 key, the shortest, has a 68-character body
        return f"a {kind} key whose body is only {len(body)} characters long"
    token = _token(rest)
    if token:
        return f"a {kind} key followed by {token}"
    return None
