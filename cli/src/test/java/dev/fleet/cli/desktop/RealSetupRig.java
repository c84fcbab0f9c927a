package dev.fleet.cli.desktop;

import dev.fleet.cli.desktop.RealSetups.Agent;
import dev.fleet.cli.desktop.RealSetups.Group;
import dev.fleet.cli.desktop.RealSetups.RealSetup;
import dev.fleet.cli.desktop.RealSetups.Server;
import dev.fleet.cli.desktop.RealSetups.Term;
import dev.fleet.cli.desktop.RealSetups.Wm;
import dev.fleet.core.json.Json;
import dev.fleet.core.util.Ids;
import dev.fleet.testkit.SessionFiles;
import dev.fleet.testkit.desktop.Desktop;
import dev.fleet.testkit.desktop.Sway;
import dev.fleet.testkit.desktop.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Makes one {@link RealSetup} real on a shared desktop (i3 or sway) — tmux servers, sessions, stand-in
 * agents with their session files, kitty OS windows and tabs or foot windows on their workspaces —
 * and takes it down again. Observations here read tmux, kitty and the window manager directly.
 */
final class RealSetupRig implements AutoCloseable {
    /** A stand-in agent: in tmux ({@code server} set) or directly in a terminal ({@code term} set). */
    record AgentHandle(Agent spec, int pid, Path sessionFile, RealSetupTmux server, String session, String windowId,
            String paneId, String term) {}

    /** A terminal: its kitty (socket, window id) or foot, the WM container, and the tmux client it runs. */
    record TermHandle(Term spec, Path kittySocket, long kittyWindow, long conId, int pid, Process process) {}

    private static final String SCRIPT = "printf '%s\\n' \"$1\"; exec sleep 100000";

    final RealSetup setup;
    private final Desktop desk;
    private final Sway sway;
    private final Path configDir;
    private final Path work;
    final Map<String, RealSetupTmux> servers = new LinkedHashMap<>();
    final Map<String, AgentHandle> agents = new LinkedHashMap<>();
    final Map<String, TermHandle> terms = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private final String rand = UUID.randomUUID().toString().substring(0, 6);

    RealSetupRig(RealSetup setup, Desktop desk, Sway sway, Path configDir, Path tmuxTmpdir, Path work) {
        this.setup = setup;
        this.desk = desk;
        this.sway = sway;
        this.configDir = configDir;
        this.work = work;
        for (Server s : setup.servers()) servers.put(s.id(), new RealSetupTmux(s.id(), s.sock(), tmuxTmpdir, Ids.uid()));
    }

    // --- building ----------------------------------------------------------------------------------

    void build() throws Exception {
        for (Agent a : setup.agents()) if (!a.place().startsWith("term:")) startInTmux(a);
        for (Group g : setup.groups()) servers.get(g.server()).run("new-session", "-d", "-s", g.name(), "-t", "=" + g.of());
        for (Term t : setup.terms()) startTerm(t);
        for (TermHandle t : terms.values()) {
            if (t.spec().workspace() > 0) wmCommand("[con_id=" + t.conId() + "] move to workspace number " + t.spec().workspace());
        }
        // every terminal that shows a session has its client on that server before anything runs
        for (TermHandle t : terms.values()) {
            RealSetupTmux s = serverShownBy(t.spec());
            if (s != null) await("the tmux client of " + t.spec().id(), () -> clientLine(s, t.pid()) != null);
        }
    }

