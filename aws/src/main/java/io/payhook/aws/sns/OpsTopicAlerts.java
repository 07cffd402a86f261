package io.payhook.aws.sns;

import io.payhook.core.port.Alerts;
import io.payhook.core.protection.CardData;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;

import java.time.Clock;
import java.util.Objects;

/**
 * {@link Alerts} published to the operations topic (SPEC §6): a one-line subject that names the kind and
 * the payment, and a plain-text message with the kind, provider, transaction id, event or notification id,
 * reason, time and what to do (the runbook's section). Only ids, the provider and the reason: never
 * personal data (the reason is cleaned of anything that looks like an email address or a card number,
 * whatever a caller passed). Aggregation is not done here: wrap it in core's {@code ThrottledAlerts}.
 *
 * <p>A publish that fails throws {@link AlertNotPublishedException} (its message names the SNS error code
 * only); {@code ThrottledAlerts} swallows it, so an alert never fails the work that raised it.
 */
public final class OpsTopicAlerts implements Alerts {
    /** SNS: "less than 100 characters". */
    static final int MAX_SUBJECT = 99;
    static final String RUNBOOK = "docs/OPERATIONS.md";

    private final SnsClient client;
    private final String topicArn;
    private final String environment;
    private final Clock clock;

    /** @param environment {@code dev}, {@code prod} (named in every subject), or null */
    public OpsTopicAlerts(SnsClient client, String topicArn, String environment, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
        this.environment = environment;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An alert that could not be published; says which SNS error, nothing more. */
    public static final class AlertNotPublishedException extends RuntimeException {
        AlertNotPublishedException(String message) { super(message, null, false, false); }
    }

    @Override
    public boolean raise(Alert alert) {
        try {
            client.publish(toRequest(topicArn, environment, alert, clock));
            return true;
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            throw new AlertNotPublishedException("SNS Publish failed: " + (code == null ? "error" : code) + " (HTTP " + e.statusCode() + ")");
        } catch (SdkException e) {
            throw new AlertNotPublishedException("SNS Publish failed: " + e.getClass().getSimpleName());
        }
    }

    /** The publish request for an alert (pure; unit-tested). */
    public static PublishRequest toRequest(String topicArn, String environment, Alert a, Clock clock) {
        return PublishRequest.builder().topicArn(topicArn).subject(subject(environment, a)).message(message(environment, a, clock)).build();
    }

    /** {@code payhook <env>: <kind> — <provider> <transaction id>}: one line, under 100 characters. */
    static String subject(String environment, Alert a) {
        StringBuilder s = new StringBuilder("payhook");
        if (environment != null && !environment.isBlank()) s.append(' ').append(environment);
        s.append(": ").append(label(a.kind())).append(" —");
        if (a.provider() != null) s.append(' ').append(a.provider());
        if (a.transactionId() != null) s.append(' ').append(a.transactionId());
        String line = clean(s.toString(), true).replaceAll("\\p{Cntrl}+", " ").strip();
        return line.length() > MAX_SUBJECT ? line.substring(0, MAX_SUBJECT - 1) + "…" : line;
    }

    /** The plain-text body: every field on its own line, then what to do. */
    static String message(String environment, Alert a, Clock clock) {
        StringBuilder m = new StringBuilder();
        m.append("payhook operations alert").append(environment == null ? "" : " (" + environment + ")").append("\n\n");
        line(m, "kind", a.kind().name().toLowerCase(java.util.Locale.ROOT));
        line(m, "provider", a.provider());
        line(m, "transaction id", a.transactionId());
        line(m, subjectLabel(a.kind()), a.subjectId());
        line(m, "reason", a.reason());
        line(m, "time", clock.instant().toString());
        m.append("\nWhat to do: ").append(advice(a.kind())).append('\n');
        m.append("\nAt most one alert of this kind per payment (or provider) is sent in 5 minutes; more of the same may follow in the logs.\n");
        return m.toString();
    }

    private static void line(StringBuilder m, String label, String value) {
        if (value == null || value.isBlank()) return;
        m.append(label).append(": ").append(clean(value, label.endsWith(" id")).replaceAll("[\\r\\n]+", " ")).append('\n');
    }

    /** Emails and card numbers out, whatever a caller passed (ids by the card-scheme rule, as the logs do). */
    private static String clean(String v, boolean id) {
        String s = CardData.maskEmails(v);
        return id ? CardData.maskSchemePans(s) : CardData.maskPans(s);
    }

    static String label(Kind k) {
        return switch (k) {
            case NOTIFICATION_DEAD_LETTERED -> "notification dead-lettered";
            case DISPUTE -> "dispute";
            case PROVIDER_NOT_CONFIGURED -> "provider not configured";
            case HIGH_RISK -> "high risk";
        };
    }

    private static String subjectLabel(Kind k) {
        return k == Kind.NOTIFICATION_DEAD_LETTERED ? "notification id" : "event id";
    }

    static String advice(Kind k) {
        return switch (k) {
            case NOTIFICATION_DEAD_LETTERED -> "the customer has no confirmation yet. Find why the last attempt failed, fix it, and redrive the "
                    + "dead-letter queue (" + RUNBOOK + ", \"Operations alerts\" and \"DLQ: inspect, fix, redrive\").";
            case DISPUTE -> "the customer disputed the payment with their bank. Answer it in the provider's dashboard before its deadline; "
                    + "GET /transactions/{id} shows the payment's history (" + RUNBOOK + ", \"Operations alerts\").";
            case PROVIDER_NOT_CONFIGURED -> "deliveries from this provider are refused (401) until a secret is configured for it; the provider "
                    + "retries for a while. Add its secret (" + RUNBOOK + ", \"Operations alerts\" and \"Rotating a provider secret\").";
            case HIGH_RISK -> "the risk screen scored the payment high; the reason lists the rules that fired. Review it in the provider's "
                    + "dashboard before it is fulfilled; GET /transactions/{id} shows its risk (" + RUNBOOK + ", \"Operations alerts\"; docs/RISK.md).";
        };
    }
}
