package io.payhook.core.usecase;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.port.DeadLetterQueue;

import java.util.Objects;

/**
 * {@code POST /notifications/redrive} and {@code GET /notifications/redrive}: move the dead-lettered notifications
 * back to the queue (one redrive at a time), and show the latest redrive's progress. A redriven notification is
 * delivered like any other: the sender finds it FAILED (not final) and tries it again.
 */
public final class RedriveDeadLetters {
    private final DeadLetterQueue dlq;

    public RedriveDeadLetters(DeadLetterQueue dlq) { this.dlq = Objects.requireNonNull(dlq, "dlq"); }

    /**
     * Starts a redrive.
     *
     * @throws PayhookException 409 {@code redrive_running} while one runs
     */
    public DeadLetterQueue.Redrive start() { return dlq.startRedrive(); }

    /**
     * The latest redrive.
     *
     * @throws PayhookException 404 {@code not_found} before the first
     */
    public DeadLetterQueue.Redrive latest() {
        return dlq.latestRedrive().orElseThrow(() -> new PayhookException(ErrorCode.NOT_FOUND, "No redrive has been started yet."));
    }
}
