package io.payhook.local.cli;

import io.payhook.local.InvariantChecker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code ./payhook check}: the invariant checker on a stopped system's data directory. */
@Command(name = "check", header = "Check a stopped system's table and mail for broken invariants.",
        description = {"Check a stopped system's table and mail for broken promises (acknowledged events stored, "
                + "confirmations sent once, nothing left queued). Exit 0: no violation; 1: a violation; 2: cannot check "
                + "(no table, or serve still holds the data directory)."})
public final class CheckCommand implements Callable<Integer> {
    @Mixin
    DataDirOption data;

    @Override
    public Integer call() throws Exception {
        return InvariantChecker.run(data.dataDir());
    }
}
