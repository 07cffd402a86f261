package io.payhook.core.port;

import io.payhook.core.audit.AuditAction;
import io.payhook.core.audit.AuditRecord;
import io.payhook.core.audit.AuditTarget;
import io.payhook.core.error.AuditUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link AuditLog} must do: run against the in-memory log ({@code InMemoryAuditLogTest}) and the
 * DynamoDB adapter on DynamoDB Local ({@code DynamoDbAuditLogIT} in {@code aws}). Each case uses targets and
 * principals of its own, so a log may be shared between cases.
 */
public abstract class AuditLogContract {
    protected static final Instant T = Instant.parse("2026-12-02T07:00:00Z");

    protected abstract AuditLog log();

    protected static String id(String prefix) { return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12); }

    protected static AuditRecord record(String principal, AuditAction action, String target, Instant at, String requestId) {
        return new AuditRecord(principal, action, target, "", at, requestId, "2xx", null);
    }

    @Test
    void aRecordReadsBackWithEveryField() {
        String txn = id("txn");
        String principal = "arn:aws:iam::123456789012:user/" + id("support");
        AuditRecord ok = new AuditRecord(principal, AuditAction.GET, AuditTarget.transaction(txn), "", T, "req-1", "2xx", null);
        AuditRecord refused = new AuditRecord(principal, AuditAction.NOTIFY, AuditTarget.transaction(txn), "", T.plusMillis(1),
                "req-2", "4xx", "not_found");
        AuditRecord search = new AuditRecord(principal, AuditAction.SEARCH, AuditTarget.SEARCH, "merchant=shop-eu&status=SUCCEEDED",
                T.plusMillis(2), "req-3", "2xx", null);
        log().append(ok);
        log().append(refused);
        log().append(search);
        assertThat(log().query(new AuditLog.Query(AuditLog.By.TARGET, AuditTarget.transaction(txn), null, null, 10, null)))
                .containsExactly(refused, ok);
        assertThat(log().query(new AuditLog.Query(AuditLog.By.PRINCIPAL, principal, null, null, 10, null)))
                .containsExactly(search, refused, ok);
    }

    @Test
    void aRecordIsNeverReplaced() {
        String target = AuditTarget.transaction(id("txn"));
        AuditRecord first = record("alice", AuditAction.GET, target, T, "req-same");
        log().append(first);
        AuditRecord second = new AuditRecord("mallory", AuditAction.GET, target, "", T, "req-same", "4xx", "not_found");
        assertThatThrownBy(() -> log().append(second)).isInstanceOf(AuditUnavailableException.class);
        assertThat(log().query(new AuditLog.Query(AuditLog.By.TARGET, target, null, null, 10, null))).containsExactly(first);
    }

    @Test
    void aQueryReturnsOnlyItsTargetOrPrincipalWithinTheWindow() {
        String mine = AuditTarget.transaction(id("txn"));
        String other = AuditTarget.transaction(id("txn"));
        String alice = id("alice");
        String bob = id("bob");
        for (int i = 0; i < 5; i++) {
            log().append(record(alice, AuditAction.GET, mine, T.plusSeconds(i), "a" + i));
            log().append(record(bob, AuditAction.GET, other, T.plusSeconds(i), "b" + i));
        }
        List<AuditRecord> window = log().query(new AuditLog.Query(AuditLog.By.TARGET, mine, T.plusSeconds(1), T.plusSeconds(3), 10, null));
        assertThat(window).extracting(AuditRecord::requestId).containsExactly("a2", "a1");
        assertThat(log().query(new AuditLog.Query(AuditLog.By.PRINCIPAL, bob, T.plusSeconds(3), null, 10, null)))
                .extracting(AuditRecord::requestId).containsExactly("b4", "b3");
        assertThat(log().query(new AuditLog.Query(AuditLog.By.PRINCIPAL, bob, null, T.plusSeconds(1), 10, null)))
                .extracting(AuditRecord::requestId).containsExactly("b0");
        assertThat(log().query(new AuditLog.Query(AuditLog.By.PRINCIPAL, id("nobody"), null, null, 10, null))).isEmpty();
    }

    @Test
    void pagesFromTheLastRecordSeenReturnEveryRecordOnceNewestFirst() {
        String principal = id("pager");
        String base = id("txn_p");
        List<AuditRecord> written = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // several targets, and pairs of records at the same millisecond (request ids break the tie)
            AuditRecord r = record(principal, AuditAction.GET, AuditTarget.transaction(base + (i % 4)), T.plusMillis(i / 2), "req-" + i);
            log().append(r);
            written.add(r);
        }
        for (AuditLog.By by : AuditLog.By.values()) {
            String value = by == AuditLog.By.PRINCIPAL ? principal : AuditTarget.transaction(base + 1);
            List<AuditRecord> expected = written.stream().filter(r -> by == AuditLog.By.PRINCIPAL || r.target().equals(value))
                    .sorted(java.util.Comparator.comparing(AuditRecord::sortKey).reversed()).toList();
            List<AuditRecord> seen = new ArrayList<>();
            AuditRecord.Key after = null;
            for (int pages = 0; pages < 30; pages++) {
                List<AuditRecord> page = log().query(new AuditLog.Query(by, value, null, null, 4, after));
                assertThat(page.size()).isLessThanOrEqualTo(4);
                if (page.isEmpty()) break;
                seen.addAll(page);
                after = page.get(page.size() - 1).key();
            }
            assertThat(seen).as(by.name()).containsExactlyElementsOf(expected);
        }
    }
}
