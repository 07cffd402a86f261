package io.payhook.bench.load;

import io.payhook.local.cli.CommandProvider;

/** Adds {@code bench} to {@code ./payhook} (listed in META-INF/services). */
public final class BenchCommandProvider implements CommandProvider {
    @Override
    public Object command() { return new BenchCommand(); }
}
