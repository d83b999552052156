# shellcheck shell=bash
# 96-rpki -- the RPKI categories web_rpki (spec §3.5) and mail_rpki (§3.11): host groups,
# route origins from the fixture's RIS-style whois server (127.0.43.1:43, routes of
# tests/fixture/rpki/routes.tsv, >= 10 peers), origin validation against the VRP files
# (DIR/rpki/vrps*.json|csv) or the Routinator-style API (127.0.43.2:8323), the AS0 existence
# trick for unrouted addresses, BGP source / validator trouble -> error, points (§4.1:
# exists 5 + valid 10 per group), the category icon with override_mandatory False (§2.5),
# and the technical routing entries (§5.4). Scenarios: tests/fixture/README.md "RPKI".
# ic adds --allow-private, so the fixture's private addresses are looked up like global ones.

addr4() { echo ".technical.webservers.ipv4.addresses[] | select(.address == \"$1\")"; }
addr6() { echo ".technical.webservers.ipv6.addresses[] | select(.address == \"$1\")"; }
web_rpki() {  # STATUS/VERDICT of the four web subtests, then the category status and percentage
	expect_test web_rpki_exists "${1%/*}" "${1#*/}"
	expect_test web_rpki_valid "${2%/*}" "${2#*/}"
	expect_test web_ns_rpki_exists "${3%/*}" "${3#*/}"
	expect_test web_ns_rpki_valid "${4%/*}" "${4#*/}"
	expect_category web_rpki "$5"
	expect_percent web_rpki "$6"
	expect_max_points web_rpki 30
}

# ---- valid routes and ROAs everywhere ----
ic web rpki-valid.example
web_rpki passed/good passed/good passed/good passed/good passed 100
expect_json "$(addr4 127.0.70.1).routing" '[{"origin":"AS64500","route":"127.0.70.0/24","rov_state":"valid"}]'
expect_json "$(addr6 fd00:70::1).routing" '[{"origin":"AS64500","route":"fd00:70::/48","rov_state":"valid"}]'
# the IPv6 probe's entry is extended, not duplicated (§5.4)
expect_json "[$(addr4 127.0.70.1)] | length" 1
expect_json "$(addr4 127.0.70.1).reachable | type" boolean
expect_json '[.technical.nameservers[].ipv4.addresses[].routing[].route] | unique' '["127.0.3.0/24"]'
expect_json '[.technical.nameservers[].ipv6.addresses[].routing[].rov_state] | unique' '["valid"]'
# one whois question per /24 or /48 and test: ns1 and ns2 share 127.0.3.0/24 and fd00:53::/48
# (a fresh run: --timeout 25 makes it a new cache entry; the stub logs every question)
whois_log=$E2E_DIR/log/rpki-stub.out
n4=$(grep -cF -- "-L 127.0.3.0'" "$whois_log"); n6=$(grep -cF -- "-L fd00:53::'" "$whois_log")
ic web rpki-valid.example --timeout 25
expect_test web_ns_rpki_valid passed good
_check "web rpki-valid.example: one whois question for 127.0.3.0/24" 1 \
	"$(( $(grep -cF -- "-L 127.0.3.0'" "$whois_log") - n4 ))"
_check "web rpki-valid.example: one whois question for fd00:53::/48" 1 \
	"$(( $(grep -cF -- "-L fd00:53::'" "$whois_log") - n6 ))"
expect_json 'has("partial")' false
expect_scoring_formula

# ---- a route without ROA: not-found; existence warning but 0 points (§3.5 note, #1900) ----
ic web rpki-noroa.example
web_rpki warning/bad failed/bad passed/good passed/good failed 50
expect_json "$(addr4 127.1.71.1).routing[0].rov_state" not-found
expect_json "$(addr6 fd01:71::1).routing[0].route" fd01:71::/48

# ---- origin mismatch: invalid (as), forced failed; the covering ROA still exists ----
ic web rpki-invalid-as.example
web_rpki passed/good failed/invalid passed/good passed/good failed 66
expect_json "$(addr4 127.0.72.1).routing" '[{"origin":"AS64511","route":"127.0.72.0/24","rov_state":"invalid (as)"}]'

# ---- too specific an announcement: invalid (length) ----
ic web rpki-invalid-length.example
web_rpki passed/good failed/invalid passed/good passed/good failed 66
expect_json "$(addr4 127.0.73.1).routing" '[{"origin":"AS64500","route":"127.0.73.0/25","rov_state":"invalid (length)"}]'
expect_json "$(addr6 fd00:73::1).routing[0].rov_state" 'invalid (length)'

