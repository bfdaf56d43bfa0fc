"""StaticSite's cdk-nag acknowledgements, each with its reason (its buckets, its
distribution, and CDK's BucketDeployment that copies its files): a part of ``_nag`` (the
file a security review reads with this one), kept apart for its size, as ``_nag_streams``
is."""

from __future__ import annotations

from constructs_lib._nag_equivalents import in_packs

SITE_LOG_BUCKET_NO_ACCESS_LOGS = (
    "AwsSolutions-S1",
    "This is the access-log bucket: it receives the site bucket's S3 access logs and the "
    "distribution's logs. Logging its own access into itself would log every log delivery "
    "(a feedback loop), and into another bucket only moves the problem: the chain has to "
    "end at a bucket without access logs. Audit it with CloudTrail data events instead.",
)
# in cdk-nag's other packs only (no twin in the two checked)
SITE_LOG_BUCKET_SSE_S3 = tuple(
    (
        rule,
        "This is the access-log bucket: S3 server access logs, which it receives, are "
        "delivered only to buckets encrypted with SSE-S3 (AES256), never SSE-KMS.",
    )
    for rule in in_packs(
        "S3DefaultEncryptionKMS", "HIPAA.Security", "NIST.800.53.R5", "PCI.DSS.321"
    )
)
SITE_NO_GEO_RESTRICTION = (
    "AwsSolutions-CFR1",
    "A public website is served to every country by design; limiting countries is a "
    "business decision. Pass geo_restriction=GeoRestriction.allowlist(...) to make it.",
)
SITE_NO_WAF = (
    "AwsSolutions-CFR2",
    "A WAF web ACL costs money at idle ($5/month per ACL plus $1/month per rule), against "
    "the library's $0-at-idle default, and a static site from a private bucket runs no "
    "server code for WAF rules to protect. Pass web_acl_id= to attach one.",
)
SITE_NO_WAF_WITH_API = (
    "AwsSolutions-CFR2",
    "A WAF web ACL costs money at idle ($5/month per ACL plus $1/month per rule), against "
    "the library's $0-at-idle default. The site's files come from a private bucket; the "
    "ServerlessApi it serves under api_path keeps its own protections behind CloudFront: "
    "stage throttling, and auth on every route unless ApiAuth.none(reason=...) says "
    "otherwise. Pass web_acl_id= to attach one.",
)
SITE_DEFAULT_CERTIFICATE = (
    "AwsSolutions-CFR4",
    "The distribution uses the default *.cloudfront.net certificate, whose security policy "
    "CloudFront fixes (TLSv1) and which does not allow choosing TLSv1.2_2021. Pass "
    "domain_name= and certificate= to get the TLSv1.2_2021 minimum.",
)
_DEPLOYMENT = "CDK's BucketDeployment (aws_s3_deployment), which StaticSite uses to copy the files"
DEPLOYMENT_MANAGED_POLICY = (
    "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
    "AWSLambdaBasicExecutionRole]",
    f"{_DEPLOYMENT}: aws-cdk-lib creates its singleton function's role with the AWS-managed "
    "AWSLambdaBasicExecutionRole (writes to CloudWatch Logs only, no data access). The "
    "function and role are shared by every BucketDeployment of the stack with the same "
    "memory size, so StaticSite leaves that role to CDK instead of swapping in its own.",
)
DEPLOYMENT_WILDCARDS_REASON = (
    f"{_DEPLOYMENT}: aws-cdk-lib's grant code gives its role s3:GetObject*/GetBucket*/List* "
    "on the CDK asset bucket and read/write (s3:DeleteObject*, s3:Abort*, <bucket>/*) on the "
    "site's bucket, which it copies the files into and prunes; the function runs only "
    "during deploys and the props offer no narrower grants."
)
_RUNTIME_REASON = (
    f"{_DEPLOYMENT}: aws-cdk-lib pins its handler's Python runtime (it ships the AWS CLI "
    "layer built for it) and upgrades it with aws-cdk-lib releases; it is not configurable."
)
DEPLOYMENT_RUNTIME = ("AwsSolutions-L1", _RUNTIME_REASON)
DEPLOYMENT_LATEST_RUNTIME = ("Serverless-LambdaLatestVersion", _RUNTIME_REASON)
DEPLOYMENT_NO_DLQ = (
    "Serverless-LambdaDLQ",
    f"{_DEPLOYMENT}: a CloudFormation custom resource handler, invoked by CloudFormation, "
    "which reports failure by failing the deployment; there is nothing to dead-letter.",
)
DEPLOYMENT_NO_TRACING = (
    "Serverless-LambdaTracing",
    f"{_DEPLOYMENT}: a deploy-time custom resource created by aws-cdk-lib without a tracing "
    "option; its runs are recorded by CloudFormation events and its log group.",
)
# in cdk-nag's other packs only (they have no twin in the two checked: see acknowledge)
_DEPLOYMENT_OUTSIDE_VPC = (
    f"{_DEPLOYMENT}: StaticSite gives it no VPC. It runs only while CloudFormation deploys "
    "the site, reading the CDK asset bucket, writing the site's bucket and invalidating the "
    "distribution through CloudFront's API, which no VPC endpoint serves."
)
_DEPLOYMENT_UNRESERVED = (
    f"{_DEPLOYMENT}: invoked by CloudFormation only, once per deploy of the site's files; "
    "reserved concurrency would hold back the account's pool for a function idle between "
    "deploys."
)
DEPLOYMENT_IN_OTHER_PACKS = (
    *((rule, _DEPLOYMENT_OUTSIDE_VPC) for rule in in_packs("LambdaInsideVPC")),
    *(
        (rule, _DEPLOYMENT_UNRESERVED)
        for rule in in_packs("LambdaConcurrency", "HIPAA.Security", "NIST.800.53.R5")
    ),
)
