"""The shipped schema data: what it holds, and that it is read lazily."""

from __future__ import annotations

from tfjudge.schema.store import DATA, get_version, known_versions, newest, version_key


def test_5_100_0_is_shipped_with_its_source_recorded() -> None:
    version = get_version("5.100.0")
    meta = version.meta()
    assert meta["provider"] == "registry.terraform.io/hashicorp/aws"
    assert meta["version"] == "5.100.0"
    assert "terraform providers schema -json" in meta["source"]
    assert meta["command"].startswith("python scripts/make_aws_schema.py")
    assert len(version.type_names("resource")) == meta["resource_types"] == 1526
    assert len(version.type_names("data")) == meta["data_source_types"] == 608


def test_versions_are_ordered_numerically() -> None:
    assert version_key("5.100.0") > version_key("5.99.1")
    versions = [v.version for v in known_versions("aws")]
    assert versions == sorted(versions, key=version_key)
    assert newest("aws").version == versions[-1]


def test_a_type_is_decoded_only_when_asked_for() -> None:
    version = get_version("5.100.0")
    version._decoded.clear()
    bucket = version.resource("aws_s3_bucket")
    assert bucket is not None
    assert set(version._decoded) == {("resource", "aws_s3_bucket")}
    assert version.resource("aws_s3_bucket") is bucket


def test_attributes_blocks_and_flags() -> None:
    version = get_version("5.100.0")
    flow_log = version.resource("aws_flow_log")
    assert flow_log is not None
    assert flow_log.attributes["arn"].computed and not flow_log.attributes["arn"].settable
    assert flow_log.attributes["log_group_name"].deprecated
    assert "log_destination" in flow_log.attributes["log_group_name"].deprecation
    assert flow_log.blocks["destination_options"].max_items == 1
    assert flow_log.attributes["tags"].type == ["map", "string"]
    method = version.resource("aws_api_gateway_method")
    assert method is not None and method.attributes["authorization"].required
    settings = version.resource("aws_api_gateway_method_settings")
    assert settings is not None and settings.blocks["settings"].min_items == 1
    db = version.resource("aws_db_instance")
    assert db is not None and db.attributes["password"].sensitive
    opsworks = version.resource("aws_opsworks_stack")
    assert opsworks is not None and opsworks.deprecated and "deprecated" in opsworks.deprecation
    provider = version.provider_config()
    assert "region" in provider.attributes and "assume_role" in provider.blocks
    assert version.data_source("aws_caller_identity") is not None
    assert version.resource("aws_caller_identity") is None


def test_a_list_of_objects_attribute_has_a_block_view_made_once() -> None:
    group = get_version("5.100.0").resource("aws_security_group")
    assert group is not None
    ingress = group.attribute_block("ingress")  # `ingress { ... }`: attributes as blocks
    assert ingress is not None and group.attribute_block("ingress") is ingress
    assert ingress.attributes["from_port"].optional and not ingress.blocks
    assert group.attribute_block("name") is None  # a string
    assert group.attribute_block("arn") is None  # read-only
    assert group.attribute_block("no_such_argument") is None


def test_shipped_data_is_small() -> None:
    size = sum(p.stat().st_size for p in DATA.rglob("*") if p.is_file())
    assert size < 10_000_000


def test_6_66_0_is_shipped_from_the_npm_package() -> None:
    version = get_version("6.66.0")
    meta = version.meta()
    assert meta["version"] == "6.66.0"
    assert "@cdktn/provider-aws 25.7.0" in meta["source"]
    assert (
        meta["command"] == "python scripts/make_aws_schema.py --npm cdktn-provider-aws-25.7.0.tgz"
    )
    assert len(version.type_names("resource")) == meta["resource_types"] == 1725
    assert len(version.type_names("data")) == meta["data_source_types"] == 683
    assert not version.has_deprecations and get_version("5.100.0").has_deprecations
    bucket = version.resource("aws_s3_bucket")
    assert bucket is not None and bucket.attributes["region"].settable
    deployment = version.resource("aws_api_gateway_deployment")
    assert deployment is not None and "stage_name" not in deployment.attributes
    waf = version.resource("aws_wafv2_web_acl")
    assert waf is not None and waf.blocks["rule"].block.blocks["statement"].block.open
