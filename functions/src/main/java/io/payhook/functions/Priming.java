package io.payhook.functions;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

import java.util.ArrayList;
import java.util.List;

/**
 * SnapStart priming: before Lambda takes the snapshot of an initialised function, run the
 * handler's hot path once — JSON, signature code, SDK client and its HTTP connection — so the
 * restored function does not pay for class loading and JIT on its first request. Primers must
 * have no side effects (reads of ids that cannot exist, parsing of built-in samples). Outside a
 * CRaC runtime (tests, local mode) the hooks are never called. Nothing a primer does may put a secret
 * into the snapshot (the ingest primer verifies against a fixed non-secret value), and after a restore
 * the restorers ({@link #onRestore}) drop what was cached anyway.
 */
public final class Priming implements Resource {
    private static final Priming INSTANCE = new Priming();
    private static final List<Runnable> PRIMERS = new ArrayList<>();
    private static final List<Runnable> RESTORERS = new ArrayList<>();

    static {
        Core.getGlobalContext().register(INSTANCE);
    }

    private Priming() {}

    /** Registers a primer for the next checkpoint. */
    public static synchronized void register(Runnable primer) {
        PRIMERS.add(primer);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        List<Runnable> primers;
        synchronized (Priming.class) {
            primers = List.copyOf(PRIMERS);
        }
        for (Runnable p : primers) {
            try {
                p.run();
            } catch (RuntimeException e) {
                JsonLog.warn("priming step failed; continuing", "error", e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Registers what must be forgotten after a restore: secrets and credentials cached before the snapshot
     * (the composition root drops the provider secrets, the data keys and the role credentials).
     */
    public static synchronized void onRestore(Runnable restorer) {
        RESTORERS.add(restorer);
    }

    /**
     * After a restore: runs every restorer. One that fails is logged by class name and the others still run;
     * a restorer never fails the restore (the next call fetches what it needs anyway).
     */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
        List<Runnable> restorers;
        synchronized (Priming.class) {
            restorers = List.copyOf(RESTORERS);
        }
        for (Runnable r : restorers) {
            try {
                r.run();
            } catch (RuntimeException e) {
                JsonLog.warn("restore step failed; continuing", "error", e.getClass().getSimpleName());
            }
        }
    }

    /** Runs the registered primers now (used by the cold-start probe and tests). */
    public static void runNow() {
        INSTANCE.beforeCheckpoint(null);
    }

    /** Runs the restore hooks now, as SnapStart does after a restore (tests, LambdaJarIT). */
    public static void restoreNow() {
        INSTANCE.afterRestore(null);
    }

    /**
     * Reads the probe partition ({@link FunctionsContract#PRIMING_PROBE_ID}), which never holds data:
     * warms the store client and the query/JSON path, changes nothing.
     */
    static void primeQuery(Services services) {
        try {
            services.transactions().handle(FunctionsContract.PRIMING_PROBE_ID);
        } catch (io.payhook.core.error.PayhookException expectedNotFound) {
            // NOT_FOUND is the expected answer
        }
        Http.json(200, Http.object("primed", true));
    }

    /** Parses a feedback record about nothing payhook sent: warms JSON and the handler, changes nothing. */
    static void primeFeedback(LambdaServices services) {
        FeedbackHandler.parse("{\"eventType\":\"Delivery\",\"mail\":{\"tags\":{}}}");
        services.feedback();
    }

    /**
     * Parses and refuses a built-in unsigned sample: warms providers, JSON and error mapping, stores nothing.
     * Through {@link LambdaServices#primingIngest}: no provider secret is read into the snapshot, no metric
     * counted and no alert raised for the sample.
     */
    static void primeIngest(LambdaServices services) {
        primeIngestOnly(services);
        primeQuery(services);
    }

    /** The ingest half of {@link #primeIngest}: the sample through {@link LambdaServices#primingIngest}. */
    static void primeIngestOnly(LambdaServices services) {
        var sample = new com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent()
                .withHeaders(java.util.Map.of("Content-Type", "application/json"))
                .withBody("{\"event_id\":\"evt_prime\",\"transaction_id\":\"" + FunctionsContract.PRIMING_PROBE_ID + "\",\"status\":\"succeeded\","
                        + "\"amount\":{\"value\":1,\"currency\":\"EUR\"}}");
        try {
            services.primingIngest().handle(Http.toWebhookRequest(sample));
        } catch (io.payhook.core.error.PayhookException expectedUnsigned) {
            Http.error(expectedUnsigned);
        }
    }
}
