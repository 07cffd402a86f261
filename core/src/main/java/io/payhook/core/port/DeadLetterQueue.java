package io.payhook.core.port;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The notification queue's dead-letter queue, and the moves of its messages back to the notification queue
 * (redrives). At most one redrive runs at a time. In AWS a redrive is SQS's own message move task; locally, where
 * the server lacks it, a move loop in the background. Implementations throw {@link io.payhook.core.error.PayhookException}
 * {@code queue_unavailable} when the queue cannot be reached, never an SDK exception.
 */
public interface DeadLetterQueue {

    /** Where a redrive is: SQS's move task statuses. */
    enum State {
        RUNNING, COMPLETED, CANCELLING, CANCELLED, FAILED;

        /** As the API writes it: {@code running}, {@code completed} ... */
        public String wire() { return name().toLowerCase(Locale.ROOT); }
    }

    /**
     * One redrive.
     *
     * @param redriveId     its id, the same in every answer about it
     * @param state         where it is
     * @param moved         messages moved back so far (approximate in AWS)
     * @param toMove        messages it set out to move (approximate), or null when not known
     * @param startedAt     when it started
     * @param failureReason why it failed (SQS's reason), or null
     */
    record Redrive(String redriveId, State state, long moved, Long toMove, Instant startedAt, String failureReason) {}

    /**
     * Starts moving every dead-lettered message back to the notification queue; returns at once, with the redrive
     * as it is just after its start.
     *
     * @throws io.payhook.core.error.PayhookException {@code redrive_running} when one runs already
     */
    Redrive startRedrive();

    /** The latest redrive (running or ended), if there was one. */
    Optional<Redrive> latestRedrive();
}
