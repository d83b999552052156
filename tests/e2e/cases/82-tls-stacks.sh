# shellcheck shell=bash
# 82-tls-stacks -- `inetcheck tls` against the TLS server stacks of issue 14 (tests/fixture/
# README.md "TLS server stacks": real servers from Debian packages on 127.0.44.N, named
# <stack>.stacks.example). Web rules (spec §3.3.2-§3.3.8, §8 items 15-22).
#
# Every expected value is what the server does, established without inetcheck: one
# `openssl s_client` handshake per version, per TLS 1.2 suite (each of OpenSSL's suites
# offered alone, @SECLEVEL=0), per TLS 1.3 suite and per group (at the server's highest
# version; in TLS 1.2 with ECDHE suites only, and for RFC 4492 servers with an ECDSA leaf
# also "group + P-256", read back from "Server Temp Key"), both orders of two accepted
# suites (server preference), -sigalgs with only SHA-1 / only SHA-224 (key-exchange hash),
# "Extended master secret" and "Secure Renegotiation" of a TLS 1.2 handshake, 11 "R"
# commands on one connection (client renegotiation), and a resumption with early data;
# cross-checked with `sslscan --show-sigs` (which itself gets nothing from wolfSSL: its
# hellos are too big, issue 14 item 2). README.md "TLS server stacks" has the table.
#
# Then --max-conns 1 on the one-connection servers (never two connections in flight, and the
# same facts), and the repeat test: the same scan five times must give the same facts (the
# JSON minus elapsed_ms, connections, concurrency and timings) on every stack.

# shellcheck source=../../fixture/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../fixture/lib/common.sh"
STACK_CA=$E2E_DIR/pki/ca.crt

# scan STACK -- make `inetcheck tls <address>:443 --sni <stack>.stacks.example` the subject
scan() {
	local v; v=$(stack_var "$1")
	ictls "${!v}:443" --sni "$1.stacks.$TLD"
}
words() { tr -s ' \t\n' '\n' <<<"$*" | grep -v '^$' | LC_ALL=C sort | paste -sd' ' -; }
# versions "TLS1.0 TLS1.1 TLS1.2 TLS1.3" as true/false; SSL 2.0 and 3.0 are never there
expect_versions() {
	expect_json '.versions | [.["SSL 2.0"], .["SSL 3.0"], .["TLS 1.0"], .["TLS 1.1"], .["TLS 1.2"], .["TLS 1.3"]] | map(tostring) | join(" ")' "false false $*"
}
# suites VERSION "CODE..." -- exactly these suites accepted at VERSION (count, then the set)
expect_suites() {
	local want; want=$(words "$2")
	expect_json "[.suites[] | select(.version == \"$1\")] | length" "$(wc -w <<<"$want")"
	expect_json "[.suites[] | select(.version == \"$1\") | .code] | sort | join(\" \")" "$want"
}
# groups "NAME..." -- exactly these groups (inetcheck's names), at the highest version
expect_groups() {
	expect_json '[.groups[]?.name] | sort | join(" ")' "$(words "$*")"
}
# groups_include "NAME..." -- at least these groups (TLS 1.2 servers that pick the group by
# their own preference and insist on the ECDSA leaf's curve: the rest cannot be told apart)
expect_groups_include() {
	local g
	for g in "$@"; do expect_json "[.groups[]?.name] | index(\"$g\") != null" true; done
}
# the certificate: obtained, the leaf alone, trusted (fixture CA), name matches
expect_leaf() {  # KEY (EC-256 | RSA-3072)
	expect_json '.certificate.obtained' true
	expect_json '.certificate.chain | length' 1
	expect_json '.certificate.chain[0].key' "$1"
	expect_json '.certificate.trusted' true
	expect_json '.certificate.hostmatch' true
	for k in cert_trust cert_pubkey cert_signature cert_hostmatch; do expect_sub "$k" passed good; done
}
# what no stack does: compression, 0-RTT (no early data in any ticket), OCSP (no AIA)
expect_common() {
	expect_json '.status' ok
	expect_json '.enumeration_aborted' false
	expect_sub https_exists passed good
	expect_sub tls_compression passed good
	expect_sub zero_rtt passed good
	expect_sub ocsp_stapling not_tested not-in-cert
	expect_json '.features.compression' false
	expect_tls_score
}
# TLS 1.2 facts: RFC 5746, EMS, client renegotiations (of 11)
expect_tls12() {  # EMS(supported|not_supported) RENEGS
	expect_json '.features.secure_renegotiation' true
	expect_sub renegotiation_secure passed good
	expect_json '.features.extended_master_secret' "$1"
	if [ "$1" = supported ]; then expect_sub extended_master_secret passed good
	else expect_sub extended_master_secret failed bad; fi
	expect_json '.features.client_renegotiation' "$2"
	case $2 in
	0) expect_sub renegotiation_client passed not-allowed ;;
	11) expect_sub renegotiation_client info allowed-with-too-high-limit ;;
	*) expect_sub renegotiation_client info allowed-with-low-limit ;;
	esac
}
T13_ALL="0x1301 0x1302 0x1303 0x1304"      # AES-128-GCM, AES-256-GCM, CHACHA20, AES-128-CCM
T13_OPENSSL="0x1301 0x1302 0x1303"         # OpenSSL's default TLS 1.3 list (no CCM)
EC5="X25519 X448 secp256r1 secp384r1 secp521r1"
FF5="ffdhe2048 ffdhe3072 ffdhe4096 ffdhe6144 ffdhe8192"

