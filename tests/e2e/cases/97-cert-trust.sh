# shellcheck shell=bash
# 97-cert-trust -- the certificate subtests of web_https and mail_starttls when the served chain
# (leaf + intermediate) breaks the web-PKI policy (spec §3.3.3, §3.3.4, §3.3.8, §3.10, §4, §8
# items 23-25 and 45). Scenarios: tests/fixture/README.md "Certificate trust" (cert-<x>.example;
# chains made by gen-pki.sh in DIR/pki/cert/, served by the variant vhost of gen-web.sh and,
# for the MX mail.cert-<x>.example, by the SMTP relay stub SMTP_CERT4 -> the same vhost).
#
# §8 item 45: cert_chain is the verdict of pyca/cryptography's server verifier
#   PolicyBuilder().store(Store([pki/ca.crt])).time(now)
#       .build_server_verifier(DNSName(<tested name>)).verify(leaf, [intermediate])
# so it also fails on a host-name mismatch, a missing SAN, an EKU without serverAuth, a
# signature algorithm other than RSA PKCS#1 v1.5 / RSA-PSS (salt = hash length) / ECDSA with
# SHA-256/384/512, an issuer key below RSA-2048, and validity. The expected chain verdicts below
# are that verifier's (cryptography 48), not OpenSSL's X509_verify_cert: they differ for
# wrongname, sha224, sha1, pss-salt20, rsa1024-int and nosan.
# cert_pubkey / cert_sig judge every certificate sent (leaf and intermediate; the CA is the
# --ca-file root and not sent): the intermediates have good keys (EC P-256, RSA-3072) and are
# signed sha256WithRSAEncryption, except int-rsa1024 (RSA-1024: insufficient).
#
# Scoring, web (§3.3.8, §4.1, §4.2): the vhost is the standard site (§6.2) but for the chain,
# so every other scored subtest is good: 15 x 10 = 150. cert_chain, cert_domain, cert_sig and
# cert_pubkey are REQ, 10 each; a bad one costs 10, phase-out costs nothing:
#   150 -> 100, 140 -> int(100/150*140) = 93, 130 -> 86.
# The other web categories: web_ipv6 22/22 (two NS with AAAA, A+AAAA on VAR4/VAR6, same page),
# web_dnssec 10/10 (signed), web_rpki 30/30 (127.0.41.0/24, fd00:41::/48, NS: routed + ROA),
# web_appsecpriv not counted. Overall = int((100 + 100 + https% + 100) / 4):
#   100 -> 100, 93 -> int(98.25) = 98, 86 -> int(96.5) = 96.
# Scoring, mail (§3.10, §4.1): cert_chain and cert_domain are informational (OPT: info/bad, no
# points); no TLSA, so dane_exists is failed/bad with 0 of 10 and the max is 120 + 10 = 130;
# cert_pubkey and cert_sig are REQ:
#   all good (or phase-out) 120/130 -> int(92.3) = 92; one bad 110/130 -> int(84.6) = 84.
# The other mail categories: mail_ipv6 10/20 = 50 (the MX has no AAAA: mx_reach 0),
# mail_dnssec 100, mail_auth 100 (DMARC p=reject, DKIM, SPF -all), mail_rpki 100 (127.0.25.0/24).
# Overall = int((50 + 100 + 100 + starttls% + 100) / 5): 92 -> int(88.4) = 88, 84 -> int(86.8) = 86.
#
# The cert_trust_error token (the last argument below; "-" = trusted, null) per scenario: good, pss: none;
# wrongname: hostname-mismatch; sha224, sha1, pss-salt20: forbidden-signature-algorithm;
# rsa1024-int: rsa-key-too-small; nosan: missing-san; eku-client: eku-not-server-auth;
# expired-int: expired.

T4=.technical.webservers.ipv4.details

