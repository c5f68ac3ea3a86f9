"""Reading prompts of several styles into requirements (a table per kind, tflint style)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.prompt.helpers import missing_resources
from tfjudge.prompt.requirements import read_requirements

BULLETS = """# Nightly refresh
- An EventBridge rule triggers a Step Functions state machine every night.
- Protect the API with a WAF.
"""
PROSE = (
    "We need a nightly job. An EventBridge rule should trigger a Step Functions state machine,\n"
    "and the public API must be protected by a WAF web ACL."
)
NUMBERED = """Requirements:
1. EventBridge rule on a schedule
2. Step Functions state machine that runs the steps
3. WAF in front of the API
"""
MUST = (
    "The stack MUST include a Step Functions state machine. It must also use EventBridge and a WAF."
)
TABLE = """| Component | Notes |
|---|---|
| EventBridge rule | daily at 02:00 |
| Step Functions | orchestrates the refresh |
| WAF | rate limiting |
"""


@pytest.mark.parametrize("prompt", [BULLETS, PROSE, NUMBERED, MUST, TABLE])
def test_components_in_every_style(prompt: str) -> None:
    found = read_requirements(prompt)
    addresses = {r.address for r in found.components}
    assert {"aws_cloudwatch_event_rule", "aws_sfn_state_machine", "aws_wafv2_web_acl"} <= addresses
    for requirement in found.components:
        assert requirement.quote in prompt.replace("\n", " ") or requirement.quote.strip("| ")
        assert 1 <= requirement.line <= prompt.count("\n") + 1


@pytest.mark.parametrize(
    ("prompt", "absent"),
    [
        ("Don't use customer managed KMS keys; AWS managed keys are fine.", "aws_kms_key"),
        ("We already have a VPC, so deploy the functions into it.", "aws_vpc"),
        ("Create VPC endpoints for S3 and DynamoDB.", "aws_dynamodb_table"),
        ("Optionally add a DynamoDB table for state locking.", "aws_dynamodb_table"),
        (
            "Use the name of every resource (functions, tables, alarms) with a suffix.",
            "aws_cloudwatch_metric_alarm",
        ),
        ("Attach an IAM role with read-only S3 access to the instances.", "aws_s3_bucket"),
        ("Give the Lambda execution role access to the table.", "aws_lambda_function"),
        (
            "The webhooks hit our API Gateway endpoint, which forwards to Lambda.",
            "aws_vpc_endpoint",
        ),
        ("Create a NAT Gateway associated with a specified subnet.", "aws_subnet"),
        ("Attach the gateway to the given VPC.", "aws_vpc"),
        ("Encrypt the database with the default KMS key.", "aws_kms_key"),
        ("Create AWS Lightsail that creates a mysql database.", "aws_db_instance"),
        ("Set up a GCP project with a VPC network, subnets and a load balancer.", "aws_vpc"),
        ("Deploy an AKS cluster on Azure behind a load balancer.", "aws_lb"),
        ("Create a Google Kubernetes Engine (GKE) cluster with a node pool.", "aws_eks_cluster"),
        (
            "Set up an ELB with SSL termination, using provided subnet IDs, instance IDs, "
            "security group, ports, and SSL certificate.",
            "aws_security_group",
        ),
        (
            "Set up DNS records in Route 53 for a Kubernetes cluster with etcd, master and "
            "worker nodes.",
            "aws_eks_cluster",
        ),
        (
            "Set up an RDS instance with associated subnet, parameter, and option groups.",
            "aws_subnet",
        ),
        ("Create an IAM role and instance profile for EC2 instances.", "aws_instance"),
        (
            "Deploy a web server cluster integrating with a remote database state stored in an "
            "S3 bucket.",
            "aws_s3_bucket",
        ),
        (
            "Set up an ELB with SSL termination, using provided subnet IDs, instance IDs, "
            "security group, ports, and SSL certificate.",
            "aws_acm_certificate",
        ),
    ],
)
def test_mentions_that_are_not_requirements(prompt: str, absent: str) -> None:
    assert absent not in {r.address for r in read_requirements(prompt).components}


@pytest.mark.parametrize(
    ("prompt", "present"),
    [
        ("Create a subnet in the VPC, and a NAT gateway in the specified subnet.", "aws_subnet"),
        ("Create a KMS key that replaces the default one.", "aws_kms_key"),
        ("Create an RDS mysql database next to the Lightsail instance.", "aws_db_instance"),
        ("Replicate the GCP setup on AWS: a VPC with private subnets.", "aws_vpc"),
        # the list `provided` opens ends where something is to be created
        (
            "Use the provided subnet IDs and create a security group for the ELB.",
            "aws_security_group",
        ),
        ("Use the provided subnets, and deploy an RDS database for the app.", "aws_db_instance"),
        (
            "Set up an RDS instance with associated subnet, parameter, and option groups.",
            "aws_db_subnet_group",
        ),
        ("Deploy a Kubernetes cluster on AWS with managed node groups.", "aws_eks_cluster"),
        ("Launch EC2 instances with an instance profile for S3 access.", "aws_instance"),
        ("Use the provided VPC. Create a security group for the ELB.", "aws_security_group"),
    ],
)
def test_mentions_near_those_cues_that_are_requirements(prompt: str, present: str) -> None:
    assert present in {r.address for r in read_requirements(prompt).components}


# components named by their service: a prompt of each style, the type its finding names
SERVICES = [
    ("Create an S3 Glacier vault for long-term archives.", "aws_glacier_vault"),
    ("- Glacier vault that notifies SNS when a retrieval completes", "aws_glacier_vault"),
    ("Add an object lock configuration for the bucket.", "aws_s3_bucket_object_lock_configuration"),
    ("The bucket must use requester pays.", "aws_s3_bucket_request_payment_configuration"),
    (
        "Add a request payment configuration to the S3 bucket.",
        "aws_s3_bucket_request_payment_configuration",
    ),
    ("Provision a Redshift cluster with two nodes.", "aws_redshift_cluster"),
    ("| Redshift | analytics warehouse |", "aws_redshift_cluster"),
    ("Create an egress-only internet gateway for the VPC.", "aws_egress_only_internet_gateway"),
    ("We need a DocumentDB cluster for the catalogue.", "aws_docdb_cluster"),
    ("1. Neptune graph database", "aws_neptune_cluster"),
    ("Put DAX in front of the table.", "aws_dax_cluster"),
    ("Create an MSK cluster with three brokers.", "aws_msk_cluster"),
    ("Use Amazon MQ for the order queue.", "aws_mq_broker"),
    ("Store the readings in Timestream.", "aws_timestreamwrite_database"),
    ("Ingest camera feeds into a Kinesis Video Stream.", "aws_kinesis_video_stream"),
    ("A Glue crawler catalogues the raw bucket.", "aws_glue_job"),
    ("Run the jobs on AWS Batch.", "aws_batch_compute_environment"),
    ("Deploy the app on Elastic Beanstalk.", "aws_elastic_beanstalk_environment"),
    ("Host the container on App Runner.", "aws_apprunner_service"),
    ("Create AWS Lightsail with a WordPress blueprint.", "aws_lightsail_instance"),
    ("Host the front end with Amplify.", "aws_amplify_app"),
    ("Expose a GraphQL API with AppSync.", "aws_appsync_graphql_api"),
    ("Send the emails with SES.", "aws_ses_domain_identity"),
    ("Build a CodePipeline with a CodeBuild stage.", "aws_codepipeline"),
    ("Build a CodePipeline with a CodeBuild stage.", "aws_codebuild_project"),
    ("Inspect traffic with AWS Network Firewall.", "aws_networkfirewall_firewall"),
    ("Put Global Accelerator in front of the ALBs.", "aws_globalaccelerator_accelerator"),
    ("Set up a site-to-site VPN to the office.", "aws_vpn_connection"),
    ("Give developers a Client VPN endpoint.", "aws_ec2_client_vpn_endpoint"),
    ("Offer SFTP with Transfer Family.", "aws_transfer_server"),
    ("Mount an FSx for Lustre file system.", "aws_fsx_lustre_file_system"),
    ("Create a Chime Voice Connector with logging.", "aws_chime_voice_connector"),
    ("Keep the audit trail in QLDB.", "aws_qldb_ledger"),
    ("Store sessions in Keyspaces.", "aws_keyspaces_keyspace"),
]


@pytest.mark.parametrize(("prompt", "address"), SERVICES)
def test_services(prompt: str, address: str) -> None:
    found = read_requirements(prompt).components
    assert any(address in r.types for r in found), [r.address for r in found]


@pytest.mark.parametrize(
    ("prompt", "absent"),
    [
        ("Transition old objects to the S3 Glacier storage class.", "aws_glacier_vault"),
        ("Load the events into our existing Redshift cluster.", "aws_redshift_cluster"),
        ("Query the bucket with Redshift Spectrum from Athena.", "aws_redshift_cluster"),
        ("Create an egress-only internet gateway for IPv6.", "aws_internet_gateway"),
        ("Enable object lock on the bucket.", "aws_s3_bucket_object_lock_configuration"),
        ("Don't use Elastic Beanstalk; use ECS.", "aws_elastic_beanstalk_environment"),
        ("Run Kafka on the EC2 instances.", "aws_msk_cluster"),
    ],
)
def test_service_mentions_that_are_not_requirements(prompt: str, absent: str) -> None:
    found = read_requirements(prompt).components
    assert not any(absent in r.types for r in found), [r.address for r in found]


def test_ec2_with_auto_scaling_means_a_launch_template() -> None:
    found = read_requirements("- EC2 web servers in an auto-scaling group behind an ALB.")
    addresses = {r.address for r in found.components}
    assert {"aws_launch_template", "aws_autoscaling_group", "aws_lb"} <= addresses


@pytest.mark.parametrize(
    ("prompt", "code_only", "single_block", "language"),
    [
        (
            "just give me the HCL code in one code block, no explanations outside of it.",
            True,
            True,
            None,
        ),
        ("Respond only with the complete Terraform code — no explanations.", True, False, None),
        ("Return **only one fenced code block** with language `hcl`.", True, True, "hcl"),
        (
            "Put each file in its own code block with the filename at the top:\n```hcl\n# main.tf\n```",
            False,
            False,
            "hcl",
        ),
        ("Include comprehensive inline comments explaining the design.", False, False, None),
        ("Use only Terraform resources from the AWS provider.", False, False, None),
    ],
)
def test_format_instructions(
    prompt: str, code_only: bool, single_block: bool, language: str | None
) -> None:
    found = read_requirements(prompt)
    assert (found.code_only is not None) is code_only
    assert (found.single_block is not None) is single_block
    assert (found.fence_language.key if found.fence_language else None) == language


def test_files_required_ruled_out_and_single() -> None:
    found = read_requirements(
        "I already have a provider.tf file.\n"
        "Everything should be in one file called `tap_stack.tf`.\n"
        "Don't give me separate tfvars files.\n"
        "We'll use dev.tfvars later ourselves.\n"
    )
    assert [r.key for r in found.files] == ["tap_stack.tf"]
    assert [r.key for r in found.forbidden_files] == ["*.tfvars"]
    assert found.single_file is not None and found.single_file.key == "tap_stack.tf"
    split = read_requirements(
        "Split the configuration into files (`provider.tf`, `variables.tf`, and one file per area)."
    )
    assert [r.key for r in split.files] == ["provider.tf", "variables.tf"]
    assert split.single_file is None


@pytest.mark.parametrize(
    ("prompt", "outputs"),
    [
        (
            "OUTPUTS needed:\n- vpc id, subnet ids\n- aurora endpoint\n",
            ["vpc_id", "subnet_ids", "aurora_endpoint"],
        ),
        (
            "Provide outputs for the key identifiers (API URL, table name, topic ARN).",
            ["api_url", "table_name", "topic_arn"],
        ),
        ("Output the table ARN so we can reference it in IAM policies.", ["table_arn"]),
        ("Outputs must provide ALB DNS name and RDS endpoint", ["alb_dns_name", "rds_endpoint"]),
        ("Output files go in the `dist` folder.", []),
        (
            "Also output the name of the global secondary index so our Lambdas can query it.",
            ["global_secondary_index_name"],
        ),
        ("- `output` blocks for the ARNs and IDs called out earlier", []),
    ],
)
def test_outputs(prompt: str, outputs: list[str]) -> None:
    assert [r.key for r in read_requirements(prompt).outputs] == outputs


@pytest.mark.parametrize(
    ("prompt", "variables"),
    [
        (
            "Declare a variable `environment_suffix` (string) and use it in every name.",
            ["environment_suffix"],
        ),
        (
            "## Variables\n- vpc_cidr, enable_nat\n- prod_account_id\n",
            ["vpc_cidr", "enable_nat", "prod_account_id"],
        ),
        ("Create the tables from a var.ddb_tables map.", ["ddb_tables"]),
        ("We'll need a region variable, maybe `aws_region`.", []),
        ("Put everything in tap_stack.tf with variable blocks.", []),
    ],
)
def test_variables(prompt: str, variables: list[str]) -> None:
    assert [r.key for r in read_requirements(prompt).variables] == variables


def test_regions_keep_their_line() -> None:
    found = read_requirements("Deploy to two regions.\nPrimary: us-east-1, secondary eu-west-2.")
    assert [(r.key, r.line) for r in found.regions] == [("us-east-1", 2), ("eu-west-2", 2)]


SHARED_PROMPT = """Create the following in a single main.tf file:
- An S3 bucket with versioning, encrypted with a customer managed KMS key.
- A Lambda function and a DynamoDB table.
- Provide outputs for the key identifiers (bucket ARN, table name).
- Declare a variable `environment_suffix` (string) and use it in every name.
Deploy to us-east-1. Put the code in a code block.
"""


def test_a_prompt_is_read_once_and_the_analyses_leave_it_as_read(tmp_path) -> None:
    """Answers sharing a prompt share its requirements; no rule changes them."""
    from tests.answers import BROKEN, CLEAN
    from tfjudge.analysis import PromptDocument, analyze_response
    from tfjudge.prompt.requirements import requirements_of
    from tfjudge.response.loader import load_text_input

    requirements_of.cache_clear()
    prompt = PromptDocument("PROMPT.md", SHARED_PROMPT)
    fresh = read_requirements(SHARED_PROMPT)
    assert fresh.components and fresh.outputs and fresh.variables and fresh.files
    findings = []
    for answer in (CLEAN, BROKEN, CLEAN):
        analysis = analyze_response(load_text_input(answer, "answer.md"), prompt)
        findings.append([f.to_dict() for f in analysis.findings])
    assert requirements_of.cache_info().misses == 1
    assert requirements_of(SHARED_PROMPT) == fresh
    assert findings[0] == findings[2]  # the same answer, first and after another
    assert any(f["rule"].startswith("req.") for f in findings[0])


def test_an_eks_node_group_is_the_worker_nodes_auto_scaling_group(tmp_path: Path) -> None:
    code = (
        'resource "aws_eks_node_group" "workers" {\n  cluster_name = "c"\n'
        '  node_group_name = "w"\n  node_role_arn = "arn:aws:iam::123456789012:role/n"\n'
        '  subnet_ids = ["subnet-0a1b2c3d4e5f60718"]\n  scaling_config {\n'
        "    desired_size = 2\n    max_size = 3\n    min_size = 1\n  }\n}\n"
    )
    prompt = "Create an EKS auto scaling group for worker nodes.\n"
    findings = missing_resources(tmp_path, prompt, code)
    assert not any("aws_autoscaling_group" in f.message for f in findings)