# ---- gnutls: gnutls-serv, GnuTLS 3.7.9 defaults (NORMAL): TLS 1.0-1.3, ECDHE-ECDSA with
# CBC-SHA, CCM and AEAD, client order, SHA-1 signatures accepted, renegotiation unlimited
scan gnutls
expect_common
expect_versions true true true true
expect_suites "TLS 1.2" "0xc009 0xc00a 0xc02b 0xc02c 0xc0ac 0xc0ad 0xcca9"
expect_suites "TLS 1.3" "$T13_ALL"
expect_groups "$EC5 $FF5"                   # TLS 1.3 key shares: also the five FFDHE groups
expect_json '.cipher_order.result' good     # no phase-out suite: order does not matter (§8 item 18)
expect_json '.cipher_order.server_preference' false
expect_tls12 supported 11
expect_sub tls_version failed bad
expect_sub tls_ciphers failed bad           # ECDHE-ECDSA-AES*-SHA (CBC-SHA1)
expect_sub fs_params passed good
expect_sub tls_cipher_order passed good
expect_sub kex_hash_func failed bad         # signs with SHA-1 when only SHA-1 is offered
expect_leaf EC-256

# ---- gnutls-ffdhe: TLS 1.3 only, groups X25519 + ffdhe2048 + ffdhe3072 (§8 item 17: na
# everywhere; issue 14 item 5: FFDHE key shares; item 7: no RFC 5746 fact without TLS 1.2)
scan gnutls-ffdhe
expect_common
expect_versions false false false true
expect_suites "TLS 1.2" ""
expect_suites "TLS 1.3" "$T13_ALL"
expect_groups X25519 ffdhe2048 ffdhe3072
expect_json '.cipher_order.result' na
expect_json '.features.secure_renegotiation' null
expect_json '.features.extended_master_secret' na_no_tls_1_2
expect_sub tls_version passed good
expect_sub tls_ciphers passed good
expect_sub fs_params passed na
expect_sub tls_cipher_order passed na
expect_sub renegotiation_secure passed good   # §3.3.4: TLS 1.3-only is treated as supported
expect_sub renegotiation_client passed not-allowed
expect_sub kex_hash_func passed good
expect_sub extended_master_secret not_tested na-no-tls-1-2
expect_leaf EC-256

# ---- sserver: `openssl s_server -no_tls1_3 -cipher 'ALL:@SECLEVEL=0' -client_renegotiation
# -www -quiet`, RSA-3072 leaf, one connection at a time (issue 14 item 1: truth 56 suites)
scan sserver
expect_common
expect_versions true true true false
expect_suites "TLS 1.2" "0x002f 0x0033 0x0034 0x0035 0x0039 0x003a 0x003c 0x003d 0x0041 0x0045
	0x0046 0x0067 0x006b 0x006c 0x006d 0x0084 0x0088 0x0089 0x009c 0x009d 0x009e 0x009f 0x00a6
	0x00a7 0x00ba 0x00be 0x00bf 0x00c0 0x00c4 0x00c5 0xc013 0xc014 0xc018 0xc019 0xc027 0xc028
	0xc02f 0xc030 0xc050 0xc051 0xc052 0xc053 0xc060 0xc061 0xc076 0xc077 0xc09c 0xc09d 0xc09e
	0xc09f 0xc0a0 0xc0a1 0xc0a2 0xc0a3 0xcca8 0xccaa"