    private void startInTmux(Agent a) throws IOException {
        String[] p = a.place().split("/");
        RealSetupTmux s = servers.get(p[0]);
        String session = p[1];
        boolean split = p[2].endsWith("+");
        String win = split ? p[2].substring(0, p[2].length() - 1) : p[2];
        Path cwd = Files.createDirectories(work.resolve(a.name()));
        String marker = "MX-" + a.name() + "-" + rand;
        String cmd = "exec sh -c '" + SCRIPT + "' sh " + marker;
        List<String> argv = new ArrayList<>();
        if (!s.hasSession(session)) {
            argv.addAll(List.of("new-session", "-d", "-s", session, "-x", "200", "-y", "50"));
        } else if (split) {
            argv.addAll(List.of("split-window", "-d", "-t", "=" + session + ":" + win));
        } else {
            argv.addAll(List.of("new-window", "-d", "-t", "=" + session + ":" + win));
        }
        argv.addAll(List.of("-c", cwd.toString(), "-P", "-F", "#{pane_id} #{pane_pid} #{window_id}", cmd));
        String[] out = s.run(argv.toArray(String[]::new)).strip().split(" ");
        if (split) s.run("select-layout", "-t", out[2], "tiled"); // room for the next split
        int pid = Integer.parseInt(out[1]);
        Map<String, Object> f = fields(a, pid, cwd);
        f.put("tmux", session + ":" + out[2] + "." + out[0]);
        agents.put(a.name(), new AgentHandle(a, pid, write(f), s, session, out[2], out[0], null));
    }

    private Map<String, Object> fields(Agent a, int pid, Path cwd) {
        long now = System.currentTimeMillis();
        long at = a.waiting() > 0 ? now - a.waiting() * 60_000L : now - 3_600_000L;
        Map<String, Object> f = SessionFiles.fields(pid, cwd, a.waiting() > 0 ? "waiting" : "idle", at);
        f.put("name", a.name());
        f.put("nameSource", "user");
        return f;
    }

    private Path write(Map<String, Object> f) {
        Path p = SessionFiles.write(configDir, f);
        files.add(p);
        return p;
    }

    private RealSetupTmux serverShownBy(Term t) {
        int slash = t.shows().indexOf('/');
        return slash < 0 ? null : servers.get(t.shows().substring(0, slash));
    }

    private void startTerm(Term t) throws Exception {
        Agent direct = setup.agents().stream().filter(a -> a.place().equals("term:" + t.id())).findFirst().orElse(null);
        Path pidFile = work.resolve("pid-" + t.id());
        List<String> cmd;
        if (direct != null) {
            Path cwd = Files.createDirectories(work.resolve(direct.name()));
            if (setup.wm() == Wm.SWAY) {
                // foot runs as sway's user: the pid file goes where that user may write
                pidFile = sway.runtimeDir().resolve("pid-" + t.id() + "-" + rand);
                cwd = Files.createDirectories(work.resolve(direct.name()));
            }
            cmd = List.of("sh", "-c", "cd " + dev.fleet.core.exec.Shell.quote(cwd.toString()) + " 2>/dev/null; echo $$ > "
                    + dev.fleet.core.exec.Shell.quote(pidFile.toString()) + "; " + SCRIPT, "sh", "MX-" + direct.name());
        } else if (serverShownBy(t) != null) {
            cmd = serverShownBy(t).attachArgv(t.shows().substring(t.shows().indexOf('/') + 1));
        } else {
            cmd = List.of("sleep", "100000");
        }
        TermHandle h;
        if (t.kind().equals("foot")) {
            Sway.Foot f = sway.startFoot("mx-" + t.id() + "-" + rand, cmd);
            h = new TermHandle(t, null, -1, f.conId(), f.pid(), f.process());
        } else if (t.kind().equals("os")) {
            Desktop.Kitty k = desk.startKitty("mx-" + t.id() + "-" + rand, List.of(), cmd);
            processes.add(k.process());
            long win = firstKittyWindow(k.socket());
            h = new TermHandle(t, k.socket(), win, k.conId(), kittyPid(k.socket(), win), k.process());
        } else {
            String[] kind = t.kind().split(":");
            TermHandle parent = terms.get(kind[1]);
            List<String> launch = new ArrayList<>(List.of("launch", "--type=" + (kind[0].equals("tab") ? "tab" : "os-window")));
            launch.addAll(cmd);
            long win = Long.parseLong(KittyView.rc(parent.kittySocket(), launch.toArray(String[]::new)).strip());
            long con = parent.conId();
            if (kind[0].equals("os2")) {
                long xid = platformWindow(parent.kittySocket(), win);
                long[] found = {-1};
                await("i3 to manage the second OS window", () -> {
                    Map<String, Object> n = Trees.find(wmTree(), x -> Json.lng(x, "window", -2) == xid);
                    if (n != null) found[0] = Json.lng(n, "id", -1);
                    return n != null;
                });
                con = found[0];
            }
            h = new TermHandle(t, parent.kittySocket(), win, con, kittyPid(parent.kittySocket(), win), null);
        }
        terms.put(t.id(), h);
        if (direct != null) {
            Path pf = pidFile;
            await("the pid of " + direct.name(), () -> readQuiet(pf).strip().matches("[0-9]+"));
            int pid = Integer.parseInt(readQuiet(pf).strip());
            agents.put(direct.name(), new AgentHandle(direct, pid, write(fields(direct, pid, work.resolve(direct.name()))),
                    null, null, null, null, t.id()));
        }
    }

