#!/usr/bin/env bash
# `fleet switch` to another host's agent that a local terminal already shows, daemons up: the local daemon
# picks the agent from its stream of the host, sends this machine's ssh connections (by ports) to the host's
# daemon, which switches its tmux client that came over one of them (`fleet __clients --from … --switch …`:
# one ssh round trip over the shared master, the host's FIFO lane), and focuses the local terminal holding
# that ssh (here a pane of a local tmux server with a client). Beside it in
# the same run: one warm `ssh host true` (the floor of any remote call) and a local switch.
# Target (issue 14): p50 ≤ 150 ms. Usage (as root: it makes a user and runs sshd): bench/hosts/switch.sh [iterations] [agents]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
fleet="$here/fleet"
n=${1:-30} per=${2:-5}
[ "$(id -u)" = 0 ] || { echo "run as root (it creates a user and runs sshd)" >&2; exit 2; }
id=$$
work=$(mktemp -d /tmp/fleet-bench-hswitch-XXXX); chmod 755 "$work"
export XDG_RUNTIME_DIR="$work/run" XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config"
export CLAUDE_CONFIG_DIR="$work/claude" FLEET_AUTOSTART=0
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME/fleet" "$CLAUDE_CONFIG_DIR/sessions" "$work/bin"; chmod 700 "$XDG_RUNTIME_DIR"
u="fs${id}h1" sshd_pid="" top="fleet-bhs-top-$id" mid="fleet-bhs-mid-$id"
cleanup() {
  set +e
  "$fleet" daemon stop >/dev/null 2>&1
  for s in "$XDG_RUNTIME_DIR"/fleet/ssh-*; do [ -S "$s" ] && "$work/bin/ssh" -O exit -o ControlPath="$s" h1 >/dev/null 2>&1; done
  tmux -L "$top" kill-server 2>/dev/null; tmux -L "$mid" kill-server 2>/dev/null
  drop_host_user "$u"
  [ -n "$sshd_pid" ] && kill "$sshd_pid"
  rm -rf "$work"
}
trap cleanup EXIT
. "$here/bench/daemon/lib.sh"   # session_file, pct, ms
. "$here/bench/hosts/lib.sh"    # loopback_sshd, as, host_user, host_agents, drop_host_user, ssh_wrapper

"$fleet" --version >/dev/null   # build if needed, as root, before the remote user runs the launcher
loopback_sshd   # sets port and sshd_pid; the client key is $work/id, a user is let in by $work/auth/<user>
host_user "$u"
echo "== host h1 (a local user behind sshd on 127.0.0.1): $per agents in its tmux, its daemon up; this machine: 1 agent"
host_agents "$u" "$per"
printf 'Host h1\n  HostName 127.0.0.1\n  Port %s\n  User %s\n  IdentityFile %s\n  IdentitiesOnly yes\n  StrictHostKeyChecking no\n  UserKnownHostsFile %s\n  LogLevel ERROR\n' \
  "$port" "$u" "$work/id" "$work/known_hosts" >"$work/ssh_config"
ssh_wrapper
echo h1 >"$XDG_CONFIG_HOME/fleet/hosts"
# the local terminal: a pane of tmux server $mid (its client is a pane of $top) running the user's own ssh,
# attached to h1's tmux; beside it a local agent in another window of $mid
mkdir -p "$work/local0"
tmux -L "$mid" -f /dev/null new-session -d -s here -n ssh -x 200 -y 50 "exec ssh -t h1 tmux -L bench attach -t w0"
tmux -L "$mid" new-window -d -t here: -n local0 -c "$work/local0" "exec sleep 100000"
tmux -L "$top" -f /dev/null new-session -d -x 200 -y 50 "TMUX= tmux -L $mid attach -t here"
p=$(tmux -L "$mid" list-panes -t here:local0 -F '#{pane_pid}')
until [ "$(cat "/proc/$p/comm")" = sleep ]; do sleep 0.02; done
session_file "$p" local0 idle
for try in $(seq 1 100); do [ -n "$(as "$u" tmux -L bench list-clients)" ] && break; sleep 0.1; done
[ -n "$(as "$u" tmux -L bench list-clients)" ] || { echo "the local ssh did not attach to h1's tmux" >&2; exit 1; }
"$fleet" daemon start >/dev/null
for try in $(seq 1 50); do FLEET_DAEMON_REQUIRED=1 "$fleet" ls >/dev/null 2>&1 && break; sleep 0.2; done
FLEET_DAEMON_REQUIRED=1 "$fleet" ls >/dev/null || { echo "ls across hosts was not served by the daemon" >&2; exit 1; }
# check once, by h1's own tmux: the one client (the local ssh's) shows the agent's window
rpids=($(as "$u" tmux -L bench list-panes -a -F '#{pane_pid}'))
"$fleet" switch "${rpids[1]}" >/dev/null || { echo "switch to h1's agent failed:" >&2; "$fleet" switch -v "${rpids[1]}" >&2; exit 1; }
got=$(as "$u" tmux -L bench list-clients -F '#{pane_pid}')
[ "$got" = "${rpids[1]}" ] || { echo "h1's client shows the pane of pid '$got', not ${rpids[1]}" >&2; exit 1; }
FLEET_DAEMON_REQUIRED=1 "$fleet" switch "${rpids[0]}" >/dev/null || { echo "switch to h1's agent was not served by the daemon" >&2; exit 1; }
ctl="ssh -o ControlMaster=auto -o ControlPath=$XDG_RUNTIME_DIR/fleet/ssh-%C -o ControlPersist=60 -o BatchMode=yes"
for i in $(seq 1 "$n"); do ms "$fleet" switch "${rpids[$(( i % per ))]}"; done >"$work/remote"
for i in $(seq 1 "$n"); do ms $ctl h1 true; done >"$work/ssh-true"
sock="/tmp/tmux-$(id -u "$u")/bench"
for i in $(seq 1 "$n"); do ms $ctl h1 env FLEET_NO_HOSTS=1 fleet __clients "$sock"; done >"$work/clients"
for i in $(seq 1 "$n"); do ms "$fleet" switch local0; done >"$work/local"
printf '%-44s %8s %8s\n' "fleet switch (ms)" p50 p90
for k in remote ssh-true clients local; do printf '%-44s %8s %8s\n' "$k" "$(pct 50 <"$work/$k")" "$(pct 90 <"$work/$k")"; done
echo "(remote = switch to h1's agent shown by the local ssh's tmux client, daemon up; ssh-true = one warm 'ssh h1 true' on fleet's master;"
echo " clients = the host's fleet __clients (a listing) over the master, through its daemon's lane;"
echo " local = switch to this machine's agent in the same tmux, daemon up)"
