#!/usr/bin/env bash
# Writes the CloudFormation templates (cloud assembly) of TapStack-dev and TapStack-prod to
# infra/cdk.out/ with no AWS account: builds the Lambda jar, then runs the CDK app.
# Usage (from anywhere): infra/synth.sh        — via ./payhook synth, which finds a JDK >= 21.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ -z "${PAYHOOK_JDK:-}" ]; then . "$ROOT/bin/jdk.sh"; fi
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
echo "synth: building the Lambda jar ..." >&2
mvn -B -q -DskipTests package -pl functions -am >&2
rm -rf "$ROOT/infra/cdk.out"
echo "synth: synthesising TapStack-dev and TapStack-prod ..." >&2
(cd "$ROOT/infra" && CDK_OUTDIR="$ROOT/infra/cdk.out" mvn -B -q compile exec:java -Dexec.mainClass=io.payhook.infra.PayhookApp)
ls -1 "$ROOT/infra/cdk.out/"*.template.json
