package io.payhook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code docs/openapi.yaml} as a contract a test checks real answers against: which operation a
 * request is, whether the answer's status and content type are documented for it, whether the
 * body is valid against the schema of that status (networknt json-schema-validator, OpenAPI 3.1
 * dialect) — and, once the requests are done, which documented statuses and error codes no
 * request produced.
 *
 * <p>An error response lists its codes as the enum of its schema's {@code error} property. Codes
 * that no request to the local server can provoke are named in the response's
 * {@code x-payhook-not-reproducible-locally}; each of those must be one that API Gateway answers
 * by itself in AWS (a {@code gatewayError} of the CDK stack). Requests that match no operation are
 * checked against {@code x-payhook-unmatched-requests}.
 */
final class OpenApiContract {
    /** The pseudo-operation of requests that match no path and method of the document. */
    static final String UNMATCHED = "(unmatched)";
    static final String NOT_REPRODUCIBLE = "x-payhook-not-reproducible-locally";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One documented operation: {@code POST /webhooks/payment}; its JSON pointer in the document. */
    record Operation(String method, String path, Pattern pathPattern, String pointer) {
        String key() { return method == null ? UNMATCHED : method.toUpperCase(Locale.ROOT) + " " + path; }
    }

    /** A documented answer: operation, status and (for an error) its code; null code for a success. */
    record Answer(String operation, int status, String code) {
        @Override
        public String toString() { return operation + " → " + status + (code == null ? "" : " " + code); }
    }

    /** Where the validator finds the document (as JSON, converted from the YAML file). */
    private static final String DOC_IRI = "https://payhook.local/docs/openapi.json";

    private final JsonNode doc;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final List<Operation> operations = new ArrayList<>();
    private final Operation unmatched;
    private final Set<Answer> produced = ConcurrentHashMap.newKeySet();

