package dev.fleet.cli.hosts;

import dev.fleet.core.exec.Exec;
import dev.fleet.testkit.ClaudeCode;
import dev.fleet.testkit.FakeModelApi;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.SessionFiles;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * OpenSSH on loopback with another local user as the "remote" host: sshd as root on 127.0.0.1 and a spare
 * port (own config, host key, key auth only, {@code UsePAM no}, {@code PermitUserEnvironment yes}), a user
 * made for this rig ({@code useradd -m}, removed with {@code userdel -r}) whose PATH has a {@code fleet}
 * running this checkout's classes, and stand-in agents ({@code sleep}) in that user's own tmux server with
 * real-shaped session files in its {@code ~/.claude}. The local side reaches it through an {@code ssh}
 * wrapper ({@link #bin}) adding {@code -F} with aliases {@code r1} (the user) and {@code dead} (a closed port).
 */
final class SshRig implements AutoCloseable {
    final Path dir;
    final String user;
    final Path home;
    final int port;
    final Path bin;
    final Path sshdLog;
    /** This rig's ssh_config alias for its user ({@code r1} unless said). */
    final String alias;
    private Process sshd;
    private final String tmuxSocket = "fleet-rig";
    private final List<Integer> agentPids = new ArrayList<>();

    private SshRig(Path dir, String user, Path home, int port, Process sshd, String alias) {
        this.alias = alias;
        this.dir = dir;
        this.user = user;
        this.home = home;
        this.port = port;
        this.sshd = sshd;
        this.bin = dir.resolve("bin");
        this.sshdLog = dir.resolve("sshd.log");
    }

    static SshRig start() throws Exception {
        return start("r1");
    }

    /** A rig whose user the rig's ssh wrapper reaches as {@code alias} (two rigs: two "remote" hosts). */
    static SshRig start(String alias) throws Exception {
        Require.that(Files.isExecutable(Path.of("/usr/sbin/sshd")), "sshd is missing (apt-get install openssh-server)");
        Require.tools("ssh", "ssh-keygen", "useradd", "userdel", "setpriv", "tmux");
        Require.that(dev.fleet.core.util.Ids.uid() == 0, "the ssh rig makes a user and runs sshd: it needs root");
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "fh-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        String user = "fh" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        must("useradd", "-m", "-s", "/bin/sh", user);
        Path home = Path.of(sh("getent passwd " + user + " | cut -d: -f6").strip());
        must("usermod", "-p", "*", user); // sshd refuses a locked account without PAM; '*' is no password either
        Files.createDirectories(dir.resolve("auth"));
        must("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("hostkey").toString());
        must("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("id").toString());
        Files.copy(dir.resolve("id.pub"), dir.resolve("auth").resolve(user));
        int port = freePort(), closed = freePort();
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "ListenAddress 127.0.0.1", "Port " + port, "HostKey " + dir.resolve("hostkey"), "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("auth") + "/%u", "UsePAM no", "StrictModes no", "PermitUserEnvironment yes",
                "PasswordAuthentication no", "KbdInteractiveAuthentication no", "") );
        Files.createDirectories(Path.of("/run/sshd"));
        Process sshd = startSshd(dir);
        SshRig rig = new SshRig(dir, user, home, port, sshd, alias);
        try {
            rig.waitForPort();
            Files.writeString(dir.resolve("ssh_config"), String.join("\n",
                    "Host " + alias, "  HostName 127.0.0.1", "  Port " + port, "  User " + user,
                    "Host dead", "  HostName 127.0.0.1", "  Port " + closed,
                    "Host *", "  IdentityFile " + dir.resolve("id"), "  IdentitiesOnly yes", "  StrictHostKeyChecking no",
                    "  UserKnownHostsFile " + dir.resolve("known_hosts"), "  LogLevel ERROR", ""));
            Files.createDirectories(rig.bin);
            script(rig.bin.resolve("ssh"), "exec /usr/bin/ssh -F '" + dir.resolve("ssh_config") + "' \"$@\"");
            rig.installRemoteFleet();
        } catch (Exception | Error e) {
            rig.close();
            throw e;
        }
        return rig;
    }

    private static Process startSshd(Path dir) throws IOException {
        return new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile())).start();
    }

    /** This rig's ssh_config lines for its alias alone (a test reaching several rigs joins them). */
    String configBlock() {
        return String.join("\n", "Host " + alias, "  HostName 127.0.0.1", "  Port " + port, "  User " + user,
                "  IdentityFile " + dir.resolve("id"), "  IdentitiesOnly yes", "  StrictHostKeyChecking no",
                "  UserKnownHostsFile " + dir.resolve("known_hosts"), "  LogLevel ERROR", "");
    }

    /**
     * The host goes down mid-stream: sshd's listener and every sshd process under it (the open sessions), by
     * pid. The remote user's own processes (its fleet daemon, its tmux) stay, as on a machine whose network went.
     */
    void killSshd() throws Exception {
        List<ProcessHandle> sshds = new ArrayList<>();
        sshd.toHandle().descendants().filter(p -> p.info().command().map(c -> c.contains("sshd")).orElse(false)).forEach(sshds::add);
        sshd.destroyForcibly();
        sshds.forEach(ProcessHandle::destroyForcibly);
        sshd.waitFor();
    }

    /** sshd again on the same port. */
    void restartSshd() throws Exception {
        sshd = startSshd(dir);
        waitForPort();
    }

    /** Rewrites a remote agent's session file with another status (as Claude Code does when its state changes). */
    void setStatus(int pid, String status) throws Exception {
        Path file = home.resolve(".claude/sessions/" + pid + ".json");
        Map<String, Object> f = dev.fleet.core.json.Json.parseObject(Files.readString(file));
        long now = System.currentTimeMillis();
        f.put("status", status);
        f.put("updatedAt", now);
        f.put("statusUpdatedAt", now);
        SessionFiles.write(home.resolve(".claude"), f);
        must("chown", "-R", user + ":", home.resolve(".claude").toString());
    }

    /** A {@code fleet} on the user's PATH running this test's class path (copied where the user can read it). */
    private void installRemoteFleet() throws IOException {
        Path cp = Files.createDirectories(dir.resolve("cp"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.isEmpty()) continue;
            Path p = Path.of(e).toAbsolutePath();
            if (Files.isRegularFile(p)) {
                Path copy = cp.resolve((n++) + "-" + p.getFileName());
                Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
                entries.add(copy.toString());
            } else if (Files.isDirectory(p)) {
                entries.add(p.toString());
            }
        }
        must("chmod", "-R", "a+rX", dir.toString());
        // the user reads the class path; no one but root reads a private key (sshd and ssh refuse open ones)
        must("chmod", "600", dir.resolve("hostkey").toString(), dir.resolve("id").toString());
        Path rbin = Files.createDirectories(home.resolve("bin"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        script(rbin.resolve("fleet"), "exec '" + java + "' -cp '" + String.join(":", entries) + "' dev.fleet.cli.Main \"$@\"");
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/environment"), "PATH=" + rbin + ":/usr/local/bin:/usr/bin:/bin\nFLEET_AUTOSTART=0\n");
        Files.createDirectories(home.resolve(".claude/sessions"));
        must("chown", "-R", user + ":", home.toString());
    }

    /** A stand-in agent of the remote user: `sleep` in a window of its own tmux server, and its session file. */
    int remoteAgent(String window, String status) throws Exception {
        String cmd = "exec sleep 100000";
        String pane = agentPids.isEmpty()
                ? tmux("new-session", "-d", "-s", "work", "-n", window, "-x", "120", "-y", "30",
                        "-P", "-F", "#{pane_pid}", cmd)
                : tmux("new-window", "-d", "-t", "work:", "-n", window, "-P", "-F", "#{pane_pid}", cmd);
        int pid = Integer.parseInt(pane.strip());
        agentPids.add(pid);
        Map<String, Object> f = SessionFiles.fields(pid, home, status, System.currentTimeMillis() - 60_000);
        f.put("name", window);
        SessionFiles.write(home.resolve(".claude"), f);
        must("chown", "-R", user + ":", home.resolve(".claude").toString());
        return pid;
    }

    /**
     * A real Claude Code agent of the remote user (the pinned CLI, {@link ClaudeCode#binary()}, linked where the user
     * can run it): a new window {@code window} of the user's own tmux, in {@code ~/<window>}, with the user's
     * {@code ~/.claude} as its config dir (seeded: onboarding done, the key approved, the folder trusted), HOME and
     * TMPDIR the user's, against {@code api} on 127.0.0.1. Returns once its prompt accepts keys; the pane's id.
     */
    String claudeAgent(FakeModelApi api, String window) throws Exception {
        Path cli = dir.resolve("claude");
        if (!Files.exists(cli)) {
            try {
                Files.createLink(cli, ClaudeCode.binary()); // 360 MB: linked when it can be, copied else
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(ClaudeCode.binary(), cli);
            }
        }
        Path cwd = Files.createDirectories(home.resolve(window));
        Path tmp = Files.createDirectories(home.resolve("tmp"));
        Map<String, String> env = new java.util.LinkedHashMap<>();
        try (ClaudeCode cc = ClaudeCode.create(api, home.resolve(".claude"))) {
            cc.trust(cwd);
            env.putAll(cc.env());
        }
        env.put("TMPDIR", tmp.toString());
        env.put("HOME", home.toString());
        must("chown", "-R", user + ":", home.toString());
        List<String> argv = new ArrayList<>(List.of("tmux", "-L", tmuxSocket, "new-window", "-d", "-t", "work:", "-n", window, "-c", cwd.toString(),
                "-P", "-F", "#{pane_id}"));
        env.forEach((k, v) -> argv.addAll(List.of("-e", k + "=" + v)));
        argv.addAll(List.of(cli.toString(), "--permission-mode", "default"));
        String pane = asUser(argv.toArray(String[]::new)).strip();
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!capture(pane).contains("? for shortcuts")) {
            if (System.nanoTime() > end) throw new IllegalStateException("Claude Code as " + user + " never showed its prompt: " + capture(pane));
            Thread.sleep(200);
        }
        return pane;
    }

    /** Types {@code text} into a pane of the user's tmux and presses Enter. */
    void type(String pane, String text) throws Exception {
        show(pane, text);
        // Enter in the same burst can be taken as part of a paste: once the prompt shows the text, Enter alone
        tmux("send-keys", "-t", pane, "Enter");
    }

    /** Types {@code text} into a pane of the user's tmux (no Enter) and waits, up to 15 s, until the pane shows it. */
    void show(String pane, String text) throws Exception {
        tmux("send-keys", "-t", pane, "-l", text);
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!captureJoined(pane).contains(text) && System.nanoTime() < end) Thread.sleep(30);
    }

    /** The remote user's own view of its agents: the pane pids its tmux server lists. */
    List<Integer> remotePanePids() throws Exception {
        List<Integer> out = new ArrayList<>();
        for (String l : tmux("list-panes", "-a", "-F", "#{pane_pid}").split("\n")) {
            if (!l.isBlank()) out.add(Integer.parseInt(l.strip()));
        }
        return out;
    }

    /** The user's own tmux location of a pane pid: {@code <pane id> <window id> <session>}. */
    String[] paneOf(int pid) {
        for (String l : tmux("list-panes", "-a", "-F", "#{pane_pid} #{pane_id} #{window_id} #{session_name}")
                .split("\n")) {
            String[] f = l.strip().split(" ");
            if (f[0].equals(Integer.toString(pid))) return new String[] {f[1], f[2], f[3]};
        }
        throw new AssertionError("no pane of " + user + "'s tmux runs pid " + pid);
    }

    /** What the user's own tmux shows in a pane ({@code capture-pane -p}). */
    String capture(String pane) {
        return tmux("capture-pane", "-p", "-t", pane);
    }

    /** The same with wrapped lines joined ({@code capture-pane -J}): what was typed, whatever the pane's width. */
    String captureJoined(String pane) {
        return tmux("capture-pane", "-p", "-J", "-t", pane);
    }

    /** {@code tmux args…} on the user's own tmux server, as the user: what the tests observe the host by. */
    String tmux(String... args) {
        List<String> a = new ArrayList<>(List.of("tmux", "-L", tmuxSocket));
        a.addAll(List.of(args));
        return asUser(a.toArray(String[]::new));
    }

    /** Runs argv as the rig's user, with its own HOME only (as a login would have it). */
    String asUser(String... argv) {
        List<String> a = new ArrayList<>(List.of("setpriv", "--reuid", user, "--regid", user, "--init-groups",
                "env", "-i", "HOME=" + home, "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"));
        a.addAll(List.of(argv));
        Exec.Result r = Exec.withTimeout(Duration.ofSeconds(20)).run(a, Map.of(), null);
        if (!r.ok()) throw new IllegalStateException(String.join(" ", argv) + ": " + r.firstErrorLine());
        return r.out();
    }

    /** {@code ssh -O <op>} on a control socket, through the rig's ssh config. */
    Exec.Result control(String op, Path socket, String host) {
        return Exec.withTimeout(Duration.ofSeconds(10)).run(List.of(bin.resolve("ssh").toString(), "-O", op,
                "-o", "ControlPath=" + socket, host));
    }

    /** How many logins sshd accepted so far (its own log). */
    long acceptedLogins() throws IOException {
        return Files.readAllLines(sshdLog).stream().filter(l -> l.contains("Accepted publickey for " + user)).count();
    }

    private void waitForPort() throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!sshd.isAlive()) throw new IllegalStateException("sshd exited: " + Files.readString(sshdLog));
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("sshd did not listen on " + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void script(Path p, String body) throws IOException {
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static String must(String... argv) {
        Exec.Result r = Exec.withTimeout(Duration.ofSeconds(30)).run(List.of(argv));
        if (!r.ok()) throw new IllegalStateException(String.join(" ", argv) + ": " + r.firstErrorLine());
        return r.out();
    }

    private static String sh(String line) {
        return must("sh", "-c", line);
    }

    /** Ends the user's tmux server and any process left of it (by pid), sshd by pid, the user, the dir. */
    @Override
    public void close() {
        try {
            tmux("kill-server");
        } catch (RuntimeException e) {
            // no server was started
        }
        killUserProcesses();
        sshd.destroy();
        try {
            if (!sshd.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) sshd.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String uid = null;
        try {
            uid = must("id", "-u", user).strip();
        } catch (RuntimeException e) {
            // never made
        }
        Exec.withTimeout(Duration.ofSeconds(30)).run(List.of("userdel", "-r", "-f", user));
        if (uid != null) {
            for (String d : List.of("/tmp/tmux-" + uid, "/tmp/fleet-" + uid)) {
                Exec.withTimeout(Duration.ofSeconds(10)).run(List.of("rm", "-rf", "--", d));
            }
        }
        Exec.withTimeout(Duration.ofSeconds(30)).run(List.of("rm", "-rf", "--", dir.toString()));
    }

    /** Every process still running as the rig's user (its sshd sessions, a fleet), killed by pid. */
    private void killUserProcesses() {
        int uid;
        try {
            uid = Integer.parseInt(must("id", "-u", user).strip());
        } catch (RuntimeException e) {
            return;
        }
        ProcessHandle.allProcesses().forEach(p -> {
            try {
                Object owner = Files.getAttribute(Path.of("/proc", Long.toString(p.pid())), "unix:uid");
                if (owner instanceof Integer o && o == uid) p.destroyForcibly();
            } catch (IOException | RuntimeException e) {
                // gone meanwhile
            }
        });
    }
}
