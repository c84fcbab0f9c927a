package dev.fleet.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Loads the web server in a child class loader over {@code web-lib} (the server jar and Javalin's, Jetty's,
 * Kotlin's jars), with the cli's class loader as parent (core, commands, jackson). Why apart: every
 * ServiceLoader lookup on the cli's class path opens each jar on it, so a dozen server jars there would slow
 * every {@code ls}. Where {@code web-lib} is, in this order: {@code FLEET_WEB_LIB}; {@code web-lib} beside
 * the directory of the jar this class is in (a packed layout: {@code lib/fleet-web.jar} and {@code web-lib/});
 * the directory this module's build wrote it to (the checkout's {@code web/target/web-lib}).
 * On a class path that already holds the server (this module's own tests), the server is used from there.
 */
final class ServerLoader {
    private ServerLoader() {}

    static final class MissingException extends Exception {
        private static final long serialVersionUID = 1L;

        MissingException(String message) {
            super(message);
        }
    }

    static int run(String mainClass, Map<String, String> options, Map<String, String> env, PrintStream out, PrintStream err)
            throws MissingException {
        ClassLoader own = ServerLoader.class.getClassLoader();
        try {
            // a class path with the server and Javalin both (this module's tests, an IDE): as it is
            if (own.getResource(mainClass.replace('.', '/') + ".class") != null && own.getResource("io/javalin/Javalin.class") != null) {
                return invoke(Class.forName(mainClass, true, own), options, env, out, err);
            }
            Path dir = libDir(env);
            try (URLClassLoader loader = childLoader(jars(dir), own)) {
                Thread.currentThread().setContextClassLoader(loader);
                return invoke(Class.forName(mainClass, true, loader), options, env, out, err);
            }
        } catch (ClassNotFoundException e) {
            throw new MissingException("the web server's classes are missing (" + e.getMessage() + "): rebuild fleet (mvn -pl cli -am package)");
        } catch (IOException e) {
            throw new MissingException("cannot load the web server: " + e.getMessage());
        }
    }

    private static int invoke(Class<?> main, Map<String, String> options, Map<String, String> env, PrintStream out, PrintStream err)
            throws MissingException {
        try {
            Method m = main.getMethod("run", Map.class, Map.class, PrintStream.class, PrintStream.class);
            return (Integer) m.invoke(null, options, env, out, err);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error x) throw x;
            throw new IllegalStateException(t);
        } catch (ReflectiveOperationException e) {
            throw new MissingException("the web server's entry point is not as expected: " + e);
        }
    }

    /**
     * The server's loader: the server's own package child-first (a parent that holds its classes too, as
     * {@code target/classes} does, would otherwise load them where Javalin cannot be seen), all else parent-first.
     */
    static URLClassLoader childLoader(URL[] jars, ClassLoader parent) {
        return new URLClassLoader("fleet-web", jars, parent) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.startsWith(SERVER_PACKAGE)) return super.loadClass(name, resolve);
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    if (c == null) {
                        try {
                            c = findClass(name);
                        } catch (ClassNotFoundException e) {
                            return super.loadClass(name, resolve);
                        }
                    }
                    if (resolve) resolveClass(c);
                    return c;
                }
            }
        };
    }

    static final String SERVER_PACKAGE = "dev.fleet.web.server.";

    static Path libDir(Map<String, String> env) throws MissingException {
        List<Path> tried = new ArrayList<>();
        String override = env.get("FLEET_WEB_LIB");
        if (override != null && !override.isEmpty()) tried.add(Path.of(override));
        try {
            URL here = ServerLoader.class.getProtectionDomain().getCodeSource().getLocation();
            Path jar = Path.of(here.toURI());
            if (Files.isRegularFile(jar) && jar.getParent() != null && jar.getParent().getParent() != null) {
                tried.add(jar.getParent().getParent().resolve("web-lib"));
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no location known: the build's own directory below
        }
        try (InputStream in = ServerLoader.class.getResourceAsStream("web-lib.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                if (p.getProperty("dir") != null) tried.add(Path.of(p.getProperty("dir")));
            }
        } catch (IOException e) {
            // as if absent
        }
        for (Path d : tried) if (Files.isDirectory(d)) return d;
        throw new MissingException("the web server's jars are not built (looked in " + tried
                + "): run mvn -q -pl cli -am package, or set FLEET_WEB_LIB to the web-lib directory");
    }

    static URL[] jars(Path dir) throws IOException, MissingException {
        List<URL> urls = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path p : ds) {
                try {
                    urls.add(p.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        }
        if (urls.isEmpty()) throw new MissingException("no jars in " + dir + ": rebuild fleet (mvn -pl cli -am package)");
        return urls.toArray(new URL[0]);
    }
}
