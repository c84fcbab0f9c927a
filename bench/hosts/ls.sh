#!/usr/bin/env bash
# `fleet ls` across this machine and loopback hosts (other local users behind sshd on 127.0.0.1, each
# with stand-in agents in its own tmux server and its own fleet daemon up), served by the local daemon from
# its one stream per host (no ssh while ls waits; checked with FLEET_DAEMON_REQUIRED=1), beside local-only
# `fleet ls` (daemon up, no hosts file), `ls --host h1` (that one asks ssh, a warm master) and the floor —
# one warm `ssh host fleet ls --json` — in the same run. Target (issue 14): p50 ≤ 100 ms across local + 2 hosts.
# Usage (as root: it makes users and runs sshd): bench/hosts/ls.sh [iterations] [hosts] [agents per host]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
fleet="$here/fleet"
n=${1:-30} nhosts=${2:-2} per=${3:-10}
[ "$(id -u)" = 0 ] || { echo "run as root (it creates users and runs sshd)" >&2; exit 2; }
id=$$
work=$(mktemp -d /tmp/fleet-bench-hosts-XXXX); chmod 755 "$work"
export XDG_RUNTIME_DIR="$work/run" XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config"
export CLAUDE_CONFIG_DIR="$work/claude" FLEET_AUTOSTART=0
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME/fleet" "$CLAUDE_CONFIG_DIR/sessions" "$work/bin"; chmod 700 "$XDG_RUNTIME_DIR"
users=() sshd_pid=""
cleanup() {
  set +e
  "$fleet" daemon stop >/dev/null 2>&1
  for s in "$XDG_RUNTIME_DIR"/fleet/ssh-*; do [ -S "$s" ] && "$work/bin/ssh" -O exit -o ControlPath="$s" h1 >/dev/null 2>&1; done
  for u in "${users[@]}"; do drop_host_user "$u"; done
  [ -n "$sshd_pid" ] && kill "$sshd_pid"
  tmux -L "fleet-bench-hosts-$id" kill-server 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
. "$here/bench/daemon/lib.sh"   # session_file, pct, ms
. "$here/bench/hosts/lib.sh"    # loopback_sshd, as, host_user, host_agents, drop_host_user, ssh_wrapper

"$fleet" --version >/dev/null   # build if needed, as root, before any remote user runs the launcher
loopback_sshd   # sets port and sshd_pid; the client key is $work/id, a user is let in by $work/auth/<user>
: >"$work/ssh_config"; : >"$XDG_CONFIG_HOME/fleet/hosts"
echo "== this machine: $per agents; $nhosts loopback hosts with $per agents each, their daemons up"
for i in $(seq 0 $((per - 1))); do
  mkdir -p "$work/a$i"
  tmux -L "fleet-bench-hosts-$id" -f /dev/null new-session -d -s "a$i" -c "$work/a$i" "exec sleep 100000"
  p=$(tmux -L "fleet-bench-hosts-$id" display -p -t "a$i" '#{pane_pid}')
  # until the exec, the pane's process is tmux's fork, named "tmux: server": awk would miscount its stat fields
  until [ "$(cat "/proc/$p/comm")" = sleep ]; do sleep 0.02; done
  session_file "$p" "a$i" idle
done
for h in $(seq 1 "$nhosts"); do
  u="fb${id}h$h"; users+=("$u")
  host_user "$u"
  host_agents "$u" "$per"
  printf 'Host h%s\n  HostName 127.0.0.1\n  Port %s\n  User %s\n' "$h" "$port" "$u" >>"$work/ssh_config"
  echo "h$h" >>"$XDG_CONFIG_HOME/fleet/hosts"
done
printf 'Host *\n  IdentityFile %s\n  IdentitiesOnly yes\n  StrictHostKeyChecking no\n  UserKnownHostsFile %s\n  LogLevel ERROR\n' \
  "$work/id" "$work/known_hosts" >>"$work/ssh_config"
ssh_wrapper
"$fleet" daemon start >/dev/null
# calls to check and to warm the masters (ControlPersist keeps them 60 s: longer than this run's pauses)
expect=$(( per * (nhosts + 1) ))
for try in 1 2 3 4 5 6 7 8 9 10; do
  got=$("$fleet" ls | tail -n +2 | wc -l)
  [ "$got" = "$expect" ] && break; sleep 1
done
[ "$got" = "$expect" ] || { echo "fleet ls listed $got agents, not $expect:" >&2; "$fleet" ls >&2; exit 1; }
# the daemon's streams are up when it serves ls itself (while a host is on its first connection it hands ls back)
for try in $(seq 1 50); do FLEET_DAEMON_REQUIRED=1 "$fleet" ls >/dev/null 2>&1 && break; sleep 0.2; done
FLEET_DAEMON_REQUIRED=1 "$fleet" ls >/dev/null || { echo "ls across hosts was not served by the daemon" >&2; exit 1; }
got=$(FLEET_DAEMON_REQUIRED=1 "$fleet" ls --json | grep -c '"pid"')
[ "$got" = "$expect" ] || { echo "the daemon's ls --json listed $got agents, not $expect" >&2; exit 1; }
ctl="ssh -o ControlMaster=auto -o ControlPath=$XDG_RUNTIME_DIR/fleet/ssh-%C -o ControlPersist=60 -o BatchMode=yes"
for i in $(seq 1 "$n"); do ms "$fleet" ls; done >"$work/hosts"
for i in $(seq 1 "$n"); do ms "$fleet" ls --json; done >"$work/hosts-json"
for i in $(seq 1 "$n"); do ms "$fleet" ls --json --host h1; done >"$work/one-host"
mv "$XDG_CONFIG_HOME/fleet/hosts" "$XDG_CONFIG_HOME/fleet/hosts.off"
sleep 3 # the daemon re-reads the hosts file every 2 s and ends the streams
FLEET_DAEMON_REQUIRED=1 "$fleet" ls >/dev/null || { echo "local ls was not served by the daemon" >&2; exit 1; }
for i in $(seq 1 "$n"); do ms "$fleet" ls; done >"$work/local"
for i in $(seq 1 "$n"); do ms env FLEET_NO_DAEMON=1 "$fleet" ls; done >"$work/local-direct"
for i in $(seq 1 "$n"); do ms $ctl h1 env FLEET_NO_HOSTS=1 fleet ls --json; done >"$work/floor"
printf '%-44s %8s %8s\n' "fleet ls (ms)" p50 p90
for k in hosts hosts-json one-host local local-direct floor; do printf '%-44s %8s %8s\n' "$k" "$(pct 50 <"$work/$k")" "$(pct 90 <"$work/$k")"; done
echo "(hosts = ls across this machine + $nhosts hosts, served by the daemon from its streams; hosts-json = the same, --json;"
echo " one-host = ls --json --host h1 (asks ssh, warm master);"
echo " local = no hosts file, daemon up (FIFO lane); local-direct = no daemon; floor = one warm ssh running the remote fleet ls --json)"
