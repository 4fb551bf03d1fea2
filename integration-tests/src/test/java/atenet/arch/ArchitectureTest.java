package atenet.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Layer: unit (surefire, no root): the module boundaries of docs/decisions.md, checked on the
 * main classes of every module (this module's test classpath holds them all; test classes are
 * not imported).
 *
 * <pre>
 *   wire ◄── redo-log ◄── vswitch ──► dhcp, vrouter, ws-gateway (ethereal ports: wire + redo-log only)
 *    ▲  ◄──────────────── tok (never the switch's data plane: vswitch.udp, vswitch.forward)
 *    └──── tap-client (never vswitch, redo-log, tok)
 * </pre>
 *
 * Every rule fails when it matches no class ({@code allowEmptyShould(false)}), so a renamed
 * package cannot turn a rule into a silent pass; the ethereal-port modules that hold no classes
 * yet are skipped by name (the test says so) instead.
 */
class ArchitectureTest {
    private static final String ATENET = "atenet..";
    private static final String WIRE = "atenet.wire..";
    private static final String REDOLOG = "atenet.redolog..";

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("atenet");
        for (String module : new String[]{"atenet.wire", "atenet.redolog", "atenet.vswitch", "atenet.tapclient",
                "atenet.tap", "atenet.tok"}) {
            assertTrue(hasClassesIn(module), "no main classes found in " + module + " (is the module on the test classpath?)");
        }
    }

    /** True when {@code pkg} or a subpackage holds a class other than {@code package-info}. */
    private static boolean hasClassesIn(String pkg) {
        for (JavaClass c : main) {
            if ((c.getPackageName().equals(pkg) || c.getPackageName().startsWith(pkg + "."))
                    && !c.getSimpleName().equals("package-info")) {
                return true;
            }
        }
        return false;
    }

    private static void check(ArchRule rule) {
        rule.allowEmptyShould(false).check(main);
    }

    @Test
    void tapClientUsesNeitherTheNodeNorTheChainNorTheCli() {
        check(noClasses().that().resideInAnyPackage("atenet.tapclient..", "atenet.tap..")
                .should().dependOnClassesThat().resideInAnyPackage("atenet.vswitch..", REDOLOG, "atenet.tok.."));
    }

    @Test
    void wireImportsNoOtherModule() {
        check(classes().that().resideInAPackage(WIRE)
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(ATENET).or(resideInAnyPackage(WIRE))));
    }

    @Test
    void redoLogImportsOnlyWire() {
        check(classes().that().resideInAPackage(REDOLOG)
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(ATENET).or(resideInAnyPackage(WIRE, REDOLOG))));
    }

    /** Ethereal ports plug into {@code Port}, not into the switch. */
    @ParameterizedTest
    @ValueSource(strings = {"atenet.dhcp", "atenet.vrouter", "atenet.wsgateway"})
    void etherealPortModulesUseOnlyWireAndRedoLog(String module) {
        assumeTrue(hasClassesIn(module), module + " has no classes yet");
        String own = module + "..";
        check(classes().that().resideInAPackage(own)
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(ATENET).or(resideInAnyPackage(WIRE, REDOLOG, own))));
    }

    @Test
    void tokStaysOutOfTheDataPlane() {
        check(noClasses().that().resideInAPackage("atenet.tok..")
                .should().dependOnClassesThat().resideInAnyPackage("atenet.vswitch.udp..", "atenet.vswitch.forward.."));
    }

    @Test
    void noMutableStaticFields() {
        check(fields().that().areStatic().and().areDeclaredInClassesThat().resideInAPackage(ATENET)
                .should().beFinal()
                .because("state has one owner (style.md); a static field is shared by every switch, network and test"));
    }
}
