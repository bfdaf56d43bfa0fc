"""aws-cdk-lib validates every synthesized template against its built-in rules; it only
warns, and its engine costs each test process about 3 CPU-seconds to start, half of these
tests' time. The unit tests skip it (set before aws_cdk is imported); `cdk synth` still
runs it. Set CDK_VALIDATION=true in the environment to run it here too."""

import os

os.environ.setdefault("CDK_VALIDATION", "false")
