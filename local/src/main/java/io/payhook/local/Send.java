package io.payhook.local;

import io.payhook.testkit.SampleDeliveries;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./payhook send <provider> <event-type>}: a realistic delivery signed with the provider's
 * configured secret and with SigV4, posted to a running server, like {@code stripe trigger}.
 */
final class Send {
    private Send() {}

    static int run(Cli.Args a) throws Exception {
        if (a.positional().size() < 2) {
            System.err.println("usage: ./payhook send <provider> <event-type> [--url URL] [--amount N] [--currency C] [--transaction ID] [--email E] [--event-id ID]");
            return 2;
        }
        String provider = a.positional().get(0).toLowerCase(Locale.ROOT).replace('-', '_');
        String type = a.positional().get(1);
        if (!EnvironmentSecretSource.VARIABLES.containsKey(provider)) {
            System.err.println("payhook send: unknown provider '" + provider + "'; one of " + EnvironmentSecretSource.VARIABLES.keySet());
            return 2;
        }
        List<String> types = SampleDeliveries.eventTypes(provider);
        if (!types.contains(type)) {
            System.err.println("payhook send: unknown event type '" + type + "' for " + provider + "; one of " + types);
            return 2;
        }
        LocalConfig config = LocalConfig.fromEnvironment(System.getenv(), 0, a.dataDir());
        String variable = EnvironmentSecretSource.VARIABLES.get(provider);
        String secret = a.opt("secret", EnvironmentSecretSource.split(config.providerSecrets().get(variable)).get(0));
        var options = new SampleDeliveries.SampleOptions(
                a.options().get("transaction"),
                Long.parseLong(a.opt("amount", "2500")),
                a.opt("currency", "EUR"),
                a.opt("email", "customer@example.com"),
                a.options().get("event-id"));
        SampleDeliveries.Delivery d = SampleDeliveries.build(provider, type, options, secret, Instant.now());
        URI uri = URI.create(a.opt("url", "http://127.0.0.1:8080") + "/webhooks/payment");
        int code = post(config, uri, d.headers(), d.body(), System.out);
        return code >= 200 && code < 300 ? 0 : 1;
    }

    /** Posts with SigV4; prints status and answer; returns the status. */
    static int post(LocalConfig config, URI uri, Map<String, String> headers, byte[] body, java.io.PrintStream out) throws Exception {
        SigV4 sigv4 = new SigV4(config.accessKeyId(), config.secretAccessKey(), config.region(), Duration.ofMinutes(5), Clock.systemUTC());
        Map<String, String> all = new HashMap<>(headers);
        all.put("Host", uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
        Map<String, String> signed = sigv4.signHeaders("POST", uri, all, body);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        signed.forEach(b::header);
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            out.println("HTTP " + r.statusCode());
            out.println(r.body());
            return r.statusCode();
        } catch (java.net.ConnectException e) {
            out.println("payhook send: cannot connect to " + uri + " — is `./payhook serve` running?");
            return 0;
        }
    }
}