# web_cert ZONE CHAIN DOMAIN SIG PUBKEY HTTPS% OVERALL% -- one web scenario: the four
# certificate subtests (STATUS/VERDICT), cert_trusted (§5.4: 0 trusted, 20 not), both chain
# certificates reported, the web_https and overall percentages
web_cert() {
	local z=$1 chain=$2 dom=$3 sig=$4 pk=$5 pct=$6 ovr=$7 token=${8:--}
	ic web "$z"
	expect_test web_https_cert_chain "${chain%/*}" "${chain#*/}"
	expect_test web_https_cert_domain "${dom%/*}" "${dom#*/}"
	expect_test web_https_cert_sig "${sig%/*}" "${sig#*/}"
	expect_test web_https_cert_pubkey "${pk%/*}" "${pk#*/}"
	if [ "$chain" = passed/good ]; then expect_json "$T4.cert_trusted" 0; else expect_json "$T4.cert_trusted" 20; fi
	expect_json "$T4.cert_trust_error" "$( [ "$token" = - ] && echo null || echo "$token")"
	expect_json "$T4.cert_chain | length" 2
	expect_max_points web_https 150
	expect_percent web_https "$pct"
	if [ "$pct" = 100 ]; then expect_category web_https passed; else expect_category web_https failed; fi
	expect_overall "$ovr"
}
# mail_cert ZONE CHAIN DOMAIN SIG PUBKEY STARTTLS% OVERALL% -- the same for the MX
# mail.ZONE (informational chain and domain: passed/good or info/bad)
mail_cert() {
	local z=$1 chain=$2 dom=$3 sig=$4 pk=$5 pct=$6 ovr=$7 token=${8:--}
	ic mail "$z"
	expect_test mail_starttls_tls_available passed good
	expect_test mail_starttls_cert_chain "${chain%/*}" "${chain#*/}"
	expect_test mail_starttls_cert_domain "${dom%/*}" "${dom#*/}"
	expect_test mail_starttls_cert_sig "${sig%/*}" "${sig#*/}"
	expect_test mail_starttls_cert_pubkey "${pk%/*}" "${pk#*/}"
	expect_json ".technical.receiving_mailservers[\"mail.$z.\"].tested_address" 127.0.25.17
	expect_json ".technical.receiving_mailservers[\"mail.$z.\"].details.cert_trust_error" \
		"$( [ "$token" = - ] && echo null || echo "$token")"
	expect_max_points mail_starttls 130
	expect_percent mail_starttls "$pct"
	expect_overall "$ovr"
}

# ---- cert-good (control): leaf ECDSA P-256, ecdsa-with-SHA256, by the EC P-256 intermediate.
# cryptography: OK. Web: all four good, 150/150 = 100, overall 100.
# Mail: all four good, 120/130 = 92, overall 88.
web_cert cert-good.example passed/good passed/good passed/good passed/good 100 100 -
mail_cert cert-good.example passed/good passed/good passed/good passed/good 92 88 -

# ---- cert-wrongname: SAN DNS:www.other.example only (CN = the zone, ignored, §8 item 24).
# cryptography: "leaf certificate has no matching subjectAltName" (hostname-mismatch; OpenSSL
# without a name check: OK). Web: chain bad + domain bad = 130/150 = 86 (§8 item 45), overall 96.
# Mail: chain info/bad, domain info/bad (no DANE-TA record), sig/pubkey good: 92, overall 88.
web_cert cert-wrongname.example failed/bad failed/bad passed/good passed/good 86 96 hostname-mismatch
mail_cert cert-wrongname.example info/bad info/bad passed/good passed/good 92 88 hostname-mismatch

# ---- cert-sha224: leaf signed ecdsa-with-SHA224 by the EC intermediate.
# cryptography: "Forbidden signature algorithm: ... EcDsaWithSha224" (OpenSSL: OK).
# Web: chain bad (0), sig phase-out (§3.3.3: still 10), 140/150 = 93, overall 98.
# Mail: chain info/bad, sig warning/phase-out (10 points): 120/130 = 92, overall 88.
web_cert cert-sha224.example failed/bad passed/good warning/phase-out passed/good 93 98 forbidden-signature-algorithm
mail_cert cert-sha224.example info/bad passed/good warning/phase-out passed/good 92 88 forbidden-signature-algorithm

