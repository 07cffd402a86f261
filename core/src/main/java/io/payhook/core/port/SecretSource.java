package io.payhook.core.port;

import java.util.List;

/**
 * The active webhook secrets of a provider (several during a rotation). An empty list means the
 * provider is not configured and its deliveries are refused.
 */
public interface SecretSource {
    List<String> secrets(String provider);
}
