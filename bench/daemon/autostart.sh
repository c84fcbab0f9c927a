#!/usr/bin/env bash
# Auto-start benchmark (issue 12 §1): a fresh user, the default configuration (auto-start on), 10
# stand-in agents (`sleep` processes with real-shaped session files in panes of a private tmux server,
# whose client runs inside a second one). The first `fleet ls --json` starts the daemon and answers
# directly; from the second call on, `fleet ls --json` against `claude agents --json` (testkit's pinned
# Claude Code, when installed: run any LsBench/ClaudeCode test once), interleaved in the same run; then
# `fleet switch` against the floor (tmux switch-client doing the same step).
# Usage: bench/daemon/autostart.sh [iterations]   (from a clone: it builds and runs ./fleet)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
fleet="$here/fleet"
n=${1:-30}
claude=${FLEET_BENCH_CLAUDE:-$HOME/.cache/fleet-test/claude-code/node_modules/@anthropic-ai/claude-code-linux-x64/claude}
id=fa$$
work=$(mktemp -d /tmp/fleet-asb-XXXX)
export XDG_RUNTIME_DIR="$work/run" XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config"
export XDG_CACHE_HOME="${XDG_CACHE_HOME:-$HOME/.cache}" CLAUDE_CONFIG_DIR="$work/config-dir"
unset FLEET_AUTOSTART FLEET_NO_DAEMON FLEET_NO_LANE
mkdir -p "$XDG_RUNTIME_DIR" "$CLAUDE_CONFIG_DIR/sessions"; chmod 700 "$XDG_RUNTIME_DIR"
inner="fleet-asb-in-$id"; outer="fleet-asb-out-$id"
cleanup() {
  "$fleet" daemon stop >/dev/null 2>&1 || true
  tmux -L "$outer" kill-server 2>/dev/null || true
  tmux -L "$inner" kill-server 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

. "$here/bench/daemon/lib.sh"   # session_file, standins, pct, ms

FLEET_NO_DAEMON=1 "$fleet" --version >/dev/null 2>&1 || true   # build if needed, record the class-data archive
sleep 4

standins 10

echo "== a fresh user, 10 agents, default configuration"
first=$(ms "$fleet" ls --json)
t0=$(date +%s%N)
until FLEET_DAEMON_REQUIRED=1 "$fleet" ls --json >/dev/null 2>&1; do
  [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt 30 ] || { echo "no daemon started within 30 s" >&2; exit 1; }
  sleep 0.05
done
up=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "first fleet ls --json (starts the daemon, answers directly): $first ms; the daemon served a call $up ms later"
n_listed=$(FLEET_DAEMON_REQUIRED=1 "$fleet" ls --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
[ "$n_listed" = 10 ] || { echo "the daemon lists $n_listed agents, not 10" >&2; FLEET_DAEMON_REQUIRED=1 "$fleet" ls; exit 1; }
have_claude=""; [ -x "$claude" ] && have_claude=1
for i in $(seq 1 "$n"); do
  ms "$fleet" ls --json >>"$work/t.ls"
  [ -z "$have_claude" ] || ms "$claude" agents --json >>"$work/t.claude"
done
for i in $(seq 1 "$n"); do
  ms "$fleet" switch "agent$(( i % 10 ))" >>"$work/t.switch"
  ms tmux -L "$inner" switch-client -c "$client" -t "agent$(( (i + 5) % 10 ))" >>"$work/t.floor"
done
printf '%-44s %8s %8s\n' "(ms)" p50 p90
printf '%-44s %8s %8s\n' "fleet ls --json (calls 2..$((n + 1)))" "$(pct 50 <"$work/t.ls")" "$(pct 90 <"$work/t.ls")"
if [ -n "$have_claude" ]; then
  printf '%-44s %8s %8s\n' "claude agents --json ($("$claude" --version 2>/dev/null | head -n1))" "$(pct 50 <"$work/t.claude")" "$(pct 90 <"$work/t.claude")"
  awk -v a="$(pct 50 <"$work/t.ls")" -v b="$(pct 50 <"$work/t.claude")" 'BEGIN {printf "ratio fleet ls --json / claude agents --json (p50): %.3f  (goal <= 0.1)\n", a / b}'
else
  echo "claude agents --json: not measured (no Claude Code at $claude)"
fi
printf '%-44s %8s %8s\n' "fleet switch" "$(pct 50 <"$work/t.switch")" "$(pct 90 <"$work/t.switch")"
printf '%-44s %8s %8s\n' "floor: tmux switch-client" "$(pct 50 <"$work/t.floor")" "$(pct 90 <"$work/t.floor")"
awk -v a="$(pct 50 <"$work/t.switch")" -v b="$(pct 50 <"$work/t.floor")" 'BEGIN {printf "ratio fleet switch / floor (p50): %.2f  (goal <= 2)\n", a / b}'
