package io.payhook.aws.dynamodb;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.payhook.core.model.ReplayJob;
import io.payhook.core.port.ReplayJobs;
import io.payhook.core.port.ReplayJobsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The replay-job contract against the DynamoDB adapter, in the payments table as {@link PaymentTable#createRequest} makes it. */
class DynamoDbReplayJobsIT extends ReplayJobsContract {
    @TempDir
    static Path dir;
    static AmazonDynamoDBLocal dynamo;
    static DynamoDbReplayJobs jobs;

    @BeforeAll
    static void open() {
        dynamo = DynamoDBEmbedded.create(dir.resolve("jobs.db").toFile(), true);
        dynamo.dynamoDbClient().createTable(PaymentTable.createRequest("payment_transactions"));
        jobs = new DynamoDbReplayJobs(dynamo.dynamoDbClient(), "payment_transactions");
    }

    @AfterAll
    static void close() {
        if (dynamo != null) dynamo.shutdown();
    }

    @Override
    protected ReplayJobs jobs() { return jobs; }

    @Test
    void theLargestJobFitsInOneItemAndExpiresWithTheTable() {
        // the most one job may take, each id as long as an id may be: the item must stay under DynamoDB's 400 KB
        List<String> ids = IntStream.range(0, io.payhook.core.usecase.ReplayNotifications.MAX_LIMIT)
                .mapToObj(i -> String.format("%0128d", i)).toList();
        ReplayJob job = new ReplayJob(newId(), "provider=stripe", "r", Instant.parse("2026-12-02T10:00:00Z"), ids, 0,
                Instant.parse("2026-12-02T10:00:00Z"));
        jobs.create(job);
        assertThat(jobs.load(job.jobId()).orElseThrow().transactionIds()).isEqualTo(ids);
        var item = dynamo.dynamoDbClient().getItem(b -> b.tableName("payment_transactions").key(DynamoDbReplayJobs.key(job.jobId()))).item();
        assertThat(Long.parseLong(item.get(PaymentTable.EXPIRES_AT).n()))
                .isEqualTo(job.requestedAt().plus(DynamoDbReplayJobs.KEPT).getEpochSecond());
        assertThat(item.get(PaymentTable.KIND).s()).isEqualTo(PaymentTable.KIND_REPLAY_JOB);
    }
}
