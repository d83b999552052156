#!/bin/bash
# demo.sh BUILD_DIR -- bring up the bundled mini-internet in a private network
# namespace, run `inetcheck web` and `inetcheck mail` on a few of its domains,
# print the reports, and always tear the network down again.
set -euo pipefail
BUILD=$(cd "${1:-build}" && pwd)
HERE=$(cd "$(dirname "$0")/.." && pwd)
NETNS=icdemo$$
DIR=$(mktemp -d /tmp/inetcheck-demo.XXXXXX)
cleanup() { "$HERE/tests/fixture/down.sh" "$DIR" "$NETNS" >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap cleanup EXIT INT TERM

echo "== bringing up the mini-internet (netns $NETNS)"
"$HERE/tests/fixture/up.sh" "$DIR" "$NETNS" >"$DIR.up.log" 2>&1 || { cat "$DIR.up.log"; exit 1; }
rm -f "$DIR.up.log"
ic() {
	echo
	echo "== inetcheck $*"
	ip netns exec "$NETNS" "$BUILD/inetcheck" "$@" --allow-private \
		--root-hints "$DIR/dns/root.hints" --trust-anchor "$DIR/dns/root.ds" \
		--ca-file "$DIR/pki/ca.crt" \
		--rpki-vrps "$DIR/rpki/vrps.json" --bgp-whois 127.0.43.1 || true
	# the mini-internet's certificates chain to its own CA; its routes come from its own
	# RIS-style whois server and are judged against its own VRP file
}
ic web perfect.example       # signed, two IPv6 name servers, same site over IPv4 and IPv6
ic web insecure.example      # unsigned zone: DNSSEC 20 %
ic web diff-page.example     # different page over IPv6
ic web rpki-invalid-as.example  # route announced by the wrong AS: RPKI invalid
ic mail perfect.example      # every category at 100 % (STARTTLS + DANE, RPKI)
ic mail mail-dane-mismatch.example  # TLSA that does not match the MX key: STARTTLS 85 %
ic mail mail-nostarttls.example     # MX without STARTTLS: unreachable
ic mail secure.example       # MX in a signed zone, but no DMARC and no DKIM
ic mail mx-unsigned.example  # MX in an unsigned zone
ic mail nullmx.example       # Null MX
