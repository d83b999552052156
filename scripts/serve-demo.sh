#!/bin/bash
# serve-demo.sh BUILD_DIR [PORT] -- the bundled mini-internet and `inetcheck serve` on it,
# for a person on this machine: open http://127.0.0.1:PORT/ (default 8080) in a browser and
# test the fixture's domains (perfect.example, insecure.example, mail-nostarttls.example, ...
# tests/fixture/README.md lists them). The API user is demo / demo. Ctrl-C stops the server
# and always tears the network down again.
#
# The server runs inside the fixture's network namespace (its DNS, web and mail servers are
# there); the listening socket is made here, on the host, and handed to it (--listen fd:3),
# so the browser needs no route into the namespace.
set -euo pipefail
BUILD=$(cd "${1:-build}" && pwd)
PORT=${2:-8080}
HERE=$(cd "$(dirname "$0")/.." && pwd)
NETNS=icserve$$
DIR=$(mktemp -d /tmp/inetcheck-serve-demo.XXXXXX)
cleanup() { "$HERE/tests/fixture/down.sh" "$DIR" "$NETNS" >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== bringing up the mini-internet (netns $NETNS)"
"$HERE/tests/fixture/up.sh" "$DIR" "$NETNS" >"$DIR.up.log" 2>&1 || { cat "$DIR.up.log"; exit 1; }
rm -f "$DIR.up.log"
printf 'demo:%s\n' "$(openssl passwd -6 demo)" > "$DIR/users"
echo "== inetcheck serve: open http://127.0.0.1:$PORT/ (API user demo, password demo; Ctrl-C stops)"
# --allow-private: every server of the mini-internet is on a loopback or ULA address
python3 - "$PORT" ip netns exec "$NETNS" "$BUILD/inetcheck" serve --listen fd:3 \
	--db "$DIR/serve.sqlite" --users "$DIR/users" --allow-private \
	--root-hints "$DIR/dns/root.hints" --trust-anchor "$DIR/dns/root.ds" \
	--ca-file "$DIR/pki/ca.crt" --rpki-vrps "$DIR/rpki/vrps.json" --bgp-whois 127.0.43.1 \
	--public-url "http://127.0.0.1:$PORT" <<'PY' || true
import os, socket, subprocess, sys
port, cmd = int(sys.argv[1]), sys.argv[2:]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(512)
os.dup2(s.fileno(), 3)
p = subprocess.Popen(cmd, pass_fds=(3,))
try:
    sys.exit(p.wait())
except KeyboardInterrupt:
    p.terminate()
    sys.exit(p.wait())
PY
