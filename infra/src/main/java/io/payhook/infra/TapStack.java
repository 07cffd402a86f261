package io.payhook.infra;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.Model;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole of payhook in AWS (SPEC §6): API Gateway (IAM) → Lambda → DynamoDB (stream = outbox)
 * → SQS → Lambda → SNS, one customer-managed KMS key with rotation for every store, alarms and a
 * dashboard. Names are suffixed with the environment; everything that differs per environment
 * comes from {@link EnvironmentConfig}.
 */
public final class TapStack extends Stack {
    public static final String HANDLER_PACKAGE = "io.payhook.functions.";
    public static final int MAX_RECEIVES = 5;
    public static final Duration FUNCTION_TIMEOUT = Duration.seconds(30);

    private final Map<String, Function> functions = new LinkedHashMap<>();

    public TapStack(Construct scope, String id, StackProps props, EnvironmentConfig cfg, Code code) {
        super(scope, id, props);
        String env = cfg.name();

        // --- one customer-managed key, rotated yearly, for table, queues, topics, logs, secret, PII envelopes
        Key key = Key.Builder.create(this, "DataKey")
                .alias("alias/payhook-" + env)
                .description("payhook " + env + ": DynamoDB, SQS, SNS, CloudWatch Logs, provider secrets, PII envelope encryption")
                .enableKeyRotation(true)
                .removalPolicy(cfg.removalPolicy())
                .build();
        // CloudWatch Logs may use the key only for this account's log groups in this region.
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("logs." + Aws.REGION + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
                        "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"))
                .resources(List.of("*")) // in a key policy, "*" means this key
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:*")))
                .build());
        // SNS, SQS and the alarm path (CloudWatch → encrypted topic) use the key through their service principals.
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("sns.amazonaws.com"), new ServicePrincipal("sqs.amazonaws.com"),
                        new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                .build());

        // --- the table: one item per event, one per notification; its stream is the outbox
        Table table = Table.Builder.create(this, "Transactions")
                .tableName("payment_transactions-" + env)
                .partitionKey(Attribute.builder().name("transaction_id").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("timestamp").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(key)
                .stream(StreamViewType.NEW_IMAGE)
                .deletionProtection(cfg.isProd())
                .removalPolicy(cfg.removalPolicy())
                .build();

        // --- queues: notifications (+ DLQ), and where failed stream batches go
        Queue dlq = Queue.Builder.create(this, "NotificationDlq")
                .queueName("payhook-notifications-dlq-" + env)
                .retentionPeriod(Duration.days(14))
                .encryption(QueueEncryption.KMS).encryptionMasterKey(key).dataKeyReuse(Duration.hours(1))
                .enforceSsl(true)
                .removalPolicy(cfg.removalPolicy())
                .build();
        Queue queue = Queue.Builder.create(this, "NotificationQueue")
                .queueName("payhook-notifications-" + env)
                .receiveMessageWaitTime(Duration.seconds(20))
                .retentionPeriod(Duration.days(14))
                .visibilityTimeout(Duration.seconds(FUNCTION_TIMEOUT.toSeconds().intValue() * 6))
                .deadLetterQueue(DeadLetterQueue.builder().queue(dlq).maxReceiveCount(MAX_RECEIVES).build())
                .encryption(QueueEncryption.KMS).encryptionMasterKey(key).dataKeyReuse(Duration.hours(1))
                .enforceSsl(true)
                .removalPolicy(cfg.removalPolicy())
                .build();
        Queue streamFailures = Queue.Builder.create(this, "OutboxFailures")
                .queueName("payhook-outbox-failures-" + env)
                .retentionPeriod(Duration.days(14))
                .encryption(QueueEncryption.KMS).encryptionMasterKey(key)
                .enforceSsl(true)
                .removalPolicy(cfg.removalPolicy())
                .build();

        // --- topics: customer confirmations, and alarms; undeliverable email notifications land in a DLQ
        Queue subscriptionDlq = Queue.Builder.create(this, "SubscriptionDlq")
                .queueName("payhook-subscriptions-dlq-" + env)
                .retentionPeriod(Duration.days(14))
                .encryption(QueueEncryption.KMS).encryptionMasterKey(key)
                .enforceSsl(true)
                .removalPolicy(cfg.removalPolicy())
                .build();
        var emailProps = software.amazon.awscdk.services.sns.subscriptions.EmailSubscriptionProps.builder()
                .deadLetterQueue(subscriptionDlq).build();
        Topic confirmations = Topic.Builder.create(this, "Confirmations")
                .topicName("payhook-confirmations-" + env).masterKey(key).enforceSsl(true).build();
        cfg.confirmationEmails().forEach(e -> confirmations.addSubscription(new EmailSubscription(e, emailProps)));
        Topic alarms = Topic.Builder.create(this, "Alarms")
                .topicName("payhook-alarms-" + env).masterKey(key).enforceSsl(true).build();
        if (cfg.alarmEmail() != null) alarms.addSubscription(new EmailSubscription(cfg.alarmEmail(), emailProps));

        // --- provider webhook secrets: values are put in after deployment, never in the template
        Secret providerSecrets = Secret.Builder.create(this, "ProviderSecrets")
                .secretName("payhook/provider-secrets-" + env)
                .description("payhook " + env + " provider webhook secrets: {\"stripe\":[...],\"adyen\":[...],\"standard_webhooks\":[...],\"generic\":[...]}")
                .encryptionKey(key)
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{\"stripe\":[],\"adyen\":[],\"standard_webhooks\":[],\"generic\":[]}")
                        .generateStringKey("placeholder").build())
                .removalPolicy(cfg.removalPolicy())
                .build();

        Map<String, String> environment = new HashMap<>();
        environment.put("PAYHOOK_ENV", env);
        environment.put("PAYHOOK_TABLE_NAME", table.getTableName());
        environment.put("PAYHOOK_QUEUE_URL", queue.getQueueUrl());
        environment.put("PAYHOOK_DLQ_URL", dlq.getQueueUrl());
        environment.put("PAYHOOK_TOPIC_ARN", confirmations.getTopicArn());
        environment.put("PAYHOOK_KMS_KEY_ARN", key.getKeyArn());
        environment.put("PAYHOOK_PROVIDER_SECRETS_ARN", providerSecrets.getSecretArn());
        environment.put("PAYHOOK_MAX_RECEIVES", Integer.toString(MAX_RECEIVES));
        environment.put("PAYHOOK_NOTIFIER", cfg.notifier());
        if (cfg.sesFrom() != null) environment.put("PAYHOOK_SES_FROM", cfg.sesFrom());
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        environment.put("POWERTOOLS_SERVICE_NAME", "payhook");

        Alias ingest = function("ingest", "IngestHandler", cfg, code, key, environment);
        Alias query = function("query", "QueryHandler", cfg, code, key, environment);
        Alias notifyRequest = function("notify-request", "NotifyRequestHandler", cfg, code, key, environment);
        Alias outbox = function("outbox", "OutboxStreamHandler", cfg, code, key, environment);
        Alias sender = function("notification-sender", "NotificationSenderHandler", cfg, code, key, environment);

        // --- least privilege, through grants
        table.grantWriteData(ingest);                         // PutItem (conditional) of events
        key.grant(ingest, "kms:GenerateDataKey");             // envelope-encrypt personal data
        providerSecrets.grantRead(ingest);
        table.grantReadData(query);
        table.grantReadWriteData(notifyRequest);
        table.grantReadWriteData(outbox);
        queue.grantSendMessages(outbox);
        table.grantReadWriteData(sender);
        key.grantDecrypt(sender);                             // open the customer email to send it
        confirmations.grantPublish(sender);
        queue.grant(sender, "sqs:ChangeMessageVisibility");   // retry backoff per message

        outbox.addEventSource(new DynamoEventSource(table, software.amazon.awscdk.services.lambda.eventsources.DynamoEventSourceProps.builder()
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(100)
                .bisectBatchOnError(true)
                .retryAttempts(10)
                .reportBatchItemFailures(true)
                .onFailure(new SqsDlq(streamFailures))
                .build()));
        sender.addEventSource(new SqsEventSource(queue, software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps.builder()
                .batchSize(10)
                .reportBatchItemFailures(true)
                .build()));

        // --- the API: every route IAM-authorised; OPEN mode opens only the webhook route
        LogGroup accessLogs = LogGroup.Builder.create(this, "ApiAccessLogs")
                .logGroupName("/aws/apigateway/payhook-" + env + "-access")
                .retention(cfg.logRetention()).encryptionKey(key).removalPolicy(cfg.removalPolicy()).build();
        RestApi api = RestApi.Builder.create(this, "Api")
                .restApiName("payhook-" + env)
                .description("payhook " + env + " webhook and transaction API")
                .cloudWatchRole(true)
                .deployOptions(StageOptions.builder()
                        .stageName(env)
                        .throttlingRateLimit(cfg.throttleRate())
                        .throttlingBurstLimit(cfg.throttleBurst())
                        .tracingEnabled(true)
                        .metricsEnabled(true)
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .dataTraceEnabled(false) // bodies carry personal data: never logged
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                        .build())
                .defaultMethodOptions(MethodOptions.builder().authorizationType(AuthorizationType.IAM).build())
                .build();
        RequestValidator validator = RequestValidator.Builder.create(this, "Validator").restApi(api)
                .requestValidatorName("payhook-" + env + "-validator")
                .validateRequestBody(true).validateRequestParameters(true).build();
        Model notifyModel = Model.Builder.create(this, "NotifyRequestModel").restApi(api)
                .contentType("application/json").modelName("NotifyRequest")
                .schema(JsonSchema.builder().type(JsonSchemaType.OBJECT)
                        .properties(Map.of("reason", JsonSchema.builder().type(JsonSchemaType.STRING).maxLength(200).build()))
                        .additionalProperties(false).build())
                .build();

        var webhooks = api.getRoot().addResource("webhooks").addResource("payment");
        webhooks.addMethod("POST", new LambdaIntegration(ingest), MethodOptions.builder()
                .authorizationType(cfg.webhookAuth() == EnvironmentConfig.WebhookAuth.OPEN ? AuthorizationType.NONE : AuthorizationType.IAM)
                .requestValidator(validator)
                .build());
        var transaction = api.getRoot().addResource("transactions").addResource("{id}");
        transaction.addMethod("GET", new LambdaIntegration(query), MethodOptions.builder()
                .authorizationType(AuthorizationType.IAM)
                .requestValidator(validator)
                .requestParameters(Map.of("method.request.path.id", true))
                .build());
        transaction.addResource("notify").addMethod("POST", new LambdaIntegration(notifyRequest), MethodOptions.builder()
                .authorizationType(AuthorizationType.IAM)
                .requestValidator(validator)
                .requestParameters(Map.of("method.request.path.id", true))
                .requestModels(Map.of("application/json", notifyModel))
                .build());

        // --- alarms → alarm topic, and one dashboard
        SnsAction toAlarmTopic = new SnsAction(alarms);
        List<IMetric> errors = new ArrayList<>();
        List<IMetric> durations = new ArrayList<>();
        functions.forEach((name, fn) -> {
            alarm("Errors-" + name, fn.metricErrors(every5m()), 1, "payhook " + env + " " + name + " function errors", toAlarmTopic);
            alarm("Throttles-" + name, fn.metricThrottles(every5m()), 1, "payhook " + env + " " + name + " function throttled", toAlarmTopic);
            errors.add(fn.metricErrors(every5m()));
            durations.add(fn.metricDuration(MetricOptions.builder().statistic("p99").period(Duration.minutes(5)).build()));
        });
        alarm("Api5xx", api.metricServerError(every5m()), 1, "payhook " + env + " API 5xx", toAlarmTopic);
        Alarm latency = Alarm.Builder.create(this, "ApiLatencyP99")
                .alarmName("payhook-" + env + "-api-p99-latency")
                .alarmDescription("payhook " + env + " API p99 latency over 500 ms")
                .metric(api.metricLatency(MetricOptions.builder().statistic("p99").period(Duration.minutes(5)).build()))
                .threshold(500).evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING).build();
        latency.addAlarmAction(toAlarmTopic);
        alarm("DlqNotEmpty", dlq.metricApproximateNumberOfMessagesVisible(every5m()), 1,
                "payhook " + env + " notifications dead-lettered: inspect, fix, ./payhook redrive", toAlarmTopic);
        Alarm age = Alarm.Builder.create(this, "QueueOldestMessage")
                .alarmName("payhook-" + env + "-queue-oldest-message")
                .alarmDescription("payhook " + env + " notification queue oldest message older than 5 minutes")
                .metric(queue.metricApproximateAgeOfOldestMessage(every5m()))
                .threshold(300).evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING).build();
        age.addAlarmAction(toAlarmTopic);

        Dashboard.Builder.create(this, "Dashboard").dashboardName("payhook-" + env).widgets(List.of(
                List.of(GraphWidget.Builder.create().title("API requests and 5xx").width(12)
                                .left(List.of(api.metricCount(every5m()), api.metricServerError(every5m()))).build(),
                        GraphWidget.Builder.create().title("API latency p99 (ms)").width(12)
                                .left(List.of(api.metricLatency(MetricOptions.builder().statistic("p99").period(Duration.minutes(5)).build()))).build()),
                List.of(GraphWidget.Builder.create().title("Function errors").width(12).left(errors).build(),
                        GraphWidget.Builder.create().title("Function duration p99 (ms)").width(12).left(durations).build()),
                List.of(GraphWidget.Builder.create().title("Notification queue depth and age").width(12)
                                .left(List.of(queue.metricApproximateNumberOfMessagesVisible(every5m())))
                                .right(List.of(queue.metricApproximateAgeOfOldestMessage(every5m()))).build(),
                        GraphWidget.Builder.create().title("DLQ depth").width(12)
                                .left(List.of(dlq.metricApproximateNumberOfMessagesVisible(every5m()))).build())))
                .build();

        CfnOutput.Builder.create(this, "ApiUrl").value(api.getUrl()).build();
        CfnOutput.Builder.create(this, "TableName").value(table.getTableName()).build();
        CfnOutput.Builder.create(this, "QueueUrl").value(queue.getQueueUrl()).build();
        CfnOutput.Builder.create(this, "DlqUrl").value(dlq.getQueueUrl()).build();
        CfnOutput.Builder.create(this, "TopicArn").value(confirmations.getTopicArn()).build();
        CfnOutput.Builder.create(this, "KeyArn").value(key.getKeyArn()).build();

        Nag.suppress(api, functions.values(), List.of(dlq, streamFailures, subscriptionDlq), providerSecrets, sender);
    }

    private Alias function(String name, String handlerClass, EnvironmentConfig cfg, Code code, Key key, Map<String, String> environment) {
        String env = cfg.name();
        String id = camel(name);
        LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
                .logGroupName("/aws/lambda/payhook-" + name + "-" + env)
                .retention(cfg.logRetention())
                .encryptionKey(key)
                .removalPolicy(cfg.removalPolicy())
                .build();
        Function fn = Function.Builder.create(this, id + "Function")
                .functionName("payhook-" + name + "-" + env)
                .description("payhook " + env + " " + name)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .memorySize(512)
                .timeout(FUNCTION_TIMEOUT)
                .handler(HANDLER_PACKAGE + handlerClass + "::handleRequest")
                .code(code)
                .reservedConcurrentExecutions(cfg.reservedConcurrency())
                .tracing(Tracing.ACTIVE)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .logGroup(logs)
                .environment(environment)
                .build();
        functions.put(name, fn);
        return Alias.Builder.create(this, id + "Live").aliasName("live").version(fn.getCurrentVersion()).build();
    }

    private void alarm(String id, IMetric metric, double threshold, String description, SnsAction action) {
        Alarm a = Alarm.Builder.create(this, id)
                .alarmName("payhook-" + getStackName() + "-" + id)
                .alarmDescription(description)
                .metric(metric).threshold(threshold).evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING).build();
        a.addAlarmAction(action);
    }

    private static MetricOptions every5m() {
        return MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
    }

    private static String camel(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("-")) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        return sb.toString();
    }

    /** Kept for tests: the functions by short name. */
    Map<String, Function> functions() { return functions; }
}
