# shellcheck shell=bash
# 10-cli -- command line, exit codes and the target guard.
# Exit codes (README / brief): 0 test ran, 1 score under --fail-under, 2 usage or bad
# input, 3 the test could not run.

# --- bad input: exit 2 ---
# §3.13: the domain must match ^(label\.)+([a-zA-Z]{2,63}|xn--…)$ -- an IPv4 literal has a
# numeric "TLD", so it is not a domain.
expect_exit 2 icfix web 127.0.0.1 --allow-private
expect_exit 2 icfix mail 127.0.0.1 --allow-private
# §3.13: no single-label names
expect_exit 2 icfix web localhost --allow-private
# §3.13: no underscores
expect_exit 2 icfix web under_score.example --allow-private
expect_exit 2 icraw web
expect_exit 2 icraw frobnicate secure.example
expect_exit 2 icfix web secure.example --allow-private --no-such-option
expect_exit 2 icraw web secure.example --allow-private --root-hints "$E2E_DIR/dns/root.hints" \
	--trust-anchor "$E2E_DIR/dns/does-not-exist.ds"

# --- the target guard: our name servers and servers are loopback/ULA addresses ---
# Without --allow-private neither the tester nor its resolver contacts them (issue 15):
# the fixture's root servers are on loopback/ULA, so nothing resolves (exit 3), and a
# warning says why. (tls with an address literal: 81-tls-cli; the resolver: 15-hostile.)
expect_exit 3 icfix web secure.example
expect_stderr 'special-purpose.*allow-private'
expect_exit 3 icfix mail secure.example
expect_stderr 'special-purpose.*allow-private'

# --- the test could not run: exit 3 ---
# §3.13 web pre-check: the name must have A or AAAA (NXDOMAIN here).
expect_exit 3 icfix web nx.secure.example --allow-private
# §3.13 web pre-check: NODATA for A and AAAA (the zone exists, the apex has only MX/TXT).
expect_exit 3 icfix web nullmx-noaddr.example --allow-private
# §3.6/§3.13 mail pre-check: SOA NXDOMAIN.
expect_exit 3 icfix mail does-not-exist.example --allow-private

# --- normal run, JSON envelope, --fail-under ---
expect_exit 0 icfix web secure.example --allow-private --json
ic web secure.example
expect_json '.domain' secure.example
expect_json '.test' web
expect_json '.status' ok
ic mail secure.example
expect_json '.domain' secure.example
expect_json '.test' mail
# §3.6: for mail, an e-mail address is reduced to its domain
ic mail postmaster@secure.example
expect_json '.domain' secure.example
# §3.13: a URL is reduced to its host
ic web https://www.secure.example/some/path
expect_json '.domain' www.secure.example
# DNSSEC of insecure.example is 20 % (§3.2), so the overall score is below 100.
expect_exit 1 icfix web insecure.example --allow-private --json --fail-under 100
expect_exit 0 icfix web secure.example --allow-private --json --fail-under 1

# --- inetcheck tls: usage errors (exit 2) ---
# HOST is required
expect_exit 2 icraw tls --allow-private
# ports are 1-65535
expect_exit 2 icraw tls secure.example:0 --allow-private
expect_stderr 'port'
expect_exit 2 icraw tls secure.example:65536 --allow-private
expect_exit 2 icraw tls 127.0.10.1:https --allow-private
expect_exit 2 icraw tls '[fd00:80::1' --allow-private
# only SMTP STARTTLS is implemented (§3.10)
expect_exit 2 icraw tls secure.example --starttls imap --allow-private
expect_stderr "starttls.*imap"
expect_exit 2 icraw tls secure.example --starttls --allow-private
expect_exit 2 icraw tls secure.example --max-conns 0 --allow-private
expect_exit 2 icraw tls secure.example --ehlo client.example --allow-private
expect_exit 2 icraw tls 127.0.10.1 -6 --allow-private
expect_exit 2 icraw tls secure.example -4 -6 --allow-private
expect_exit 2 icraw tls under_score.example --allow-private
expect_exit 2 icraw tls secure.example --rpki-vrps /dev/null --allow-private
expect_exit 2 icraw tls secure.example extra.example --allow-private
# the tls-only options stay unknown to web and mail
expect_exit 2 icfix web secure.example --allow-private --sni secure.example
expect_exit 2 icfix mail secure.example --allow-private --starttls smtp
# --ehlo is for the SMTP dialogue: mail (and tls --starttls), not web; the name is checked
expect_exit 2 icfix web secure.example --allow-private --ehlo client.example
expect_stderr 'ehlo'
expect_exit 2 icfix mail secure.example --allow-private --ehlo 'two words'
expect_stderr 'not a valid EHLO name'
expect_exit 0 icfix mail secure.example --allow-private --ehlo client.example --json
# a name that does not resolve: the test could not run (exit 3)
expect_exit 3 icfix tls nx.secure.example --allow-private
