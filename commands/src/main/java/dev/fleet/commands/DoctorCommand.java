package dev.fleet.commands;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentDiscovery;
import dev.fleet.core.config.FleetConfig;
import dev.fleet.core.doctor.Checkup;
import dev.fleet.core.doctor.Finding;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.layer.Layers;
import dev.fleet.core.locate.LocateContext;
import dev.fleet.core.scan.FleetScan;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** {@code fleet doctor}: what fleet can see and reach here, layer by layer, and what to do when something is missing. */
public final class DoctorCommand implements Command {
    private static final Spec SPEC = Spec.of("doctor", 40,
            List.of("Show what fleet can see and reach here, layer by layer.",
                    "It checks the Claude config dir and its agents, tmux servers, kitty sockets, i3/sway and the "
                            + "X display, and says what to do about each gap. Exits 5 when a layer is missing."),
            List.of(LsCommand.TMUX_SOCKET), List.of());

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args a, Settings s, Console c) {
        return run(s, c, a.values("--tmux-socket"));
    }

    public static int run(Settings s, Console c, List<String> tmuxSockets) {
        List<Finding> findings = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        findings.addAll(claude(s, warnings));
        FleetScan.Result scan = new FleetScan(s.configDir(), s.procRoot(), s.env(),
                Map.of(ListCommand.TMUX_SOCKET_OPTION, tmuxSockets), warnings::add, v -> {}, id -> null,
                dev.fleet.core.locate.Locators.load()).run(false);
        LocateContext ctx = new LocateContext(scan.proc(), s.env(), Map.of(ListCommand.TMUX_SOCKET_OPTION, tmuxSockets),
                Exec.withTimeout(Duration.ofSeconds(3)), warnings::add, v -> {});
        findings.addAll(Layers.load().probe(ctx, scan.agents()));
        for (String w : warnings) findings.add(Finding.warn("claude", w, "the file is skipped; other agents are unaffected"));
        for (Agent a : scan.agents()) {
            findings.add(Finding.ok("agent", a.displayName() + " (pid " + a.pid() + ", " + a.state().label() + "): "
                    + AgentTable.where(a)));
        }
        // what the daemon's reactors can do here (notifications, marks): their modules offer checkups
        FleetConfig config = FleetConfig.load(s.env(), w -> findings.add(Finding.warn("config", w, "fix the line; its default is used")));
        for (Checkup k : Checkup.load().stream().sorted(Comparator.comparing(Checkup::name)).toList()) {
            findings.addAll(k.check(s.env(), config));
        }
        Style style = Style.detect(s.env());
        boolean missing = false;
        for (Finding f : findings) {
            String tag;
            switch (f.status()) {
                case OK: tag = "ok     "; break;
                case WARN: tag = "warn   "; break;
                default: tag = "MISSING"; missing = true;
            }
            c.out().println(style.bold(tag) + " " + pad(f.layer(), 8) + f.what());
            if (f.fix() != null) c.out().println("                 -> " + f.fix());
        }
        return missing ? ExitCodes.ERROR : ExitCodes.OK;
    }

    private static List<Finding> claude(Settings s, List<String> warnings) {
        List<Finding> out = new ArrayList<>();
        if (!Files.isDirectory(s.configDir())) {
            out.add(Finding.missing("claude", "no Claude Code config dir at " + s.configDir(),
                    "start Claude Code once, or set CLAUDE_CONFIG_DIR to where its config lives"));
            return out;
        }
        AgentDiscovery d = new AgentDiscovery(s.configDir(), warnings::add, id -> null);
        int files = d.sessionFiles().size();
        out.add(Finding.ok("claude", "config dir " + s.configDir() + ": " + files + " session files"));
        return out;
    }

    private static String pad(String s, int w) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < w) b.append(' ');
        return b.toString();
    }
}
