#!/usr/bin/env bash
# fleet web benchmark, in a real browser (headless Chromium driven by playwright-core, as the tests): with
# 50 stand-in agents (`sleep` processes with real-shaped session files, each in a pane of a private tmux
# server), a daemon and `fleet web`:
#   state change -> page p50 (target <= 300 ms), beside the daemon's own subscribe event for it;
#   agent output -> page p50 (target <= 200 ms), beside tmux's own capture-pane seeing it;
#   daemon + fleet web CPU with a page open and nothing changing (target < 5 % of a core), beside no page.
# Usage: bench/web/run.sh [iterations] [idle-seconds]   (from a clone: it builds and runs ./fleet;
# needs /usr/bin/chromium and playwright-core in ${XDG_CACHE_HOME:-~/.cache}/fleet-test/playwright, as .ci/run installs)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
fleet="$here/fleet"
n=${1:-30}
idle=${2:-20}
id=fw$$
cache="${XDG_CACHE_HOME:-$HOME/.cache}"
pw="$cache/fleet-test/playwright/node_modules/playwright-core"
[ -d "$pw" ] || { echo "playwright-core is not in $pw (npm install --prefix ${pw%/node_modules/*} playwright-core@1.65.1)" >&2; exit 1; }
work=$(mktemp -d /tmp/fleet-bench-web-XXXX)
export XDG_RUNTIME_DIR="$work/run" XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$cache"
export CLAUDE_CONFIG_DIR="$work/claude"
export FLEET_AUTOSTART=0
mkdir -p "$XDG_RUNTIME_DIR" "$CLAUDE_CONFIG_DIR/sessions"
chmod 700 "$XDG_RUNTIME_DIR"
inner="fleet-bench-web-$id"
webpid=""
cleanup() {
  [ -z "$webpid" ] || kill "$webpid" 2>/dev/null || true
  "$fleet" daemon stop >/dev/null 2>&1 || true
  tmux -L "$inner" kill-server 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
. "$here/bench/daemon/lib.sh"   # text_standins, session_file, pct, ms

"$fleet" --version >/dev/null 2>&1 || true   # build if needed
echo "== 50 agents in tmux panes; agent0's screen shown on the page"
text_standins 50 30 160 40
p0=$(tmux -L "$inner" display -p -t agent0 '#{pane_pid}')
"$fleet" daemon start >/dev/null
dpid=""
for f in "$XDG_RUNTIME_DIR"/fleet/fleet.*.*.fifo; do dpid=${f##*/fleet.}; dpid=${dpid%%.*}; done
"$fleet" web >"$work/web.out" 2>"$work/web.err" &
webpid=$!
for i in $(seq 100); do [ -s "$work/web.out" ] && break; sleep 0.1; done
url=$(head -n1 "$work/web.out")
[ -n "$url" ] || { echo "fleet web printed no URL:" >&2; cat "$work/web.err" >&2; exit 1; }
sleep 2
URL=$url SESSION="$CLAUDE_CONFIG_DIR/sessions/$p0.json" PID=$p0 TMUX_L=$inner PANE=agent0 \
  DAEMON_SOCK="$XDG_RUNTIME_DIR/fleet/fleet.sock" DAEMON_PID=$dpid WEB_PID=$webpid N=$n IDLE_S=$idle \
  PLAYWRIGHT_CORE=$pw CHROMIUM=/usr/bin/chromium SHOT="${SHOT:-}" node "$here/bench/web/page.cjs"