    @SuppressWarnings("unchecked")
    private static long firstKittyWindow(Path socket) {
        for (Object ow : (List<Object>) Json.parse(KittyView.rc(socket, "ls"))) {
            for (Object tab : Json.arr((Map<String, Object>) ow, "tabs")) {
                for (Object w : Json.arr((Map<String, Object>) tab, "windows")) return Json.lng((Map<String, Object>) w, "id", -1);
            }
        }
        throw new AssertionError("kitty at " + socket + " has no window");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kittyWindow(Path socket, long id, boolean osWindow) {
        for (Object ow : (List<Object>) Json.parse(KittyView.rc(socket, "ls"))) {
            for (Object tab : Json.arr((Map<String, Object>) ow, "tabs")) {
                for (Object w : Json.arr((Map<String, Object>) tab, "windows")) {
                    if (Json.lng((Map<String, Object>) w, "id", -2) == id) return (Map<String, Object>) (osWindow ? ow : w);
                }
            }
        }
        throw new AssertionError("kitty at " + socket + " has no window " + id);
    }

    private static int kittyPid(Path socket, long window) {
        return (int) Json.lng(kittyWindow(socket, window, false), "pid", -1);
    }

    private static long platformWindow(Path socket, long window) {
        return Json.lng(kittyWindow(socket, window, true), "platform_window_id", -1);
    }

    // --- before each command -----------------------------------------------------------------------

    /** Each terminal's client back on its own session, then the setup's steps that put something else in front. */
    void arrange() throws Exception {
        for (TermHandle t : terms.values()) {
            RealSetupTmux s = serverShownBy(t.spec());
            if (s == null) continue;
            String[] line = clientLine(s, t.pid());
            String session = t.spec().shows().substring(t.spec().shows().indexOf('/') + 1);
            if (line != null && !line[2].equals(session)) s.run("switch-client", "-c", line[1], "-t", "=" + session);
        }
        for (String step : setup.before()) {
            String[] w = step.split(" ", 2);
            switch (w[0]) {
                case "workspace" -> wmCommand("workspace number " + w[1]);
                case "select" -> {
                    String[] p = w[1].split("/");
                    servers.get(p[0]).run("select-window", "-t", "=" + p[1] + ":" + p[2]);
                }
                case "zoom" -> {
                    AgentHandle a = agents.get(w[1]);
                    if (a.server().display(a.paneId(), "#{window_zoomed_flag}").equals("1")) a.server().run("resize-pane", "-Z", "-t", a.paneId());
                    a.server().run("select-pane", "-t", a.paneId());
                    a.server().run("resize-pane", "-Z", "-t", a.paneId());
                }
                case "focus" -> wmCommand("[con_id=" + terms.get(w[1]).conId() + "] focus");
                case "tab" -> {
                    TermHandle t = terms.get(w[1]);
                    KittyView.rc(t.kittySocket(), "focus-window", "--match", "id:" + t.kittyWindow());
                }
                case "type" -> {
                    TermHandle t = terms.get(w[1]);
                    KittyView.rc(t.kittySocket(), "send-text", "--match", "id:" + t.kittyWindow(), "x");
                    Thread.sleep(300); // tmux notes the client's activity when the key arrives
                }
                default -> throw new IllegalArgumentException("unknown step " + step);
            }
        }
    }

    // --- observation -------------------------------------------------------------------------------

    /** {@code pid tty session window pane} of the client with this pid, or null. */
    static String[] clientLine(RealSetupTmux s, int pid) {
        for (String l : s.clients("#{client_pid} #{client_tty} #{session_name} #{window_id} #{pane_id}")) {
            String[] f = l.split(" ");
            if (f.length == 5 && f[0].equals(Integer.toString(pid))) return f;
        }
        return null;
    }

    Map<String, Object> wmTree() {
        return setup.wm() == Wm.SWAY ? sway.tree() : desk.tree();
    }

    void wmCommand(String c) {
        if (setup.wm() == Wm.SWAY) sway.command(c);
        else desk.command(c);
    }

    long focusedCon() {
        Map<String, Object> f = Trees.focused(wmTree());
        return f == null ? -1 : Json.lng(f, "id", -1);
    }

    /** workspace: window names, for failure messages. */
    String windows() {
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> n : Trees.nodes(wmTree())) {
            if ("workspace".equals(Json.str(n, "type"))) b.append(" ws ").append(Json.str(n, "name")).append(':');
            else if (n.get("window") instanceof Number || n.get("pid") instanceof Number) {
                b.append(" [").append(Json.str(n, "name")).append(' ').append(Json.obj(n, "rect")).append(']');
            }
        }
        return b.toString();
    }

