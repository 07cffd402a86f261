package io.payhook.local;

import java.time.Instant;

/** Bodies in payhook's generic webhook format, for the ITs ({@link LocalSystemExtension#webhook} signs and sends them). */
final class GenericBody {
    private GenericBody() {}

    /**
     * An event of {@code txn} with {@code status} ({@code type payment.<status>}), customer {@code cus_test},
     * payment method {@code visa 4242}, occurred now; {@code email} null: none.
     *
     * @param amount in minor units of {@code currency}
     */
    static String of(String eventId, String txn, String status, long amount, String currency, String email) {
        return "{\"event_id\":\"" + eventId + "\",\"transaction_id\":\"" + txn + "\",\"type\":\"payment." + status
                + "\",\"status\":\"" + status + "\",\"amount\":{\"value\":" + amount + ",\"currency\":\"" + currency + "\"},"
                + "\"customer_id\":\"cus_test\"," + (email == null ? "" : "\"customer_email\":\"" + email + "\",")
                + "\"payment_method\":\"visa 4242\",\"occurred_at\":\"" + Instant.now() + "\"}";
    }
}
