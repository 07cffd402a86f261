package io.payhook.local;


import java.util.concurrent.CountDownLatch;

/** {@code ./payhook serve}: start everything, print where, stop cleanly on SIGTERM / Ctrl-C. */
final class Serve {
    private Serve() {}

    static int run(Cli.Args a) throws Exception {
        int port = Integer.parseInt(a.opt("port", "8080"));
        LocalConfig config = LocalConfig.fromEnvironment(System.getenv(), port, a.dataDir().toAbsolutePath());
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
        system.start();
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
        System.out.println("payhook listening on " + system.url());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
