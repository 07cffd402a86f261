package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.payhook.functions.FunctionsContract.LambdaFunction;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The functions' side of the contract with the stack (infra's template tests check the other side). */
class FunctionsContractTest {

    @Test
    void everyHandlerNamesAPublicRequestHandlerTheRuntimeCanBuild() throws Exception {
        for (LambdaFunction f : LambdaFunction.values()) {
            Class<?> c = Class.forName(f.handlerClass, false, getClass().getClassLoader());
            assertThat(RequestHandler.class).as(f.handler()).isAssignableFrom(c);
            assertThat(Modifier.isPublic(c.getModifiers()) && !Modifier.isAbstract(c.getModifiers())).as(f.handler()).isTrue();
            assertThat(c.getConstructor()).as(f.handler() + ": the no-arg constructor Lambda calls").isNotNull();
            assertThat(c.getMethod("handleRequest", Object.class, Context.class)).as(f.handler()).isNotNull();
            assertThat(f.handler()).isEqualTo(c.getName() + "::handleRequest");
        }
    }

    @Test
    void theConfigReadsEveryVariableTheStackSets() {
        Map<String, String> env = new HashMap<>();
        for (String v : FunctionsContract.stackVariables(FunctionsContract.NOTIFIER_SES)) env.put(v, "value-of-" + v);
        env.put(FunctionsContract.MAX_RECEIVES, "7");
        env.put(FunctionsContract.AUDIT_TTL_DAYS, "400");
        env.put(FunctionsContract.REPLAY_MAX, "250");
        env.put(FunctionsContract.MERCHANTS, "stripe=shop-eu");
        env.put(FunctionsContract.LOCALE, "de-DE");
        env.put(FunctionsContract.NOTIFIER, FunctionsContract.NOTIFIER_SES);
        PayhookConfig c = PayhookConfig.fromEnvironment(env);
        assertThat(c.environment()).isEqualTo("value-of-PAYHOOK_ENV");
        assertThat(c.tableName()).isEqualTo("value-of-PAYHOOK_TABLE_NAME");
        assertThat(c.queueUrl()).isEqualTo("value-of-PAYHOOK_QUEUE_URL");
        assertThat(c.topicArn()).isEqualTo("value-of-PAYHOOK_TOPIC_ARN");
        assertThat(c.kmsKeyArn()).isEqualTo("value-of-PAYHOOK_KMS_KEY_ARN");
        assertThat(c.providerSecretsArn()).isEqualTo("value-of-PAYHOOK_PROVIDER_SECRETS_ARN");
        assertThat(c.maxReceives()).isEqualTo(7);
        assertThat(c.notifier()).isEqualTo(PayhookConfig.Notifier.SES);
        assertThat(c.sesFrom()).isEqualTo("value-of-PAYHOOK_SES_FROM");
        assertThat(c.auditTableName()).isEqualTo("value-of-PAYHOOK_AUDIT_TABLE_NAME");
        assertThat(c.auditRetention()).isEqualTo(java.time.Duration.ofDays(400));
        assertThat(c.cursorKeyArn()).isEqualTo("value-of-PAYHOOK_CURSOR_KEY_ARN");
        assertThat(c.replayMax()).isEqualTo(250);
        assertThat(PayhookConfig.fromEnvironment(Map.of()).replayMax()).as("the default").isEqualTo(1000);
        assertThat(c.sesConfigurationSet()).isEqualTo("value-of-PAYHOOK_SES_CONFIGURATION_SET");
        assertThat(c.opsTopicArn()).isEqualTo("value-of-PAYHOOK_OPS_TOPIC_ARN");
        assertThat(c.addressKeyArn()).isEqualTo("value-of-PAYHOOK_ADDRESS_KEY_ARN");
        assertThat(c.merchants().labelOf("stripe")).isEqualTo("shop-eu");
        assertThat(c.merchantName()).isEqualTo("value-of-PAYHOOK_MERCHANT_NAME");
        assertThat(c.locale().toLanguageTag()).isEqualTo("de-DE");
        assertThat(c.squareNotificationUrl()).isEqualTo("value-of-PAYHOOK_SQUARE_NOTIFICATION_URL");
        assertThat(c.customProviders()).isEqualTo("value-of-PAYHOOK_CUSTOM_PROVIDERS");
        assertThat(c.riskRules()).isEqualTo("value-of-PAYHOOK_RISK_RULES");
        // JAVA_TOOL_OPTIONS is the JVM's; the rest keep their defaults
        assertThat(c.logLevel()).isEqualTo(JsonLog.Level.INFO);
        assertThat(c.maxBodyBytes()).isEqualTo(256 * 1024);
    }

