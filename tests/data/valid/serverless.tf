variable "environment_suffix" {
  type    = string
  default = "dev"
}

variable "log_retention_days" {
  type    = number
  default = 14
}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

locals {
  prefix     = "orders-${var.environment_suffix}"
  account_id = data.aws_caller_identity.current.account_id
}

resource "aws_kms_key" "data" {
  description             = "Encrypts the orders table and logs"
  deletion_window_in_days = 7
  enable_key_rotation     = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "RootAccess"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchLogs"
        Effect    = "Allow"
        Principal = { Service = "logs.${data.aws_region.current.name}.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnLike = {
            "kms:EncryptionContext:aws:logs:arn" = "arn:aws:logs:${data.aws_region.current.name}:${local.account_id}:*"
          }
        }
      }
    ]
  })
}

resource "aws_dynamodb_table" "orders" {
  name         = "${local.prefix}-orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "order_id"
  range_key    = "created_at"

  attribute {
    name = "order_id"
    type = "S"
  }

  attribute {
    name = "created_at"
    type = "N"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data.arn
  }

  point_in_time_recovery {
    enabled = true
  }
}

resource "aws_iam_role" "handler" {
  name = "${local.prefix}-handler"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Service": "lambda.amazonaws.com" },
      "Action": "sts:AssumeRole"
    }
  ]
}
EOF
}

resource "aws_iam_role_policy" "handler" {
  name = "${local.prefix}-handler"
  role = aws_iam_role.handler.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]
        Resource = aws_dynamodb_table.orders.arn
      },
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.handler.arn}:*"
      }
    ]
  })
}

resource "aws_cloudwatch_log_group" "handler" {
  name              = "/aws/lambda/${local.prefix}-handler"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.data.arn
}

data "archive_file" "handler" {
  type        = "zip"
  output_path = "${path.module}/handler.zip"

  source {
    filename = "index.py"
    content  = <<-PY
      import json
      import os

      import boto3

      TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


      def handler(event, context):
          body = json.loads(event.get("body") or "{}")
          TABLE.put_item(Item={"order_id": body["id"], "created_at": body["ts"]})
          return {"statusCode": 201, "body": json.dumps({"id": body["id"]})}
    PY
  }
}

resource "aws_lambda_function" "handler" {
  function_name    = "${local.prefix}-handler"
  role             = aws_iam_role.handler.arn
  handler          = "index.handler"
  runtime          = "python3.12"
  filename         = data.archive_file.handler.output_path
  source_code_hash = data.archive_file.handler.output_base64sha256
  timeout          = 10

  environment {
    variables = {
      TABLE_NAME = aws_dynamodb_table.orders.name
    }
  }

  depends_on = [aws_iam_role_policy.handler, aws_cloudwatch_log_group.handler]
}

resource "aws_sqs_queue" "dead_letters" {
  name                      = "${local.prefix}-dlq"
  message_retention_seconds = 1209600
  kms_master_key_id         = aws_kms_key.data.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "allowAll"
  })
}

output "function_name" {
  value = aws_lambda_function.handler.function_name
}

output "table_name" {
  value = aws_dynamodb_table.orders.name
}
