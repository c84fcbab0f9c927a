# Sourced by the hosts benches (needs $work and $fleet): an sshd on 127.0.0.1 on a free port, key auth only,
# its own host key; the client key is $work/id, and a user is let in by putting $work/id.pub in $work/auth/<user>.
# A host is a local user made for the run (host_user), with stand-in agents in its own tmux server `bench`
# (host_agents) and its own fleet daemon; drop_host_user removes it and everything it ran.
loopback_sshd() {
  ssh-keygen -q -t ed25519 -N '' -f "$work/hostkey"; ssh-keygen -q -t ed25519 -N '' -f "$work/id"; mkdir "$work/auth"
  port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  printf '%s\n' "ListenAddress 127.0.0.1" "Port $port" "HostKey $work/hostkey" "PidFile $work/sshd.pid" \
    "AuthorizedKeysFile $work/auth/%u" "UsePAM no" "StrictModes no" "PermitUserEnvironment yes" "PasswordAuthentication no" >"$work/sshd_config"
  mkdir -p /run/sshd
  /usr/sbin/sshd -D -e -f "$work/sshd_config" 2>"$work/sshd.log" &
  sshd_pid=$!
}

# runs a command as host user $1, with the environment an ssh login of it gets
as() { local u=$1; shift; setpriv --reuid "$u" --regid "$u" --init-groups env -i HOME="/home/$u" PATH="/home/$u/bin:/usr/local/bin:/usr/bin:/bin" FLEET_AUTOSTART=0 "$@"; }

# a new user $1 that ssh lets in with $work/id, whose `fleet` is this checkout's
host_user() {
  local u=$1
  useradd -m -s /bin/sh "$u"; usermod -p '*' "$u"; cp "$work/id.pub" "$work/auth/$u"
  mkdir -p "/home/$u/bin" "/home/$u/.ssh" "/home/$u/.claude/sessions"
  printf '#!/bin/sh\nexec %s "$@"\n' "$fleet" >"/home/$u/bin/fleet"; chmod 755 "/home/$u/bin/fleet"
  printf 'PATH=/home/%s/bin:/usr/local/bin:/usr/bin:/bin\nFLEET_AUTOSTART=0\n' "$u" >"/home/$u/.ssh/environment"
  chown -R "$u:" "/home/$u"
}

# $2 stand-in agents of user $1, windows r0.. of session w0 in its tmux server `bench`, each with a session
# file; then its daemon started
host_agents() {
  local u=$1 per=$2 i p start
  for i in $(seq 0 $((per - 1))); do
    as "$u" mkdir -p "/home/$u/w$i"
    if [ "$i" = 0 ]; then as "$u" tmux -L bench -f /dev/null new-session -d -s w0 -n "r$i" -c "/home/$u/w0" "exec sleep 100000"
    else as "$u" tmux -L bench new-window -d -t w0: -n "r$i" -c "/home/$u/w$i" "exec sleep 100000"; fi
  done
  for p in $(as "$u" tmux -L bench list-panes -a -F '#{pane_pid}'); do
    # until the exec, the pane's process is tmux's fork, named "tmux: server": awk would miscount its stat fields
    until [ "$(cat "/proc/$p/comm")" = sleep ]; do sleep 0.02; done
    start=$(awk '{print $22}' "/proc/$p/stat")
    printf '{"pid":%d,"sessionId":"%s","cwd":"/home/%s","startedAt":%d,"procStart":"%s","version":"2.1.330","kind":"interactive","name":"r%s","nameSource":"derived","status":"idle","updatedAt":%d,"statusUpdatedAt":%d}' \
      "$p" "$(cat /proc/sys/kernel/random/uuid)" "$u" "$(date +%s%3N)" "$start" "$p" "$(date +%s%3N)" "$(date +%s%3N)" >"/home/$u/.claude/sessions/$p.json"
  done
  chown -R "$u:" "/home/$u/.claude"
  as "$u" fleet daemon start >/dev/null
}

# user $1 gone, with its daemon, its tmux and every process it still runs
drop_host_user() {
  local u=$1 uid p
  id -u "$u" >/dev/null 2>&1 || return 0
  as "$u" fleet daemon stop >/dev/null 2>&1; as "$u" tmux -L bench kill-server 2>/dev/null
  uid=$(id -u "$u"); for p in $(ps -o pid= -u "$uid"); do kill -9 "$p" 2>/dev/null; done
  userdel -r -f "$u" 2>/dev/null; rm -rf "/tmp/tmux-$uid" "/tmp/fleet-$uid"
}

# `ssh` first on PATH is /usr/bin/ssh with $work/ssh_config (which the caller has written)
ssh_wrapper() {
  chmod 600 "$work/id" "$work/hostkey"
  printf '#!/bin/sh\nexec /usr/bin/ssh -F %s "$@"\n' "$work/ssh_config" >"$work/bin/ssh"; chmod 755 "$work/bin/ssh"
  export PATH="$work/bin:$PATH"
}