expect_json '[.suites[] | select(.iana == "TLS_RSA_WITH_AES_128_CBC_SHA" or .iana == "TLS_DH_anon_WITH_AES_128_GCM_SHA256" or .iana == "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")] | length' 3
expect_suites "TLS 1.3" ""
expect_groups "$EC5"                          # TLS 1.2: OpenSSL's default EC groups
expect_json '[.suites[] | select(.iana == "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256") | .kex] | join(",")' DH-3072
expect_json '.cipher_order.result' bad        # client order, phase-out and sufficient suites
expect_json '.cipher_order.server_preference' false
expect_tls12 supported 11
expect_sub tls_version failed bad
expect_sub tls_ciphers failed bad
expect_sub fs_params failed bad               # OpenSSL's automatic DH for RSA-3072 is the RFC 3526
expect_json '.details.kex_params_bad | join(",")' DH-3072   # MODP prime, not ffdhe3072 (§3.3.3)
expect_sub tls_cipher_order failed bad
expect_sub kex_hash_func failed bad
expect_leaf RSA-3072

# ---- mbedtls: lighttpd 1.4.69 + mod_mbedtls (mbed TLS 2.28) defaults: TLS 1.2 only,
# AEAD + CCM + CCM_8, server order, SHA-224 accepted
scan mbedtls
expect_common
expect_versions false false true false
expect_suites "TLS 1.2" "0xc02b 0xc02c 0xc0ad 0xc0af 0xcca9"
expect_suites "TLS 1.3" ""
expect_groups_include secp256r1 secp384r1 secp521r1 brainpoolP384r1 brainpoolP512r1
expect_json '.cipher_order.result' good
expect_json '.cipher_order.server_preference' true
expect_tls12 supported 0
expect_sub tls_version passed good
expect_sub tls_ciphers failed bad             # TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8
expect_sub fs_params passed good
expect_sub tls_cipher_order passed good
expect_sub kex_hash_func warning phase-out
expect_leaf EC-256

# ---- wolfssl: lighttpd + mod_wolfssl (wolfSSL 5.5) defaults: TLS 1.2 + 1.3; it answers a
# ClientHello with more than 150 suites with decode_error (issue 14 item 2) and drops
# every TLS 1.2 hello with status_request (item 3): TLS 1.2, its suites, EMS, order and the
# certificate must still be found. (Offered alone, the PSK suites 0xccab-0xccad get a
# ServerHello too, but no PSK is configured, so no handshake with them can complete; an
# OpenSSL client, and so internet.nl, never offers PSK suites without a PSK: not counted.)
# wolfSSL also refuses an X25519 key share whose bit 255 is set (RFC 7748 says to mask it):
# a client sending 32 random bytes sees X25519 "refused" half the time -- the repeat catches it.
# For a group it lacks it answers a HelloRetryRequest without key_share (cookie only).
scan wolfssl
expect_common
expect_versions false false true true
expect_suites "TLS 1.2" "0xc02b 0xc02c 0xc0af 0xcca9"
expect_suites "TLS 1.3" "$T13_ALL"
expect_groups "$EC5 ffdhe2048 ffdhe3072"
expect_json '.cipher_order.result' good
expect_json '.cipher_order.server_preference' true
expect_tls12 supported 0
expect_sub tls_version passed good
expect_sub tls_ciphers failed bad             # CCM_8
expect_sub fs_params passed good
expect_sub tls_cipher_order passed good
expect_sub kex_hash_func passed good          # neither SHA-1 nor SHA-224 alone is accepted
expect_leaf EC-256

