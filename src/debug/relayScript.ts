// The bash program that runs inside the WSL distro: starts `dlv dap`, relays DAP over stdio (or reports the port), and cleans up.

/** Printed on stdout by the relay right before DAP bytes start; anything earlier is login-shell noise. */
export const RELAY_READY_MARKER = '<<gohealth-relay-ready>>';

/**
 * Why a bash relay: Delve's DAP server only listens on (or, with `--client-addr`, dials) a socket,
 * while the only channel wsl.exe gives without networking is the process's stdin/stdout. Something
 * inside the distro must join the two. `dlv dap --client-addr` would need a listener inside the
 * distro just the same (or WSL→Windows networking, which the firewall and NAT mode block), Node is
 * not installed in most distros, and a Go relay would be compiled on first use. bash with its
 * `/dev/tcp` redirection is in every distro WSL ships from the Store except Alpine, costs no
 * compile, and two `cat` processes copy bytes as fast as the pipe allows. Distros without bash can
 * use `transport: "tcp"`.
 *
 * Arguments: `$1` = `stdio` | `tcp`, `$2` = dlv path or empty (found like a login shell would),
 * then the extra `dlv dap` flags. Delve runs in a session of its own (`setsid`), so when the bridge
 * goes away (stdin closes) or Delve ends, the relay kills that whole session — Delve and the program
 * it debugs, which Delve keeps in a separate process group — and nothing is left behind.
 */
export const RELAY_SCRIPT = String.raw`
mode=$1; dlv=$2; shift 2
say() { printf 'gohealth-relay: %s\n' "$*" >&2; }
if [ -z "$dlv" ]; then dlv=$(command -v dlv 2>/dev/null); fi
if [ -z "$dlv" ] && command -v go >/dev/null 2>&1; then g=$(go env GOPATH 2>/dev/null); g=${'$'}{g%%:*}; [ -x "$g/bin/dlv" ] && dlv=$g/bin/dlv; fi
if [ -z "$dlv" ] && [ -x "$HOME/go/bin/dlv" ]; then dlv=$HOME/go/bin/dlv; fi
if [ -z "$dlv" ] || [ ! -x "$dlv" ]; then
  say "Delve (dlv) was not found in this distro${'$'}{dlv:+ at $dlv}. Install it there with: go install github.com/go-delve/delve/cmd/dlv@latest"
  exit 127
fi
command -v setsid >/dev/null 2>&1 || { say "setsid (util-linux) is missing in this distro"; exit 127; }
exec 4<&0 </dev/null
fifo=$(mktemp -u "${'$'}{TMPDIR:-/tmp}/gohealth-dlv.XXXXXXXX") && mkfifo -m 600 "$fifo" || { say "cannot create a fifo in ${'$'}{TMPDIR:-/tmp}"; exit 1; }
setsid "$dlv" dap --listen=127.0.0.1:0 "$@" >"$fifo" 2>&1 </dev/null &
dlvpid=$!
exec 5<"$fifo"
rm -f "$fifo"
sweep() {
  local s f rest
  for s in /proc/[0-9]*/stat; do
    read -r f 2>/dev/null <"$s" || continue
    rest=${'$'}{f##*) }
    set -- $rest
    [ "$1" = Z ] && continue
    case "$jobpids" in *" $2 "*) kill -KILL "${'$'}{s//[!0-9]/}" 2>/dev/null; continue ;; esac
    [ "$4" = "$dlvpid" ] && kill -KILL "${'$'}{s//[!0-9]/}" 2>/dev/null
  done
}
finish() {
  trap - EXIT
  exec 2>/dev/null
  jobpids=" $(echo $(jobs -p)) "
  sweep
  kill $(jobs -p) 2>/dev/null
  sweep
}
trap finish EXIT
trap 'exit 129' HUP
trap 'exit 143' TERM
port=
while IFS= read -r line <&5; do
  case $line in
    *"DAP server listening at:"*) port=${'$'}{line##*:}; port=${'$'}{port//[!0-9]/}; break ;;
  esac
  printf '%s\n' "$line" >&2
done
if [ -z "$port" ]; then
  wait "$dlvpid"; code=$?
  say "Delve exited with code $code before it listened for DAP"
  exit 1
fi
cat <&5 >&2 &
if [ "$mode" = tcp ]; then
  printf 'DAP server listening at: 127.0.0.1:%s\n' "$port"
  { cat <&4 >/dev/null; kill -TERM $$ 2>/dev/null; } &
  wait "$dlvpid"
else
  exec 3<>"/dev/tcp/127.0.0.1/$port" || { say "cannot connect to Delve at 127.0.0.1:$port (bash without /dev/tcp? use transport tcp)"; exit 1; }
  printf '\n%s\n' '${RELAY_READY_MARKER}'
  cat <&3 &
  up=$!
  { cat <&4 >&3; kill -TERM $$ 2>/dev/null; } &
  wait "$up"
fi
exit 0
`;
