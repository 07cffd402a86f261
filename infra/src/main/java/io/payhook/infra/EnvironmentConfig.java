package io.payhook.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

import java.util.List;

/**
 * Everything that differs between environments, in one place.
 *
 * @param name                 environment name, suffixed to every resource name
 * @param reservedConcurrency  reserved concurrent executions per function
 * @param logRetention         function and API access log retention (prod keeps audit logs ≥ 12 months)
 * @param alarmEmail           where alarms go (SNS email subscription), or null
 * @param confirmationEmails   SNS email subscribers of the payment confirmation topic
 * @param throttleRate         API stage steady-state requests per second
 * @param throttleBurst        API stage burst
 * @param removalPolicy        what happens to data on stack deletion (prod: RETAIN)
 * @param webhookAuth          IAM (default) or OPEN: OPEN lets providers post to /webhooks/payment without SigV4
 * @param notifier             sns (default) or ses (customer-addressed confirmations)
 * @param sesFrom              verified SES sender identity when notifier is ses
 */
public record EnvironmentConfig(String name, int reservedConcurrency, RetentionDays logRetention, String alarmEmail,
                                List<String> confirmationEmails, double throttleRate, int throttleBurst,
                                RemovalPolicy removalPolicy, WebhookAuth webhookAuth, String notifier, String sesFrom) {

    public enum WebhookAuth { IAM, OPEN }

    public static EnvironmentConfig dev() {
        return new EnvironmentConfig("dev", 5, RetentionDays.ONE_MONTH, "payhook-alarms-dev@example.com",
                List.of("payments-dev@example.com"), 50, 100, RemovalPolicy.DESTROY, WebhookAuth.IAM, "sns", null);
    }

    public static EnvironmentConfig prod() {
        return new EnvironmentConfig("prod", 100, RetentionDays.THIRTEEN_MONTHS, "payhook-alarms@example.com",
                List.of("payments@example.com"), 1000, 2000, RemovalPolicy.RETAIN, WebhookAuth.IAM, "sns", null);
    }

    public static EnvironmentConfig named(String env) {
        return switch (env) {
            case "dev" -> dev();
            case "prod" -> prod();
            default -> throw new IllegalArgumentException("unknown environment '" + env + "' (dev or prod)");
        };
    }

    public boolean isProd() { return name.equals("prod"); }
}
