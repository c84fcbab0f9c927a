package dev.fleet.core.claude;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The branch checked out at a directory, read from {@code .git/HEAD} without spawning git. */
public final class GitBranch {
    private static final int MAX_DEPTH = 64;

    private GitBranch() {}

    /** The branch name, a short commit id when detached, or null when not in a repository. */
    public static String of(Path dir) {
        if (dir == null) return null;
        Path cur = dir.toAbsolutePath().normalize();
        for (int depth = 0; cur != null && depth < MAX_DEPTH; depth++, cur = cur.getParent()) {
            Path dotGit = cur.resolve(".git");
            try {
                if (Files.isDirectory(dotGit)) return fromHead(dotGit.resolve("HEAD"));
                if (Files.isRegularFile(dotGit)) {
                    // A worktree or submodule: ".git" is a file "gitdir: <path>", relative to its folder.
                    String line = firstLine(dotGit);
                    if (line == null || !line.startsWith("gitdir:")) return null;
                    Path gitDir = cur.resolve(line.substring("gitdir:".length()).trim()).normalize();
                    return fromHead(gitDir.resolve("HEAD"));
                }
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    private static String fromHead(Path head) throws IOException {
        String line = firstLine(head);
        if (line == null) return null;
        if (line.startsWith("ref:")) {
            String ref = line.substring(4).trim();
            return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
        }
        return line.length() >= 7 ? line.substring(0, 7) : line;
    }

    private static String firstLine(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) > 4096) return null;
        String s = Files.readString(file, StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
