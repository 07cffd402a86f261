#!/usr/bin/env bash
# Writes the cloud assembly (CloudFormation templates) of TapStack-dev and TapStack-prod to
# infra/cdk.out/ with no AWS account and no cdk CLI: builds the Lambda jar when it is missing or
# older than its sources, then runs the CDK app (io.payhook.infra.PayhookApp) through Maven with
# CDK_OUTDIR=infra/cdk.out and the context requireLambdaJar=true (never a placeholder asset).
#
# Usage (from anywhere; ./payhook synth calls it):
#   infra/synth.sh                 both environments
#   infra/synth.sh -c env=dev      one environment (any -c/--context key=value is passed as CDK context)
# Finds a JDK >= 21 itself ($JAVA_HOME first), like ./payhook.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ -z "${PAYHOOK_JDK:-}" ]; then . "$ROOT/bin/jdk.sh"; fi
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

# CDK context: requireLambdaJar plus any -c key=value given (string values)
context='"requireLambdaJar":true'
while [ $# -gt 0 ]; do
  case "$1" in
    -c|--context)
      [ $# -ge 2 ] || { echo "synth: $1 needs key=value" >&2; exit 2; }
      kv="$2"; shift 2 ;;
    --context=*) kv="${1#--context=}"; shift ;;
    *) echo "synth: unknown argument '$1' (use -c key=value, e.g. -c env=dev)" >&2; exit 2 ;;
  esac
  key="${kv%%=*}"; value="${kv#*=}"
  case "$key$value" in *[\"\\]*) echo "synth: quotes and backslashes are not supported in context values" >&2; exit 2 ;; esac
  context="$context,\"$key\":\"$value\""
done

JAR="$ROOT/functions/target/payhook-functions-0.1.0-SNAPSHOT-lambda.jar"
if [ ! -f "$JAR" ] || [ -n "$(find core aws functions pom.xml -newer "$JAR" \( -name '*.java' -o -name 'pom.xml' -o -name '*.pro' -o -path '*/resources/*' \) -not -path '*/target/*' -print -quit)" ]; then
  echo "synth: building the Lambda jar ..." >&2
  mvn -B -q -DskipTests package -pl functions -am >&2
fi

OUT="$ROOT/infra/cdk.out"
rm -rf "$OUT"
echo "synth: synthesising into infra/cdk.out ..." >&2
# a reactor build: infra compiles against the functions module's contract (FunctionsContract)
CDK_OUTDIR="$OUT" CDK_CONTEXT_JSON="{$context}" \
  mvn -B -q -pl infra -am -Psynth process-classes >&2
# the CDK CLI prints construct warnings; this script runs the app directly, so say the one that matters
if grep -q 'payhook:placeholderAddresses' "$OUT"/*.metadata.json 2>/dev/null; then
  echo "synth: warning: alarms, alerts, confirmations or the SES sender are at example.com placeholders;" \
    "give real ones with -c alarmEmail=... -c opsEmail=... -c confirmationEmails=... -c sesIdentity=... -c sesFrom=... (docs/DEPLOY.md)" >&2
fi
ls -1 "$OUT"/*.template.json
