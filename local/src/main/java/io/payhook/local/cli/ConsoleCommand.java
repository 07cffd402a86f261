package io.payhook.local.cli;

import io.payhook.local.console.ConsoleServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

import java.net.URI;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./payhook console --api URL}: the operator console of a deployed stack, served on 127.0.0.1; its calls go to
 * that API only, signed with the operator's own AWS credentials (docs/CONSOLE.md).
 */
@Command(name = "console", sortOptions = false, header = "The operator console of a deployed stack, on 127.0.0.1, signed with your AWS credentials.",
        description = {"Serve the operator console on 127.0.0.1 and forward its calls to a deployed payhook API, signed "
                + "with SigV4 with your own AWS credentials (the SDK's default chain, or --profile): no new login or "
                + "endpoint in AWS, every action audited under your IAM identity. Prints the address to open. "
                + "The local system (serve) has the same console at /console/."})
public final class ConsoleCommand implements Callable<Integer> {
    @Option(names = "--api", paramLabel = "URL", required = true, converter = Values.BaseUrl.class,
            description = "The deployed API, with its stage, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/prod.")
    String api;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Sign with this profile of ~/.aws/config and ~/.aws/credentials. Default: the SDK's default credentials chain.")
    String profile;

    @Option(names = "--region", paramLabel = "R",
            description = "The API's region. Default: from an execute-api URL, else the profile's or the SDK's default region.")
    String region;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8081", converter = Values.Port.class,
            description = "Port on 127.0.0.1, 0 to 65535 (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Override
    public Integer call() throws Exception {
        URI uri = URI.create(api);
        String r = region(uri);
        if (r == null) {
            System.err.println("payhook console: no region: give --region (the API's AWS region, e.g. eu-west-1)");
            return PayhookCli.USAGE;
        }
        AwsCredentialsProvider credentials = AwsApi.credentials(profile);
        try {
            credentials.resolveCredentials();
        } catch (RuntimeException e) {
            System.err.println("payhook console: warning: " + ConsoleServer.credentialsProblem(e)
                    + " The console shows this until credentials are available.");
        }
        ConsoleServer console = ConsoleServer.proxyWithCloudWatch(uri, r, credentials, Clock.systemUTC());
        int bound = console.listen(port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            console.close();
            stopped.countDown();
        }, "payhook-console-shutdown"));
        for (String sig : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> System.exit(0));
        }
        System.out.println("forwarding to " + console.api() + " (region " + r + ", credentials: "
                + (profile == null ? "the default chain" : "profile " + profile) + ")");
        System.out.println("payhook console on http://127.0.0.1:" + bound + ConsoleServer.PREFIX);
        System.out.flush();
        stopped.await();
        return 0;
    }

    private String region(URI uri) {
        if (region != null && !region.isBlank()) return region.trim();
        String fromUrl = AwsApi.region(uri.toString());
        if (fromUrl != null) return fromUrl;
        try {
            return (profile == null ? DefaultAwsRegionProviderChain.builder().build() : new AwsProfileRegionProvider(null, profile))
                    .getRegion().id();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
