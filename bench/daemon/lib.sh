# Shared by the daemon benchmarks (sourced): a real-shaped Claude Code session file for a stand-in
# process, percentiles, and the wall time of one command in ms. Needs $work and $CLAUDE_CONFIG_DIR.
session_file() { # pid name status
  # field 22 of stat, counted after the command name: "(tmux: server)" before the fork execs has a space
  local st f start i; st=$(<"/proc/$1/stat"); st=${st##*) }; f=($st); start=${f[19]}
  # as Claude Code itself would: the file once the process runs its own program (a fresh tmux fork
  # still runs tmux, with tmux's environ), 5 s at most
  for i in $(seq 50); do
    [ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$(readlink "/proc/${f[1]}/exe" 2>/dev/null)" ] || break
    sleep 0.1
  done
  printf '{"pid":%d,"sessionId":"%s","cwd":"%s","startedAt":%d,"procStart":"%s","version":"2.1.330","kind":"interactive","name":"%s","nameSource":"derived","status":"%s","updatedAt":%d,"statusUpdatedAt":%d}' \
    "$1" "$(cat /proc/sys/kernel/random/uuid)" "$work/$2" "$(date +%s%3N)" "$start" "$2" "$3" "$(date +%s%3N)" "$(date +%s%3N)" \
    >"$CLAUDE_CONFIG_DIR/sessions/.$1.tmp" && mv "$CLAUDE_CONFIG_DIR/sessions/.$1.tmp" "$CLAUDE_CONFIG_DIR/sessions/$1.json"
}

pct() { sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int((NR-1)*p/100)+1; printf "%.1f", a[i]}'; }
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000 )) | awk '{printf "%.1f\n", $1/1000}'; }

# N idle stand-in agents agent0.. in sessions of tmux server $inner (in folders under $work), and a
# tmux client showing agent0 that runs inside server $outer; its name in $client.
# count stand-ins in panes of tmux server $inner (no client), each showing lines of text: "agent<i> line <k>: …"
text_standins() { # count lines cols rows
  local i p
  for i in $(seq 0 $(( $1 - 1 ))); do
    mkdir -p "$work/agent$i"
    tmux -L "$inner" -f /dev/null new-session -d -x "$3" -y "$4" -s "agent$i" -c "$work/agent$i" \
      "seq -f 'agent$i line %g: some text an agent would show' 1 $2; exec sleep 100000"
    p=$(tmux -L "$inner" display -p -t "agent$i" '#{pane_pid}')
    session_file "$p" "agent$i" idle
  done
}

standins() { # count
  local i
  for i in $(seq 0 $(( $1 - 1 ))); do
    mkdir -p "$work/agent$i"
    tmux -L "$inner" -f /dev/null new-session -d -s "agent$i" -c "$work/agent$i" "exec sleep 100000"
    session_file "$(tmux -L "$inner" display -p -t "agent$i" '#{pane_pid}')" "agent$i" idle
  done
  tmux -L "$outer" -f /dev/null new-session -d -x 200 -y 50 "TMUX= tmux -L $inner attach -t agent0"
  sleep 1
  client=$(tmux -L "$inner" list-clients -F '#{client_name}' | head -n1)
  [ -n "$client" ] || { echo "no tmux client attached" >&2; exit 1; }
}
