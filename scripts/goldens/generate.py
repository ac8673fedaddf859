#!/usr/bin/env python3
"""Regenerates the wire goldens of Provisioner.Aws from botocore (the AWS CLI's serializer).

For every case below, botocore makes the call against a capturing HTTP server on 127.0.0.1; the request it
sent (method, path, query, X-Amz-Target, content type, body) is written to
tests/Provisioner.Aws.Tests/Goldens/<service>/<case>.json. The C# golden tests make the same call with our
clients (the same case names, the same parameters) and compare, modulo parameter order.

Usage: python3 scripts/goldens/generate.py   (needs botocore; no network beyond 127.0.0.1)
"""

import json
import os
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import botocore
import botocore.exceptions
import botocore.session
from botocore.config import Config

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "Provisioner.Aws.Tests", "Goldens")

ACCOUNT = "123456789012"
REGION = "us-east-1"
TG_ARN = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/prov-shop-dev-tg/0123456789abcdef"
LB_ARN = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/prov-shop-dev-alb/0123456789abcdef"
LISTENER_ARN = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:listener/app/prov-shop-dev-alb/0123456789abcdef/fedcba9876543210"
RULE_ARN = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:listener-rule/app/prov-shop-dev-alb/0123456789abcdef/fedcba9876543210/0011223344556677"
CERT_ARN = f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555"
TOPIC_ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:prov-shop-dev-alerts"
SM_ARN = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:provision"
EXEC_ARN = f"arn:aws:states:{REGION}:{ACCOUNT}:execution:provision:shop-dev-create-1"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/provisioner"
LOG_GROUP = "/provisioner/shop-dev/app"
LOG_GROUP_ARN = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{LOG_GROUP}"
ENV_TAGS = [("provisioner:environment", "shop-dev"), ("provisioner:managed", "true")]
DEFINITION = '{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}'
CERT_PEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n"
KEY_PEM = "-----BEGIN PRIVATE KEY-----\nMIIBfake\n-----END PRIVATE KEY-----\n"
CHAIN_PEM = "-----BEGIN CERTIFICATE-----\nMIIBchain\n-----END CERTIFICATE-----\n"


def kv(pairs, key="Key", value="Value"):
    return [{key: k, value: v} for k, v in pairs]


SCHEDULE = {
    "Name": "prov-shop-dev-log-export",
    "ScheduleExpression": "rate(1 day)",
    "FlexibleTimeWindow": {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 15},
    "Target": {
        "Arn": f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:log-export",
        "RoleArn": ROLE_ARN,
        "Input": '{"environmentId":"shop-dev"}',
        "RetryPolicy": {"MaximumRetryAttempts": 3},
    },
    "State": "ENABLED",
    "Description": "log export for shop-dev",
    "ClientToken": "prov-shop-dev-ScheduleLogExport",
}

