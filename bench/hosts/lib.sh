# Sourced by the hosts benches (needs $work): an sshd on 127.0.0.1 on a free port, key auth only, its own
# host key; the client key is $work/id, and a user is let in by putting $work/id.pub in $work/auth/<user>.
loopback_sshd() {
  ssh-keygen -q -t ed25519 -N '' -f "$work/hostkey"; ssh-keygen -q -t ed25519 -N '' -f "$work/id"; mkdir "$work/auth"
  port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  printf '%s\n' "ListenAddress 127.0.0.1" "Port $port" "HostKey $work/hostkey" "PidFile $work/sshd.pid" \
    "AuthorizedKeysFile $work/auth/%u" "UsePAM no" "StrictModes no" "PermitUserEnvironment yes" "PasswordAuthentication no" >"$work/sshd_config"
  mkdir -p /run/sshd
  /usr/sbin/sshd -D -e -f "$work/sshd_config" 2>"$work/sshd.log" &
  sshd_pid=$!
}
