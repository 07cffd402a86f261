package io.payhook.aws.s3;

import io.payhook.core.archive.ArchiveCodec;
import io.payhook.core.archive.ArchiveRecord;
import io.payhook.core.error.StoreUnavailableException;
import io.payhook.core.port.Archive;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link Archive} on an S3 bucket (docs/ARCHIVE.md): one PutObject per batch (the bucket encrypts it with the stack's
 * key by default, SSE-KMS with a bucket key; the request names nothing, so the key policy stays in one place), a ranged
 * GetObject for one record, ListObjectsV2 from the hour folder of {@code since} for a restore. SDK failures become
 * {@link StoreUnavailableException}.
 */
public final class S3Archive implements Archive {
    private final S3Client s3;
    private final String bucket;
    private final Clock clock;

    public S3Archive(S3Client s3, String bucket, Clock clock) {
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
    }

    @Override
    public List<Location> put(List<ArchiveRecord> records) {
        ArchiveCodec.Encoded o = ArchiveCodec.encode(records, clock.instant());
        try {
            byte[] md5 = java.security.MessageDigest.getInstance("MD5").digest(o.bytes());
            s3.putObject(b -> b.bucket(bucket).key(o.key()).contentType("application/x-ndjson").contentEncoding("gzip")
                    .contentMD5(Base64.getEncoder().encodeToString(md5)), RequestBody.fromBytes(o.bytes()));
        } catch (SdkException e) {
            throw new StoreUnavailableException("the archive could not be written", e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Location> out = new ArrayList<>(records.size());
        for (long[] r : o.ranges()) out.add(new Location(o.key(), r[0], r[1]));
        return out;
    }

    @Override
    public ArchiveRecord read(Location location) {
        String range = "bytes=" + location.offset() + "-" + (location.offset() + location.length() - 1);
        try {
            byte[] member = s3.getObjectAsBytes(b -> b.bucket(bucket).key(location.key()).range(range)).asByteArray();
            return ArchiveCodec.decodeMember(member);
        } catch (SdkException e) {
            throw new StoreUnavailableException("the archive could not be read", e);
        }
    }

    @Override
    public void forEachSince(Instant since, Consumer<ArchiveRecord> sink) {
        String from = ArchiveCodec.folder(since);
        try {
            String token = null;
            do {
                String t = token;
                ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(ArchiveCodec.PREFIX)
                        .startAfter(from).continuationToken(t)); // the folder name itself is no object's key
                for (S3Object o : page.contents()) {
                    if (!o.key().endsWith(".jsonl.gz") || o.key().compareTo(from) < 0) continue;
                    byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray();
                    ArchiveCodec.decodeObject(bytes).forEach(sink);
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw new StoreUnavailableException("the archive could not be listed", e);
        }
    }
}
