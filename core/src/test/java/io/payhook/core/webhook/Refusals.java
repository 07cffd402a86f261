package io.payhook.core.webhook;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The refusal a call must end in, for the provider packages' tests. */
public final class Refusals {
    private Refusals() {}

    /** {@code call} throws a {@link PayhookException} with {@code code}. */
    public static void expect(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PayhookException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
