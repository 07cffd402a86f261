package io.payhook.infra;

import io.payhook.functions.FunctionsContract;
import io.payhook.functions.FunctionsContract.LambdaFunction;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.EncryptedPermissionsOptions;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.apigateway.JsonSchemaVersion;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.Model;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.ResponseType;
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
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.DlqDestinationConfig;
import software.amazon.awscdk.services.lambda.EventSourceMappingOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IEventSourceDlq;
import software.amazon.awscdk.services.lambda.IEventSourceMapping;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscriptionProps;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.wafv2.CfnLoggingConfiguration;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole of payhook in AWS (SPEC §6): API Gateway (IAM) → Lambda → DynamoDB (stream = outbox)
 * → SQS → Lambda → SNS, customer-managed KMS keys with rotation for every store, alarms and a
 * dashboard. Names are suffixed with the environment; everything that differs per environment
 * comes from {@link EnvironmentConfig}.
 *
 * <p>Two keys: the <em>storage key</em> encrypts the stores (table, queues, topics, log groups,
 * secret); the <em>field key</em> seals customer personal data inside items (envelope encryption
 * by the functions). Only ingest may seal and only the notification sender may open, so a function
 * that merely reads the table (query, notify-request, outbox) cannot read an email address.
 *
 * <p>Permissions come from grant calls with the actions each function's code actually calls
 * (see the table in docs/DEPLOY.md); no action wildcard, and {@code Resource: *} only where X-Ray
 * needs it.
 */
public final class TapStack extends Stack {
    /** Receives of a notification message before it is dead-lettered (and {@code PAYHOOK_MAX_RECEIVES}). */
    public static final int MAX_RECEIVES = 5;
    public static final Duration FUNCTION_TIMEOUT = Duration.seconds(30);
    /** SQS visibility timeout: 6× the function timeout, as AWS recommends for SQS event sources. */
    public static final Duration VISIBILITY_TIMEOUT = Duration.seconds(FUNCTION_TIMEOUT.toSeconds().intValue() * 6);
    /** Age of the oldest notification message that raises an alarm, seconds. */
    public static final int OLDEST_MESSAGE_ALARM_SECONDS = 300;
    /** Retries of a failing stream batch (bisected each time) before it goes to the failure queue. */
    public static final int STREAM_RETRY_ATTEMPTS = 10;

    // What the store adapter (aws/DynamoDbTransactionStore) calls: load = Query, loadAll = PartiQL
    // SELECT … WHERE transaction_id IN […], append and createNotification = conditional PutItem,
    // claimNotification and recordNotificationOutcome = UpdateItem. Nothing deletes.
    private static final String QUERY = "dynamodb:Query";
    private static final String PARTIQL_SELECT = "dynamodb:PartiQLSelect";
    private static final String GET = "dynamodb:GetItem";
    private static final String PUT = "dynamodb:PutItem";
    private static final String UPDATE = "dynamodb:UpdateItem";
    // What DynamoDB needs of the caller on the table's customer-managed key (CDK's table grants, without wildcards).
    private static final String[] TABLE_KEY_READ = {"kms:Decrypt", "kms:DescribeKey"};
    private static final String[] TABLE_KEY_WRITE = {"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt",
            "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext"};
    // A producer to an SSE-KMS queue or topic needs these two on its key.
    private static final List<String> PRODUCER_KEY = List.of("kms:GenerateDataKey", "kms:Decrypt");
    private static final List<String> SQS_SEND = List.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl");

    private final EnvironmentConfig cfg;
    private final String env;
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, Alias> aliases = new LinkedHashMap<>();

