package io.payhook.core.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** core is the domain: no AWS SDK, no HTTP server or client, no Jackson outside providers. */
class CoreIsPureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.payhook.core");

    @Test
    void coreImportsNoAwsSdkNoHttpServer() {
        noClasses().that().resideInAPackage("io.payhook.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon..", "com.amazonaws..", "com.sun.net.httpserver..", "org.eclipse.jetty..",
                        "io.undertow..", "jakarta.servlet..", "javax.servlet..", "java.net.http..", "io.netty..",
                        "org.apache.http..", "org.apache.hc..")
                .check(CORE);
    }

    @Test
    void jsonLibraryStaysInsideProviders() {
        noClasses().that().resideInAnyPackage("io.payhook.core.model..", "io.payhook.core.port..", "io.payhook.core.usecase..", "io.payhook.core.error..")
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml..")
                .check(CORE);
    }

    @Test
    void theRuleSeesCoreClasses() {
        // guards against a vacuous pass: the importer must actually find the domain
        org.assertj.core.api.Assertions.assertThat(CORE.contain("io.payhook.core.usecase.IngestWebhook")).isTrue();
    }
}
