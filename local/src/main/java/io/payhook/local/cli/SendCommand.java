package io.payhook.local.cli;

import io.payhook.testkit.PayhookClient;
import io.payhook.testkit.SampleDeliveries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./payhook send <provider> <event-type>}: a realistic delivery signed with the provider's
 * configured secret and with SigV4, posted to a running server, like {@code stripe trigger}.
 */
@Command(name = "send", sortOptions = false, header = "Post a signed test delivery of a provider to a running server.",
        description = {"Post a realistic test delivery to a running server, signed with the provider's secret and with "
                + "SigV4 (like 'stripe trigger'). Prints the HTTP status and the answer; exits 1 unless it was 2xx."})
public final class SendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<provider>", completionCandidates = LocalApi.ProviderNames.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    String provider;

    @Parameters(index = "1", paramLabel = "<event-type>", completionCandidates = LocalApi.EventTypes.class,
            description = "An event type of that provider (listed below).")
    String eventType;

    @Mixin
    UrlOption target;

    @Option(names = "--amount", paramLabel = "MINOR", defaultValue = "2500",
            description = "Amount in minor units of the currency. Default: ${DEFAULT-VALUE}.")
    long amount;

    @Option(names = "--currency", paramLabel = "CODE", defaultValue = "EUR", description = "Currency. Default: ${DEFAULT-VALUE}.")
    String currency;

    @Option(names = "--transaction", paramLabel = "ID", description = "Transaction id. Default: a fresh one shaped like the provider's.")
    String transaction;

    @Option(names = "--email", paramLabel = "ADDR", defaultValue = SampleDeliveries.DEFAULT_EMAIL,
            description = "Customer email in the payload. Default: ${DEFAULT-VALUE}.")
    String email;

    @Option(names = "--event-id", paramLabel = "ID", description = "Event id. Default: a fresh one.")
    String eventId;

    @Option(names = "--secret", paramLabel = "SECRET",
            description = "Provider secret to sign with. Default: the one serve uses (its PAYHOOK_*_SECRETS variable or the dev default).")
    String secret;

    /** The providers and their event types, for the end of {@code send --help}. */
    static String footer() {
        StringBuilder b = new StringBuilder("%nEvent types:");
        for (String p : LocalApi.providers()) {
            b.append("%n  ").append(p).append(':');
            int column = 80; // wrap each provider's list at 78 characters, indented
            for (String type : SampleDeliveries.eventTypes(p)) {
                if (column + 1 + type.length() > 78) {
                    b.append("%n   ");
                    column = 3;
                }
                b.append(' ').append(type);
                column += 1 + type.length();
            }
        }
        return b.toString();
    }

    @Override
    public Integer call() {
        String p = provider.toLowerCase(Locale.ROOT).replace('-', '_');
        if (!LocalApi.providers().contains(p)) {
            throw new ParameterException(spec.commandLine(),
                    "Unknown provider: '" + provider + "'; one of " + String.join(", ", LocalApi.providers()));
        }
        List<String> types = SampleDeliveries.eventTypes(p);
        if (!types.contains(eventType)) {
            throw new ParameterException(spec.commandLine(),
                    "Unknown event type for " + p + ": '" + eventType + "'; one of " + String.join(", ", types));
        }
        LocalApi api = LocalApi.fromEnvironment();
        var options = new SampleDeliveries.SampleOptions(transaction, amount, currency, email, eventId);
        SampleDeliveries.Delivery d;
        try {
            String key = secret != null ? secret : api.providerSecret(p);
            d = p.equals("square")
                    // Square signs the notification URL it was configured with, which payhook reads from its configuration
                    ? io.payhook.testkit.samples.SquareSamples.build(eventType, options, key, api.squareNotificationUrl(), Instant.now())
                    : SampleDeliveries.build(p, eventType, options, key, Instant.now());
        } catch (IllegalArgumentException e) {
            if (secret == null) throw e;
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--secret': it cannot sign for " + p
                    + " (" + e.getMessage() + ")");
        }
        PayhookClient client = api.client(target.url());
        try {
            PayhookClient.Response r = client.webhook(d);
            System.out.println("HTTP " + r.status());
            System.out.println(r.body());
            return r.ok() ? 0 : 1;
        } catch (PayhookClient.NotReachableException e) {
            System.err.println("payhook send: " + e.getMessage() + " — is `./payhook serve` running?");
            return 1;
        }
    }
}
