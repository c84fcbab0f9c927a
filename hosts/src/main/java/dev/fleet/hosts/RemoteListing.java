package dev.fleet.hosts;

import dev.fleet.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A host's {@code fleet ls --json}, read as data: a JSON array of objects each with a numeric {@code pid}
 * and a string {@code state}, at most {@link #MAX_AGENTS}; anything else refuses the whole answer. The
 * objects are only printed; {@code host} becomes the destination fleet asked (the remote's own name of
 * itself is not trusted to say where an agent is).
 */
public final class RemoteListing {
    static final int MAX_AGENTS = 10_000;

    private RemoteListing() {}

    /** Thrown with a one-line reason when the answer is not a listing. */
    public static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Malformed(String why) {
            super(why);
        }
    }

    public static List<Map<String, Object>> parse(byte[] answer, String destination) {
        Object v;
        try {
            v = Json.parse(answer);
        } catch (RuntimeException e) {
            throw new Malformed("its answer is not JSON");
        }
        return agents(v, destination);
    }

    /** A JSON array of agents (a listing, or a stream's snapshot), checked; {@code host} set to the destination. */
    static List<Map<String, Object>> agents(Object v, String destination) {
        if (!(v instanceof List<?> list)) throw new Malformed("its answer is not a JSON array of agents");
        if (list.size() > MAX_AGENTS) throw new Malformed("it lists more than " + MAX_AGENTS + " agents");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list) out.add(agent(o, destination));
        return out;
    }

    /** One agent object: a numeric pid and a string state, string keys; its {@code host} becomes the destination. */
    static Map<String, Object> agent(Object o, String destination) {
        if (!(o instanceof Map<?, ?> m)) throw new Malformed("an entry of its answer is not an object");
        if (!(m.get("pid") instanceof Number)) throw new Malformed("an agent of its answer has no numeric pid");
        if (!(m.get("state") instanceof String)) throw new Malformed("an agent of its answer has no state");
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("host", destination);
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k)) throw new Malformed("an agent of its answer has a non-string key");
            // where it is and whether it is current are this side's to say
            if (!k.equals("host") && !k.equals("stale") && !k.equals("stale_reason")) a.put(k, e.getValue());
        }
        return a;
    }
}
