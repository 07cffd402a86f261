package io.payhook.local;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BenchTest {

    @Test
    void theWarmUpGivesUpWaitingForTheJitAtItsCap() throws Exception {
        assumeTrue(java.lang.management.ManagementFactory.getCompilationMXBean().isCompilationTimeMonitoringSupported());
        // a warm-up that began longer ago than its cap measures at once and says the JIT had not settled
        long startedLongAgo = System.nanoTime() - Duration.ofMinutes(5).toNanos();
        assertThat(Bench.awaitJitSettled(startedLongAgo, Duration.ofSeconds(30))).isFalse();
    }
}
