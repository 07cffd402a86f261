package io.payhook.core.archive;

import io.payhook.core.model.Money;
import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.model.Retention;
import io.payhook.core.model.SealedValue;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveCodecTest {
    private static final Instant T = Instant.parse("2026-12-02T11:19:58.002Z");

    static Transaction transaction(String id) {
        StoredEvent authorized = new StoredEvent("stripe", "evt_1" + id, id, "payment_intent.amount_capturable_updated", Status.AUTHORIZED,
                new Money(2500, "EUR"), "cus_1", new SealedValue(new byte[] {1, 2, 3, 4}), "visa •••• 4242", T, Set.of(), null,
                T.plusSeconds(1), "default");
        StoredEvent refundFailed = new StoredEvent("stripe", "evt_2" + id, id, "charge.refund.updated", null, null, null, null, null,
                T.plusSeconds(5), Set.of(Status.REFUNDED), null, T.plusSeconds(6), "default");
        StoredEvent succeeded = new StoredEvent("stripe", "evt_3" + id, id, "payment_intent.succeeded", Status.SUCCEEDED,
                new Money(2500, "EUR"), "cus_1", null, null, T.plusSeconds(2), Set.of(), null, T.plusSeconds(3), "default");
        Notification sent = new Notification("ntf_auto_1", id, "email", NotificationStatus.BOUNCED, "status_changed", Status.SUCCEEDED,
                T.plusSeconds(4), T.plusSeconds(7), 2, "bounce_permanent_general", "msg-1");
        return Transaction.fold(List.of(authorized, refundFailed, succeeded), List.of(sent));
    }

    @Test
    void aRecordRoundTripsWithEveryFieldSealedDataIncluded() {
        ArchiveRecord r = new ArchiveRecord(transaction("pi_a"), ArchiveRecord.Reason.TERMINAL, T.plusSeconds(60));
        ArchiveRecord back = ArchiveCodec.parse(ArchiveCodec.line(r));
        assertThat(back).isEqualTo(r);
        assertThat(back.lastChange()).isEqualTo(T.plusSeconds(7)); // the notification's sending is the last change
        assertThat(new String(ArchiveCodec.line(r), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"format\":\"payhook.archive/1\"", "\"reason\":\"terminal\"", "\"customer_email_sealed\":\"AQIDBA==\"")
                .endsWith("}\n").doesNotContain("\n{");
    }

    @Test
    void anObjectIsJsonLinesInGzipMembersEachReadableAloneFromItsRange() {
        List<ArchiveRecord> records = List.of(
                new ArchiveRecord(transaction("pi_a"), ArchiveRecord.Reason.TERMINAL, T),
                new ArchiveRecord(transaction("pi_b"), ArchiveRecord.Reason.EXPIRED, T));
        ArchiveCodec.Encoded o = ArchiveCodec.encode(records, Instant.parse("2026-12-02T11:20:00.125Z"));
        assertThat(o.key()).matches("transactions/v1/2026/12/02/11/20261202T112000125Z-[0-9a-f]{16}\\.jsonl\\.gz");
        assertThat(ArchiveCodec.decodeObject(o.bytes())).isEqualTo(records);
        for (int i = 0; i < records.size(); i++) {
            long[] range = o.ranges().get(i);
            byte[] member = Arrays.copyOfRange(o.bytes(), (int) range[0], (int) (range[0] + range[1]));
            assertThat(ArchiveCodec.decodeMember(member)).isEqualTo(records.get(i));
        }
        assertThat(ArchiveCodec.encode(records, Instant.parse("2026-12-02T11:20:00.125Z")).key()).isEqualTo(o.key());
    }

    @Test
    void newerIsTheLaterLastChange() {
        ArchiveRecord early = new ArchiveRecord(transaction("pi_a"), ArchiveRecord.Reason.TERMINAL, T.plusSeconds(100));
        Transaction t = transaction("pi_a");
        Notification later = new Notification("ntf_2", "pi_a", "email", NotificationStatus.QUEUED, "operator", Status.SUCCEEDED,
                T.plusSeconds(50), null, 0);
        ArchiveRecord late = new ArchiveRecord(Transaction.fold(t.events(), List.of(t.notifications().get(0), later)),
                ArchiveRecord.Reason.EXPIRED, T.plusSeconds(60));
        assertThat(late.newer(early)).isTrue();
        assertThat(early.newer(late)).isFalse();
    }

    @Test
    void terminalStatusesAreTheConfirmedOnes() {
        assertThat(ArchiveRecord.TERMINAL).containsExactlyInAnyOrder(Status.FAILED, Status.CANCELED, Status.SUCCEEDED,
                Status.PARTIALLY_REFUNDED, Status.REFUNDED);
        assertThat(ArchiveRecord.isTerminal(Status.DISPUTED)).isFalse();
        assertThat(ArchiveRecord.isTerminal(null)).isFalse();
    }

    @Test
    void retentionRoundsUpToADayFromAWeekAndToASecondBelow() {
        assertThat(Retention.parse("P90D").expiresAt(Instant.parse("2026-12-02T11:00:00Z"))).isEqualTo(Instant.parse("2027-03-03T00:00:00Z"));
        assertThat(Retention.parse("P90D").expiresAt(Instant.parse("2026-12-02T00:00:00Z"))).isEqualTo(Instant.parse("2027-03-02T00:00:00Z"));
        assertThat(Retention.parse("PT5S").expiresAt(Instant.parse("2026-12-02T11:00:00.250Z"))).isEqualTo(Instant.parse("2026-12-02T11:00:06Z"));
        assertThatThrownBy(() -> Retention.parse("90 days")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> Retention.parse("PT0S")).isInstanceOf(IllegalArgumentException.class);
    }
}