# ---- nss: lighttpd + mod_nss (NSS 3.87) defaults: TLS 1.2 AEAD, TLS 1.3 CHACHA20 only,
# server order, SHA-1 signatures accepted
scan nss
expect_common
expect_versions false false true true
expect_suites "TLS 1.2" "0xc02b 0xc02c 0xcca9"
expect_suites "TLS 1.3" "0x1303"
expect_groups "X25519 secp256r1 secp384r1 secp521r1 $FF5"
expect_json '.cipher_order.result' good
expect_json '.cipher_order.server_preference' true
expect_tls12 supported 0
expect_sub tls_version passed good
expect_sub tls_ciphers passed good
expect_sub fs_params passed good
expect_sub tls_cipher_order passed good
expect_sub kex_hash_func failed bad
expect_leaf EC-256

# ---- haproxy: HAProxy 2.6 defaults (OpenSSL DEFAULT, ssl-min-ver TLSv1.2, server order)
scan haproxy
expect_common
expect_versions false false true true
expect_suites "TLS 1.2" "0xc009 0xc00a 0xc023 0xc024 0xc02b 0xc02c 0xcca9"
expect_suites "TLS 1.3" "$T13_OPENSSL"
expect_groups "$EC5 $FF5"
expect_json '.cipher_order.result' good       # server order puts the AEAD suites first
expect_json '.cipher_order.server_preference' true
expect_tls12 supported 0
expect_sub tls_version passed good
expect_sub tls_ciphers failed bad             # CBC-SHA1
expect_sub fs_params passed good
expect_sub tls_cipher_order passed good
expect_sub kex_hash_func warning phase-out    # SHA-224 accepted (§8 item 19)
expect_leaf EC-256

# ---- stunnel: stunnel 5.68 defaults: OpenSSL DEFAULT list, client order, its own groups
scan stunnel
expect_common
expect_versions false false true true
expect_suites "TLS 1.2" "0xc009 0xc00a 0xc023 0xc024 0xc02b 0xc02c 0xc05c 0xc05d 0xc072 0xc073 0xc0ac 0xc0ad 0xc0ae 0xc0af 0xcca9"
expect_suites "TLS 1.3" "$T13_OPENSSL"
expect_groups "$EC5"
expect_json '.cipher_order.result' bad        # client order with ARIA/CAMELLIA/CBC-SHA256 phase-out suites
expect_json '.cipher_order.server_preference' false
expect_tls12 supported 0                   # "no renegotiation" alert
expect_sub tls_version passed good
expect_sub tls_ciphers failed bad
expect_sub fs_params passed good
expect_sub tls_cipher_order failed bad
expect_sub kex_hash_func warning phase-out
expect_leaf EC-256

# ---- caddy: Caddy 2.6 (Go crypto/tls): AEAD only, its own order, X25519 + P-256, no EMS
scan caddy
expect_common
expect_versions false false true true
expect_suites "TLS 1.2" "0xc02b 0xc02c 0xcca9"
expect_suites "TLS 1.3" "$T13_OPENSSL"
expect_groups X25519 secp256r1
expect_json '.cipher_order.result' good
expect_json '.cipher_order.server_preference' true
expect_tls12 not_supported 0
expect_sub tls_version passed good
expect_sub tls_ciphers passed good
expect_sub fs_params passed good
expect_sub tls_cipher_order passed good
expect_sub kex_hash_func failed bad
expect_leaf EC-256

# ---- botan: `botan tls_server` (Botan 2.19), default policy: TLS 1.2 only, AEAD, server
# order, one connection at a time; its default policy still has Google's experimental
# CECPQ1 suites 0x16b8 and 0x16ba (not in OpenSSL: found with raw ClientHellos, each
# offered alone answered with a ServerHello for it), which are not in any NCSC list
scan botan
expect_common
expect_versions false false true false
expect_suites "TLS 1.2" "0x16b8 0x16ba 0xc02b 0xc02c 0xcca9"
expect_suites "TLS 1.3" ""
expect_groups_include X25519 secp256r1
expect_json '.cipher_order.result' good
expect_json '.cipher_order.server_preference' true
expect_tls12 supported 0
expect_sub tls_version passed good
expect_sub tls_ciphers failed bad             # CECPQ1 (insufficient: listed nowhere)
expect_sub fs_params passed good
expect_sub tls_cipher_order passed good
expect_sub kex_hash_func passed good
expect_leaf EC-256

