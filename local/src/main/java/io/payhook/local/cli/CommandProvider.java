package io.payhook.local.cli;

/**
 * A command that another module adds to {@code ./payhook}, found with {@link java.util.ServiceLoader}:
 * a module on the class path lists its implementation in
 * {@code META-INF/services/io.payhook.local.cli.CommandProvider}. The CLI lives in {@code local},
 * and a module that depends on {@code local} (such as {@code bench}, which starts a local system
 * to load it) cannot be a dependency of it; this is how its command still reaches the one entry
 * point. Without the module on the class path the command is simply not listed.
 */
public interface CommandProvider {
    /**
     * A new command object: an instance of a class annotated with picocli's {@code @Command}
     * (its {@code name} is the subcommand's name), or a {@code picocli.CommandLine}.
     */
    Object command();
}
