package io.payhook.local.console;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleSessionsTest {
    @Test
    void aSessionHasItsOwnTokenUntilItIsIdleTooLong() {
        MetricsHistoryTest.Moving clock = new MetricsHistoryTest.Moving();
        ConsoleSessions sessions = new ConsoleSessions(clock);
        String a = sessions.open();
        String b = sessions.open();
        String tokenA = sessions.csrfOf("other=1; " + ConsoleSessions.COOKIE + "=" + a).orElseThrow();
        String tokenB = sessions.csrfOf(ConsoleSessions.COOKIE + "=" + b).orElseThrow();
        assertThat(tokenA).isNotEqualTo(tokenB).hasSize(43);
        assertThat(ConsoleSessions.tokenMatches(tokenA, tokenA)).isTrue();
        assertThat(ConsoleSessions.tokenMatches(tokenA, tokenB)).isFalse();
        assertThat(ConsoleSessions.tokenMatches(tokenA, null)).isFalse();
        assertThat(sessions.csrfOf(ConsoleSessions.COOKIE + "=forged")).isEmpty();
        assertThat(sessions.csrfOf(null)).isEmpty();

        clock.now = clock.now.plus(ConsoleSessions.IDLE).minusSeconds(1);
        assertThat(sessions.csrfOf(ConsoleSessions.COOKIE + "=" + a)).hasValue(tokenA); // used: kept alive
        clock.now = clock.now.plus(ConsoleSessions.IDLE).plusSeconds(1);
        assertThat(sessions.csrfOf(ConsoleSessions.COOKIE + "=" + a)).isEmpty();
    }

    @Test
    void theCookieIsHttpOnlySameSiteStrictForTheConsolesPathsOnly() {
        assertThat(ConsoleSessions.setCookie("abc")).isEqualTo("payhook_console=abc; Path=/console/; HttpOnly; SameSite=Strict");
    }

    @Test
    void atMostMaxSessionsAreKept() {
        ConsoleSessions sessions = new ConsoleSessions(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        String first = sessions.open();
        for (int i = 0; i < ConsoleSessions.MAX; i++) sessions.open();
        assertThat(sessions.csrfOf(ConsoleSessions.COOKIE + "=" + first)).isEmpty();
    }
}
