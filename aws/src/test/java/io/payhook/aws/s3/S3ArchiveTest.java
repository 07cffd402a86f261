package io.payhook.aws.s3;

import io.payhook.core.archive.ArchiveRecord;
import io.payhook.core.error.StoreUnavailableException;
import io.payhook.core.model.Money;
import io.payhook.core.model.Status;
import io.payhook.core.model.StoredEvent;
import io.payhook.core.model.Transaction;
import io.payhook.core.port.Archive;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3 adapter against a stub bucket (a sorted map of keys, ranged reads as S3 serves them, pages of 2 keys). */
class S3ArchiveTest {
    static final class StubS3 implements S3Client {
        final TreeMap<String, byte[]> objects = new TreeMap<>();
        final List<PutObjectRequest> puts = new ArrayList<>();
        boolean down;

        @Override public String serviceName() { return "s3"; }
        @Override public void close() {}

        @Override
        public PutObjectResponse putObject(PutObjectRequest r, RequestBody body) {
            if (down) throw S3Exception.builder().statusCode(503).message("slow down").build();
            try (var in = body.contentStreamProvider().newStream(); var out = new ByteArrayOutputStream()) {
                in.transferTo(out);
                objects.put(r.key(), out.toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            puts.add(r);
            return PutObjectResponse.builder().build();
        }

        @Override
        public ResponseBytes<GetObjectResponse> getObjectAsBytes(GetObjectRequest r) {
            byte[] all = objects.get(r.key());
            if (r.range() != null) {
                String[] se = r.range().substring("bytes=".length()).split("-");
                all = Arrays.copyOfRange(all, Integer.parseInt(se[0]), Integer.parseInt(se[1]) + 1);
            }
            return ResponseBytes.fromByteArray(GetObjectResponse.builder().build(), all);
        }

        @Override
        public ListObjectsV2Response listObjectsV2(ListObjectsV2Request r) {
            String after = r.continuationToken() != null ? r.continuationToken() : r.startAfter();
            var tail = after == null ? objects.tailMap(r.prefix(), true) : objects.tailMap(after, false);
            List<S3Object> page = tail.keySet().stream().filter(k -> k.startsWith(r.prefix())).limit(2)
                    .map(k -> S3Object.builder().key(k).build()).toList();
            boolean more = !page.isEmpty() && tail.keySet().stream().filter(k -> k.startsWith(r.prefix())).count() > page.size();
            return ListObjectsV2Response.builder().contents(page).isTruncated(more)
                    .nextContinuationToken(more ? page.get(page.size() - 1).key() : null).build();
        }
    }

    static ArchiveRecord record(String id, Instant at) {
        StoredEvent e = new StoredEvent("generic", "evt_1", id, "payment.succeeded", Status.SUCCEEDED, new Money(100, "EUR"),
                "cus_1", null, "visa 4242", at, Set.of(), null, at, "default");
        return new ArchiveRecord(Transaction.fold(List.of(e), List.of()), ArchiveRecord.Reason.TERMINAL, at);
    }

    @Test
    void putsOneObjectPerBatchReadsOneRecordByRangeAndListsFromAnHour() {
        StubS3 s3 = new StubS3();
        Instant h10 = Instant.parse("2026-12-02T10:59:00Z");
        Instant h11 = Instant.parse("2026-12-02T11:00:01Z");
        Instant h12 = Instant.parse("2026-12-02T12:30:00Z");
        List<Archive.Location> at10 = new S3Archive(s3, "bucket", Clock.fixed(h10, ZoneOffset.UTC)).put(List.of(record("t1", h10), record("t2", h10)));
        new S3Archive(s3, "bucket", Clock.fixed(h11, ZoneOffset.UTC)).put(List.of(record("t3", h11)));
        new S3Archive(s3, "bucket", Clock.fixed(h12, ZoneOffset.UTC)).put(List.of(record("t4", h12)));
        new S3Archive(s3, "bucket", Clock.fixed(h12.plusSeconds(1), ZoneOffset.UTC)).put(List.of(record("t5", h12)));
        S3Archive archive = new S3Archive(s3, "bucket", Clock.systemUTC());

        assertThat(s3.puts).hasSize(4).allSatisfy(p -> assertThat(p.contentMD5()).isNotBlank());
        assertThat(at10).extracting(Archive.Location::key).containsOnly(at10.get(0).key()).allMatch(k -> k.startsWith("transactions/v1/2026/12/02/10/"));
        assertThat(archive.read(at10.get(1)).transactionId()).isEqualTo("t2");
        List<String> since11 = new ArrayList<>();
        archive.forEachSince(Instant.parse("2026-12-02T11:45:00Z"), r -> since11.add(r.transactionId()));
        assertThat(since11).containsExactly("t3", "t4", "t5"); // the whole hour of since, then later ones, over pages
    }

    @Test
    void anUnreachableBucketIsStoreUnavailable() {
        StubS3 s3 = new StubS3();
        s3.down = true;
        assertThatThrownBy(() -> new S3Archive(s3, "bucket", Clock.systemUTC()).put(List.of(record("t1", Instant.now()))))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(s3.objects).isEmpty();
    }
}
