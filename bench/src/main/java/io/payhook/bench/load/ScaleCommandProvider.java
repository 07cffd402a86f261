package io.payhook.bench.load;

import io.payhook.local.cli.CommandProvider;

/** Adds {@code scale} to {@code ./payhook} (listed in META-INF/services). */
public final class ScaleCommandProvider implements CommandProvider {
    @Override
    public Object command() { return new ScaleCommand(); }
}
