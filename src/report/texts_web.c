/*
 * texts_web.c -- the texts for people of the web test (issue 16, report/texts.h):
 * what each verdict of each subtest means, what each subtest checks and the
 * headers of its technical-details table, and the title, explanation and
 * headlines of each category. English message ids, marked N_(); the Dutch is in
 * po/nl-web.po. Written from spec/internetnl-rules.md §2, §3.1-§3.5 and §5.4 and
 * the evaluators in src/checks/, in our own words; every number is the spec's.
 *
 * Verdict tokens and status names are identifiers (catalog.c), not texts, so they
 * are not marked. Entries follow the catalog order of the subtests.
 */
#include "report/texts.h"

/* ---- verdict sentences: every (subtest, token) of the catalog, and not-tested ---- */

const struct text_verdict texts_web_verdicts[] = {
	/* web_ipv6, spec §3.1 */
	{ SUB_WEB_IPV6_NS_ADDRESS, "good",
	  N_("Two or more name servers of your domain have an IPv6 address.") },
	{ SUB_WEB_IPV6_NS_ADDRESS, "bad",
	  N_("None of the name servers of your domain has an IPv6 address.") },
	{ SUB_WEB_IPV6_NS_ADDRESS, "other",
	  N_("Only one name server of your domain has an IPv6 address; at least two need one.") },
	{ SUB_WEB_IPV6_NS_ADDRESS, "not-tested",
	  N_("The IPv6 addresses of the name servers of your domain were not tested.") },
	{ SUB_WEB_IPV6_NS_REACH, "good",
	  N_("Every IPv6 address of the name servers of your domain answers DNS queries.") },
	{ SUB_WEB_IPV6_NS_REACH, "bad",
	  N_("At least one IPv6 address of the name servers of your domain does not answer DNS "
	     "queries.") },
	{ SUB_WEB_IPV6_NS_REACH, "not-tested",
	  N_("The IPv6 reachability of your name servers was not tested, usually because none "
	     "of them has an IPv6 address. This counts as failed.") },
	{ SUB_WEB_IPV6_WS_ADDRESS, "good",
	  N_("Your web server has at least one IPv6 address (AAAA record).") },
	{ SUB_WEB_IPV6_WS_ADDRESS, "bad",
	  N_("Your web server has no IPv6 address: your domain name has no usable AAAA record.") },
	{ SUB_WEB_IPV6_WS_ADDRESS, "not-tested",
	  N_("The IPv6 addresses of your web server were not tested.") },
	{ SUB_WEB_IPV6_WS_REACH, "good",
	  N_("Every IPv6 address of your web server accepts connections on port 80 or "
	     "port 443.") },
	{ SUB_WEB_IPV6_WS_REACH, "bad",
	  N_("At least one IPv6 address of your web server accepts connections on neither "
	     "port 80 nor port 443.") },
	{ SUB_WEB_IPV6_WS_REACH, "not-tested",
	  N_("The IPv6 reachability of your web server was not tested, because it has no IPv6 "
	     "address. This counts as failed.") },
	{ SUB_WEB_IPV6_WS_SIMILAR, "good",
	  N_("Your website shows the same content over IPv6 as over IPv4: the pages differ by "
	     "at most 10 percent.") },
	{ SUB_WEB_IPV6_WS_SIMILAR, "bad",
	  N_("Your website could not be compared over IPv6 and IPv4: one of the two gave no "
	     "answer, answered on other ports, or gave another HTTP status code.") },
	{ SUB_WEB_IPV6_WS_SIMILAR, "notice",
	  N_("The content of your website over IPv6 differs by more than 10 percent from its "
	     "content over IPv4.") },
	{ SUB_WEB_IPV6_WS_SIMILAR, "notice-status-code",
	  N_("Your website gives the same content over IPv6 and IPv4, but answers with an HTTP "
	     "status code outside the range 200 to 400, so the page compared may be an error "
	     "page.") },
	{ SUB_WEB_IPV6_WS_SIMILAR, "not-tested",
	  N_("Not compared, because your web server has no reachable IPv6 address, or has IPv6 "
	     "but no IPv4 address (then this test does not count).") },
	/* web_dnssec, spec §3.2 */
	{ SUB_WEB_DNSSEC_EXIST, "good",
	  N_("Your domain name is signed with DNSSEC.") },
	{ SUB_WEB_DNSSEC_EXIST, "bad",
	  N_("Your domain name is not signed with DNSSEC.") },
	{ SUB_WEB_DNSSEC_EXIST, "resolver-error",
	  N_("Whether your domain name is signed could not be determined, because its name "
	     "servers did not answer properly (a time-out, SERVFAIL, or an answer that the "
	     "name does not exist).") },
	{ SUB_WEB_DNSSEC_EXIST, "servfail",
	  N_("Whether your domain name is signed could not be determined, because its name "
	     "servers answered with SERVFAIL.") },
	{ SUB_WEB_DNSSEC_EXIST, "not-tested",
	  N_("DNSSEC of your domain name was not tested.") },
	{ SUB_WEB_DNSSEC_VALID, "good",
	  N_("The DNSSEC signatures of your domain name are valid (secure).") },
	{ SUB_WEB_DNSSEC_VALID, "bad",
	  N_("The DNSSEC signatures of your domain name are not valid (bogus), so validating "
	     "resolvers refuse to answer for it.") },
	{ SUB_WEB_DNSSEC_VALID, "not-tested",
	  N_("Not tested, because your domain name is not signed with DNSSEC or its DNSSEC "
	     "status could not be determined. This counts as failed.") },
	/* web_https, spec §3.3 (the first IPv4 and the first IPv6 address are tested) */
	{ SUB_WEB_HTTPS_HTTP_AVAILABLE, "good",
	  N_("Your web server offers HTTPS on port 443.") },
	{ SUB_WEB_HTTPS_HTTP_AVAILABLE, "bad",
	  N_("Your domain name has no IPv4 or IPv6 address (no A or AAAA record), so there is "
	     "no web server to test.") },
	{ SUB_WEB_HTTPS_HTTP_AVAILABLE, "other",
	  N_("Your web server could not be reached over HTTPS on at least one of its "
	     "addresses: no TLS connection on port 443 could be made.") },
	{ SUB_WEB_HTTPS_HTTP_AVAILABLE, "not-tested",
	  N_("HTTPS on your web server was not tested.") },
	{ SUB_WEB_HTTPS_HTTP_REDIRECT, "good",
	  N_("Your web server redirects visitors from HTTP to HTTPS on the same domain name in "
	     "its first redirect.") },
	{ SUB_WEB_HTTPS_HTTP_REDIRECT, "bad",
	  N_("Your web server does not redirect HTTP directly to HTTPS on the same domain "
	     "name: it sends no redirect, or its first redirect goes to HTTP or to another "
	     "name.") },
	{ SUB_WEB_HTTPS_HTTP_REDIRECT, "other",
	  N_("Your web server does not offer plain HTTP on port 80, only HTTPS, so no redirect "
	     "is needed.") },
	{ SUB_WEB_HTTPS_HTTP_REDIRECT, "no-https",
	  N_("Not tested, because the HTTPS page of your web server could not be fetched (this "
	     "test needs TLS 1.2 or newer).") },
	{ SUB_WEB_HTTPS_HTTP_REDIRECT, "not-tested",
	  N_("The redirect from HTTP to HTTPS was not tested.") },
	{ SUB_WEB_HTTPS_HTTP_HSTS, "good",
	  N_("Your web server offers an HSTS policy with a max-age of at least one year "
	     "(31536000 seconds).") },
	{ SUB_WEB_HTTPS_HTTP_HSTS, "bad",
	  N_("Your web server offers no usable HSTS policy: the Strict-Transport-Security "
	     "header is missing, its max-age cannot be read, or the HTTPS page could not be "
	     "fetched.") },
	{ SUB_WEB_HTTPS_HTTP_HSTS, "other",
	  N_("Your web server offers an HSTS policy, but its max-age is shorter than one year "
	     "(31536000 seconds).") },
	{ SUB_WEB_HTTPS_HTTP_HSTS, "not-tested",
	  N_("HSTS was not tested.") },
	{ SUB_WEB_HTTPS_HTTP_COMPRESS, "good",
	  N_("Your web server does not compress its HTTPS response.") },
	{ SUB_WEB_HTTPS_HTTP_COMPRESS, "bad",
	  N_("Your web server compresses its HTTPS response (or the response could not be "
	     "fetched), which can expose secrets in the page to the BREACH attack.") },
	{ SUB_WEB_HTTPS_HTTP_COMPRESS, "not-tested",
	  N_("HTTP compression was not tested.") },
	{ SUB_WEB_HTTPS_TLS_KEYEXCHANGE, "good",
	  N_("Your web server uses only key exchange parameters that are good: elliptic curves "
	     "such as X25519, secp256r1 or secp384r1.") },
	{ SUB_WEB_HTTPS_TLS_KEYEXCHANGE, "bad",
	  N_("Your web server supports at least one insufficient key exchange parameter, such "
	     "as a finite-field DH group smaller than 3072 bits, a self-generated DH group or "
	     "a weak elliptic curve.") },
	{ SUB_WEB_HTTPS_TLS_KEYEXCHANGE, "phase-out",
	  N_("Your web server supports key exchange parameters that are to be phased out (the "
	     "DH groups ffdhe3072 to ffdhe8192, or the curve secp224r1), but none that are "
	     "insufficient.") },
	{ SUB_WEB_HTTPS_TLS_KEYEXCHANGE, "na",
	  N_("Your web server uses no ephemeral key exchange (ECDHE or DHE), so there were no "
	     "parameters to judge.") },
	{ SUB_WEB_HTTPS_TLS_KEYEXCHANGE, "could-not-test",
	  N_("The key exchange parameters could not be tested, because your web server did not "
	     "answer some test connections, even when they were retried.") },
	{ SUB_WEB_HTTPS_TLS_KEYEXCHANGE, "not-tested",
	  N_("The key exchange parameters were not tested.") },
	{ SUB_WEB_HTTPS_TLS_CIPHERS, "good",
	  N_("Your web server accepts only cipher suites that are good or sufficient.") },
	{ SUB_WEB_HTTPS_TLS_CIPHERS, "bad",
	  N_("Your web server accepts at least one cipher suite that is insufficient.") },
	{ SUB_WEB_HTTPS_TLS_CIPHERS, "phase-out",
	  N_("Your web server accepts cipher suites that are to be phased out, but none that "
	     "are insufficient.") },
	{ SUB_WEB_HTTPS_TLS_CIPHERS, "could-not-test",
	  N_("The cipher suites could not be tested, because your web server did not answer "
	     "some test connections, even when they were retried.") },
	{ SUB_WEB_HTTPS_TLS_CIPHERS, "not-tested",
	  N_("The cipher suites were not tested.") },
	{ SUB_WEB_HTTPS_TLS_CIPHERORDER, "good",
	  N_("Your web server enforces its own cipher order and prefers good and sufficient "
	     "cipher suites over those that are to be phased out.") },
	{ SUB_WEB_HTTPS_TLS_CIPHERORDER, "bad",
	  N_("Your web server chose a cipher suite that is to be phased out, although the "
	     "client also offered a better suite that the server accepts.") },
	{ SUB_WEB_HTTPS_TLS_CIPHERORDER, "na",
	  N_("Cipher order does not apply to your web server: it supports only TLS 1.3, or it "
	     "accepts only cipher suites that are good.") },
	{ SUB_WEB_HTTPS_TLS_CIPHERORDER, "could-not-test",
	  N_("The cipher order could not be tested, because your web server did not answer "
	     "some test connections, even when they were retried.") },
	{ SUB_WEB_HTTPS_TLS_CIPHERORDER, "not-tested",
	  N_("The cipher order was not tested.") },
	{ SUB_WEB_HTTPS_TLS_VERSION, "good",
	  N_("Your web server supports no TLS or SSL versions other than TLS 1.3 and TLS 1.2.") },
	{ SUB_WEB_HTTPS_TLS_VERSION, "bad",
	  N_("Your web server supports a TLS or SSL version that is insufficient under the "
	     "NCSC-NL TLS guidelines 2025: TLS 1.1, TLS 1.0, SSL 3.0 or SSL 2.0.") },
	{ SUB_WEB_HTTPS_TLS_VERSION, "could-not-test",
	  N_("The TLS versions could not be tested, because your web server did not answer "
	     "some test connections, even when they were retried.") },
	{ SUB_WEB_HTTPS_TLS_VERSION, "not-tested",
	  N_("The TLS versions were not tested.") },
	{ SUB_WEB_HTTPS_TLS_COMPRESS, "good",
	  N_("Your web server does not support TLS compression.") },
	{ SUB_WEB_HTTPS_TLS_COMPRESS, "bad",
	  N_("Your web server supports TLS compression, which makes the CRIME attack possible.") },
	{ SUB_WEB_HTTPS_TLS_COMPRESS, "not-tested",
	  N_("TLS compression was not tested.") },
	{ SUB_WEB_HTTPS_TLS_SECRENEG, "good",
	  N_("Your web server supports secure renegotiation (RFC 5746), or supports only "
	     "TLS 1.3, which has no renegotiation.") },
	{ SUB_WEB_HTTPS_TLS_SECRENEG, "bad",
	  N_("Your web server does not support secure renegotiation (RFC 5746).") },
	{ SUB_WEB_HTTPS_TLS_SECRENEG, "not-tested",
	  N_("Secure renegotiation was not tested.") },
	{ SUB_WEB_HTTPS_TLS_CLIENTRENEG, "not-allowed",
	  N_("Your web server does not allow a client to start a renegotiation.") },
	{ SUB_WEB_HTTPS_TLS_CLIENTRENEG, "allowed-with-low-limit",
	  N_("Your web server allows a client to start a renegotiation, but at most 10 times "
	     "on one connection.") },
	{ SUB_WEB_HTTPS_TLS_CLIENTRENEG, "allowed-with-too-high-limit",
	  N_("Your web server allows a client to start a renegotiation 11 times or more on one "
	     "connection.") },
	{ SUB_WEB_HTTPS_TLS_CLIENTRENEG, "not-tested",
	  N_("Client-initiated renegotiation was not tested.") },
	{ SUB_WEB_HTTPS_CERT_CHAIN, "good",
	  N_("The certificate of your web server has a valid chain to a trusted root "
	     "certificate.") },
	{ SUB_WEB_HTTPS_CERT_CHAIN, "bad",
	  N_("The certificate of your web server does not lead to a trusted root certificate, "
	     "or a certificate in its chain is not valid (for example expired, or an "
	     "intermediate certificate is missing).") },
	{ SUB_WEB_HTTPS_CERT_CHAIN, "could-not-test",
	  N_("The certificate could not be tested, because your web server sent no certificate "
	     "that could be read.") },
	{ SUB_WEB_HTTPS_CERT_CHAIN, "not-tested",
	  N_("The trust chain of the certificate was not tested.") },
	{ SUB_WEB_HTTPS_CERT_PUBKEY, "good",
	  N_("Every certificate of your web server has a public key that is good, such as RSA "
	     "of at least 3072 bits or ECDSA on secp256r1 or secp384r1.") },
	{ SUB_WEB_HTTPS_CERT_PUBKEY, "bad",
	  N_("At least one certificate of your web server has an insufficient public key, such "
	     "as RSA shorter than 2048 bits, DSA or an elliptic curve that is not on the list.") },
	{ SUB_WEB_HTTPS_CERT_PUBKEY, "phase-out",
	  N_("At least one certificate of your web server has a public key that is to be "
	     "phased out (RSA of 2048 to 3071 bits, or ECDSA on secp224r1), but none has an "
	     "insufficient key.") },
	{ SUB_WEB_HTTPS_CERT_PUBKEY, "not-tested",
	  N_("The public key of the certificate was not tested, because your web server could "
	     "not be reached over HTTPS or sent no certificate. This counts as failed.") },
	{ SUB_WEB_HTTPS_CERT_SIG, "good",
	  N_("Every certificate of your web server is signed with a sufficient algorithm "
	     "(SHA-256 or stronger with RSA or ECDSA, or Ed25519 or Ed448).") },
	{ SUB_WEB_HTTPS_CERT_SIG, "bad",
	  N_("At least one certificate of your web server is signed with an insufficient "
	     "algorithm, such as SHA-1 or MD5.") },
	{ SUB_WEB_HTTPS_CERT_SIG, "phase-out",
	  N_("At least one certificate of your web server is signed with SHA-224, which is to "
	     "be phased out, but none with an insufficient algorithm.") },
	{ SUB_WEB_HTTPS_CERT_SIG, "not-tested",
	  N_("The signature of the certificate was not tested, because your web server could "
	     "not be reached over HTTPS or sent no certificate. This counts as failed.") },
	{ SUB_WEB_HTTPS_CERT_DOMAIN, "good",
	  N_("The certificate of your web server is valid for your domain name.") },
	{ SUB_WEB_HTTPS_CERT_DOMAIN, "bad",
	  N_("The certificate of your web server is not valid for your domain name: the name "
	     "is not among its Subject Alternative Names.") },
	{ SUB_WEB_HTTPS_CERT_DOMAIN, "not-tested",
	  N_("The domain name on the certificate was not tested, because your web server could "
	     "not be reached over HTTPS or sent no certificate. This counts as failed.") },
	{ SUB_WEB_HTTPS_TLS_CAA, "good",
	  N_("Your domain has correct CAA records that name at least one certificate authority "
	     "allowed to issue certificates (issue property).") },
	{ SUB_WEB_HTTPS_TLS_CAA, "bad",
	  N_("Neither your domain nor any parent domain has CAA records, so any certificate "
	     "authority may issue certificates for it.") },
	{ SUB_WEB_HTTPS_TLS_CAA, "syntax-error",
	  N_("At least one CAA record of your domain contains an error, such as invalid flags, "
	     "an unknown or reserved property, or an invalid value.") },
	{ SUB_WEB_HTTPS_TLS_CAA, "insufficient",
	  N_("The CAA records of your domain contain no issue property, which is required.") },
	{ SUB_WEB_HTTPS_TLS_CAA, "recommendations",
	  N_("The CAA records of your domain are correct, but can be improved; see the "
	     "details.") },
	{ SUB_WEB_HTTPS_TLS_CAA, "not-tested",
	  N_("CAA was not tested, because your web server could not be reached over HTTPS or "
	     "sent no certificate.") },
	{ SUB_WEB_HTTPS_DANE_EXIST, "good",
	  N_("Your domain has a TLSA record for its web server, signed with DNSSEC.") },
	{ SUB_WEB_HTTPS_DANE_EXIST, "bad",
	  N_("Your domain has no TLSA record for its web server that is signed with DNSSEC.") },
	{ SUB_WEB_HTTPS_DANE_EXIST, "bogus",
	  N_("The TLSA record of your web server cannot be used, because its DNSSEC validation "
	     "fails (bogus).") },
	{ SUB_WEB_HTTPS_DANE_EXIST, "not-tested",
	  N_("DANE was not tested, because your web server could not be reached over HTTPS or "
	     "sent no certificate.") },
	{ SUB_WEB_HTTPS_DANE_VALID, "good",
	  N_("The certificate of your web server matches its TLSA record.") },
	{ SUB_WEB_HTTPS_DANE_VALID, "bad",
	  N_("The certificate of your web server matches none of its TLSA records.") },
	{ SUB_WEB_HTTPS_DANE_VALID, "not-tested",
	  N_("Not tested, because your domain has no TLSA record for its web server that is "
	     "signed with DNSSEC.") },
	{ SUB_WEB_HTTPS_TLS_0RTT, "good",
	  N_("Your web server does not accept 0-RTT early data, or does not support TLS 1.3.") },
	{ SUB_WEB_HTTPS_TLS_0RTT, "bad",
	  N_("Your web server accepts 0-RTT early data in TLS 1.3, which an attacker can "
	     "replay.") },
	{ SUB_WEB_HTTPS_TLS_0RTT, "na",
	  N_("0-RTT does not apply, because your web server does not support TLS 1.3.") },
	{ SUB_WEB_HTTPS_TLS_0RTT, "not-tested",
	  N_("0-RTT was not tested.") },
	{ SUB_WEB_HTTPS_TLS_OCSP, "good",
	  N_("Your web server staples a valid OCSP response that can be trusted.") },
	{ SUB_WEB_HTTPS_TLS_OCSP, "bad",
	  N_("Your web server staples an OCSP response that is not valid or cannot be trusted.") },
	{ SUB_WEB_HTTPS_TLS_OCSP, "ok",
	  N_("Your web server does not staple an OCSP response, so browsers must check the "
	     "status of the certificate themselves.") },
	{ SUB_WEB_HTTPS_TLS_OCSP, "not-in-cert",
	  N_("Not tested, because the certificate of your web server names no OCSP server.") },
	{ SUB_WEB_HTTPS_TLS_OCSP, "not-tested",
	  N_("OCSP stapling was not tested.") },
	{ SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, "good",
	  N_("Your web server accepts neither SHA-1 nor SHA-224 for the signature over the key "
	     "exchange.") },
	{ SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, "bad",
	  N_("Your web server accepts SHA-1 for the signature over the key exchange, which is "
	     "insufficient.") },
	{ SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, "phase-out",
	  N_("Your web server accepts SHA-224 for the signature over the key exchange, which "
	     "is to be phased out, but not SHA-1.") },
	{ SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, "not-tested",
	  N_("The hash function for key exchange was not tested; this does not count towards "
	     "the score.") },
	{ SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET, "good",
	  N_("Your web server supports Extended Master Secret (RFC 7627) in TLS 1.2.") },
	{ SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET, "bad",
	  N_("Your web server supports TLS 1.2 without Extended Master Secret (RFC 7627).") },
	{ SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET, "na-no-tls-1-2",
	  N_("Not applicable, because your web server does not support TLS 1.2; TLS 1.3 has "
	     "this protection built in.") },
	{ SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET, "not-tested",
	  N_("Extended Master Secret was not tested.") },
	/* web_appsecpriv, spec §3.4 (never scored) */
	{ SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS, "good",
	  N_("Your web server sends X-Frame-Options with the value DENY or SAMEORIGIN.") },
	{ SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS, "bad",
	  N_("Your web server does not send X-Frame-Options with the value DENY or SAMEORIGIN: "
	     "the header is missing or has another value, such as ALLOW-FROM.") },
	{ SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS, "not-tested",
	  N_("X-Frame-Options was not tested, because the HTTPS page of your web server could "
	     "not be fetched.") },
	{ SUB_WEB_APPSECPRIV_X_CONTENT_TYPE_OPTIONS, "good",
	  N_("Your web server sends X-Content-Type-Options with the value nosniff.") },
	{ SUB_WEB_APPSECPRIV_X_CONTENT_TYPE_OPTIONS, "bad",
	  N_("Your web server does not send X-Content-Type-Options with the value nosniff.") },
	{ SUB_WEB_APPSECPRIV_X_CONTENT_TYPE_OPTIONS, "not-tested",
	  N_("X-Content-Type-Options was not tested, because the HTTPS page of your web server "
	     "could not be fetched.") },
	{ SUB_WEB_APPSECPRIV_CSP, "good",
	  N_("Your web server sends a Content-Security-Policy that meets every requirement of "
	     "this test.") },
	{ SUB_WEB_APPSECPRIV_CSP, "bad",
	  N_("Your web server sends no Content-Security-Policy, or one that does not meet "
	     "every requirement of this test; the details list what is missing or too "
	     "permissive.") },
	{ SUB_WEB_APPSECPRIV_CSP, "not-tested",
	  N_("Content-Security-Policy was not tested, because the HTTPS page of your web "
	     "server could not be fetched.") },
	{ SUB_WEB_APPSECPRIV_REFERRER_POLICY, "good",
	  N_("Your web server sends Referrer-Policy with the value no-referrer or same-origin, "
	     "so no referrer information goes to other websites.") },
	{ SUB_WEB_APPSECPRIV_REFERRER_POLICY, "bad",
	  N_("Your web server sends a Referrer-Policy that can leak data to other websites "
	     "(origin, origin-when-cross-origin, no-referrer-when-downgrade or unsafe-url), or "
	     "a value that is not valid.") },
	{ SUB_WEB_APPSECPRIV_REFERRER_POLICY, "recommendations",
	  N_("Your web server sends no Referrer-Policy, or strict-origin or "
	     "strict-origin-when-cross-origin, which still pass your domain name to other "
	     "websites; no-referrer or same-origin is better.") },
	{ SUB_WEB_APPSECPRIV_REFERRER_POLICY, "not-tested",
	  N_("Referrer-Policy was not tested, because the HTTPS page of your web server could "
	     "not be fetched.") },
	{ SUB_WEB_APPSECPRIV_SECURITYTXT, "good",
	  N_("Your website publishes a security.txt file without errors and without "
	     "recommendations.") },
	{ SUB_WEB_APPSECPRIV_SECURITYTXT, "bad",
	  N_("Your website has no security.txt file at /.well-known/security.txt, or the file "
	     "has errors, such as a missing Contact or Expires field, an expired date or a "
	     "wrong content type.") },
	{ SUB_WEB_APPSECPRIV_SECURITYTXT, "recommendations",
	  N_("Your website publishes a security.txt file without errors, but it can be "
	     "improved, for example by signing it or by setting an Expires date less than a "
	     "year ahead.") },
	{ SUB_WEB_APPSECPRIV_SECURITYTXT, "not-tested",
	  N_("security.txt was not tested, because the HTTPS page of your web server could not "
	     "be fetched.") },
	/* web_rpki, spec §3.5 */
	{ SUB_WEB_RPKI_EXISTS, "good",
	  N_("Every IP address of your web server is covered by a Route Origin Authorisation "
	     "(ROA).") },
	{ SUB_WEB_RPKI_EXISTS, "bad",
	  N_("At least one IP address of your web server is not covered by a Route Origin "
	     "Authorisation (ROA).") },
	{ SUB_WEB_RPKI_EXISTS, "no-addresses",
	  N_("Your web server has no IP addresses, so there was nothing to check.") },
	{ SUB_WEB_RPKI_EXISTS, "not-tested",
	  N_("Route authorisation of your web server could not be checked: the RPKI data or "
	     "the BGP route data were not available.") },
	{ SUB_WEB_RPKI_VALID, "good",
	  N_("Every route to the IP addresses of your web server is RPKI-valid.") },
	{ SUB_WEB_RPKI_VALID, "bad",
	  N_("At least one route to an IP address of your web server has no matching ROA (RPKI "
	     "state not found).") },
	{ SUB_WEB_RPKI_VALID, "invalid",
	  N_("At least one route to an IP address of your web server is RPKI-invalid: its "
	     "origin AS or prefix length does not match the ROA, so networks that validate "
	     "routes drop it.") },
	{ SUB_WEB_RPKI_VALID, "not-routed",
	  N_("None of the IP addresses of your web server is announced in BGP (as seen by at "
	     "least 10 RIPE RIS peers), so there were no routes to validate.") },
	{ SUB_WEB_RPKI_VALID, "not-tested",
	  N_("The routes to your web server were not validated: it has no IP addresses, or the "
	     "RPKI data or the BGP route data were not available.") },
	{ SUB_WEB_NS_RPKI_EXISTS, "good",
	  N_("Every IP address of the name servers of your domain is covered by a Route Origin "
	     "Authorisation (ROA).") },
	{ SUB_WEB_NS_RPKI_EXISTS, "bad",
	  N_("At least one IP address of the name servers of your domain is not covered by a "
	     "Route Origin Authorisation (ROA).") },
	{ SUB_WEB_NS_RPKI_EXISTS, "no-addresses",
	  N_("No IP addresses were found for the name servers of your domain, so there was "
	     "nothing to check.") },
	{ SUB_WEB_NS_RPKI_EXISTS, "not-tested",
	  N_("Route authorisation of your name servers could not be checked: the RPKI data or "
	     "the BGP route data were not available.") },
	{ SUB_WEB_NS_RPKI_VALID, "good",
	  N_("Every route to the IP addresses of the name servers of your domain is "
	     "RPKI-valid.") },
	{ SUB_WEB_NS_RPKI_VALID, "bad",
	  N_("At least one route to an IP address of the name servers of your domain has no "
	     "matching ROA (RPKI state not found).") },
	{ SUB_WEB_NS_RPKI_VALID, "invalid",
	  N_("At least one route to an IP address of the name servers of your domain is "
	     "RPKI-invalid: its origin AS or prefix length does not match the ROA, so networks "
	     "that validate routes drop it.") },
	{ SUB_WEB_NS_RPKI_VALID, "not-routed",
	  N_("None of the IP addresses of the name servers of your domain is announced in BGP "
	     "(as seen by at least 10 RIPE RIS peers), so there were no routes to validate.") },
	{ SUB_WEB_NS_RPKI_VALID, "not-tested",
	  N_("The routes to your name servers were not validated: no IP addresses were found "
	     "for them, or the RPKI data or the BGP route data were not available.") },
	/* web_beyond (issue 22): not internet.nl's, informational */
	{ SUB_WEB_BEYOND_HTTPS_RR, "good",
	  N_("Your domain publishes HTTPS records (RFC 9460) that are well formed, and their "
	     "address hints match the addresses of the web server they point to.") },
	{ SUB_WEB_BEYOND_HTTPS_RR, "none",
	  N_("Your domain publishes no HTTPS record (RFC 9460). That is allowed; with one, "
	     "browsers learn before connecting that your website speaks HTTPS, which "
	     "protocols it offers and, optionally, its Encrypted Client Hello key.") },
	{ SUB_WEB_BEYOND_HTTPS_RR, "invalid",
	  N_("At least one HTTPS record of your domain does not parse or contradicts itself "
	     "(a key listed as mandatory is missing, or no-default-alpn without alpn); "
	     "clients ignore such a record or cannot use it.") },
	{ SUB_WEB_BEYOND_HTTPS_RR, "hints-mismatch",
	  N_("An HTTPS record of your domain has ipv4hint or ipv6hint addresses that are not "
	     "among the A and AAAA records of its target; clients that trust the hints may "
	     "connect to the wrong address.") },
	{ SUB_WEB_BEYOND_HTTPS_RR, "not-tested",
	  N_("The HTTPS records of your domain were not tested, because a DNS lookup failed.") },
};
const size_t texts_web_verdicts_n =
	sizeof(texts_web_verdicts) / sizeof(texts_web_verdicts[0]);

