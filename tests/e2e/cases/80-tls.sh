# shellcheck shell=bash
# 80-tls -- `inetcheck tls` against every TLS profile of the fixture (tests/fixture/README.md,
# "TLS profiles": <profile>.tls.example on 127.0.40.N). Web rules (spec §3.3.8) unless
# --starttls smtp (mail rules, §3.10). Verdicts from §3.3.3 (classes), §3.3.4 (rules) and
# §8 items 14-28; the JSON shape is the `inetcheck tls --json` contract.

# ---- tls13: TLS 1.3 only (§8 item 17: FS and order "na", EMS not applicable) ----
ictls tls13.tls.example
expect_json '.status' ok
expect_json '.rules' web
expect_json '.target.port' 443
expect_json '.target.sni' tls13.tls.example
expect_json '.versions["TLS 1.3"]' true
expect_json '.versions["TLS 1.2"]' false
expect_sub https_exists passed good
expect_sub tls_version passed good
expect_sub tls_ciphers passed good
expect_sub tls_cipher_order passed na
expect_sub fs_params passed na
expect_sub kex_hash_func passed good
expect_sub extended_master_secret not_tested na-no-tls-1-2
expect_json '.features.extended_master_secret' na_no_tls_1_2

# ---- good: everything right (the leaf has no OCSP URL: not-in-cert, unscored) ----
ictls good.tls.example
expect_json '.target.address' 127.0.40.2
expect_json '.status' ok
expect_json '.versions | [.["SSL 2.0"], .["SSL 3.0"], .["TLS 1.0"], .["TLS 1.1"], .["TLS 1.2"], .["TLS 1.3"]] | map(tostring) | join(" ")' 'false false false false true true'
for k in https_exists fs_params tls_ciphers tls_cipher_order tls_version tls_compression \
         renegotiation_secure cert_trust cert_pubkey cert_signature cert_hostmatch zero_rtt \
         kex_hash_func extended_master_secret; do
	expect_sub "$k" passed good
done
expect_sub renegotiation_client passed not-allowed
expect_sub ocsp_stapling not_tested not-in-cert
expect_json '[.suites[] | select(.class == "insufficient" or .class == "phase_out")] | length' 0
expect_json '.cipher_order.server_preference' true
expect_json '.certificate.trusted' true
expect_json '.certificate.chain[0].key' EC-256
expect_json '.features.kex_hash_func' good
expect_json '.score.percentage' 100
expect_tls_score

# ---- noorder: no server preference, phase-out suite offered first (§3.3.4 cipher order) ----
ictls noorder.tls.example
expect_sub tls_cipher_order failed bad
expect_sub tls_ciphers warning phase-out
expect_json '.cipher_order.result' bad
expect_json '.cipher_order.violation | join(" ")' 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'
expect_json '.cipher_order.server_preference' false
expect_json '.details | has("cipher_order_violation")' true

# ---- legacy: TLS 1.0/1.1 + CBC-SHA + static RSA (§8 items 15, 16) ----
ictls legacy.tls.example
expect_sub tls_version failed bad
expect_sub tls_ciphers failed bad
expect_json '.versions["TLS 1.0"]' true
expect_json '.versions["TLS 1.1"]' true
expect_json '[.suites[] | select(.iana == "TLS_RSA_WITH_AES_128_CBC_SHA")] | length' 1

# ---- rc4: GnuTLS with RC4 and 3DES at TLS 1.2 ----
ictls rc4.tls.example
expect_sub tls_ciphers failed bad
expect_json '[.suites[] | select(.iana == "TLS_RSA_WITH_RC4_128_SHA")] | length' 1
expect_json '[.suites[] | select(.iana == "TLS_RSA_WITH_3DES_EDE_CBC_SHA")] | length' 1

# ---- DHE groups (§3.3.3: ffdhe2048 and custom insufficient, ffdhe3072 phase-out) ----
ictls dhe2048.tls.example
expect_sub fs_params failed bad
expect_sub tls_ciphers warning phase-out
expect_json '[.suites[].kex] | unique | join(",")' DH-2048
ictls dhe3072.tls.example
expect_sub fs_params warning phase-out
expect_json '[.suites[].kex] | unique | join(",")' DH-3072
ictls dhe1024.tls.example
expect_sub fs_params failed bad

# ---- p224: ECDHE on secp224r1 only (phase-out group) ----
ictls p224.tls.example
expect_sub fs_params warning phase-out
expect_json '[.suites[].kex] | unique | join(",")' ECDH-secp224r1

