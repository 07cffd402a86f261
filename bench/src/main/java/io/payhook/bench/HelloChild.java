package io.payhook.bench;

import java.lang.management.ManagementFactory;

/** The baseline: a fresh JVM that prints one line. */
public final class HelloChild {
    private HelloChild() {}

    public static void main(String[] args) {
        System.out.println("hello");
        System.out.println("since_jvm_start_ms=" + (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()));
    }
}
