# shellcheck shell=bash
# 89-visitors -- the visitors of the connection test (issue 20): tests/fixture/visitor.sh and
# tests/e2e/visitor_browser.py on what the fixture has today, without inetcheck. Four kinds,
# one after the other, each in a namespace of its own with its own unbound:
#   dual    dual-stack, validating resolver
#   v4only  --no-ipv6: IPv4 only (its resolver too)
#   noval   --no-validation: dual-stack, the resolver does not validate
#   res4    --resolver-ipv4-only: dual-stack, the resolver cannot use IPv6
# and a fifth (--eui64) up at the same time as `dual`. From inside each: its addresses and
# routes (no default route, nothing leaves), dig and curl through its own resolver, then
# headless Chromium: a site over IPv4 and IPv6 (the different-page site tells them apart),
# an IPv6 literal, a DNSSEC-bogus name (SERVFAIL when validating, loads when not), a zone
# whose name servers have only AAAA records (ns6-only: fails without IPv6 in the resolver),
# an AAAA-only name; that Chromium asked the visitor's unbound (and only A/AAAA: the system
# resolver, not its own DNS client) and that nginx saw the visitor's own addresses. Then
# down, and nothing left behind.

VISITOR=$FIXTURE/visitor.sh
VB=$HERE/visitor_browser.py
VW=$E2E_WORK/visitors
mkdir -p "$VW"
TLDN=example
CA=$E2E_DIR/pki/ca.crt
STD_TITLE="inetcheck fixture: standard site"
declare -A VOPTS=([dual]="" [v4only]="--no-ipv6" [noval]="--no-validation" [res4]="--resolver-ipv4-only"
	[eui64]="--eui64 00:1b:21:3a:4f:5e")
VUP=()   # visitors up, for the trap
_vname() { echo "${E2E_NETNS}-$1"; }
_vdown_all() {
	local v
	for v in "${VUP[@]}"; do "$VISITOR" down "$E2E_DIR" "$E2E_NETNS" "$v" >/dev/null 2>&1; done
}
trap _vdown_all EXIT
_ms() { echo $(( $(date +%s%N) / 1000000 )); }
TIMES=()

# _vup KIND -- bring the visitor up (an assertion); loads its env (VISITOR_*)
_vup() {
	local k=$1 v t0 out rc
	v=$(_vname "$k")
	t0=$(_ms)
	# shellcheck disable=SC2086  # the options are words
	out=$("$VISITOR" up "$E2E_DIR" "$E2E_NETNS" "$v" ${VOPTS[$k]} 2>&1); rc=$?
	TIMES+=("$k up $(( $(_ms) - t0 )) ms")
	VUP+=("$v")
	echo "# $out" | tail -n 1
	if [ "$rc" != 0 ]; then
		_fail "visitor $k: visitor.sh up ${VOPTS[$k]:-(no options)}" "exit $rc: $(tail -c 600 <<<"$out" | tr '\n' ' ')"
		return 1
	fi
	_pass "visitor $k: visitor.sh up ${VOPTS[$k]:-(no options)}"
	# shellcheck disable=SC1090
	. "$E2E_DIR/visitors/$v/env"
}

# _vdown KIND -- down, and nothing left behind (netns, veth, /etc/netns, unbound, state)
_vdown() {
	local k=$1 v t0 rc left=
	v=$(_vname "$k")
	t0=$(_ms)
	"$VISITOR" down "$E2E_DIR" "$E2E_NETNS" "$v" > "$VW/$k.down" 2>&1; rc=$?
	TIMES+=("$k down $(( $(_ms) - t0 )) ms")
	_check "visitor $k: visitor.sh down" 0 "$rc"
	grep -qxF "$v" <<<"$(ip netns list | awk '{print $1}')" && left+="netns "
	[ -e "/etc/netns/$v" ] && left+="/etc/netns/$v "
	[ -e "$E2E_DIR/visitors/$v" ] && left+="DIR/visitors/$v "
	ip -n "$E2E_NETNS" link show "$VISITOR_LINK" >/dev/null 2>&1 && left+="$VISITOR_LINK "
	grep -q "alias visitor:$v\$" <<<"$(ip -n "$E2E_NETNS" -o link show)" && left+="a veth aliased visitor:$v "
	pgrep -f "$E2E_DIR/visitors/$v/" >/dev/null && left+="processes "
	_check "visitor $k: nothing left behind" "" "$left"
	"$VISITOR" down "$E2E_DIR" "$E2E_NETNS" "$v" > /dev/null 2>&1
	_check "visitor $k: a second down is fine" 0 "$?"
}

