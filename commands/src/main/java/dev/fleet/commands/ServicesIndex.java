package dev.fleet.commands;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names in a services file's comments: {@code dev.fleet.commands.LsCommand # ls} registers LsCommand
 * (ServiceLoader reads up to the '#') and says it is {@code ls}, so {@link CommandTable#find} makes the one
 * command asked for without making the others to ask them their names.
 */
final class ServicesIndex {
    private ServicesIndex() {}

    /** The class registered on the line whose comment is {@code name}, or null. */
    static String classNamed(URL servicesFile, String name) throws IOException {
        return read(servicesFile).get(name);
    }

    /** Every line with a comment: name → class, in the file's order. */
    static Map<String, String> read(URL servicesFile) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        URLConnection conn = servicesFile.openConnection();
        conn.setUseCaches(false); // as ServiceLoader: no jar file kept open behind the caller's back
        try (BufferedReader r = new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int hash = line.indexOf('#');
                if (hash < 0) continue;
                String cls = line.substring(0, hash).trim();
                String name = line.substring(hash + 1).trim();
                if (!cls.isEmpty() && !name.isEmpty()) out.putIfAbsent(name, cls);
            }
        }
        return out;
    }
}
