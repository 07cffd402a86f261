package io.payhook.core.port;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The suppression list of unit tests: address keys in memory, the first reason kept. */
public final class InMemorySuppressionList implements SuppressionList {
    public final Map<String, String> reasons = new ConcurrentHashMap<>();

    @Override public boolean isSuppressed(String addressKey) { return reasons.containsKey(addressKey); }

    @Override public void suppress(String addressKey, String reason, Instant at) { reasons.putIfAbsent(addressKey, reason); }
}
