package io.payhook.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

/**
 * {@code ./payhook <command>}: the one entry point for people (SPEC §7b), on picocli. The commands
 * of this module, the commands other modules on the class path add ({@link CommandProvider}), the
 * commands the launcher script runs itself ({@link ScriptCommands}), {@code completion} and
 * {@code help}. A usage error (unknown option or command, missing argument, bad value) is one line
 * on stderr naming it, and exit code 2.
 */
@Command(name = "payhook", synopsisSubcommandLabel = "COMMAND",
        description = {"Payment webhooks: verified, stored once, customers notified. "
                + "Runs locally as one process (serve) and deploys to AWS (synth)."},
        footer = {"", "Run './payhook COMMAND --help' for a command's options. Quick start: ./payhook serve, ./payhook test.",
                "SigV4 key pair and provider secrets come from PAYHOOK_ACCESS_KEY_ID, PAYHOOK_SECRET_ACCESS_KEY and "
                        + "PAYHOOK_*_SECRETS (dev defaults when unset; serve prints them)."})
public final class PayhookCli implements Callable<Integer> {
    /** Exit code of a usage error. */
    public static final int USAGE = CommandLine.ExitCode.USAGE;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Parses and runs {@code args}; help and usage errors are written to {@code out} and {@code err}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    /** The whole command tree: built-in commands, those of {@link CommandProvider}s, script commands, completion, help. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PayhookCli());
        cli.addSubcommand(new ServeCommand());
        cli.addSubcommand(new SendCommand());
        cli.addSubcommand(new RedriveCommand());
        cli.addSubcommand(new ReplayCommand());
        cli.addSubcommand(new CheckCommand());
        cli.addSubcommand(new ConsoleCommand());
        cli.addSubcommand(new ArchiveCommand());
        extensions().forEach(cli::addSubcommand);
        ScriptCommands.all().forEach(cli::addSubcommand);
        cli.addSubcommand(new CompletionCommand());
        // every command answers -h/--help, also one another module adds (help has its own)
        cli.getSubcommands().values().forEach(c -> {
            if (c.getCommandSpec().optionsMap().keySet().stream().noneMatch(n -> n.equals("--help"))) {
                c.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                        .description("Show this help and exit.").build());
            }
        });
        cli.addSubcommand(new CommandLine.HelpCommand());
        cli.getSubcommands().get("send").getCommandSpec().usageMessage().footer(SendCommand.footer());
        cli.setParameterExceptionHandler(PayhookCli::usageError);
        return cli;
    }

    /** The commands other modules on the class path add, ordered by name. */
    static List<Object> extensions() {
        return ServiceLoader.load(CommandProvider.class).stream()
                .map(p -> p.get().command())
                .sorted(Comparator.comparing(PayhookCli::nameOf))
                .toList();
    }

    private static String nameOf(Object command) {
        if (command instanceof CommandLine c) return c.getCommandName();
        Command a = command.getClass().getAnnotation(Command.class);
        return a == null ? command.getClass().getName() : a.name();
    }

    /** Without a command: the overview on stderr, exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /**
     * One line naming what was wrong, with picocli's suggestion when it has one and where to look:
     * {@code payhook serve: Unknown option: '--prot'; did you mean --port? (see ./payhook serve --help)}.
     */
    static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String where = cmd.getCommandSpec().qualifiedName(" ");
        String message = e.getMessage();
        String hint = "";
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (u.isUnknownOption()) {
                message = "Unknown option: '" + first + "'"; // not its value too, as picocli would list it
            } else if (cmd.getParent() == null) {
                message = "Unknown command: '" + first + "'";
            }
            Set<String> suggestions = new LinkedHashSet<>(u.getSuggestions());
            Collection<String> names = u.isUnknownOption() ? cmd.getCommandSpec().optionsMap().keySet() : cmd.getSubcommands().keySet();
            names.stream().filter(n -> n.length() > 2 && distance(n, first) <= 2).forEach(suggestions::add);
            if (!suggestions.isEmpty()) hint = "; did you mean " + String.join(" or ", suggestions) + "?";
        }
        cmd.getErr().println(where + ": " + message + hint + " (see ./" + where + " --help)");
        cmd.getErr().flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Edits (insert, delete, replace) from {@code a} to {@code b}: a typo is one or two. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int replace = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(replace, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
