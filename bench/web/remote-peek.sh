#!/usr/bin/env bash
# What one refresh of another host's screen on `fleet web`'s page costs: the page's read is the daemon's
# served `peek --host h1 <pid> --ansi`, which runs `fleet peek <pid>` on h1 over fleet's shared ssh master
# (no new login). Timed here through the launcher's lane (FLEET_DAEMON_REQUIRED=1: served, no fallback), with
# h1's own daemon up (h1's fleet answers through its lane) and down (h1 starts a JVM per read), beside a warm
# `ssh h1 true` on the master and a local served peek. CPU: h1's user's processes (ticks of every process of
# that uid, from /proc) and this machine's daemon, per read. Usage (as root: it makes a user and runs sshd):
# bench/web/remote-peek.sh [iterations]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
fleet="$here/fleet"
n=${1:-20}
[ "$(id -u)" = 0 ] || { echo "run as root (it creates a user and runs sshd)" >&2; exit 2; }
id=$$
work=$(mktemp -d /tmp/fleet-bench-wpeek-XXXX); chmod 755 "$work"
export XDG_RUNTIME_DIR="$work/run" XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config"
export CLAUDE_CONFIG_DIR="$work/claude" FLEET_AUTOSTART=0
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME/fleet" "$CLAUDE_CONFIG_DIR/sessions" "$work/bin"; chmod 700 "$XDG_RUNTIME_DIR"
u="fw${id}h1" sshd_pid="" loc="fleet-bwp-$id"
as() { setpriv --reuid "$u" --regid "$u" --init-groups env -i HOME="/home/$u" PATH="/home/$u/bin:/usr/local/bin:/usr/bin:/bin" FLEET_AUTOSTART=0 "$@"; }
cleanup() {
  set +e
  "$fleet" daemon stop >/dev/null 2>&1
  for s in "$XDG_RUNTIME_DIR"/fleet/ssh-*; do [ -S "$s" ] && "$work/bin/ssh" -O exit -o ControlPath="$s" h1 >/dev/null 2>&1; done
  tmux -L "$loc" kill-server 2>/dev/null
  if id -u "$u" >/dev/null 2>&1; then
    as fleet daemon stop >/dev/null 2>&1; as tmux -L bench kill-server 2>/dev/null
    uid=$(id -u "$u"); for p in $(ps -o pid= -u "$uid"); do kill -9 "$p" 2>/dev/null; done
    userdel -r -f "$u" 2>/dev/null; rm -rf "/tmp/tmux-$uid" "/tmp/fleet-$uid"
  fi
  [ -n "$sshd_pid" ] && kill "$sshd_pid"
  rm -rf "$work"
}
trap cleanup EXIT
. "$here/bench/daemon/lib.sh"   # session_file, pct, ms
. "$here/bench/hosts/lib.sh"    # loopback_sshd
# CPU ticks (utime+stime) of every process of a uid
ticks_of_uid() { local t=0 p s f; for p in $(ps -o pid= -u "$1"); do s=$(cat "/proc/$p/stat" 2>/dev/null) || continue; s=${s##*) }; f=($s); t=$(( t + f[11] + f[12] + f[13] + f[14] )); done; echo "$t"; }
ticks_of_pid() { local s f; s=$(<"/proc/$1/stat"); s=${s##*) }; f=($s); echo $(( f[11] + f[12] )); }

"$fleet" --version >/dev/null
loopback_sshd
useradd -m -s /bin/sh "$u"; usermod -p '*' "$u"; cp "$work/id.pub" "$work/auth/$u"
mkdir -p "/home/$u/bin" "/home/$u/.ssh" "/home/$u/.claude/sessions" "/home/$u/w0"
printf '#!/bin/sh\nexec %s "$@"\n' "$fleet" >"/home/$u/bin/fleet"; chmod 755 "/home/$u/bin/fleet"
printf 'PATH=/home/%s/bin:/usr/local/bin:/usr/bin:/bin\nFLEET_AUTOSTART=0\n' "$u" >"/home/$u/.ssh/environment"
chown -R "$u:" "/home/$u"
as tmux -L bench -f /dev/null new-session -d -s w0 -x 120 -y 40 -c "/home/$u/w0" "exec sleep 100000"
rp=$(as tmux -L bench list-panes -a -F '#{pane_pid}')
until [ "$(cat "/proc/$rp/comm")" = sleep ]; do sleep 0.02; done
start=$(awk '{print $22}' "/proc/$rp/stat")
printf '{"pid":%d,"sessionId":"%s","cwd":"/home/%s/w0","startedAt":%d,"procStart":"%s","version":"2.1.330","kind":"interactive","name":"far","nameSource":"derived","status":"idle","updatedAt":%d,"statusUpdatedAt":%d}' \
  "$rp" "$(cat /proc/sys/kernel/random/uuid)" "$u" "$(date +%s%3N)" "$start" "$(date +%s%3N)" "$(date +%s%3N)" >"/home/$u/.claude/sessions/$rp.json"
chown -R "$u:" "/home/$u/.claude"
for i in $(seq 1 30); do as tmux -L bench send-keys -t w0 -l "line $i of h1's screen, with some width to it ....................................."; as tmux -L bench send-keys -t w0 Enter; done
printf 'Host h1\n  HostName 127.0.0.1\n  Port %s\n  User %s\n  IdentityFile %s\n  IdentitiesOnly yes\n  StrictHostKeyChecking no\n  UserKnownHostsFile %s\n  LogLevel ERROR\n' \
  "$port" "$u" "$work/id" "$work/known_hosts" >"$work/ssh_config"
chmod 600 "$work/id" "$work/hostkey"
printf '#!/bin/sh\nexec /usr/bin/ssh -F %s "$@"\n' "$work/ssh_config" >"$work/bin/ssh"; chmod 755 "$work/bin/ssh"
export PATH="$work/bin:$PATH"
echo h1 >"$XDG_CONFIG_HOME/fleet/hosts"
mkdir -p "$work/local0"
tmux -L "$loc" -f /dev/null new-session -d -s here -x 120 -y 40 -c "$work/local0" "exec sleep 100000"
lp=$(tmux -L "$loc" list-panes -a -F '#{pane_pid}')
until [ "$(cat "/proc/$lp/comm")" = sleep ]; do sleep 0.02; done
session_file "$lp" local0 idle
"$fleet" daemon start >/dev/null
dpid=$("$fleet" daemon status --json 2>/dev/null | sed -n 's/.*"pid" *: *\([0-9]*\).*/\1/p' | head -1)
for try in $(seq 1 50); do FLEET_DAEMON_REQUIRED=1 "$fleet" peek --host h1 "$rp" >/dev/null 2>&1 && break; sleep 0.2; done
FLEET_DAEMON_REQUIRED=1 "$fleet" peek --host h1 "$rp" --ansi | grep -q "line 30 of h1" || { echo "the served remote peek does not show h1's screen" >&2; exit 1; }
uid=$(id -u "$u"); hz=$(getconf CLK_TCK)
run() { # label, then the command; per read: wall ms (one line each) to $work/<label>; CPU summary line
  local label=$1; shift
  local h0 d0 h1 d1; h0=$(ticks_of_uid "$uid"); d0=$(ticks_of_pid "$dpid")
  for i in $(seq 1 "$n"); do ms "$@"; done >"$work/$label"
  h1=$(ticks_of_uid "$uid"); d1=$(ticks_of_pid "$dpid")
  printf '%-34s %8s %8s %12s %14s\n' "$label" "$(pct 50 <"$work/$label")" "$(pct 90 <"$work/$label")" \
    "$(awk -v t=$((h1 - h0)) -v n="$n" -v hz="$hz" 'BEGIN{printf "%.1f", t*1000/hz/n}')" "$(awk -v t=$((d1 - d0)) -v n="$n" -v hz="$hz" 'BEGIN{printf "%.1f", t*1000/hz/n}')"
}
ctl="ssh -o ControlMaster=auto -o ControlPath=$XDG_RUNTIME_DIR/fleet/ssh-%C -o ControlPersist=60 -o BatchMode=yes"
printf '%-34s %8s %8s %12s %14s\n' "one read (ms)" p50 p90 "h1 CPU/read" "daemon CPU/read"
as fleet daemon start >/dev/null
for try in $(seq 1 50); do as fleet ls >/dev/null 2>&1 && break; sleep 0.2; done
run "remote, h1's daemon up" env FLEET_DAEMON_REQUIRED=1 "$fleet" peek --host h1 "$rp" --ansi
as fleet daemon stop >/dev/null
run "remote, h1's daemon down" env FLEET_DAEMON_REQUIRED=1 "$fleet" peek --host h1 "$rp" --ansi
run "ssh h1 true (warm master)" $ctl h1 true
run "local served peek" env FLEET_DAEMON_REQUIRED=1 "$fleet" peek local0 --ansi
echo "(logins to h1's sshd during the run: $(grep -c 'Accepted publickey' "$work/sshd.log") — one master, no new ssh per read)"
