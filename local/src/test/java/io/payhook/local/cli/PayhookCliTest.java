package io.payhook.local.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing, help and refusals of {@code ./payhook}: nothing is started, nothing is sent. */
class PayhookCliTest {

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {
        /** stderr's lines (a usage error is one). */
        String[] errLines() { return err.isEmpty() ? new String[0] : err.split("\\R"); }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PayhookCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "--help", "-h"})
    void helpListsEveryCommandAndExitsZero(String help) {
        Run r = run(help);
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: payhook");
        for (String c : new String[] {"serve", "send", "redrive", "replay", "check", "console", "synth", "test", "jmh", "coldstart", "completion", "help"}) {
            assertThat(r.out()).as(c).containsPattern("(?m)^\\s+" + c + "\\s");
        }
    }

    @Test
    void consoleNeedsAnHttpApiUrlAndAPort() {
        Run none = run("console");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("--api");
        Run ftp = run("console", "--api", "ftp://x.example");
        assertThat(ftp.code()).isEqualTo(2);
        assertThat(ftp.err()).contains("is not an http(s) base URL");
        Run port = run("console", "--api", "https://abc.execute-api.eu-west-1.amazonaws.com/prod", "--port", "70000");
        assertThat(port.code()).isEqualTo(2);
        assertThat(port.err()).contains("is not a port");
    }

    @Test
    void withoutACommandItShowsTheOverviewAndExitsTwo() {
        Run r = run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Usage: payhook");
    }

    @Test
    void everyCommandAnswersHelpWithItsOwnUsage() {
        CommandLine cli = PayhookCli.commandLine();
        assertThat(cli.getSubcommands()).hasSizeGreaterThanOrEqualTo(11);
        for (String name : cli.getSubcommands().keySet()) {
            for (String flag : new String[] {"--help", "-h"}) {
                Run r = run(name, flag);
                assertThat(r.code()).as(name + " " + flag).isZero();
                assertThat(r.out()).as(name + " " + flag).contains("Usage: payhook " + name);
                assertThat(r.err()).as(name + " " + flag).isEmpty();
            }
            Run viaHelp = run("help", name);
            assertThat(viaHelp.code()).as("help " + name).isZero();
            assertThat(viaHelp.out()).as("help " + name).contains("Usage: payhook " + name);
        }
    }

    @Test
    void anUnknownOptionIsRefusedInOneLineNamingIt() {
        Run r = run("serve", "--prot", "9000");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).isEqualToIgnoringNewLines("payhook serve: Unknown option: '--prot'; did you mean --port? (see ./payhook serve --help)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anUnknownCommandIsRefused() {
        Run r = run("serv");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("payhook: Unknown command: 'serv'").contains("serve");
    }

    @ParameterizedTest
    @ValueSource(strings = {"70000", "-1", "abc", "80.5"})
    void aBadPortIsRefused(String port) {
        Run r = run("serve", "--port", port);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("--port").contains("'" + port + "' is not a port (0 to 65535)");
    }

    @Test
    void aMissingArgumentIsRefused() {
        Run none = run("send");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("Missing required parameters: '<provider>', '<event-type>'");
        Run one = run("send", "stripe");
        assertThat(one.code()).isEqualTo(2);
        assertThat(one.errLines()).hasSize(1);
        assertThat(one.err()).contains("Missing required parameter: '<event-type>'");
        Run noValue = run("serve", "--port");
        assertThat(noValue.code()).isEqualTo(2);
        assertThat(noValue.err()).contains("Missing required parameter for option '--port'");
        Run replay = run("replay");
        assertThat(replay.code()).isEqualTo(2);
        assertThat(replay.errLines()).hasSize(1);
        assertThat(replay.err()).contains("replay needs at least one filter: --since, --until, --merchant");
    }

    @Test
    void sendRefusesAnUnknownProviderOrEventTypeListingTheValidOnes() {
        Run provider = run("send", "worldpay", "succeeded");
        assertThat(provider.code()).isEqualTo(2);
        assertThat(provider.errLines()).hasSize(1);
        assertThat(provider.err()).contains("Unknown provider: 'worldpay'; one of adyen, checkout, generic, gocardless, paddle, paypal, razorpay, "
                + "square, standard_webhooks, stripe");
        Run type = run("send", "stripe", "nope");
        assertThat(type.code()).isEqualTo(2);
        assertThat(type.errLines()).hasSize(1);
        assertThat(type.err()).contains("Unknown event type for stripe: 'nope'; one of payment_intent.created,")
                .contains("payment_intent.succeeded");
    }

    @Test
    void sendHelpListsEachProvidersEventTypes() {
        Run r = run("send", "--help");
        assertThat(r.out()).containsPattern("stripe:\\s+payment_intent.created").containsPattern("adyen:\\s+AUTHORISATION");
    }

    @Test
    void aBadUrlOrSinceIsRefused() {
        assertThat(run("send", "stripe", "payment_intent.succeeded", "--url", "ftp://example.com").code()).isEqualTo(2);
        Run since = run("replay", "--since", "yesterday");
        assertThat(since.code()).isEqualTo(2);
        assertThat(since.err()).contains("--since").contains("'yesterday' is neither an ISO-8601 instant");
    }

    @Test
    void redriveTakesEitherAUrlOrAwsWithADlqArn() {
        Run awsAlone = run("redrive", "--aws");
        assertThat(awsAlone.code()).isEqualTo(2);
        assertThat(awsAlone.err()).contains("--dlq-arn");
        Run both = run("redrive", "--url", "http://127.0.0.1:8080", "--aws", "--dlq-arn", "arn:aws:sqs:eu-west-1:1:q");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        Run apiAndUrl = run("redrive", "--url", "http://127.0.0.1:8080", "--api", "https://a1b2c3.execute-api.eu-west-1.amazonaws.com/dev");
        assertThat(apiAndUrl.code()).isEqualTo(2);
        assertThat(apiAndUrl.err()).contains("mutually exclusive");
        assertThat(run("redrive", "--profile", "ops").code()).as("--profile goes with --api").isEqualTo(2);
    }

    @Test
    void aDeployedStagesRegionIsReadFromItsUrl() {
        assertThat(AwsApi.region("https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/dev")).isEqualTo("eu-west-1");
        assertThat(AwsApi.region("https://a1b2c3d4e5.execute-api.cn-north-1.amazonaws.com.cn/prod")).isEqualTo("cn-north-1");
        assertThat(AwsApi.region("http://127.0.0.1:8080")).isNull();
        Run local = run("redrive", "--api", "http://127.0.0.1:8080");
        assertThat(local.code()).isEqualTo(2);
        assertThat(local.err()).contains("is not an API Gateway stage URL");
    }

    @Test
    void scriptCommandsAcceptTheirToolsArgumentsButRunOnlyThroughTheLauncher() {
        Run r = run("jmh", "-p", "provider=stripe");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("run it as ./payhook jmh");
    }

    @Test
    void completionPrintsABashScriptForEveryCommand() {
        Run r = run("completion");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("complete -F").contains("serve").contains("--data-dir").contains("payment_intent.succeeded");
    }

    @Test
    void durationsAndTimesParse() {
        assertThat(Values.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Values.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Values.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Values.parseDuration("7")).isEqualTo(Duration.ofSeconds(7));
        assertThatThrownBy(() -> Values.parseDuration("soon")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Values.DurationValue().convert("-3s")).isInstanceOf(CommandLine.TypeConversionException.class);
        Instant now = Instant.parse("2026-11-22T12:00:00Z");
        assertThat(Values.parseSince("2h", now)).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(Values.parseSince("1d", now)).isEqualTo(Instant.parse("2026-11-21T12:00:00Z"));
        assertThat(Values.parseSince("2026-11-22T10:00:00Z", now)).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    }

    @Test
    void numbersAndRatiosAreChecked() {
        assertThat(new Values.Port().convert("0")).isZero();
        assertThat(new Values.Port().convert("65535")).isEqualTo(65535);
        assertThatThrownBy(() -> new Values.Positive().convert("0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new Values.Ratio().convert("1.5")).hasMessageContaining("from 0 to 1");
        assertThat(new Values.BaseUrl().convert("http://127.0.0.1:8080/")).isEqualTo("http://127.0.0.1:8080");
    }
}
