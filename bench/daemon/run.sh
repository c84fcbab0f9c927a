#!/usr/bin/env bash
# Daemon benchmark: `fleet switch` end to end with the daemon, without it, and the floor (the same
# tmux step done by tmux itself), in one run; daemon `list` round trip p50/p99; daemon RSS and CPU
# while idle for a minute with 200 agents. Stand-in agents: `sleep` processes with real-shaped
# session files, in panes of a private tmux server whose client runs inside a second private server.
# Usage: bench/daemon/run.sh [iterations] [idle-seconds]   (from a clone: it builds and runs ./fleet)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
fleet="$here/fleet"
n=${1:-30}
idle=${2:-60}
id=fb$$
work=$(mktemp -d /tmp/fleet-bench-XXXX)
export XDG_RUNTIME_DIR="$work/run" XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="${XDG_CACHE_HOME:-$HOME/.cache}"
export CLAUDE_CONFIG_DIR="$work/claude"
export FLEET_AUTOSTART=0   # this benchmark starts and stops the daemon itself; "no daemon" must stay none (autostart.sh measures auto-start)
mkdir -p "$XDG_RUNTIME_DIR" "$CLAUDE_CONFIG_DIR/sessions"
inner="fleet-bench-in-$id"; outer="fleet-bench-out-$id"
pids=()
cleanup() {
  "$fleet" daemon stop >/dev/null 2>&1 || true
  tmux -L "$outer" kill-server 2>/dev/null || true
  tmux -L "$inner" kill-server 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT


. "$here/bench/daemon/lib.sh"   # session_file, pct, ms

"$fleet" --version >/dev/null 2>&1 || true   # build if needed, and record the class-data archive
sleep 4

echo "== 20 agents in tmux; a tmux client (inside another tmux server) shows them"
for i in $(seq 0 19); do
  mkdir -p "$work/agent$i"
  tmux -L "$inner" -f /dev/null new-session -d -s "agent$i" -c "$work/agent$i" "exec sleep 100000"
  p=$(tmux -L "$inner" display -p -t "agent$i" '#{pane_pid}')
  session_file "$p" "agent$i" idle
done
tmux -L "$outer" -f /dev/null new-session -d -x 200 -y 50 "TMUX= tmux -L $inner attach -t agent0"
sleep 1
client=$(tmux -L "$inner" list-clients -F '#{?client_control_mode,,#{client_name}}' | grep . | head -n1)
[ -n "$client" ] || { echo "no tmux client attached" >&2; exit 1; }

run_switch() { # label
  local out=() i
  for i in $(seq 1 "$n"); do out+=("$(ms "$fleet" switch "agent$(( i % 20 ))")"); done
  printf '%s\n' "${out[@]}" >"$work/$1"
}
FLEET_DEBUG_TIMING=1 "$fleet" daemon start >/dev/null   # its log times each lane request (FifoLane)
"$fleet" switch agent3 >/dev/null   # warm the daemon
run_switch with
# the daemon's part of each: request read to reply written (the rest is the launcher's bash and the FIFO hops)
grep -o 'answer [0-9.]* ms, reply written [0-9.]*' "$XDG_STATE_HOME/fleet/daemon.log" | tail -n "$n" | awk '{print $6}' >"$work/with-daemon-part"
FLEET_NO_LANE=1 run_switch with-jvm-client
"$fleet" daemon stop >/dev/null
# the same lane with the daemon starting a tmux process per switch, as before its control clients
mkdir -p "$work/config/fleet"; echo "tmux.control = off" >"$work/config/fleet/config"
XDG_CONFIG_HOME="$work/config" "$fleet" daemon start >/dev/null
"$fleet" switch agent3 >/dev/null
run_switch with-control-off
"$fleet" daemon stop >/dev/null
FLEET_NO_DAEMON=1 run_switch without
for i in $(seq 1 "$n"); do ms tmux -L "$inner" switch-client -c "$client" -t "agent$(( i % 20 ))"; done >"$work/floor"
# the same steps as the daemon's one tmux call: switch, select window and pane, read back what the client shows
for i in $(seq 1 "$n"); do
  s="agent$(( i % 20 ))"
  ms tmux -L "$inner" switch-client -c "$client" -t "=$s" \; select-window -t "=$s:" \; select-pane -t "=$s:" \; list-clients -F '#{client_tty} #{pane_id}'
done >"$work/floor-steps"
# the launcher's interpreter alone: an empty script with its shebang (env, then bash)
printf '#!/usr/bin/env bash\nexit 0\n' >"$work/empty.sh"; chmod +x "$work/empty.sh"
for i in $(seq 1 "$n"); do ms "$work/empty.sh"; done >"$work/bash-start"
# the JVM alone (a plain main in the same JDK, with the archive): what no Java CLI can beat
jdk=$(dirname "$(readlink -f "$(command -v java)")")
printf 'public class H { public static void main(String[] a) { System.out.println("hi"); } }\n' >"$work/H.java"
if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/javac ]; then jdk=/usr/lib/jvm/temurin-25-jdk-amd64/bin; fi
"$jdk/javac" -d "$work" "$work/H.java"
for i in $(seq 1 "$n"); do ms "$jdk/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp "$work" H; done >"$work/jvm"
for i in $(seq 1 "$n"); do ms "$fleet" ls --json; done >"$work/lsd"
printf '%-34s %8s %8s\n' "fleet switch (ms)" p50 p90
for k in with with-daemon-part with-control-off with-jvm-client without floor floor-steps bash-start jvm; do printf '%-34s %8s %8s\n' "$k" "$(pct 50 <"$work/$k")" "$(pct 90 <"$work/$k")"; done
echo "(with = daemon up, the launcher's FIFO lane; with-daemon-part = of that, the daemon's request-read-to-reply-written (its log); with-control-off = the lane with tmux.control = off (a tmux process per switch); with-jvm-client = daemon up, the JVM client on its socket; without = direct scan; floor = tmux switch-client alone; floor-steps = one tmux call doing the daemon's steps (switch, select window and pane, read back); bash-start = an empty script with the launcher's shebang; jvm = a plain hello-world main)"

