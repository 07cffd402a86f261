package io.payhook.bench.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BenchTest {

    @Test
    void theWarmUpGivesUpWaitingForTheJitAtItsCap() throws Exception {
        assumeTrue(java.lang.management.ManagementFactory.getCompilationMXBean().isCompilationTimeMonitoringSupported());
        // a warm-up that began longer ago than its cap measures at once and says the JIT had not settled
        long startedLongAgo = System.nanoTime() - Duration.ofMinutes(5).toNanos();
        assertThat(Slices.awaitJitSettled(startedLongAgo, Duration.ofSeconds(30))).isFalse();
    }

    @Test
    void theFloorsSlicesMakeOneFloorAndEachSlicesRateStaysVisible() {
        var first = new org.HdrHistogram.Histogram(3);
        first.recordValue(100_000);
        var second = new org.HdrHistogram.Histogram(3);
        second.recordValue(300_000);
        second.recordValue(300_000);
        var third = new org.HdrHistogram.Histogram(3);
        third.recordValue(200_000);
        Floor f = Floor.of(List.of(new Floor(400, 2.0, first), new Floor(300, 3.0, second),
                new Floor(500, 2.0, third)));
        assertThat(f.puts()).isEqualTo(1_200);
        assertThat(f.seconds()).isEqualTo(7.0);
        assertThat(f.slicePerS()).containsExactly(200.0, 100.0, 250.0);
        assertThat(f.latency().getTotalCount()).isEqualTo(4);
        assertThat(f.latency().getMaxValue()).isBetween(299_000L, 301_000L);
        assertThat(first.getTotalCount()).as("the slices are not changed").isEqualTo(1);
        assertThat(Report.rates(f.slicePerS()).toString()).as("as the JSON prints it").isEqualTo("[200, 100, 250]");
    }
}
