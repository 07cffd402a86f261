package io.payhook.bench.start;

import io.payhook.local.cli.CommandProvider;

/** Adds {@code getlatency} to {@code ./payhook} (listed in META-INF/services). */
public final class GetLatencyCommandProvider implements CommandProvider {
    @Override
    public Object command() { return new GetLatencyCommand(); }
}