    /** Each kitty's OS windows, tabs and windows (id, pid, cmdline), for failure messages. */
    @SuppressWarnings("unchecked")
    String kitties() {
        StringBuilder b = new StringBuilder();
        for (TermHandle t : terms.values()) {
            if (!t.spec().kind().equals("os")) continue;
            b.append(' ').append(t.spec().id()).append(':');
            for (Object ow : (List<Object>) Json.parse(KittyView.rc(t.kittySocket(), "ls"))) {
                b.append(" os").append(Json.lng((Map<String, Object>) ow, "id", -1)).append('{');
                for (Object tab : Json.arr((Map<String, Object>) ow, "tabs")) {
                    b.append(" tab[");
                    for (Object w : Json.arr((Map<String, Object>) tab, "windows")) {
                        Map<String, Object> win = (Map<String, Object>) w;
                        b.append(' ').append(Json.lng(win, "id", -1)).append('/').append(Json.lng(win, "pid", -1))
                                .append('/').append(Json.lng(win, "columns", -1)).append(Json.arr(win, "cmdline"));
                    }
                    b.append(']');
                }
                b.append('}');
            }
        }
        return b.toString();
    }

    List<AgentHandle> tmuxAgents() {
        return agents.values().stream().filter(a -> a.server() != null).toList();
    }

    static void await(String what, BooleanSupplier ok) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    static String readQuiet(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    // --- teardown ----------------------------------------------------------------------------------

    @Override
    public void close() {
        for (TermHandle t : terms.values()) if (t.process() != null) stop(t.process());
        for (Process p : processes) stop(p);
        for (RealSetupTmux s : servers.values()) s.close();
        for (AgentHandle a : agents.values()) ProcessHandle.of(a.pid()).ifPresent(ProcessHandle::destroyForcibly);
        for (TermHandle t : terms.values()) {
            if (t.kittySocket() != null) {
                try {
                    Files.deleteIfExists(t.kittySocket());
                } catch (IOException e) {
                    // best effort
                }
            }
        }
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // best effort
            }
        }
    }

    private static void stop(Process p) {
        if (!p.isAlive()) return;
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