/* ---- subtests: title, explanation (what, why, the standard), table columns ---- */

const struct text_subtest texts_web_subtests[] = {
	/* web_ipv6, spec §3.1 */
	{ SUB_WEB_IPV6_NS_ADDRESS, N_("IPv6 addresses for name servers"),
	  N_("This test checks whether the name servers (NS records) of your domain have an "
	     "IPv6 address (AAAA record, RFC 3596). At least two of them need one, so that "
	     "your domain can still be looked up over IPv6 when one name server is down "
	     "(RFC 2182 asks for more than one name server). Without name servers on IPv6, "
	     "systems that only have IPv6 cannot look up your domain."),
	  { N_("Name server"), N_("IPv6 address"), N_("IPv4 address"), NULL } },
	{ SUB_WEB_IPV6_NS_REACH, N_("IPv6 reachability of name servers"),
	  N_("This test sends a DNS query to every IPv6 address of the name servers of your "
	     "domain (UDP port 53, or TCP when the answer does not fit) and checks that each "
	     "address answers. An address that is published but does not answer slows down or "
	     "breaks the lookup of your domain for users on IPv6. RFC 3901 gives the "
	     "operational guidance for DNS over IPv6."),
	  { N_("Name server"), N_("Unreachable IPv6 address"), NULL } },
	{ SUB_WEB_IPV6_WS_ADDRESS, N_("IPv6 addresses for web server"),
	  N_("This test checks whether your domain name has at least one IPv6 address (AAAA "
	     "record, RFC 3596) for its web server. IPv4 addresses have run out, and more and "
	     "more users reach the internet over IPv6. A website that only has IPv4 depends on "
	     "address translation by the provider of the visitor, which can be slower or fail."),
	  { N_("Web server"), N_("IPv6 address"), N_("IPv4 address"), NULL } },
	{ SUB_WEB_IPV6_WS_REACH, N_("IPv6 reachability of web server"),
	  N_("This test connects to every IPv6 address of your web server on port 80 (HTTP) "
	     "and port 443 (HTTPS). Each address must accept a connection on at least one of "
	     "these ports: an address that is published but does not answer makes visitors on "
	     "IPv6 wait or fail. A port that answers over IPv4 but on none of the IPv6 "
	     "addresses also costs points."),
	  { N_("Web server"), N_("Unreachable IPv6 address"), NULL } },
	{ SUB_WEB_IPV6_WS_SIMILAR, N_("Same website on IPv6 and IPv4"),
	  N_("This test fetches the home page of your website over IPv6 and over IPv4 (HTTP "
	     "and HTTPS) and compares the two answers. Visitors should get the same website "
	     "whichever protocol their connection uses. Small differences are allowed: the "
	     "pages may differ by at most 10 percent, and they must come with the same HTTP "
	     "status code."),
	  { N_("Web server"), N_("HTTP status over IPv6"), N_("HTTP status over IPv4"),
	    N_("Difference in percent"), NULL } },
	/* web_dnssec, spec §3.2 */
	{ SUB_WEB_DNSSEC_EXIST, N_("DNSSEC existence"),
	  N_("This test checks whether your domain name is signed with DNSSEC (RFC 4033, "
	     "RFC 4034, RFC 4035), by asking for its SOA record with validation. With DNSSEC, "
	     "resolvers can check that answers about your domain really come from its zone and "
	     "were not altered on the way, which protects visitors against being sent to a "
	     "false address. Signing needs signatures in your zone and a DS record in the "
	     "parent zone, which you publish through your registrar."),
	  { N_("Domain"), N_("Status"), NULL } },
	{ SUB_WEB_DNSSEC_VALID, N_("DNSSEC validity"),
	  N_("This test checks whether the DNSSEC signatures of your domain name are valid, "
	     "following the chain of trust from the DNS root, through the DS record in the "
	     "parent zone, to the keys and signatures of your zone. Expired signatures, a DS "
	     "record that does not match your keys, or similar errors make the domain bogus. "
	     "Validating resolvers then refuse to answer, so their users cannot reach your "
	     "website at all."),
	  { N_("Domain"), N_("Status"), N_("Validation error"), NULL } },
	/* web_https, spec §3.3 (the first IPv4 and the first IPv6 address are tested) */
	{ SUB_WEB_HTTPS_HTTP_AVAILABLE, N_("HTTPS available"),
	  N_("This test checks whether your web server offers HTTPS, a connection protected "
	     "with TLS on port 443, on the first IPv4 and the first IPv6 address of your "
	     "domain name. HTTPS keeps what visitors send and receive confidential and "
	     "unaltered, and shows them that they are talking to your website (RFC 9110, "
	     "RFC 8446). When an address does not offer HTTPS, the other HTTPS tests cannot "
	     "run for it."),
	  { N_("Web server IP address"), N_("HTTPS available"), NULL } },
	{ SUB_WEB_HTTPS_HTTP_REDIRECT, N_("HTTPS redirect"),
	  N_("This test requests your website over plain HTTP (port 80) and checks that the "
	     "first answer redirects to HTTPS on the same domain name. A first redirect to "
	     "another name, such as the www name, or to another HTTP address leaves that step "
	     "unprotected; redirect to another name only after the switch to HTTPS. A web "
	     "server that does not offer plain HTTP at all also passes (NCSC-NL TLS guidelines "
	     "2025)."),
	  { N_("Web server IP address"), N_("HTTPS redirect"), NULL } },
	{ SUB_WEB_HTTPS_HTTP_HSTS, N_("HSTS"),
	  N_("This test checks whether your web server sends a Strict-Transport-Security "
	     "header (HSTS, RFC 6797) on its first HTTPS response, with a max-age of at least "
	     "one year (31536000 seconds). HSTS tells browsers to use only HTTPS for your "
	     "domain for that time, so visitors cannot be pushed back to an unprotected HTTP "
	     "connection. The includeSubDomains and preload options are not required."),
	  { N_("Web server IP address"), N_("HSTS policy"), NULL } },
	{ SUB_WEB_HTTPS_HTTP_COMPRESS, N_("HTTP compression"),
	  N_("This test checks whether your web server compresses its HTTPS response (a "
	     "Content-Encoding header) when the client says it accepts compression. "
	     "Compression of a page that also contains secrets, such as session tokens, can "
	     "make the BREACH attack possible. This test is optional: compression of static "
	     "content is usually harmless, but on pages with secrets it is best avoided or "
	     "mitigated."),
	  { N_("Web server IP address"), N_("HTTP compression"), NULL } },
	{ SUB_WEB_HTTPS_TLS_KEYEXCHANGE, N_("Key exchange parameters"),
	  N_("This test checks the parameters your web server uses for the ephemeral key "
	     "exchange (ECDHE or DHE) that gives forward secrecy. Under the NCSC-NL TLS "
	     "guidelines 2025 the elliptic curves X25519, X448, secp256r1, secp384r1, "
	     "secp521r1 and the brainpool curves are good; the finite-field groups ffdhe3072, "
	     "ffdhe4096, ffdhe6144 and ffdhe8192 (RFC 7919) and the curve secp224r1 are "
	     "phase-out; everything else, including ffdhe2048 and self-generated DH groups, is "
	     "insufficient. With weak parameters an attacker can break the key exchange and "
	     "read the traffic."),
	  { N_("Web server IP address"), N_("Affected parameters"), N_("Status"), NULL } },
	{ SUB_WEB_HTTPS_TLS_CIPHERS, N_("Cipher suites"),
	  N_("This test lists every cipher suite your web server accepts and rates each one "
	     "under the NCSC-NL TLS guidelines 2025. Good and sufficient suites combine an "
	     "ECDHE key exchange (or TLS 1.3) with AES-GCM, ChaCha20-Poly1305 or AES-CCM; "
	     "suites with a DHE key exchange, and ECDHE suites with CBC mode, CAMELLIA or "
	     "ARIA, are phase-out; everything else, such as static RSA key exchange, CBC with "
	     "SHA-1, 3DES, RC4 and CCM_8, is insufficient. Insufficient suites have known "
	     "weaknesses or give no forward secrecy."),
	  { N_("Web server IP address"), N_("Affected cipher suites"), N_("Status"), NULL } },
	{ SUB_WEB_HTTPS_TLS_CIPHERORDER, N_("Cipher order"),
	  N_("This test checks that your web server itself chooses the cipher suite, "
	     "preferring good and sufficient suites over suites that are to be phased out, "
	     "instead of following the order of the client. Otherwise a client, or an attacker "
	     "in between, can steer the connection to a weaker suite that the server also "
	     "accepts. The NCSC-NL TLS guidelines 2025 require this for TLS 1.2 and older; it "
	     "does not apply to TLS 1.3."),
	  { N_("Web server IP address"), N_("Cipher suite chosen by the server"),
	    N_("Better cipher suite offered"), NULL } },
	{ SUB_WEB_HTTPS_TLS_VERSION, N_("TLS version"),
	  N_("This test checks which versions of TLS and SSL your web server supports. Under "
	     "the NCSC-NL TLS guidelines 2025, TLS 1.3 is good and TLS 1.2 is sufficient; "
	     "TLS 1.1, TLS 1.0, SSL 3.0 and SSL 2.0 are insufficient and must be switched off "
	     "(RFC 8996, RFC 7568, RFC 6176). Old versions have known weaknesses, and an "
	     "attacker may be able to force a connection to use them."),
	  { N_("Web server IP address"), N_("Affected TLS version"), N_("Status"), NULL } },
	{ SUB_WEB_HTTPS_TLS_COMPRESS, N_("TLS compression"),
	  N_("This test checks whether your web server allows compression at the TLS level. "
	     "TLS compression makes the CRIME attack possible, in which an attacker learns "
	     "secrets such as session cookies from the size of the encrypted traffic "
	     "(RFC 7457); TLS 1.3 no longer has it. The NCSC-NL TLS guidelines 2025 require it "
	     "to be off."),
	  { N_("Web server IP address"), N_("TLS compression"), NULL } },
	{ SUB_WEB_HTTPS_TLS_SECRENEG, N_("Secure renegotiation"),
	  N_("This test checks whether your web server supports secure renegotiation "
	     "(RFC 5746) in TLS 1.2 and older. Without it, an attacker can abuse renegotiation "
	     "to insert data at the start of a visitor's connection. TLS 1.3 has no "
	     "renegotiation, so a server that supports only TLS 1.3 passes."),
	  { N_("Web server IP address"), N_("Secure renegotiation"), NULL } },
	{ SUB_WEB_HTTPS_TLS_CLIENTRENEG, N_("Client-initiated renegotiation"),
	  N_("This test checks whether a client may start a renegotiation on an open "
	     "connection, by trying it up to 11 times on one connection. A renegotiation costs "
	     "the server much more work than the client, so allowing it helps "
	     "denial-of-service attacks. This test is optional and does not count towards the "
	     "score, but it is best not to allow it."),
	  { N_("Web server IP address"), N_("Client-initiated renegotiation"), NULL } },
	{ SUB_WEB_HTTPS_CERT_CHAIN, N_("Trust chain of certificate"),
	  N_("This test checks whether the certificate of your web server leads, through the "
	     "intermediate certificates the server sends, to a root certificate that browsers "
	     "trust, and whether every certificate in that chain is valid for this use "
	     "(validity dates, name, key usage; RFC 5280). Browsers warn against an untrusted "
	     "certificate, and visitors who continue anyway are no longer protected against an "
	     "impostor. Publicly trusted certificates are issued under the CA/Browser Forum "
	     "Baseline Requirements."),
	  { N_("Web server IP address"), N_("Untrusted certificate chain"), N_("Reason"), NULL } },
	{ SUB_WEB_HTTPS_CERT_PUBKEY, N_("Public key of certificate"),
	  N_("This test checks the public key of every certificate your web server sends, "
	     "except root certificates of the trust store. Under the NCSC-NL TLS guidelines "
	     "2025, RSA keys of at least 3072 bits, ECDSA keys on secp256r1, secp384r1, "
	     "secp521r1 or a brainpool curve, and Ed25519 and Ed448 keys are good; RSA keys of "
	     "2048 to 3071 bits and keys on secp224r1 are phase-out; smaller RSA keys, DSA and "
	     "other curves are insufficient. A weak key can be broken, after which an attacker "
	     "can pose as your website."),
	  { N_("Web server IP address"), N_("Affected certificate"), N_("Public key"),
	    N_("Status"), NULL } },
	{ SUB_WEB_HTTPS_CERT_SIG, N_("Signature of certificate"),
	  N_("This test checks the algorithm with which every certificate your web server "
	     "sends, except root certificates of the trust store, is signed. SHA-256, SHA-384 "
	     "and SHA-512 with RSA or ECDSA, and Ed25519 and Ed448, are sufficient; SHA-224 is "
	     "phase-out; anything else, such as SHA-1 and MD5, is insufficient (NCSC-NL TLS "
	     "guidelines 2025; the CA/Browser Forum no longer allows SHA-1). With a weak hash "
	     "function an attacker may be able to forge a certificate."),
	  { N_("Web server IP address"), N_("Affected certificate"), N_("Signature algorithm"),
	    N_("Status"), NULL } },
	{ SUB_WEB_HTTPS_CERT_DOMAIN, N_("Domain name on certificate"),
	  N_("This test checks whether the certificate of your web server is valid for your "
	     "domain name. Only the DNS names in the Subject Alternative Name extension count, "
	     "not the Common Name, and a wildcard covers exactly one whole label at the left "
	     "(RFC 6125, RFC 9525). Browsers refuse a certificate that is made out to another "
	     "name and show a warning."),
	  { N_("Web server IP address"), N_("Names on the certificate"), NULL } },
	{ SUB_WEB_HTTPS_TLS_CAA, N_("CAA for domain"),
	  N_("This test checks whether your domain publishes CAA records (RFC 8659), on the "
	     "name itself or on the nearest parent name that has them, whether they are "
	     "correct, and whether they contain at least one issue property. CAA names the "
	     "certificate authorities that may issue certificates for your domain; they must "
	     "check it before issuing (CA/Browser Forum Baseline Requirements), which lowers "
	     "the risk of a wrongly issued certificate. This test is recommended and does not "
	     "count towards the score."),
	  { N_("Domain"), N_("CAA record"), N_("Finding"), NULL } },
	{ SUB_WEB_HTTPS_DANE_EXIST, N_("DANE existence"),
	  N_("This test checks whether your domain publishes a TLSA record for its web server, "
	     "on the name _443._tcp in front of your domain name, in a zone signed with DNSSEC "
	     "(DANE, RFC 6698, RFC 7671). A TLSA record pins the certificate or key of your "
	     "web server in DNS, so a client that validates DNSSEC can detect a false "
	     "certificate, even one issued by a certificate authority. This test is optional: "
	     "few web browsers use DANE today."),
	  { N_("Web server IP address"), N_("TLSA record"), NULL } },
	{ SUB_WEB_HTTPS_DANE_VALID, N_("DANE validity"),
	  N_("This test checks whether the certificate chain your web server sends matches at "
	     "least one of its TLSA records. If none matches, a client that uses DANE refuses "
	     "the connection. When you replace a certificate or key, publish the new TLSA "
	     "record well before the change (RFC 7671). This test runs only when a TLSA record "
	     "signed with DNSSEC exists."),
	  { N_("Web server IP address"), N_("DANE validation"), NULL } },
	{ SUB_WEB_HTTPS_TLS_0RTT, N_("0-RTT"),
	  N_("This test checks whether your web server accepts 0-RTT (early data) in TLS 1.3, "
	     "by resuming a session and sending data in the very first message. An attacker "
	     "can replay early data, which can repeat an action such as submitting a form "
	     "(RFC 8446, section 8). The NCSC-NL TLS guidelines 2025 require 0-RTT to be off; "
	     "a server without TLS 1.3 passes."),
	  { N_("Web server IP address"), N_("0-RTT"), NULL } },
	{ SUB_WEB_HTTPS_TLS_OCSP, N_("OCSP stapling"),
	  N_("This test checks whether your web server includes a current, trusted OCSP "
	     "response about its certificate in the TLS handshake (OCSP stapling, RFC 6066 and "
	     "RFC 6960). With stapling a browser can check that the certificate has not been "
	     "revoked without asking the certificate authority, which is faster and does not "
	     "reveal the visit to the authority. This test is recommended, does not count "
	     "towards the score, and applies only when the certificate names an OCSP server."),
	  { N_("Web server IP address"), N_("OCSP stapling"), NULL } },
	{ SUB_WEB_HTTPS_TLS_KEYEXCHANGEHASH, N_("Hash function for key exchange"),
	  N_("This test checks which hash function your web server accepts for the signature "
	     "over the key exchange in TLS 1.2, by offering only SHA-1 and then only SHA-224. "
	     "Under the NCSC-NL TLS guidelines 2025 and RFC 9155, SHA-1 is insufficient and "
	     "SHA-224 is phase-out; the server should use SHA-256 or stronger. With a weak "
	     "hash function an attacker may be able to tamper with the key exchange. A server "
	     "that supports only TLS 1.3 passes."),
	  { N_("Web server IP address"), N_("Weak hash function accepted"), NULL } },
	{ SUB_WEB_HTTPS_TLS_EXTENDEDMASTERSECRET, N_("Extended Master Secret"),
	  N_("This test checks whether your web server supports the Extended Master Secret "
	     "extension (RFC 7627) in TLS 1.2. It binds the session keys to the whole "
	     "handshake, which stops attacks in which a man in the middle makes two "
	     "connections share the same keys. TLS 1.3 has this protection built in, so the "
	     "test applies only when the server supports TLS 1.2."),
	  { N_("Web server IP address"), N_("Extended Master Secret"), NULL } },
	/* web_appsecpriv, spec §3.4 (never scored) */
	{ SUB_WEB_APPSECPRIV_X_FRAME_OPTIONS, N_("X-Frame-Options"),
	  N_("This test checks whether your web server sends the X-Frame-Options header with "
	     "the value DENY or SAMEORIGIN (RFC 7034). It stops other websites from showing "
	     "your pages inside a frame, which protects visitors against clickjacking. This "
	     "test is optional, because the frame-ancestors directive of "
	     "Content-Security-Policy does the same in current browsers."),
	  { N_("Web server IP address"), N_("X-Frame-Options value"), NULL } },
	{ SUB_WEB_APPSECPRIV_X_CONTENT_TYPE_OPTIONS, N_("X-Content-Type-Options"),
	  N_("This test checks whether your web server sends the header X-Content-Type-Options "
	     "with the value nosniff (defined in the WHATWG Fetch standard). It tells browsers "
	     "not to guess the type of a file but to follow the Content-Type the server "
	     "declares, so that, for example, an uploaded file is not run as a script. This "
	     "test is recommended."),
	  { N_("Web server IP address"), N_("X-Content-Type-Options value"), NULL } },
	{ SUB_WEB_APPSECPRIV_CSP, N_("Content-Security-Policy"),
	  N_("This test checks whether your web server sends a Content-Security-Policy header "
	     "(W3C Content Security Policy Level 3) that limits where your pages may load "
	     "content from. The policy must limit default-src and base-uri to your own domain "
	     "('self') or to nothing ('none'), set frame-ancestors to 'self' or 'none', and "
	     "set form-action; it must not contain 'unsafe-inline', 'unsafe-eval' or "
	     "'unsafe-hashes', http: sources, sources without a scheme, a bare https:, or "
	     "data: for scripts and objects. A strict policy limits the harm of cross-site "
	     "scripting and clickjacking. This test is recommended."),
	  { N_("Web server IP address"), N_("Content-Security-Policy finding"), NULL } },
	{ SUB_WEB_APPSECPRIV_REFERRER_POLICY, N_("Referrer-Policy"),
	  N_("This test checks whether your web server sends a Referrer-Policy header (W3C "
	     "Referrer Policy) that limits what browsers tell other websites about the page a "
	     "visitor comes from. The values no-referrer and same-origin are good; "
	     "strict-origin and strict-origin-when-cross-origin still pass your domain name to "
	     "other websites; origin, origin-when-cross-origin, no-referrer-when-downgrade and "
	     "unsafe-url can leak addresses of pages, with any data in them, to other parties. "
	     "This test is recommended."),
	  { N_("Web server IP address"), N_("Referrer-Policy value"), NULL } },
	{ SUB_WEB_APPSECPRIV_SECURITYTXT, N_("security.txt"),
	  N_("This test checks whether your website publishes a security.txt file at "
	     "/.well-known/security.txt (RFC 9116) that follows the standard: served as "
	     "text/plain in UTF-8, with at least one Contact field and an Expires field whose "
	     "date has not passed. The file tells security researchers how to report a "
	     "vulnerability to you. This test is recommended."),
	  { N_("Web server IP address"), N_("security.txt finding"), N_("Status"), NULL } },
	/* web_rpki, spec §3.5 */
	{ SUB_WEB_RPKI_EXISTS, N_("Route Origin Authorisation existence"),
	  N_("This test checks whether every IP address of your web server is covered by a "
	     "Route Origin Authorisation (ROA) in the RPKI (RFC 6480, RFC 6482). A ROA, "
	     "published by the holder of the addresses, states which network (autonomous "
	     "system) may announce them in BGP. Without a ROA, networks that validate routes "
	     "cannot detect a hijack or a mistaken announcement of your addresses."),
	  { N_("Web server"), N_("IP address"), N_("ROA present"), NULL } },
	{ SUB_WEB_RPKI_VALID, N_("Route announcement validity"),
	  N_("This test looks up the BGP routes that announce the IP addresses of your web "
	     "server (routes seen by at least 10 RIPE RIS peers) and validates the origin of "
	     "each route against the published ROAs (route origin validation, RFC 6811). A "
	     "route is valid when a ROA allows its origin AS and prefix length, invalid when "
	     "ROAs exist but none matches, and not found when no ROA covers it. Networks that "
	     "validate routes drop invalid routes, so your web server can become unreachable "
	     "for their users."),
	  { N_("Web server"), N_("Route"), N_("Origin AS"), N_("Validity"), NULL } },
	{ SUB_WEB_NS_RPKI_EXISTS, N_("Route Origin Authorisation existence (name servers)"),
	  N_("This test checks whether every IP address of the name servers of your domain is "
	     "covered by a Route Origin Authorisation (ROA) in the RPKI (RFC 6480, RFC 6482). "
	     "If the routes to your name servers are hijacked, an attacker can answer DNS "
	     "queries for your domain and send visitors elsewhere; a ROA lets networks that "
	     "validate routes detect that. The ROAs are published by the holder of the "
	     "addresses, often your DNS provider."),
	  { N_("Name server"), N_("IP address"), N_("ROA present"), NULL } },
	{ SUB_WEB_NS_RPKI_VALID, N_("Route announcement validity (name servers)"),
	  N_("This test looks up the BGP routes that announce the IP addresses of the name "
	     "servers of your domain (routes seen by at least 10 RIPE RIS peers) and validates "
	     "the origin of each route against the published ROAs (route origin validation, "
	     "RFC 6811). Networks that validate routes drop an invalid route, so your domain "
	     "may not resolve for their users; a route without a ROA cannot be protected "
	     "against hijacking."),
	  { N_("Name server"), N_("Route"), N_("Origin AS"), N_("Validity"), NULL } },	{ SUB_WEB_BEYOND_HTTPS_RR, N_("HTTPS records (RFC 9460)"),
	  N_("Not an internet.nl test. This looks up the HTTPS records of your domain (RFC "
	     "9460), with which browsers learn in the DNS that your website speaks HTTPS, on "
	     "which name and port, with which protocols (alpn) and, optionally, its Encrypted "
	     "Client Hello key (ech). It checks that each record parses and is self-consistent, "
	     "and that the ipv4hint and ipv6hint addresses are the A and AAAA records of the "
	     "record's target. Informational: it never changes the internet.nl score."),
	  { N_("Record"), N_("Target"), N_("ALPN"), N_("ECH"), N_("Hints"), NULL } },
};
const size_t texts_web_subtests_n =
	sizeof(texts_web_subtests) / sizeof(texts_web_subtests[0]);

