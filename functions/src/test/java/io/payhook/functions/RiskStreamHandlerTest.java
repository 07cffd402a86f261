package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.payhook.core.port.Alerts;
import io.payhook.core.port.Metrics;
import io.payhook.core.port.RiskStore;
import io.payhook.core.port.TransactionStore;
import io.payhook.core.risk.RiskRules;
import io.payhook.core.usecase.ScreenRisk;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static io.payhook.functions.ProjectorStreamHandlerTest.loadsInto;
import static io.payhook.functions.ProjectorStreamHandlerTest.record;
import static org.assertj.core.api.Assertions.assertThat;

class RiskStreamHandlerTest {
    @Test
    void storedEventsAreScreenedEachTransactionOncePerBatchItsOwnWritesSkippedAndAFailureReturnsTheRest() {
        List<String> loaded = new ArrayList<>();
        TransactionStore store = loadsInto(loaded);
        RiskStore risks = (RiskStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{RiskStore.class},
                (p, m, a) -> { throw new UnsupportedOperationException(m.getName()); });
        RiskStreamHandler h = new RiskStreamHandler(new ScreenRisk(store, risks, RiskRules.defaults(), Alerts.NONE, Metrics.NONE, Clock.systemUTC()));
        DynamodbEvent e = new DynamodbEvent();
        e.setRecords(List.of(record("INSERT", "EVENT", "txn_a", "1"), record("INSERT", "RISK", "txn_a", "2"),
                record("INSERT", "VELOCITY", "velocity#generic#cus_1", "3"), record("MODIFY", "NOTIFICATION", "txn_b", "4"),
                record("INSERT", "EVENT", "txn_a", "5"), record("INSERT", "EVENT", "txn_bad", "6"), record("INSERT", "EVENT", "txn_d", "7")));
        StreamsEventResponse r = h.handleRequest(e, null);
        assertThat(loaded).containsExactly("txn_a", "txn_bad");
        assertThat(r.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier).containsExactly("6");
    }
}