# ---- unrouted but covered by a ROA: not-routed (full points), existence from the AS0 trick ----
ic web rpki-unrouted.example
web_rpki passed/good not_tested/not-routed passed/good passed/good passed 100
expect_json "$(addr4 127.0.74.1).routing" '[]'

# ---- unrouted and no ROA: existence bad (warning icon: nothing failed), 25/30 ----
ic web rpki-unrouted-noroa.example
web_rpki warning/bad not_tested/not-routed passed/good passed/good warning 83

# ---- §3.5 step 2: a route seen by 9 peers is dropped, 10 is enough ----
ic web rpki-peers.example
web_rpki passed/good passed/good passed/good passed/good passed 100
expect_json "$(addr4 127.0.76.1).routing" '[{"origin":"AS64500","route":"127.0.76.0/24","rov_state":"valid"}]'

# ---- two origins for one prefix: one valid, one invalid -> invalid ----
ic web rpki-moas.example
web_rpki passed/good failed/invalid passed/good passed/good failed 66
expect_json "[$(addr4 127.0.77.1).routing[] | \"\(.origin) \(.rov_state)\"] | sort | join(\";\")" \
	'AS64500 valid;AS64512 invalid (as)'

# ---- mixed addresses in one group: one valid, one without ROA ----
ic web rpki-mixed.example
web_rpki warning/bad failed/bad passed/good passed/good failed 50

# ---- mixed groups (§4.3): ROAs for the web server, none for the name servers ----
IC_RPKI_ARGS=(--rpki-vrps "$E2E_DIR/rpki/vrps-no-ns.json" --bgp-whois 127.0.43.1)
ic web rpki-valid.example
web_rpki passed/good passed/good warning/bad failed/bad failed 50
expect_json '[.technical.nameservers[].ipv4.addresses[].routing[].rov_state] | unique' '["not-found"]'
# §4.3: "no ROAs anywhere" -> RPKI 0 + 15 (nothing is unrouted) ... here: every route not-found
IC_RPKI_ARGS=(--rpki-vrps "$E2E_DIR/rpki/vrps-empty.json" --bgp-whois 127.0.43.1)
ic web rpki-valid.example
web_rpki warning/bad failed/bad warning/bad failed/bad failed 0

# ---- the four VRP file formats give the same verdicts ----
for f in vrps-routinator.json vrps.csv vrps-routinator.csv; do
	IC_RPKI_ARGS=(--rpki-vrps "$E2E_DIR/rpki/$f" --bgp-whois 127.0.43.1)
	ic web rpki-invalid-as.example
	web_rpki passed/good failed/invalid passed/good passed/good failed 66
	ic web rpki-unrouted-noroa.example
	web_rpki warning/bad not_tested/not-routed passed/good passed/good warning 83
done