# ---- key-exchange hash (§3.3.4, §8 item 19) ----
ictls sha1kex.tls.example
expect_sub kex_hash_func failed bad
expect_json '.features.kex_hash_func' bad
ictls default.tls.example
expect_sub kex_hash_func warning phase-out
expect_json '.features.kex_hash_func' phase_out

# ---- 0-RTT, renegotiation ----
ictls zerortt.tls.example
expect_sub zero_rtt failed bad
expect_json '.features.zero_rtt' bad
ictls reneg.tls.example
expect_sub renegotiation_client info allowed-with-too-high-limit
expect_json '.features.client_renegotiation' 11
expect_sub renegotiation_secure passed good
ictls noreneg5746.tls.example
expect_sub renegotiation_secure failed bad
expect_json '.features.secure_renegotiation' false

# ---- certificate keys and signatures (§3.3.3; the CA is the --ca-file root: excluded) ----
ictls rsa1024.tls.example
expect_sub cert_pubkey failed bad
expect_json '.certificate.chain[0].key' RSA-1024
ictls rsa2048.tls.example
expect_sub cert_pubkey warning phase-out
for p in rsa4096 ecp256 ecp384; do
	ictls "$p.tls.example"
	expect_sub cert_pubkey passed good
	expect_sub cert_signature passed good
done
expect_json '.certificate.chain[0].curve' secp384r1
ictls sha1sig.tls.example
expect_sub cert_signature failed bad
expect_json '.certificate.chain[0].signature' sha1WithRSAEncryption
expect_sub cert_trust failed bad            # §8 item 45: SHA-1 is outside the web-PKI profile
expect_json '.certificate.trust_error' forbidden-signature-algorithm
expect_json '.details.cert_trust_error' forbidden-signature-algorithm
ictls pss.tls.example
expect_sub cert_signature failed bad        # §8 item 23
expect_sub cert_trust passed good           # PSS-SHA256 with salt 32 is in the profile
expect_json '.details.cert_trust_error' null
ictls rsa1024.tls.example
expect_sub cert_trust passed good           # the leaf's own key is not policed (§8 item 45)

# ---- trust and host name (§8 items 24, 25) ----
for p in expired:expired selfsigned:ca-as-leaf untrusted:untrusted; do
	ictls "${p%%:*}.tls.example"
	expect_sub cert_trust failed bad
	expect_json '.certificate.trusted' false
	expect_json '.certificate.trust_error' "${p#*:}"
	expect_sub cert_hostmatch passed good
done
# §8 item 45: the verifier checks the name too, so a mismatch fails trust as well
ictls wrongname.tls.example
expect_sub cert_hostmatch failed bad
expect_sub cert_trust failed bad
expect_json '.certificate.hostmatch' false
expect_json '.certificate.trust_error' hostname-mismatch
expect_json '.details.cert_trusted' 20

# ---- OCSP stapling (§3.3.4, §8 item 22) ----
ictls ocsp-good.tls.example
expect_sub ocsp_stapling passed good
expect_json '.features.ocsp_stapling' good
ictls ocsp-other.tls.example
expect_sub ocsp_stapling warning bad
expect_json '.features.ocsp_stapling' not_trusted
ictls noocsp.tls.example
expect_sub ocsp_stapling not_tested not-in-cert
expect_json '.features.ocsp_stapling' not_in_cert

# ---- stubs: what Debian's TLS stacks cannot serve ----
ictls ssl3.tls.example
expect_json '.versions["SSL 3.0"]' true
expect_sub tls_version failed bad
ictls ssl2.tls.example
expect_json '.status' unreachable       # §3.3.2 step 2, §8 item 27
expect_json '.reach' ssl2-only
expect_json '.subtests.https_exists.status' error
ictls compress.tls.example
expect_sub tls_compression failed bad
expect_json '.features.compression' true
ictls pq.tls.example
expect_json '.pq_groups | index("X25519MLKEM768") != null' true
ictls unoffered.tls.example
expect_json '.enumeration_aborted' true
expect_json '.unoffered_suite | test("^0x[0-9a-f]{4}$")' true
ictls malformed.tls.example             # garbage answers: a result, not a crash
expect_json '.status' unreachable
expect_json '.target.host' malformed.tls.example

# ---- smtp: Postfix STARTTLS, mail rules (§3.10: no OCSP, 0-RTT na) ----
ictls mail.tls.example --starttls smtp
expect_json '.rules' mail
expect_json '.target.starttls' smtp
expect_json '.target.port' 25
expect_sub starttls_exists passed good
expect_sub zero_rtt passed na
expect_sub tls_version passed good
expect_sub cert_trust passed good
expect_sub cert_hostmatch passed good
expect_json '.subtests | has("ocsp_stapling")' false
expect_json '.subtests | has("https_exists")' false
expect_tls_score
