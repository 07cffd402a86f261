package io.payhook.infra;

import io.payhook.functions.FunctionsContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.payhook.infra.Synthesized.actions;
import static io.payhook.infra.Synthesized.logicalId;
import static io.payhook.infra.Synthesized.props;
import static io.payhook.infra.Synthesized.resources;
import static io.payhook.infra.Synthesized.statements;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The synthesised templates of dev and prod, property by property (SPEC §6), and what differs
 * between them. The templates come from {@link Synthesized} (one synthesis per test JVM).
 */
class TapStackIT {
    static final List<String> FUNCTIONS = List.of("ingest", "query", "notify-request", "outbox", "notification-sender");
    static final Map<String, String> HANDLERS = Map.of(
            "ingest", "io.payhook.functions.IngestHandler::handleRequest",
            "query", "io.payhook.functions.QueryHandler::handleRequest",
            "notify-request", "io.payhook.functions.NotifyRequestHandler::handleRequest",
            "outbox", "io.payhook.functions.OutboxStreamHandler::handleRequest",
            "notification-sender", "io.payhook.functions.NotificationSenderHandler::handleRequest");

    static Template dev;
    static Template prod;
    static String storageKey;
    static String fieldKey;

    @BeforeAll
    static void synth() {
        dev = Synthesized.get().devTemplate;
        prod = Synthesized.get().prodTemplate;
        storageKey = logicalId(dev, "AWS::KMS::Key", "StorageKey");
        fieldKey = logicalId(dev, "AWS::KMS::Key", "FieldKey");
    }

    static Map<String, Object> arnOf(String logicalId) { return Map.of("Fn::GetAtt", List.of(logicalId, "Arn")); }

    static Map<String, Object> ref(String logicalId) { return Map.of("Ref", logicalId); }

