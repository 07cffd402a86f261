package io.payhook.local;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * ElasticMQ, the SQS-compatible server, in this JVM on 127.0.0.1: the notification queue and its
 * dead-letter queue (redrive policy after {@code maxReceives} receives). ElasticMQ keeps messages
 * in memory; after a restart the runner rebuilds the queue from the table (see docs/LOCAL.md).
 */
public final class LocalQueues implements AutoCloseable {
    public static final String ACCOUNT = "000000000000";
    public static final String QUEUE = "payhook-notifications";
    public static final String DLQ = "payhook-notifications-dlq";

    private final int port;
    private final String region;
    private SQSRestServer server;
    private final SqsClient client;
    private String queueUrl;
    private String dlqUrl;

    public LocalQueues(int port, String region) {
        this.port = port;
        this.region = region;
        this.client = SqsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)).build()) // receives wait 1 s; a dead server must not hold a poller for long
                .build();
    }

    /** Starts the server (again, after {@link #stop}) and makes sure both queues exist. */
    public synchronized void start(int maxReceives, Duration visibilityTimeout) {
        server = SQSRestServerBuilder.withPort(port).withInterface("127.0.0.1")
                .withAWSRegion(region).withAWSAccountId(ACCOUNT).start();
        server.waitUntilStarted();
        dlqUrl = client.createQueue(b -> b.queueName(DLQ).attributes(Map.of(
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))).queueUrl();
        String dlqArn = client.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        queueUrl = client.createQueue(b -> b.queueName(QUEUE).attributes(Map.of(
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600",
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds()),
                QueueAttributeName.REDRIVE_POLICY,
                "{\"maxReceiveCount\":\"" + maxReceives + "\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}"))).queueUrl();
    }

    /** Stops the server; queued messages are gone (the table still has them as QUEUED). */
    public synchronized void stop() {
        if (server != null) {
            server.stopAndWait();
            server = null;
        }
    }

    public synchronized boolean running() { return server != null; }

    public SqsClient client() { return client; }

    public String queueUrl() { return queueUrl; }

    public String dlqUrl() { return dlqUrl; }

    public int port() { return port; }

    @Override
    public void close() {
        stop();
        client.close();
    }
}
