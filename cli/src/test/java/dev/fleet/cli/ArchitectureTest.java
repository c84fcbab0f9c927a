package dev.fleet.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrows between fleet's modules (README, "How it fits together"), checked on the compiled
 * classes of every module: core names no environment, the cli imports no bridge, no bridge imports
 * another, the daemon does not call back into the cli. A new dependency against an arrow fails here
 * with the class and the member that crossed it.
 */
class ArchitectureTest {
    private static final String[] BRIDGES = {"dev.fleet.tmux..", "dev.fleet.kitty..", "dev.fleet.i3..", "dev.fleet.terminals.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.fleet");
    }

    @Test
    void coreDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("dev.fleet.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fleet.tmux..", "dev.fleet.kitty..", "dev.fleet.i3..",
                        "dev.fleet.terminals..", "dev.fleet.workspace..", "dev.fleet.daemon..", "dev.fleet.commands..", "dev.fleet.cli..")
                .check(classes);
    }

    @Test
    void cliImportsNoBridge() {
        noClasses().that().resideInAPackage("dev.fleet.cli..").should().dependOnClassesThat().resideInAnyPackage(BRIDGES).check(classes);
    }

    @Test
    void commandsAndDaemonReachBridgesOnlyThroughTheSpis() {
        noClasses().that().resideInAnyPackage("dev.fleet.commands..", "dev.fleet.daemon..")
                .should().dependOnClassesThat().resideInAnyPackage(BRIDGES).check(classes);
        noClasses().that().resideInAnyPackage("dev.fleet.commands..", "dev.fleet.daemon..", "dev.fleet.workspace..")
                .should().dependOnClassesThat().resideInAPackage("dev.fleet.cli..").check(classes);
    }

    @Test
    void noBridgeImportsAnotherBridge() {
        for (String b : BRIDGES) {
            List<String> others = new ArrayList<>(List.of(BRIDGES));
            others.remove(b);
            others.addAll(List.of("dev.fleet.workspace..", "dev.fleet.daemon..", "dev.fleet.commands..", "dev.fleet.cli.."));
            noClasses().that().resideInAPackage(b).should().dependOnClassesThat().resideInAnyPackage(others.toArray(new String[0]))
                    .check(classes);
        }
    }

    @Test
    void theWorkspaceBuildsOnTmuxAndTheSpisOnly() {
        // its command files (package command, the table's entries for workspace and demo) are on the table too
        noClasses().that().resideInAPackage("dev.fleet.workspace..").and().resideOutsideOfPackage("dev.fleet.workspace.command..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fleet.kitty..", "dev.fleet.i3..", "dev.fleet.terminals..",
                        "dev.fleet.daemon..", "dev.fleet.commands..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.fleet.workspace.command..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fleet.kitty..", "dev.fleet.i3..", "dev.fleet.terminals..",
                        "dev.fleet.daemon..")
                .check(classes);
    }

    /** hosts reaches other machines over ssh on core and commands only; nothing but the cli's class path knows it. */
    @Test
    void hostsImportsCoreAndCommandsOnlyAndNothingImportsIt() {
        noClasses().that().resideInAPackage("dev.fleet.hosts..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.fleet.tmux..", "dev.fleet.kitty..", "dev.fleet.i3..", "dev.fleet.terminals..",
                        "dev.fleet.daemon..", "dev.fleet.workspace..", "dev.fleet.notify..", "dev.fleet.cli..")
                .check(classes);
        noClasses().that().resideOutsideOfPackage("dev.fleet.hosts..").should().dependOnClassesThat()
                .resideInAPackage("dev.fleet.hosts..").check(classes);
    }

    /**
     * fleet web (module web) builds on core and commands (the daemon's client side is core's) and reaches
     * nothing else: no bridge, no daemon internals, no cli; nothing imports it. Javalin, Jetty and Kotlin are
     * the server's alone (package dev.fleet.web.server, loaded in a class loader of its own): the command
     * entry, which is on every command's class path, must not touch them. Checked on web/target/classes,
     * which holds the server's classes too (the jar on this class path does not).
     */
    @Test
    void webBuildsOnCoreAndCommandsAndOnlyItsServerTouchesJavalin() {
        Path webClasses = Path.of(System.getProperty("fleet.repo", "..")).resolve("web/target/classes");
        org.junit.jupiter.api.Assertions.assertTrue(Files.isDirectory(webClasses.resolve("dev/fleet/web/server")),
                "web is not compiled: " + webClasses);
        JavaClasses web = new ClassFileImporter().importPath(webClasses);
        List<String> forbidden = new ArrayList<>(List.of(BRIDGES));
        forbidden.addAll(List.of("dev.fleet.daemon..", "dev.fleet.cli..", "dev.fleet.workspace..", "dev.fleet.hosts..", "dev.fleet.notify.."));
        noClasses().that().resideInAPackage("dev.fleet.web..").should().dependOnClassesThat()
                .resideInAnyPackage(forbidden.toArray(new String[0])).check(web);
        noClasses().that().resideInAPackage("dev.fleet.web..").and().resideOutsideOfPackage("dev.fleet.web.server..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta..", "kotlin..")
                .check(web);
        noClasses().that().resideOutsideOfPackage("dev.fleet.web..").should().dependOnClassesThat()
                .resideInAPackage("dev.fleet.web..").check(classes);
        // and the server's jars stay off the cli's class path (web's dependencies on them are optional)
        for (String jar : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(jar).getFileName().toString();
            org.junit.jupiter.api.Assertions.assertFalse(name.startsWith("javalin") || name.startsWith("jetty-") || name.startsWith("kotlin-stdlib"),
                    "the web server's " + name + " is on the cli's class path");
        }
    }

    /**
     * Core names no environment in its code either: no string literal in core's sources says tmux,
     * kitty, i3, sway or ghostty (comments may). Those names belong to the layers that know them.
     */
    @Test
    void coreSourcesNameNoEnvironment() throws IOException {
        Path src = Path.of(System.getProperty("fleet.repo", "..")).resolve("core/src/main/java");
        Pattern literal = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
        Pattern name = Pattern.compile("(?i)tmux|kitty|\\bi3|sway|ghostty|wayland|\\bx11|windowid");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).replaceAll("//.*$", "");
                    if (code.trim().startsWith("*") || code.trim().startsWith("/*")) continue;
                    Matcher m = literal.matcher(code);
                    while (m.find()) {
                        if (name.matcher(m.group()).find()) found.add(src.relativize(f) + ":" + (i + 1) + " " + m.group());
                    }
                }
            }
        }
        assertEquals(List.of(), found, "core names an environment");
    }
}
