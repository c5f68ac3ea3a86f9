"""Reads past what an attribute or block holds, as `terraform validate` judges them. Each
row: a reference in an output and validate's summary (None when it accepts it); checked
against terraform by tests/oracle/test_read_oracle.py."""

from __future__ import annotations

RESOURCES = """
resource "aws_vpc" "vpc" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_instance" "i" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
}

resource "aws_security_group" "sg" {
  name = "sg"
}

resource "aws_eks_cluster" "x" {
  name     = "x"
  role_arn = "arn:aws:iam::123456789012:role/x"
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}
"""

READ_CASES: list[tuple[str, str | None]] = [
    ("aws_vpc.vpc.cidr_block.cidr_block", "Unsupported attribute"),
    ("aws_vpc.vpc.enable_dns_support.value", "Unsupported attribute"),
    ("aws_vpc.vpc.id[0]", "Invalid index"),
    ("aws_vpc.vpc.tags_all.Name.x", "Unsupported attribute"),
    ("aws_instance.i.security_groups.name", "Unsupported attribute"),
    ("aws_instance.i.security_groups[0]", "Invalid index"),
    ("aws_instance.i.ipv6_addresses.first", "Unsupported attribute"),
    ("aws_instance.i.ebs_block_device.device_name", "Cannot index a set value"),
    ("aws_instance.i.ebs_block_device[0].device_name", "Cannot index a set value"),
    ("aws_instance.i.root_block_device.volume_size", "Invalid operation"),
    ("aws_instance.i.root_block_device[0].volume_size.x", "Unsupported attribute"),
    ("aws_eks_cluster.x.identity.oidc", "Unsupported attribute"),
    ("aws_eks_cluster.x.identity[0].oidc.issuer", "Unsupported attribute"),
    ("aws_eks_cluster.x.identity[0].oidc[0].nope", "Unsupported attribute"),
    ("aws_eks_cluster.x.certificate_authority.data", "Unsupported attribute"),
    ("aws_security_group.sg.ingress[0].from_port", "Invalid index"),
    ("aws_security_group.sg.ingress.from_port", "Unsupported attribute"),
    ("[for r in aws_security_group.sg.ingress : r.from_port]", None),
    ("aws_eks_cluster.x.identity[0].oidc[0].issuer", None),
    ("aws_eks_cluster.x.certificate_authority[0].data", None),
    ("aws_vpc.vpc.tags_all.Name", None),
    ('aws_vpc.vpc.tags_all["Name"]', None),
    ("aws_instance.i.ipv6_addresses[0]", None),
    ("aws_instance.i.root_block_device[0]", None),
    ("aws_instance.i.root_block_device.0.volume_size", None),
    ("aws_instance.i.root_block_device", None),
    ("aws_instance.i.ebs_block_device", None),
    ("[for d in aws_instance.i.ebs_block_device : d.device_name]", None),
    ("aws_instance.i.root_block_device[*].volume_size", None),
]


def read_configuration() -> str:
    """Every case in one configuration, one output each (the case's index is its name)."""
    outputs = [
        f'output "o{index}" {{\n  value = {reference}\n}}\n'
        for index, (reference, _) in enumerate(READ_CASES)
    ]
    return RESOURCES + "\n" + "\n".join(outputs)
