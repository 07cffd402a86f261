package io.payhook.core.usecase;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoreUnavailableTest {
    @Test
    void keepsItsCodeAndTheTechnicalCause() {
        var cause = new RuntimeException("connection refused");
        var e = new StoreUnavailableException("the table could not be written", cause);
        assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        assertThat(e.getCause()).isSameAs(cause);
        assertThat(new StoreUnavailableException("no cause", null).getCause()).isNull();
    }
}
