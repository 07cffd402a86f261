package io.payhook.functions;

import io.payhook.core.usecase.DeliverNotification;
import io.payhook.core.usecase.GetTransaction;
import io.payhook.core.usecase.IngestWebhook;
import io.payhook.core.usecase.ProcessOutbox;
import io.payhook.core.usecase.RequestNotification;

/**
 * The use cases the handlers call, as built by one composition root: {@link LambdaServices}
 * in AWS, the local runner's wiring on a laptop.
 */
public interface Services {
    IngestWebhook ingest();

    GetTransaction transactions();

    /** {@code GET /transactions}: the search over the summary projection. */
    io.payhook.core.usecase.SearchTransactions search();

    /** The summary projection kept from the table's stream. */
    io.payhook.core.usecase.ProjectTransactionSummary projector();

    RequestNotification notifications();

    /** The risk screen kept from the table's stream. */
    io.payhook.core.usecase.ScreenRisk risk();

    ProcessOutbox outbox();

    /** {@code POST /notifications/replay} and {@code GET /notifications/replay/{job_id}}: bulk re-notify jobs. */
    io.payhook.core.usecase.ReplayNotifications replay();

    /** The outbox's steps of bulk re-notify jobs (each job's item on the table's stream). */
    io.payhook.core.usecase.AdvanceReplayJob replaySteps();

    /** Appends the audit record of every audited call, before it is answered. */
    io.payhook.core.usecase.RecordAudit recordAudit();

    /** {@code GET /audit}. */
    io.payhook.core.usecase.ReadAudit readAudit();

    DeliverNotification delivery();

    /** {@code GET /notifications}: the newest notifications in one status. */
    io.payhook.core.usecase.ListNotifications listNotifications();

    /** {@code POST|GET /notifications/redrive}: the dead-letter queue moved back, and its progress. */
    io.payhook.core.usecase.RedriveDeadLetters redrive();

    /** Receives after which the queue dead-letters a notification message. */
    int maxReceives();
}
