package io.payhook.local;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** Bounded polling: the only way tests wait for asynchronous work. */
final class Eventually {
    private Eventually() {}

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    /**
     * Waits until the {@link InvariantChecker} finds nothing wrong and the notification queue is empty
     * (the system has settled); returns the last report, or fails with it after {@code timeout}.
     */
    static InvariantChecker.Report settled(LocalSystem system, List<InvariantChecker.Acknowledged> acked, Duration timeout) {
        InvariantChecker checker = InvariantChecker.of(system);
        AtomicReference<InvariantChecker.Report> last = new AtomicReference<>();
        try {
            await("the invariants hold", timeout, () -> {
                last.set(checker.check(acked));
                return last.get().ok() && last.get().queueDepth() == 0;
            });
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + "\n" + (last.get() == null ? "" : last.get().render()), timedOut);
        }
        return last.get();
    }
}
