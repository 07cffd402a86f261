package io.payhook.functions;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.payhook.core.model.TransactionSummary;
import io.payhook.core.port.SummaryStore;
import io.payhook.core.port.TransactionStore;
import io.payhook.core.usecase.ProjectTransactionSummary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectorStreamHandlerTest {
    static DynamodbEvent.DynamodbStreamRecord record(String event, String kind, String txn, String seq) {
        DynamodbEvent.DynamodbStreamRecord r = new DynamodbEvent.DynamodbStreamRecord();
        r.setEventName(event);
        StreamRecord sr = new StreamRecord();
        sr.setSequenceNumber(seq);
        sr.setNewImage(Map.of("kind", new AttributeValue().withS(kind), "transaction_id", new AttributeValue().withS(txn)));
        r.setDynamodb(sr);
        return r;
    }

    /** A store whose {@code load} adds the id to {@code loaded} and finds nothing, and fails for {@code txn_bad}. */
    static TransactionStore loadsInto(List<String> loaded) {
        return (TransactionStore) java.lang.reflect.Proxy.newProxyInstance(TransactionStore.class.getClassLoader(),
                new Class<?>[]{TransactionStore.class}, (p, m, a) -> {
                    if (m.getName().equals("load")) {
                        loaded.add((String) a[0]);
                        if (a[0].equals("txn_bad")) throw new io.payhook.core.error.StoreUnavailableException("down", null);
                        return Optional.empty();
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void onlyStoredEventsAreProjectedEachTransactionOncePerBatchAndAFailureReturnsTheRest() {
        List<String> loaded = new ArrayList<>();
        TransactionStore store = loadsInto(loaded);
        SummaryStore none = (TransactionSummary s) -> true;
        ProjectorStreamHandler h = new ProjectorStreamHandler(new ProjectTransactionSummary(store, none));
        DynamodbEvent e = new DynamodbEvent();
        e.setRecords(List.of(record("INSERT", "EVENT", "txn_a", "1"), record("INSERT", "NOTIFICATION", "txn_b", "2"),
                record("MODIFY", "EVENT", "txn_c", "3"), record("INSERT", "EVENT", "txn_a", "4"),
                record("INSERT", "EVENT", "txn_bad", "5"), record("INSERT", "EVENT", "txn_d", "6")));
        StreamsEventResponse r = h.handleRequest(e, null);
        assertThat(loaded).containsExactly("txn_a", "txn_bad");
        assertThat(r.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier).containsExactly("5");
    }

    @Test
    void aRiskFindingWrittenOrChangedProjectsItsTransactionAgainAndVelocityFactsDoNot() {
        assertThat(ProjectorStreamHandler.riskChanged(record("INSERT", "RISK", "txn_r", "1"))).contains("txn_r");
        assertThat(ProjectorStreamHandler.riskChanged(record("MODIFY", "RISK", "txn_r", "2"))).contains("txn_r");
        assertThat(ProjectorStreamHandler.riskChanged(record("REMOVE", "RISK", "txn_r", "3"))).isEmpty();
        assertThat(ProjectorStreamHandler.riskChanged(record("INSERT", "VELOCITY", "velocity#generic#cus_1", "4"))).isEmpty();
        assertThat(ProjectorStreamHandler.eventStored(record("INSERT", "RISK", "txn_r", "5"))).as("not an event").isEmpty();
    }
}
