package io.payhook.core.webhook;

import io.payhook.core.model.StoredEvent;
import io.payhook.core.port.InMemoryTransactionStore;
import io.payhook.core.port.TestCipher;
import io.payhook.core.protection.CardData;
import io.payhook.core.protection.MerchantLabels;
import io.payhook.core.usecase.IngestWebhook;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real provider payloads under {@code corpus/<provider>/} (sources in each SOURCES.md), delivered through the
 * whole {@link IngestWebhook} — detection, verification, parsing, the protection gate, the store — into an
 * in-memory store.
 */
public final class CorpusFiles {
    private CorpusFiles() {}

    /** The exact bytes of a corpus file. */
    public static byte[] read(String provider, String file) {
        String path = "/corpus/" + provider + "/" + file;
        try (InputStream in = CorpusFiles.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no corpus file " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The merchant labels the corpora are delivered with: an event whose payload names no usable merchant is
     * stored with its provider's label ({@link #assertMerchant}).
     */
    public static final MerchantLabels LABELS = MerchantLabels.parse("PAYHOOK_MERCHANTS", "square=corpus-square-label,"
            + "razorpay=corpus-razorpay-label,checkout=corpus-checkout-label,gocardless=corpus-gocardless-label,"
            + "paddle=corpus-paddle-label,paypal=corpus-paypal-label");

    /**
     * The ingest use case with the standard providers, {@code secrets} per provider name, the Square
     * notification URL (or null), a clock fixed at {@code now}, {@link #LABELS}, and the given store.
     */
    public static IngestWebhook ingest(InMemoryTransactionStore store, Instant now, Map<String, List<String>> secrets, String squareUrl) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        return new IngestWebhook(Providers.standard(new Providers.Settings(clock, squareUrl, List.of())),
                p -> secrets.getOrDefault(p, List.of()), store, new TestCipher(), clock,
                new IngestWebhook.Settings(256 * 1024, java.time.Duration.ofSeconds(300), LABELS));
    }

    /**
     * The event's merchant is {@code named} — the merchant its payload names, as an expectations table wrote it — or,
     * when that is null (the payload names none), its provider's label; and it is never card-like.
     */
    public static void assertMerchant(StoredEvent e, String named) {
        assertThat(e.merchant()).as("merchant").isEqualTo(named != null ? named : LABELS.labelOf(e.provider()));
        assertThat(CardData.containsPan(e.merchant())).isFalse();
    }

    /** The one event a store holds. */
    public static StoredEvent only(InMemoryTransactionStore store) {
        assertThat(store.events).hasSize(1);
        return store.events.values().iterator().next();
    }

    /**
     * Nothing card-like survived the gate: no card number in any kept text, the payment method at most a
     * brand and the last 4, and none of {@code cardFragments} (e.g. the payload's BIN) anywhere.
     */
    public static void assertNothingCardLike(StoredEvent e, String... cardFragments) {
        for (String text : new String[] {e.eventId(), e.transactionId(), e.type(), e.customerId(), e.paymentMethod()}) {
            if (text == null) continue;
            assertThat(CardData.containsPan(text)).as("no card number in %s", text).isFalse();
            for (String fragment : cardFragments) assertThat(text).doesNotContain(fragment);
        }
        if (e.paymentMethod() != null) assertThat(e.paymentMethod()).matches("[a-z][a-z0-9_]*( \\*{4}[0-9]{4})?");
        if (e.amount() != null) assertThat(CardData.isSchemePan(Long.toString(e.amount().minorUnits()))).isFalse();
    }
}
