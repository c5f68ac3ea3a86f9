"""The generated constraint table pins the limits AWS really applies, and the checker reads
evaluated values (whole, partly unknown, numbers, lists) the way AWS would."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tfjudge.aws.constraints import (
    INVALID_NAME,
    INVALID_VALUE,
    NAME_TOO_LONG,
    check,
    constraint_table,
)


@dataclass(frozen=True)
class Partial:
    """What the evaluator hands over for "${...}" strings: texts and unknown parts."""

    parts: tuple[object, ...]


UNKNOWN = object()

# (resource type, argument, maximum length) as the AWS documentation states them
LIMITS = [
    ("aws_lb", "name", 32),
    ("aws_alb", "name", 32),
    ("aws_lb_target_group", "name", 32),
    ("aws_lb", "name_prefix", 6),
    ("aws_lb_target_group", "name_prefix", 6),
    ("aws_iam_role", "name", 64),
    ("aws_iam_role", "name_prefix", 38),
    ("aws_iam_policy", "name", 128),
    ("aws_iam_user", "name", 64),
    ("aws_iam_instance_profile", "name", 128),
    ("aws_s3_bucket", "bucket", 63),
    ("aws_s3_bucket", "bucket_prefix", 37),
    # the API's FunctionName shape allows 140 because it also takes an ARN: not a name's limit
    ("aws_lambda_function", "function_name", 64),
    ("aws_sqs_queue", "name", 80),
    ("aws_sns_topic", "name", 256),
    ("aws_dynamodb_table", "name", 255),
    ("aws_db_instance", "identifier", 63),
    ("aws_rds_cluster", "cluster_identifier", 63),
    ("aws_elasticache_cluster", "cluster_id", 50),
    ("aws_elasticache_replication_group", "replication_group_id", 40),
    ("aws_cloudwatch_log_group", "name", 512),
    ("aws_cloudwatch_event_rule", "name", 64),
    ("aws_kms_alias", "name", 256),
    ("aws_secretsmanager_secret", "name", 512),
    ("aws_sfn_state_machine", "name", 80),
    ("aws_wafv2_web_acl", "name", 128),
    ("aws_cloudtrail", "name", 128),
    ("aws_security_group", "name", 255),
    ("aws_launch_template", "name", 128),
    ("aws_ecs_cluster", "name", 255),
    ("aws_api_gateway_stage", "stage_name", 128),
    ("aws_opensearch_domain", "domain_name", 28),
    ("aws_xray_sampling_rule", "rule_name", 32),
    ("aws_kinesis_firehose_delivery_stream", "name", 64),
    ("aws_eks_cluster", "name", 100),
]


@pytest.mark.parametrize(("resource_type", "argument", "limit"), LIMITS)
def test_documented_length_limits(resource_type: str, argument: str, limit: int) -> None:
    constraint = constraint_table().lookup(resource_type, argument)
    assert constraint is not None
    assert constraint.max_length == limit
    ok_value = "a" * limit
    assert not [v for v in check(constraint, ok_value) if v.rule == NAME_TOO_LONG]
    too_long = [v for v in check(constraint, "a" * (limit + 1)) if v.facet == "max_length"]
    assert [v.rule for v in too_long] == [NAME_TOO_LONG]
    assert f"is {limit + 1} characters" in too_long[0].message
    assert f"allow {limit}" in too_long[0].message


def test_the_issue_example_message() -> None:
    constraint = constraint_table().lookup("aws_lb", "name")
    assert constraint is not None
    [violation] = check(constraint, "northwind-traders-orders-public-alb-dev01")
    assert violation.message == (
        'name "northwind-traders-orders-public-alb-dev01" is 41 characters; '
        "load balancer names allow 32"
    )


# (resource type, argument, value, rule or None, fragment of the message)
CASES = [
    ("aws_lb", "name", "orders-alb", None, ""),
    ("aws_lb", "name", "orders_alb", INVALID_NAME, 'contains "_"'),
    ("aws_lb", "name", "-orders", INVALID_NAME, 'starts with "-"'),
    ("aws_lb", "name", "orders-", INVALID_NAME, 'ends with "-"'),
    ("aws_lb", "name", "internal-orders", INVALID_NAME, 'starts with "internal-"'),
    ("aws_lb_target_group", "name", "web-tg", None, ""),
    ("aws_lb_target_group", "name", "web.tg", INVALID_NAME, 'contains "."'),
    ("aws_s3_bucket", "bucket", "logs-123456789012-us-east-1", None, ""),
    ("aws_s3_bucket", "bucket", "Logs_Bucket", INVALID_NAME, 'contains "L", "_" and "B"'),
    ("aws_s3_bucket", "bucket", "ab", INVALID_NAME, "need at least 3"),
    ("aws_s3_bucket", "bucket", "my..bucket", INVALID_NAME, 'contains ".."'),
    ("aws_s3_bucket", "bucket", "10.0.0.1", INVALID_NAME, "IP address"),
    ("aws_s3_bucket", "bucket", "xn--bucket", INVALID_NAME, 'starts with "xn--"'),
    ("aws_s3_bucket", "bucket", "data-s3alias", INVALID_NAME, 'ends with "-s3alias"'),
    ("aws_s3_bucket", "bucket", "bucket-", INVALID_NAME, 'ends with "-"'),
    ("aws_iam_role", "name", "app-role+ci@prod", None, ""),
    ("aws_iam_role", "name", "app role", INVALID_NAME, "a space"),
    ("aws_lambda_function", "function_name", "orders-handler_v2", None, ""),
    ("aws_lambda_function", "function_name", "orders.handler", INVALID_NAME, '"."'),
    ("aws_db_instance", "identifier", "orders-db-1", None, ""),
    ("aws_db_instance", "identifier", "1-orders", INVALID_NAME, "must start with a letter"),
    ("aws_db_instance", "identifier", "orders--db", INVALID_NAME, '"--"'),
    ("aws_db_instance", "identifier", "orders_db", INVALID_NAME, '"_"'),
    ("aws_db_subnet_group", "name", "default", INVALID_NAME, "reserved"),
    ("aws_kms_alias", "name", "alias/orders", None, ""),
    ("aws_kms_alias", "name", "orders", INVALID_NAME, 'does not start with "alias/"'),
    ("aws_kms_alias", "name", "alias/aws/orders", INVALID_NAME, '"alias/aws/"'),
    ("aws_sqs_queue", "name", "orders.fifo", None, ""),
    ("aws_sqs_queue", "name", "orders.dlq", INVALID_NAME, ".fifo"),
    ("aws_cloudtrail", "name", "org-trail", None, ""),
    ("aws_cloudtrail", "name", "org-_trail", INVALID_NAME, '"-_"'),
    ("aws_cloudwatch_log_group", "name", "/aws/lambda/orders", None, ""),
    ("aws_cloudwatch_log_group", "name", "/aws/lambda/orders api", INVALID_NAME, "a space"),
    ("aws_sfn_state_machine", "name", "orders:flow", INVALID_NAME, '":"'),
    ("aws_ssm_parameter", "name", "/orders/db/password", None, ""),
    ("aws_ssm_parameter", "name", "SSM-orders", INVALID_NAME, '"ssm" in any case'),
    ("aws_security_group", "name", "sg-web", INVALID_NAME, 'starts with "sg-"'),
    ("aws_lambda_function", "runtime", "python3.12", None, ""),
    ("aws_lambda_function", "runtime", "python3.20", INVALID_VALUE, 'did you mean "python3.12"'),
    ("aws_lambda_function", "runtime", "Python3.12", INVALID_VALUE, 'did you mean "python3.12"'),
    ("aws_lambda_function", "architectures", ["arm64"], None, ""),
    ("aws_lambda_function", "architectures", ["aarch64"], INVALID_VALUE, "Lambda architectures"),
    ("aws_db_instance", "instance_class", "db.t3.micro", None, ""),
    ("aws_db_instance", "instance_class", "db.serverless", None, ""),
    ("aws_db_instance", "instance_class", "db.r5b.4xlarge.tpc2.mem2x", None, ""),
    ("aws_db_instance", "instance_class", "db.x2g.large", None, ""),
    ("aws_db_instance", "instance_class", "db.t3.mini", INVALID_VALUE, 'no size "mini"'),
    ("aws_db_instance", "instance_class", "db.m7.large", INVALID_VALUE, 'no instance family "m7"'),
    ("aws_db_instance", "instance_class", "t3.micro", INVALID_VALUE, '"db." followed by'),
    ("aws_elasticache_cluster", "node_type", "cache.t4g.micro", None, ""),
    ("aws_elasticache_cluster", "node_type", "cache.t4.micro", INVALID_VALUE, '"t4"'),
    ("aws_instance", "instance_type", "t3.micro", None, ""),
    ("aws_instance", "instance_type", "t3.huge", INVALID_VALUE, 'no size "huge"'),
    (
        "aws_s3_bucket_lifecycle_configuration",
        "rule.transition.storage_class",
        "GLACIER_IR",
        None,
        "",
    ),
    (
        "aws_s3_bucket_lifecycle_configuration",
        "rule.transition.storage_class",
        "STANDARD",
        INVALID_VALUE,
        "transition storage classes",
    ),
    ("aws_s3_object", "storage_class", "INFREQUENT_ACCESS", INVALID_VALUE, "S3 storage classes"),
    ("aws_s3_bucket_versioning", "versioning_configuration.status", "Disabled", None, ""),
    ("aws_s3_bucket_versioning", "versioning_configuration.status", "On", INVALID_VALUE, ""),
    ("aws_s3_bucket_notification", "lambda_function.events", ["s3:ObjectCreated:*"], None, ""),
    (
        "aws_s3_bucket_notification",
        "lambda_function.events",
        ["s3:ObjectCreated"],
        INVALID_VALUE,
        "S3 event types",
    ),
    ("aws_cloudwatch_log_group", "retention_in_days", 14, None, ""),
    ("aws_cloudwatch_log_group", "retention_in_days", 0, None, ""),
    ("aws_cloudwatch_log_group", "retention_in_days", 15, INVALID_VALUE, "= 15"),
    ("aws_cloudwatch_log_group", "retention_in_days", "30", None, ""),
    ("aws_cloudwatch_metric_alarm", "period", 300, None, ""),
    ("aws_cloudwatch_metric_alarm", "period", 45, INVALID_VALUE, "multiple of 60"),
    ("aws_cloudwatch_metric_alarm", "comparison_operator", "GreaterThan", INVALID_VALUE, ""),
    ("aws_secretsmanager_secret", "recovery_window_in_days", 0, None, ""),
    ("aws_secretsmanager_secret", "recovery_window_in_days", 3, INVALID_VALUE, "= 3"),
    ("aws_sqs_queue", "visibility_timeout_seconds", 43201, INVALID_VALUE, "0 to 43200"),
    ("aws_lb_target_group", "health_check.interval", 4, INVALID_VALUE, "5 to 300"),
    ("aws_lb_target_group", "port", 80, None, ""),
    ("aws_dynamodb_table", "attribute.type", "S", None, ""),
    ("aws_dynamodb_table", "attribute.type", "STRING", INVALID_VALUE, "key attribute types"),
    ("aws_db_instance", "performance_insights_retention_period", 93, None, ""),
    ("aws_db_instance", "performance_insights_retention_period", 30, INVALID_VALUE, ""),
    ("aws_route53_zone", "name", "shop.example.io", None, ""),
    ("aws_route53_zone", "name", "myexample.com", None, ""),
    ("aws_route53_zone", "name", "example.com", INVALID_NAME, "is reserved"),
    ("aws_route53_zone", "name", "tap-saas.example.com", INVALID_NAME, 'ends with ".example.com"'),
    ("aws_route53_zone", "name", "app.example.org.", INVALID_NAME, 'ends with ".example.org."'),
    ("aws_redshift_cluster", "master_password", "Passw0rd!", None, ""),
    ("aws_redshift_cluster", "master_password", "password123", INVALID_VALUE, "uppercase"),
    ("aws_redshift_cluster", "master_password", "Pass@w0rd", INVALID_VALUE, '"@"'),
    ("aws_redshift_cluster", "master_password", "Pa1", INVALID_VALUE, "at least 8"),
    # a comma-separated list of health check types (API_CreateAutoScalingGroup)
    ("aws_autoscaling_group", "health_check_type", "ELB", None, ""),
    ("aws_autoscaling_group", "health_check_type", "EBS,ELB", None, ""),
    ("aws_autoscaling_group", "health_check_type", "ELB,HTTP", INVALID_VALUE, '"HTTP"'),
    ("aws_autoscaling_group", "health_check_type", "HTTP", INVALID_VALUE, '"HTTP"'),
    # the provider lowercases an instance's engine before RDS sees it (terraform plan accepts
    # "MySQL"); a cluster's engine is compared as written
    ("aws_db_instance", "engine", "MySQL", None, ""),
    ("aws_db_instance", "engine", "postgres", None, ""),
    ("aws_db_instance", "engine", "PostgreSQL", INVALID_VALUE, '"PostgreSQL"'),
    ("aws_rds_cluster", "engine", "Aurora-MySQL", INVALID_VALUE, 'did you mean "aurora-mysql"'),
    # what the provider treats as unset, and values that are not strings, are not judged
    ("aws_lambda_function", "runtime", "", None, ""),
    ("aws_lb", "name", None, None, ""),
    ("aws_lb", "name", True, None, ""),
]


@pytest.mark.parametrize(("resource_type", "argument", "value", "rule", "fragment"), CASES)
def test_checks(
    resource_type: str, argument: str, value: object, rule: str | None, fragment: str
) -> None:
    constraint = constraint_table().lookup(resource_type, argument)
    assert constraint is not None
    violations = check(constraint, value)
    if rule is None:
        assert violations == []
        return
    assert violations, f"{value!r} should break {resource_type}.{argument}"
    assert {v.rule for v in violations} == {rule}
    assert any(fragment in v.message for v in violations), [v.message for v in violations]


def test_unknown_parts_never_cause_a_finding_on_their_own() -> None:
    table = constraint_table()
    lb = table.lookup("aws_lb", "name")
    bucket = table.lookup("aws_s3_bucket", "bucket")
    rds = table.lookup("aws_db_instance", "identifier")
    alias = table.lookup("aws_kms_alias", "name")
    assert lb and bucket and rds and alias
    # the unknown part may be short or empty: only what is known is judged
    assert check(lb, Partial(("orders-", UNKNOWN, "-alb"))) == []
    assert check(bucket, Partial((UNKNOWN, "-logs"))) == []
    assert check(rds, Partial((UNKNOWN, "-db"))) == []  # its first character is unknown
    assert check(alias, Partial(("alias/", UNKNOWN))) == []
    assert check(alias, Partial(("ali", UNKNOWN))) == []  # "alias/" may still follow
    assert check(bucket, Partial(("logs.", UNKNOWN, ".x"))) == []  # ".." could span the gap
    # the known parts alone break the limit or the character rules
    [long] = check(lb, Partial(("northwind-traders-orders-public-", UNKNOWN, "-alb")))
    assert long.rule == NAME_TOO_LONG
    assert "at least 36 characters (its known parts alone)" in long.message
    assert '"northwind-traders-orders-public-${…}-alb"' in long.message
    [upper] = check(bucket, Partial(("Logs-", UNKNOWN)))
    assert upper.rule == INVALID_NAME and '"L"' in upper.message
    [digit] = check(rds, Partial(("1orders-", UNKNOWN)))
    assert "must start with a letter" in digit.message
    [wrong] = check(alias, Partial(("key/", UNKNOWN)))
    assert 'does not start with "alias/"' in wrong.message
    # enumerations and patterns need the whole value
    runtime = table.lookup("aws_lambda_function", "runtime")
    assert runtime and check(runtime, Partial(("python", UNKNOWN))) == []


def test_the_table_records_its_sources() -> None:
    table = constraint_table()
    assert table.source["botocore"][0].isdigit()
    assert len(table) >= 300
    assert len(table.resource_types) >= 100
    for resource_type in table.resource_types:
        for constraint in table.for_type(resource_type).values():
            assert constraint.sources, f"{resource_type}.{constraint.argument} has no source"
            assert constraint.kind in ("name", "value")
    lambda_name = table.lookup("aws_lambda_function", "function_name")
    assert lambda_name and any("docs.aws.amazon.com/lambda" in s for s in lambda_name.sources)
    runtime = table.lookup("aws_lambda_function", "runtime")
    assert runtime and any(s.startswith("botocore ") for s in runtime.sources)


def test_the_sixty_most_used_resource_types_with_names_are_covered() -> None:
    table = constraint_table()
    expected = {
        "aws_lb",
        "aws_lb_target_group",
        "aws_iam_role",
        "aws_iam_policy",
        "aws_iam_user",
        "aws_iam_instance_profile",
        "aws_iam_role_policy",
        "aws_s3_bucket",
        "aws_lambda_function",
        "aws_sqs_queue",
        "aws_sns_topic",
        "aws_dynamodb_table",
        "aws_db_instance",
        "aws_rds_cluster",
        "aws_rds_cluster_instance",
        "aws_elasticache_cluster",
        "aws_elasticache_replication_group",
        "aws_cloudwatch_log_group",
        "aws_kms_alias",
        "aws_kms_key",
        "aws_secretsmanager_secret",
        "aws_ecs_cluster",
        "aws_ecs_service",
        "aws_ecs_task_definition",
        "aws_sfn_state_machine",
        "aws_api_gateway_stage",
        "aws_api_gateway_method",
        "aws_api_gateway_integration",
        "aws_wafv2_web_acl",
        "aws_cloudtrail",
        "aws_security_group",
        "aws_launch_template",
        "aws_instance",
        "aws_cloudwatch_metric_alarm",
        "aws_cloudwatch_event_rule",
        "aws_ssm_parameter",
        "aws_db_subnet_group",
        "aws_autoscaling_group",
        "aws_s3_bucket_lifecycle_configuration",
    }
    assert expected <= set(table.resource_types)
