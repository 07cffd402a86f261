package io.payhook.local.console;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The payhook routes the console forwards, and nothing else: {@code /console/api/<route>} is forwarded only when
 * {@code <route>} and its method are on this list (the webhook intake, {@code /metrics} and the local
 * {@code /_local/*} operations are not). A path parameter is one segment of safe characters, so a forwarded path
 * can neither climb out of the API's base path ({@code ..}) nor name another host.
 */
final class ConsoleRoutes {
    private ConsoleRoutes() {}

    /**
     * One segment: an id as payhook's routes take them, percent-escapes allowed except an escaped slash or backslash,
     * and not {@code .} or {@code ..} (written plainly or escaped).
     */
    private static final String SEGMENT = "(?!(?:\\.|%2[eE]){1,2}(?:/|$))(?:[A-Za-z0-9._~:@!$'()*+,;=-]|%(?![2][fF]|[5][cC])[0-9A-Fa-f]{2}){1,300}";

    private record Route(String method, Pattern path) {}

    private static final List<Route> ALLOWED = List.of(
            new Route("GET", Pattern.compile("/transactions")),
            new Route("GET", Pattern.compile("/transactions/" + SEGMENT)),
            new Route("POST", Pattern.compile("/transactions/" + SEGMENT + "/notify")),
            new Route("GET", Pattern.compile("/audit")),
            new Route("GET", Pattern.compile("/health")),
            new Route("GET", Pattern.compile("/notifications")),
            new Route("POST", Pattern.compile("/notifications/redrive")),
            new Route("GET", Pattern.compile("/notifications/redrive")),
            new Route("POST", Pattern.compile("/notifications/replay")),
            new Route("GET", Pattern.compile("/notifications/replay/" + SEGMENT)));

    /** What to do with {@code method} on the payhook path {@code rawPath} (what follows {@code /console/api}). */
    enum Verdict { FORWARD, WRONG_METHOD, NOT_ALLOWED }

    static Verdict check(String method, String rawPath) {
        boolean pathKnown = false;
        for (Route r : ALLOWED) {
            if (r.path().matcher(rawPath).matches()) {
                if (r.method().equals(method)) return Verdict.FORWARD;
                pathKnown = true;
            }
        }
        return pathKnown ? Verdict.WRONG_METHOD : Verdict.NOT_ALLOWED;
    }

    /** The methods allowed on {@code rawPath}, for an {@code Allow} header; empty when the path is not forwarded. */
    static Optional<String> allow(String rawPath) {
        List<String> methods = ALLOWED.stream().filter(r -> r.path().matcher(rawPath).matches()).map(Route::method).distinct().toList();
        return methods.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", methods));
    }
}
