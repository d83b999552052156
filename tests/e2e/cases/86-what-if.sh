# shellcheck shell=bash
# 86-what-if -- testing before go-live (issue 21): name overrides (--resolve) and zone
# overlays (--zone), the "what_if" object and the banner of the report.
#
# The staging copy: STAGE4/STAGE6 (127.0.48.1, fd00:48::1) serve the standard site's nginx
# configuration, and no name points there (tests/fixture/README.md). perfect.example tested
# on its published addresses and again with both names overridden to the staging copy must get
# the same score and the same verdict in every subtest; the technical details name the staging
# addresses as the ones tested. RPKI still judges the published addresses (127.0.48.0/24 has
# no route in the fixture: were the overrides used there, web_rpki would fail).
#
# Zone overlays: caa-none.example has no CAA and no TLSA (tls_caa warning, dane_exist info,
# dane_valid not tested). Its own zone file plus a CAA and a TLSA record, signed with the
# zone's own keys (the DS in example. matches), makes those three pass without touching the
# fixture's DNS; unsigned, the overlay counts as insecure (web_dnssec_exist failed); signed
# with a new key the parent has no DS for, it is bogus, as it would be when published so.
# mx-signed.example's MX has no TLSA (mail_starttls_dane_exist failed); an overlay adding
# _25._tcp.mx makes it pass.

S4=127.0.48.1; S6=fd00:48::1
W=$E2E_WORK/what-if
mkdir -p "$W"

# --- name overrides: the staging copy gets the production score -------------------------
ic web perfect.example
prod=$IC_JSON
expect_overall 100
ic web perfect.example --resolve "perfect.example=$S4,$S6" --resolve "www.perfect.example=$S4,[$S6]"
_check "staging copy: the same score as production" "$(jq .scoring.percentage "$prod")" \
	"$(jq .scoring.percentage "$IC_JSON")"
_check "staging copy: every subtest's status and verdict as in production" "[]" \
	"$(jq -c -n --slurpfile a "$prod" --slurpfile b "$IC_JSON" \
		'[$a[0].results.tests | to_entries[] | select(. != {key, value: $b[0].results.tests[.key]}) | .key]')"
expect_json '.technical.webservers.ipv4.tested_address' "$S4"
expect_json '.technical.webservers.ipv6.tested_address' "$S6"
expect_json '.what_if.resolve | map(.name + "=" + (.addresses | join(","))) | join(" ")' \
	"perfect.example=$S4,$S6 www.perfect.example=$S4,$S6"
expect_json '.what_if.resolve[0].port' null
expect_json '.what_if.zones | length' 0
expect_json '.results.categories.web_rpki.status' passed   # the published addresses

# the override is really what the probes connect to: the TLS 1.0-only server as "staging"
ic web perfect.example --resolve "perfect.example=127.0.41.4"
expect_test web_https_tls_version failed bad
expect_json '.technical.webservers.ipv4.tested_address' 127.0.41.4
# no IPv6 address given: the web server counts as having none (its AAAA is not connected to)
expect_test web_ipv6_ws_address failed bad
# for port 443 only (curl's spelling): HTTPS on the TLS 1.0 server as well
ic web perfect.example --resolve "perfect.example:443:127.0.41.4,$S6"
expect_test web_https_tls_version failed bad
expect_json '.what_if.resolve[0].port' 443

# mail: the MX of mail-nostarttls.example offers no STARTTLS; the standard MX as its stand-in
ic mail mail-nostarttls.example
expect_test mail_starttls_tls_available error other   # unreachable for STARTTLS (§3.10)
ic mail mail-nostarttls.example --resolve "mail.mail-nostarttls.example=127.0.25.1,fd00:25::1"
expect_test mail_starttls_tls_available passed good
expect_json '.what_if.resolve[0].name' mail.mail-nostarttls.example

# tls: the address connected to is the override's
ictls perfect.example --resolve "perfect.example:443=127.0.41.4"
expect_json '.target.address' 127.0.41.4
expect_json '.what_if.resolve[0].port' 443
expect_json '.versions."TLS 1.0"' true
ictls perfect.example --resolve "perfect.example:8443=127.0.41.4"
expect_json '.target.address' 127.0.10.1     # an override for another port does not apply