/* ---- category headlines, by status name (status_api_name) and by the
 * category text verdict web_https sets ("unreachable", spec §2.5 step 5) ---- */

const struct text_headline texts_web_headlines[] = {
	{ CAT_WEB_IPV6, "passed",
	  N_("Your website and name servers are fully reachable over the modern internet "
	     "address IPv6.") },
	{ CAT_WEB_IPV6, "failed",
	  N_("Your website is not reachable, or not completely reachable, over the modern "
	     "internet address IPv6.") },
	{ CAT_WEB_IPV6, "warning",
	  N_("Your website is reachable over IPv6, but some results need your attention.") },
	{ CAT_WEB_IPV6, "info",
	  N_("Your website is reachable over IPv6; the details contain some information.") },
	{ CAT_WEB_IPV6, "error",
	  N_("An error occurred while testing whether your website is reachable over IPv6.") },
	{ CAT_WEB_IPV6, "not_tested",
	  N_("Whether your website is reachable over IPv6 was not tested.") },
	{ CAT_WEB_DNSSEC, "passed",
	  N_("Your domain name is signed with DNSSEC and the signatures are valid.") },
	{ CAT_WEB_DNSSEC, "failed",
	  N_("Your domain name is not signed with DNSSEC, or its signatures are not valid.") },
	{ CAT_WEB_DNSSEC, "warning",
	  N_("Your domain name is signed with DNSSEC, but some results need your attention.") },
	{ CAT_WEB_DNSSEC, "info",
	  N_("Your domain name is signed with DNSSEC; the details contain some information.") },
	{ CAT_WEB_DNSSEC, "error",
	  N_("An error occurred while testing the DNSSEC signatures of your domain name.") },
	{ CAT_WEB_DNSSEC, "not_tested",
	  N_("DNSSEC of your domain name was not tested.") },
	{ CAT_WEB_HTTPS, "passed",
	  N_("Your website offers a secure connection (HTTPS) that meets every requirement.") },
	{ CAT_WEB_HTTPS, "failed",
	  N_("Your website does not offer a connection (HTTPS) that is secure enough.") },
	{ CAT_WEB_HTTPS, "warning",
	  N_("Your website offers a secure connection (HTTPS), but some settings should be "
	     "improved.") },
	{ CAT_WEB_HTTPS, "info",
	  N_("Your website offers a secure connection (HTTPS); the details contain some "
	     "information.") },
	{ CAT_WEB_HTTPS, "error",
	  N_("An error occurred while testing the secure connection (HTTPS) of your website.") },
	{ CAT_WEB_HTTPS, "not_tested",
	  N_("The secure connection (HTTPS) of your website was not tested.") },
	{ CAT_WEB_HTTPS, "unreachable",
	  N_("Your web server could not be reached over HTTPS on at least one of its "
	     "addresses, so its secure connection could not be tested.") },
	{ CAT_WEB_APPSECPRIV, "passed",
	  N_("Your web server uses all the recommended security options.") },
	{ CAT_WEB_APPSECPRIV, "failed",
	  N_("Your web server lacks one or more required security options.") },
	{ CAT_WEB_APPSECPRIV, "warning",
	  N_("Your web server lacks one or more recommended security options.") },
	{ CAT_WEB_APPSECPRIV, "info",
	  N_("Your web server uses the recommended security options; some optional ones can be "
	     "improved.") },
	{ CAT_WEB_APPSECPRIV, "error",
	  N_("An error occurred while testing the security options of your web server.") },
	{ CAT_WEB_APPSECPRIV, "not_tested",
	  N_("The security options of your web server were not tested.") },
	{ CAT_WEB_RPKI, "passed",
	  N_("The routes to your web server and name servers are authorised and valid (RPKI).") },
	{ CAT_WEB_RPKI, "failed",
	  N_("At least one route to your web server or name servers is not valid under RPKI.") },
	{ CAT_WEB_RPKI, "warning",
	  N_("Not every IP address of your web server and name servers is covered by a route "
	     "authorisation (RPKI).") },
	{ CAT_WEB_RPKI, "info",
	  N_("Route authorisation (RPKI) of your web server and name servers was checked; the "
	     "details contain some information.") },
	{ CAT_WEB_RPKI, "error",
	  N_("Route authorisation (RPKI) could not be checked, because the RPKI data or the "
	     "BGP route data were not available.") },
	{ CAT_WEB_RPKI, "not_tested",
	  N_("Route authorisation (RPKI) of your web server and name servers was not tested.") },

	/* web_beyond (issue 22): informational, never in the score */
	{ CAT_WEB_BEYOND, "passed",
	  N_("The extra web tests beyond internet.nl found nothing to improve.") },
	{ CAT_WEB_BEYOND, "failed",
	  N_("An extra web test beyond internet.nl found a problem; it does not change the "
	     "internet.nl score.") },
	{ CAT_WEB_BEYOND, "warning",
	  N_("An extra web test beyond internet.nl has a recommendation; it does not change the "
	     "internet.nl score.") },
	{ CAT_WEB_BEYOND, "info",
	  N_("The extra web tests beyond internet.nl have information for you; they do not "
	     "change the internet.nl score.") },
	{ CAT_WEB_BEYOND, "error",
	  N_("An extra web test beyond internet.nl could not be run because of an error.") },
	{ CAT_WEB_BEYOND, "not_tested",
	  N_("The extra web tests beyond internet.nl were not run.") },
};
const size_t texts_web_headlines_n =
	sizeof(texts_web_headlines) / sizeof(texts_web_headlines[0]);

