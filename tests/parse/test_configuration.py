"""The configuration view: which extracted files make up which module."""

from __future__ import annotations

from tfjudge.model.config import Configuration, build_configuration
from tfjudge.parse.hcl import parse_hcl
from tfjudge.source import SourceFile


def configuration(files: dict[str, str], origin: str = "fence") -> Configuration:
    """The configuration of `files`, as a Markdown answer's (fence) or a directory's (file)."""
    return build_configuration(
        [parse_hcl(SourceFile(p, "hcl", t, origin=origin)) for p, t in files.items()]
    )


def test_an_answers_directories_no_module_calls_are_one_root_module() -> None:
    modules = configuration(
        {"provider.tf": 'provider "aws" {}\n', "lib/main.tf": 'variable "region" {}\n'}
    ).modules
    assert set(modules) == {""}
    assert [b.labels for b in modules[""].variables] == [("region",)]


def test_each_directory_read_from_disk_is_a_module() -> None:
    """A repository's examples/x that calls another module is a root of its own: its
    variables are not the top module's."""
    files = {
        "variables.tf": 'variable "region" {}\n',
        "examples/mac/main.tf": 'module "m" {\n  source = "../../modules/m"\n}\n',
        "examples/mac/variables.tf": 'variable "host_groups" {}\n',
        "modules/m/main.tf": 'variable "name" {\n  default = "m"\n}\n',
    }
    modules = configuration(files, origin="file").modules
    assert set(modules) == {"", "examples/mac", "modules/m"}
    assert [b.labels for b in modules[""].variables] == [("region",)]
    assert [b.labels for b in modules["examples/mac"].variables] == [("host_groups",)]


def test_a_called_directory_is_a_child_module_with_its_caller() -> None:
    modules = configuration(
        {
            "main.tf": 'module "vpc" {\n  source = "./modules/vpc"\n}\n',
            "modules/vpc/main.tf": 'variable "cidr" {}\n',
        }
    ).modules
    assert set(modules) == {"", "modules/vpc"}
    assert [b.labels for b in modules["modules/vpc"].callers] == [("vpc",)]
    assert modules[""].variables == []


def test_a_modules_directory_nobody_calls_is_a_module_of_its_own() -> None:
    modules = configuration(
        {
            "lib/main.tf": 'variable "region" {}\n',
            "lib/modules/db/main.tf": 'variable "engine" {}\n',
        }
    ).modules
    assert set(modules) == {"", "lib/modules/db"}
    assert modules["lib/modules/db"].callers == []
    assert [b.labels for b in modules[""].variables] == [("region",)]
    assert [b.labels for b in modules["lib/modules/db"].variables] == [("engine",)]


def test_blocks_of_a_type_and_the_module_of_a_block_are_looked_up_as_a_scan_finds_them() -> None:
    """`of_type` and `module_of` answer from indexes made on first use: the same blocks, in
    file order, as a scan of the module's blocks, and fresh lists a caller may change."""
    config = configuration(
        {
            "main.tf": 'module "vpc" {\n  source = "./modules/vpc"\n}\n'
            'resource "aws_s3_bucket" "a" {}\nvariable "x" {}\nresource "aws_s3_bucket" "b" {}\n',
            "lib/extra.tf": 'resource "aws_sqs_queue" "q" {\n  tags {}\n}\n',
            "modules/vpc/main.tf": 'resource "aws_vpc" "v" {}\n',
        }
    )
    for module in config.modules.values():
        for kind in ("resource", "variable", "module", "output"):
            scanned = [b for b in module.blocks if b.type == kind]
            found = module.of_type(kind)
            assert len(found) == len(scanned)
            assert all(a is b for a, b in zip(found, scanned, strict=True))
            found.clear()
            assert len(module.of_type(kind)) == len(scanned)
        for block in module.blocks:
            assert config.module_of(block) is module
            for nested in block.body.blocks:
                assert config.module_of(nested) is module
    assert [b.labels[1] for b in config.root.resources] == ["a", "b", "q"]
    assert [b.labels[0] for b in config.modules["modules/vpc"].resources] == ["aws_vpc"]
