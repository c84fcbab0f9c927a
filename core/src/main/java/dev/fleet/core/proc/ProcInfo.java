package dev.fleet.core.proc;

/** One process as seen in /proc/&lt;pid&gt;/stat: enough to walk the tree and guard against PID reuse. */
public record ProcInfo(int pid, int ppid, long startTicks, String comm) {}
