package dev.fleet.core.util;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The providers of a service interface on the class path, looked up once per JVM: the class path does
 * not change while fleet runs, and the daemon asks often.
 */
public final class Services {
    private static final Map<Class<?>, List<?>> LOADED = new ConcurrentHashMap<>();

    private Services() {}

    @SuppressWarnings("unchecked")
    public static <T> List<T> load(Class<T> service) {
        return (List<T>) LOADED.computeIfAbsent(service, s -> {
            List<Object> found = new ArrayList<>();
            ServiceLoader.load(s).forEach(found::add);
            return List.copyOf(found);
        });
    }
}
