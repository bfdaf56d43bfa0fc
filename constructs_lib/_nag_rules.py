"""The rules of the two cdk-nag packs ``enable_checks`` runs, by name, so that
``acknowledge`` can tell a misspelt rule id (which cdk-nag silently ignores) from a real one.

Read from cdk-nag's own packs (``lib/packs/aws-solutions.js``: each rule's
``ruleSuffixOverride``; ``lib/packs/serverless.js``: each rule's name) of the versions in
:data:`RULES_FROM`, which hold the same rules. A newer cdk-nag may add rules: then a name
missing here is not an error (see ``_nag_rule_ids.py``).
"""

from __future__ import annotations

__all__ = ["MIN_REASON_LENGTH", "REASON_AT_SYNTH", "RETIRED", "RULES", "RULES_FROM"]

#: cdk-nag's rule for a suppression: a reason a reviewer can read (``acknowledge``, and the
#: reason of ``ApiAuth.none``, which becomes one).
MIN_REASON_LENGTH = 10
#: Why an acknowledgement's reason cannot be a deploy-time value (a token).
REASON_AT_SYNTH = (
    "cdk-nag writes it into its report and the template's metadata, where a security "
    "reviewer reads it"
)

#: The cdk-nag versions (by major) these lists were read from.
RULES_FROM = {2: (2, 38, 2), 3: (3, 0, 2)}

_AWS_SOLUTIONS = """
    AEC1 AEC3 AEC4 AEC5 AEC6 APIG1 APIG2 APIG3 APIG4 APIG6 AS1 AS2 AS3 ASC3 C91 CB4
    CB5 CFR1 CFR2 CFR3 CFR4 CFR5 CFR6 CFR7 COG1 COG2 COG4 COG7 COG8 DDB3 DDB4 DOC1
    DOC2 DOC3 DOC4 DOC5 EB1 EB3 EB4 EC23 EC26 EC27 EC28 EC29 ECR1 ECS2 ECS4 ECS7
    EFS1 EKS1 EKS2 ELB1 ELB2 ELB3 ELB4 ELB5 EMR2 EMR4 EMR5 EMR6 EVB1 GL1 GL3 IAM4
    IAM5 KDA3 KDF1 KDS1 KDS3 KMS5 L1 LEX4 MS1 MS3 MS4 MS7 MS8 MS10 MSK2 MSK3 MSK6 N1
    N2 N3 N4 N5 OS1 OS2 OS3 OS4 OS5 OS7 OS8 OS9 QS1 RDS2 RDS3 RDS6 RDS8 RDS10 RDS11
    RDS13 RDS14 RDS16 RS1 RS2 RS3 RS4 RS5 RS6 RS8 RS9 RS10 RS11 S1 S2 S5 S10 SF1 SF2
    SM1 SM2 SM3 SMG4 SNS3 SQS2 SQS3 SQS4 TS3 VPC3 VPC7
""".split()  # noqa: SIM905 (131 names: one line each would be 131 lines)

_SERVERLESS = """
    APIGWAccessLogging APIGWDefaultThrottling APIGWStructuredLogging
    APIGWXrayEnabled AppSyncTracing CloudWatchLogGroupRetentionPeriod EventBusDLQ
    LambdaAsyncFailureDestination LambdaDLQ LambdaDefaultMemorySize
    LambdaDefaultTimeout LambdaEventSourceMappingDestination LambdaLatestVersion
    LambdaStarPermissions LambdaTracing SNSRedrivePolicy SQSRedrivePolicy
    StepFunctionStateMachineXray
""".split()  # noqa: SIM905

#: Each checked pack's rule names (``"IAM5"`` of ``"AwsSolutions-IAM5"``).
RULES: dict[str, frozenset[str]] = {
    "AwsSolutions": frozenset(_AWS_SOLUTIONS),
    "Serverless": frozenset(_SERVERLESS),
}

#: Rules the checked packs had and dropped, by pack and name: (the cdk-nag version that
#: dropped it, what the rule was). An acknowledgement of one, kept from an app written for
#: an older cdk-nag, acknowledges nothing: nothing reports the rule any more.
RETIRED: dict[str, dict[str, tuple[tuple[int, int, int], str]]] = {
    # cdk-nag 2.30.0 removed SNSEncryptedKMS after Security Hub retired SNS.1: SNS
    # encrypts every topic at rest by default
    "AwsSolutions": {"SNS2": ((2, 30, 0), "an SNS topic without a KMS key")},
}
