package io.payhook.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The synthesised templates of both environments, asserted property by property (SPEC §6), and
 * the three cdk-nag packs with no unsuppressed error. One synthesis per test class (it is slow).
 */
class TapStackTest {
    static Template dev;
    static Template prod;
    static Stack devStack;
    static Stack prodStack;

    @BeforeAll
    static void synth() {
        App app = new App();
        PayhookApp.build(app);
        devStack = (Stack) app.getNode().findChild("TapStack-dev");
        prodStack = (Stack) app.getNode().findChild("TapStack-prod");
        dev = Template.fromStack(devStack);
        prod = Template.fromStack(prodStack);
    }

    @Test
    void tableAsTheSpecSays() {
        dev.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "TableName", "payment_transactions-dev",
                "KeySchema", List.of(Map.of("AttributeName", "transaction_id", "KeyType", "HASH"),
                        Map.of("AttributeName", "timestamp", "KeyType", "RANGE")),
                "BillingMode", "PAY_PER_REQUEST",
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "SSESpecification", Match.objectLike(Map.of("SSEEnabled", true, "SSEType", "KMS",
                        "KMSMasterKeyId", Match.anyValue())),
                "StreamSpecification", Map.of("StreamViewType", "NEW_IMAGE")));
        prod.hasResourceProperties("AWS::DynamoDB::Table", Map.of("TableName", "payment_transactions-prod"));
    }

    @Test
    void prodRetainsDataDevMayDelete() {
        prod.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
        prod.hasResource("AWS::KMS::Key", Map.of("DeletionPolicy", "Retain"));
        dev.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete"));
        prod.hasResourceProperties("AWS::DynamoDB::Table", Map.of("DeletionProtectionEnabled", true));
    }

    @Test
    void keyRotatesAndLogsMayUseItOnlyForThisAccount() {
        dev.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true,
                "KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Condition", Map.of("ArnLike", Match.objectLike(Map.of("kms:EncryptionContext:aws:logs:arn", Match.anyValue()))))))))));
    }

    @Test
    void queuesWithLongPollingRetentionKmsAndDlq() {
        dev.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "QueueName", "payhook-notifications-dev",
                "ReceiveMessageWaitTimeSeconds", 20,
                "MessageRetentionPeriod", 1209600,
                "VisibilityTimeout", 180,
                "KmsMasterKeyId", Match.anyValue(),
                "RedrivePolicy", Map.of("deadLetterTargetArn", Match.anyValue(), "maxReceiveCount", 5)));
        dev.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "QueueName", "payhook-notifications-dlq-dev", "MessageRetentionPeriod", 1209600, "KmsMasterKeyId", Match.anyValue()));
    }

    @Test
    void functionsJava21Arm512Mb30sXRaySnapStartReservedConcurrency() {
        for (String name : List.of("ingest", "query", "notify-request", "outbox", "notification-sender")) {
            dev.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "FunctionName", "payhook-" + name + "-dev",
                    "Runtime", "java21",
                    "Architectures", List.of("arm64"),
                    "MemorySize", 512,
                    "Timeout", 30,
                    "ReservedConcurrentExecutions", 5,
                    "TracingConfig", Map.of("Mode", "Active"),
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                    "Environment", Map.of("Variables", Match.objectLike(Map.of("PAYHOOK_TABLE_NAME", Match.anyValue(),
                            "PAYHOOK_QUEUE_URL", Match.anyValue(), "PAYHOOK_KMS_KEY_ARN", Match.anyValue(),
                            "PAYHOOK_PROVIDER_SECRETS_ARN", Match.anyValue(), "PAYHOOK_TOPIC_ARN", Match.anyValue())))));
            dev.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", "/aws/lambda/payhook-" + name + "-dev",
                    "RetentionInDays", 30, "KmsKeyId", Match.anyValue()));
            prod.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", "/aws/lambda/payhook-" + name + "-prod",
                    "RetentionInDays", 400));
        }
        dev.resourceCountIs("AWS::Lambda::Function", 5);
        dev.resourcePropertiesCountIs("AWS::Lambda::Alias", Map.of("Name", "live"), 5);
        prod.hasResourceProperties("AWS::Lambda::Function", Map.of("ReservedConcurrentExecutions", 100));
        dev.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", "io.payhook.functions.IngestHandler::handleRequest"));
    }

    @Test
    void eventSourcesReportPartialBatchFailures() {
        dev.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"), "BatchSize", 10));
        dev.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"), "BatchSize", 100,
                "StartingPosition", "TRIM_HORIZON", "BisectBatchOnFunctionError", true,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", Match.anyValue()))));
    }

    @Test
    void apiIsIamAuthorisedValidatedThrottledLoggedTraced() {
        dev.resourcePropertiesCountIs("AWS::ApiGateway::Method", Map.of("AuthorizationType", "AWS_IAM"), 3);
        dev.hasResourceProperties("AWS::ApiGateway::RequestValidator", Map.of("ValidateRequestBody", true, "ValidateRequestParameters", true));
        dev.hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
                "StageName", "dev",
                "TracingEnabled", true,
                "AccessLogSetting", Map.of("DestinationArn", Match.anyValue(), "Format", Match.anyValue()),
                "MethodSettings", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100, "DataTraceEnabled", false))))));
        prod.hasResourceProperties("AWS::ApiGateway::Stage", Map.of("StageName", "prod",
                "MethodSettings", Match.arrayWith(List.of(Match.objectLike(Map.of("ThrottlingRateLimit", 1000))))));
    }

    @Test
    void topicsEncryptedWithSubscriptionsAndAlarms() {
        dev.hasResourceProperties("AWS::SNS::Topic", Map.of("TopicName", "payhook-confirmations-dev", "KmsMasterKeyId", Match.anyValue()));
        dev.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "payments-dev@example.com"));
        dev.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "payhook-alarms-dev@example.com"));
        // per function errors + throttles, API 5xx, API p99 latency, DLQ depth, oldest message age
        dev.resourceCountIs("AWS::CloudWatch::Alarm", 5 * 2 + 4);
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Threshold", 500, "ExtendedStatistic", "p99",
                "MetricName", "Latency", "AlarmActions", Match.anyValue()));
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 1));
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "ApproximateAgeOfOldestMessage", "Threshold", 300));
        dev.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "payhook-dev"));
    }

    @Test
    void leastPrivilegeNoWildcardActions() {
        var policies = dev.findResources("AWS::IAM::Policy");
        assertThat(policies).isNotEmpty();
        String json = policies.toString();
        assertThat(json).doesNotContain("Action=*,").doesNotContain("Action=[*]").doesNotContain("dynamodb:*").doesNotContain("sqs:*")
                .doesNotContain("sns:*").doesNotContain("kms:*");
        // the query function may read but never write the table
        var query = dev.findResources("AWS::IAM::Policy", Map.of("Properties", Map.of("Roles",
                List.of(Map.of("Ref", Match.stringLikeRegexp("QueryFunctionServiceRole.*"))))));
        assertThat(query.toString()).contains("dynamodb:Query").doesNotContain("dynamodb:PutItem");
    }

    @Test
    void outputsForOperators() {
        for (String out : List.of("ApiUrl", "TableName", "QueueUrl", "DlqUrl", "TopicArn", "KeyArn")) {
            dev.hasOutput(out, Map.of());
        }
    }

    @Test
    void cdkNagPacksReportNoUnsuppressedError() {
        for (Stack s : List.of(devStack, prodStack)) {
            var errors = Annotations.fromStack(s).findError("*",
                    Match.stringLikeRegexp("(AwsSolutions|PCI.DSS.321|Serverless)-.*"));
            assertThat(errors).as(s.getStackName() + ": " + errors).isEmpty();
            var warnings = Annotations.fromStack(s).findWarning("*", Match.stringLikeRegexp("(AwsSolutions|PCI.DSS.321|Serverless)-.*"));
            warnings.forEach(w -> System.out.println("cdk-nag warning " + w.getId() + ": " + String.valueOf(w.getEntry().getData()).split("\n")[0]));
        }
    }
}
