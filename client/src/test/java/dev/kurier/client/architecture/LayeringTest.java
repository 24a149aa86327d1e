package dev.kurier.client.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client's layers: protocol (pure codecs) → security (TLS and SASL logic) → network → cluster → producer,
 * consumer, group, admin → the public entry points. A lower layer never reaches up; {@code errors} and
 * {@code config} sit below everything, {@code common}'s value types just above the codecs.
 */
class LayeringTest {

    private static final String ROOT = "dev.kurier.client";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    private static String[] above(String... packages) {
        String[] out = new String[packages.length];
        for (int i = 0; i < packages.length; i++) {
            out[i] = ROOT + "." + packages[i] + "..";
        }
        return out;
    }

    @Test
    void theFoundationDependsOnNothingAboveIt() {
        noClasses().that().resideInAnyPackage(above("errors"))
                .should().dependOnClassesThat().resideInAnyPackage(above("config", "common", "protocol", "security",
                        "network", "cluster", "producer", "consumer", "group", "admin", "serialization"))
                .check(classes);
        // The public value types (TopicPartition, Header, Node) build on the codecs' types and nothing higher.
        noClasses().that().resideInAnyPackage(above("common"))
                .should().dependOnClassesThat().resideInAnyPackage(above("config", "security", "network", "cluster",
                        "producer", "consumer", "group", "admin", "serialization"))
                .check(classes);
        noClasses().that().resideInAnyPackage(above("config"))
                .should().dependOnClassesThat().resideInAnyPackage(above("protocol", "security", "network", "cluster",
                        "producer", "consumer", "group", "admin"))
                .check(classes);
    }

    @Test
    void protocolCodecsArePure() {
        noClasses().that().resideInAnyPackage(above("protocol"))
                .should().dependOnClassesThat().resideInAnyPackage(above("security", "network", "cluster", "producer",
                        "consumer", "group", "admin", "config"))
                .check(classes);
    }

    @Test
    void securityOpensNoSocketAndKnowsNoClient() {
        noClasses().that().resideInAnyPackage(above("security"))
                .should().dependOnClassesThat().resideInAnyPackage(above("network", "cluster", "producer", "consumer",
                        "group", "admin", "protocol"))
                .check(classes);
        noClasses().that().resideInAnyPackage(ROOT + ".security.sasl..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".security")
                .check(classes);
    }

    @Test
    void exactlyOnceSitsAboveTheClientsItCombines() {
        // The read-process-write helper uses the producer and consumer APIs; nothing below knows of it.
        noClasses().that().resideInAnyPackage(above("protocol", "security", "network", "cluster", "producer",
                        "consumer", "group", "admin", "config", "errors", "common"))
                .should().dependOnClassesThat().resideInAnyPackage(above("exactlyonce"))
                .check(classes);
        noClasses().that().resideInAnyPackage(above("exactlyonce"))
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".producer.internals..",
                        ROOT + ".consumer.internals..", ROOT + ".network..", ROOT + ".protocol..")
                .check(classes);
    }

    @Test
    void networkAndClusterNeverReachUp() {
        noClasses().that().resideInAnyPackage(above("network"))
                .should().dependOnClassesThat().resideInAnyPackage(above("cluster", "producer", "consumer", "group",
                        "admin"))
                .check(classes);
        noClasses().that().resideInAnyPackage(above("cluster"))
                .should().dependOnClassesThat().resideInAnyPackage(above("producer", "consumer", "group", "admin"))
                .check(classes);
        noClasses().that().resideInAnyPackage(above("protocol", "security", "network", "cluster", "config", "errors"))
                .should().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".KurierClient")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".ClientConfig")
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices().matching(ROOT + ".(**)")
                .should().beFreeOfCycles().check(classes);
    }
}
