package com.capreport.dashboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md's MVVM rule, checked: view-models (and the plain values they hand out) lay out
 * nothing, so they never touch {@code javafx.scene}; views do.
 */
class ViewModelArchitectureTest {
    @Test
    void viewModelsDoNotImportJavafxScene() {
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        JavaClasses dashboard = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.capreport.dashboard");
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .or().haveSimpleNameEndingWith("Row").and().resideInAPackage("..profiles..")
                .or().haveSimpleNameStartingWith("Match").and().resideInAPackage("..profiles..")
                .or().haveSimpleNameEndingWith("Alert")
                .should().dependOnClassesThat().resideInAPackage("javafx.scene..")
                .because("view-models expose properties and commands; views lay out and bind (STYLE.md)")
                .check(dashboard);
    }
}
