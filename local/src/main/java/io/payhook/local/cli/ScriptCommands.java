package io.payhook.local.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * The commands the {@code ./payhook} launcher runs itself, because they run Maven or the CDK app
 * rather than this JVM: listed here so that {@code ./payhook help} shows them and
 * {@code ./payhook <command> --help} explains them (the launcher hands {@code --help} to this CLI).
 */
public final class ScriptCommands {
    private ScriptCommands() {}

    /** Every script command, in the order help lists them. */
    public static List<Object> all() {
        return List.of(new Synth(), new Test(), new Jmh(), new ColdStart());
    }

    /** Run from Java rather than through the launcher: say where it runs. */
    abstract static class ScriptCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        /** Passed through to the tool the launcher runs. */
        @Unmatched
        List<String> toolArguments;

        @Override
        public Integer call() {
            spec.commandLine().getErr().println("payhook " + spec.name() + ": run it as ./payhook " + spec.name()
                    + " (the launcher runs it itself, outside this JVM)");
            return 1;
        }
    }

    @Command(name = "synth", header = "CloudFormation templates for dev and prod into infra/cdk.out/.",
            description = {"cdk synth of TapStack-dev and TapStack-prod with cdk-nag; no AWS account needed. "
                    + "Needs Node.js (npx) for the pinned CDK CLI."})
    static final class Synth extends ScriptCommand {}

    @Command(name = "test", header = "Build and run every test (mvn verify, with the right JDK).",
            description = {"'mvn verify' over the whole reactor: unit tests, integration tests on embedded DynamoDB Local, "
                    + "ElasticMQ and SMTP, CDK template tests. Further arguments go to Maven, for example:",
                    "  ./payhook test -pl core"})
    static final class Test extends ScriptCommand {}

    @Command(name = "jmh", header = "Hot-path microbenchmarks per provider (JMH).",
            description = {"Runs bench's HotPathBenchmark. Further arguments go to JMH, for example:",
                    "  ./payhook jmh -p provider=stripe"})
    static final class Jmh extends ScriptCommand {}

    @Command(name = "coldstart", header = "Cold-start probe: fresh JVMs on the Lambda jar.",
            description = {"Fresh JVMs on the Lambda jar (plain and with AppCDS) against the SDK floor (a bare DynamoDB "
                    + "client and one PutItem) and hello-world. An optional argument sets the number of runs."})
    static final class ColdStart extends ScriptCommand {}
}
