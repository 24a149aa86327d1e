package dev.kurier.spring.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The starter's packages: no cycles between them, and the listener machinery knows nothing of how it is observed
 * (metrics, health, Actuator and events plug in through {@code ListenerObserver}).
 */
class StarterPackagesTest {

    private static final String ROOT = "dev.kurier.spring";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void listenersDoNotKnowHowTheyAreObserved() {
        noClasses().that().resideInAPackage(ROOT + ".listener..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".metrics..", ROOT + ".health..",
                        ROOT + ".actuate..", ROOT + ".event..", ROOT + ".observation..")
                .check(classes);
    }
}
