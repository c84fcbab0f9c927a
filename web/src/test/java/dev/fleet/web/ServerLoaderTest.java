package dev.fleet.web;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server runs in a loader of its own over web-lib, beside a parent (the cli's class path) that has no
 * Javalin — even a parent that holds the server's classes too (target/classes, a packed jar): the server's
 * package is loaded child-first, so it always sees Javalin.
 */
class ServerLoaderTest {
    private static final Pattern SERVER_JARS = Pattern.compile("(javalin|jetty-|websocket-|kotlin-stdlib|annotations-|slf4j-).*\\.jar");

    @TempDir
    Path tmp;

    @Test
    void theServerAndJavalinLoadInTheChildAndJavalinIsNotInTheParent() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("web-lib"));
        List<URL> parentPath = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            String name = p.getFileName().toString();
            if (SERVER_JARS.matcher(name).matches()) Files.copy(p, lib.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            else if (!name.equals("test-classes")) parentPath.add(p.toUri().toURL()); // main classes: the server's too
        }
        pack(Path.of("target/classes"), "dev/fleet/web/server/", lib.resolve("fleet-web-server.jar"));
        try (URLClassLoader parent = new URLClassLoader(parentPath.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
                URLClassLoader child = ServerLoader.childLoader(ServerLoader.jars(lib), parent)) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName("io.javalin.Javalin", false, parent));
            Class<?> main = Class.forName(WebCommand.SERVER_MAIN, true, child);
            assertSame(child, main.getClassLoader(), "the server's classes come from web-lib even where the parent has them");
            Class<?> javalin = Class.forName("io.javalin.Javalin", true, child);
            Object app = javalin.getMethod("create").invoke(null);
            javalin.getMethod("start", String.class, int.class).invoke(app, "127.0.0.1", 0);
            javalin.getMethod("stop").invoke(app);
            // fleet's own classes stay the parent's: one CommandTable, one Json
            assertSame(parent, Class.forName("dev.fleet.commands.CommandTable", false, child).getClassLoader());
        }
    }

    private static void pack(Path classes, String prefix, Path jar) throws IOException {
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o); Stream<Path> s = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                String name = classes.relativize(f).toString().replace(File.separatorChar, '/');
                if (!name.startsWith(prefix)) continue;
                j.putNextEntry(new JarEntry(name));
                Files.copy(f, j);
                j.closeEntry();
            }
        }
    }
}
