package io.payhook.core.usecase;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.Notification;
import io.payhook.core.model.NotificationStatus;
import io.payhook.core.port.TransactionStore;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /notifications?status=S[&limit=N]}: the most recently requested notifications in one status — the
 * dead-lettered (FAILED), the open (QUEUED), and the problems (SUPPRESSED, BOUNCED, COMPLAINED) — newest first,
 * from the store's index by status (never a scan). {@code limit} 1–{@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT};
 * the answer says whether there were more.
 */
public final class ListNotifications {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;
    /** The route's parameters. */
    public static final List<String> PARAMETERS = List.of("status", "limit");
    /** The statuses that can be listed: the store's indexed ones. */
    public static final List<NotificationStatus> STATUSES = Arrays.stream(NotificationStatus.values())
            .filter(NotificationStatus::isIndexed).toList();

    private final TransactionStore store;

    public ListNotifications(TransactionStore store) { this.store = Objects.requireNonNull(store, "store"); }

    /** The validated query. */
    public record Query(NotificationStatus status, int limit) {}

    /** The newest notifications, and whether there are more than {@code limit}. */
    public record Page(List<Notification> notifications, boolean truncated) {}

    /**
     * @param parameters the query string's parameters (name → every value given)
     * @throws PayhookException 400 {@code unknown_filter} for a parameter the route does not have, {@code missing_field}
     *                          without a status, {@code invalid_field} for a bad status or limit
     */
    public Page handle(Map<String, List<String>> parameters) {
        Query q = parse(parameters);
        List<Notification> found = store.recentNotifications(q.status(), q.limit() + 1);
        boolean truncated = found.size() > q.limit();
        return new Page(truncated ? found.subList(0, q.limit()) : found, truncated);
    }

    /** The query of a request's parameters; see {@link #handle}. */
    public static Query parse(Map<String, List<String>> parameters) {
        Map<String, List<String>> p = parameters == null ? Map.of() : parameters;
        for (String name : p.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new PayhookException(ErrorCode.UNKNOWN_FILTER, "Unknown query parameter"
                        + (name.length() <= 32 && name.matches("[A-Za-z0-9_.-]+") ? " '" + name + "'" : "")
                        + "; the parameters are " + String.join(", ", PARAMETERS) + ".");
            }
        }
        String s = single(p, "status");
        if (s == null) throw new PayhookException(ErrorCode.MISSING_FIELD, "Query parameter 'status' is required: one of " + names() + ".");
        NotificationStatus status = STATUSES.stream().filter(v -> v.name().equals(s.trim().toUpperCase(java.util.Locale.ROOT)))
                .findFirst().orElseThrow(() -> invalid("status", "one of " + names()));
        String l = single(p, "limit");
        int limit = DEFAULT_LIMIT;
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) throw invalid("limit", "an integer from 1 to " + MAX_LIMIT);
        }
        return new Query(status, limit);
    }

    private static String names() { return String.join(", ", STATUSES.stream().map(Enum::name).toList()); }

    private static String single(Map<String, List<String>> p, String name) {
        List<String> v = p.get(name);
        if (v == null || v.isEmpty()) return null;
        if (v.size() > 1) throw invalid(name, "given once");
        return v.get(0);
    }

    private static PayhookException invalid(String name, String must) {
        return new PayhookException(ErrorCode.INVALID_FIELD, "Query parameter '" + name + "' must be " + must + ".");
    }
}
