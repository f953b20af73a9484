package com.capreport.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.agent.driver.fs.FilesystemDriver;
import com.capreport.agent.driver.sim.SimDriver;
import com.capreport.model.PoolSpec;
import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import java.net.URISyntaxException;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module and package rules of DESIGN.md and STYLE.md: the model is plain Java plus Jackson,
 * the agent never sees JavaFX, and drivers never touch etcd.
 */
class ArchitectureTest {
    private static JavaClasses production;

    private static final ArchRule MODEL_IS_PURE = classes()
            .that().resideInAPackage("com.capreport.model..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "com.fasterxml.jackson..", "com.capreport.model..")
            .because("shared-model is pure: no I/O libraries, no JavaFX, no gRPC, no jetcd (DESIGN.md)");

    private static final ArchRule AGENT_NEVER_SEES_JAVAFX = noClasses()
            .that().resideInAPackage("com.capreport.agent..")
            .should().dependOnClassesThat().resideInAPackage("javafx..")
            .because("a storage node runs the agent jar alone (DESIGN.md)");

    private static final ArchRule DRIVERS_NEVER_TOUCH_ETCD = noClasses()
            .that().resideInAPackage("com.capreport.agent.driver..")
            .should().dependOnClassesThat().resideInAnyPackage("io.etcd..", "com.capreport.agent.report..")
            .because("drivers only list pools; reporting to etcd is the discovery loop's job");

    /**
     * Only our own classes are judged; their dependencies are known by name, so jetcd, gRPC and
     * Jackson need not be imported (that would take seconds).
     */
    @BeforeAll
    static void importProductionClasses() {
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> location.contains("/com/capreport/"))
                .importLocations(Set.of(codeSource(PoolSpec.class), codeSource(Agent.class)));
    }

    /** The jar or classes directory a class was loaded from: shared-model's or the agent's. */
    private static Location codeSource(Class<?> type) {
        try {
            return Location.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void restoreArchUnitDefaults() {
        ArchConfiguration.get().reset();
    }

    @Test
    void importSeesTheModelAndTheDrivers() {
        assertThat(production.contain(PoolSpec.class)).isTrue();
        assertThat(production.contain(FilesystemDriver.class)).isTrue();
        assertThat(production.contain(SimDriver.class)).isTrue();
        assertThat(production.contain(ArchitectureTest.class)).as("test classes are not judged").isFalse();
    }

    @Test
    void modelDependsOnlyOnJavaJacksonAndItself() {
        MODEL_IS_PURE.check(production);
    }

    @Test
    void agentNeverDependsOnJavaFx() {
        AGENT_NEVER_SEES_JAVAFX.check(production);
    }

    @Test
    void driversNeverDependOnEtcdOrTheReporter() {
        DRIVERS_NEVER_TOUCH_ETCD.check(production);
    }

    /** The etcd rule is not vacuous: the same rule aimed at the reporter, which does use jetcd, fails. */
    @Test
    void etcdDependencyIsDetectedWhereItExists() {
        ArchRule reporterWithoutEtcd = noClasses()
                .that().resideInAPackage("com.capreport.agent.report..")
                .should().dependOnClassesThat().resideInAPackage("io.etcd..");

        assertThat(reporterWithoutEtcd.evaluate(production).hasViolation()).isTrue();
    }

    /** The purity rule is not vacuous either: without Jackson on the allowed list, the codec breaks it. */
    @Test
    void modelRuleNoticesDependenciesOutsideTheAllowedPackages() {
        ArchRule javaOnly = classes()
                .that().resideInAPackage("com.capreport.model..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.capreport.model..");

        assertThat(javaOnly.evaluate(production).hasViolation()).isTrue();
    }
}
