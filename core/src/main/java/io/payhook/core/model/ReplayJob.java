package io.payhook.core.model;

import java.time.Instant;
import java.util.List;

/**
 * A bulk re-notify job ({@code POST /notifications/replay}): the transactions a search filter matched when the job
 * was created — frozen then, so a retried step never widens it — and how far the requests for them have got.
 *
 * @param jobId          the job's id ({@code rpl_…})
 * @param filter         the canonical search filter it was created with ({@code merchant=…&status=…}, as a cursor's scope)
 * @param reason         the operator's reason, recorded on every notification the job requests
 * @param requestedAt    when the job was created
 * @param transactionIds the matched transactions, newest updated first; at most the configured maximum
 * @param next           how many of them have had their notification requested (the next one's index)
 * @param updatedAt      when {@code next} last moved (or {@code requestedAt})
 */
public record ReplayJob(String jobId, String filter, String reason, Instant requestedAt, List<String> transactionIds, int next,
                        Instant updatedAt) {
    public ReplayJob {
        transactionIds = List.copyOf(transactionIds);
        if (next < 0 || next > transactionIds.size()) throw new IllegalArgumentException("next is outside the job");
    }

    /** How many transactions the filter matched. */
    public int matched() { return transactionIds.size(); }

    /** Whether every matched transaction has had its notification requested. */
    public boolean done() { return next >= transactionIds.size(); }

    /**
     * The id of the notification this job requests for a transaction: the same for every attempt of the job's step
     * (a redelivered stream record, a retried batch), so the conditional create makes each one exactly once; another
     * job requests another one.
     */
    public static String notificationId(String jobId, String transactionId) {
        try {
            var md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] h = md.digest((jobId + "\u0000" + transactionId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "ntf_rpl_" + java.util.HexFormat.of().formatHex(h, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
