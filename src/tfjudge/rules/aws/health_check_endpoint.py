"""## What it does
For every HTTP(S) target group of instances (`aws_lb_target_group` / `aws_alb_target_group`,
`target_type = "instance"`), follows the instances registered in it — the Auto Scaling
groups that name it in `target_group_arns` (or an `aws_autoscaling_attachment`) with their
launch template or launch configuration, and the `aws_instance`s of
`aws_lb_target_group_attachment`s — and reads their `user_data` (a heredoc, `file()`,
`templatefile()`, `base64encode()` of those). It fires when that script, on a stock AMI,
cannot answer the health check's `path`:

- it starts no web server at all (it installs agents or Docker, but runs nothing that
  listens): high behind an Auto Scaling group with `health_check_type = "ELB"`, which
  replaces the instances in a loop, medium otherwise (the application may be deployed by
  other means later), or
- it starts only a stock web server (Apache, nginx) and the path is none of the files it
  writes under the document root.

Silent when it cannot know: the AMI is not a stock OS image (a custom or literal AMI may
serve anything), the user_data cannot be evaluated, the script starts a program, container
or service it does not know, deploys content in bulk (`aws s3 sync`, `git clone`, `unzip`
into the document root) or writes a web server configuration, or the path appears in the
script at all (an application route, a file written elsewhere).

## Why is this bad?
Every target stays unhealthy: the load balancer answers 503, and an Auto Scaling group with
`health_check_type = "ELB"` terminates and replaces its instances in a loop. With
`wait_for_capacity` the apply itself times out waiting for healthy instances.

Source: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
and https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-health-checks.html.

## Example
```hcl
resource "aws_lb_target_group" "web" {
  port     = 80
  protocol = "HTTP"
  vpc_id   = var.vpc_id
  health_check {
    path = "/health"
  }
}

resource "aws_launch_template" "web" {
  image_id      = data.aws_ami.al2023.id
  instance_type = "t3.micro"
  user_data = base64encode(<<-EOF
    #!/bin/bash
    dnf install -y httpd
    echo "hello" > /var/www/html/index.html
    systemctl enable --now httpd
  EOF
  )
}
```

## Use instead
```hcl
resource "aws_launch_template" "web" {
  image_id      = data.aws_ami.al2023.id
  instance_type = "t3.micro"
  user_data = base64encode(<<-EOF
    #!/bin/bash
    dnf install -y httpd
    echo "hello" > /var/www/html/index.html
    echo "OK" > /var/www/html/health
    systemctl enable --now httpd
  EOF
  )
}
```
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from dataclasses import field

from tfjudge.evaluate import Evaluator, PartialString
from tfjudge.findings import Category, Finding, Severity
from tfjudge.parse.hcl.ast import Block, Expr, FunctionCall, TupleExpr
from tfjudge.patterns import lazy_pattern
from tfjudge.records import record
from tfjudge.rules.aws._common import address, resolved_blocks, resources
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import rule

TARGET_GROUPS = ("aws_lb_target_group", "aws_alb_target_group")
STOCK_OWNERS = {"amazon", "137112412989", "099720109477", "136693071363", "309956199498"}
STOCK_NAMES = lazy_pattern(
    r"^(amzn2?-ami|al2023-ami|amzn-ami|ubuntu/images|debian-|RHEL-|rhel-|centos|"
    r"suse-sles|Windows_Server)",
)
STOCK_PARAMETERS = ("/aws/service/ami-amazon-linux-latest/", "/aws/service/canonical/")
DOCUMENT_ROOTS = ("/var/www/html", "/usr/share/nginx/html", "/var/www")
WEB_SERVERS = lazy_pattern(r"\b(httpd|apache2|nginx|lighttpd)\b")
# services that run on instances without answering HTTP on the application's port
QUIET_SERVICES = {
    "amazon-ssm-agent",
    "amazon-cloudwatch-agent",
    "awslogsd",
    "awslogs",
    "docker",
    "containerd",
    "chronyd",
    "crond",
    "cron",
    "sshd",
    "rsyslog",
    "auditd",
    "fail2ban",
    "firewalld",
    "amazon-efs-utils",
    "nfs-server",
    "postfix",
}
_PLACEHOLDER = "__tf_value__"
_LAUNCHERS = lazy_pattern(
    r"\b(docker(-compose)?\s+(run|compose\s+up|up|start)|docker-compose\s+up|podman\s+run|"
    r"nohup|pm2|gunicorn|uvicorn|uwsgi|flask\s+run|java\s+-jar|npm\s+(start|run)|"
    r"node\s+\S|python3?\s+(-m\s+\S+|\S+\.py)|ruby\s|php\s+-S|http\.server|"
    r"SimpleHTTPServer|busybox\s+httpd|socat|nc\s+-l|caddy|tomcat|supervisor|"
    r"codedeploy|ECS_CLUSTER|eks/bootstrap|ansible|chef-client|puppet|salt-call|"
    r"cfn-init|aws\s+ssm\s+send-command)"
)
_SERVICE = lazy_pattern(
    r"\bsystemctl\s+(?:--now\s+)?(?:start|restart|enable\s+--now|enable)\s+([\w@.-]+)"
    r"|\bservice\s+([\w.-]+)\s+(?:start|restart)"
)
_BULK = lazy_pattern(
    r"\b(aws\s+s3\s+(sync|cp\s.*--recursive)|git\s+clone|unzip|tar\s+-?[a-z]*x|cp\s+-[a-zA-Z]*r|"
    r"rsync|wget\s+.*-P|curl\s+.*-o)\b.*(/var/www|/usr/share/nginx)"
)
_CONFIG = lazy_pattern(r"/etc/(nginx|httpd|apache2)/|\.htaccess")
_WRITTEN = lazy_pattern(
    r"(?:>>?|\btee\s+(?:-a\s+)?|\btouch\s+|\bmkdir\s+(?:-p\s+)?|\bcp\s+\S+\s+|\bmv\s+\S+\s+)"
    r"\s*['\"]?((?:/var/www/html|/usr/share/nginx/html|/var/www)(?:/[\w.\-/]*)?)"
)


@record
class Script:
    """What a user_data script does about HTTP."""

    text: str
    servers: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # services it starts that serve nothing
    unknown: bool = False  # it runs something that may serve anything
    files: set[str] = field(default_factory=set)  # paths served from the document root


def read_script(text: str) -> Script:
    script = Script(text)
    if text.lstrip().startswith(("#cloud-config", "<powershell>", "<script>", "#ps1")):
        script.unknown = True
        return script
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped == _PLACEHOLDER or stripped.startswith(_PLACEHOLDER):
            script.unknown = True  # an interpolated command or script
    if _LAUNCHERS.search(text) or _BULK.search(text) or _CONFIG.search(text):
        script.unknown = True
    script.servers = sorted(set(WEB_SERVERS.findall(text)))
    for match in _SERVICE.finditer(text):
        name = (match.group(1) or match.group(2) or "").removesuffix(".service")
        if WEB_SERVERS.fullmatch(name):
            continue
        if name in QUIET_SERVICES:
            script.others.append(name)
        else:
            script.unknown = True
    for match in _WRITTEN.finditer(text):
        written = match.group(1)
        for root in DOCUMENT_ROOTS:
            if written.startswith(root + "/"):
                script.files.add(written[len(root) :])
                break
    return script


def serves(script: Script, path: str) -> bool | None:
    """Whether the instance answers `path`; None when it cannot be known."""
    if script.unknown:
        return None
    if not script.servers:
        return False
    if path in ("", "/"):
        return True
    bare = path.rstrip("/")
    if re.search(re.escape(bare) + r"(?![\w-])", script.text):
        return True  # named somewhere: a file, a route, a location
    return any(f.rstrip("/") == bare or f.startswith(bare + "/") for f in script.files)


# -- where the instances come from ----------------------------------------------------------


def _sources(ctx: RuleContext, group: Block) -> list[tuple[Block, bool]]:
    """(launch template, launch configuration or instance, whether unhealthy targets are
    replaced: an Auto Scaling group with ELB health checks) behind a target group."""
    evaluator = ctx.get(Evaluator)
    found: list[tuple[Block, bool]] = []
    attachments = resources(ctx, "aws_autoscaling_attachment")
    for asg in resources(ctx, "aws_autoscaling_group"):
        named = _names(ctx, asg.body.get("target_group_arns"), group) or any(
            _names(ctx, a.body.get("lb_target_group_arn"), group)
            and _names(ctx, a.body.get("autoscaling_group_name"), asg)
            for a in attachments
        )
        if named:
            replaced = evaluator.attribute(asg, "health_check_type") == "ELB"
            found.extend((source, replaced) for source in _launch_sources(ctx, asg))
    for attachment in resources(ctx, "aws_lb_target_group_attachment"):
        if _names(ctx, attachment.body.get("target_group_arn"), group):
            instances = resolved_blocks(ctx, attachment.body.get("target_id"), "aws_instance")
            found.extend((instance, False) for instance in instances)
    return found


def _names(ctx: RuleContext, expr: Expr | None, block: Block) -> bool:
    if expr is None:
        return False
    items = expr.items if isinstance(expr, TupleExpr) else (expr,)
    return any(any(b is block for b in resolved_blocks(ctx, item)) for item in items)


def _launch_sources(ctx: RuleContext, asg: Block) -> list[Block]:
    found: list[Block] = []
    for spec in asg.body.blocks_of("launch_template"):
        for name in ("id", "name"):
            found.extend(resolved_blocks(ctx, spec.body.get(name), "aws_launch_template"))
    found.extend(
        resolved_blocks(ctx, asg.body.get("launch_configuration"), "aws_launch_configuration")
    )
    return found


def _stock_image(ctx: RuleContext, source: Block) -> bool:
    evaluator = ctx.get(Evaluator)
    expr = source.body.get("ami" if source.labels[0] == "aws_instance" else "image_id")
    for image in resolved_blocks(ctx, expr):
        kind = image.labels[0] if image.labels else ""
        if kind == "aws_ami" and image.type == "data":
            owners = evaluator.attribute(image, "owners")
            if not isinstance(owners, list) or not set(owners) & STOCK_OWNERS:
                return False
            names = [
                value
                for nested in image.body.blocks_of("filter")
                if evaluator.attribute(nested, "name") == "name"
                for value in (evaluator.attribute(nested, "values") or [])
            ]
            return bool(names) and all(isinstance(n, str) and STOCK_NAMES.match(n) for n in names)
        if kind == "aws_ssm_parameter" and image.type == "data":
            name = evaluator.attribute(image, "name")
            return isinstance(name, str) and name.startswith(STOCK_PARAMETERS)
    return False


def user_data_text(ctx: RuleContext, source: Block) -> str | None:
    """The script a launch template, launch configuration or instance runs; None if unknown,
    "" when it has none."""
    evaluator = ctx.get(Evaluator)
    attribute = source.body.attributes.get("user_data") or source.body.attributes.get(
        "user_data_base64"
    )
    if attribute is None:
        return ""
    expr = attribute.expr
    while isinstance(expr, FunctionCall) and expr.name in ("base64encode", "base64gzip"):
        if expr.name == "base64gzip" or not expr.args:
            return None
        expr = expr.args[0]
    if isinstance(expr, FunctionCall) and expr.name == "filebase64" and expr.args:
        path = evaluator.evaluate(expr.args[0])
        shown = evaluator.files.find(path) if isinstance(path, str) else None
        return shown.text if shown else None
    value = evaluator.evaluate(expr)
    if isinstance(value, PartialString):
        return value.render(_PLACEHOLDER)
    if not isinstance(value, str):
        return None
    if attribute.name == "user_data_base64" or expr is not attribute.expr:
        return value
    if re.fullmatch(r"[A-Za-z0-9+/=\s]{16,}", value) and "\n" not in value.strip():
        try:
            return base64.b64decode(value).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
    return value


def _health_path(ctx: RuleContext, group: Block) -> str | None:
    evaluator = ctx.get(Evaluator)
    if evaluator.attribute(group, "target_type") not in (None, "instance"):
        return None
    check = group.body.first_block("health_check")
    protocol = evaluator.attribute(group, "protocol")
    if check is not None:
        if evaluator.attribute(check, "enabled") is False:
            return None
        protocol = evaluator.attribute(check, "protocol") or protocol
    if protocol not in ("HTTP", "HTTPS"):
        return None
    path = evaluator.attribute(check, "path") if check is not None else "/"
    if path is None:
        return "/"
    return path.partition("?")[0] if isinstance(path, str) else None


@rule(
    "aws.health-check-endpoint",
    Severity.HIGH,
    Category.RELIABILITY,
    "Health check path the instances never serve",
    impact="Every target stays unhealthy: 503s, and ELB health checks replace instances in a loop.",
    fix="Serve the path from user_data (a file under the document root or an app route), "
    "or point the health check at a path the instances serve.",
    applies_to=("aws_alb_target_group", "aws_lb_target_group"),
)
def health_check_endpoint(ctx: RuleContext) -> Iterator[Finding]:
    for group in resources(ctx, *TARGET_GROUPS):
        path = _health_path(ctx, group)
        if path is None:
            continue
        for source, replaced in _sources(ctx, group):
            if not _stock_image(ctx, source):
                continue
            text = user_data_text(ctx, source)
            if text is None:
                continue
            script = read_script(text)
            if serves(script, path) is not False:
                continue
            yield ctx.finding(
                f'the health check requests "{path}", but the user_data of {address(source)} '
                + _reason(script, replaced),
                group.body.first_block("health_check") or group,
                block=group,
                # with no web server at all the application may be deployed by other means;
                # an Auto Scaling group with ELB health checks replaces instances before that
                severity=None if script.servers or replaced else Severity.MEDIUM,
            )
            break


def _reason(script: Script, replaced: bool) -> str:
    outcome = (
        "every target fails the check and the Auto Scaling group replaces it in a loop"
        if replaced
        else "every target stays unhealthy"
    )
    if not script.text.strip():
        return f"is empty and the stock AMI serves nothing: {outcome}"
    if not script.servers:
        others = sorted(set(script.others))
        started = f" (it starts only {', '.join(others)})" if others else ""
        return f"starts no web server{started}: {outcome}"
    files = ", ".join(sorted(script.files))
    served = f"only {files}" if files else "no file"
    return (
        f"starts {', '.join(script.servers)} with {served} under the document root: "
        "the check gets 404 and every target stays unhealthy"
    )