    public TapStack(Construct scope, String id, StackProps props, EnvironmentConfig cfg, Code code) {
        super(scope, id, props);
        this.cfg = cfg;
        this.env = cfg.name();

        // --- keys
        Key storageKey = Key.Builder.create(this, "StorageKey")
                .alias("alias/payhook-" + env)
                .description("payhook " + env + ": encryption at rest of the table, queues, topics, log groups and provider secrets")
                .enableKeyRotation(true)
                .removalPolicy(cfg.removalPolicy())
                .build();
        // CloudWatch Logs may use it only for payhook's own log groups of this account and region.
        storageKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchLogsForPayhookLogGroups")
                .principals(List.of(new ServicePrincipal("logs." + Aws.REGION + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
                        "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"))
                .resources(List.of("*")) // in a key policy, "*" means this key
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn", List.of(
                        logGroupArn("/aws/lambda/payhook-*-" + env),
                        logGroupArn("/aws/apigateway/payhook-" + env + "-access"),
                        logGroupArn(wafLogGroupName())))))
                .build());
        // SNS (→ encrypted subscription DLQ), SQS and CloudWatch alarms (→ encrypted alarm topic) on behalf of this account only.
        storageKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AwsServicesForThisAccount")
                .principals(List.of(new ServicePrincipal("sns.amazonaws.com"), new ServicePrincipal("sqs.amazonaws.com"),
                        new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(PRODUCER_KEY)
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                .build());
        Key fieldKey = Key.Builder.create(this, "FieldKey")
                .alias("alias/payhook-" + env + "-fields")
                .description("payhook " + env + ": envelope encryption of customer personal data inside items (AWS Encryption SDK)")
                .enableKeyRotation(true)
                .removalPolicy(cfg.removalPolicy())
                .build();

        // --- the table: one item per event, one per notification; its stream is the outbox
        Table table = Table.Builder.create(this, "Transactions")
                .tableName("payment_transactions-" + env)
                .partitionKey(Attribute.builder().name("transaction_id").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("timestamp").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(cfg.pointInTimeRecovery()).build())
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(storageKey)
                .stream(StreamViewType.NEW_IMAGE)
                .deletionProtection(cfg.isProd())
                .removalPolicy(cfg.removalPolicy())
                .build();

        // --- queues: notifications (+ DLQ), failed stream batches, undeliverable subscription messages
        Queue dlq = queue("NotificationDlq", "payhook-notifications-dlq-" + env, storageKey).build();
        Queue queue = queue("NotificationQueue", "payhook-notifications-" + env, storageKey)
                .receiveMessageWaitTime(Duration.seconds(20))
                .visibilityTimeout(VISIBILITY_TIMEOUT)
                .deadLetterQueue(DeadLetterQueue.builder().queue(dlq).maxReceiveCount(MAX_RECEIVES).build())
                .build();
        Queue streamFailures = queue("OutboxFailures", "payhook-outbox-failures-" + env, storageKey).build();
        Queue subscriptionDlq = queue("SubscriptionDlq", "payhook-subscriptions-dlq-" + env, storageKey).build();

        // --- topics: customer confirmations, and alarms
        EmailSubscriptionProps emailProps = EmailSubscriptionProps.builder().deadLetterQueue(subscriptionDlq).build();
        Topic confirmations = Topic.Builder.create(this, "Confirmations")
                .topicName("payhook-confirmations-" + env).displayName("payhook payment confirmations")
                .masterKey(storageKey).enforceSsl(true).build();
        cfg.confirmationEmails().forEach(e -> confirmations.addSubscription(new EmailSubscription(e, emailProps)));
        Topic alarms = Topic.Builder.create(this, "Alarms")
                .topicName("payhook-alarms-" + env).displayName("payhook " + env + " alarms")
                .masterKey(storageKey).enforceSsl(true).build();
        if (cfg.alarmEmail() != null) alarms.addSubscription(new EmailSubscription(cfg.alarmEmail(), emailProps));

        // --- provider webhook secrets: the values are put in after deployment, never in the template.
        // CloudFormation generates the initial value: the JSON template with empty lists plus one random
        // "placeholder" field, which the functions ignore (docs/DEPLOY.md shows how to set real secrets).
        Secret providerSecrets = Secret.Builder.create(this, "ProviderSecrets")
                .secretName("payhook/provider-secrets-" + env)
                .description("payhook " + env + " provider webhook secrets: {\"stripe\":[...],\"adyen\":[...],\"standard_webhooks\":[...],\"generic\":[...]}")
                .encryptionKey(storageKey)
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{\"stripe\":[],\"adyen\":[],\"standard_webhooks\":[],\"generic\":[]}")
                        .generateStringKey("placeholder").excludePunctuation(true).build())
                .removalPolicy(cfg.removalPolicy())
                .build();

        // --- functions: the variables they read (FunctionsContract, read by functions/PayhookConfig), the same for all five
        //     but for ingest's own (FunctionsContract.stackVariables(function, notifier))
        Map<String, String> environment = new TreeMap<>();
        environment.put(FunctionsContract.ENV, env);
        environment.put(FunctionsContract.TABLE_NAME, table.getTableName());
        environment.put(FunctionsContract.QUEUE_URL, queue.getQueueUrl());
        environment.put(FunctionsContract.TOPIC_ARN, confirmations.getTopicArn());
        environment.put(FunctionsContract.KMS_KEY_ARN, fieldKey.getKeyArn());
        environment.put(FunctionsContract.PROVIDER_SECRETS_ARN, providerSecrets.getSecretArn());
        environment.put(FunctionsContract.MAX_RECEIVES, Integer.toString(MAX_RECEIVES));
        environment.put(FunctionsContract.NOTIFIER, cfg.notifier().wire());
        if (cfg.notifier() == EnvironmentConfig.Notifier.SES) environment.put(FunctionsContract.SES_FROM, cfg.sesFrom());
        environment.put(FunctionsContract.JAVA_TOOL_OPTIONS, "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

        // ingest alone also labels the merchant of events that name none (PAYHOOK_MERCHANTS, empty unless configured)
        Map<String, String> ingestEnvironment = new TreeMap<>(environment);
        ingestEnvironment.put(FunctionsContract.MERCHANTS, cfg.merchants());
        Alias ingest = function(LambdaFunction.INGEST, code, storageKey, ingestEnvironment);
        Alias query = function(LambdaFunction.QUERY, code, storageKey, environment);
        Alias notifyRequest = function(LambdaFunction.NOTIFY_REQUEST, code, storageKey, environment);
        Alias outbox = function(LambdaFunction.OUTBOX, code, storageKey, environment);
        Alias sender = function(LambdaFunction.NOTIFICATION_SENDER, code, storageKey, environment);

        // --- least privilege, through grants
        // ingest: append events (conditional PutItem), seal the customer email, read the provider secrets;
        // its SnapStart primer queries one probe partition that never holds data, and nothing else.
        tableAccess(table, storageKey, ingest, TABLE_KEY_WRITE, PUT);
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(ingest)
                .actions(List.of(QUERY)).resourceArns(List.of(table.getTableArn()))
                .conditions(Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", List.of(FunctionsContract.PRIMING_PROBE_ID))))
                .build());
        fieldKey.grant(ingest, "kms:GenerateDataKey");
        providerSecrets.grantRead(ingest);
        // query: read only
        tableAccess(table, storageKey, query, TABLE_KEY_READ, QUERY, GET);
        // notify-request: read the transaction, put a notification request
        tableAccess(table, storageKey, notifyRequest, TABLE_KEY_WRITE, QUERY, GET, PUT);
        // outbox: read + put notification requests, send to the queue (stream read: below, with the mapping)
        tableAccess(table, storageKey, outbox, TABLE_KEY_WRITE, QUERY, PARTIQL_SELECT, GET, PUT);
        // its PartiQL reads name partition keys; a statement that would scan the table is refused
        outbox.addToRolePolicy(PolicyStatement.Builder.create().effect(Effect.DENY).actions(List.of(PARTIQL_SELECT))
                .resources(List.of(table.getTableArn()))
                .conditions(Map.of("Bool", Map.of("dynamodb:FullTableScan", "true"))).build());
        queue.getGrants().actions(outbox, SQS_SEND, EncryptedPermissionsOptions.builder().keyActions(PRODUCER_KEY).build());
        // sender: read, record the outcome, open the email, publish; consuming the queue (incl.
        // ChangeMessageVisibility for the retry backoff) is granted by the event source
        tableAccess(table, storageKey, sender, TABLE_KEY_WRITE, QUERY, GET, UPDATE);
        fieldKey.grant(sender, "kms:Decrypt");
        confirmations.getGrants().actions(sender, List.of("sns:Publish"), EncryptedPermissionsOptions.builder().keyActions(PRODUCER_KEY).build());
        if (cfg.notifier() == EnvironmentConfig.Notifier.SES) {
            // SendEmail only from the configured sender, through its address or domain identity
            String from = cfg.sesFrom();
            Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(sender)
                    .actions(List.of("ses:SendEmail"))
                    .resourceArns(List.of(sesIdentityArn(from), sesIdentityArn(from.substring(from.indexOf('@') + 1))))
                    .conditions(Map.of("StringEquals", Map.of("ses:FromAddress", from)))
                    .build());
        }

        // the outbox: the table's stream → outbox function. The mapping is declared directly (not with
        // DynamoEventSource, whose grant reads every stream of the account: ListStreams on "*").
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(outbox)
                .actions(List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"))
                .resourceArns(List.of(table.getTableStreamArn())).build());
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(outbox)
                .actions(List.of("dynamodb:ListStreams"))
                .resourceArns(List.of(table.getTableArn() + "/stream/*")).build()); // this table's streams only
        // (kms:Decrypt on the storage key for stream records is part of the table grant above)
        outbox.addEventSourceMapping("OutboxStream", EventSourceMappingOptions.builder()
                .eventSourceArn(table.getTableStreamArn())
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(100)
                .bisectBatchOnError(true)
                .retryAttempts(STREAM_RETRY_ATTEMPTS)
                .maxRecordAge(Duration.days(1))
                .reportBatchItemFailures(true)
                .onFailure(new SqsFailureDestination(streamFailures))
                .build());
        sender.addEventSource(new SqsEventSource(queue, SqsEventSourceProps.builder()
                .batchSize(10)
                .reportBatchItemFailures(true)
                .build()));

        // --- the API
        RestApi api = api(storageKey);
        if (cfg.webhookAuth() == EnvironmentConfig.WebhookAuth.OPEN) webAcl(api, storageKey);

        // --- alarms → alarm topic, and one dashboard
        alarmsAndDashboard(api, queue, dlq, streamFailures, subscriptionDlq, new SnsAction(alarms));

        output("ApiUrl", api.getUrl(), "Base URL of the API stage (SigV4, service execute-api)");
        output("TableName", table.getTableName(), "DynamoDB table of events and notifications");
        output("QueueUrl", queue.getQueueUrl(), "Notification queue");
        output("DlqUrl", dlq.getQueueUrl(), "Notification dead-letter queue");
        output("DlqArn", dlq.getQueueArn(), "Notification dead-letter queue ARN (./payhook redrive --aws --dlq-arn ...)");
        output("TopicArn", confirmations.getTopicArn(), "SNS topic of payment confirmations");
        output("KeyArn", storageKey.getKeyArn(), "KMS key encrypting the stores at rest");
        output("FieldKeyArn", fieldKey.getKeyArn(), "KMS key of the personal-data envelopes (PAYHOOK_KMS_KEY_ARN)");
        output("ProviderSecretsArn", providerSecrets.getSecretArn(), "Secrets Manager secret of the provider webhook secrets");

        Nag.suppress(cfg, api, functions.values(), List.of(dlq, streamFailures, subscriptionDlq), providerSecrets, sender, functions.get("outbox"));
    }

    private Queue.Builder queue(String id, String name, Key key) {
        return Queue.Builder.create(this, id)
                .queueName(name)
                .retentionPeriod(Duration.days(14))
                .encryption(QueueEncryption.KMS).encryptionMasterKey(key).dataKeyReuse(Duration.hours(1))
                .enforceSsl(true)
                .removalPolicy(cfg.removalPolicy());
    }

    private Alias function(LambdaFunction f, Code code, Key storageKey, Map<String, String> environment) {
        String name = f.shortName;
        String id = camel(name);
        LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
                .logGroupName("/aws/lambda/payhook-" + name + "-" + env)
                .retention(cfg.logRetention())
                .encryptionKey(storageKey)
                .removalPolicy(cfg.removalPolicy())
                .build();
        Function fn = Function.Builder.create(this, id + "Function")
                .functionName("payhook-" + name + "-" + env)
                .description("payhook " + env + " " + name)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .memorySize(512)
                .timeout(FUNCTION_TIMEOUT)
                .handler(f.handler())
                .code(code)
                .reservedConcurrentExecutions(cfg.reservedConcurrency())
                .tracing(Tracing.ACTIVE)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .logGroup(logs)
                .environment(environment)
                .build();
        // SnapStart applies to published versions only: callers and event sources use the alias "live"
        // on the version CDK publishes for every code or configuration change (currentVersion)
        Alias alias = Alias.Builder.create(this, id + "Live").aliasName("live").version(fn.getCurrentVersion()).build();
        Annotations.of(fn).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "A version is published (currentVersion) and invoked only through the alias live.");
        functions.put(name, fn);
        aliases.put(name, alias);
        return alias;
    }

    private static void tableAccess(Table table, Key key, IGrantable fn, String[] keyActions, String... tableActions) {
        table.getGrants().actions(fn, tableActions);
        key.grant(fn, keyActions);
    }

    private RestApi api(Key storageKey) {
        LogGroup accessLogs = LogGroup.Builder.create(this, "ApiAccessLogs")
                .logGroupName("/aws/apigateway/payhook-" + env + "-access")
                .retention(cfg.logRetention()).encryptionKey(storageKey).removalPolicy(cfg.removalPolicy()).build();
        RestApi api = RestApi.Builder.create(this, "Api")
                .restApiName("payhook-" + env)
                .description("payhook " + env + " webhook and transaction API")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                .cloudWatchRole(true) // the account-level role API Gateway needs to write execution logs
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

        // Errors API Gateway answers itself keep the API's shape {"error","message"} (SPEC §2), with
        // fixed messages: API Gateway's own messages may quote the request (a canonical request, a header).
        gatewayError(api, ResponseType.MISSING_AUTHENTICATION_TOKEN, "missing_authentication", "The request is not signed with SigV4, or the route does not exist.");
        gatewayError(api, ResponseType.INVALID_SIGNATURE, "invalid_signature", "The SigV4 signature does not match.");
        gatewayError(api, ResponseType.EXPIRED_TOKEN, "invalid_signature", "The SigV4 credentials or signature have expired.");
        gatewayError(api, ResponseType.ACCESS_DENIED, "access_denied", "The caller may not call this route.");
        gatewayError(api, ResponseType.BAD_REQUEST_BODY, "invalid_field", "The body does not match the route's schema.");
        gatewayError(api, ResponseType.BAD_REQUEST_PARAMETERS, "invalid_id", "A required path parameter is missing.");
        gatewayError(api, ResponseType.REQUEST_TOO_LARGE, "payload_too_large", "The body is larger than the limit.");
        gatewayError(api, ResponseType.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "The body must be JSON (Content-Type: application/json).");
        gatewayError(api, ResponseType.THROTTLED, "throttled", "Too many requests; retry later.");
        gatewayError(api, ResponseType.WAF_FILTERED, "forbidden", "The request was refused.");
        gatewayError(api, ResponseType.DEFAULT_4_XX, "bad_request", "The request was refused.");
        gatewayError(api, ResponseType.DEFAULT_5_XX, "internal_error", "The request could not be processed.");

        RequestValidator paramsValidator = RequestValidator.Builder.create(this, "ParamsValidator").restApi(api)
                .requestValidatorName("payhook-" + env + "-params")
                .validateRequestBody(false).validateRequestParameters(true).build();
        RequestValidator bodyAndParamsValidator = RequestValidator.Builder.create(this, "BodyAndParamsValidator").restApi(api)
                .requestValidatorName("payhook-" + env + "-body-and-params")
                .validateRequestBody(true).validateRequestParameters(true).build();
        Model notifyModel = Model.Builder.create(this, "NotifyRequestModel").restApi(api)
                .contentType("application/json").modelName("NotifyRequest")
                .description("Optional body of POST /transactions/{id}/notify")
                .schema(JsonSchema.builder().schema(JsonSchemaVersion.DRAFT4).title("NotifyRequest").type(JsonSchemaType.OBJECT)
                        .properties(Map.of("reason", JsonSchema.builder().type(JsonSchemaType.STRING).maxLength(200).build()))
                        .additionalProperties(false).build())
                .build();

        // POST /webhooks/payment: no gateway body validation on purpose — the signature is verified on
        // the raw bytes before anything parses them (SPEC §2), and each provider has its own shape.
        Method webhook = api.getRoot().addResource("webhooks").addResource("payment")
                .addMethod("POST", new LambdaIntegration(aliases.get("ingest")), MethodOptions.builder()
                        .authorizationType(cfg.webhookAuth() == EnvironmentConfig.WebhookAuth.OPEN ? AuthorizationType.NONE : AuthorizationType.IAM)
                        .build());
        var transaction = api.getRoot().addResource("transactions").addResource("{id}");
        transaction.addMethod("GET", new LambdaIntegration(aliases.get("query")), MethodOptions.builder()
                .authorizationType(AuthorizationType.IAM)
                .requestValidator(paramsValidator)
                .requestParameters(Map.of("method.request.path.id", true))
                .build());
        transaction.addResource("notify").addMethod("POST", new LambdaIntegration(aliases.get("notify-request")), MethodOptions.builder()
                .authorizationType(AuthorizationType.IAM)
                .requestValidator(bodyAndParamsValidator)
                .requestParameters(Map.of("method.request.path.id", true))
                .requestModels(Map.of("application/json", notifyModel))
                .build());
        if (cfg.webhookAuth() == EnvironmentConfig.WebhookAuth.OPEN) Nag.openWebhook(webhook);
        return api;
    }

    private void gatewayError(RestApi api, ResponseType type, String code, String message) {
        api.addGatewayResponse("Error" + camel(type.getResponseType().toLowerCase(java.util.Locale.ROOT).replace('_', '-')), GatewayResponseOptions.builder()
                .type(type)
                .templates(Map.of("application/json", "{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}"))
                .build());
    }

    /** OPEN mode: the webhook route is public, so a WAF web ACL with AWS managed rules guards the stage. */
    private void webAcl(RestApi api, Key storageKey) {
        CfnWebACL acl = CfnWebACL.Builder.create(this, "WebAcl")
                .name("payhook-" + env)
                .scope("REGIONAL")
                .description("payhook " + env + ": managed IP reputation and known-bad-input rules in front of the open webhook route")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder().allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .visibilityConfig(visibility("payhook-" + env))
                .rules(List.of(managedRule("AWSManagedRulesAmazonIpReputationList", 0),
                        managedRule("AWSManagedRulesKnownBadInputsRuleSet", 1)))
                .build();
        CfnWebACLAssociation.Builder.create(this, "WebAclAssociation")
                .resourceArn(api.getDeploymentStage().getStageArn())
                .webAclArn(acl.getAttrArn())
                .build();
        LogGroup wafLogs = LogGroup.Builder.create(this, "WafLogs")
                .logGroupName(wafLogGroupName())
                .retention(cfg.logRetention()).encryptionKey(storageKey).removalPolicy(cfg.removalPolicy()).build();
        CfnLoggingConfiguration.Builder.create(this, "WafLogging")
                .resourceArn(acl.getAttrArn())
                .logDestinationConfigs(List.of(formatArn(ArnComponents.builder().service("logs").resource("log-group")
                        .resourceName(wafLogs.getLogGroupName()).arnFormat(ArnFormat.COLON_RESOURCE_NAME).build())))
                // signatures are never logged (SPEC §5)
                .redactedFields(List.of("authorization", "x-amz-security-token", "stripe-signature", "webhook-signature", "payhook-signature")
                        .stream().map(h -> (Object) CfnLoggingConfiguration.FieldToMatchProperty.builder()
                                .singleHeader(Map.of("Name", h)).build()).toList())
                .build();
    }

    private static CfnWebACL.RuleProperty managedRule(String name, int priority) {
        return CfnWebACL.RuleProperty.builder()
                .name(name).priority(priority)
                .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
                .statement(CfnWebACL.StatementProperty.builder()
                        .managedRuleGroupStatement(CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                                .vendorName("AWS").name(name).build()).build())
                .visibilityConfig(visibility(name))
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metric) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true).metricName(metric).sampledRequestsEnabled(true).build();
    }

    private void alarmsAndDashboard(RestApi api, Queue queue, Queue dlq, Queue streamFailures, Queue subscriptionDlq, SnsAction toAlarmTopic) {
        List<IMetric> errors = new ArrayList<>();
        List<IMetric> durations = new ArrayList<>();
        functions.forEach((name, fn) -> {
            alarm(camel(name) + "Errors", name + "-errors", fn.metricErrors(sum5m()), ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                    "payhook " + env + " " + name + ": function errors", toAlarmTopic);
            alarm(camel(name) + "Throttles", name + "-throttles", fn.metricThrottles(sum5m()), ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                    "payhook " + env + " " + name + ": function throttled (reserved concurrency " + cfg.reservedConcurrency() + ")", toAlarmTopic);
            errors.add(fn.metricErrors(sum5m()));
            durations.add(fn.metricDuration(p99()));
        });
        alarm("Api5xx", "api-5xx", api.metricServerError(sum5m()), ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                "payhook " + env + ": API answered 5xx", toAlarmTopic);
        alarm("ApiLatencyP99", "api-p99-latency", api.metricLatency(p99()), ComparisonOperator.GREATER_THAN_THRESHOLD, 500,
                "payhook " + env + ": API p99 latency over 500 ms", toAlarmTopic);
        alarm("DlqNotEmpty", "dlq-not-empty", dlq.metricApproximateNumberOfMessagesVisible(max5m()), ComparisonOperator.GREATER_THAN_THRESHOLD, 0,
                "payhook " + env + ": notifications dead-lettered — inspect, fix, ./payhook redrive", toAlarmTopic);
        // the outbox gave up on a stream batch: those transactions got no notification request
        alarm("OutboxFailuresNotEmpty", "outbox-failures-not-empty", streamFailures.metricApproximateNumberOfMessagesVisible(max5m()),
                ComparisonOperator.GREATER_THAN_THRESHOLD, 0,
                "payhook " + env + ": the outbox gave up on stream records — re-request those notifications (OPERATIONS.md)", toAlarmTopic);
        // SNS could not deliver a confirmation to an email subscription
        alarm("SubscriptionDlqNotEmpty", "subscriptions-dlq-not-empty", subscriptionDlq.metricApproximateNumberOfMessagesVisible(max5m()),
                ComparisonOperator.GREATER_THAN_THRESHOLD, 0,
                "payhook " + env + ": SNS could not deliver confirmations to a subscription (OPERATIONS.md)", toAlarmTopic);
        alarm("QueueOldestMessage", "queue-oldest-message", queue.metricApproximateAgeOfOldestMessage(max5m()), ComparisonOperator.GREATER_THAN_THRESHOLD,
                OLDEST_MESSAGE_ALARM_SECONDS, "payhook " + env + ": oldest notification message older than " + OLDEST_MESSAGE_ALARM_SECONDS + " s", toAlarmTopic);

        Dashboard.Builder.create(this, "Dashboard").dashboardName("payhook-" + env).widgets(List.of(
                List.of(GraphWidget.Builder.create().title("API requests and 5xx").width(12)
                                .left(List.of(api.metricCount(sum5m()), api.metricServerError(sum5m()))).build(),
                        GraphWidget.Builder.create().title("API latency p99 (ms)").width(12)
                                .left(List.of(api.metricLatency(p99()))).build()),
                List.of(GraphWidget.Builder.create().title("Function errors").width(12).left(errors).build(),
                        GraphWidget.Builder.create().title("Function duration p99 (ms)").width(12).left(durations).build()),
                List.of(GraphWidget.Builder.create().title("Notification queue depth and oldest message age (s)").width(12)
                                .left(List.of(queue.metricApproximateNumberOfMessagesVisible(max5m())))
                                .right(List.of(queue.metricApproximateAgeOfOldestMessage(max5m()))).build(),
                        GraphWidget.Builder.create().title("DLQ depth (notifications, outbox failures, subscriptions)").width(12)
                                .left(List.of(dlq.metricApproximateNumberOfMessagesVisible(max5m()),
                                        streamFailures.metricApproximateNumberOfMessagesVisible(max5m()),
                                        subscriptionDlq.metricApproximateNumberOfMessagesVisible(max5m()))).build())))
                .build();
    }

    private void alarm(String id, String name, IMetric metric, ComparisonOperator op, double threshold, String description, SnsAction action) {
        Alarm.Builder.create(this, id)
                .alarmName("payhook-" + env + "-" + name)
                .alarmDescription(description)
                .metric(metric).threshold(threshold).evaluationPeriods(1)
                .comparisonOperator(op)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build()
                .addAlarmAction(action);
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    private String wafLogGroupName() { return "aws-waf-logs-payhook-" + env; }

    private static String logGroupArn(String name) {
        return "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:" + name;
    }

    private static String sesIdentityArn(String identity) {
        return "arn:" + Aws.PARTITION + ":ses:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":identity/" + identity;
    }

    private static MetricOptions sum5m() {
        return MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
    }

    private static MetricOptions max5m() {
        return MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build();
    }

    private static MetricOptions p99() {
        return MetricOptions.builder().period(Duration.minutes(5)).statistic("p99").build();
    }

    private static String camel(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("-")) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        return sb.toString();
    }

    /** The functions by short name (ingest, query, notify-request, outbox, notification-sender). */
    Map<String, Function> functions() { return functions; }

    /**
     * On-failure destination of the outbox stream mapping: CDK's {@code SqsDlq} grants
     * {@code kms:GenerateDataKey*}/{@code kms:ReEncrypt*}; this grants the two key actions an SSE-KMS
     * producer needs and the send actions, nothing more.
     */
    static final class SqsFailureDestination implements IEventSourceDlq {
        private final Queue queue;

        SqsFailureDestination(Queue queue) { this.queue = queue; }

        @Override
        public DlqDestinationConfig bind(IEventSourceMapping target, IFunction targetHandler) {
            queue.getGrants().actions(targetHandler, SQS_SEND, EncryptedPermissionsOptions.builder().keyActions(PRODUCER_KEY).build());
            return DlqDestinationConfig.builder().destination(queue.getQueueArn()).build();
        }
    }
}
