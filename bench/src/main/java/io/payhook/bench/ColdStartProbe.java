package io.payhook.bench;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.payhook.aws.dynamodb.PaymentTable;
import io.payhook.functions.FunctionsContract;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cold-start probe: starts DynamoDB Local (server mode, in memory) and a Secrets Manager / KMS stub
 * ({@link AwsStub}, reached through the SDK's endpoint variables), then, several times each,
 * a fresh JVM on the Lambda jar that initialises the ingest handler and handles its first
 * webhook — plain, and with an application class-data archive (AppCDS) written by one training
 * run — the SDK floor ({@link SdkFloorChild}: a bare DynamoDB client and one PutItem, no payhook
 * code) and a hello-world JVM, all with the Lambda runtime's JVM flags; prints medians and the
 * Lambda jar's size.
 * Usage: {@code ./payhook coldstart [runs]}.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path jar = Path.of("functions/target/payhook-functions-0.1.0-SNAPSHOT-lambda.jar");
        if (!Files.exists(jar)) throw new IllegalStateException("build the Lambda jar first: " + jar);
        Path probeJar = Path.of("bench/target/payhook-bench-0.1.0-SNAPSHOT.jar");
        if (!Files.exists(probeJar)) throw new IllegalStateException("build the bench jar first: " + probeJar);
        int port = freePort();
        DynamoDBProxyServer ddb = startDynamoDbLocal(port, "payment_transactions-probe");
        // Secrets Manager and KMS: a stub on 127.0.0.1, reached the way the functions reach AWS
        AwsStub stub = new AwsStub(PROBE_SECRET, 0);
        try {
            Path work = Files.createTempDirectory("payhook-probe");
            Map<String, String> env = new HashMap<>();
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
            env.put("AWS_SECRET_ACCESS_KEY", ACCESS_KEY);
            env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + port);
            env.putAll(stub.endpointVariables());
            env.put(FunctionsContract.TABLE_NAME, "payment_transactions-probe");
            env.put(FunctionsContract.LOG_LEVEL, "WARN");
            env.put(ColdStartChild.SECRET_VARIABLE, PROBE_SECRET);
            // what Lambda sets too, so libraries that detect Lambda (EMF, X-Ray) take their Lambda path: a
            // trace header for the invocation, the X-Ray daemon's address (UDP, nobody listens)
            env.put("AWS_LAMBDA_FUNCTION_NAME", "payhook-ingest-probe");
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
            env.put("LAMBDA_TASK_ROOT", work.toString());
            env.put("_X_AMZN_TRACE_ID", "Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1");
            env.put("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000");
            env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
            String java = ProcessHandle.current().info().command().orElse("java");
            // what the Lambda java21 runtime starts the JVM with (serial GC), plus the stack's
            // JAVA_TOOL_OPTIONS (C1 only); the hello-world JVM gets the same flags
            List<String> lambdaFlags = List.of("-XX:+UseSerialGC", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
            // class data sharing wants jars, not directories, on the class path
            String cp = jar.toAbsolutePath() + ":" + probeJar.toAbsolutePath();
            // AppCDS: one training run writes an archive of the classes it loaded; later runs map it
            Path archive = work.resolve("coldstart.jsa");
            List<String> train = new ArrayList<>(lambdaFlags);
            train.add("-XX:ArchiveClassesAtExit=" + archive);
            run(java, train, cp, "io.payhook.bench.ColdStartChild", env);
            List<String> cdsFlags = new ArrayList<>(lambdaFlags);
            cdsFlags.add("-XX:SharedArchiveFile=" + archive);
            List<Double> cold = new ArrayList<>(), coldInit = new ArrayList<>(), coldFirst = new ArrayList<>(), hello = new ArrayList<>(), cds = new ArrayList<>(),
                    floor = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Map<String, String> r = run(java, lambdaFlags, cp, "io.payhook.bench.ColdStartChild", env);
                if (!"200".equals(r.get("status"))) throw new IllegalStateException("probe webhook failed: " + r);
                // -Dpayhook.probe.showChild=true: what the first child wrote (its log and EMF lines), to check a candidate library works
                if (i == 0 && Boolean.getBoolean("payhook.probe.showChild")) System.out.print(r.get("output"));
                cold.add(Double.parseDouble(r.get("wall_ms")));
                coldInit.add(Double.parseDouble(r.get("init_ms")));
                coldFirst.add(Double.parseDouble(r.get("first_request_ms")));
                Map<String, String> c = run(java, cdsFlags, cp, "io.payhook.bench.ColdStartChild", env);
                if (!"200".equals(c.get("status"))) throw new IllegalStateException("probe webhook failed (AppCDS): " + c);
                cds.add(Double.parseDouble(c.get("wall_ms")));
                Map<String, String> f = run(java, lambdaFlags, cp, "io.payhook.bench.SdkFloorChild", env);
                if (!"200".equals(f.get("status"))) throw new IllegalStateException("SDK floor PutItem failed: " + f);
                floor.add(Double.parseDouble(f.get("wall_ms")));
                hello.add(Double.parseDouble(run(java, lambdaFlags, probeJar.toAbsolutePath().toString(), "io.payhook.bench.HelloChild", Map.of()).get("wall_ms")));
            }
            double c = median(cold), h = median(hello), a = median(cds), fl = median(floor);
            System.out.printf(Locale.ROOT, "cold start (fresh JVM: load jar, init handler, first webhook stored), median of %d: %.0f ms "
                    + "(handler init %.0f ms, first request %.0f ms)%n", runs, c, median(coldInit), median(coldFirst));
            System.out.printf(Locale.ROOT, "same with an application class-data archive (AppCDS, from a training run): %.0f ms%n", a);
            System.out.printf(Locale.ROOT, "hello-world JVM, median of %d: %.0f ms; ratio %.1f× (AppCDS %.1f×)%n", runs, h, c / h, a / h);
            System.out.printf(Locale.ROOT, "SDK floor (fresh JVM: a bare DynamoDB client, one PutItem, no payhook code): %.0f ms = %.1f× hello-world; "
                    + "payhook adds %.0f ms (%.2f× the floor)%n", fl, fl / h, c - fl, c / fl);
            System.out.printf(Locale.ROOT, "fastest runs (a shared machine's noise is one-sided): cold %.0f ms, AppCDS %.0f ms, SDK floor %.0f ms, hello-world %.0f ms%n",
                    min(cold), min(cds), min(floor), min(hello));
            System.out.printf(Locale.ROOT, "Lambda jar: %s, %.1f MB%n", jar, Files.size(jar) / 1e6);
            System.out.printf(Locale.ROOT, "{\"cold_start_ms\":%.0f,\"handler_init_ms\":%.0f,\"first_request_ms\":%.0f,\"cold_start_appcds_ms\":%.0f,"
                            + "\"hello_world_ms\":%.0f,\"ratio\":%.2f,\"ratio_appcds\":%.2f,\"min_cold_start_ms\":%.0f,\"min_cold_start_appcds_ms\":%.0f,"
                            + "\"min_hello_world_ms\":%.0f,\"sdk_floor_ms\":%.0f,\"min_sdk_floor_ms\":%.0f,\"ratio_floor\":%.2f,\"jar_mb\":%.2f}%n",
                    c, median(coldInit), median(coldFirst), a, h, c / h, a / h, min(cold), min(cds), min(hello), fl, min(floor), fl / h,
                    Files.size(jar) / 1e6);
        } finally {
            stub.close();
            ddb.stop();
        }
        System.exit(0);
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The generic provider's secret: the stub's Secrets Manager answers it, the child signs with it. */
    static final String PROBE_SECRET = "probe_only_generic_secret";

    /** The access key the children must use: DynamoDB Local keeps one database per access key and region. */
    static final String ACCESS_KEY = "probe";

    /** DynamoDB Local in server mode (in memory) on {@code port}, with the payment table {@code table} created (us-east-1, {@link #ACCESS_KEY}). */
    static DynamoDBProxyServer startDynamoDbLocal(int port, String table) throws Exception {
        DynamoDBProxyServer ddb = ServerRunner.createServerFromCommandLineArgs(new String[] {
                "-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
        ddb.start();
        try (DynamoDbClient c = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, ACCESS_KEY))).build()) {
            c.createTable(PaymentTable.createRequest(table));
        }
        return ddb;
    }

    /**
     * Runs {@code main} in a fresh JVM with only {@code env} of the AWS_* and PAYHOOK_* variables (none
     * inherited), and returns its {@code key=value} lines plus {@code wall_ms} and its whole {@code output};
     * throws with that output if it exits non-zero.
     */
    static Map<String, String> run(String java, List<String> flags, String cp, String main, Map<String, String> env,
                                   String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", cp, main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("PAYHOOK_"));
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        Map<String, String> out = new HashMap<>();
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                all.append(line).append('\n');
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("{")) out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        int code = p.waitFor();
        out.put("wall_ms", Double.toString((System.nanoTime() - t0) / 1e6));
        out.put("output", all.toString());
        if (code != 0) throw new IllegalStateException(main + " exited " + code + ":\n" + all);
        return out;
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        return s.get(s.size() / 2);
    }
}
