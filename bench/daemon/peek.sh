#!/usr/bin/env bash
# `fleet peek` through the daemon (the launcher's FIFO lane, and the JVM client on the socket) against
# its floor, the plain `tmux capture-pane -p` it wraps, run in the same session. Stand-in agents:
# `sleep` processes with real-shaped session files, each in a pane of a private tmux server that
# shows a screenful of text. Target: p50 ≤ 50 ms through the daemon.
# Usage: bench/daemon/peek.sh [iterations]   (from a clone: it builds and runs ./fleet)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
fleet="$here/fleet"
n=${1:-50}
id=fp$$
work=$(mktemp -d /tmp/fleet-bench-peek-XXXX)
export XDG_RUNTIME_DIR="$work/run" XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="${XDG_CACHE_HOME:-$HOME/.cache}"
export CLAUDE_CONFIG_DIR="$work/claude"
export FLEET_AUTOSTART=0
mkdir -p "$XDG_RUNTIME_DIR" "$CLAUDE_CONFIG_DIR/sessions"
inner="fleet-bench-peek-$id"
cleanup() {
  "$fleet" daemon stop >/dev/null 2>&1 || true
  tmux -L "$inner" kill-server 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
. "$here/bench/daemon/lib.sh"   # text_standins, session_file, pct, ms

"$fleet" --version >/dev/null 2>&1 || true   # build if needed
echo "== 20 agents in tmux panes, each showing 40 lines of text"
text_standins 20 40 200 50
sleep 1
sock=$(tmux -L "$inner" display -p '#{socket_path}')
"$fleet" daemon start >/dev/null
FLEET_DAEMON_REQUIRED=1 "$fleet" peek agent3 | grep -q 'agent3 line 40' || { echo "peek through the daemon failed" >&2; exit 1; }
for i in $(seq 1 "$n"); do ms env FLEET_DAEMON_REQUIRED=1 "$fleet" peek "agent$(( i % 20 ))"; done >"$work/lane"
for i in $(seq 1 "$n"); do ms env FLEET_DAEMON_REQUIRED=1 FLEET_NO_LANE=1 "$fleet" peek "agent$(( i % 20 ))"; done >"$work/jvm-client"
for i in $(seq 1 "$n"); do ms tmux -S "$sock" capture-pane -p -t "agent$(( i % 20 ))"; done >"$work/floor"
"$fleet" daemon stop >/dev/null
for i in $(seq 1 "$n"); do ms env FLEET_NO_DAEMON=1 "$fleet" peek "agent$(( i % 20 ))"; done >"$work/direct"
printf '%-34s %8s %8s\n' "fleet peek (ms)" p50 p90
for k in lane jvm-client direct floor; do printf '%-34s %8s %8s\n' "$k" "$(pct 50 <"$work/$k")" "$(pct 90 <"$work/$k")"; done
echo "(lane = daemon up, the launcher's FIFO lane; jvm-client = daemon up, the JVM client on its socket; direct = no daemon, a full scan; floor = tmux capture-pane alone)"
