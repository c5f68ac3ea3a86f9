"""Evaluated names compared across resources: known, partly known or unknown strings.

Two names are judged equal when their known text lines up and their unknown parts stand in
the same places (`"/aws/lambda/${var.app}-api"` and `"/aws/lambda/" + "${var.app}-api"`):
the same variable gives the same value.
"""

from __future__ import annotations

from typing import Any

from tfjudge.evaluate import PartialString

HOLE = "\x00"


def shape(value: Any) -> str | None:
    """A name as text with each unknown part as a hole; None when wholly unknown."""
    if isinstance(value, str):
        return value
    if isinstance(value, PartialString):
        return value.render(HOLE)
    return None


def readable(value: Any) -> str:
    text = shape(value)
    return text.replace(HOLE, "${…}") if text is not None else "(known after apply)"


# The argument holding a name that must be unique in the account and region (S3 bucket
# names: worldwide), for the resource types answers use. A second deployment of the same
# configuration into the same account collides on these; `*_prefix` variants are unique.
UNIQUE_NAMES: dict[str, str] = {
    "aws_s3_bucket": "bucket",
    "aws_iam_role": "name",
    "aws_iam_policy": "name",
    "aws_iam_user": "name",
    "aws_iam_group": "name",
    "aws_iam_instance_profile": "name",
    "aws_lambda_function": "function_name",
    "aws_dynamodb_table": "name",
    "aws_sns_topic": "name",
    "aws_sqs_queue": "name",
    "aws_kms_alias": "name",
    "aws_cloudwatch_log_group": "name",
    "aws_cloudwatch_metric_alarm": "alarm_name",
    "aws_cloudwatch_composite_alarm": "alarm_name",
    "aws_cloudwatch_dashboard": "dashboard_name",
    "aws_cloudwatch_event_rule": "name",
    "aws_cloudwatch_event_bus": "name",
    "aws_cloudwatch_log_metric_filter": "name",
    "aws_db_instance": "identifier",
    "aws_rds_cluster": "cluster_identifier",
    "aws_rds_cluster_instance": "identifier",
    "aws_db_subnet_group": "name",
    "aws_db_parameter_group": "name",
    "aws_rds_cluster_parameter_group": "name",
    "aws_elasticache_replication_group": "replication_group_id",
    "aws_elasticache_cluster": "cluster_id",
    "aws_elasticache_subnet_group": "name",
    "aws_lb": "name",
    "aws_alb": "name",
    "aws_lb_target_group": "name",
    "aws_alb_target_group": "name",
    "aws_ecs_cluster": "name",
    "aws_ecr_repository": "name",
    "aws_secretsmanager_secret": "name",
    "aws_ssm_parameter": "name",
    "aws_kinesis_stream": "name",
    "aws_kinesis_firehose_delivery_stream": "name",
    "aws_sfn_state_machine": "name",
    "aws_codebuild_project": "name",
    "aws_codepipeline": "name",
    "aws_athena_workgroup": "name",
    "aws_glue_catalog_database": "name",
    "aws_glue_crawler": "name",
    "aws_glue_job": "name",
    "aws_cloudtrail": "name",
    "aws_wafv2_web_acl": "name",
    "aws_autoscaling_group": "name",
    "aws_launch_template": "name",
    "aws_key_pair": "key_name",
    "aws_opensearch_domain": "domain_name",
    "aws_elasticsearch_domain": "domain_name",
    "aws_backup_vault": "name",
    "aws_backup_plan": "name",
    "aws_synthetics_canary": "name",
    "aws_ssm_document": "name",
    "aws_scheduler_schedule": "name",
    "aws_api_gateway_api_key": "name",
    "aws_cognito_user_pool_domain": "domain",
    "aws_cloudfront_origin_access_control": "name",
    "aws_iam_openid_connect_provider": "url",
}
GLOBALLY_UNIQUE = {"aws_s3_bucket": "bucket"}
