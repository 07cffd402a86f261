package io.payhook.infra;

import io.payhook.core.protection.MerchantLabels;
import io.payhook.functions.FunctionsContract;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one place where environments differ, and the promises it refuses to break. Pure: no synthesis. */
class EnvironmentConfigTest {

    @Test
    void devAndProdAsDocumented() {
        EnvironmentConfig dev = EnvironmentConfig.named("dev");
        EnvironmentConfig prod = EnvironmentConfig.named("prod");
        assertThat(dev.reservedConcurrency()).isEqualTo(5);
        assertThat(prod.reservedConcurrency()).isEqualTo(100);
        assertThat(dev.logRetentionDays()).isEqualTo(30);
        assertThat(prod.logRetentionDays()).isEqualTo(400).isGreaterThanOrEqualTo(EnvironmentConfig.PROD_MIN_LOG_RETENTION_DAYS);
        assertThat(dev.removalPolicy()).isEqualTo(RemovalPolicy.DESTROY);
        assertThat(prod.removalPolicy()).isEqualTo(RemovalPolicy.RETAIN);
        assertThat(List.of(dev, prod)).allSatisfy(c -> {
            assertThat(c.pointInTimeRecovery()).isTrue();
            assertThat(c.webhookAuth()).isEqualTo(EnvironmentConfig.WebhookAuth.IAM);
            assertThat(c.notifier()).isEqualTo(EnvironmentConfig.Notifier.SNS);
            assertThat(c.sesFrom()).isNull();
            assertThat(c.alarmEmail()).contains("@");
            assertThat(c.confirmationEmails()).isNotEmpty();
        });
        assertThat(prod.throttleRate()).isGreaterThan(dev.throttleRate());
        assertThat(prod.isProd()).isTrue();
        assertThat(dev.isProd()).isFalse();
    }