    private OpenApiContract(Path file) throws IOException {
        this.doc = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        String json = JSON.writeValueAsString(doc);
        this.registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(), b -> b.schemas(Map.of(DOC_IRI, json)));
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            var p = paths.next();
            Pattern pattern = Pattern.compile("^" + p.getKey().replaceAll("\\{[^}/]+}", "[^/]+") + "$");
            for (Iterator<String> it = p.getValue().fieldNames(); it.hasNext(); ) {
                String method = it.next();
                if (METHODS.contains(method)) {
                    operations.add(new Operation(method, p.getKey(), pattern, "/paths/" + escape(p.getKey()) + "/" + method));
                }
            }
        }
        if (doc.path("x-payhook-unmatched-requests").path("responses").isMissingNode()) {
            throw new IllegalStateException("the document has no x-payhook-unmatched-requests.responses");
        }
        this.unmatched = new Operation(null, null, null, "/x-payhook-unmatched-requests");
    }

    static OpenApiContract load(Path file) {
        try {
            return new OpenApiContract(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A file of this repository, found from the working directory (the module's or the root). */
    static Path repositoryFile(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve(relative);
            if (Files.isRegularFile(f) && Files.isDirectory(d.resolve("local"))) return f;
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    JsonNode document() { return doc; }

    List<Operation> operations() { return List.copyOf(operations); }

    /** The operation a request is, or the unmatched pseudo-operation. */
    Operation operation(String method, String pathAndQuery) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        for (Operation o : operations) {
            if (o.method().equalsIgnoreCase(method) && o.pathPattern().matcher(path).matches()) return o;
        }
        return unmatched;
    }

    /**
     * Checks one real answer against the document and records it.
     *
     * @return a description of every way it differs from the document; empty when it conforms
     */
    List<String> check(String method, String pathAndQuery, int status, String contentType, String body) {
        Operation op = operation(method, pathAndQuery);
        String where = method + " " + pathAndQuery.replaceAll("(.{120}).+", "$1…") + " → " + status;
        JsonNode responses = doc.at(op.pointer() + "/responses");
        JsonNode declared = responses.get(Integer.toString(status));
        if (declared == null) return List.of(where + ": status " + status + " is not documented for " + op.key());
        Resolved r = resolve(declared, op.pointer() + "/responses/" + status);
        String media = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!r.node().path("content").has(media)) {
            return List.of(where + ": content type '" + contentType + "' is not documented (" + fieldNames(r.node().path("content")) + ")");
        }
        String instance;
        try {
            instance = media.equals("application/json") ? body : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> problems = new ArrayList<>();
        for (Error e : schema(r.pointer() + "/content/" + escape(media) + "/schema").validate(instance, InputFormat.JSON)) {
            problems.add(where + ": " + e.getInstanceLocation() + " " + e.getMessage() + " — body: " + abbreviate(body));
        }
        String code = null;
        if (status >= 400 && media.equals("application/json")) {
            try {
                JsonNode n = JSON.readTree(body);
                code = n == null || !n.path("error").isTextual() ? null : n.get("error").asText();
            } catch (IOException e) {
                problems.add(where + ": the body is not JSON — " + abbreviate(body));
            }
        }
        produced.add(new Answer(op.key(), status, code));
        return problems;
    }

    /**
     * Every answer the document lists — per operation, per status, per error code (null for a
     * success) — mapped to whether the document says no local request can provoke it.
     */
    Map<Answer, Boolean> documented() {
        Map<Answer, Boolean> out = new LinkedHashMap<>();
        List<Operation> all = new ArrayList<>(operations);
        all.add(unmatched);
        for (Operation op : all) {
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.at(op.pointer() + "/responses").fields(); it.hasNext(); ) {
                var e = it.next();
                int status = Integer.parseInt(e.getKey());
                Resolved r = resolve(e.getValue(), op.pointer() + "/responses/" + e.getKey());
                Set<String> notLocal = new TreeSet<>();
                r.node().path(NOT_REPRODUCIBLE).forEach(c -> notLocal.add(c.asText()));
                Set<String> codes = new LinkedHashSet<>();
                for (JsonNode media : r.node().path("content")) errorCodes(media.path("schema"), codes);
                if (codes.isEmpty()) out.put(new Answer(op.key(), status, null), false);
                for (String c : codes) out.put(new Answer(op.key(), status, c), notLocal.contains(c));
                for (String c : notLocal) {
                    if (!codes.contains(c)) throw new IllegalStateException(op.key() + " " + status + ": " + NOT_REPRODUCIBLE + " names " + c + ", which its schema does not list");
                }
            }
        }
        return out;
    }

    /**
     * How the document and the answers the requests got differ: a documented answer no request
     * produced (unless the document says no local request can, and it is an answer API Gateway
     * gives by itself: one of {@code gatewayCodes}), or one marked not reproducible that a request did produce.
     */
    List<String> coverageProblems(Set<String> gatewayCodes) {
        List<String> problems = new ArrayList<>();
        Set<Answer> seen = produced();
        Set<String> operationsSeen = new TreeSet<>();
        seen.forEach(a -> operationsSeen.add(a.operation()));
        for (Operation o : operations) {
            if (!operationsSeen.contains(o.key())) problems.add(o.key() + ": documented, but no request in the test called it");
        }
        documented().forEach((answer, notLocal) -> {
            boolean was = seen.contains(answer);
            if (notLocal && was) {
                problems.add(answer + ": marked " + NOT_REPRODUCIBLE + ", but a request produced it");
            } else if (notLocal && !gatewayCodes.contains(answer.code())) {
                problems.add(answer + ": marked " + NOT_REPRODUCIBLE + ", but the stack's API Gateway does not answer it either");
            } else if (!notLocal && !was) {
                problems.add(answer + ": documented, but no request in the test produced it");
            }
        });
        return problems;
    }

    Set<Answer> produced() { return Set.copyOf(produced); }

    /** Each error code the document lists, with the statuses it is listed under. */
    Map<String, Set<Integer>> codesByStatus() {
        Map<String, Set<Integer>> m = new LinkedHashMap<>();
        documented().keySet().forEach(a -> { if (a.code() != null) m.computeIfAbsent(a.code(), k -> new TreeSet<>()).add(a.status()); });
        return m;
    }

    /** The codes the CDK stack's API Gateway answers by itself ({@code gatewayError(api, ResponseType.X, "code", …)}). */
    static Set<String> gatewayCodes(String tapStackSource) {
        Matcher m = Pattern.compile("gatewayError\\(\\s*api\\s*,\\s*ResponseType\\.\\w+\\s*,\\s*\"([a-z_]+)\"").matcher(tapStackSource);
        Set<String> codes = new TreeSet<>();
        while (m.find()) codes.add(m.group(1));
        return codes;
    }

    private record Resolved(JsonNode node, String pointer) {}

    /** Follows a response's local {@code $ref} (one level, as the document uses them). */
    private Resolved resolve(JsonNode node, String pointer) {
        JsonNode ref = node.get("$ref");
        if (ref == null) return new Resolved(node, pointer);
        String target = ref.asText();
        if (!target.startsWith("#/")) throw new IllegalStateException("only local references are supported: " + target);
        JsonNode resolved = doc.at(target.substring(1));
        if (resolved.isMissingNode()) throw new IllegalStateException("unresolved " + target + " at " + pointer);
        return resolve(resolved, target.substring(1));
    }

    /** The {@code error} enum inside an inline error schema ({@code allOf: [Error, {properties: {error: {enum}}}]}). */
    private static void errorCodes(JsonNode schema, Set<String> into) {
        if (schema.isObject()) {
            JsonNode e = schema.path("properties").path("error").path("enum");
            e.forEach(c -> into.add(c.asText()));
            schema.forEach(child -> errorCodes(child, into));
        } else if (schema.isArray()) {
            schema.forEach(child -> errorCodes(child, into));
        }
    }

    private Schema schema(String pointer) {
        // braces of a path template are not allowed in a URI fragment as such
        return schemas.computeIfAbsent(pointer, p -> registry.getSchema(
                SchemaLocation.of(DOC_IRI + "#" + p.replace("{", "%7B").replace("}", "%7D"))));
    }

    /** A JSON pointer token. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() <= 300 ? body : body.substring(0, 300) + "…";
    }
}
