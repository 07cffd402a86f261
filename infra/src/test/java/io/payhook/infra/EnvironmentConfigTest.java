package io.payhook.infra;

import io.payhook.infra.EnvironmentConfig.Email;
import io.payhook.infra.EnvironmentConfig.Notifier;
import io.payhook.infra.EnvironmentConfig.Thresholds;
import io.payhook.infra.EnvironmentConfig.Webhooks;
import io.payhook.core.protection.MerchantLabels;
import io.payhook.functions.FunctionsContract;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one place where environments differ, and the promises it refuses to break. Pure: no synthesis. */
class EnvironmentConfigTest {

    /** dev's values with one changed by the caller. */
    static EnvironmentConfig devWith(String name, int concurrency, RetentionDays retention, List<String> confirmations,
                                     double rate, RemovalPolicy removal, boolean pitr) {
        EnvironmentConfig d = EnvironmentConfig.dev();
        return new EnvironmentConfig(name, concurrency, retention, d.alarmEmail(), d.opsEmail(), confirmations, rate, 100, removal, pitr,
                d.webhookAuth(), d.email(), d.webhooks(), d.thresholds());
    }

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
            assertThat(c.email().notifier()).isEqualTo(Notifier.SES);
            assertThat(c.ses()).isTrue();
            assertThat(c.email().createSesIdentity()).isTrue();
            assertThat(c.email().locale()).isEqualTo("en-GB");
            assertThat(c.alarmEmail()).contains("@");
            assertThat(c.opsEmail()).contains("@");
            assertThat(c.confirmationEmails()).isNotEmpty();
            assertThat(c.webhooks()).isEqualTo(Webhooks.NONE);
            assertThat(c.thresholds().bounceRatePercent()).isEqualTo(5);
        });
        // dev: an address identity; prod: a domain identity
        assertThat(dev.email().domainIdentity()).isFalse();
        assertThat(dev.email().sesFrom()).isEqualTo(dev.email().sesIdentity()).isEqualTo("payments-dev@example.com");
        assertThat(prod.email().domainIdentity()).isTrue();
        assertThat(prod.email().sesIdentity()).isEqualTo("example.com");
        assertThat(prod.email().sesFrom()).isEqualTo("payments@example.com");
        assertThat(prod.throttleRate()).isGreaterThan(dev.throttleRate());
        assertThat(prod.thresholds().refusedPerProvider()).isGreaterThan(dev.thresholds().refusedPerProvider());
        assertThat(prod.isProd()).isTrue();
        assertThat(dev.isProd()).isFalse();
    }

    @Test
    void prodMustKeepAuditLogsAYearAndRetainItsData() {
        EnvironmentConfig p = EnvironmentConfig.prod();
        assertThatThrownBy(() -> new EnvironmentConfig("prod", 100, RetentionDays.SIX_MONTHS, p.alarmEmail(), p.opsEmail(), p.confirmationEmails(),
                1000, 2000, RemovalPolicy.RETAIN, true, EnvironmentConfig.WebhookAuth.IAM, p.email(), p.webhooks(), p.thresholds()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("365");
        assertThatThrownBy(() -> new EnvironmentConfig("prod", 100, RetentionDays.ONE_YEAR, p.alarmEmail(), p.opsEmail(), p.confirmationEmails(),
                1000, 2000, RemovalPolicy.DESTROY, true, EnvironmentConfig.WebhookAuth.IAM, p.email(), p.webhooks(), p.thresholds()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RETAIN");
        // exactly one year is enough
        assertThat(new EnvironmentConfig("prod", 100, RetentionDays.ONE_YEAR, p.alarmEmail(), p.opsEmail(), p.confirmationEmails(),
                1000, 2000, RemovalPolicy.RETAIN, true, EnvironmentConfig.WebhookAuth.IAM, p.email(), p.webhooks(), p.thresholds()).logRetentionDays())
                .isEqualTo(365);
    }

    @Test
    void pitrStaysOnEverywhere() {
        assertThatThrownBy(() -> devWith("dev", 5, RetentionDays.ONE_MONTH, List.of(), 50, RemovalPolicy.DESTROY, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("point-in-time");
    }

    @Test
    void switchesAndTheirRules() {
        EnvironmentConfig open = EnvironmentConfig.dev().withWebhookAuth(EnvironmentConfig.WebhookAuth.OPEN);
        assertThat(open.webhookAuth()).isEqualTo(EnvironmentConfig.WebhookAuth.OPEN);
        assertThat(open.name()).isEqualTo("dev");
        EnvironmentConfig sns = EnvironmentConfig.prod().withSns();
        assertThat(sns.email().notifier().wire()).isEqualTo("sns");
        assertThat(sns.email().sesFrom()).isNull();
        assertThat(sns.email().merchantName()).isEqualTo("payhook");
        EnvironmentConfig ses = sns.withSes("billing@shop.example.org");
        assertThat(ses.email().notifier().wire()).isEqualTo("ses");
        assertThat(ses.email().sesIdentity()).isEqualTo("billing@shop.example.org");
        assertThat(Notifier.SNS.wire()).isEqualTo("sns");
        assertThatThrownBy(() -> EnvironmentConfig.dev().withSes(null)).hasMessageContaining("sesIdentity");
        assertThatThrownBy(() -> EnvironmentConfig.dev().withSes("not an address")).hasMessageContaining("sesIdentity");
    }

    @Test
    void theSesSenderMustBeCoveredByItsIdentity() {
        assertThat(new Email(Notifier.SES, "shop.example.org", false, "billing@shop.example.org", "Shop", "de-DE").domainIdentity()).isTrue();
        // a domain identity covers its subdomains
        new Email(Notifier.SES, "example.org", true, "billing@mail.example.org", "Shop", "de-DE");
        assertThatThrownBy(() -> new Email(Notifier.SES, "example.org", true, "billing@example.com", "Shop", "en-GB"))
                .hasMessageContaining("not covered by the SES identity");
        assertThatThrownBy(() -> new Email(Notifier.SES, "a@example.org", true, "b@example.org", "Shop", "en-GB"))
                .hasMessageContaining("not covered by the SES identity");
        assertThatThrownBy(() -> new Email(Notifier.SES, "example.org", true, null, "Shop", "en-GB")).hasMessageContaining("sesFrom");
        assertThatThrownBy(() -> new Email(Notifier.SNS, null, false, "a@example.org", "Shop", "en-GB")).hasMessageContaining("only for the SES notifier");
        assertThatThrownBy(() -> Email.sns("", "en-GB")).hasMessageContaining("merchantName");
        assertThatThrownBy(() -> Email.sns("Shop", "english please")).hasMessageContaining("BCP 47");
        assertThat(Email.sns("Shop", "ja-JP").locale()).isEqualTo("ja-JP");
    }

    @Test
    void providersSettingsAndThresholdsAreChecked() {
        assertThatThrownBy(() -> new Webhooks("http://example.com/hooks", null)).hasMessageContaining("https");
        assertThat(new Webhooks(null, " ").customProvidersFile()).isNull();
        assertThatThrownBy(() -> new Thresholds(0, 1, 1, 5, 1, 10, 1, 1, 1)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new Thresholds(1, 1, 1, 100, 1, 10, 1, 1, 1)).hasMessageContaining("percentages");
        EnvironmentConfig strict = EnvironmentConfig.dev().withThresholds(new Thresholds(1, 1, 1, 1, 1, 1, 1, 1, 1));
        assertThat(strict.thresholds().refusedPerProvider()).isEqualTo(1);
    }

    @Test
    void placeholdersIncludeTheSesSenderAndTheOpsMailbox() {
        assertThat(EnvironmentConfig.prod().placeholderAddresses()).containsExactly("payhook-alarms@example.com", "payhook-ops@example.com",
                "payments@example.com", "example.com");
        EnvironmentConfig real = EnvironmentConfig.prod().withAddresses("ops@shop.test", null, List.of("support@shop.test"))
                .withEmail(new Email(Notifier.SES, "shop.test", true, "payments@shop.test", "Shop", "en-GB"));
        assertThat(real.placeholderAddresses()).isEmpty();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> EnvironmentConfig.named("staging")).hasMessageContaining("unknown environment");
        assertThatThrownBy(() -> devWith("Dev!", 5, RetentionDays.ONE_MONTH, List.of(), 50, RemovalPolicy.DESTROY, true)).hasMessageContaining("name");
        assertThatThrownBy(() -> devWith("dev", 0, RetentionDays.ONE_MONTH, List.of(), 50, RemovalPolicy.DESTROY, true)).hasMessageContaining("concurrency");
        assertThatThrownBy(() -> devWith("dev", 5, RetentionDays.ONE_MONTH, List.of("nobody"), 50, RemovalPolicy.DESTROY, true)).hasMessageContaining("subscriber");
        assertThatThrownBy(() -> devWith("dev", 5, RetentionDays.ONE_MONTH, List.of(), 0, RemovalPolicy.DESTROY, true)).hasMessageContaining("throttling");
        assertThatThrownBy(() -> EnvironmentConfig.dev().withAddresses(null, "nobody", List.of())).hasMessageContaining("operations email");
        // no alarm or operations email is allowed (alarms and alerts still go to their topics)
        assertThat(EnvironmentConfig.dev().withAddresses(null, null, List.of()).alarmEmail()).isNull();
    }

    @Test
    void theCustomProvidersFileIsValidatedByTheFunctionsParser(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        var example = CustomProvidersFile.load(PayhookApp.repoRoot(), "docs/examples/custom-providers.example.json");
        assertThat(example.names()).containsExactly("acme_pay", "globex_billing");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{}");
        assertThatThrownBy(() -> CustomProvidersFile.load(dir, "bad.json"))
                .hasMessage(bad + ": custom providers file: must be a JSON array of provider objects");
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
                .withAddresses(null, null, List.of()).merchants()).isEqualTo("stripe=shop-eu,square=shop-us");
        assertThat(EnvironmentConfig.dev().withMerchants(null).merchants()).isEmpty();
    }

    @Test
    void everyRetentionHasItsDays() {
        assertThat(Arrays.stream(RetentionDays.values()).mapToInt(EnvironmentConfig::days)).allMatch(d -> d > 0);
        assertThat(EnvironmentConfig.days(RetentionDays.THIRTEEN_MONTHS)).isEqualTo(400);
        assertThat(EnvironmentConfig.days(RetentionDays.INFINITE)).isEqualTo(Integer.MAX_VALUE);
    }
}
