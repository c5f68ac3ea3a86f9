"""aws.health-check-endpoint: the health check path against what user_data serves."""

from __future__ import annotations

import pytest

from tfjudge.findings import Severity
from tfjudge.rules.aws.health_check_endpoint import read_script, serves

from .helpers import findings

RULE = "aws.health-check-endpoint"

AMI = """
data "aws_ami" "al2023" {
  owners = ["amazon"]
  filter {
    name   = "name"
    values = ["al2023-ami-*-x86_64"]
  }
}
"""
CUSTOM_AMI = """
data "aws_ami" "al2023" {
  owners = ["self"]
  filter {
    name   = "name"
    values = ["my-golden-image-*"]
  }
}
"""


def group(path: str = "/health", protocol: str = "HTTP", target_type: str = "instance") -> str:
    return (
        'resource "aws_lb_target_group" "web" {\n'
        f'  port = 80\n  protocol = "{protocol}"\n  vpc_id = "vpc-1"\n'
        f'  target_type = "{target_type}"\n'
        f'  health_check {{\n    path = "{path}"\n  }}\n}}\n'
    )


def template(script: str) -> str:
    return (
        'resource "aws_launch_template" "web" {\n'
        "  image_id = data.aws_ami.al2023.id\n"
        f"  user_data = base64encode(<<-EOF\n{script}\n  EOF\n  )\n}}\n"
    )


def asg(check_type: str = "ELB") -> str:
    return (
        'resource "aws_autoscaling_group" "web" {\n'
        "  min_size = 1\n  max_size = 2\n"
        "  target_group_arns = [aws_lb_target_group.web.arn]\n"
        f'  health_check_type = "{check_type}"\n'
        "  launch_template {\n    id = aws_launch_template.web.id\n  }\n}\n"
    )


HTTPD = "#!/bin/bash\ndnf install -y httpd\nsystemctl enable --now httpd\n"
WITH_INDEX = HTTPD + "echo hi > /var/www/html/index.html\n"
WITH_HEALTH = WITH_INDEX + "echo OK > /var/www/html/health\n"
AGENTS_ONLY = (
    "#!/bin/bash\nyum install -y docker\nsystemctl enable docker\nsystemctl start docker\n"
)

CASES: dict[str, tuple[str, int]] = {
    "health file written": (AMI + group() + template(WITH_HEALTH) + asg(), 0),
    "health file missing": (AMI + group() + template(WITH_INDEX) + asg(), 1),
    "health file written with tee": (
        AMI + group() + template(WITH_INDEX + "echo OK | tee /var/www/html/health\n") + asg(),
        0,
    ),
    "file in a served folder": (
        AMI + group("/health/") + template(HTTPD + "mkdir -p /var/www/html/health\n") + asg(),
        0,
    ),
    "root path with a web server": (AMI + group("/") + template(WITH_INDEX) + asg(), 0),
    "no web server": (AMI + group("/") + template(AGENTS_ONLY) + asg(), 1),
    "container started": (
        AMI + group() + template(AGENTS_ONLY + "docker run -d -p 80:80 app:latest\n") + asg(),
        0,
    ),
    "application service started": (
        AMI + group() + template(HTTPD + "systemctl start myapp\n") + asg(),
        0,
    ),
    "content synced from S3": (
        AMI + group() + template(HTTPD + "aws s3 sync s3://site /var/www/html\n") + asg(),
        0,
    ),
    "path named in the script": (
        AMI + group("/healthz") + template(HTTPD + "# app serves /healthz\n") + asg(),
        0,
    ),
    "custom image": (CUSTOM_AMI + group() + template(WITH_INDEX) + asg(), 0),
    "tcp target group": (AMI + group(protocol="TCP") + template(AGENTS_ONLY) + asg(), 0),
    "ip targets": (AMI + group(target_type="ip") + template(AGENTS_ONLY) + asg(), 0),
    "cloud-init config": (AMI + group() + template("#cloud-config\npackages: [httpd]") + asg(), 0),
    "group not attached": (AMI + group() + template(WITH_INDEX), 0),
}


@pytest.mark.parametrize("name", CASES)
def test_cases(name: str) -> None:
    text, expected = CASES[name]
    assert len(findings(RULE, {"main.tf": text})) == expected


def test_no_web_server_is_high_when_the_asg_replaces_instances() -> None:
    (replaced,) = findings(RULE, {"main.tf": AMI + group("/") + template(AGENTS_ONLY) + asg()})
    (kept,) = findings(RULE, {"main.tf": AMI + group("/") + template(AGENTS_ONLY) + asg("EC2")})
    assert replaced.severity is Severity.HIGH
    assert kept.severity is Severity.MEDIUM
    assert "starts no web server (it starts only docker)" in kept.message


def test_missing_file_message_names_the_path_and_the_files() -> None:
    (finding,) = findings(RULE, {"main.tf": AMI + group() + template(WITH_INDEX) + asg()})
    assert finding.address == "aws_lb_target_group.web"
    assert '"/health"' in finding.message
    assert "only /index.html under the document root" in finding.message


def test_instances_attached_to_the_group() -> None:
    instance = (
        'resource "aws_instance" "web" {\n  ami = data.aws_ami.al2023.id\n'
        f"  user_data = <<-EOF\n{WITH_INDEX}\n  EOF\n}}\n"
        'resource "aws_lb_target_group_attachment" "web" {\n'
        "  target_group_arn = aws_lb_target_group.web.arn\n"
        "  target_id = aws_instance.web.id\n}\n"
    )
    (finding,) = findings(RULE, {"main.tf": AMI + group() + instance})
    assert "aws_instance.web" in finding.message


def test_user_data_from_a_file() -> None:
    text = (
        AMI
        + group()
        + asg()
        + (
            'resource "aws_launch_template" "web" {\n  image_id = data.aws_ami.al2023.id\n'
            '  user_data = filebase64("${path.module}/user_data.sh")\n}\n'
        )
    )
    assert len(findings(RULE, {"main.tf": text, "user_data.sh": WITH_INDEX})) == 1
    assert findings(RULE, {"main.tf": text, "user_data.sh": WITH_HEALTH}) == []


def test_read_script() -> None:
    script = read_script(WITH_HEALTH)
    assert script.servers == ["httpd"]
    assert script.files == {"/index.html", "/health"}
    assert serves(script, "/health") is True
    assert serves(read_script(WITH_INDEX), "/status") is False
    assert serves(read_script("#!/bin/bash\nnohup python3 app.py &\n"), "/x") is None
