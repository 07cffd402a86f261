package io.payhook.core.webhook;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;

import java.util.List;
import java.util.Locale;

/**
 * Chooses the provider of a delivery: {@code ?provider=NAME} forces it; otherwise the first
 * provider in order whose {@link WebhookProvider#recognizes} answers yes (the generic format last).
 */
public final class ProviderRegistry {
    private final List<WebhookProvider> inOrder;

    public ProviderRegistry(List<WebhookProvider> inOrder) {
        if (inOrder.isEmpty()) throw new IllegalArgumentException("no providers");
        this.inOrder = List.copyOf(inOrder);
    }

    public WebhookProvider select(WebhookRequest request) {
        var forced = request.queryParam("provider");
        if (forced.isPresent()) {
            String name = forced.get().toLowerCase(Locale.ROOT).replace('-', '_');
            return inOrder.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new PayhookException(ErrorCode.UNKNOWN_PROVIDER, "Unknown provider; expected one of "
                            + inOrder.stream().map(WebhookProvider::name).toList() + "."));
        }
        return inOrder.stream().filter(p -> p.recognizes(request)).findFirst()
                .orElseThrow(() -> new PayhookException(ErrorCode.UNKNOWN_PROVIDER));
    }

    public List<String> names() { return inOrder.stream().map(WebhookProvider::name).toList(); }
}
