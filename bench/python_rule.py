"""The same rule as a team would write it in Python with boto3, for the cold-start benchmark.

One change event: DescribeEndpointConfig, decide, PutEvaluations. It polls the Lambda Runtime API named by
AWS_LAMBDA_RUNTIME_API the way a Lambda runtime does, and talks to AWS_ENDPOINT_URL (this boto3 predates
the SDK reading that variable itself).
"""
import datetime
import http.client
import json
import os
import sys

import boto3

ENDPOINT = os.environ.get("AWS_ENDPOINT_URL")
sagemaker = boto3.client("sagemaker", endpoint_url=ENDPOINT)
config = boto3.client("config", endpoint_url=ENDPOINT)


def handle(event):
    item = json.loads(event["invokingEvent"])["configurationItem"]
    allowed = [k.strip() for k in json.loads(event.get("ruleParameters") or "{}").get("kmsKeyArns", "").split(",")
               if k.strip()]
    key = sagemaker.describe_endpoint_config(EndpointConfigName=item["resourceName"]).get("KmsKeyId")
    if not key:
        compliance, annotation = "NON_COMPLIANT", "No KmsKeyId: storage volumes use an AWS-owned key."
    elif allowed and key not in allowed:
        compliance, annotation = "NON_COMPLIANT", "KmsKeyId %s is not listed in kmsKeyArns." % key
    else:
        compliance, annotation = "COMPLIANT", "KmsKeyId %s encrypts the storage volumes." % key
    captured = datetime.datetime.fromisoformat(item["configurationItemCaptureTime"].replace("Z", "+00:00"))
    config.put_evaluations(
        Evaluations=[{
            "ComplianceResourceType": item["resourceType"],
            "ComplianceResourceId": item["resourceId"],
            "ComplianceType": compliance,
            "Annotation": annotation,
            "OrderingTimestamp": captured,
        }],
        ResultToken=event["resultToken"],
        TestMode=event["resultToken"] == "TESTMODE")
    return "1 evaluation(s) reported"


def main():
    host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
    runtime = http.client.HTTPConnection(host, int(port))
    first = True
    while True:
        runtime.request("GET", "/2018-06-01/runtime/invocation/next")
        response = runtime.getresponse()
        event = json.loads(response.read())
        request_id = response.getheader("Lambda-Runtime-Aws-Request-Id")
        try:
            path, body = "response", json.dumps(handle(event))
        except Exception as e:  # reported to the runtime API, as Lambda's own runtime does
            path, body = "error", json.dumps({"errorMessage": str(e), "errorType": type(e).__name__})
        if first:
            print("modules=%d" % len(sys.modules), file=sys.stderr, flush=True)
            first = False
        runtime.request("POST", "/2018-06-01/runtime/invocation/%s/%s" % (request_id, path), body)
        runtime.getresponse().read()


if __name__ == "__main__":
    main()