    @Test
    void tableAsTheSpecSays() {
        for (var t : Map.of("dev", dev, "prod", prod).entrySet()) {
            t.getValue().hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                    "TableName", "payment_transactions-" + t.getKey(),
                    "KeySchema", List.of(Map.of("AttributeName", "transaction_id", "KeyType", "HASH"),
                            Map.of("AttributeName", "timestamp", "KeyType", "RANGE")),
                    "AttributeDefinitions", Match.arrayWith(List.of(Map.of("AttributeName", "transaction_id", "AttributeType", "S"),
                            Map.of("AttributeName", "timestamp", "AttributeType", "S"))),
                    "BillingMode", "PAY_PER_REQUEST",
                    "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                    "SSESpecification", Map.of("SSEEnabled", true, "SSEType", "KMS", "KMSMasterKeyId", arnOf(storageKey)),
                    "StreamSpecification", Map.of("StreamViewType", "NEW_IMAGE")));
            t.getValue().resourceCountIs("AWS::DynamoDB::Table", 1);
        }
    }

    @Test
    void prodRetainsDataDevMayDelete() {
        for (String type : List.of("AWS::DynamoDB::Table", "AWS::KMS::Key", "AWS::SQS::Queue", "AWS::SecretsManager::Secret", "AWS::Logs::LogGroup")) {
            resources(prod, type).forEach((id, r) -> assertThat(r).as("prod " + id).containsEntry("DeletionPolicy", "Retain")
                    .containsEntry("UpdateReplacePolicy", "Retain"));
        }
        prod.resourceCountIs("AWS::KMS::Key", 2);
        prod.hasResourceProperties("AWS::DynamoDB::Table", Map.of("DeletionProtectionEnabled", true));
        dev.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete"));
        dev.hasResource("AWS::KMS::Key", Map.of("DeletionPolicy", "Delete"));
        dev.hasResourceProperties("AWS::DynamoDB::Table", Map.of("DeletionProtectionEnabled", false));
    }

    @Test
    void keysRotateAndTheirPoliciesNameTheServices() {
        dev.resourcePropertiesCountIs("AWS::KMS::Key", Map.of("EnableKeyRotation", true), 2);
        prod.resourcePropertiesCountIs("AWS::KMS::Key", Map.of("EnableKeyRotation", true), 2);
        dev.hasResourceProperties("AWS::KMS::Alias", Map.of("AliasName", "alias/payhook-dev"));
        dev.hasResourceProperties("AWS::KMS::Alias", Map.of("AliasName", "alias/payhook-dev-fields"));
        // CloudWatch Logs (logs.<region>.amazonaws.com) only with the encryption context of payhook's log groups
        dev.hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of(
                        "Principal", Map.of("Service", Map.of("Fn::Join", List.of("", List.of("logs.", ref("AWS::Region"), ".amazonaws.com")))),
                        "Condition", Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn", Match.anyValue())))),
                Match.objectLike(Map.of(
                        "Principal", Map.of("Service", List.of("sns.amazonaws.com", "sqs.amazonaws.com", "cloudwatch.amazonaws.com")),
                        "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", ref("AWS::AccountId"))))))))));
        // the field key: no service may use it; only the roles granted below (through IAM)
        Map<String, Object> fieldKeyPolicy = props(resources(dev, "AWS::KMS::Key").get(fieldKey));
        assertThat(fieldKeyPolicy.toString()).doesNotContain("Service");
    }

    @Test
    void queuesWithLongPollingRetentionKmsDlqAndTls() {
        for (String env : List.of("dev", "prod")) {
            Template t = env.equals("dev") ? dev : prod;
            String dlq = logicalId(t, "AWS::SQS::Queue", "NotificationDlq");
            t.hasResourceProperties("AWS::SQS::Queue", Map.of(
                    "QueueName", "payhook-notifications-" + env,
                    "ReceiveMessageWaitTimeSeconds", 20,
                    "MessageRetentionPeriod", 1209600,
                    "VisibilityTimeout", 180,
                    "KmsMasterKeyId", arnOf(logicalId(t, "AWS::KMS::Key", "StorageKey")),
                    "RedrivePolicy", Map.of("deadLetterTargetArn", arnOf(dlq), "maxReceiveCount", 5)));
            t.hasResourceProperties("AWS::SQS::Queue", Map.of(
                    "QueueName", "payhook-notifications-dlq-" + env, "MessageRetentionPeriod", 1209600, "KmsMasterKeyId", Match.anyValue()));
            t.hasResourceProperties("AWS::SQS::Queue", Map.of(
                    "QueueName", "payhook-outbox-failures-" + env, "MessageRetentionPeriod", 1209600, "KmsMasterKeyId", Match.anyValue()));
            t.resourcePropertiesCountIs("AWS::SQS::Queue", Map.of("KmsMasterKeyId", Match.anyValue()), 4);
            // enforceSSL: every queue denies requests without TLS
            t.resourcePropertiesCountIs("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                    Match.objectLike(Map.of("Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))),
                    "Queues", Match.anyValue()), 4);
        }
    }

    @Test
    void topicsEncryptedWithEmailSubscriptions() {
        dev.hasResourceProperties("AWS::SNS::Topic", Map.of("TopicName", "payhook-confirmations-dev", "KmsMasterKeyId", arnOf(storageKey)));
        dev.hasResourceProperties("AWS::SNS::Topic", Map.of("TopicName", "payhook-alarms-dev", "KmsMasterKeyId", arnOf(storageKey)));
        prod.hasResourceProperties("AWS::SNS::Topic", Map.of("TopicName", "payhook-confirmations-prod"));
        dev.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "payments-dev@example.com",
                "TopicArn", ref(logicalId(dev, "AWS::SNS::Topic", "Confirmations")), "RedrivePolicy", Match.anyValue()));
        dev.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "payhook-alarms-dev@example.com",
                "TopicArn", ref(logicalId(dev, "AWS::SNS::Topic", "Alarms"))));
        prod.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "payhook-alarms@example.com"));
        dev.resourcePropertiesCountIs("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))),
                "Topics", Match.anyValue()), 2);
    }

    @Test
    void providerSecretsAreGeneratedNeverInTheTemplate() {
        dev.hasResourceProperties("AWS::SecretsManager::Secret", Map.of(
                "Name", "payhook/provider-secrets-dev",
                "KmsKeyId", arnOf(storageKey),
                "GenerateSecretString", Map.of(
                        "SecretStringTemplate", "{\"stripe\":[],\"adyen\":[],\"standard_webhooks\":[],\"generic\":[]}",
                        "GenerateStringKey", "placeholder", "ExcludePunctuation", true)));
        resources(dev, "AWS::SecretsManager::Secret").values().forEach(s -> assertThat(props(s)).doesNotContainKey("SecretString"));
    }

    @Test
    void fiveFunctionsJava21Arm512Mb30sXRaySnapStartReservedConcurrencyOwnLogGroup() {
        for (var t : Map.of("dev", dev, "prod", prod).entrySet()) {
            String env = t.getKey();
            for (String name : FUNCTIONS) {
                String logs = logicalId(t.getValue(), "AWS::Logs::LogGroup", camel(name) + "Logs");
                t.getValue().hasResourceProperties("AWS::Lambda::Function", Map.of(
                        "FunctionName", "payhook-" + name + "-" + env,
                        "Handler", HANDLERS.get(name),
                        "Runtime", "java21",
                        "Architectures", List.of("arm64"),
                        "MemorySize", 512,
                        "Timeout", 30,
                        "ReservedConcurrentExecutions", env.equals("dev") ? 5 : 100,
                        "TracingConfig", Map.of("Mode", "Active"),
                        "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                        "LoggingConfig", Map.of("LogGroup", ref(logs))));
                t.getValue().hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                        "LogGroupName", "/aws/lambda/payhook-" + name + "-" + env,
                        "RetentionInDays", env.equals("dev") ? 30 : 400,
                        "KmsKeyId", arnOf(logicalId(t.getValue(), "AWS::KMS::Key", "StorageKey"))));
                // a published version behind the alias "live" (SnapStart snapshots published versions)
                t.getValue().hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live",
                        "FunctionName", ref(logicalId(t.getValue(), "AWS::Lambda::Function", camel(name) + "Function")),
                        "FunctionVersion", Map.of("Fn::GetAtt", List.of(logicalId(t.getValue(), "AWS::Lambda::Version", camel(name) + "FunctionCurrentVersion"), "Version"))));
            }
            t.getValue().resourceCountIs("AWS::Lambda::Function", 5);
            t.getValue().resourceCountIs("AWS::Lambda::Version", 5);
            t.getValue().resourcePropertiesCountIs("AWS::Lambda::Alias", Map.of("Name", "live"), 5);
        }
    }

    @Test
    void functionsGetExactlyTheVariablesTheyRead() {
        String queue = logicalId(dev, "AWS::SQS::Queue", "NotificationQueue");
        Map<String, Object> expected = Map.ofEntries(
                Map.entry("PAYHOOK_ENV", "dev"),
                Map.entry("PAYHOOK_TABLE_NAME", ref(logicalId(dev, "AWS::DynamoDB::Table", "Transactions"))),
                Map.entry("PAYHOOK_QUEUE_URL", ref(queue)),
                Map.entry("PAYHOOK_TOPIC_ARN", ref(logicalId(dev, "AWS::SNS::Topic", "Confirmations"))),
                Map.entry("PAYHOOK_KMS_KEY_ARN", arnOf(fieldKey)), // the personal-data envelope key
                Map.entry("PAYHOOK_PROVIDER_SECRETS_ARN", ref(logicalId(dev, "AWS::SecretsManager::Secret", "ProviderSecrets"))),
                Map.entry("PAYHOOK_MAX_RECEIVES", "5"),
                Map.entry("PAYHOOK_NOTIFIER", "sns"),
                Map.entry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"));
        // Match.exact-like: the whole Variables object, so no PAYHOOK_SES_FROM in an SNS environment
        dev.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables", Match.exact(expected))), 4);
        // ingest alone gets the merchant labels: none in dev and prod (EnvironmentConfig's default)
        Map<String, Object> ingest = new java.util.HashMap<>(expected);
        ingest.put("PAYHOOK_MERCHANTS", "");
        dev.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of("FunctionName", "payhook-ingest-dev",
                "Environment", Map.of("Variables", Match.exact(ingest))), 1);
        prod.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("PAYHOOK_ENV", "prod", "PAYHOOK_NOTIFIER", "sns")))), 5);
        prod.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of("FunctionName", "payhook-ingest-prod",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("PAYHOOK_MERCHANTS", "")))), 1);
    }

    @Test
    void everyFunctionGetsExactlyTheContractsVariables() {
        var templates = Map.of("dev", dev, "prod", prod, Synthesized.VARIANT_ID, Synthesized.get().variantTemplate);
        templates.forEach((name, t) -> {
            String notifier = name.equals(Synthesized.VARIANT_ID) ? FunctionsContract.NOTIFIER_SES : FunctionsContract.NOTIFIER_SNS;
            var functions = resources(t, "AWS::Lambda::Function");
            functions.forEach((id, fn) -> {
                FunctionsContract.LambdaFunction f = java.util.Arrays.stream(FunctionsContract.LambdaFunction.values())
                        .filter(l -> props(fn).get("Handler").equals(l.handler())).findFirst().orElseThrow();
                assertThat(variables(fn).keySet()).as(name + " " + id)
                        .containsExactlyInAnyOrderElementsOf(FunctionsContract.stackVariables(f, notifier));
            });
            assertThat(functions).as(name).hasSize(FunctionsContract.LambdaFunction.values().length);
        });
    }

    @Test
    void everyHandlerNamesAFunctionsClass() {
        for (Template t : List.of(dev, prod, Synthesized.get().variantTemplate)) {
            List<String> handlers = resources(t, "AWS::Lambda::Function").values().stream()
                    .map(fn -> (String) props(fn).get("Handler")).toList();
            assertThat(handlers).containsExactlyInAnyOrderElementsOf(Arrays.stream(FunctionsContract.LambdaFunction.values())
                    .map(FunctionsContract.LambdaFunction::handler).toList());
            for (String h : handlers) {
                assertThat(h).endsWith("::handleRequest");
                String className = h.substring(0, h.indexOf("::"));
                // the functions module's class file (its own test checks it is a RequestHandler Lambda can build)
                assertThat(getClass().getClassLoader().getResource(className.replace('.', '/') + ".class"))
                        .as("class " + className + " of handler " + h).isNotNull();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(Map<String, Object> function) {
        return (Map<String, Object>) ((Map<String, Object>) props(function).get("Environment")).get("Variables");
    }

    @Test
    void eventSourcesReportPartialBatchFailuresOnTheLiveAliases() {
        dev.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(logicalId(dev, "AWS::DynamoDB::Table", "Transactions"), "StreamArn")),
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "BatchSize", 100,
                "StartingPosition", "TRIM_HORIZON",
                "BisectBatchOnFunctionError", true,
                "MaximumRetryAttempts", TapStack.STREAM_RETRY_ATTEMPTS,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", arnOf(logicalId(dev, "AWS::SQS::Queue", "OutboxFailures"))))));
        dev.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", arnOf(logicalId(dev, "AWS::SQS::Queue", "NotificationQueue")),
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "BatchSize", 10));
        dev.resourceCountIs("AWS::Lambda::EventSourceMapping", 2);
        // both mappings invoke the alias "live" (the SnapStart version), not $LATEST
        var targets = resources(dev, "AWS::Lambda::EventSourceMapping").values().stream()
                .map(r -> String.valueOf(props(r).get("FunctionName"))).toList();
        assertThat(targets).anySatisfy(f -> assertThat(f).contains("Ref=" + logicalId(dev, "AWS::Lambda::Alias", "OutboxLive")).contains(":live"));
        assertThat(targets).anySatisfy(f -> assertThat(f).contains("Ref=" + logicalId(dev, "AWS::Lambda::Alias", "NotificationSenderLive")).contains(":live"));
    }

    @Test
    void apiIsIamAuthorisedValidatedThrottledLoggedTraced() {
        dev.hasResourceProperties("AWS::ApiGateway::RestApi", Map.of("Name", "payhook-dev", "EndpointConfiguration", Map.of("Types", List.of("REGIONAL"))));
        prod.hasResourceProperties("AWS::ApiGateway::RestApi", Map.of("Name", "payhook-prod"));
        dev.resourceCountIs("AWS::ApiGateway::Method", 3);
        dev.resourcePropertiesCountIs("AWS::ApiGateway::Method", Map.of("AuthorizationType", "AWS_IAM"), 3);
        prod.resourcePropertiesCountIs("AWS::ApiGateway::Method", Map.of("AuthorizationType", "AWS_IAM"), 3);
        // Lambda proxy integrations to the live aliases
        var integrations = resources(dev, "AWS::ApiGateway::Method").values().stream().map(m -> String.valueOf(props(m).get("Integration"))).toList();
        assertThat(integrations).allSatisfy(i -> assertThat(i).contains("Type=AWS_PROXY"));
        for (String alias : List.of("IngestLive", "QueryLive", "NotifyRequestLive")) {
            String id = logicalId(dev, "AWS::Lambda::Alias", alias);
            assertThat(integrations).anySatisfy(i -> assertThat(i).contains("{Ref=" + id + "}"));
        }
        String params = logicalId(dev, "AWS::ApiGateway::RequestValidator", "ParamsValidator");
        String bodyAndParams = logicalId(dev, "AWS::ApiGateway::RequestValidator", "BodyAndParamsValidator");
        dev.hasResourceProperties("AWS::ApiGateway::RequestValidator", Map.of("ValidateRequestBody", false, "ValidateRequestParameters", true));
        dev.hasResourceProperties("AWS::ApiGateway::RequestValidator", Map.of("ValidateRequestBody", true, "ValidateRequestParameters", true));
        dev.hasResourceProperties("AWS::ApiGateway::Method", Map.of("HttpMethod", "GET", "RequestValidatorId", ref(params),
                "RequestParameters", Map.of("method.request.path.id", true)));
        String model = logicalId(dev, "AWS::ApiGateway::Model", "NotifyRequestModel");
        dev.hasResourceProperties("AWS::ApiGateway::Method", Map.of("HttpMethod", "POST", "RequestValidatorId", ref(bodyAndParams),
                "RequestParameters", Map.of("method.request.path.id", true),
                "RequestModels", Map.of("application/json", ref(model))));
        dev.hasResourceProperties("AWS::ApiGateway::Model", Map.of("ContentType", "application/json", "Schema", Map.of(
                "$schema", "http://json-schema.org/draft-04/schema#", "title", "NotifyRequest", "type", "object",
                "properties", Map.of("reason", Map.of("type", "string", "maxLength", 200)),
                "additionalProperties", false)));
        for (var t : Map.of("dev", dev, "prod", prod).entrySet()) {
            boolean isDev = t.getKey().equals("dev");
            t.getValue().hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
                    "StageName", t.getKey(),
                    "TracingEnabled", true,
                    "AccessLogSetting", Map.of(
                            "DestinationArn", arnOf(logicalId(t.getValue(), "AWS::Logs::LogGroup", "ApiAccessLogs")),
                            "Format", Match.stringLikeRegexp("\\{\"requestId\":\"\\$context.requestId\".*")),
                    "MethodSettings", List.of(Map.of("HttpMethod", "*", "ResourcePath", "/*", "DataTraceEnabled", false,
                            "LoggingLevel", "ERROR", "MetricsEnabled", true,
                            "ThrottlingRateLimit", isDev ? 50 : 1000, "ThrottlingBurstLimit", isDev ? 100 : 2000))));
            t.getValue().hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", "/aws/apigateway/payhook-" + t.getKey() + "-access",
                    "RetentionInDays", isDev ? 30 : 400, "KmsKeyId", Match.anyValue()));
        }
        dev.resourceCountIs("AWS::ApiGateway::Account", 1); // cloudWatchRole: execution logs
        // API Gateway's own errors keep the {"error","message"} shape
        dev.resourceCountIs("AWS::ApiGateway::GatewayResponse", 12);
        dev.hasResourceProperties("AWS::ApiGateway::GatewayResponse", Map.of("ResponseType", "MISSING_AUTHENTICATION_TOKEN",
                "ResponseTemplates", Map.of("application/json", Match.stringLikeRegexp("\\{\"error\":\"missing_authentication\",\"message\":\".*\"\\}"))));
        dev.resourceCountIs("AWS::WAFv2::WebACL", 0); // IAM mode
    }

    @Test
    void alarmsToTheAlarmTopicAndOneDashboard() {
        String alarmTopic = logicalId(dev, "AWS::SNS::Topic", "Alarms");
        // per function errors + throttles, API 5xx, API p99 latency, DLQ, outbox failures and
        // subscription DLQ not empty, oldest message age
        dev.resourceCountIs("AWS::CloudWatch::Alarm", 5 * 2 + 6);
        dev.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Map.of("AlarmActions", List.of(ref(alarmTopic))), 16);
        for (String name : FUNCTIONS) {
            for (String metric : List.of("Errors", "Throttles")) {
                dev.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "payhook-dev-" + name + "-" + metric.toLowerCase(),
                        "MetricName", metric, "Namespace", "AWS/Lambda", "Threshold", 1,
                        "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                        "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", ref(logicalId(dev, "AWS::Lambda::Function", camel(name) + "Function"))))));
            }
        }
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "payhook-dev-api-5xx", "MetricName", "5XXError",
                "Namespace", "AWS/ApiGateway", "Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold"));
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "payhook-dev-api-p99-latency", "MetricName", "Latency",
                "ExtendedStatistic", "p99", "Threshold", 500, "ComparisonOperator", "GreaterThanThreshold"));
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "payhook-dev-dlq-not-empty",
                "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 0, "ComparisonOperator", "GreaterThanThreshold",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value",
                        Map.of("Fn::GetAtt", List.of(logicalId(dev, "AWS::SQS::Queue", "NotificationDlq"), "QueueName"))))));
        for (String[] q : List.of(new String[] {"outbox-failures-not-empty", "OutboxFailures"},
                new String[] {"subscriptions-dlq-not-empty", "SubscriptionDlq"})) {
            dev.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "payhook-dev-" + q[0],
                    "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 0, "ComparisonOperator", "GreaterThanThreshold",
                    "Dimensions", List.of(Map.of("Name", "QueueName", "Value",
                            Map.of("Fn::GetAtt", List.of(logicalId(dev, "AWS::SQS::Queue", q[1]), "QueueName"))))));
        }
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "payhook-dev-queue-oldest-message",
                "MetricName", "ApproximateAgeOfOldestMessage", "Threshold", 300, "ComparisonOperator", "GreaterThanThreshold"));
        dev.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "payhook-dev"));
        String body = String.valueOf(props(resources(dev, "AWS::CloudWatch::Dashboard").values().iterator().next()).get("DashboardBody"));
        assertThat(body).contains("API requests and 5xx", "API latency p99", "Function errors", "Function duration p99",
                "Notification queue depth and oldest message age", "DLQ depth");
        prod.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "payhook-prod"));
        prod.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "payhook-prod-api-5xx"));
    }

    @Test
    void noWildcardActionAndResourceStarOnlyForXRay() {
        for (Template t : List.of(dev, prod)) {
            var all = statements(t, "");
            assertThat(all).hasSizeGreaterThan(20);
            for (Map<String, Object> s : all) {
                assertThat(actions(s)).as(s.toString()).allSatisfy(a -> assertThat(a).doesNotContain("*"));
                if ("*".equals(s.get("Resource"))) {
                    assertThat(actions(s)).as("Resource * in " + s).containsExactlyInAnyOrder("xray:PutTraceSegments", "xray:PutTelemetryRecords");
                }
            }
        }
    }

    @Test
    void eachFunctionMayDoWhatItsCodeDoesAndNoMore() {
        String table = logicalId(dev, "AWS::DynamoDB::Table", "Transactions");
        String queue = logicalId(dev, "AWS::SQS::Queue", "NotificationQueue");
        String topic = logicalId(dev, "AWS::SNS::Topic", "Confirmations");

        var ingest = statements(dev, "IngestFunctionServiceRole");
        assertThat(tableActions(ingest, table)).containsExactlyInAnyOrder("dynamodb:PutItem", "dynamodb:Query");
        assertThat(ingest).anySatisfy(s -> {
            assertThat(actions(s)).containsExactly("dynamodb:Query");
            assertThat(s.get("Condition")).isEqualTo(Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", List.of(FunctionsContract.PRIMING_PROBE_ID))));
        });
        assertThat(keyActions(ingest, fieldKey)).containsExactly("kms:GenerateDataKey");
        assertThat(actionsOn(ingest, ref(logicalId(dev, "AWS::SecretsManager::Secret", "ProviderSecrets"))))
                .containsExactlyInAnyOrder("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret");

        var query = statements(dev, "QueryFunctionServiceRole");
        assertThat(tableActions(query, table)).containsExactlyInAnyOrder("dynamodb:Query", "dynamodb:GetItem");
        assertThat(keyActions(query, storageKey)).containsExactlyInAnyOrder("kms:Decrypt", "kms:DescribeKey");
        assertThat(keyActions(query, fieldKey)).isEmpty();

        var notify = statements(dev, "NotifyRequestFunctionServiceRole");
        assertThat(tableActions(notify, table)).containsExactlyInAnyOrder("dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem");
        assertThat(keyActions(notify, fieldKey)).isEmpty();

        var outbox = statements(dev, "OutboxFunctionServiceRole");
        assertThat(tableActions(outbox, table)).containsExactlyInAnyOrder("dynamodb:Query", "dynamodb:PartiQLSelect", "dynamodb:GetItem", "dynamodb:PutItem");
        assertThat(outbox).anySatisfy(st -> {
            assertThat(st.get("Effect")).isEqualTo("Deny");
            assertThat(actions(st)).containsExactly("dynamodb:PartiQLSelect");
            assertThat(st.get("Condition")).isEqualTo(Map.of("Bool", Map.of("dynamodb:FullTableScan", "true")));
        });
        assertThat(actionsOn(outbox, Map.of("Fn::GetAtt", List.of(table, "StreamArn"))))
                .containsExactlyInAnyOrder("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator");
        assertThat(actionsOn(outbox, arnOf(queue))).containsExactlyInAnyOrder("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl");
        assertThat(keyActions(outbox, fieldKey)).isEmpty();

        var sender = statements(dev, "NotificationSenderFunctionServiceRole");
        assertThat(tableActions(sender, table)).containsExactlyInAnyOrder("dynamodb:Query", "dynamodb:GetItem", "dynamodb:UpdateItem");
        assertThat(keyActions(sender, fieldKey)).containsExactly("kms:Decrypt");
        assertThat(actionsOn(sender, ref(topic))).containsExactly("sns:Publish");
        assertThat(actionsOn(sender, arnOf(queue))).contains("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility")
                .doesNotContain("sqs:SendMessage");
        assertThat(sender.toString()).doesNotContain("ses:");

        // only the outbox may send to the notification queue; only ingest may read the provider secrets
        for (String other : List.of("IngestFunctionServiceRole", "QueryFunctionServiceRole", "NotifyRequestFunctionServiceRole", "NotificationSenderFunctionServiceRole")) {
            assertThat(actionsOn(statements(dev, other), arnOf(queue))).as(other).doesNotContain("sqs:SendMessage");
        }
        for (String other : List.of("QueryFunctionServiceRole", "NotifyRequestFunctionServiceRole", "OutboxFunctionServiceRole", "NotificationSenderFunctionServiceRole")) {
            assertThat(statements(dev, other).toString()).as(other).doesNotContain("secretsmanager:");
        }
    }

    @Test
    void outputsForOperators() {
        for (String out : List.of("ApiUrl", "TableName", "QueueUrl", "DlqUrl", "DlqArn", "TopicArn", "KeyArn", "FieldKeyArn", "ProviderSecretsArn")) {
            dev.hasOutput(out, Map.of("Value", Match.anyValue()));
            prod.hasOutput(out, Map.of("Value", Match.anyValue()));
        }
        dev.hasOutput("KeyArn", Map.of("Value", arnOf(storageKey)));
        assertThat(String.valueOf(dev.findOutputs("ApiUrl").get("ApiUrl"))).contains("https://", ".execute-api.",
                "Ref=" + logicalId(dev, "AWS::ApiGateway::RestApi", "Api"), "Ref=" + logicalId(dev, "AWS::ApiGateway::Stage", "ApiDeploymentStage"));
    }

    @Test
    void everyNameIsSuffixedWithTheEnvironment() {
        for (var t : Map.of("dev", dev, "prod", prod).entrySet()) {
            String env = t.getKey();
            var named = Map.of("AWS::DynamoDB::Table", "TableName", "AWS::SQS::Queue", "QueueName", "AWS::SNS::Topic", "TopicName",
                    "AWS::Lambda::Function", "FunctionName", "AWS::Logs::LogGroup", "LogGroupName", "AWS::ApiGateway::RestApi", "Name",
                    "AWS::CloudWatch::Alarm", "AlarmName", "AWS::SecretsManager::Secret", "Name");
            named.forEach((type, property) -> resources(t.getValue(), type).values().forEach(r ->
                    assertThat(String.valueOf(props(r).get(property))).as(type).matches(".*[-_/]" + env + "(-[a-z0-9-]+)?")));
        }
    }

    private static List<String> tableActions(List<Map<String, Object>> statements, String table) {
        return actionsOn(statements, arnOf(table)).stream().filter(a -> a.startsWith("dynamodb:")).toList();
    }

    private static List<String> keyActions(List<Map<String, Object>> statements, String key) {
        return actionsOn(statements, arnOf(key)).stream().distinct().toList();
    }

    private static List<String> actionsOn(List<Map<String, Object>> statements, Object resource) {
        return statements.stream().filter(s -> !"Deny".equals(s.get("Effect")))
                .filter(s -> resource.equals(s.get("Resource")) || List.of(resource).equals(s.get("Resource")))
                .flatMap(s -> actions(s).stream()).toList();
    }

    static String camel(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("-")) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        return sb.toString();
    }
}
