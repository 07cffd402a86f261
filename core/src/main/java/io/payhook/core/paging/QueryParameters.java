package io.payhook.core.paging;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;

import java.util.List;
import java.util.Map;

/**
 * The rules every listing route applies to its query parameters, written once: a parameter the route does not have is
 * 400 {@code unknown_filter} (named only when it looks like a name), a value given twice or out of range 400
 * {@code invalid_field} naming the parameter and never echoing the value.
 */
public final class QueryParameters {
    private QueryParameters() {}

    /** @throws PayhookException {@code unknown_filter} for a parameter not in {@code known} */
    public static void requireKnown(Map<String, List<String>> parameters, List<String> known, String noun) {
        for (String name : parameters.keySet()) {
            if (!known.contains(name)) {
                throw new PayhookException(ErrorCode.UNKNOWN_FILTER, "Unknown query parameter"
                        + (name.length() <= 32 && name.matches("[A-Za-z0-9_.-]+") ? " '" + name + "'" : "")
                        + "; the " + noun + " are " + String.join(", ", known) + ".");
            }
        }
    }

    /** The one value of a parameter, or null when absent. @throws PayhookException {@code invalid_field} when repeated */
    public static String single(Map<String, List<String>> parameters, String name) {
        List<String> v = parameters.get(name);
        if (v == null || v.isEmpty()) return null;
        if (v.size() > 1) throw invalid(name, "given once");
        return v.get(0);
    }

    /** {@code limit}: {@code fallback} when absent, else an integer from 1 to {@code max}. */
    public static int limit(Map<String, List<String>> parameters, int fallback, int max) {
        String l = single(parameters, "limit");
        if (l == null) return fallback;
        int limit;
        try {
            limit = Integer.parseInt(l);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > max) throw invalid("limit", "an integer from 1 to " + max);
        return limit;
    }

    /** 400 {@code invalid_field}: "Query parameter 'name' must be ...". */
    public static PayhookException invalid(String name, String must) {
        return new PayhookException(ErrorCode.INVALID_FIELD, "Query parameter '" + name + "' must be " + must + ".");
    }
}
