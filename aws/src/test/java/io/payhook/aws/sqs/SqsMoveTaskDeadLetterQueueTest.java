package io.payhook.aws.sqs;

import io.payhook.core.error.ErrorCode;
import io.payhook.core.error.PayhookException;
import io.payhook.core.port.DeadLetterQueue;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksRequest;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResponse;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskRequest;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The AWS redrive over SQS's move tasks, against a stub client: start, conflict, progress, failures as port errors. */
class SqsMoveTaskDeadLetterQueueTest {
    static final String DLQ = "arn:aws:sqs:eu-west-1:123456789012:payhook-notifications-dlq-dev";
    static final long STARTED = 1_764_658_800_123L;

    /** SQS as far as the adapter uses it: the latest move task, and a start that makes one RUNNING. */
    static class StubSqs implements SqsClient {
        final List<ListMessageMoveTasksResultEntry> tasks = new ArrayList<>();
        final List<StartMessageMoveTaskRequest> starts = new ArrayList<>();
        RuntimeException onStart;
        RuntimeException onList;

        @Override
        public ListMessageMoveTasksResponse listMessageMoveTasks(ListMessageMoveTasksRequest r) {
            assertThat(r.sourceArn()).isEqualTo(DLQ);
            assertThat(r.maxResults()).isEqualTo(1);
            if (onList != null) throw onList;
            return ListMessageMoveTasksResponse.builder().results(tasks.isEmpty() ? List.of() : List.of(tasks.get(tasks.size() - 1))).build();
        }

        @Override
        public StartMessageMoveTaskResponse startMessageMoveTask(StartMessageMoveTaskRequest r) {
            starts.add(r);
            if (onStart != null) throw onStart;
            tasks.add(task("RUNNING", 0, 7L, null));
            return StartMessageMoveTaskResponse.builder().taskHandle("handle").build();
        }

        @Override
        public String serviceName() { return "sqs"; }

        @Override
        public void close() { }
    }

    static ListMessageMoveTasksResultEntry task(String status, long moved, Long toMove, String failure) {
        return ListMessageMoveTasksResultEntry.builder().sourceArn(DLQ).status(status).startedTimestamp(STARTED)
                .approximateNumberOfMessagesMoved(moved).approximateNumberOfMessagesToMove(toMove).failureReason(failure).build();
    }

    final StubSqs sqs = new StubSqs();
    final SqsMoveTaskDeadLetterQueue dlq = new SqsMoveTaskDeadLetterQueue(sqs, DLQ);

    @Test
    void aRedriveIsAMoveTaskFromTheDlqBackToItsSourceAndItsProgressIsSqss() {
        assertThat(dlq.latestRedrive()).isEmpty();
        DeadLetterQueue.Redrive r = dlq.startRedrive();
        assertThat(sqs.starts).singleElement().satisfies(s -> {
            assertThat(s.sourceArn()).isEqualTo(DLQ);
            assertThat(s.destinationArn()).as("back to the DLQ's source queue").isNull();
        });
        assertThat(r).isEqualTo(new DeadLetterQueue.Redrive("rd_" + STARTED, DeadLetterQueue.State.RUNNING, 0, 7L,
                Instant.ofEpochMilli(STARTED), null));
        sqs.tasks.add(task("COMPLETED", 7, 7L, null));
        assertThat(dlq.latestRedrive()).contains(new DeadLetterQueue.Redrive("rd_" + STARTED, DeadLetterQueue.State.COMPLETED, 7, 7L,
                Instant.ofEpochMilli(STARTED), null));
        sqs.tasks.add(task("FAILED", 3, 7L, "CouldNotDetermineMessageSource"));
        assertThat(dlq.latestRedrive().orElseThrow().failureReason()).isEqualTo("CouldNotDetermineMessageSource");
        assertThat(dlq.latestRedrive().orElseThrow().state()).isEqualTo(DeadLetterQueue.State.FAILED);
    }

    @Test
    void oneAtATime() {
        sqs.tasks.add(task("RUNNING", 2, 9L, null));
        assertThatThrownBy(dlq::startRedrive).isInstanceOfSatisfying(PayhookException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.REDRIVE_RUNNING));
        assertThat(sqs.starts).as("not even tried").isEmpty();

        // another caller's task started between the check and the start: SQS refuses ours, and that is the conflict
        StubSqs racing = new StubSqs() {
            @Override
            public StartMessageMoveTaskResponse startMessageMoveTask(StartMessageMoveTaskRequest r) {
                tasks.add(task("RUNNING", 0, 1L, null));
                throw SqsException.builder().message("a task is running").statusCode(400).build();
            }
        };
        assertThatThrownBy(() -> new SqsMoveTaskDeadLetterQueue(racing, DLQ).startRedrive()).isInstanceOfSatisfying(PayhookException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.REDRIVE_RUNNING));
    }

    @Test
    void anSqsFailureIsQueueUnavailableAndNamesNothingOfIt() {
        sqs.onStart = SqsException.builder().message("Access to the resource arn:aws:sqs:... is denied").statusCode(403).build();
        assertThatThrownBy(dlq::startRedrive).isInstanceOfSatisfying(PayhookException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.QUEUE_UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo(ErrorCode.QUEUE_UNAVAILABLE.defaultMessage());
        });
        sqs.onList = SdkClientException.create("connect timed out");
        assertThatThrownBy(dlq::latestRedrive).isInstanceOfSatisfying(PayhookException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.QUEUE_UNAVAILABLE));
    }
}