# (case, botocore service, operation, parameters). Case names are the golden file names and the keys the
# C# tests (GoldenCases.cs) use for the same call.
CASES = [
    # ---- ELBv2 (Query) ----
    ("CreateTargetGroup", "elbv2", "CreateTargetGroup", {
        "Name": "prov-shop-dev-tg", "Protocol": "HTTP", "Port": 5000, "VpcId": "vpc-0abc",
        "HealthCheckPath": "/status", "HealthCheckIntervalSeconds": 30, "HealthCheckTimeoutSeconds": 5,
        "HealthyThresholdCount": 5, "UnhealthyThresholdCount": 2, "Matcher": {"HttpCode": "200"},
        "TargetType": "instance", "Tags": kv(ENV_TAGS)}),
    ("DeleteTargetGroup", "elbv2", "DeleteTargetGroup", {"TargetGroupArn": TG_ARN}),
    ("DescribeTargetGroups", "elbv2", "DescribeTargetGroups", {"Names": ["prov-shop-dev-tg"], "Marker": "m1", "PageSize": 10}),
    ("DescribeTargetGroups_ByLoadBalancer", "elbv2", "DescribeTargetGroups", {"LoadBalancerArn": LB_ARN}),
    ("ModifyTargetGroupAttributes", "elbv2", "ModifyTargetGroupAttributes", {
        "TargetGroupArn": TG_ARN,
        "Attributes": kv([("stickiness.enabled", "true"), ("stickiness.type", "lb_cookie"),
                          ("stickiness.lb_cookie.duration_seconds", "86400"), ("deregistration_delay.timeout_seconds", "30")])}),
    ("DescribeTargetGroupAttributes", "elbv2", "DescribeTargetGroupAttributes", {"TargetGroupArn": TG_ARN}),
    ("DescribeTargetHealth", "elbv2", "DescribeTargetHealth", {"TargetGroupArn": TG_ARN}),
    ("CreateLoadBalancer", "elbv2", "CreateLoadBalancer", {
        "Name": "prov-shop-dev-alb", "Subnets": ["subnet-a", "subnet-b"], "SecurityGroups": ["sg-alb"],
        "Scheme": "internet-facing", "Tags": kv(ENV_TAGS), "Type": "application", "IpAddressType": "ipv4"}),
    ("DeleteLoadBalancer", "elbv2", "DeleteLoadBalancer", {"LoadBalancerArn": LB_ARN}),
    ("DescribeLoadBalancers", "elbv2", "DescribeLoadBalancers", {"Names": ["prov-shop-dev-alb"]}),
    ("DescribeLoadBalancers_ByArn", "elbv2", "DescribeLoadBalancers", {"LoadBalancerArns": [LB_ARN], "Marker": "m1"}),
    ("CreateListener_Https", "elbv2", "CreateListener", {
        "LoadBalancerArn": LB_ARN, "Protocol": "HTTPS", "Port": 443, "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "Certificates": [{"CertificateArn": CERT_ARN}],
        "DefaultActions": [{"Type": "forward", "TargetGroupArn": TG_ARN}], "Tags": kv(ENV_TAGS)}),
    ("CreateListener_HttpRedirect", "elbv2", "CreateListener", {
        "LoadBalancerArn": LB_ARN, "Protocol": "HTTP", "Port": 80,
        "DefaultActions": [{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}]}),
    ("DeleteListener", "elbv2", "DeleteListener", {"ListenerArn": LISTENER_ARN}),
    ("DescribeListeners", "elbv2", "DescribeListeners", {"LoadBalancerArn": LB_ARN}),
    ("ModifyListener", "elbv2", "ModifyListener", {
        "ListenerArn": LISTENER_ARN,
        "DefaultActions": [{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "Host": "#{host}", "Path": "/#{path}", "Query": "#{query}", "StatusCode": "HTTP_301"}}]}),
    ("CreateRule_Asleep", "elbv2", "CreateRule", {
        "ListenerArn": LISTENER_ARN, "Priority": 1,
        "Conditions": [{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/*"]}}],
        "Actions": [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "503", "ContentType": "text/plain", "MessageBody": "asleep"}}],
        "Tags": kv(ENV_TAGS)}),
    ("DescribeRules", "elbv2", "DescribeRules", {"ListenerArn": LISTENER_ARN}),
    ("DeleteRule", "elbv2", "DeleteRule", {"RuleArn": RULE_ARN}),
    ("AddTags", "elbv2", "AddTags", {"ResourceArns": [LB_ARN, TG_ARN], "Tags": kv(ENV_TAGS)}),
    ("DescribeTags", "elbv2", "DescribeTags", {"ResourceArns": [LB_ARN, TG_ARN]}),
    # ---- Auto Scaling (Query) ----
    ("CreateAutoScalingGroup", "autoscaling", "CreateAutoScalingGroup", {
        "AutoScalingGroupName": "prov-shop-dev-asg",
        "LaunchTemplate": {"LaunchTemplateId": "lt-0abc", "Version": "1"},
        "MinSize": 0, "MaxSize": 3, "DesiredCapacity": 1,
        "TargetGroupARNs": [TG_ARN], "HealthCheckType": "ELB", "HealthCheckGracePeriod": 300,
        "VPCZoneIdentifier": "subnet-a,subnet-b",
        "Tags": [{"Key": "provisioner:environment", "Value": "shop-dev", "PropagateAtLaunch": True},
                 {"Key": "provisioner:managed", "Value": "true", "PropagateAtLaunch": False}],
        "DefaultInstanceWarmup": 300}),
    ("UpdateAutoScalingGroup", "autoscaling", "UpdateAutoScalingGroup", {
        "AutoScalingGroupName": "prov-shop-dev-asg", "MinSize": 0, "MaxSize": 0, "DesiredCapacity": 0}),
    ("DeleteAutoScalingGroup", "autoscaling", "DeleteAutoScalingGroup", {"AutoScalingGroupName": "prov-shop-dev-asg", "ForceDelete": True}),
    ("DescribeAutoScalingGroups", "autoscaling", "DescribeAutoScalingGroups", {"AutoScalingGroupNames": ["prov-shop-dev-asg"]}),
    ("DescribeAutoScalingGroups_ByTag", "autoscaling", "DescribeAutoScalingGroups", {
        "Filters": [{"Name": "tag:provisioner:environment", "Values": ["shop-dev"]}], "NextToken": "t1", "MaxRecords": 50}),
    ("PutScalingPolicy", "autoscaling", "PutScalingPolicy", {
        "AutoScalingGroupName": "prov-shop-dev-asg", "PolicyName": "prov-shop-dev-cpu-target", "PolicyType": "TargetTrackingScaling",
        "EstimatedInstanceWarmup": 300,
        "TargetTrackingConfiguration": {"PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"}, "TargetValue": 50.0}}),
    ("DescribePolicies", "autoscaling", "DescribePolicies", {"AutoScalingGroupName": "prov-shop-dev-asg", "PolicyNames": ["prov-shop-dev-cpu-target"]}),
    ("DeletePolicy", "autoscaling", "DeletePolicy", {"AutoScalingGroupName": "prov-shop-dev-asg", "PolicyName": "prov-shop-dev-cpu-target"}),
    ("PutNotificationConfiguration", "autoscaling", "PutNotificationConfiguration", {
        "AutoScalingGroupName": "prov-shop-dev-asg", "TopicARN": TOPIC_ARN,
        "NotificationTypes": ["autoscaling:EC2_INSTANCE_LAUNCH", "autoscaling:EC2_INSTANCE_LAUNCH_ERROR",
                              "autoscaling:EC2_INSTANCE_TERMINATE", "autoscaling:EC2_INSTANCE_TERMINATE_ERROR"]}),
    ("DescribeScalingActivities", "autoscaling", "DescribeScalingActivities", {"AutoScalingGroupName": "prov-shop-dev-asg", "MaxRecords": 20}),
    # ---- CloudWatch (Query) ----
    ("PutMetricAlarm", "cloudwatch", "PutMetricAlarm", {
        "AlarmName": "prov-shop-dev-cpu-high", "AlarmDescription": "CPU above 60 %", "ActionsEnabled": True,
        "AlarmActions": [TOPIC_ARN], "OKActions": [TOPIC_ARN],
        "MetricName": "CPUUtilization", "Namespace": "AWS/EC2", "Statistic": "Average",
        "Dimensions": [{"Name": "AutoScalingGroupName", "Value": "prov-shop-dev-asg"}],
        "Period": 300, "EvaluationPeriods": 2, "DatapointsToAlarm": 2, "Threshold": 60.0,
        "ComparisonOperator": "GreaterThanThreshold", "TreatMissingData": "notBreaching", "Tags": kv(ENV_TAGS)}),
    ("PutMetricAlarm_FractionalThreshold", "cloudwatch", "PutMetricAlarm", {
        "AlarmName": "prov-shop-dev-alb-5xx", "MetricName": "HTTPCode_ELB_5XX_Count", "Namespace": "AWS/ApplicationELB",
        "Statistic": "Sum", "Dimensions": [{"Name": "LoadBalancer", "Value": "app/prov-shop-dev-alb/0123456789abcdef"}],
        "Period": 60, "EvaluationPeriods": 5, "Threshold": 2.5, "ComparisonOperator": "GreaterThanOrEqualToThreshold"}),
    ("DescribeAlarms", "cloudwatch", "DescribeAlarms", {"AlarmNamePrefix": "prov-shop-dev-", "MaxRecords": 100, "NextToken": "t1"}),
    ("DescribeAlarms_ByName", "cloudwatch", "DescribeAlarms", {"AlarmNames": ["prov-shop-dev-cpu-high", "prov-shop-dev-alb-5xx"]}),
    ("DeleteAlarms", "cloudwatch", "DeleteAlarms", {"AlarmNames": ["prov-shop-dev-cpu-high", "prov-shop-dev-unhealthy-hosts", "prov-shop-dev-alb-5xx"]}),
    ("PutDashboard", "cloudwatch", "PutDashboard", {"DashboardName": "prov-shop-dev", "DashboardBody": '{"widgets":[{"type":"text","properties":{"markdown":"a & b = c"}}]}'}),
    ("DeleteDashboards", "cloudwatch", "DeleteDashboards", {"DashboardNames": ["prov-shop-dev"]}),
    ("DisableAlarmActions", "cloudwatch", "DisableAlarmActions", {"AlarmNames": ["prov-shop-dev-cpu-high", "prov-shop-dev-unhealthy-hosts", "prov-shop-dev-alb-5xx"]}),
    ("EnableAlarmActions", "cloudwatch", "EnableAlarmActions", {"AlarmNames": ["prov-shop-dev-cpu-high", "prov-shop-dev-unhealthy-hosts", "prov-shop-dev-alb-5xx"]}),
    # ---- CloudWatch Logs (JSON 1.1) ----
    ("CreateLogGroup", "logs", "CreateLogGroup", {"logGroupName": LOG_GROUP, "tags": dict(ENV_TAGS)}),
    ("DeleteLogGroup", "logs", "DeleteLogGroup", {"logGroupName": LOG_GROUP}),
    ("DescribeLogGroups", "logs", "DescribeLogGroups", {"logGroupNamePrefix": "/provisioner/", "nextToken": "t1", "limit": 50}),
    ("PutRetentionPolicy", "logs", "PutRetentionPolicy", {"logGroupName": LOG_GROUP, "retentionInDays": 14}),
    ("CreateExportTask", "logs", "CreateExportTask", {
        "taskName": "prov-shop-dev-export", "logGroupName": LOG_GROUP, "fromTime": 1767225600000, "to": 1767312000000,
        "destination": "prov-log-exports", "destinationPrefix": "shop-dev"}),
    ("DescribeExportTasks", "logs", "DescribeExportTasks", {"taskId": "task-1"}),
    ("DescribeExportTasks_ByStatus", "logs", "DescribeExportTasks", {"statusCode": "RUNNING", "limit": 5, "nextToken": "t1"}),
    ("CancelExportTask", "logs", "CancelExportTask", {"taskId": "task-1"}),
    ("TagResource_Logs", "logs", "TagResource", {"resourceArn": LOG_GROUP_ARN, "tags": dict(ENV_TAGS)}),
    ("ListTagsForResource_Logs", "logs", "ListTagsForResource", {"resourceArn": LOG_GROUP_ARN}),
    # ---- ACM (JSON 1.1) ----
    ("ImportCertificate", "acm", "ImportCertificate", {
        "Certificate": CERT_PEM.encode(), "PrivateKey": KEY_PEM.encode(), "CertificateChain": CHAIN_PEM.encode(),
        "Tags": kv([("Name", "prov-shop-dev-cert")] + ENV_TAGS)}),
    ("ImportCertificate_Reimport", "acm", "ImportCertificate", {
        "CertificateArn": CERT_ARN, "Certificate": CERT_PEM.encode(), "PrivateKey": KEY_PEM.encode()}),
    ("DescribeCertificate", "acm", "DescribeCertificate", {"CertificateArn": CERT_ARN}),
    ("DeleteCertificate", "acm", "DeleteCertificate", {"CertificateArn": CERT_ARN}),
    ("ListCertificates", "acm", "ListCertificates", {"CertificateStatuses": ["ISSUED"], "NextToken": "t1", "MaxItems": 100}),
    ("ListTagsForCertificate", "acm", "ListTagsForCertificate", {"CertificateArn": CERT_ARN}),
    # ---- SNS (Query) ----
    ("CreateTopic", "sns", "CreateTopic", {"Name": "prov-shop-dev-alerts", "Tags": kv(ENV_TAGS)}),
    ("DeleteTopic", "sns", "DeleteTopic", {"TopicArn": TOPIC_ARN}),
    ("Subscribe", "sns", "Subscribe", {"TopicArn": TOPIC_ARN, "Protocol": "email", "Endpoint": "ops+alerts@example.test", "ReturnSubscriptionArn": True}),
    ("ListSubscriptionsByTopic", "sns", "ListSubscriptionsByTopic", {"TopicArn": TOPIC_ARN, "NextToken": "t1"}),
    ("TagResource_Sns", "sns", "TagResource", {"ResourceArn": TOPIC_ARN, "Tags": kv(ENV_TAGS)}),
    # ---- Scheduler (REST-JSON) ----
    ("CreateSchedule", "scheduler", "CreateSchedule", dict(SCHEDULE, ActionAfterCompletion="NONE", ScheduleExpressionTimezone="UTC")),
    ("GetSchedule", "scheduler", "GetSchedule", {"Name": "prov-shop-dev-log-export", "GroupName": "default"}),
    ("UpdateSchedule", "scheduler", "UpdateSchedule", dict(SCHEDULE, ScheduleExpression="rate(12 hours)", FlexibleTimeWindow={"Mode": "OFF"}, GroupName="default")),
    ("DeleteSchedule", "scheduler", "DeleteSchedule", {"Name": "prov-shop-dev-log-export", "GroupName": "default", "ClientToken": "prov-shop-dev-undo"}),
    ("ListSchedules", "scheduler", "ListSchedules", {"NamePrefix": "prov-", "GroupName": "default", "State": "ENABLED", "MaxResults": 50, "NextToken": "t/1+2"}),
    # ---- Step Functions (JSON 1.0) ----
    ("CreateStateMachine", "stepfunctions", "CreateStateMachine", {
        "name": "provision", "definition": DEFINITION, "roleArn": ROLE_ARN, "type": "STANDARD", "tags": kv(ENV_TAGS, "key", "value")}),
    ("UpdateStateMachine", "stepfunctions", "UpdateStateMachine", {"stateMachineArn": SM_ARN, "definition": DEFINITION, "roleArn": ROLE_ARN}),
    ("DescribeStateMachine", "stepfunctions", "DescribeStateMachine", {"stateMachineArn": SM_ARN}),
    ("StartExecution", "stepfunctions", "StartExecution", {"stateMachineArn": SM_ARN, "name": "shop-dev-create-1", "input": '{"environmentId":"shop-dev","ü":"\\u00fc"}'}),
    ("DescribeExecution", "stepfunctions", "DescribeExecution", {"executionArn": EXEC_ARN}),
    ("ListExecutions", "stepfunctions", "ListExecutions", {"stateMachineArn": SM_ARN, "statusFilter": "FAILED", "maxResults": 100, "nextToken": "t1"}),
    ("GetExecutionHistory", "stepfunctions", "GetExecutionHistory", {"executionArn": EXEC_ARN, "maxResults": 1000, "reverseOrder": True, "nextToken": "t1"}),
    ("StopExecution", "stepfunctions", "StopExecution", {"executionArn": EXEC_ARN, "error": "Provisioner.Cancelled", "cause": "user asked"}),
    ("RedriveExecution", "stepfunctions", "RedriveExecution", {"executionArn": EXEC_ARN, "clientToken": "shop-dev-retry-1"}),
]


class Capture(BaseHTTPRequestHandler):
    captured = []

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        Capture.captured.append({"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body})
        # An error answer in the request's protocol: botocore must not retry it nor need a real result.
        if "x-www-form-urlencoded" in (self.headers.get("Content-Type") or ""):
            payload = (b"<ErrorResponse><Error><Type>Sender</Type><Code>GoldenCapture</Code>"
                       b"<Message>captured</Message></Error><RequestId>golden</RequestId></ErrorResponse>")
            content_type = "text/xml"
        else:
            payload = b'{"__type":"GoldenCapture","message":"captured"}'
            content_type = "application/json"
        self.send_response(400)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = _handle

    def log_message(self, *args):
        pass


def force_query_protocol(session, service):
    """CloudWatch lists smithy-rpc-v2-cbor, json and query; our client speaks Query, so botocore must too."""
    loader = session.get_component("data_loader")
    original = loader.load_service_model

    def load(name, type_name, api_version=None):
        model = original(name, type_name, api_version)
        if name == service and type_name == "service-2":
            model = dict(model)
            model["metadata"] = dict(model["metadata"], protocol="query", protocols=["query"])
        return model

    loader.load_service_model = load


def normalized(request):
    split = urllib.parse.urlsplit(request["path"])
    headers = {k.lower(): v for k, v in request["headers"].items()}
    content_type = (headers.get("content-type") or "").split(";")[0].strip() or None
    raw = request["body"].decode("utf-8")
    if content_type == "application/x-www-form-urlencoded":
        body = {"form": sorted(f"{k}={v}" for k, v in urllib.parse.parse_qsl(raw, keep_blank_values=True))}
    elif raw:
        body = {"json": json.loads(raw)}
    else:
        body = {}
    # "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/monitoring/aws4_request, ..." -> region/service/aws4_request
    credential = headers.get("authorization", "").split("Credential=")[1].split(",")[0]
    return {
        "signingScope": "/".join(credential.split("/")[2:]),
        "method": request["method"],
        "path": split.path,
        "query": sorted(f"{k}={v}" for k, v in urllib.parse.parse_qsl(split.query, keep_blank_values=True)),
        "target": headers.get("x-amz-target"),
        "contentType": content_type,
        **body,
    }


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Capture)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    session = botocore.session.get_session()
    session.set_credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    force_query_protocol(session, "cloudwatch")
    config = Config(retries={"max_attempts": 1, "mode": "standard"}, parameter_validation=True)
    clients = {}
    written = 0
    for case, service, operation, params in CASES:
        client = clients.get(service) or clients.setdefault(
            service, session.create_client(service, region_name=REGION, endpoint_url=endpoint, config=config))
        Capture.captured.clear()
        method = getattr(client, botocore.xform_name(operation))
        try:
            method(**params)
        except botocore.exceptions.ClientError:
            pass
        if len(Capture.captured) != 1:
            sys.exit(f"{case}: expected one request, captured {len(Capture.captured)}")
        golden = {
            "case": case,
            "service": service,
            "operation": operation,
            "botocore": botocore.__version__,
            "parameters": json.loads(json.dumps(params, default=lambda b: b.decode("utf-8"))),
            "request": normalized(Capture.captured[0]),
        }
        folder = os.path.join(OUT, service)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, case + ".json"), "w", encoding="utf-8") as f:
            json.dump(golden, f, indent=2, ensure_ascii=False, sort_keys=False)
            f.write("\n")
        written += 1
    server.shutdown()
    print(f"wrote {written} goldens to {os.path.relpath(OUT, ROOT)} (botocore {botocore.__version__})")


if __name__ == "__main__":
    main()
