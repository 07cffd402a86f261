package io.payhook.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.payhook.aws.dynamodb.PaymentTable;
import io.payhook.functions.JsonLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 (3): SES's mailbox simulator, locally. Mail to {@code bounce@simulator.amazonses.com} comes back as
 * an SES bounce event, to {@code complaint@simulator.amazonses.com} as a complaint, through the same
 * {@code FeedbackHandler} as in AWS: the notification ends BOUNCED / COMPLAINED, the address is suppressed (as
 * its keyed hash, never in clear), and a further notification to it is SUPPRESSED and not mailed.
 */
class MailboxSimulatorIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final LocalSystemExtension local = LocalSystemExtension.perClass().logLevel(JsonLog.Level.WARN);

    static JsonNode notification(String txn, String id) {
        for (JsonNode n : local.client().get("/transactions/" + txn).json().path("notifications")) {
            if (n.path("notification_id").asText().equals(id)) return n;
        }
        return null;
    }

    static String onlyNotificationId(String txn) {
        Eventually.await("the notification of " + txn, WAIT, () -> local.client().get("/transactions/" + txn).json().path("notifications").size() == 1);
        return local.client().get("/transactions/" + txn).json().path("notifications").get(0).path("notification_id").asText();
    }

    static void awaitStatus(String txn, String id, String status) {
        Eventually.await(id + " " + status, WAIT, () -> {
            JsonNode n = notification(txn, id);
            return n != null && n.path("status").asText().equals(status);
        });
    }

    static String pay(String email) {
        String t = LocalSystemIT.txn();
        var r = local.webhook(GenericBody.of("evt_" + t, t, "succeeded", 1999, "EUR", email));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return t;
    }

    @Test
    void aBounceEndsTheNotificationBouncedAndSuppressesTheAddress() {
        String t = pay(SesMailboxSimulator.BOUNCE);
        String first = onlyNotificationId(t);
        awaitStatus(t, first, "BOUNCED");
        assertThat(Mailbox.forTransaction(local.dir(), t)).as("SES sent it once; the simulator bounced it").hasSize(1);

        var again = local.client().postJson("/transactions/" + t + "/notify", "{\"reason\":\"customer asked again\"}");
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        awaitStatus(t, again.json().path("notification_id").asText(), "SUPPRESSED");

        String other = pay(SesMailboxSimulator.BOUNCE.toUpperCase(Locale.ROOT)); // the same address, written otherwise
        awaitStatus(other, onlyNotificationId(other), "SUPPRESSED");
        assertThat(Mailbox.forTransaction(local.dir(), t)).as("nothing more mailed").hasSize(1);
        assertThat(Mailbox.forTransaction(local.dir(), other)).isEmpty();

        assertSuppressedAsKeyedHashOnly(SesMailboxSimulator.BOUNCE, "bounce_permanent_general");
    }

    @Test
    void aComplaintEndsTheNotificationComplainedAndSuppressesTheAddress() {
        String t = pay(SesMailboxSimulator.COMPLAINT);
        String first = onlyNotificationId(t);
        awaitStatus(t, first, "COMPLAINED");

        var again = local.client().postJson("/transactions/" + t + "/notify", "{}");
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        awaitStatus(t, again.json().path("notification_id").asText(), "SUPPRESSED");
        assertThat(Mailbox.forTransaction(local.dir(), t)).hasSize(1);

        assertSuppressedAsKeyedHashOnly(SesMailboxSimulator.COMPLAINT, "complaint_abuse");
    }

    @Test
    void anyOtherAddressIsDeliveredAndStaysSent() throws Exception {
        String t = pay("success@simulator.amazonses.com");
        String id = onlyNotificationId(t);
        awaitStatus(t, id, "SENT");
        Thread.sleep(1_000); // the simulator would have answered by now
        assertThat(notification(t, id).path("status").asText()).isEqualTo("SENT");
    }

    /** The suppression item holds the keyed hash of the address; no item of the table holds the address in clear. */
    static void assertSuppressedAsKeyedHashOnly(String address, String reason) {
        String key = LocalKeyFile.addressKeys(local.dir().resolve("keys").resolve("local-address-key")).keyOf(address);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        local.system().dynamo().client().scanPaginator(b -> b.tableName(LocalSystem.TABLE)).items().forEach(items::add);
        var suppression = items.stream().filter(i -> i.get(PaymentTable.PK).s().equals(PaymentTable.SUPPRESSION_PREFIX + key)).toList();
        assertThat(suppression).hasSize(1);
        assertThat(suppression.get(0).get(PaymentTable.REASON).s()).isEqualTo(reason);
        assertThat(key).matches("[0-9a-f]{64}");
        String localPart = address.substring(0, address.indexOf('@')).toLowerCase(Locale.ROOT);
        for (Map<String, AttributeValue> item : items) {
            assertThat(item.toString().toLowerCase(Locale.ROOT)).as("an item of the table").doesNotContain(address)
                    .doesNotContain(localPart + "@").doesNotContain("simulator.amazonses.com");
        }
    }
}
