package io.payhook.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One synthesis per test JVM, shared by every test class (synthesis with the three nag packs is
 * the slow part). The app is the real one ({@link PayhookApp#build}: dev, prod, nag packs) plus a
 * variant of dev with the two switches flipped: the webhook route OPEN and the SNS notifier (dev and prod send
 * through SES) — and with {@link #MERCHANTS} as its merchant labels.
 */
final class Synthesized {
    static final String VARIANT_ID = "TapStack-dev-open-sns";
    /** dev's SES sender (an address identity) and prod's (at its domain identity). */
    static final String SES_FROM = "payments-dev@example.com";
    static final String PROD_SES_FROM = "payments@example.com";
    static final String MERCHANTS = "stripe=shop-eu,square=shop-us";

    final App app;
    final Stack dev;
    final Stack prod;
    final Stack variant;
    final Template devTemplate;
    final Template prodTemplate;
    final Template variantTemplate;

    private Synthesized() {
        long t0 = System.nanoTime();
        app = new App();
        PayhookApp.build(app);
        variant = PayhookApp.addStack(app, VARIANT_ID,
                EnvironmentConfig.dev().withWebhookAuth(EnvironmentConfig.WebhookAuth.OPEN).withSns().withMerchants(MERCHANTS),
                PayhookApp.lambdaAsset(app));
        dev = (Stack) app.getNode().findChild("TapStack-dev");
        prod = (Stack) app.getNode().findChild("TapStack-prod");
        devTemplate = Template.fromStack(dev); // synthesises the app once; the others reuse that assembly
        prodTemplate = Template.fromStack(prod);
        variantTemplate = Template.fromStack(variant);
        System.out.printf("infra: constructed and synthesised 3 stacks in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static final class Holder {
        static final Synthesized INSTANCE = new Synthesized();
    }

    static Synthesized get() { return Holder.INSTANCE; }

    // --- helpers over the template JSON

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resources(Template t, String type) {
        return (Map<String, Map<String, Object>>) (Map<String, ?>) t.findResources(type);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    /** The logical id of the only resource of {@code type} whose id starts with {@code prefix}. */
    static String logicalId(Template t, String type, String prefix) {
        List<String> ids = new ArrayList<>();
        resources(t, type).keySet().forEach(id -> { if (id.startsWith(prefix)) ids.add(id); });
        if (ids.size() != 1) throw new AssertionError("expected one " + type + " named " + prefix + "*, found " + ids);
        return ids.get(0);
    }

    /** Every statement of the identity policies attached to the role whose logical id starts with {@code rolePrefix}. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(Template t, String rolePrefix) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> policy : resources(t, "AWS::IAM::Policy").values()) {
            Map<String, Object> p = props(policy);
            List<Map<String, Object>> roles = (List<Map<String, Object>>) p.get("Roles");
            if (roles.stream().anyMatch(r -> String.valueOf(r.get("Ref")).startsWith(rolePrefix))) {
                out.addAll((List<Map<String, Object>>) ((Map<String, Object>) p.get("PolicyDocument")).get("Statement"));
            }
        }
        return out;
    }

    /** A template value as text, an {@code Fn::Join} joined (references as {@code {Ref=...}}). */
    @SuppressWarnings("unchecked")
    static String text(Object value) {
        if (value instanceof Map<?, ?> m && m.containsKey("Fn::Join")) {
            List<Object> join = (List<Object>) m.get("Fn::Join");
            StringBuilder sb = new StringBuilder();
            for (Object part : (List<Object>) join.get(1)) sb.append(part instanceof String str ? str : String.valueOf(part));
            return sb.toString();
        }
        return String.valueOf(value);
    }

    /** The actions of a statement as a list (CloudFormation allows a string or a list). */
    @SuppressWarnings("unchecked")
    static List<String> actions(Map<String, Object> statement) {
        Object a = statement.get("Action");
        return a instanceof List<?> l ? (List<String>) l : List.of((String) a);
    }
}
