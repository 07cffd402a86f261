package io.payhook.infra;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cdk-nag AwsSolutions, PCI DSS 3.2.1 and Serverless packs report no unsuppressed error on
 * dev, prod and the OPEN+SES variant. Accepted findings carry their reason in {@link Nag}.
 * Warnings are listed in the test output.
 */
class CdkNagIT {
    static final String PACKS = "AwsSolutions-.*|PCI.DSS.321-.*|Serverless-.*";

    @Test
    void nagPacksReportNoUnsuppressedError() {
        Synthesized s = Synthesized.get();
        for (Stack stack : List.of(s.dev, s.prod, s.variant)) {
            Annotations annotations = Annotations.fromStack(stack); // re-synthesises: once per stack
            var errors = annotations.findError("*", Match.stringLikeRegexp(PACKS));
            assertThat(errors).as(stack.getStackName() + ": " + errors.stream()
                    .map(e -> e.getId() + " " + firstLine(e.getEntry().getData())).toList()).isEmpty();
            var warnings = annotations.findWarning("*", Match.stringLikeRegexp(PACKS));
            warnings.forEach(w -> System.out.println("cdk-nag warning " + stack.getStackName() + " " + w.getId() + ": " + firstLine(w.getEntry().getData())));
            System.out.println("cdk-nag " + stack.getStackName() + ": 0 errors, " + warnings.size() + " warnings");
        }
    }

    /** Zero errors means something only if the packs ran: their reports list every rule checked per resource. */
    @Test
    void thePacksRanOnEveryStackAndTheirReportsShowNoNonCompliance() throws IOException {
        Synthesized s = Synthesized.get();
        assertThat(Aspects.of(s.app).getAll()).extracting(a -> a.getClass().getSimpleName())
                .contains("AwsSolutionsChecks", "PCIDSS321Checks", "ServerlessChecks");
        for (Stack stack : List.of(s.dev, s.prod, s.variant)) {
            for (String pack : List.of("AwsSolutions", "PCI.DSS.321", "Serverless")) {
                Path report = Path.of(s.app.getOutdir(), pack + "-" + stack.getStackName() + "-NagReport.csv");
                List<String> rows = Files.readAllLines(report);
                assertThat(rows).as(report.toString()).hasSizeGreaterThan(20)
                        .noneMatch(r -> r.contains("\"Non-Compliant\""))
                        .anyMatch(r -> r.contains("\"Compliant\""));
                if (!pack.equals("Serverless")) assertThat(rows).anyMatch(r -> r.contains("\"Suppressed\""));
            }
        }
    }

    private static String firstLine(Object data) {
        return String.valueOf(data).split("\n")[0];
    }
}