# ---- cert-sha1: leaf signed sha1WithRSAEncryption by the RSA-3072 intermediate.
# cryptography: "Forbidden signature algorithm: ... RsaWithSha1" (OpenSSL: OK).
# Web: chain bad, sig bad (SHA-1 insufficient): 130/150 = 86, overall 96.
# Mail: chain info/bad, sig failed/bad: 110/130 = 84, overall 86.
web_cert cert-sha1.example failed/bad passed/good failed/bad passed/good 86 96 forbidden-signature-algorithm
mail_cert cert-sha1.example info/bad passed/good failed/bad passed/good 84 86 forbidden-signature-algorithm

# ---- cert-pss: leaf signed RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32) by the RSA intermediate.
# cryptography: OK (a permitted PSS parameter set). Web: chain good, sig bad (§8 item 23: the
# PSS OID is not in the sufficient list): 140/150 = 93, overall 98.
# Mail: chain good, sig failed/bad: 110/130 = 84, overall 86.
web_cert cert-pss.example passed/good passed/good failed/bad passed/good 93 98 -
mail_cert cert-pss.example passed/good passed/good failed/bad passed/good 84 86 -

# ---- cert-pss-salt20: the same with salt length 20 (not the hash length).
# cryptography: "Forbidden signature algorithm: ... RsaPss(... salt_length: 20 ...)" (OpenSSL: OK).
# Web: chain bad, sig bad: 130/150 = 86, overall 96. Mail: chain info/bad, sig bad: 84, overall 86.
web_cert cert-pss-salt20.example failed/bad passed/good failed/bad passed/good 86 96 forbidden-signature-algorithm
mail_cert cert-pss-salt20.example info/bad passed/good failed/bad passed/good 84 86 forbidden-signature-algorithm

# ---- cert-rsa1024-int: leaf (ECDSA P-256, sha256WithRSAEncryption) issued by an RSA-1024
# intermediate (sent). cryptography: "RSA key is too weak" (the issuer's key; OpenSSL: OK).
# Web: chain bad, pubkey bad (the intermediate's RSA-1024 is insufficient, §3.3.3: every
# certificate sent), sig good: 130/150 = 86, overall 96.
# Mail: chain info/bad, pubkey failed/bad: 110/130 = 84, overall 86.
web_cert cert-rsa1024-int.example failed/bad passed/good passed/good failed/bad 86 96 rsa-key-too-small
mail_cert cert-rsa1024-int.example info/bad passed/good passed/good failed/bad 84 86 rsa-key-too-small

# ---- cert-nosan: no subjectAltName, CN = the zone.
# cryptography: "missing required extension: leaf server certificate has no subjectAltName"
# (OpenSSL: OK). Host match uses the SAN only (§3.3.4, §8 item 24): bad.
# Web: chain bad + domain bad: 130/150 = 86, overall 96. Mail: chain and domain info/bad: 92, 88.
web_cert cert-nosan.example failed/bad failed/bad passed/good passed/good 86 96 missing-san
mail_cert cert-nosan.example info/bad info/bad passed/good passed/good 92 88 missing-san

# ---- cert-eku-client: extendedKeyUsage clientAuth only.
# cryptography: "required EKU not found" (OpenSSL, purpose sslserver: unsuitable certificate
# purpose -- the same verdict). Web: chain bad: 140/150 = 93, overall 98. Mail: chain info/bad: 92, 88.
web_cert cert-eku-client.example failed/bad passed/good passed/good passed/good 93 98 eku-not-server-auth
mail_cert cert-eku-client.example info/bad passed/good passed/good passed/good 92 88 eku-not-server-auth

# ---- cert-expired-int: the leaf is valid, the intermediate expired on 2021-01-01.
# cryptography: "cert is not valid at validation time" (OpenSSL: certificate has expired, at
# depth 1 -- the same verdict; §8 item 24: no expiry subtest, only the chain).
# Web: chain bad: 140/150 = 93, overall 98. Mail: chain info/bad: 92, overall 88.
web_cert cert-expired-int.example failed/bad passed/good passed/good passed/good 93 98 expired
mail_cert cert-expired-int.example info/bad passed/good passed/good passed/good 92 88 expired
