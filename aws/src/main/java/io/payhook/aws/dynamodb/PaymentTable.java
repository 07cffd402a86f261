package io.payhook.aws.dynamodb;

import io.payhook.core.model.NotificationStatus;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The shape of the {@code payment_transactions} table (SPEC §6) and its items. The CDK stack
 * declares the same shape; locally the runner creates it with {@link #createRequest}.
 *
 * <p>Items of one transaction share the partition key {@code transaction_id}. The sort key
 * {@code timestamp} is a sortable string whose prefix says what the item is:
 * <ul>
 *   <li>{@code EVENT#<provider>#<event id>} — one provider event; the key is the dedupe key, so
 *       the conditional put that creates it is the atomic "exactly once";</li>
 *   <li>{@code NOTIF#<notification id>} — one notification request and its outcome;</li>
 *   <li>{@value #RISK_SORT_KEY} — the risk screen's last finding ({@link DynamoDbRiskStore}), written only when it changes.</li>
 *   <li>{@value #ARCHIVE_SORT_KEY} — the pointer to the transaction's newest archive record, written when its items
 *       expire (docs/ARCHIVE.md); it never expires itself.</li>
 * </ul>
 * Event and notification items carry {@value #EXPIRES_AT} (the table's TTL) when a retention is configured.
 * Other partitions hold what is not a transaction: {@code address#…} (suppressions), {@code alert#…} (alert windows),
 * {@code replay#…} (bulk re-notify jobs), {@code velocity#…} (the risk screen's facts per customer).
 */
public final class PaymentTable {
    public static final String PK = "transaction_id";
    public static final String SK = "timestamp";
    public static final String EVENT_PREFIX = "EVENT#";
    public static final String NOTIFICATION_PREFIX = "NOTIF#";

    // attribute names
    public static final String KIND = "kind";
    public static final String PROVIDER = "provider";
    public static final String EVENT_ID = "event_id";
    public static final String TYPE = "type";
    public static final String STATUS = "status";
    public static final String AMOUNT_MINOR = "amount_minor";
    public static final String CURRENCY = "currency";
    public static final String CUSTOMER_ID = "customer_id";
    public static final String CUSTOMER_EMAIL_SEALED = "customer_email_sealed";
    public static final String PAYMENT_METHOD = "payment_method";
    public static final String OCCURRED_AT = "occurred_at";
    public static final String RECEIVED_AT = "received_at";
    /** Statuses an event takes back (SS), absent when none. */
    public static final String REVERSES = "reverses";
    /** Why an ignored event is ignored (S), absent for an event with a status. */
    public static final String IGNORED_REASON = "ignored_reason";
    /**
     * The merchant account an event belongs to (S): the one it named, else its provider's configured label, else
     * {@code default}; on every event item written since payhook records merchants, absent on older ones.
     */
    public static final String MERCHANT = "merchant";
    public static final String NOTIFICATION_ID = "notification_id";
    public static final String CHANNEL = "channel";
    public static final String REASON = "reason";
    public static final String FOR_STATUS = "for_status";
    public static final String REQUESTED_AT = "requested_at";
    public static final String SENT_AT = "sent_at";
    public static final String ATTEMPTS = "attempts";
    /** A delivery attempt's claim on a notification item: epoch milliseconds it ends at (N). */
    public static final String CLAIMED_UNTIL = "claimed_until";
    public static final String UPDATED_AT = "updated_at";
    /** What became of a notification, when the status does not say it all (S). */
    public static final String DETAIL = "detail";
    /** The channel's id of a sent notification (S), for its bounce and complaint feedback. */
    public static final String MESSAGE_ID = "message_id";
    /**
     * A notification's status while it is {@linkplain NotificationStatus#isIndexed indexed} (S: QUEUED or FAILED, open;
     * SUPPRESSED, BOUNCED or COMPLAINED, the problems an operator looks into — see {@link #notificationState}); removed
     * when it is SENT or NO_RECIPIENT, so the index {@value #BY_NOTIFICATION_STATUS} never holds the bulk of the table.
     */
    public static final String NOTIFICATION_STATE = "notification_state";
    /**
     * Sparse global secondary index: partition key {@value #NOTIFICATION_STATE}, sort key {@value #REQUESTED_AT},
     * all attributes. Only the open notifications and the problems are in it, so reading the QUEUED (or FAILED, or
     * BOUNCED ...) ones costs what is in that status, never the table; they leave it with their transaction's items.
     */
    public static final String BY_NOTIFICATION_STATUS = "by_notification_status";

    public static final String KIND_EVENT = "EVENT";
    public static final String KIND_NOTIFICATION = "NOTIFICATION";
    /** A suppressed address ({@link DynamoDbSuppressionList}); its partition is {@code address#<keyed hash>}. */
    public static final String KIND_SUPPRESSION = "SUPPRESSION";
    public static final String SUPPRESSION_PREFIX = "address#";
    public static final String SUPPRESSION_SORT_KEY = "SUPPRESSED";
    public static final String SUPPRESSED_AT = "suppressed_at";
    /** An alert's aggregation window ({@link DynamoDbAlertLedger}); its partition is {@code alert#<kind|subject>}. */
    public static final String KIND_ALERT = "ALERT";
    public static final String ALERT_PREFIX = "alert#";
    /**
     * A bulk re-notify job ({@link DynamoDbReplayJobs}); its partition is {@code replay#<job id>}, sort key
     * {@value #REPLAY_JOB_SORT_KEY}. On the stream, a job that is not done is the outbox's to advance.
     */
    public static final String KIND_REPLAY_JOB = "REPLAY_JOB";
    public static final String REPLAY_JOB_PREFIX = "replay#";
    public static final String REPLAY_JOB_SORT_KEY = "JOB";
    public static final String JOB_ID = "job_id";
    public static final String FILTER = "filter";
    /** A job's matched transaction ids, in order (L of S). */
    public static final String TRANSACTION_IDS = "transaction_ids";
    /** How many of a job's transactions have had their notification requested (N). */
    public static final String NEXT = "next";
    /** How many transactions a job matched (N; the size of {@value #TRANSACTION_IDS}, for a reader of the stream). */
    public static final String MATCHED = "matched";
    /** The risk screen's finding of a transaction ({@link DynamoDbRiskStore}): in its partition, sort key {@value #RISK_SORT_KEY}. */
    public static final String KIND_RISK = "RISK";
    public static final String RISK_SORT_KEY = "RISK";
    /** {@code low}, {@code elevated} or {@code high} (S). */
    public static final String RISK_LEVEL = "risk_level";
    /** The finding's score (N). */
    public static final String RISK_SCORE = "risk_score";
    /** The reason codes, in order (L of S; empty for none). */
    public static final String RISK_REASONS = "risk_reasons";
    /** The finding's version (N, from 1): the conditional write's guard, and the summary's. */
    public static final String RISK_VERSION = "risk_version";
    /** When the finding was written (S, fixed-width UTC). */
    public static final String SCREENED_AT = "screened_at";
    /**
     * The risk screen's facts about one customer ({@link DynamoDbRiskStore}); partition {@code velocity#<provider>#<customer id>}:
     * a failure marker per failed event, sort key {@code FAILED#<time>#<provider>#<event id>}, and the customer's first
     * payment, sort key {@value #FIRST_PAYMENT_SORT_KEY}. Every one carries {@value #EXPIRES_AT}.
     */
    public static final String KIND_VELOCITY = "VELOCITY";
    public static final String VELOCITY_PREFIX = "velocity#";
    public static final String FAILURE_PREFIX = "FAILED#";
    public static final String FIRST_PAYMENT_SORT_KEY = "FIRST";
    /** The payment a failure marker or the first-payment item names (S). */
    public static final String PAYMENT_ID = "payment_id";
    /** The table's TTL attribute: epoch seconds after which DynamoDB deletes the item (N). */
    public static final String EXPIRES_AT = "expires_at";

    /** The sort key of a transaction's archive pointer (kind {@value #KIND_ARCHIVE}). */
    public static final String ARCHIVE_SORT_KEY = "ARCHIVE";
    public static final String KIND_ARCHIVE = "ARCHIVE";
    /** The pointer's object key (S), byte offset (N) and length (N) of the record's gzip member, and when it was written (S). */
    public static final String ARCHIVE_OBJECT = "archive_object";
    public static final String ARCHIVE_OFFSET = "archive_offset";
    public static final String ARCHIVE_LENGTH = "archive_length";
    public static final String ARCHIVED_AT = "archived_at";

    private PaymentTable() {}

    public static String eventKey(String provider, String eventId) { return EVENT_PREFIX + provider + "#" + eventId; }

    public static String notificationKey(String notificationId) { return NOTIFICATION_PREFIX + notificationId; }

    /**
     * The value of {@value #NOTIFICATION_STATE} for a notification in this status: the status while it is
     * {@linkplain NotificationStatus#isIndexed indexed}, else null (the attribute is absent and the item leaves the index).
     */
    public static String notificationState(NotificationStatus status) { return status.isIndexed() ? status.name() : null; }

    /**
     * Create-table request: on-demand, stream with new and old images (the outbox reads the new ones, the archiver the
     * old images of expired items), the index {@value #BY_NOTIFICATION_STATUS}.
     */
    public static CreateTableRequest createRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(NOTIFICATION_STATE).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(REQUESTED_AT).attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexes(notificationStatusIndex())
                .keySchema(
                        KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(StreamSpecification.builder().streamEnabled(true)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build())
                .build();
    }

    /** The index {@value #BY_NOTIFICATION_STATUS} (on-demand: no throughput to declare). */
    public static GlobalSecondaryIndex notificationStatusIndex() {
        return GlobalSecondaryIndex.builder().indexName(BY_NOTIFICATION_STATUS)
                .keySchema(KeySchemaElement.builder().attributeName(NOTIFICATION_STATE).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(REQUESTED_AT).keyType(KeyType.RANGE).build())
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }
}