echo "== a daemon that cannot answer: SIGSTOP, then SIGKILL (fleet ls --json, ms)"
"$fleet" daemon start >/dev/null
dpid=$("$fleet" daemon status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])')
for i in $(seq 1 "$n"); do ms "$fleet" ls --json; done >"$work/healthy"
kill -STOP "$dpid"
for i in $(seq 1 "$n"); do ms "$fleet" ls --json; done >"$work/stopped"
for i in $(seq 1 "$n"); do ms env FLEET_DAEMON_REQUIRED=1 "$fleet" ls --json; done >"$work/stopped-detect"
for i in $(seq 1 "$n"); do ms env FLEET_NO_LANE=1 "$fleet" ls --json; done >"$work/stopped-jvm-client"
kill -KILL "$dpid"
for i in $(seq 1 "$n"); do ms "$fleet" ls --json; done >"$work/killed"
printf '%-34s %8s %8s\n' "fleet ls --json (ms)" p50 p90
for k in healthy lsd stopped stopped-detect stopped-jvm-client killed; do printf '%-34s %8s %8s\n' "$k" "$(pct 50 <"$work/$k")" "$(pct 90 <"$work/$k")"; done
echo "(healthy = daemon up, lane; lsd = no daemon, direct; stopped = SIGSTOPped daemon, lane falls back to direct; stopped-detect = the launcher alone deciding it cannot be served (FLEET_DAEMON_REQUIRED=1, exit 5); stopped-jvm-client = the same through the JVM client; killed = after SIGKILL)"
t0=$(date +%s%N); "$fleet" daemon start >/dev/null 2>&1; t1=$(date +%s%N)
echo "daemon start replacing the killed one: $(( (t1 - t0) / 1000000 )) ms"
"$fleet" daemon stop >/dev/null

echo "== daemon list round trip"
"$fleet" daemon start >/dev/null
sock="$XDG_RUNTIME_DIR/fleet/fleet.sock"
python3 - "$sock" <<'PY'
import socket, sys, time, json
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile('rwb')
req = b'{"v":1,"op":"list"}\n'
t = []
for i in range(3000):
    t0 = time.perf_counter_ns(); f.write(req); f.flush(); line = f.readline(); t.append((time.perf_counter_ns() - t0) / 1e6)
assert json.loads(line)["ok"]
t = sorted(t[500:])
print("list over one connection, 20 agents: p50 %.3f ms  p99 %.3f ms" % (t[len(t)//2], t[int(len(t)*0.99)]))
t = []
for i in range(1000):
    t0 = time.perf_counter_ns()
    c = socket.socket(socket.AF_UNIX); c.connect(sys.argv[1]); c.sendall(req); b = b''
    while not b.endswith(b'\n'): b += c.recv(65536)
    c.close(); t.append((time.perf_counter_ns() - t0) / 1e6)
t = sorted(t[100:])
print("list with a new connection each, 20 agents: p50 %.3f ms  p99 %.3f ms" % (t[len(t)//2], t[int(len(t)*0.99)]))
PY
"$fleet" daemon stop >/dev/null

echo "== idle daemon with 200 agents"
for i in $(seq 0 199); do
  sleep 100000 & p=$!; pids+=("$p")
  session_file "$p" "many$i" "$([ $((i % 3)) = 0 ] && echo waiting || echo idle)"
done
"$fleet" daemon start >/dev/null
dpid=$("$fleet" daemon status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])')
sleep 5
tck=$(getconf CLK_TCK)
cpu0=$(awk '{print $14+$15}' "/proc/$dpid/stat"); t0=$(date +%s%N)
sleep "$idle"
cpu1=$(awk '{print $14+$15}' "/proc/$dpid/stat"); t1=$(date +%s%N)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$dpid/status")
awk -v c=$((cpu1 - cpu0)) -v tck="$tck" -v dt=$((t1 - t0)) -v rss="$rss" -v s="$idle" \
  'BEGIN {printf "idle %d s: CPU %.2f %% of one core, RSS %.1f MB\n", s, 100 * c / tck / (dt / 1e9), rss / 1024}'
python3 - "$sock" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile('rwb'); t = []
for i in range(2000):
    t0 = time.perf_counter_ns(); f.write(b'{"v":1,"op":"list"}\n'); f.flush(); f.readline(); t.append((time.perf_counter_ns() - t0) / 1e6)
t = sorted(t[200:])
print("list over one connection, 200 agents: p50 %.3f ms  p99 %.3f ms" % (t[len(t)//2], t[int(len(t)*0.99)]))
PY
