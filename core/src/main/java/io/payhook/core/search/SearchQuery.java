package io.payhook.core.search;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.model.Ids;
import io.payhook.core.model.Status;
import io.payhook.core.model.TransactionSummary;
import io.payhook.core.paging.QueryParameters;
import io.payhook.core.protection.ProtectionGate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The filters of {@code GET /transactions}, validated: every one optional, all of them must hold (AND; the statuses
 * among themselves OR). Built only by {@link #parse}, which refuses a parameter the route does not have (400
 * {@code unknown_filter}) and a bad value (400 {@code invalid_field}, naming the parameter; never echoing the value).
 *
 * @param statuses   status names ({@link Status} or {@link TransactionSummary#NO_STATUS}); empty: any
 * @param limit      the page size, 1–{@value #MAX_LIMIT}
 * @param cursor     the {@code next_cursor} of the previous page, or null for the first
 * @param risks      risk levels ({@code low}, {@code elevated}, {@code high}); empty: any (also not screened yet)
 */
public record SearchQuery(String merchant, Set<String> statuses, String provider, String customerId,
                          Instant updatedFrom, Instant updatedTo, int limit, String cursor, Set<String> risks) {
    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 100;
    /** The route's parameters; {@code status} alone may be repeated. */
    public static final List<String> PARAMETERS =
            List.of("merchant", "status", "provider", "customer_id", "risk", "updated_from", "updated_to", "limit", "cursor");
    private static final Pattern MERCHANT = Pattern.compile(ProtectionGate.MERCHANT_SHAPE);
    private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9_]{1,31}");
    private static final Set<String> STATUSES;

    static {
        Set<String> s = new TreeSet<>();
        Arrays.stream(Status.values()).forEach(v -> s.add(v.name()));
        s.add(TransactionSummary.NO_STATUS);
        STATUSES = Collections.unmodifiableSet(s);
    }

    public SearchQuery {
        statuses = statuses == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(statuses));
        risks = risks == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(risks));
    }

    /** A query without a risk filter. */
    public SearchQuery(String merchant, Set<String> statuses, String provider, String customerId, Instant updatedFrom,
                       Instant updatedTo, int limit, String cursor) {
        this(merchant, statuses, provider, customerId, updatedFrom, updatedTo, limit, cursor, Set.of());
    }

    /** The risk level names a filter may give, lowest first. */
    public static final List<String> RISK_LEVELS =
            Arrays.stream(io.payhook.core.model.Risk.Level.values()).map(io.payhook.core.model.Risk.Level::wire).toList();

    /** The status names a filter may give. */
    public static Set<String> statusNames() { return STATUSES; }

    /** The {@code risk} filter's levels (repeatable, comma-separated, any letter case), in wire form. */
    private static Set<String> risks(Map<String, List<String>> p) {
        Set<String> risks = new TreeSet<>();
        for (String s : p.getOrDefault("risk", List.of())) {
            for (String one : s.split(",", -1)) {
                var level = io.payhook.core.model.Risk.Level.parse(one);
                if (level.isEmpty()) {
                    throw new PayhookException(ErrorCode.INVALID_FIELD, "Query parameter 'risk' must be one of "
                            + String.join(", ", RISK_LEVELS) + " (repeat it for several).");
                }
                risks.add(level.get().wire());
            }
        }
        return risks;
    }

    /**
     * The query of a request's parameters (name → every value given, in order).
     *
     * @throws PayhookException {@code unknown_filter} or {@code invalid_field}
     */
    public static SearchQuery parse(Map<String, List<String>> parameters) {
        Map<String, List<String>> p = parameters == null ? Map.of() : parameters;
        QueryParameters.requireKnown(p, PARAMETERS, "filters");
        String merchant = QueryParameters.single(p, "merchant");
        if (merchant != null && !MERCHANT.matcher(merchant).matches()) throw QueryParameters.invalid("merchant", "an account id: letters, digits and _ . : -, at most 64 characters");
        Set<String> statuses = new TreeSet<>();
        for (String s : p.getOrDefault("status", List.of())) {
            for (String one : s.split(",", -1)) {
                String name = one.trim().toUpperCase(java.util.Locale.ROOT);
                if (!STATUSES.contains(name)) throw QueryParameters.invalid("status", "one of " + String.join(", ", STATUSES) + " (repeat it for several)");
                statuses.add(name);
            }
        }
        String provider = QueryParameters.single(p, "provider");
        if (provider != null && !PROVIDER.matcher(provider).matches()) throw QueryParameters.invalid("provider", "a provider name, e.g. stripe");
        String customer = QueryParameters.single(p, "customer_id");
        if (customer != null && !Ids.isValid(customer)) throw QueryParameters.invalid("customer_id", "a customer id as GET /transactions/{id} returns it");
        Instant from = instant(p, "updated_from");
        Instant to = instant(p, "updated_to");
        if (from != null && to != null && from.isAfter(to)) throw QueryParameters.invalid("updated_from", "at or before updated_to");
        int limit = QueryParameters.limit(p, DEFAULT_LIMIT, MAX_LIMIT);
        String cursor = QueryParameters.single(p, "cursor");
        if (cursor != null && cursor.isEmpty()) throw new PayhookException(ErrorCode.INVALID_CURSOR);
        return new SearchQuery(merchant, statuses, provider, customer, from, to, limit, cursor, risks(p));
    }

    /**
     * The canonical form of the filters — what a cursor is bound to: the route and every filter in a fixed order,
     * values URL-encoded. The limit and the cursor are not part of it (a page size may change between pages).
     */
    public String scope() {
        List<String> parts = new ArrayList<>();
        add(parts, "merchant", merchant);
        add(parts, "status", statuses.isEmpty() ? null : String.join(",", statuses));
        add(parts, "provider", provider);
        add(parts, "customer_id", customerId);
        add(parts, "risk", risks.isEmpty() ? null : String.join(",", risks));
        add(parts, "updated_from", updatedFrom == null ? null : updatedFrom.toString());
        add(parts, "updated_to", updatedTo == null ? null : updatedTo.toString());
        return "GET /transactions?" + String.join("&", parts);
    }

    private static void add(List<String> parts, String name, String value) {
        if (value != null) parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static Instant instant(Map<String, List<String>> p, String name) {
        String v = QueryParameters.single(p, name);
        if (v == null) return null;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw QueryParameters.invalid(name, "an ISO-8601 UTC instant, e.g. 2026-12-02T07:00:00Z");
        }
    }
}