/* ---- categories: title and explanation ---- */

const struct text_category texts_web_categories[] = {
	{ CAT_WEB_IPV6, N_("Modern address (IPv6)"),
	  N_("This category checks whether your website and the name servers of your domain "
	     "have IPv6 addresses and answer over IPv6, and whether the website is the same "
	     "over IPv6 and IPv4. IPv4 addresses have run out and more and more users "
	     "connect over IPv6, so a website that supports both stays reachable for "
	     "everyone.") },
	{ CAT_WEB_DNSSEC, N_("Signed domain name (DNSSEC)"),
	  N_("This category checks whether your domain name is signed with DNSSEC and "
	     "whether its signatures are valid. DNSSEC lets resolvers verify that the "
	     "address of your website really comes from your zone, which protects visitors "
	     "against forged DNS answers.") },
	{ CAT_WEB_HTTPS, N_("Secure connection (HTTPS)"),
	  N_("This category checks whether your website is offered over HTTPS and whether "
	     "that connection is set up securely: the redirect and HSTS, the TLS versions, "
	     "cipher suites and key exchange, and the certificate, following the NCSC-NL "
	     "TLS guidelines 2025. A secure connection keeps what visitors send and receive "
	     "confidential and unaltered.") },
	{ CAT_WEB_APPSECPRIV, N_("Security options"),
	  N_("This category checks the HTTP headers with which your web server asks "
	     "browsers to protect visitors (against clickjacking, content sniffing, "
	     "cross-site scripting and leaking referrer information), and whether a "
	     "security.txt file says where to report vulnerabilities. These options do not "
	     "count towards the score.") },
	{ CAT_WEB_RPKI, N_("Route authorisation (RPKI)"),
	  N_("This category checks whether the IP addresses of your web server and name "
	     "servers are covered by Route Origin Authorisations (RPKI) and whether the BGP "
	     "routes to them are valid. This protects the routes to your services against "
	     "hijacking and accidental misrouting.") },
	{ CAT_WEB_BEYOND, N_("Beyond internet.nl"),
	  N_("Web tests internet.nl does not have, about standards that make a website "
	     "easier to reach securely. They are informational: they never change the "
	     "internet.nl score, its categories or the batch API's results.") },
};
const size_t texts_web_categories_n =
	sizeof(texts_web_categories) / sizeof(texts_web_categories[0]);
