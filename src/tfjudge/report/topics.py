"""Which findings a reviewer writes up as one item.

- Findings of one rule are one item (ten buckets without a public access block: one item
  listing ten addresses), unless a topic below gathers them across rules.
- Missing pieces (`req.missing-resource`, `ideal.missing-block`) are gathered by area:
  the prompt's missing VPC and the ideal's subnets, gateways and security groups are one
  "missing networking" item, as the seeds write it.
- Missing outputs are one item; so are names without an environment suffix together with
  a missing `environment_suffix` variable.
- Differing key attributes are one item per attribute (`runtime` on every function).
"""

from __future__ import annotations

from tfjudge.findings import Finding
from tfjudge.records import record

# resource type (without `aws_`) prefixes -> area
_AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("networking", ("vpc", "subnet", "route", "internet_gateway", "nat_gateway", "eip",
                    "security_group", "network_acl", "flow_log", "default_", "ec2_transit",
                    "availability_zones", "egress_only")),
    ("the API", ("api_gateway", "apigatewayv2", "wafv2_web_acl_association")),
    ("compute", ("lambda", "instance", "launch_", "autoscaling", "ecs", "eks", "ami",
                 "appautoscaling", "archive_file")),
    ("the database", ("db_", "rds", "dynamodb", "elasticache", "secretsmanager")),
    ("storage", ("s3", "efs", "backup")),
    ("identity and access", ("iam", "caller_identity", "partition")),
    ("encryption", ("kms", "acm")),
    ("monitoring and alerting", ("cloudwatch_metric_alarm", "cloudwatch_dashboard",
                                 "cloudwatch_log", "sns", "synthetics", "cloudtrail",
                                 "cloudwatch_composite")),
    ("orchestration and events", ("sfn", "cloudwatch_event", "scheduler", "ssm", "sqs")),
    ("security services", ("wafv2", "waf", "guardduty", "securityhub", "config")),
    ("DNS and delivery", ("route53", "cloudfront", "lb", "alb", "elb")),
)  # fmt: skip

_AREA_EXTRA = {
    "networking": "VPC, subnets, routing and security groups",
    "the API": "REST API, resources, methods, stage and logging",
    "compute": "functions, instances and their packaging",
    "the database": "databases, tables and their subnet groups",
}


@record(frozen=True)
class Topic:
    """What the findings of one report item are about."""

    key: str
    kind: str  # "rule", "missing", "outputs", "variables", "suffix", "mismatch"
    label: str = ""
    root_cause: str = ""
    impact: str = ""

    def title(self, findings: list[Finding]) -> str:
        count = len({f.address or f.message for f in findings})
        if self.kind == "missing":
            extra = _AREA_EXTRA.get(self.label)
            detail = f" ({extra})" if extra else ""
            return f"Missing {self.label}{detail}: {_blocks(count)}"
        if self.kind == "outputs":
            return f"Missing outputs: {count} of those asked for or in the working solution"
        if self.kind == "variables":
            return f"Missing variables: {count}"
        if self.kind == "suffix":
            return "Names without an environment suffix"
        if self.kind == "mismatch":
            return f"`{self.label}` differs from the working solution"
        lead = findings[0]
        if count > 1 and lead.rule.startswith(("security.", "ops.", "aws.")):
            return f"{_rule_title(lead)} ({count} places)"
        return lead.title if count == 1 else _rule_title(lead)


def _blocks(count: int) -> str:
    return f"{count} block{'s' if count != 1 else ''}"


def _rule_title(finding: Finding) -> str:
    from tfjudge.rules.registry import all_rules

    rule = all_rules().get(finding.rule)
    return rule.title if rule else finding.title


def area_of(address: str) -> str:
    """The area of an address or a resource type (`aws_subnet.private` -> networking)."""
    kind = address
    if address.startswith("data."):
        kind = address.split(".")[1]
    elif "." in address:
        kind = address.split(".")[0]
    kind = kind.removeprefix("aws_")
    for area, prefixes in _AREAS:
        if kind.startswith(prefixes):
            return area
    return "other components"


def topic_of(finding: Finding) -> Topic:
    address = finding.address or ""
    rule = finding.rule
    if rule == "ops.missing-name-suffix" or (
        rule in ("req.missing-variable", "ideal.missing-block")
        and address.startswith("var.")
        and "suffix" in address
    ):
        return Topic(
            "suffix",
            "suffix",
            root_cause="The model did not plan for several deployments in one account: names "
            "are fixed strings or built from fixed defaults.",
            impact="A second deployment (another pull request, another environment) fails "
            "with 'already exists' errors, so parallel CI and clean re-deploys break.",
        )
    if rule == "req.missing-output" or (
        rule == "ideal.missing-block" and address.startswith("output.")
    ):
        return Topic(
            "outputs",
            "outputs",
            root_cause="The model did not expose what the task's consumers read.",
            impact="Integration tests, pipelines and people cannot find what was built.",
        )
    if rule in ("req.missing-variable", "ideal.missing-block") and address.startswith("var."):
        return Topic(
            "variables",
            "variables",
            root_cause="The response does not declare the inputs the task and the working "
            "solution are configured through.",
            impact="Callers that set these variables fail at plan, and the values they "
            "should control are hard-coded or missing.",
        )
    if rule in ("req.missing-resource", "ideal.missing-block") and not address.startswith(
        ("var.", "output.")
    ):
        area = area_of(address)
        return Topic(
            f"missing:{area}",
            "missing",
            area,
            root_cause="The response leaves out components the task needs; what it has "
            "either refers to infrastructure that does not exist or is never wired up.",
            impact="The configuration does not deliver the requested system: whatever "
            "depends on the missing pieces fails or has nothing to act on.",
        )
    if rule == "ideal.attribute-mismatch" and finding.attribute:
        return Topic(f"mismatch:{finding.attribute}", "mismatch", finding.attribute)
    return Topic(f"rule:{rule}", "rule")
