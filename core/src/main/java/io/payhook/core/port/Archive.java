package io.payhook.core.port;

import io.payhook.core.archive.ArchiveRecord;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where archived transactions are kept (S3 in AWS, a folder with the same keys locally): objects in the layout of
 * {@link io.payhook.core.archive.ArchiveCodec}, each holding many records. Writing an object is all-or-nothing: a
 * caller that gets no exception may rely on every record of it being readable. Implementations throw
 * {@link io.payhook.core.error.StoreUnavailableException} when the store cannot be reached, never an SDK exception.
 */
public interface Archive {

    /** Where one record is: its object's key and the byte range of its gzip member. */
    record Location(String key, long offset, long length) {
        public Location {
            if (key == null || key.isBlank() || offset < 0 || length <= 0) throw new IllegalArgumentException("bad archive location");
        }
    }

    /**
     * Writes the records as one object, durably, and returns where each one is (same order). Idempotent in effect: a
     * retried batch writes its records again (a newer object, or the same key with the same bytes), and readers keep the
     * newest record of a transaction ({@link ArchiveRecord#newer}), so a record written twice changes nothing.
     */
    List<Location> put(List<ArchiveRecord> records);

    /** The record at a location this archive returned from {@link #put}. */
    ArchiveRecord read(Location location);

    /**
     * Calls {@code sink} with every record of every object written in the hour of {@code since} or later, oldest object
     * first (several records of one transaction may come; the caller keeps the newest). Restore reads the archive this way.
     */
    void forEachSince(Instant since, Consumer<ArchiveRecord> sink);
}
