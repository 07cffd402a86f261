package io.payhook.bench.load;

import io.payhook.local.cli.PayhookCli;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./payhook bench} reaches the CLI through its service entry, and refuses bad values before starting anything. */
class BenchCommandTest {

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PayhookCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void benchIsACommandOfTheCliWithItsOwnHelp() {
        assertThat(PayhookCli.commandLine().getSubcommands()).containsKey("bench");
        assertThat(run("help").out()).containsPattern("(?m)^\\s+bench\\s");
        Run help = run("bench", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: payhook bench").contains("--duration=TIME").contains("--pause-outbox");
    }

    @Test
    void badValuesAreRefusedWithExitTwo() {
        assertRefused(run("bench", "--concurrency", "0"), "--concurrency", "'0' is not a whole number of at least 1");
        assertRefused(run("bench", "--duration", "soon"), "--duration", "'soon' is not a duration");
        assertRefused(run("bench", "--duplicates", "2"), "--duplicates", "'2' is not a ratio from 0 to 1");
        assertRefused(run("bench", "--duration", "2s", "--slices", "3"), "--slices", "less than a second");
        assertRefused(run("bench", "--providers", "generic,worldpay"), "--providers", "unknown provider 'worldpay'");
        assertRefused(run("bench", "--pause-outbox", "--url", "http://127.0.0.1:8080"), "--pause-outbox", "no --url");
        assertRefused(run("bench", "--concurency", "5"), "--concurency", "Unknown option");
    }

    private static void assertRefused(Run r, String option, String why) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().split("\\R")).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("payhook bench: ").contains(option).contains(why);
        assertThat(r.out()).isEmpty();
    }
}
