package io.payhook.aws.dynamodb;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.payhook.core.model.Money;
import io.payhook.core.model.PaymentEvent;
import io.payhook.core.model.Risk;
import io.payhook.core.model.Status;
import io.payhook.core.port.RecordingAlerts;
import io.payhook.core.port.RecordingMetrics;
import io.payhook.core.port.TestCipher;
import io.payhook.core.protection.MerchantLabels;
import io.payhook.core.protection.ProtectionGate;
import io.payhook.core.risk.RiskRules;
import io.payhook.core.usecase.ScreenRisk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The risk store on DynamoDB Local, in the payments table as {@link PaymentTable#createRequest} makes it, and the screen over it. */
class DynamoDbRiskStoreIT {
    static final String TABLE = "payment_transactions";
    static final Instant T = Instant.parse("2026-12-02T10:00:00Z");
    @TempDir
    static Path dir;
    static AmazonDynamoDBLocal dynamo;
    static DynamoDbRiskStore risks;
    static DynamoDbTransactionStore store;

    @BeforeAll
    static void open() {
        dynamo = DynamoDBEmbedded.create(dir.resolve("risk.db").toFile(), true);
        dynamo.dynamoDbClient().createTable(PaymentTable.createRequest(TABLE));
        risks = new DynamoDbRiskStore(dynamo.dynamoDbClient(), TABLE);
        store = new DynamoDbTransactionStore(dynamo.dynamoDbClient(), TABLE, Clock.fixed(T, ZoneOffset.UTC));
    }

    @AfterAll
    static void close() {
        if (dynamo != null) dynamo.shutdown();
    }

    static Map<String, AttributeValue> item(String pk, String sk) {
        return dynamo.dynamoDbClient().getItem(b -> b.tableName(TABLE).key(Map.of(PaymentTable.PK, AttributeValue.fromS(pk),
                PaymentTable.SK, AttributeValue.fromS(sk)))).item();
    }

    @Test
    void aFailureIsOneMarkerPerEventCountedPerPaymentWithinTheWindowAndExpires() {
        Instant x = T.plusSeconds(3600);
        risks.recordFailure("generic#cus_1", "pay_1", "generic#evt_1", T, x);
        risks.recordFailure("generic#cus_1", "pay_1", "generic#evt_1", T, x); // the same event again
        risks.recordFailure("generic#cus_1", "pay_1", "generic#evt_1b", T.plusSeconds(30), x);
        risks.recordFailure("generic#cus_1", "pay_2", "generic#evt_2", T.plusSeconds(600), x);
        risks.recordFailure("generic#cus_2", "pay_3", "generic#evt_3", T.plusSeconds(60), x);
        assertThat(risks.failedPayments("generic#cus_1", T, T.plusSeconds(600))).containsExactly("pay_1", "pay_2");
        assertThat(risks.failedPayments("generic#cus_1", T.plusMillis(1), T.plusSeconds(599))).as("bounds inclusive, to the ms")
                .containsExactly("pay_1");
        assertThat(risks.failedPayments("generic#cus_2", T, T.plusSeconds(600))).containsExactly("pay_3");
        assertThat(risks.failedPayments("generic#cus_9", T, T.plusSeconds(600))).isEmpty();
        var marker = item("velocity#generic#cus_1", DynamoDbRiskStore.failureKey(T, "generic#evt_1"));
        assertThat(marker.get(PaymentTable.EXPIRES_AT).n()).isEqualTo(Long.toString(x.getEpochSecond()));
        assertThat(marker.get(PaymentTable.KIND).s()).isEqualTo(PaymentTable.KIND_VELOCITY);
    }

    @Test
    void theFirstPaymentIsClaimedOnce() {
        Instant x = T.plusSeconds(86_400);
        assertThat(risks.claimFirstPayment("generic#cus_f", "pay_a", x)).isEqualTo("pay_a");
        assertThat(risks.claimFirstPayment("generic#cus_f", "pay_b", x.plusSeconds(5))).isEqualTo("pay_a");
        assertThat(risks.claimFirstPayment("generic#cus_f", "pay_a", x)).isEqualTo("pay_a");
        assertThat(item("velocity#generic#cus_f", PaymentTable.FIRST_PAYMENT_SORT_KEY).get(PaymentTable.EXPIRES_AT).n())
                .as("kept from the first claim").isEqualTo(Long.toString(x.getEpochSecond()));
    }

    @Test
    void aFindingIsWrittenOnlyOverTheVersionReadAndComesBackWithItsTransaction() {
        PaymentEvent e = new PaymentEvent("generic", "evt_r", "pay_r", "payment.succeeded", Status.SUCCEEDED, new Money(1_250_000, "EUR"),
                "cus_r", null, "sepa_debit", T);
        store.append(new ProtectionGate(new TestCipher(), MerchantLabels.NONE).protect(List.of(e), ProtectionGate.Policy.DROP, T).get(0));
        Risk one = new Risk(Risk.Level.HIGH, 95, List.of("amount_large", "bank_transfer"), 1, T);
        assertThat(risks.putRisk("pay_r", one, 0)).isTrue();
        assertThat(risks.putRisk("pay_r", one, 0)).as("one is stored").isFalse();
        assertThat(store.load("pay_r").orElseThrow().risk()).isEqualTo(one);
        Risk two = new Risk(Risk.Level.LOW, 0, List.of(), 2, T.plusSeconds(1));
        assertThat(risks.putRisk("pay_r", two, 2)).as("not the version read").isFalse();
        assertThat(risks.putRisk("pay_r", two, 1)).isTrue();
        assertThat(store.load("pay_r").orElseThrow().risk()).isEqualTo(two);
        assertThat(store.loadAll(List.of("pay_r", "pay_none")).get("pay_r").risk()).as("the batch read too").isEqualTo(two);
    }

    @Test
    void theScreenOnDynamoDbFlagsTheThirdFailedPaymentOfACustomerOnce() {
        RecordingAlerts alerts = new RecordingAlerts();
        ScreenRisk screen = new ScreenRisk(store, risks, RiskRules.defaults(), alerts, new RecordingMetrics(), Clock.fixed(T, ZoneOffset.UTC));
        ProtectionGate gate = new ProtectionGate(new TestCipher(), MerchantLabels.NONE);
        for (int i = 1; i <= 3; i++) {
            PaymentEvent e = new PaymentEvent("generic", "evt_v" + i, "pay_v" + i, "payment.failed", Status.FAILED, new Money(900, "EUR"),
                    "cus_v", null, "visa ****4242", T.plusSeconds(120L * i));
            store.append(gate.protect(List.of(e), ProtectionGate.Policy.DROP, T).get(0));
            screen.eventStored("pay_v" + i);
            screen.eventStored("pay_v" + i); // a record handled twice
        }
        assertThat(store.load("pay_v2").orElseThrow().risk().reasons()).isEmpty();
        assertThat(store.load("pay_v3").orElseThrow().risk().reasons()).containsExactly("failed_velocity");
        assertThat(store.load("pay_v3").orElseThrow().risk().version()).isEqualTo(1);
        assertThat(risks.failedPayments("generic#cus_v", T, T.plusSeconds(3600))).hasSize(3);
        assertThat(alerts.raised).isEmpty();
    }
}