    @Test
    void prodMustKeepAuditLogsAYearAndRetainItsData() {
        EnvironmentConfig p = EnvironmentConfig.prod();
        assertThatThrownBy(() -> new EnvironmentConfig("prod", 100, RetentionDays.SIX_MONTHS, p.alarmEmail(), p.confirmationEmails(),
                1000, 2000, RemovalPolicy.RETAIN, true, EnvironmentConfig.WebhookAuth.IAM, EnvironmentConfig.Notifier.SNS, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("365");
        assertThatThrownBy(() -> new EnvironmentConfig("prod", 100, RetentionDays.ONE_YEAR, p.alarmEmail(), p.confirmationEmails(),
                1000, 2000, RemovalPolicy.DESTROY, true, EnvironmentConfig.WebhookAuth.IAM, EnvironmentConfig.Notifier.SNS, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RETAIN");
        // exactly one year is enough
        assertThat(new EnvironmentConfig("prod", 100, RetentionDays.ONE_YEAR, p.alarmEmail(), p.confirmationEmails(),
                1000, 2000, RemovalPolicy.RETAIN, true, EnvironmentConfig.WebhookAuth.IAM, EnvironmentConfig.Notifier.SNS, null).logRetentionDays())
                .isEqualTo(365);
    }

    @Test
    void pitrStaysOnEverywhere() {
        EnvironmentConfig d = EnvironmentConfig.dev();
        assertThatThrownBy(() -> new EnvironmentConfig("dev", 5, d.logRetention(), d.alarmEmail(), d.confirmationEmails(), 50, 100,
                RemovalPolicy.DESTROY, false, EnvironmentConfig.WebhookAuth.IAM, EnvironmentConfig.Notifier.SNS, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("point-in-time");
    }

    @Test
    void switchesAndTheirRules() {
        EnvironmentConfig open = EnvironmentConfig.dev().withWebhookAuth(EnvironmentConfig.WebhookAuth.OPEN);
        assertThat(open.webhookAuth()).isEqualTo(EnvironmentConfig.WebhookAuth.OPEN);
        assertThat(open.name()).isEqualTo("dev");
        EnvironmentConfig ses = EnvironmentConfig.prod().withSes("payments@example.com");
        assertThat(ses.notifier().wire()).isEqualTo("ses");
        assertThat(ses.sesFrom()).isEqualTo("payments@example.com");
        assertThat(EnvironmentConfig.Notifier.SNS.wire()).isEqualTo("sns");
        assertThatThrownBy(() -> EnvironmentConfig.dev().withSes(null)).hasMessageContaining("sesFrom");
        assertThatThrownBy(() -> EnvironmentConfig.dev().withSes("not an address")).hasMessageContaining("sesFrom");
    }

    @Test
    void refusesNonsense() {
        EnvironmentConfig d = EnvironmentConfig.dev();
        assertThatThrownBy(() -> EnvironmentConfig.named("staging")).hasMessageContaining("unknown environment");
        assertThatThrownBy(() -> new EnvironmentConfig("Dev!", 5, d.logRetention(), null, List.of(), 50, 100, RemovalPolicy.DESTROY, true,
                EnvironmentConfig.WebhookAuth.IAM, EnvironmentConfig.Notifier.SNS, null)).hasMessageContaining("name");
        assertThatThrownBy(() -> new EnvironmentConfig("dev", 0, d.logRetention(), null, List.of(), 50, 100, RemovalPolicy.DESTROY, true,
                EnvironmentConfig.WebhookAuth.IAM, EnvironmentConfig.Notifier.SNS, null)).hasMessageContaining("concurrency");
        assertThatThrownBy(() -> new EnvironmentConfig("dev", 5, d.logRetention(), null, List.of("nobody"), 50, 100, RemovalPolicy.DESTROY, true,
                EnvironmentConfig.WebhookAuth.IAM, EnvironmentConfig.Notifier.SNS, null)).hasMessageContaining("subscriber");
        assertThatThrownBy(() -> new EnvironmentConfig("dev", 5, d.logRetention(), null, List.of(), 0, 100, RemovalPolicy.DESTROY, true,
                EnvironmentConfig.WebhookAuth.IAM, EnvironmentConfig.Notifier.SNS, null)).hasMessageContaining("throttling");
        // no alarm email is allowed (alarms still go to the topic)
        assertThat(new EnvironmentConfig("dev", 5, d.logRetention(), null, List.of(), 50, 100, RemovalPolicy.DESTROY, true,
                EnvironmentConfig.WebhookAuth.IAM, EnvironmentConfig.Notifier.SNS, null).alarmEmail()).isNull();
    }

    /**
     * Every environment's merchant labels parse as the ingest function will parse them at init (core's MerchantLabels,
     * the one parser): a wrong entry fails here, not in a deployment. Empty by default; switches keep them.
     */
    @Test
    void merchantLabelsAreEmptyByDefaultAndWhatTheIngestFunctionAccepts() {
        for (EnvironmentConfig c : List.of(EnvironmentConfig.dev(), EnvironmentConfig.prod())) {
            assertThat(c.merchants()).as(c.name()).isEmpty();
            assertThat(MerchantLabels.parse(FunctionsContract.MERCHANTS, c.merchants()).labels()).as(c.name()).isEmpty();
        }
        EnvironmentConfig labelled = EnvironmentConfig.dev().withMerchants(" stripe=shop-eu,square=shop-us ");
        assertThat(labelled.merchants()).isEqualTo("stripe=shop-eu,square=shop-us");
        assertThat(MerchantLabels.parse(FunctionsContract.MERCHANTS, labelled.merchants()).labels())
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("stripe", "shop-eu", "square", "shop-us"));
        assertThat(labelled.withWebhookAuth(EnvironmentConfig.WebhookAuth.OPEN).withSes("payments@example.com")
                .withAddresses(null, List.of()).merchants()).isEqualTo("stripe=shop-eu,square=shop-us");
        assertThat(EnvironmentConfig.dev().withMerchants(null).merchants()).isEmpty();
    }

    @Test
    void everyRetentionHasItsDays() {
        assertThat(Arrays.stream(RetentionDays.values()).mapToInt(EnvironmentConfig::days)).allMatch(d -> d > 0);
        assertThat(EnvironmentConfig.days(RetentionDays.THIRTEEN_MONTHS)).isEqualTo(400);
        assertThat(EnvironmentConfig.days(RetentionDays.INFINITE)).isEqualTo(Integer.MAX_VALUE);
    }
}