# _dig KIND NAME TYPE -> "STATUS[ ad] ANSWER..." through the visitor's system resolver
_dig() {
	local out
	out=$(ip netns exec "$(_vname "$1")" dig +time=3 +tries=1 +dnssec "$2" "$3" 2>&1)
	printf '%s%s %s' "$(grep -oE 'status: [A-Z]+' <<<"$out" | head -1 | cut -d' ' -f2)" \
		"$(grep -qE 'flags:[^;]* ad[ ;]' <<<"$out" && echo ' ad')" \
		"$(awk -v t="$3" '$4 == t { print $5 }' <<<"$out" | sort | paste -sd,)"
}
# _seen ADDR -> "yes" when nginx logged a request of Chromium's from ADDR
# (no `cmd | grep -q` in this file: with pipefail, grep's early exit fails the pipeline)
_seen() {
	awk -v a="$1 - " 'index($0, a) == 1 && /HeadlessChrome/ { n++ } END { if (n) print "yes" }' \
		"$E2E_DIR/log/nginx-access.log"
}
# _curl KIND ARGS... -> "<title>" of the page or "fail"
_curl() {
	local out
	out=$(ip netns exec "$(_vname "$1")" curl -sS --max-time 5 --cacert "$CA" -L "${@:2}" 2>/dev/null) || { echo fail; return; }
	grep -oE '<title>[^<]*</title>' <<<"$out" | sed -E 's#</?title>##g' | head -1
}

