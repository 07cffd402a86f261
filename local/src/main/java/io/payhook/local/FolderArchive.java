package io.payhook.local;

import io.payhook.core.archive.ArchiveCodec;
import io.payhook.core.archive.ArchiveRecord;
import io.payhook.core.error.StoreUnavailableException;
import io.payhook.core.port.Archive;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The local archive: a folder under the data dir holding exactly the keys an S3 bucket would
 * ({@code <data-dir>/archive/transactions/v1/<yyyy>/<MM>/<dd>/<HH>/…jsonl.gz}; docs/ARCHIVE.md), so
 * {@code aws s3 sync <data-dir>/archive s3://<bucket>/} moves it. An object is written to a temporary file, forced to
 * disk and moved into place atomically: it is there whole or not at all, also after kill -9.
 */
public final class FolderArchive implements Archive {
    private final Path root;
    private final Clock clock;
    private volatile boolean unavailable;

    public FolderArchive(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    /** The folder (the bucket's root). */
    public Path root() { return root; }

    /**
     * Fault injection (tests): while unavailable every call fails as an unreachable S3 does
     * ({@link StoreUnavailableException}); the sweep must then stop and delete nothing.
     */
    public void unavailable(boolean down) { unavailable = down; }

    private void check() {
        if (unavailable) throw new StoreUnavailableException("the archive could not be reached", null);
    }

    @Override
    public List<Location> put(List<ArchiveRecord> records) {
        check();
        ArchiveCodec.Encoded o = ArchiveCodec.encode(records, clock.instant());
        Path file = root.resolve(o.key());
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(o.bytes()));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StoreUnavailableException("the archive could not be written", e);
        }
        List<Location> out = new ArrayList<>(records.size());
        for (long[] r : o.ranges()) out.add(new Location(o.key(), r[0], r[1]));
        return out;
    }

    @Override
    public ArchiveRecord read(Location location) {
        check();
        Path file = root.resolve(location.key()).normalize();
        if (!file.startsWith(root.normalize())) throw new IllegalArgumentException("an archive key outside the archive");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] member = new byte[Math.toIntExact(location.length())];
            f.seek(location.offset());
            f.readFully(member);
            return ArchiveCodec.decodeMember(member);
        } catch (IOException e) {
            throw new StoreUnavailableException("the archive could not be read", e);
        }
    }

    @Override
    public void forEachSince(Instant since, Consumer<ArchiveRecord> sink) {
        check();
        Path base = root.resolve(ArchiveCodec.PREFIX);
        if (!Files.isDirectory(base)) return;
        String from = ArchiveCodec.folder(since);
        List<String> keys;
        try (Stream<Path> files = Files.walk(base)) {
            keys = files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(k -> k.endsWith(".jsonl.gz") && k.compareTo(from) >= 0).sorted().toList();
        } catch (IOException e) {
            throw new StoreUnavailableException("the archive could not be listed", e);
        }
        for (String k : keys) {
            try {
                ArchiveCodec.decodeObject(Files.readAllBytes(root.resolve(k))).forEach(sink);
            } catch (IOException e) {
                throw new StoreUnavailableException("the archive could not be read", e);
            }
        }
    }
}
