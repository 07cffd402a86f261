package io.payhook.bench.start;

import io.payhook.local.cli.CommandProvider;

/** Adds {@code starttime} to {@code ./payhook} (listed in META-INF/services). */
public final class StartTimeCommandProvider implements CommandProvider {
    @Override
    public Object command() { return new StartTimeCommand(); }
}