visitor_checks() {
	local k=$1 v ipv6=1 validating=1 res6=1 want got out
	v=$(_vname "$k")
	case $k in v4only) ipv6=0; res6=0 ;; noval) validating=0 ;; res4) res6=0 ;; esac
	_vup "$k" || return

	echo "# $k: network"
	_check "visitor $k: eth0 has $VISITOR_ADDR4/30" yes \
		"$(grep -q "inet $VISITOR_ADDR4/30 " <<<"$(ip -n "$v" -4 addr show eth0)" && echo yes)"
	if [ "$ipv6" = 1 ]; then
		_check "visitor $k: eth0 has $VISITOR_ADDR6/64" yes \
			"$(grep -q "inet6 $VISITOR_ADDR6/64 " <<<"$(ip -n "$v" -6 addr show eth0 scope global)" && echo yes)"
	else
		_check "visitor $k: no IPv6 address and no IPv6 route at all" "" \
			"$(ip -n "$v" -6 addr show; ip -n "$v" -6 route show table all)"
	fi
	_check "visitor $k: no default route" "" "$(ip -n "$v" route show default; ip -n "$v" -6 route show default 2>/dev/null)"
	out=$(ip netns exec "$v" timeout 3 bash -c 'exec 3<>/dev/tcp/192.0.2.1/80' 2>&1)
	_check "visitor $k: nothing leaves (192.0.2.1: network unreachable)" yes \
		"$(grep -q 'Network is unreachable' <<<"$out" && echo yes || echo "$out")"
	out=$(ip netns exec "$v" timeout 3 bash -c 'exec 3<>/dev/tcp/2001:db8::1/80' 2>&1)
	_check "visitor $k: nothing leaves (2001:db8::1 refused at once)" yes \
		"$(grep -qE 'Network is unreachable|Address family not supported|Cannot assign' <<<"$out" && echo yes || echo "$out")"
	_check "visitor $k: its resolv.conf names its own unbound" "nameserver 127.0.0.1" \
		"$(ip netns exec "$v" grep '^nameserver' /etc/resolv.conf | paste -sd,)"
	_check "visitor $k: the fixture's resolver refuses it" REFUSED \
		"$(ip netns exec "$v" dig +time=2 +tries=1 @127.0.0.53 "www.secure.$TLDN" A | grep -oE 'status: [A-Z]+' | cut -d' ' -f2)"

	echo "# $k: DNS through its own resolver (dig)"
	want="NOERROR 127.0.10.1"; [ "$validating" = 1 ] && want="NOERROR ad 127.0.10.1"
	_check "visitor $k: www.secure.$TLDN A" "$want" "$(_dig "$k" "www.secure.$TLDN" A)"
	want="SERVFAIL "; [ "$validating" = 0 ] && want="NOERROR 127.0.10.1"
	_check "visitor $k: www.bogus-sig.$TLDN A (DNSSEC-bogus)" "$want" "$(_dig "$k" "www.bogus-sig.$TLDN" A)"
	want="SERVFAIL "; [ "$res6" = 1 ] && { want="NOERROR 127.0.10.1"; [ "$validating" = 1 ] && want="NOERROR ad 127.0.10.1"; }
	_check "visitor $k: www.ns6-only.$TLDN A (name servers with AAAA only)" "$want" "$(_dig "$k" "www.ns6-only.$TLDN" A)"

	echo "# $k: curl"
	_check "visitor $k: curl -4 https://www.secure.$TLDN/" "$STD_TITLE" "$(_curl "$k" -4 "https://www.secure.$TLDN/")"
	want=fail; [ "$ipv6" = 1 ] && want=$STD_TITLE
	_check "visitor $k: curl -6 https://www.secure.$TLDN/" "$want" "$(_curl "$k" -6 "https://www.secure.$TLDN/")"
	want=fail; [ "$ipv6" = 1 ] && want=B
	_check "visitor $k: curl http://[fd00:80::3]/" "$want" "$(_curl "$k" -g "http://[fd00:80::3]/")"

	echo "# $k: Chromium"
	local urls=("http://diff-page.$TLDN/" "http://127.0.10.3/" "http://[fd00:80::3]/" "https://secure.$TLDN/"
		"https://www.bogus-ds.$TLDN/" "https://ns6-only.$TLDN/" "https://www.v6only.$TLDN/")
	local NNR=net::ERR_NAME_NOT_RESOLVED wants=()
	if [ "$ipv6" = 1 ]; then wants+=(B A B); else wants+=(A A "net::*"); fi
	wants+=("$STD_TITLE")
	if [ "$validating" = 1 ]; then wants+=("$NNR"); else wants+=("$STD_TITLE"); fi
	if [ "$res6" = 1 ]; then wants+=("$STD_TITLE"); else wants+=("$NNR"); fi
	if [ "$ipv6" = 1 ]; then wants+=("$STD_TITLE"); else wants+=("$NNR"); fi
	local t0 rc i line
	t0=$(_ms)
	timeout -k 5 180 ip netns exec "$v" /usr/bin/python3 "$VB" --result --timeout 15 \
		--trust-key "$E2E_DIR/pki/server.key" "${urls[@]}" > "$VW/$k.chromium" 2> "$VW/$k.chromium.err"
	rc=$?
	TIMES+=("$k chromium ${#urls[@]} pages $(( $(_ms) - t0 )) ms")
	_check "visitor $k: visitor_browser.py ran" 0 "$rc"
	for i in "${!urls[@]}"; do
		line=$(jq -c --arg u "${urls[$i]}" 'select(.url == $u)' "$VW/$k.chromium" 2>/dev/null | head -1)
		got=$(jq -r 'if .ok then .title else .error end' <<<"$line" 2>/dev/null)
		# shellcheck disable=SC2053  # a glob on purpose ("net::*": any network error)
		if [[ $got == ${wants[$i]} ]]; then _pass "visitor $k: Chromium ${urls[$i]} -> $got"
		else _fail "visitor $k: Chromium ${urls[$i]} -> ${wants[$i]}" "${got:-nothing; $(tail -c 300 "$VW/$k.chromium.err" | tr '\n' ' ')}"; fi
	done
	# the browser asked the visitor's unbound, through getaddrinfo: A (+ AAAA with IPv6), never
	# HTTPS records (Chromium's own DNS client would ask for those)
	_check "visitor $k: Chromium's lookups reached its unbound (diff-page.$TLDN A)" yes \
		"$(grep -q "info: 127.0.0.1 diff-page\.$TLDN\. A IN" "$VISITOR_UNBOUND_LOG" && echo yes)"
	if [ "$ipv6" = 1 ]; then
		# (without the visitor's route to Chromium's IPv6 probe address it asks A only)
		_check "visitor $k: Chromium asked for the AAAA of the AAAA-only name" yes \
			"$(grep -q "info: 127.0.0.1 www\.v6only\.$TLDN\. AAAA IN" "$VISITOR_UNBOUND_LOG" && echo yes)"
	fi
	_check "visitor $k: no HTTPS (type 65) queries: the system resolver, not Chromium's own" "" \
		"$(grep -E 'info: 127\.0\.0\.1 .* (HTTPS|TYPE65) IN' "$VISITOR_UNBOUND_LOG" | head -2)"
	# the servers saw the visitor's own addresses
	_check "visitor $k: nginx saw Chromium from $VISITOR_ADDR4" yes \
		"$(_seen "$VISITOR_ADDR4")"
	if [ "$ipv6" = 1 ]; then
		_check "visitor $k: nginx saw Chromium from $VISITOR_ADDR6" yes \
			"$(_seen "$VISITOR_ADDR6")"
	fi

	if [ "$k" = dual ]; then
		# a page on a private address (fd00::) fetching from a loopback one (127.x), as the
		# connection test's page does: no Local/Private Network Access block
		got=$(timeout -k 5 120 ip netns exec "$v" /usr/bin/python3 "$VB" --timeout 15 \
			--json "fetch('http://127.0.10.3/', {mode: 'no-cors'}).then(function () { return 'loaded'; })" \
			"http://[fd00:80::3]/" 2>&1)
		_check "visitor $k: a page on [fd00:80::3] fetches http://127.0.10.3/ (no LNA block)" '"loaded"' "$got"
		# a second visitor at the same time: its own number, EUI-64 address and MAC
		local dual_link=$VISITOR_LINK
		if _vup eui64; then
			_check "visitor eui64: another number than dual's" yes "$([ "$VISITOR_LINK" != "$dual_link" ] && echo yes)"
			_check "visitor eui64: MAC" 00:1b:21:3a:4f:5e "$VISITOR_MAC"
			_check "visitor eui64: EUI-64 interface id" yes \
				"$([[ $VISITOR_ADDR6 == 2001:db8:cafe:*:21b:21ff:fe3a:4f5e ]] && echo yes || echo "$VISITOR_ADDR6")"
			_check "visitor eui64: curl -6 https://www.secure.$TLDN/" "$STD_TITLE" "$(_curl eui64 -6 "https://www.secure.$TLDN/")"
			_check "visitor eui64: nginx saw $VISITOR_ADDR6" yes \
				"$(grep -qF "$VISITOR_ADDR6 - " "$E2E_DIR/log/nginx-access.log" && echo yes)"
			_check "visitor dual: still answers while eui64 is up" "$STD_TITLE" "$(_curl dual -6 "https://www.secure.$TLDN/")"
			_vdown eui64
		fi
		# shellcheck disable=SC1090
		. "$E2E_DIR/visitors/$v/env"
	fi
	_vdown "$k"
}

for kind in dual v4only noval res4; do
	visitor_checks "$kind"
done
_check "the fixture's own resolver still answers" yes \
	"$(grep -q 'status: NOERROR' <<<"$(ip netns exec "$E2E_NETNS" dig +time=2 +tries=1 @127.0.0.53 "www.secure.$TLDN" A)" && echo yes)"
_check "no visitor of this run is left" "" "$(ip netns list | awk '{print $1}' | grep -F "${E2E_NETNS}-")"
echo "# visitor timings: $(IFS=';'; echo "${TIMES[*]}")"
