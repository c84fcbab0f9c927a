package dev.fleet.tmux;

import dev.fleet.core.exec.Exec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One tmux control-mode client ({@code tmux -C attach -f no-output,ignore-size}) kept open on one server, so
 * that a command list costs a line written to a pipe instead of a process start (a JVM spawn alone is
 * 2.4–2.8 ms, more than tmux's own work for a switch).
 *
 * <p>Its stdin is a pipe from this JVM which tmux's server reads itself: when the JVM ends, however it
 * ends, the server reads EOF and drops the client — it never outlives its owner. It sets no size, so
 * tmux's resize code ignores it; it shows in {@code list-clients} with {@code client_control_mode} 1.
 *
 * <p>Never trusted to answer: {@link #run} gives up after its timeout (the caller then spawns tmux as
 * before) and a client that failed once is closed for good; its owner starts a new one.
 */
public final class TmuxControl implements AutoCloseable {
    /** {@code %begin|%end|%error <time> <number> <flags>}: tmux's guard lines around each command's output. */
    private static final Pattern GUARD = Pattern.compile("%(begin|end|error) (\\d+) (\\d+) (\\d+)");

    /** One command's answer: its output lines, and whether tmux closed it with {@code %error}. */
    record Block(long number, boolean error, List<String> lines) {}

    /** Queued when the output ends, so a waiting {@link #run} learns it at once rather than at its deadline. */
    private static final Block END = new Block(-1, true, List.of());

    private final Path socket;
    private final Process process;
    private final OutputStream in;
    private final BlockingQueue<Block> answers = new LinkedBlockingQueue<>();
    private volatile boolean broken;
    private volatile String why = "";

    private TmuxControl(Path socket, Process process) {
        this.socket = socket;
        this.process = process;
        this.in = process.getOutputStream();
        Thread t = new Thread(this::readLoop, "fleet-tmux-control");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Starts a control client attached to {@code sessionId} ({@code $N}: an id needs no quoting) of the server
     * at {@code socket}, through {@code tmux} (the program; tests give a stand-in).
     */
    public static TmuxControl start(String tmux, Path socket, String sessionId) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(tmux, "-u", "-S", socket.toString(), "-C", "attach", "-f",
                "no-output,ignore-size", "-t", sessionId);
        pb.environment().remove("TMUX");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        return new TmuxControl(socket, pb.start());
    }

    public Path socket() {
        return socket;
    }

    public long pid() {
        return process.pid();
    }

    /** False once it exited, spoke out of protocol, or missed a deadline: then it is never used again. */
    public boolean usable() {
        return !broken && process.isAlive();
    }

    /** Why it is not {@link #usable()}, for the daemon's log. */
    public String why() {
        return process.isAlive() ? why : "exited" + (why.isEmpty() ? "" : " (" + why + ")");
    }

    /**
     * Runs the command list {@code args} (commands separated by {@code ";"} elements, as for {@link Tmux#run})
     * and returns what a {@code tmux} process would have: exit 1 and tmux's message at the first failing
     * command, else exit 0 and the output. Empty when this client cannot answer within {@code timeoutMs}
     * (gone, wedged, or an argument it cannot carry): the caller runs the commands another way.
     */
    public synchronized Optional<Exec.Result> run(List<String> args, long timeoutMs) {
        if (!usable()) return Optional.empty();
        Optional<String> line = commandLine(args);
        if (line.isEmpty()) return Optional.empty();
        answers.clear();
        int commands = 1;
        for (String a : args) if (a.equals(";")) commands++;
        try {
            in.write((line.get() + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            return fail("cannot write: " + e.getMessage());
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        StringBuilder out = new StringBuilder();
        long last = -1;
        for (int i = 0; i < commands; i++) {
            Block b;
            try {
                b = answers.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("interrupted");
            }
            if (b == null) return fail("no answer within " + timeoutMs + " ms");
            if (b == END) return fail(why);
            // tmux numbers every command it runs; ours come in order, each once
            if (b.number() <= last) return fail("answer " + b.number() + " after " + last);
            last = b.number();
            // a parse error is one %error block for the whole line; a failing command ends the list
            if (b.error()) return Optional.of(new Exec.Result(1, out.toString(), String.join("\n", b.lines()) + "\n"));
            for (String l : b.lines()) out.append(l).append('\n');
        }
        return Optional.of(new Exec.Result(0, out.toString(), ""));
    }

    private Optional<Exec.Result> fail(String reason) {
        if (!broken) why = reason;
        broken = true;
        process.destroyForcibly(); // SIGKILL reaches a stopped process too; the server then drops the client
        return Optional.empty();
    }

    /**
     * The one line tmux's command parser reads back as exactly {@code args}: every argument single-quoted
     * (inside tmux's single quotes nothing is special: no {@code $}, {@code ~}, {@code #}, {@code ;} or
     * {@code \}), a quote itself written {@code '\''}; a {@code ";"} element stays the bare separator.
     * Empty for an argument with a line break or NUL: a control client's command ends at the newline
     * (and an empty line detaches it).
     */
    static Optional<String> commandLine(List<String> args) {
        if (args.isEmpty()) return Optional.empty();
        StringBuilder b = new StringBuilder();
        for (String a : args) {
            if (a.indexOf('\n') >= 0 || a.indexOf('\r') >= 0 || a.indexOf('\0') >= 0) return Optional.empty();
            if (b.length() > 0) b.append(' ');
            if (a.equals(";")) b.append(';');
            else b.append('\'').append(a.replace("'", "'\\''")).append('\'');
        }
        return Optional.of(b.toString());
    }

    /**
     * Reads tmux's output: guarded blocks flagged 1 are answers to our lines and are queued; blocks flagged
     * 0 (the attach itself) and {@code %} notifications between blocks are skipped. Anything else breaks the
     * client: a protocol we misread must not be taken for an answer.
     */
    private void readLoop() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            Matcher open = null;
            List<String> body = null;
            while ((line = r.readLine()) != null) {
                Matcher g = GUARD.matcher(line);
                boolean guard = g.matches();
                if (open == null) {
                    if (guard && g.group(1).equals("begin")) {
                        open = g;
                        body = new ArrayList<>();
                    } else if (!line.startsWith("%") || guard) {
                        throw new IOException("unexpected line outside a block: " + abbreviate(line));
                    }
                    continue;
                }
                if (guard && !g.group(1).equals("begin")) {
                    if (!g.group(3).equals(open.group(3)) || !g.group(4).equals(open.group(4))) {
                        throw new IOException("%" + g.group(1) + " " + g.group(3) + " closes %begin " + open.group(3));
                    }
                    if (open.group(4).equals("1")) {
                        answers.add(new Block(Long.parseLong(open.group(3)), g.group(1).equals("error"), List.copyOf(body)));
                    }
                    open = null;
                    body = null;
                } else {
                    // output lines may start with % (a pane title, a session name): inside a block they are output
                    body.add(line);
                }
            }
            if (!broken) why = "tmux closed its output";
        } catch (IOException | RuntimeException e) {
            if (!broken) why = e.getMessage(); // not after fail(): its reason is the first
        }
        broken = true;
        answers.add(END);
        process.destroyForcibly();
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** Ends the client: its stdin closes (tmux detaches it), and the process is killed should it linger. */
    @Override
    public void close() {
        broken = true;
        try {
            in.close();
        } catch (IOException e) {
            // gone already
        }
        try {
            if (!process.waitFor(200, TimeUnit.MILLISECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
