package io.payhook.core.audit;

import io.payhook.core.model.Ids;
import io.payhook.core.protection.CardData;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The targets audit records are kept under (the audit table's partition key), and the canonical query of a
 * search or audit read, written once. Nothing personal reaches a record: an id that is not well formed is
 * recorded as {@code -}, a {@code customer_id} filter value the way the protection gate stores customer ids
 * (card numbers and email addresses masked), and every other value with card numbers masked; an id that holds a
 * card number or an email address is recorded as {@code -} too.
 */
public final class AuditTarget {
    /** Every search ({@code GET /transactions}); the filter is the record's query. */
    public static final String SEARCH = "search";
    /** Every move of dead-lettered notifications back to the queue. */
    public static final String REDRIVE = "redrive";
    /** Every read of the audit trail; the filter is the record's query. */
    public static final String AUDIT = "audit";
    /** What stands for a malformed id: the caller's text is not kept. */
    public static final String MALFORMED = "-";
    /** Longest value kept of one query parameter; the rest is cut. */
    static final int MAX_VALUE = 128;
    /** Parameters never recorded: they say where a page starts, not what was asked. */
    private static final List<String> NOT_RECORDED = List.of("cursor");

    private AuditTarget() {}

    /** {@code txn#<transaction id>}, or {@code txn#-} for an id that is not well formed. */
    public static String transaction(String transactionId) { return "txn#" + id(transactionId); }

    /**
     * {@code notifications#<STATUS>}: every listing of the notifications in one status ({@code GET /notifications}),
     * or {@code notifications#-} for a status that is not a notification status.
     */
    public static String notifications(String status) {
        String s = status == null ? "" : status.trim().toUpperCase(java.util.Locale.ROOT);
        return "notifications#" + (java.util.Arrays.stream(io.payhook.core.model.NotificationStatus.values())
                .anyMatch(v -> v.name().equals(s)) ? s : MALFORMED);
    }

    /** {@code replay#<job id>}, or {@code replay#-}. */
    public static String replay(String jobId) { return "replay#" + id(jobId); }

    /**
     * A well-formed id that holds no card number and no email address (no transaction id has one: they are
     * refused as {@code invalid_id}), else {@code -}.
     */
    private static String id(String id) {
        return Ids.isValid(id) && !CardData.containsPan(id) && !CardData.containsEmail(id) ? id : MALFORMED;
    }

    /**
     * The canonical query of a filter: parameters sorted by name, repeated values sorted, each URL-encoded,
     * {@code cursor} left out, {@code customer_id} masked as stored, card numbers masked in every value; empty
     * when there is no parameter.
     */
    public static String query(Map<String, List<String>> parameters) {
        if (parameters == null || parameters.isEmpty()) return "";
        Map<String, List<String>> sorted = new TreeMap<>();
        parameters.forEach((k, v) -> {
            if (k == null || NOT_RECORDED.contains(k)) return;
            List<String> values = new ArrayList<>();
            for (String value : v == null ? List.<String>of() : v) values.add(value(k, value == null ? "" : value));
            values.sort(null);
            sorted.put(CardData.maskPans(cut(k)), values);
        });
        StringBuilder b = new StringBuilder();
        sorted.forEach((k, values) -> {
            for (String v : values) {
                if (!b.isEmpty()) b.append('&');
                b.append(encode(k)).append('=').append(encode(v));
            }
        });
        return b.toString();
    }

    /** A value as recorded: {@code customer_id} as the protection gate stores one, others with card numbers masked. */
    static String value(String name, String value) {
        String v = cut(value);
        if (name.equals("customer_id")) {
            return Ids.isValid(v) ? CardData.maskEmails(CardData.maskSchemePans(CardData.maskPans(v))) : MALFORMED;
        }
        return CardData.maskEmails(CardData.maskPans(v));
    }

    private static String cut(String s) { return s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE); }

    private static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