# --- zone overlays ---------------------------------------------------------------------
INC=$(date -u -d '1 day ago' +%Y%m%d%H%M%S); EXP=$(date -u -d '10 days' +%Y%m%d%H%M%S)
tlsa=$(awk '$1 == "_443._tcp" && $2 == "TLSA" {print $NF; exit}' "$E2E_DIR/dns/perfect.example.zone")
_check "the TLSA digest of the standard key is known" 64 "${#tlsa}"
# overlay ZONE SUFFIX RECORDS... -- DIR's zone file of ZONE plus RECORDS, as $W/ZONE.SUFFIX
overlay() {
	local zone=$1 out=$W/$1.$2; shift 2
	cp "$E2E_DIR/dns/$zone.zone" "$out"
	printf '%s\n' "$@" >> "$out"
	echo "$out"
}
# sign FILE ZONE [KEYS...] -- FILE.signed with the zone's own keys (or KEYS)
sign() {
	local f=$1 zone=$2; shift 2
	[ $# -gt 0 ] || set -- $(ls "$E2E_DIR/dns/keys/K$zone".+*.key | sed 's/\.key$//')
	ldns-signzone -i "$INC" -e "$EXP" -o "$zone" "$f" "$@" 2>> "$W/sign.log"
}
caa=$(overlay caa-none.example new "@ CAA 0 issue \"letsencrypt.org\"" \
	"_443._tcp TLSA 3 1 1 $tlsa" "_443._tcp.www TLSA 3 1 1 $tlsa")
sign "$caa" caa-none.example
_check "the overlay is signed" yes "$([ -s "$caa.signed" ] && echo yes)"

ic web caa-none.example
expect_test web_https_tls_caa warning bad
expect_test web_https_dane_exist info bad
expect_test web_https_dane_valid not_tested not-tested
ic web caa-none.example --zone "$caa.signed"
expect_test web_https_tls_caa passed good
expect_test web_https_dane_exist passed good
expect_test web_https_dane_valid passed good
expect_test web_dnssec_valid passed good
expect_json '.what_if.zones[0] | [.origin, .dnssec] | join(" ")' "caa-none.example signed"
expect_json '.what_if.resolve | length' 0
# the fixture's DNS is untouched: its resolver still has no CAA for the name
_check "the published zone still has no CAA" "" \
	"$(ip netns exec "$E2E_NETNS" dig +short CAA caa-none.example @127.0.0.53)"

# unsigned: insecure, never bogus; CAA is judged all the same, TLSA without DNSSEC is none
ic web caa-none.example --zone "$caa"
expect_test web_dnssec_exist failed bad
expect_test web_https_tls_caa passed good
expect_test web_https_dane_exist info bad
expect_json '.what_if.zones[0].dnssec' unsigned
# signed with a key the parent has no DS for: bogus, as that file would be once published
mkdir -p "$W/newkey"
newkeys=$(cd "$W/newkey" && ldns-keygen -a ECDSAP256SHA256 -k caa-none.example && \
	ldns-keygen -a ECDSAP256SHA256 caa-none.example)
cp "$caa" "$W/caa-none.newkey"
sign "$W/caa-none.newkey" caa-none.example $(printf "$W/newkey/%s " $newkeys)
ic web caa-none.example --zone "$W/caa-none.newkey.signed"
expect_test web_dnssec_valid failed bad
expect_json '.technical.domain.dnssec.status' bogus

# mail: TLSA for the MX in an overlay turns dane_exist from failed to passed
ic mail mx-signed.example
expect_test mail_starttls_dane_exist failed bad
mx=$(overlay mx-signed.example new "_25._tcp.mx TLSA 3 1 1 $tlsa")
sign "$mx" mx-signed.example
ic mail mx-signed.example --zone "$mx.signed"
expect_test mail_starttls_dane_exist passed good
expect_test mail_starttls_dane_valid passed good

# the banner of the report for people says what was assumed, in every format
expect_exit 0 icfix web caa-none.example --allow-private --zone "$caa" --resolve "www.caa-none.example=$S4"
expect_stdout '^What-if test'
expect_stdout "www.caa-none.example: connected to $S4"
expect_stdout 'Zone caa-none.example answered from .* unsigned'
expect_exit 0 icfix web caa-none.example --allow-private --zone "$caa" --format markdown
expect_stdout '^> \*\*What-if test'
expect_exit 0 icfix web caa-none.example --allow-private --zone "$caa" --format html
expect_stdout '<div class="whatif">'
expect_exit 0 icfix web caa-none.example --allow-private --lang nl --zone "$caa"
expect_stdout '^Wat-als-test'

# --- bad input: exit 2, said plainly --------------------------------------------------
expect_exit 2 icfix web perfect.example --allow-private --zone /nonexistent.zone
expect_stderr 'cannot read zone file /nonexistent.zone'
grep -v SOA "$caa" > "$W/nosoa.zone"
expect_exit 2 icfix web perfect.example --allow-private --zone "$W/nosoa.zone"
expect_stderr 'has no SOA record'
{ cat "$caa"; echo "broken A 300.1.1.1"; } > "$W/syntax.zone"
expect_exit 2 icfix web perfect.example --allow-private --zone "$W/syntax.zone"
expect_stderr "syntax.zone, line $(( $(wc -l < "$caa") + 1 ))"
expect_exit 2 icfix web perfect.example --allow-private --zone "$caa" --zone "$caa.signed"
expect_stderr 'are both the zone caa-none.example'
expect_exit 2 icfix web perfect.example --resolve perfect.example
expect_stderr 'NAME\[:PORT\]=ADDRESS'
expect_exit 2 icfix web perfect.example --resolve perfect.example=999.1.1.1
expect_stderr 'not an IP address'
expect_exit 2 icfix web perfect.example --resolve perfect.example=$S4 --resolve PERFECT.example.=$S6
expect_stderr 'given twice'
expect_exit 2 icraw tls 127.0.10.1 --resolve "perfect.example=$S4"
expect_stderr 'need a HOST name'
echo perfect.example > "$W/list"
expect_exit 2 icfix batch web "$W/list" --resolve "perfect.example=$S4"
expect_stderr 'for one test'
