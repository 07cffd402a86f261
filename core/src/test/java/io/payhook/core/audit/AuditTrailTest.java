package io.payhook.core.audit;

import io.payhook.core.error.AuditUnavailableException;
import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.paging.Cursors;
import io.payhook.core.port.InMemoryAuditLog;
import io.payhook.core.usecase.ReadAudit;
import io.payhook.core.usecase.RecordAudit;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit trail's rules: targets and queries without personal data, the record written, GET /audit's parameters and paging. */
class AuditTrailTest {
    static final Instant T = Instant.parse("2026-12-02T07:00:00Z");
    static final String PAN = "4111111111111111";

    final InMemoryAuditLog log = new InMemoryAuditLog();
    final MutableClock clock = new MutableClock();
    final RecordAudit record = new RecordAudit(log, clock);
    final ReadAudit read = new ReadAudit(log, new Cursors(key("audit-test")));

    static io.payhook.core.port.MacKey key(String secret) {
        return message -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return mac.doFinal(message);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    static final class MutableClock extends Clock {
        Instant now = T;
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @Test
    void aRequestIdThatIsAUuidIsKeptEvenWhenItsDigitsPassTheCardCheck() {
        // seen in AuditIT: a random UUID whose digits around the dashes passed the card-number check came back masked
        java.util.Random random = new java.util.Random(17);
        String uuid = null;
        for (int i = 0; i < 1_000_000 && uuid == null; i++) {
            String u = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
            if (!io.payhook.core.protection.CardData.maskPans(u).equals(u)) uuid = u;
        }
        assertThat(uuid).as("a UUID the card-number check masks").isNotNull();
        var r = new AuditRecord("alice", AuditAction.GET, "txn#t", "", java.time.Instant.EPOCH, uuid, "2xx", null);
        assertThat(r.requestId()).isEqualTo(uuid);
        var other = new AuditRecord("alice", AuditAction.GET, "txn#t", "", java.time.Instant.EPOCH, "req 4111111111111111", "2xx", null);
        assertThat(other.requestId()).as("anything else is masked as before").doesNotContain("4111111111111111");
    }

    @Test
    void targetsKeepWellFormedIdsOnly() {
        assertThat(AuditTarget.transaction("txn_1")).isEqualTo("txn#txn_1");
        assertThat(AuditTarget.transaction(PAN + " x")).isEqualTo("txn#-");
        assertThat(AuditTarget.transaction(null)).isEqualTo("txn#-");
        assertThat(AuditTarget.transaction(PAN)).as("well formed, but a card number").isEqualTo("txn#-");
        assertThat(AuditTarget.transaction("txn+" + PAN)).isEqualTo("txn#-");
        assertThat(AuditTarget.transaction("jane@example.com")).as("well formed, but an email address").isEqualTo("txn#-");
        assertThat(AuditTarget.replay("job_1")).isEqualTo("replay#job_1");
    }

    @Test
    void aQueryIsCanonicalAndHoldsNoCardNumberNorEmail() {
        Map<String, List<String>> p = new HashMap<>();
        p.put("status", List.of("SUCCEEDED", "FAILED"));
        p.put("merchant", List.of("shop-eu"));
        p.put("customer_id", List.of("cus_" + PAN));
        p.put("cursor", List.of("abc.def"));
        String q = AuditTarget.query(p);
        assertThat(q).startsWith("customer_id=").contains("&merchant=shop-eu&status=FAILED&status=SUCCEEDED")
                .doesNotContain(PAN).doesNotContain("cursor");
        assertThat(AuditTarget.query(Map.of("customer_id", List.of("jane@example.com")))).doesNotContain("jane@example.com");
        assertThat(AuditTarget.query(Map.of("merchant", List.of("x" + PAN)))).doesNotContain(PAN);
        assertThat(AuditTarget.query(Map.of())).isEmpty();
    }

    @Test
    void aCallIsRecordedWithItsOutcome() {
        AuditRecord r = record.record(new RecordAudit.Entry(AuditAction.GET, AuditTarget.transaction("txn_1"), null),
                "arn:aws:iam::1:user/alice", "req-1", 404, "not_found");
        assertThat(log.all()).containsExactly(r);
        assertThat(r.outcome()).isEqualTo("4xx");
        assertThat(r.error()).isEqualTo("not_found");
        assertThat(r.at()).isEqualTo(T);
        assertThat(r.sortKey()).isEqualTo("2026-12-02T07:00:00.000Z#req-1");
        assertThat(AuditRecord.outcome(200)).isEqualTo("2xx");
        assertThat(AuditRecord.outcome(503)).isEqualTo("5xx");
    }

    @Test
    void aLogThatCannotWriteIsAuditUnavailable() {
        log.down(true);
        assertThatThrownBy(() -> record.record(new RecordAudit.Entry(AuditAction.GET, "txn#txn_1", ""), "p", "r", 200, null))
                .isInstanceOf(AuditUnavailableException.class)
                .satisfies(e -> assertThat(((PayhookException) e).code()).isEqualTo(ErrorCode.AUDIT_UNAVAILABLE))
                .hasMessage(ErrorCode.AUDIT_UNAVAILABLE.defaultMessage());
        RecordAudit broken = new RecordAudit(new io.payhook.core.port.AuditLog() {
            @Override public void append(AuditRecord r) { throw new IllegalStateException("boom"); }
            @Override public List<AuditRecord> query(Query q) { throw new IllegalStateException("boom"); }
        }, clock);
        assertThatThrownBy(() -> broken.record(new RecordAudit.Entry(AuditAction.GET, "txn#txn_1", ""), "p", "r", 200, null))
                .isInstanceOf(AuditUnavailableException.class);
        assertThatThrownBy(() -> read.handle(Map.of("principal", "p"))).isInstanceOf(AuditUnavailableException.class);
    }

    @Test
    void everyBadParameterIsA400WithItsCode() {
        assertCode(Map.of(), ErrorCode.MISSING_FIELD);
        assertCode(Map.of("transaction_id", "txn_1", "principal", "p"), ErrorCode.INVALID_FIELD);
        assertCode(Map.of("transaction_id", "bad id"), ErrorCode.INVALID_ID);
        assertCode(Map.of("principal", "p", "limit", "0"), ErrorCode.INVALID_FIELD);
        assertCode(Map.of("principal", "p", "limit", "101"), ErrorCode.INVALID_FIELD);
        assertCode(Map.of("principal", "p", "limit", "ten"), ErrorCode.INVALID_FIELD);
        assertCode(Map.of("principal", "p", "from", "yesterday"), ErrorCode.INVALID_FIELD);
        assertCode(Map.of("principal", "p", "from", "2026-12-02T08:00:00Z", "to", "2026-12-02T07:00:00Z"), ErrorCode.INVALID_FIELD);
        assertCode(Map.of("principal", "p", "merchant", "x"), ErrorCode.INVALID_FIELD);
        assertCode(Map.of("principal", ""), ErrorCode.INVALID_FIELD);
        assertCode(Map.of("principal", "p", "cursor", "nonsense"), ErrorCode.INVALID_CURSOR);
    }

    @Test
    void pagesWalkEveryRecordOnceAndACursorOpensOnlyUnderItsOwnFilter() {
        for (int i = 0; i < 60; i++) {
            clock.now = T.plusMillis(i * 10L);
            record.record(new RecordAudit.Entry(AuditAction.GET, AuditTarget.transaction("txn_" + (i % 3)), ""),
                    i % 2 == 0 ? "alice" : "bob", "req-" + i, 200, null);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> p = new HashMap<>(Map.of("principal", "alice", "limit", "7"));
            if (cursor != null) p.put("cursor", cursor);
            ReadAudit.Page page = read.handle(p);
            assertThat(page.records()).hasSizeLessThanOrEqualTo(7).allMatch(r -> r.principal().equals("alice"));
            page.records().forEach(r -> seen.add(r.requestId()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(5); // 30 records, 7 a page
        List<String> expected = new ArrayList<>();
        for (int i = 58; i >= 0; i -= 2) expected.add("req-" + i);
        assertThat(seen).containsExactlyElementsOf(expected);

        String first = read.handle(Map.of("principal", "alice", "limit", "7")).nextCursor();
        assertCode(Map.of("principal", "bob", "cursor", first), ErrorCode.INVALID_CURSOR);
        assertCode(Map.of("transaction_id", "txn_1", "cursor", first), ErrorCode.INVALID_CURSOR);
        assertCode(Map.of("principal", "alice", "from", T.toString(), "cursor", first), ErrorCode.INVALID_CURSOR);
        assertThatThrownBy(() -> new ReadAudit(log, new Cursors(key("another"))).handle(Map.of("principal", "alice", "cursor", first)))
                .satisfies(e -> assertThat(((PayhookException) e).code()).isEqualTo(ErrorCode.INVALID_CURSOR));
        assertThat(read.handle(Map.of("principal", "alice", "limit", "3", "cursor", first)).records()).extracting(AuditRecord::requestId)
                .as("another page size under the same filter is fine").containsExactly("req-44", "req-42", "req-40");
        assertThat(read.handle(Map.of("transaction_id", "txn_1")).records()).hasSize(20)
                .allMatch(r -> r.target().equals("txn#txn_1"));
    }

    private void assertCode(Map<String, String> p, ErrorCode code) {
        assertThatThrownBy(() -> read.handle(p)).as(p.toString()).isInstanceOf(PayhookException.class)
                .satisfies(e -> assertThat(((PayhookException) e).code()).isEqualTo(code));
    }
}
