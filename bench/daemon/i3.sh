#!/usr/bin/env bash
# The i3 row of the switch benchmark: Xvfb + i3 + two kitty windows on two workspaces, each running a
# tmux client of its own tmux server (10 stand-in agents each). A switch between an agent shown on
# workspace 1 and one shown on workspace 2 moves i3's focus and the tmux client. The floor is the issue's:
# i3-msg + tmux doing the same steps (focus the window; switch the client, select window and pane, read
# back what the client shows), in this shell, no fleet.
# Usage: bench/daemon/i3.sh [iterations] [fleet launcher]   (the launcher defaults to this clone's ./fleet)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-30}
fleet=${2:-"$here/fleet"}
id=fi$$
work=$(mktemp -d /tmp/fleet-bench-i3-XXXX)
export XDG_RUNTIME_DIR="$work/run" XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="${XDG_CACHE_HOME:-$HOME/.cache}"
export XDG_CONFIG_HOME="$work/config"
export CLAUDE_CONFIG_DIR="$work/claude"
export FLEET_AUTOSTART=0
mkdir -p "$XDG_RUNTIME_DIR" "$CLAUDE_CONFIG_DIR/sessions" "$XDG_CONFIG_HOME"
srv=("fleet-bench-i3a-$id" "fleet-bench-i3b-$id")
bg=()
cleanup() {
  "$fleet" daemon stop >/dev/null 2>&1 || true
  for s in "${srv[@]}"; do tmux -L "$s" kill-server 2>/dev/null || true; done
  for p in "${bg[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
. "$here/bench/daemon/lib.sh"   # session_file, pct, ms
for t in Xvfb i3 i3-msg kitty tmux; do command -v "$t" >/dev/null || { echo "i3.sh needs $t" >&2; exit 2; }; done
unset TMUX I3SOCK SWAYSOCK WAYLAND_DISPLAY KITTY_LISTEN_ON KITTY_WINDOW_ID

"$fleet" --version >/dev/null 2>&1 || true   # build if needed

Xvfb -displayfd 3 -screen 0 1280x800x24 3>"$work/display" >/dev/null 2>&1 & bg+=($!)
for i in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.05; done
export DISPLAY=":$(head -n1 "$work/display")"
export I3SOCK="$work/i3.sock"
printf '# i3 config file (v4)\nipc-socket %s\nfocus_on_window_activation focus\nfont pango:monospace 8\n' "$I3SOCK" >"$work/i3.config"
i3 -c "$work/i3.config" >"$work/i3.log" 2>&1 </dev/null & bg+=($!)
for i in $(seq 100); do i3-msg -t get_version >/dev/null 2>&1 && break; sleep 0.05; done

echo "== i3: 20 agents on two tmux servers, each shown by a kitty window on its own workspace"
for k in 0 1; do
  for i in $(seq 0 9); do
    name="a$k-$i"; mkdir -p "$work/$name"
    tmux -L "${srv[$k]}" -f /dev/null new-session -d -s "$name" -c "$work/$name" "exec sleep 100000"
    session_file "$(tmux -L "${srv[$k]}" display -p -t "=$name" '#{pane_pid}')" "$name" idle
  done
done
con=()
for k in 0 1; do
  i3-msg "workspace $((k + 1))" >/dev/null
  LIBGL_ALWAYS_SOFTWARE=1 kitty --config NONE -o linux_display_server=x11 -o update_check_interval=0 --title "K$k" \
    env -u TMUX tmux -L "${srv[$k]}" attach -t "=a$k-0" >"$work/kitty$k.log" 2>&1 & bg+=($!)
  for i in $(seq 200); do
    c=$(i3-msg -t get_tree | python3 -c 'import json,sys
def w(n):
    if n.get("window_properties",{}).get("title")==sys.argv[1]: print(n["id"]); sys.exit()
    for c in n.get("nodes",[])+n.get("floating_nodes",[]): w(c)
w(json.load(sys.stdin))' "K$k" || true)
    [ -n "$c" ] && [ -n "$(tmux -L "${srv[$k]}" list-clients -F '#{client_tty}' 2>/dev/null)" ] && break
    sleep 0.05
  done
  [ -n "$c" ] || { echo "kitty K$k did not appear in i3's tree" >&2; exit 1; }
  con+=("$c")
done
tty=()
for k in 0 1; do tty+=("$(tmux -L "${srv[$k]}" list-clients -F '#{?client_control_mode,,#{client_tty}}' | grep . | head -n1)"); done

# one switch each way per pair of runs: agent a0-0 (workspace 1) and a1-0 (workspace 2)
run_switch() { # label [env...]
  local out=() i
  for i in $(seq 1 "$n"); do out+=("$(ms "$@" "$fleet" switch "a$(( i % 2 ))-0")"); done
  printf '%s\n' "${out[@]}"
}
floor_step() { # k: focus K's window, then the tmux steps fleet's daemon does, on K's server
  local k=$1 s="a$1-0"
  i3-msg "[con_id=${con[$k]}] focus" >/dev/null
  tmux -L "${srv[$k]}" switch-client -c "${tty[$k]}" -t "=$s" \; select-window -t "=$s:" \; select-pane -t "=$s:" \
    \; list-clients -F '#{client_tty} #{pane_id}' >/dev/null
}
floor() {
  local i t0 t1
  for i in $(seq 1 "$n"); do
    t0=$(date +%s%N); floor_step $(( i % 2 )); t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000 )) | awk '{printf "%.1f\n", $1/1000}'
  done
}
"$fleet" daemon start >/dev/null
"$fleet" switch a1-0 >/dev/null; "$fleet" switch a0-0 >/dev/null   # warm, and the control clients start
# checked from i3 and tmux, not fleet: the last switch put K0 in front showing a0-0
[ "$(i3-msg -t get_tree | python3 -c 'import json,sys
def f(n):
    if n.get("focused"): print(n.get("window_properties",{}).get("title","")); sys.exit()
    for c in n.get("nodes",[])+n.get("floating_nodes",[]): f(c)
f(json.load(sys.stdin))')" = K0 ] || { echo "fleet switch did not focus K0" >&2; exit 1; }
run_switch with >"$work/with"
FLEET_NO_LANE=1 run_switch with-jvm-client >"$work/with-jvm-client"
"$fleet" daemon stop >/dev/null
floor >"$work/floor-steps"
printf '%-34s %8s %8s\n' "fleet switch, i3 (ms)" p50 p90
for k in with with-jvm-client floor-steps; do printf '%-34s %8s %8s\n' "$k" "$(pct 50 <"$work/$k")" "$(pct 90 <"$work/$k")"; done
awk -v a="$(pct 50 <"$work/with")" -v b="$(pct 50 <"$work/floor-steps")" 'BEGIN {printf "with / floor-steps (p50): %.2fx\n", a / b}'
echo "(with = daemon up, the launcher's lane; floor-steps = i3-msg focus + one tmux call doing the same steps, from this shell)"