# ---- the Routinator-style API instead of a file: the same verdicts ----
IC_RPKI_ARGS=(--rpki-validator http://127.0.43.2:8323 --bgp-whois 127.0.43.1)
ic web rpki-valid.example
web_rpki passed/good passed/good passed/good passed/good passed 100
expect_json "$(addr4 127.0.70.1).routing[0].rov_state" valid
ic web rpki-invalid-length.example
web_rpki passed/good failed/invalid passed/good passed/good failed 66
ic web rpki-noroa.example
web_rpki warning/bad failed/bad passed/good passed/good failed 50
ic web rpki-unrouted.example
web_rpki passed/good not_tested/not-routed passed/good passed/good passed 100
ic web rpki-unrouted-noroa.example
web_rpki warning/bad not_tested/not-routed passed/good passed/good warning 83

# ---- validator unavailable (§3.5: error, no points): 503 while starting, not JSON, an
# unknown state, nothing listening ----
for url in http://127.0.43.2:8323/starting http://127.0.43.2:8323/garbage \
           http://127.0.43.2:8323/badstate http://127.0.43.2:1; do
	IC_RPKI_ARGS=(--rpki-validator "$url" --bgp-whois 127.0.43.1)
	ic web rpki-valid.example
	web_rpki error/not-tested error/not-tested error/not-tested error/not-tested error 0
done
expect_json '[.warnings[] | select(test("^RPKI: .*127.0.43.2:1"))] | length > 0' true

# ---- no relying party at all: every group with addresses is an error (§6.1) ----
IC_RPKI_ARGS=(--bgp-whois 127.0.43.1)
ic web rpki-valid.example
web_rpki error/not-tested error/not-tested error/not-tested error/not-tested error 0
expect_json '[.warnings[] | select(test("no relying party"))] | length' 1

# ---- BGP source unavailable: validity error, existence still from the AS0 trick:
# refused, an answer over 1 MiB, invalid UTF-8 ----
for port in 4399 4301 4302; do
	IC_RPKI_ARGS=(--rpki-vrps "$E2E_DIR/rpki/vrps.json" --bgp-whois "127.0.43.1:$port")
	ic web rpki-valid.example
	web_rpki passed/good error/not-tested passed/good error/not-tested error 33
	expect_json "$(addr4 127.0.70.1).routing" '[]'
done
# an answer without route objects is no routes, not an error
IC_RPKI_ARGS=(--rpki-vrps "$E2E_DIR/rpki/vrps.json" --bgp-whois 127.0.43.1:4303)
ic web rpki-valid.example
web_rpki passed/good not_tested/not-routed passed/good not_tested/not-routed passed 100
# the whois server over IPv6
IC_RPKI_ARGS=(--rpki-vrps "$E2E_DIR/rpki/vrps.json" --bgp-whois '[fd00:43::1]:43')
ic web rpki-invalid-as.example
web_rpki passed/good failed/invalid passed/good passed/good failed 66
IC_RPKI_ARGS=("${IC_RPKI_DEFAULT[@]}")

# ---- mail: MX, NS and MX-NS groups (§3.11) ----
ic mail rpki-mail.example
expect_test mail_rpki_exists passed good
expect_test mail_rpki_valid failed invalid
expect_test mail_ns_rpki_exists passed good
expect_test mail_ns_rpki_valid passed good
expect_test mail_mx_ns_rpki_exists passed good
expect_test mail_mx_ns_rpki_valid passed good
expect_category mail_rpki failed
expect_max_points mail_rpki 45
expect_percent mail_rpki 77
expect_json '.technical.receiving_mailservers["mx1.rpki-mail.example."].addresses.ipv4.addresses[0].routing[0].route' 127.0.70.0/24
expect_json '.technical.receiving_mailservers["mx2.rpki-invalid-as.example."].addresses.ipv4.addresses[0].routing[0].rov_state' 'invalid (as)'
# §5.4 mx_nameservers: {"<ns>": {"<ip>": [routes]}}, the NS of both MX names' zones
expect_json '.technical.mx_nameservers | keys | map(test("rpki-(mail|invalid-as)\\.example")) | all' true
expect_json '[.technical.mx_nameservers[] | to_entries[] | .value[].rov_state] | unique' '["valid"]'
expect_scoring_formula

ic mail rpki-mail-ok.example
for t in mail_rpki_exists mail_rpki_valid mail_ns_rpki_exists mail_ns_rpki_valid \
         mail_mx_ns_rpki_exists mail_mx_ns_rpki_valid; do
	expect_test "$t" passed good
done
expect_percent mail_rpki 100

# Null MX: the MX and MX-NS groups are empty -> not tested with full points (§3.13)
ic mail nullmx.example
expect_test mail_rpki_exists not_tested no-addresses
expect_test mail_rpki_valid not_tested not-tested
expect_test mail_mx_ns_rpki_exists not_tested no-addresses
expect_test mail_mx_ns_rpki_valid not_tested not-tested
expect_test mail_ns_rpki_valid passed good
expect_category mail_rpki passed
expect_percent mail_rpki 100
expect_json '.technical.mx_nameservers' '{}'

# (Without --allow-private nothing in the fixture resolves since issue 15 -- the resolver
# obeys the target guard and every fixture server is special-purpose -- so the rule "no
# whois question for a non-global address" (§3.5 step 1) cannot be reached here any more.)

# ---- bad RPKI input on the command line: exit 2 with a reason ----
expect_exit 2 icfix web rpki-valid.example --rpki-vrps "$E2E_DIR/rpki/vrps.json" \
	--rpki-validator http://127.0.43.2:8323
expect_stderr 'not both'
expect_exit 2 icraw web rpki-valid.example --rpki-vrps /nonexistent/vrps.json
expect_stderr 'vrps.json'
printf '{"roas":[{"asn":64500,"prefix":"192.0.2.1/24","maxLength":24}]}' > "$E2E_WORK/bad-vrps.json"
expect_exit 2 icraw web rpki-valid.example --rpki-vrps "$E2E_WORK/bad-vrps.json"
expect_stderr 'bad-vrps.json.*host bits'
expect_exit 2 icraw web rpki-valid.example --rpki-validator ftp://127.0.43.2/
expect_stderr 'rpki-validator'
expect_exit 2 icraw web rpki-valid.example --bgp-whois '127.0.43.1:0'
expect_stderr 'bgp-whois'
expect_exit 2 icraw web rpki-valid.example --bgp-whois ''
expect_stderr 'bgp-whois'
