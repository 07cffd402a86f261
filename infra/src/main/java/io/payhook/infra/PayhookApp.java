package io.payhook.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.PCIDSS321Checks;
import io.github.cdklabs.cdknag.ServerlessChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lambda.Code;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CDK app: {@code TapStack-dev} and {@code TapStack-prod} (or one of them with
 * {@code -c env=dev|prod}), with the cdk-nag AwsSolutions, PCI DSS 3.2.1 and Serverless packs.
 * Account and region come from {@code CDK_DEFAULT_ACCOUNT}/{@code CDK_DEFAULT_REGION} when set;
 * otherwise the templates are environment-agnostic (synth needs no AWS account).
 */
public final class PayhookApp {
    /** The shaded Lambda jar, relative to the infra directory (override with {@code -c lambdaJar=...}). */
    static final String DEFAULT_JAR = "../functions/target/payhook-functions-0.1.0-SNAPSHOT-lambda.jar";

    private PayhookApp() {}

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    static void build(App app) {
        Object only = app.getNode().tryGetContext("env");
        List<String> envs = only == null ? List.of("dev", "prod") : List.of(only.toString());
        for (String env : envs) {
            Code code = code(app); // an asset belongs to one stack
            EnvironmentConfig cfg = EnvironmentConfig.named(env);
            TapStack stack = new TapStack(app, "TapStack-" + env, StackProps.builder()
                    .env(environment())
                    .description("payhook " + env + ": payment webhooks (API Gateway, Lambda, DynamoDB, SQS, SNS, KMS)")
                    .build(), cfg, code);
            Tags.of(stack).add("project", "payhook");
            Tags.of(stack).add("environment", env);
        }
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        Aspects.of(app).add(new PCIDSS321Checks(NagPackProps.builder().verbose(true).build()));
        Aspects.of(app).add(new ServerlessChecks(NagPackProps.builder().verbose(true).build()));
    }

    /** The Lambda jar; a placeholder directory when it has not been built (unit tests only — never deploy that). */
    static Code code(App app) {
        Object ctx = app.getNode().tryGetContext("lambdaJar");
        Path infra = infraDir();
        Path jar = ctx == null ? infra.resolve(DEFAULT_JAR).normalize() : Path.of(ctx.toString());
        if (Files.isRegularFile(jar)) return Code.fromAsset(jar.toString());
        Path placeholder = infra.resolve("src/test/resources/placeholder-asset");
        if (ctx != null || !Files.isDirectory(placeholder)) {
            throw new IllegalStateException("Lambda jar not found: " + jar.toAbsolutePath() + " — build it first: mvn -pl functions -am package");
        }
        return Code.fromAsset(placeholder.toString());
    }

    /** The infra module directory, whether the app runs from it (cdk, Maven tests) or from the repository root. */
    static Path infraDir() {
        return Files.isDirectory(Path.of("infra", "src")) ? Path.of("infra") : Path.of(".");
    }

    static Environment environment() {
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        if (account == null || region == null) return null;
        return Environment.builder().account(account).region(region).build();
    }
}
