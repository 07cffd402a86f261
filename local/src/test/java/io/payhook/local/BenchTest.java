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

    @Test
    void theFloorsTwoHalvesMakeOneFloorAndStayVisible() {
        var before = new org.HdrHistogram.Histogram(3);
        before.recordValue(100_000);
        var after = new org.HdrHistogram.Histogram(3);
        after.recordValue(300_000);
        after.recordValue(300_000);
        Bench.Floor f = new Bench.Floor(400, 2.0, before).plus(new Bench.Floor(300, 3.0, after));
        assertThat(f.puts()).isEqualTo(700);
        assertThat(f.seconds()).isEqualTo(5.0);
        assertThat(f.beforePerS()).isEqualTo(200.0);
        assertThat(f.afterPerS()).isEqualTo(100.0);
        assertThat(f.latency().getTotalCount()).isEqualTo(3);
        assertThat(before.getTotalCount()).as("the halves are not changed").isEqualTo(1);
    }
}
