package io.payhook.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.PCIDSS321Checks;
import io.github.cdklabs.cdknag.ServerlessChecks;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lambda.Code;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CDK app: {@code TapStack-dev} and {@code TapStack-prod} (or one of them with
 * {@code -c env=dev|prod}), checked by the cdk-nag AwsSolutions, PCI DSS 3.2.1 and Serverless packs.
 *
 * <ul>
 *   <li>Account and region come from {@code CDK_DEFAULT_ACCOUNT}/{@code CDK_DEFAULT_REGION} when set;
 *       otherwise the templates are environment-agnostic (synth needs no AWS account).</li>
 *   <li>The cloud assembly goes to {@code CDK_OUTDIR} (set by the cdk CLI and by {@code infra/synth.sh}).</li>
 *   <li>The Lambda code is the shaded jar {@value #DEFAULT_JAR} (relative to the repository root),
 *       or {@code -c lambdaJar=PATH} (absolute, or relative to the repository root). When that file
 *       does not exist the stacks get a placeholder asset so that template tests run before the
 *       functions are packaged, and a warning says so — unless the context {@code requireLambdaJar}
 *       is true ({@code cdk.json} and {@code synth.sh} set it), which fails instead.</li>
 * </ul>
 */
public final class PayhookApp {
    /** The Lambda jar (shaded, then shrunk by ProGuard in the functions build), relative to the repository root. */
    public static final String DEFAULT_JAR = "functions/target/payhook-functions-0.1.0-SNAPSHOT-lambda.jar";
    static final String PLACEHOLDER_DIR = "infra/src/test/resources/placeholder-asset";

    private PayhookApp() {}

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    /** Adds the stacks chosen by the {@code env} context (default both) and the nag packs. */
    static void build(App app) {
        Object only = app.getNode().tryGetContext("env");
        List<String> envs = only == null ? List.of("dev", "prod") : List.of(only.toString());
        LambdaAsset asset = lambdaAsset(app);
        for (String env : envs) addStack(app, "TapStack-" + env, configure(app, EnvironmentConfig.named(env)), asset);
        addNagPacks(app);
    }

    /**
     * The environment's configuration with what the CDK context replaces (docs/DEPLOY.md): the addresses
     * ({@link #addresses}), the confirmations ({@code notifier=sns|ses}, {@code sesIdentity}, {@code sesFrom},
     * {@code sesIdentityExists=true}, {@code merchantName}, {@code locale}) and the providers' settings
     * ({@code squareNotificationUrl}, {@code customProvidersFile}, relative to the repository root) and the risk rules
     * ({@code riskRulesFile}, relative to the repository root; empty: the defaults).
     */
    static EnvironmentConfig configure(App app, EnvironmentConfig cfg) {
        cfg = addresses(app, cfg);
        EnvironmentConfig.Email e = cfg.email();
        String notifier = context(app, "notifier");
        String identity = context(app, "sesIdentity");
        String from = context(app, "sesFrom");
        String exists = context(app, "sesIdentityExists");
        String merchant = context(app, "merchantName");
        String locale = context(app, "locale");
        if (notifier != null || identity != null || from != null || exists != null || merchant != null || locale != null) {
            String m = merchant != null ? merchant : e.merchantName();
            String l = locale != null ? locale : e.locale();
            boolean ses = notifier == null ? e.notifier() == EnvironmentConfig.Notifier.SES
                    : switch (notifier) {
                        case "ses" -> true;
                        case "sns" -> false;
                        default -> throw new IllegalArgumentException("-c notifier must be ses or sns, got '" + notifier + "'");
                    };
            if (ses) {
                String f = from != null ? from : e.sesFrom();
                String i = identity != null ? identity : from != null ? from : e.sesIdentity();
                boolean create = exists != null ? !Boolean.parseBoolean(exists) : e.createSesIdentity() || e.sesIdentity() == null;
                e = new EnvironmentConfig.Email(EnvironmentConfig.Notifier.SES, i, create, f, m, l);
            } else {
                e = EnvironmentConfig.Email.sns(m, l);
            }
            cfg = cfg.withEmail(e);
        }
        String square = context(app, "squareNotificationUrl");
        String custom = context(app, "customProvidersFile");
        if (square != null || custom != null) {
            cfg = cfg.withWebhooks(new EnvironmentConfig.Webhooks(
                    square != null ? (square.isBlank() ? null : square) : cfg.webhooks().squareNotificationUrl(),
                    custom != null ? (custom.isBlank() ? null : custom) : cfg.webhooks().customProvidersFile()));
        }
        String risk = context(app, "riskRulesFile");
        if (risk != null) cfg = cfg.withRiskRules(risk.isBlank() ? null : risk);
        return cfg;
    }

    /**
     * {@code -c alarmEmail=ops@…}, {@code -c opsEmail=…} and {@code -c confirmationEmails=a@…,b@…} replace the
     * environment's addresses without editing {@link EnvironmentConfig} (an empty value means none).
     */
    static EnvironmentConfig addresses(App app, EnvironmentConfig cfg) {
        String alarm = context(app, "alarmEmail");
        String ops = context(app, "opsEmail");
        String confirmations = context(app, "confirmationEmails");
        if (alarm == null && ops == null && confirmations == null) return cfg;
        String a = alarm == null ? cfg.alarmEmail() : alarm.isBlank() ? null : alarm.strip();
        String o = ops == null ? cfg.opsEmail() : ops.isBlank() ? null : ops.strip();
        List<String> c = confirmations == null ? cfg.confirmationEmails()
                : java.util.Arrays.stream(confirmations.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
        return cfg.withAddresses(a, o, c);
    }

    private static String context(App app, String key) {
        Object v = app.getNode().tryGetContext(key);
        return v == null ? null : v.toString().strip();
    }

    static TapStack addStack(App app, String id, EnvironmentConfig cfg, LambdaAsset asset) {
        TapStack stack = new TapStack(app, id, StackProps.builder()
                .env(environment())
                .description("payhook " + cfg.name() + ": payment webhooks (API Gateway, Lambda, DynamoDB, SQS, SNS, SES, KMS)")
                .build(), cfg, Code.fromAsset(asset.path().toString())); // an asset belongs to one stack
        if (asset.placeholder()) {
            Annotations.of(stack).addWarningV2("payhook:placeholderLambdaAsset",
                    "Lambda jar not found; the functions carry a placeholder asset (" + asset.path() + "). Never deploy this: build "
                            + DEFAULT_JAR + " (mvn -pl functions -am package) or run infra/synth.sh.");
        }
        if (!cfg.placeholderAddresses().isEmpty()) {
            Annotations.of(stack).addWarningV2("payhook:placeholderAddresses",
                    "alarms, alerts, confirmations or the SES sender are at example.com placeholders " + cfg.placeholderAddresses()
                            + ": deploy with -c alarmEmail=… -c opsEmail=… -c confirmationEmails=… -c sesIdentity=… -c sesFrom=… (docs/DEPLOY.md)");
        }
        Tags.of(stack).add("project", "payhook");
        Tags.of(stack).add("environment", cfg.name());
        return stack;
    }

    static void addNagPacks(App app) {
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        Aspects.of(app).add(new PCIDSS321Checks(NagPackProps.builder().verbose(true).build()));
        Aspects.of(app).add(new ServerlessChecks(NagPackProps.builder().verbose(true).build()));
    }

    /** Where the Lambda code comes from, and whether it is the placeholder. */
    record LambdaAsset(Path path, boolean placeholder) {}

    static LambdaAsset lambdaAsset(App app) {
        Path root = repoRoot();
        Object ctx = app.getNode().tryGetContext("lambdaJar");
        Path jar = root.resolve(ctx == null ? DEFAULT_JAR : ctx.toString()).normalize();
        if (Files.isRegularFile(jar)) return new LambdaAsset(jar, false);
        if (Boolean.parseBoolean(String.valueOf(app.getNode().tryGetContext("requireLambdaJar")))) {
            throw new IllegalStateException("Lambda jar not found: " + jar + " — build it first: mvn -pl functions -am package (or run infra/synth.sh)");
        }
        System.err.println("payhook infra: " + jar + " not found; using a placeholder Lambda asset (tests only, never deploy it)");
        return new LambdaAsset(placeholder(root), true);
    }

    private static Path placeholder(Path root) {
        Path dir = root.resolve(PLACEHOLDER_DIR);
        if (Files.isDirectory(dir)) return dir;
        try {
            Path tmp = Files.createTempDirectory("payhook-placeholder-asset");
            Files.writeString(tmp.resolve("README.txt"), "placeholder Lambda asset: the functions jar was not built\n");
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root, whether the app runs from it ({@code synth.sh}) or from {@code infra/} (cdk, Maven tests). */
    static Path repoRoot() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("infra/pom.xml"))) return p;
        }
        return cwd;
    }

    /** The deployment environment from the cdk CLI's variables, or null (environment-agnostic). */
    static Environment environment() {
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        if (account == null && region == null) return null;
        return Environment.builder().account(account).region(region).build();
    }
}
