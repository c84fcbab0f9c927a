#!/usr/bin/env bash
# `fleet switch` through the daemon's lane against the floor of issue 12 ("i3-msg + tmux doing the same
# steps"), interleaved switch by switch so that a busy machine weighs on every row alike; optionally a
# baseline build's daemon (another clone's launcher) beside it, up at the same time on the same agents.
#   tmux: 20 stand-in agents on one tmux server, its one client inside a second server; each switch moves
#         the client to another agent's session. floor-steps: one tmux call doing the daemon's steps.
#   i3:   Xvfb + i3, two kitty windows on workspaces 1 and 2, each a client of its own tmux server with 10
#         agents; each switch goes to the other workspace and another session. floor-steps: i3-msg focus,
#         then the one tmux call.
# Usage: bench/daemon/floor.sh tmux|i3 [iterations] [baseline launcher]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
mode=${1:?tmux or i3}
n=${2:-40}
base=${3:-}
fleet="$here/fleet"
id=ff$$
work=$(mktemp -d /tmp/fleet-bench-floor-XXXX)
export XDG_CACHE_HOME="${XDG_CACHE_HOME:-$HOME/.cache}" XDG_CONFIG_HOME="$work/config" CLAUDE_CONFIG_DIR="$work/claude"
export FLEET_AUTOSTART=0
mkdir -p "$CLAUDE_CONFIG_DIR/sessions" "$XDG_CONFIG_HOME" "$work/run-with" "$work/run-base"
srv=("fleet-bench-fa-$id" "fleet-bench-fb-$id" "fleet-bench-fo-$id")
bg=()
as() { # with|base command...: the launcher of that build, with its own daemon's dirs
  local who=$1; shift
  local l=$fleet; [ "$who" = base ] && l=$base
  XDG_RUNTIME_DIR="$work/run-$who" XDG_STATE_HOME="$work/state-$who" "$l" "$@"
}
cleanup() {
  as with daemon stop >/dev/null 2>&1 || true
  [ -n "$base" ] && { as base daemon stop >/dev/null 2>&1 || true; }
  for s in "${srv[@]}"; do tmux -L "$s" kill-server 2>/dev/null || true; done
  for p in "${bg[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 1" TERM INT
. "$here/bench/daemon/lib.sh"   # session_file, pct
unset TMUX I3SOCK SWAYSOCK WAYLAND_DISPLAY KITTY_LISTEN_ON KITTY_WINDOW_ID
"$fleet" --version >/dev/null 2>&1 || true
[ -n "$base" ] && { "$base" --version >/dev/null 2>&1 || true; }

agents() { # server-index count prefix
  local i name jobs=()
  for i in $(seq 0 $(($2 - 1))); do
    name="$3$i"; mkdir -p "$work/$name"
    tmux -L "${srv[$1]}" -f /dev/null new-session -d -s "$name" -c "$work/$name" "exec sleep 100000"
    session_file "$(tmux -L "${srv[$1]}" display -p -t "=$name:" '#{pane_pid}')" "$name" idle & jobs+=($!)
  done
  wait "${jobs[@]}"   # these only: Xvfb and i3 run in the background too
}
user_tty() { tmux -L "${srv[$1]}" list-clients -F '#{?client_control_mode,,#{client_tty}}' 2>/dev/null | grep . | head -n1 || true; }
con_titled() {
  i3-msg -t get_tree | python3 -c 'import json,sys
def w(n):
    if n.get("window_properties",{}).get("title")==sys.argv[1]: print(n["id"]); sys.exit()
    for c in n.get("nodes",[])+n.get("floating_nodes",[]): w(c)
w(json.load(sys.stdin))' "$1" || true
}

if [ "$mode" = tmux ]; then
  echo "== tmux: 20 agents on one server, its one client inside another server; each switch to another session"
  agents 0 20 s
  tmux -L "${srv[2]}" -f /dev/null new-session -d -x 200 -y 50 "TMUX= tmux -L ${srv[0]} attach -t =s0"
  for i in $(seq 100); do [ -n "$(user_tty 0)" ] && break; sleep 0.05; done
  tty0=$(user_tty 0)
  target() { echo "s$(( $1 % 20 ))"; }
  floor_step() { # i
    local s; s=$(target "$1")
    tmux -L "${srv[0]}" switch-client -c "$tty0" -t "=$s" \; select-window -t "=$s:" \; select-pane -t "=$s:" \
      \; list-clients -F '#{client_tty} #{pane_id}' >/dev/null
  }
else
  for t in Xvfb i3 i3-msg kitty; do command -v "$t" >/dev/null || { echo "floor.sh i3 needs $t" >&2; exit 2; }; done
  echo "== i3: two kitty windows on two workspaces, a tmux server of 10 agents each; each switch to the other workspace"
  Xvfb -displayfd 3 -screen 0 1280x800x24 3>"$work/display" >/dev/null 2>&1 & bg+=($!)
  for i in $(seq 200); do [ -s "$work/display" ] && break; sleep 0.05; done
  export DISPLAY=":$(head -n1 "$work/display")" I3SOCK="$work/i3.sock"
  printf '# i3 config file (v4)\nipc-socket %s\nfocus_on_window_activation focus\nfont pango:monospace 8\n' "$I3SOCK" >"$work/i3.config"
  XDG_RUNTIME_DIR="$work" i3 -c "$work/i3.config" >"$work/i3.log" 2>&1 </dev/null & bg+=($!)
  for i in $(seq 200); do i3-msg -t get_version >/dev/null 2>&1 && break; sleep 0.05; done
  agents 0 10 a0-
  agents 1 10 a1-
  con=()
  for k in 0 1; do
    i3-msg "workspace $((k + 1))" >/dev/null
    LIBGL_ALWAYS_SOFTWARE=1 kitty --config NONE -o linux_display_server=x11 -o update_check_interval=0 --title "K$k" \
      env -u TMUX tmux -L "${srv[$k]}" attach -t "=a$k-0" >"$work/kitty$k.log" 2>&1 & bg+=($!)
    c=""
    for i in $(seq 600); do
      c=$(con_titled "K$k"); [ -n "$c" ] && [ -n "$(user_tty "$k")" ] && break; sleep 0.1
    done
    [ -n "$c" ] || { echo "kitty K$k did not appear in i3's tree" >&2; exit 1; }
    con+=("$c")
  done
  ttys=("$(user_tty 0)" "$(user_tty 1)")
  target() { echo "a$(( $1 % 2 ))-$(( $1 / 2 % 10 ))"; }
  floor_step() { # i
    local k=$(( $1 % 2 )) s; s=$(target "$1")
    i3-msg "[con_id=${con[$k]}] focus" >/dev/null
    tmux -L "${srv[$k]}" switch-client -c "${ttys[$k]}" -t "=$s" \; select-window -t "=$s:" \; select-pane -t "=$s:" \
      \; list-clients -F '#{client_tty} #{pane_id}' >/dev/null
  }
fi

rows=(with floor-steps); [ -n "$base" ] && rows=(with base floor-steps)
for r in "${rows[@]}"; do : >"$work/$r"; done
for r in with base; do
  [ "$r" = base ] && [ -z "$base" ] && continue
  as "$r" daemon start >/dev/null
  # warm: both ways, and the control clients (where the build has them) start
  as "$r" switch "$(target 1)" >/dev/null; as "$r" switch "$(target 0)" >/dev/null
done
one() { # row i
  local t0 t1 rc=0
  t0=$(date +%s%N)
  case $1 in
    floor-steps) floor_step "$2" || rc=$? ;;
    *) as "$1" switch "$(target "$2")" >/dev/null 2>&1 || rc=$? ;;
  esac
  t1=$(date +%s%N)
  [ "$rc" = 0 ] || echo "$1 $(target "$2"): exit $rc" >&2
  echo $(( (t1 - t0) / 1000 )) | awk '{printf "%.1f\n", $1/1000}' >>"$work/$1"
}
for i in $(seq 2 $((n + 1))); do
  # the rows take turns being first
  m=${#rows[@]}
  for j in $(seq 0 $((m - 1))); do one "${rows[$(( (i + j) % m ))]}" "$i"; done
done
# checked from tmux, not fleet: the last fleet switch left the client on the agent asked for
# (every row of the last round went to the same agent)
last=$(target $((n + 1))); k=0; [ "$mode" = i3 ] && k=$(( (n + 1) % 2 ))
shown=$(tmux -L "${srv[$k]}" list-clients -F '#{?client_control_mode,,#{session_name}}' | grep .)
[ "$shown" = "$last" ] || { echo "the client shows $shown, not $last" >&2; exit 1; }
if [ "$mode" = i3 ]; then
  focused=$(i3-msg -t get_tree | python3 -c 'import json,sys
def f(n):
    if n.get("focused"): print(n.get("window_properties",{}).get("title","")); sys.exit()
    for c in n.get("nodes",[])+n.get("floating_nodes",[]): f(c)
f(json.load(sys.stdin))')
  [ "$focused" = "K$k" ] || { echo "i3 focuses $focused, not K$k" >&2; exit 1; }
fi
printf '%-22s %8s %8s %10s\n' "switch, $mode (ms)" p50 p90 "p50/floor"
f50=$(pct 50 <"$work/floor-steps")
for r in "${rows[@]}"; do
  p=$(pct 50 <"$work/$r")
  printf '%-22s %8s %8s %9sx\n' "$r" "$p" "$(pct 90 <"$work/$r")" "$(awk -v a="$p" -v b="$f50" 'BEGIN {printf "%.2f", a / b}')"
done
echo "(with = this build's daemon, the launcher's lane; base = the baseline's ($base), its own daemon on the same agents; floor-steps = the same steps by tmux$([ "$mode" = i3 ] && echo " and i3-msg") from this shell; $n each, interleaved)"