# ---- apache: Apache 2.4 mod_ssl with Debian's ssl.conf settings (HIGH:!aNULL, all -SSLv3,
# client order)
scan apache
expect_common
expect_versions false false true true
expect_suites "TLS 1.2" "0xc009 0xc00a 0xc023 0xc024 0xc02b 0xc02c 0xc05c 0xc05d 0xc072 0xc073 0xc0ac 0xc0ad 0xc0ae 0xc0af 0xcca9"
expect_suites "TLS 1.3" "$T13_OPENSSL"
expect_groups "$EC5 $FF5"
expect_json '.cipher_order.result' bad
expect_json '.cipher_order.server_preference' false
expect_tls12 supported 0
expect_sub tls_version passed good
expect_sub tls_ciphers failed bad
expect_sub fs_params passed good
expect_sub tls_cipher_order failed bad
expect_sub kex_hash_func warning phase-out
expect_leaf EC-256

# facts FILE -- the JSON without what may differ between two correct runs: how long it took
# and how it connected (elapsed_ms, connections, concurrency, timings)
facts() { jq -S 'del(.elapsed_ms, .connections, .concurrency, .timings)' "$1" 2>/dev/null; }
# facts_diff FILE1 FILE2 -- the top-level keys whose facts differ ("" when none)
facts_diff() {
	jq -rn --slurpfile a <(facts "$1") --slurpfile b <(facts "$2") \
		'[($a[0] // {}) as $x | ($b[0] // {}) as $y | ($x + $y | keys[]) as $k
		  | select($x[$k] != $y[$k]) | $k] | join(" ")' 2>/dev/null || echo "no JSON"
}

# ---- --max-conns 1 (issue 14 item 4): never more than one connection in flight, counted
# from the client's own connect() and close() calls (strace -f); on a one-connection server
# a sequential scan must still find everything (the facts above)
inflight() {  # STRACE-FILE ADDR -> the most sockets connected to ADDR:443 at once
	awk -v addr="$2" '
	/connect\(/ && index($0, "htons(443)") && index($0, "\"" addr "\"") && /<unfinished|= 0|EINPROGRESS/ {
		fd = $0; sub(/.*connect\(/, "", fd); sub(/[^0-9].*/, "", fd); open[fd] = 1
		n = 0; for (f in open) n++; if (n > max) max = n; next }
	/close\(/ { fd = $0; sub(/.*close\(/, "", fd); sub(/[^0-9].*/, "", fd); delete open[fd] }
	END { print max + 0 }' "$1"
}
for st in sserver gnutls; do
	v=$(stack_var "$st")
	out=$E2E_WORK/maxconns-$st
	timeout -k 5 "$IC_HARD_TIMEOUT" ip netns exec "$E2E_NETNS" strace -f -qq -e trace=connect,close -o "$out.strace" \
		"$IC_BIN" tls "${!v}:443" --sni "$st.stacks.$TLD" --allow-private --ca-file "$STACK_CA" --json \
		--timeout "$IC_TIMEOUT" --max-conns 1 > "$out.json" 2> "$out.err"
	_check "stack $st --max-conns 1: at most 1 connection in flight" 1 "$(inflight "$out.strace" "${!v}")"
	_check "stack $st --max-conns 1: the same facts as the default scan" "" \
		"$(scan "$st" >/dev/null; facts_diff "$IC_JSON" "$out.json")"
done

# ---- repeat: the same scan five times gives the same facts on every stack (issue 14: a
# probe that times out must not become "not accepted", so a one-connection server must
# not give a different answer each time). The first run is the scan above (cached by ic).
STACK_REPEAT=${STACK_REPEAT:-5}
for st in "${STACKS[@]}"; do
	v=$(stack_var "$st")
	scan "$st"
	diffs=()
	for ((i = 2; i <= STACK_REPEAT; i++)); do
		out=$E2E_WORK/repeat-$st-$i.json
		icraw tls "${!v}:443" --sni "$st.stacks.$TLD" --allow-private --ca-file "$STACK_CA" --json \
			--timeout "$IC_TIMEOUT" > "$out" 2> "$out.err"
		d=$(facts_diff "$IC_JSON" "$out")      # e.g. "suites versions"
		[ -z "$d" ] || diffs+=("run $i: $d")
	done
	_check "stack $st: $STACK_REPEAT scans give identical facts" "" "${diffs[*]}"
done
