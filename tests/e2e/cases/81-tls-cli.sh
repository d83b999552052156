# shellcheck shell=bash
# 81-tls-cli -- `inetcheck tls` on the fixture's standard site (secure.example ->
# 127.0.10.1 / fd00:80::1, nginx TLS 1.2 + 1.3, certificate from the fixture CA).
# The verdicts per TLS profile are in 80-tls.sh; this checks the command and its JSON.

CA=$E2E_DIR/pki/ca.crt

# the JSON contract: every top-level key, the target and the rules
expect_exit 0 icfix tls secure.example --allow-private --ca-file "$CA" --json
ic tls secure.example --ca-file "$CA"
expect_json 'keys_unsorted | map(select(IN("target", "rules", "status", "reach", "versions",
	"suites", "enumeration_aborted", "cipher_order", "features", "certificate", "subtests",
	"details", "score", "connections", "elapsed_ms", "warnings"))) | length' 16
expect_json '.target.host' secure.example
expect_json '.target.address' 127.0.10.1
expect_json '.target.port' 443
expect_json '.target.sni' secure.example
expect_json '.target.starttls' null
expect_json '.rules' web
expect_json '.status' ok
expect_json '.reach' ok
expect_json '.versions["TLS 1.3"]' true
expect_json '.versions["TLS 1.2"]' true
expect_json '.versions["TLS 1.1"]' false
expect_json '.versions["SSL 3.0"]' false
expect_json '.subtests | keys_unsorted | join(" ")' "https_exists fs_params tls_ciphers tls_cipher_order tls_version tls_compression renegotiation_secure renegotiation_client cert_trust cert_pubkey cert_signature cert_hostmatch zero_rtt ocsp_stapling kex_hash_func extended_master_secret"
expect_json '.subtests.https_exists.status' passed
expect_json '.subtests.tls_version.verdict' good
expect_json '.certificate.trusted' true
expect_json '.certificate.hostmatch' true
# §4.1 arithmetic of the TLS-only score, over the subtests' own max_points
expect_json '.score.max_points == ([.subtests[].max_points] | add)' true
expect_json '(100 / .score.max_points * .score.points | floor) == .score.percentage' true
expect_json '.connections > 0' true

# an IP literal with a port; no SNI unless asked
ic tls 127.0.10.1:443 --ca-file "$CA"
expect_json '.target.address' 127.0.10.1
expect_json '.target.sni' null
ic tls '[fd00:80::1]:443' --sni secure.example --ca-file "$CA"
expect_json '.target.address' fd00:80::1
expect_json '.target.sni' secure.example
expect_json '.status' ok
# -6 takes the AAAA record
ic tls secure.example -6 --ca-file "$CA"
expect_json '.target.address' fd00:80::1

# the text report names the protocol versions
expect_exit 0 icfix tls secure.example --allow-private --ca-file "$CA"
expect_stdout '^secure\.example  127\.0\.10\.1 port 443'
expect_stdout 'TLS 1\.3'
expect_stdout '^score [0-9]+% \([0-9]+/[0-9]+ points\)  [0-9]+ connections? in [0-9]+ ms$'

# nothing listens on port 4443: a result (status unreachable), not a failure to run
ic tls 127.0.10.1:4443
expect_json '.status' unreachable
expect_json '.reach' tcp-failed
expect_json '.score.percentage' 0
expect_exit 1 icfix tls 127.0.10.1:4443 --allow-private --fail-under 1

# without --allow-private the guard refuses the loopback address: unreachable, exit 0
expect_exit 0 icfix tls 127.0.10.1 --json
expect_stderr 'allow-private'

# --starttls with a bad value is a usage error
expect_exit 2 icfix tls secure.example --allow-private --starttls pop3
