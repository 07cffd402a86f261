package io.payhook.local.cli;

import io.payhook.local.EnvironmentSecretSource;
import io.payhook.local.LocalConfig;
import io.payhook.local.LocalSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code ./payhook serve}: start everything, print where, stop cleanly on SIGTERM / Ctrl-C. */
@Command(name = "serve", sortOptions = false, header = "Run the whole system locally: one JVM, no AWS account, no Docker.",
        description = {"Run the whole system locally in one JVM: DynamoDB Local, ElasticMQ, an SMTP sink and the API "
                + "with SigV4 checking, and the operator console at /console/. Prints the dev key pair and provider secrets it uses, then "
                + "'payhook listening on http://127.0.0.1:N'. Ctrl-C or SIGTERM stops it cleanly."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", converter = Values.Port.class,
            description = "Port on 127.0.0.1, 0 to 65535 (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Mixin
    DataDirOption data;

    @Override
    public Integer call() throws Exception {
        LocalConfig config;
        try {
            config = LocalConfig.fromEnvironment(System.getenv(), port, data.dataDir().toAbsolutePath());
        } catch (IllegalArgumentException e) { // a bad value of a PAYHOOK_* variable: one line, as a bad option
            System.err.println("payhook serve: " + e.getMessage());
            return 2;
        }
        LocalSystem system = new LocalSystem(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            system.close();
            stopped.countDown();
        }, "payhook-shutdown"));
        // SIGTERM and Ctrl-C are a normal stop: exit 0 after the shutdown hook has closed everything.
        for (String sig : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> System.exit(0));
        }
        try {
            system.start();
        } catch (io.payhook.local.LocalDynamo.OlderDataDirException e) {
            System.err.println("payhook serve: " + e.getMessage());
            return 2;
        }
        System.out.println("payhook data dir: " + config.dataDir());
        System.out.println("SigV4 credentials (service execute-api, region " + config.region() + "): "
                + (config.accessKeyId().equals(LocalConfig.DEV_ACCESS_KEY_ID)
                ? "dev defaults PAYHOOK_ACCESS_KEY_ID=" + LocalConfig.DEV_ACCESS_KEY_ID
                + " PAYHOOK_SECRET_ACCESS_KEY=" + LocalConfig.DEV_SECRET_ACCESS_KEY
                : "from PAYHOOK_ACCESS_KEY_ID / PAYHOOK_SECRET_ACCESS_KEY"));
        EnvironmentSecretSource.VARIABLES.forEach((provider, variable) -> System.out.println(
                "provider " + provider + ": " + (config.usesDevSecret(variable)
                        ? "dev default secret " + variable + "=" + LocalConfig.DEV_PROVIDER_SECRETS.get(variable)
                        : "secret(s) from " + variable)));
        System.out.println("mail sink: smtp://127.0.0.1:" + system.mail().port() + " (copies in " + system.mail().directory() + ")");
        System.out.println("operations alerts to " + config.notifications().opsEmail() + " (in the mail sink); metrics at "
                + system.url() + "/metrics; bounce@ and complaint@simulator.amazonses.com act as SES's mailbox simulator");
        System.out.println("operator console at " + system.consoleUrl());
        System.out.println("payhook listening on " + system.url());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
