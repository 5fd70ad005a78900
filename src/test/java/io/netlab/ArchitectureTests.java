package io.netlab;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module boundaries of DESIGN.md and STYLE.md, checked on the compiled classes: no package
 * cycles (not even between a package and its sub-package), {@code wire} depends on no other
 * module, the transport knows nothing of the listener model above it, and nothing depends on
 * {@code api}.
 */
class ArchitectureTests {

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.netlab");
	}

	@Test
	void noTwoPackagesDependOnEachOther() {
		slices().matching("io.netlab.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void noTwoModulesDependOnEachOther() {
		slices().matching("io.netlab.(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void wireDependsOnNoOtherModule() {
		noClasses().that()
			.resideInAPackage("io.netlab.wire..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.netlab.api..", "io.netlab.config..", "io.netlab.events..", "io.netlab.listener..",
					"io.netlab.metrics..", "io.netlab.probe..", "io.netlab.tls..")
			.check(classes);
	}

	@Test
	void theTransportKnowsNothingOfTheListenersAboveIt() {
		noClasses().that()
			.resideInAPackage("io.netlab.listener.transport..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.netlab.listener", "io.netlab.events..", "io.netlab.metrics..", "io.netlab.api..")
			.check(classes);
	}

	@Test
	void nothingDependsOnTheApiModule() {
		noClasses().that()
			.resideOutsideOfPackage("io.netlab.api..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.netlab.api..")
			.check(classes);
	}

}