    @Test
    void theIngestFunctionAloneIsGivenTheMerchantLabelsAndReadsThemOnce() {
        assertThat(FunctionsContract.stackVariables(LambdaFunction.INGEST, FunctionsContract.NOTIFIER_SNS, false, false))
                .contains(FunctionsContract.MERCHANTS);
        for (LambdaFunction f : LambdaFunction.values()) {
            if (f == LambdaFunction.INGEST) continue;
            assertThat(FunctionsContract.stackVariables(f, FunctionsContract.NOTIFIER_SES, true, true)).as(f.name())
                    .doesNotContain(FunctionsContract.MERCHANTS);
        }
        assertThat(PayhookConfig.fromEnvironment(Map.of()).merchants().labels()).isEmpty();
        assertThat(PayhookConfig.fromEnvironment(Map.of("PAYHOOK_MERCHANTS", "")).merchants().labels()).as("the stack's default").isEmpty();
        assertThat(PayhookConfig.fromEnvironment(Map.of("PAYHOOK_MERCHANTS", "stripe=shop-eu,square=shop-us")).merchants().labelOf("square"))
                .isEqualTo("shop-us");
        // a wrong entry fails the function's init (the config is read when the handler is built), naming it
        assertThatThrownBy(() -> PayhookConfig.fromEnvironment(Map.of("PAYHOOK_MERCHANTS", "stripe=shop-eu,square")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("PAYHOOK_MERCHANTS entry 2 (\"square\")");
    }

    @Test
    void theRiskFunctionAloneIsGivenTheRulesAndAWrongFileFailsItsInitNamingTheVariable() {
        assertThat(LambdaFunction.RISK.variables(FunctionsContract.NOTIFIER_SNS)).containsExactly(FunctionsContract.ENV,
                FunctionsContract.TABLE_NAME, FunctionsContract.OPS_TOPIC_ARN, FunctionsContract.RISK_RULES, FunctionsContract.JAVA_TOOL_OPTIONS);
        assertThat(LambdaFunction.RISK.handler()).isEqualTo("io.payhook.functions.RiskStreamHandler::handleRequest");
        for (LambdaFunction f : LambdaFunction.values()) {
            if (f == LambdaFunction.RISK) continue;
            assertThat(FunctionsContract.stackVariables(f, FunctionsContract.NOTIFIER_SES, true, true)).as(f.name())
                    .doesNotContain(FunctionsContract.RISK_RULES);
        }
        assertThat(PayhookConfig.fromEnvironment(Map.of()).risk()).isEqualTo(io.payhook.core.risk.RiskRules.defaults());
        assertThat(PayhookConfig.fromEnvironment(Map.of(FunctionsContract.RISK_RULES, "{}")).risk()).isEqualTo(io.payhook.core.risk.RiskRules.defaults());
        assertThat(PayhookConfig.fromEnvironment(Map.of(FunctionsContract.RISK_RULES, "{\"dispute\": {\"points\": 10}}")).risk().disputePoints())
                .isEqualTo(10);
        assertThatThrownBy(() -> PayhookConfig.fromEnvironment(Map.of(FunctionsContract.RISK_RULES, "{\"dispute\": 1}")).risk())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("PAYHOOK_RISK_RULES: risk rules: 'dispute' must be an object");
    }

    @Test
    void theNotifierIsSnsUnlessSaidAndNothingElse() {
        assertThat(PayhookConfig.fromEnvironment(Map.of()).notifier()).isEqualTo(PayhookConfig.Notifier.SNS);
        assertThat(PayhookConfig.fromEnvironment(Map.of("PAYHOOK_NOTIFIER", "sns")).notifier()).isEqualTo(PayhookConfig.Notifier.SNS);
        assertThatThrownBy(() -> PayhookConfig.fromEnvironment(Map.of("PAYHOOK_NOTIFIER", "smtp")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PAYHOOK_NOTIFIER").hasMessageContaining("smtp");
    }

    @Test
    void everyFunctionReadsOnlyWhatTheStackSets() {
        for (String notifier : new String[] {FunctionsContract.NOTIFIER_SNS, FunctionsContract.NOTIFIER_SES}) {
            // the optional variables a function reads with a default (PayhookConfig); the stack sets them on their function only
            java.util.Set<String> optional = java.util.Set.of(FunctionsContract.MERCHANTS, FunctionsContract.SQUARE_NOTIFICATION_URL,
                    FunctionsContract.CUSTOM_PROVIDERS, FunctionsContract.MERCHANT_NAME, FunctionsContract.LOCALE,
                    FunctionsContract.CUSTOM_PROVIDER_NAMES);
            for (LambdaFunction f : LambdaFunction.values()) {
                List<String> set = FunctionsContract.stackVariables(f, notifier, true, true);
                assertThat(set).as(f + " " + notifier).containsAll(f.variables(notifier)).doesNotHaveDuplicates();
                java.util.Set<String> extra = new java.util.HashSet<>(set);
                f.variables(notifier).forEach(extra::remove);
                assertThat(optional).as("nothing set on " + f + " that it does not read").containsAll(extra);
            }
        }
        assertThat(LambdaFunction.NOTIFICATION_SENDER.variables(FunctionsContract.NOTIFIER_SES))
                .contains(FunctionsContract.SES_FROM, FunctionsContract.SES_CONFIGURATION_SET, FunctionsContract.OPS_TOPIC_ARN);
        assertThat(LambdaFunction.HEALTH.variables(FunctionsContract.NOTIFIER_SNS))
                .containsExactly(FunctionsContract.ENV, FunctionsContract.TABLE_NAME, FunctionsContract.QUEUE_URL, FunctionsContract.JAVA_TOOL_OPTIONS);
        assertThat(LambdaFunction.HEALTH.handler()).isEqualTo("io.payhook.functions.HealthHandler::handleRequest");
        // the failures page: the index (the table), the DLQ's move tasks, the audit trail; no key, no topic, no queue URL
        assertThat(LambdaFunction.NOTIFICATION_OPS.variables(FunctionsContract.NOTIFIER_SNS))
                .containsExactly(FunctionsContract.ENV, FunctionsContract.TABLE_NAME, FunctionsContract.DLQ_ARN,
                        FunctionsContract.AUDIT_TABLE_NAME, FunctionsContract.AUDIT_TTL_DAYS, FunctionsContract.JAVA_TOOL_OPTIONS);
        assertThat(PayhookConfig.fromEnvironment(Map.of(FunctionsContract.DLQ_ARN, "arn:aws:sqs:eu-west-1:1:dlq")).dlqArn())
                .isEqualTo("arn:aws:sqs:eu-west-1:1:dlq");
        // search: the query function needs the summary table and the cursor key, and so does notify-request (bulk
        // re-notify pages through the search), the projector the summary table; no other function gets the cursor key
        assertThat(LambdaFunction.QUERY.variables(FunctionsContract.NOTIFIER_SNS))
                .contains(FunctionsContract.SUMMARY_TABLE_NAME, FunctionsContract.CURSOR_KEY_ARN);
        assertThat(LambdaFunction.NOTIFY_REQUEST.variables(FunctionsContract.NOTIFIER_SNS))
                .contains(FunctionsContract.SUMMARY_TABLE_NAME, FunctionsContract.CURSOR_KEY_ARN, FunctionsContract.REPLAY_MAX);
        assertThat(LambdaFunction.PROJECTOR.variables(FunctionsContract.NOTIFIER_SNS))
                .containsExactly(FunctionsContract.ENV, FunctionsContract.TABLE_NAME, FunctionsContract.SUMMARY_TABLE_NAME,
                        FunctionsContract.JAVA_TOOL_OPTIONS);
        for (LambdaFunction f : LambdaFunction.values()) {
            if (f != LambdaFunction.QUERY && f != LambdaFunction.NOTIFY_REQUEST) {
                assertThat(FunctionsContract.stackVariables(f, FunctionsContract.NOTIFIER_SES, true, true)).as(f.name())
                        .doesNotContain(FunctionsContract.CURSOR_KEY_ARN, FunctionsContract.CUSTOM_PROVIDER_NAMES);
            }
        }
        var c = PayhookConfig.fromEnvironment(Map.of(FunctionsContract.SUMMARY_TABLE_NAME, "summaries-dev",
                FunctionsContract.CURSOR_KEY_ARN, "arn:cursor", FunctionsContract.CUSTOM_PROVIDER_NAMES, "acme_pay, globex_billing"));
        assertThat(c.summaryTableName()).isEqualTo("summaries-dev");
        assertThat(c.cursorKeyArn()).isEqualTo("arn:cursor");
        assertThat(c.customProviderNames()).containsExactly("acme_pay", "globex_billing");
        assertThat(PayhookConfig.fromEnvironment(Map.of()).customProviderNames()).isEmpty();
    }
}
