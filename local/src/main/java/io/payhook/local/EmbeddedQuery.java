package io.payhook.local;

import com.amazonaws.services.dynamodbv2.AmazonDynamoDB;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Query on embedded DynamoDB Local without its SDK v2 bridge's cost. DynamoDB Local's engine speaks SDK v1; its
 * embedded SDK v2 client turns every answer into JSON and parses that back into SDK v2 objects, which for a Query of
 * 1,000 items took ~85 % of the call's time (JFR: {@code ResponseConverter.toSdkV2}, docs/BENCHMARKS.md "GET latency vs.
 * a transaction's events") — a cost of the local stand-in, not of DynamoDB or payhook. Here the request is copied to
 * SDK v1 and the items back to SDK v2 value by value; the engine and its answer are the same.
 *
 * <p>Only the request fields payhook's queries use are copied; a request with any other (legacy conditions, attributes
 * to get, consumed capacity, ...) and any failure of the engine return null, and the embedded SDK v2 client answers as
 * before — with its own error mapping, so errors look exactly as they did.
 */
final class EmbeddedQuery {
    private EmbeddedQuery() {}

    /** The answer, or null when the embedded SDK v2 client must answer (see the class comment). */
    static QueryResponse query(AmazonDynamoDB v1, QueryRequest q) {
        if (v1 == null || q.hasKeyConditions() || q.hasQueryFilter() || q.hasAttributesToGet() || q.conditionalOperator() != null
                || q.returnConsumedCapacity() != null) {
            return null;
        }
        var r = new com.amazonaws.services.dynamodbv2.model.QueryRequest()
                .withTableName(q.tableName())
                .withIndexName(q.indexName())
                .withConsistentRead(q.consistentRead())
                .withKeyConditionExpression(q.keyConditionExpression())
                .withFilterExpression(q.filterExpression())
                .withProjectionExpression(q.projectionExpression())
                .withLimit(q.limit())
                .withScanIndexForward(q.scanIndexForward())
                .withSelect(q.selectAsString());
        if (q.hasExpressionAttributeNames()) r.setExpressionAttributeNames(q.expressionAttributeNames());
        if (q.hasExpressionAttributeValues()) r.setExpressionAttributeValues(toV1(q.expressionAttributeValues()));
        if (q.hasExclusiveStartKey() && !q.exclusiveStartKey().isEmpty()) r.setExclusiveStartKey(toV1(q.exclusiveStartKey()));
        com.amazonaws.services.dynamodbv2.model.QueryResult result;
        try {
            result = v1.query(r);
        } catch (RuntimeException e) {
            return null; // the embedded SDK v2 client runs it again and maps the error as it always has
        }
        var b = QueryResponse.builder().count(result.getCount()).scannedCount(result.getScannedCount());
        if (result.getItems() != null) {
            List<Map<String, AttributeValue>> items = new ArrayList<>(result.getItems().size());
            for (var item : result.getItems()) items.add(toV2(item));
            b.items(items);
        }
        if (result.getLastEvaluatedKey() != null && !result.getLastEvaluatedKey().isEmpty()) b.lastEvaluatedKey(toV2(result.getLastEvaluatedKey()));
        return b.build();
    }

    static Map<String, AttributeValue> toV2(Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> m) {
        Map<String, AttributeValue> out = new HashMap<>(m.size() * 4 / 3 + 1);
        m.forEach((k, v) -> out.put(k, toV2(v)));
        return out;
    }

    static AttributeValue toV2(com.amazonaws.services.dynamodbv2.model.AttributeValue v) {
        if (v.getS() != null) return AttributeValue.fromS(v.getS());
        if (v.getN() != null) return AttributeValue.fromN(v.getN());
        if (v.getB() != null) return AttributeValue.fromB(SdkBytes.fromByteBuffer(v.getB().duplicate()));
        if (v.getSS() != null) return AttributeValue.fromSs(v.getSS());
        if (v.getNS() != null) return AttributeValue.fromNs(v.getNS());
        if (v.getBS() != null) return AttributeValue.fromBs(v.getBS().stream().map(x -> SdkBytes.fromByteBuffer(x.duplicate())).toList());
        if (v.getM() != null) return AttributeValue.fromM(toV2(v.getM()));
        if (v.getL() != null) return AttributeValue.fromL(v.getL().stream().map(EmbeddedQuery::toV2).toList());
        if (v.getBOOL() != null) return AttributeValue.fromBool(v.getBOOL());
        if (v.getNULL() != null) return AttributeValue.fromNul(v.getNULL());
        throw new IllegalArgumentException("an attribute value of no known type");
    }

    static Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> toV1(Map<String, AttributeValue> m) {
        Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> out = new HashMap<>(m.size() * 4 / 3 + 1);
        m.forEach((k, v) -> out.put(k, toV1(v)));
        return out;
    }

    static com.amazonaws.services.dynamodbv2.model.AttributeValue toV1(AttributeValue v) {
        var out = new com.amazonaws.services.dynamodbv2.model.AttributeValue();
        switch (v.type()) {
            case S -> out.setS(v.s());
            case N -> out.setN(v.n());
            case B -> out.setB(ByteBuffer.wrap(v.b().asByteArray()));
            case SS -> out.setSS(v.ss());
            case NS -> out.setNS(v.ns());
            case BS -> out.setBS(v.bs().stream().map(x -> ByteBuffer.wrap(x.asByteArray())).toList());
            case M -> out.setM(toV1(v.m()));
            case L -> out.setL(v.l().stream().map(EmbeddedQuery::toV1).toList());
            case BOOL -> out.setBOOL(v.bool());
            case NUL -> out.setNULL(v.nul());
            default -> throw new IllegalArgumentException("an attribute value of no known type");
        }
        return out;
    }
}
