#!/usr/bin/env bash
# The JVM paths, whole processes through ./fleet with its class-data archive: with no daemon (direct
# `ls --json`, `ls`, `switch`; FLEET_NO_DAEMON=1) and through a running daemon's socket (the JVM client,
# FLEET_NO_LANE=1). 20 stand-in agents (`sleep` with real-shaped session files) in panes of a private
# tmux server whose client runs inside a second one.
# Usage: bench/direct/run.sh [runs] [other checkout ...]
# With other checkouts (each built: run its ./fleet once), every run goes round all of them in turn —
# this one first — so load on a shared machine falls on each alike; p50 and p90 per checkout, and each
# p50's ratio to this checkout's (below 1: the other is faster).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-30}
trees=("$here")
for t in "${@:2}"; do trees+=("$(cd "$t" && pwd)"); done
id=fd$$
work=$(mktemp -d /tmp/fleet-bench-direct-XXXX)
export CLAUDE_CONFIG_DIR="$work/claude" FLEET_AUTOSTART=0
mkdir -p "$CLAUDE_CONFIG_DIR/sessions"
inner="fleet-benchd-in-$id"; outer="fleet-benchd-out-$id"
# each checkout its own runtime dir (daemon) and cache (its archives: a recording removes other builds')
tenv() { # index -> the env assignments for checkout $1
  echo "XDG_RUNTIME_DIR=$work/run$1" "XDG_STATE_HOME=$work/state$1" "XDG_CACHE_HOME=$work/cache$1"
}
cleanup() {
  local i
  for i in "${!trees[@]}"; do env $(tenv "$i") "${trees[$i]}/fleet" daemon stop >/dev/null 2>&1 || true; done
  tmux -L "$outer" kill-server 2>/dev/null || true
  tmux -L "$inner" kill-server 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
. "$here/bench/daemon/lib.sh"   # session_file, standins, pct, ms

standins 20

# Both archives of each checkout recorded before any timing: the launcher records one in the background
# on the first run without it (~20 s on a loaded machine), one at a time (a lock directory), so the
# command is run again until the archive is there and the lock gone.
await_archive() { # index mode command...
  local k i=$1 mode=$2; shift 2
  for k in $(seq 120); do
    if compgen -G "$work/cache$i/fleet/fleet-jdk*-$mode.*" >/dev/null && [ ! -e "$work/cache$i/fleet/recording.lock" ]; then return 0; fi
    [ -e "$work/cache$i/fleet/recording.lock" ] || env $(tenv "$i") "$@" >/dev/null 2>&1 || true
    sleep 0.5
  done
  echo "no $mode class-data archive for ${trees[$i]} after 60 s" >&2; exit 1
}
for i in "${!trees[@]}"; do
  mkdir -p "$work/run$i" && chmod 700 "$work/run$i"
  f=${trees[$i]}/fleet
  await_archive "$i" direct env FLEET_NO_DAEMON=1 "$f" ls --json
  env $(tenv "$i") "$f" daemon start >/dev/null
  await_archive "$i" client env FLEET_NO_LANE=1 "$f" ls --json
done

# one run: its wall time to $work/<checkout>.<row>, its CPU time (the launcher's bash and the JVM, all
# threads: perf's task-clock) to …<row>.cpu — the steadier of the two when other work shares the machine
cpu=1; perf stat -x, -e task-clock -o /dev/null true 2>/dev/null || cpu=""
run1() { # file command...
  local f=$1 t0 t1; shift
  t0=$(date +%s%N)
  if [ -n "$cpu" ]; then perf stat -x, -e task-clock -o "$work/pf" "$@" >/dev/null 2>&1 || true
  else "$@" >/dev/null 2>&1 || true; fi
  t1=$(date +%s%N)
  awk -v d=$(( (t1 - t0) / 1000 )) 'BEGIN{printf "%.1f\n", d/1000}' >>"$f"
  [ -z "$cpu" ] || awk -F, '$3=="task-clock"{printf "%.1f\n", $1}' "$work/pf" >>"$f.cpu"
}
rows=(ls-json ls switch client-ls-json)
for r in $(seq 1 "$n"); do
  for i in "${!trees[@]}"; do
    f=${trees[$i]}/fleet; e=$(tenv "$i")
    run1 "$work/$i.ls-json" env $e FLEET_NO_DAEMON=1 "$f" ls --json
    run1 "$work/$i.ls" env $e FLEET_NO_DAEMON=1 "$f" ls
    run1 "$work/$i.switch" env $e FLEET_NO_DAEMON=1 "$f" switch "agent$(( r % 20 ))"
    run1 "$work/$i.client-ls-json" env $e FLEET_NO_LANE=1 "$f" ls --json
  done
done

table() { # suffix title
  printf '%-22s' "$2"; for i in "${!trees[@]}"; do printf ' %24s' "$(basename "${trees[$i]}")@$(git -C "${trees[$i]}" rev-parse --short HEAD 2>/dev/null || echo '?')"; done; echo
  for k in "${rows[@]}"; do
    printf '%-22s' "$k"
    base=$(pct 50 <"$work/0.$k$1")
    for i in "${!trees[@]}"; do
      p=$(pct 50 <"$work/$i.$k$1")
      printf ' %24s' "$p / $(pct 90 <"$work/$i.$k$1") ($(awk -v a="$p" -v b="$base" 'BEGIN{printf "%.3f", a/b}'))"
    done
    echo
  done
}
table "" "wall p50 / p90 (ms)"
[ -z "$cpu" ] || table .cpu "CPU p50 / p90 (ms)"
echo "(ls-json, ls, switch: no daemon, FLEET_NO_DAEMON=1; client-ls-json: a daemon up, the JVM client on its socket, FLEET_NO_LANE=1; $n runs each, interleaved; (x) = p50 / the first column's p50; CPU = perf task-clock of the whole command)"
