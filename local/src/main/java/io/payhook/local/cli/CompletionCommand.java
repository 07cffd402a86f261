package io.payhook.local.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code ./payhook completion}: a bash (and zsh) completion script for every command and option. */
@Command(name = "completion", header = "Print a bash completion script for ./payhook.",
        description = {"Print a bash completion script for ./payhook (zsh too, after 'autoload -U +X bashcompinit && bashcompinit').",
                "Use it with: source <(./payhook completion)"})
public final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
