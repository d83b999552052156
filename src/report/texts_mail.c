/*
 * texts_mail.c -- the texts for people of the mail test (issue 16): a sentence per
 * (subtest, verdict token), a title, explanation and technical-details columns per
 * subtest, a title and explanation per category and a headline per category status
 * or text verdict. English message ids; Dutch in po/nl-mail.po. Facts from spec
 * §2, §3.6-§3.11 and the evaluators in src/checks; the wording is our own.
 *
 * Verdict sentences describe the summary over all mail servers (spec §2.4: the
 * worst server decides), hence "at least one of your mail servers" for a failure.
 */
#include "report/texts.h"

/* ------------------------------------------------------------------ verdicts */

const struct text_verdict texts_mail_verdicts[] = {
	/* mail_ipv6, §3.7 (name servers as §3.1) */
	{ SUB_MAIL_IPV6_NS_ADDRESS, "good",
	  N_("Two or more name servers of your domain have an IPv6 address.") },
	{ SUB_MAIL_IPV6_NS_ADDRESS, "bad",
	  N_("None of the name servers of your domain has an IPv6 address.") },
	{ SUB_MAIL_IPV6_NS_ADDRESS, "other",
	  N_("Only one name server of your domain has an IPv6 address; at least two should have one.") },
	{ SUB_MAIL_IPV6_NS_ADDRESS, "not-tested",
	  N_("The IPv6 addresses of your name servers were not tested.") },

	{ SUB_MAIL_IPV6_NS_REACH, "good",
	  N_("All name servers of your domain that have an IPv6 address answer DNS queries over IPv6.") },
	{ SUB_MAIL_IPV6_NS_REACH, "bad",
	  N_("At least one IPv6 address of your name servers did not answer a DNS query within 5 seconds.") },
	{ SUB_MAIL_IPV6_NS_REACH, "not-tested",
	  N_("The reachability of your name servers over IPv6 was not tested, because none of them has an IPv6 address.") },

	{ SUB_MAIL_IPV6_MX_ADDRESS, "good",
	  N_("All mail servers of your domain have an IPv6 address.") },
	{ SUB_MAIL_IPV6_MX_ADDRESS, "bad",
	  N_("At least one mail server of your domain has no IPv6 address (AAAA record).") },
	{ SUB_MAIL_IPV6_MX_ADDRESS, "other",
	  N_("Your domain has no MX records, so there are no mail servers to check for IPv6.") },
	{ SUB_MAIL_IPV6_MX_ADDRESS, "null-mx",
	  N_("Your domain publishes a Null MX record (RFC 7505): it accepts no mail, so there are no mail servers to check.") },
	{ SUB_MAIL_IPV6_MX_ADDRESS, "no-null-mx",
	  N_("Your domain has no MX records and its SPF record allows no senders, so it seems not to handle mail; "
	     "it does not publish a Null MX record (RFC 7505) to say that it accepts no mail.") },
	{ SUB_MAIL_IPV6_MX_ADDRESS, "null-mx-with-other-mx",
	  N_("Your domain publishes a Null MX record together with other MX records; a Null MX must be the only MX record, "
	     "so it is unclear whether your domain accepts mail.") },
	{ SUB_MAIL_IPV6_MX_ADDRESS, "null-mx-without-a-aaaa",
	  N_("Your domain publishes a Null MX record but has no A or AAAA record; a Null MX is not needed then, "
	     "because without MX and address records no mail can be delivered to it anyway.") },
	{ SUB_MAIL_IPV6_MX_ADDRESS, "not-tested",
	  N_("The IPv6 addresses of your mail servers were not tested.") },

	{ SUB_MAIL_IPV6_MX_REACH, "good",
	  N_("All IPv6 addresses of your mail servers accept connections on port 25 (SMTP).") },
	{ SUB_MAIL_IPV6_MX_REACH, "bad",
	  N_("At least one IPv6 address of your mail servers did not accept a connection on port 25 (SMTP) within 4 seconds.") },
	{ SUB_MAIL_IPV6_MX_REACH, "not-tested",
	  N_("The reachability of your mail servers over IPv6 was not tested, because none of them has an IPv6 address "
	     "or your domain has no mail servers.") },

	/* mail_dnssec, §3.8 (per name as §3.2) */
	{ SUB_MAIL_DNSSEC_MAILTO_EXIST, "good",
	  N_("Your domain is signed with DNSSEC.") },
	{ SUB_MAIL_DNSSEC_MAILTO_EXIST, "bad",
	  N_("Your domain is not signed with DNSSEC.") },
	{ SUB_MAIL_DNSSEC_MAILTO_EXIST, "resolver-error",
	  N_("Whether your domain is signed with DNSSEC could not be determined: looking it up failed "
	     "(no answer, SERVFAIL or a name that does not exist).") },
	{ SUB_MAIL_DNSSEC_MAILTO_EXIST, "servfail",
	  N_("Whether your domain is signed with DNSSEC could not be determined: its name servers answered with an error (SERVFAIL).") },
	{ SUB_MAIL_DNSSEC_MAILTO_EXIST, "not-tested",
	  N_("DNSSEC for your domain was not tested.") },

	{ SUB_MAIL_DNSSEC_MAILTO_VALID, "good",
	  N_("The DNSSEC signatures of your domain are valid.") },
	{ SUB_MAIL_DNSSEC_MAILTO_VALID, "bad",
	  N_("Your domain is signed with DNSSEC, but its signatures are not valid (bogus): resolvers that validate DNSSEC "
	     "reject its records, so senders that use them cannot find your mail servers.") },
	{ SUB_MAIL_DNSSEC_MAILTO_VALID, "not-tested",
	  N_("The validity of DNSSEC for your domain was not tested, because your domain is not signed "
	     "or its DNSSEC status could not be determined.") },

	{ SUB_MAIL_DNSSEC_MX_EXIST, "good",
	  N_("The domains of all your mail servers are signed with DNSSEC.") },
	{ SUB_MAIL_DNSSEC_MX_EXIST, "bad",
	  N_("The domain of at least one of your mail servers is not signed with DNSSEC.") },
	{ SUB_MAIL_DNSSEC_MX_EXIST, "resolver-error",
	  N_("For at least one of your mail servers, whether its domain is signed with DNSSEC could not be determined: "
	     "looking it up failed (no answer, SERVFAIL or a name that does not exist).") },
	{ SUB_MAIL_DNSSEC_MX_EXIST, "no-mailservers",
	  N_("Your domain has no MX records, so there are no mail server domains to check for DNSSEC.") },
	{ SUB_MAIL_DNSSEC_MX_EXIST, "null-mx",
	  N_("Your domain publishes a Null MX record (RFC 7505): it accepts no mail, so there are no mail servers to check.") },
	{ SUB_MAIL_DNSSEC_MX_EXIST, "no-null-mx",
	  N_("Your domain has no MX records and its SPF record allows no senders, so it seems not to handle mail; "
	     "it does not publish a Null MX record (RFC 7505) to say that it accepts no mail.") },
	{ SUB_MAIL_DNSSEC_MX_EXIST, "null-mx-with-other-mx",
	  N_("Your domain publishes a Null MX record together with other MX records; a Null MX must be the only MX record, "
	     "so it is unclear whether your domain accepts mail.") },
	{ SUB_MAIL_DNSSEC_MX_EXIST, "null-mx-without-a-aaaa",
	  N_("Your domain publishes a Null MX record but has no A or AAAA record; a Null MX is not needed then, "
	     "because without MX and address records no mail can be delivered to it anyway.") },
	{ SUB_MAIL_DNSSEC_MX_EXIST, "not-tested",
	  N_("DNSSEC for the domains of your mail servers was not tested.") },

	{ SUB_MAIL_DNSSEC_MX_VALID, "good",
	  N_("The DNSSEC signatures of all your mail server domains are valid.") },
	{ SUB_MAIL_DNSSEC_MX_VALID, "bad",
	  N_("The domain of at least one of your mail servers is signed with DNSSEC, but its signatures are not valid (bogus): "
	     "senders that validate DNSSEC cannot look up that mail server.") },
	{ SUB_MAIL_DNSSEC_MX_VALID, "not-tested",
	  N_("The validity of DNSSEC for your mail server domains was not tested, because they are not signed "
	     "or your domain has no mail servers.") },

	/* mail_auth, §3.9 */
	{ SUB_MAIL_AUTH_DMARC_EXIST, "good",
	  N_("Your domain has a DMARC record.") },
	{ SUB_MAIL_AUTH_DMARC_EXIST, "bad",
	  N_("Your domain has no DMARC record, or more than one, in which case receivers ignore them all.") },
	{ SUB_MAIL_AUTH_DMARC_EXIST, "not-tested",
	  N_("DMARC was not tested.") },

	{ SUB_MAIL_AUTH_DMARC_POLICY, "good",
	  N_("Your DMARC policy is strict enough: it asks receivers to quarantine (p=quarantine) or reject (p=reject) "
	     "mail that fails DMARC.") },
	{ SUB_MAIL_AUTH_DMARC_POLICY, "bad",
	  N_("Your DMARC record contains a syntax error, so receivers may ignore it.") },
	{ SUB_MAIL_AUTH_DMARC_POLICY, "policy",
	  N_("Your DMARC policy is not strict enough: it is missing or p=none (for a record of your organisational domain: sp=none), "
	     "or it is p=quarantine in testing mode (t=y). Only p=quarantine or p=reject stops forged mail.") },
	{ SUB_MAIL_AUTH_DMARC_POLICY, "external",
	  N_("Your DMARC policy is strict enough, but it sends reports to an address at another domain "
	     "that has not published an authorisation to receive reports for your domain.") },
	{ SUB_MAIL_AUTH_DMARC_POLICY, "not-tested",
	  N_("The DMARC policy was not tested, because your domain has no single DMARC record.") },

	{ SUB_MAIL_AUTH_DKIM_EXIST, "good",
	  N_("Your domain appears to use DKIM: the name _domainkey under your domain exists.") },
	{ SUB_MAIL_AUTH_DKIM_EXIST, "bad",
	  N_("No DKIM was found for your domain: the name _domainkey under your domain does not exist.") },
	{ SUB_MAIL_AUTH_DKIM_EXIST, "no-email",
	  N_("Your domain declares that it sends no mail (SPF v=spf1 -all and DMARC p=reject), so it needs no DKIM "
	     "and DKIM was not tested.") },
	{ SUB_MAIL_AUTH_DKIM_EXIST, "not-tested",
	  N_("DKIM was not tested.") },

	{ SUB_MAIL_AUTH_SPF_EXIST, "good",
	  N_("Your domain has an SPF record.") },
	{ SUB_MAIL_AUTH_SPF_EXIST, "bad",
	  N_("Your domain has no SPF record, or more than one, in which case SPF checks end in an error.") },
	{ SUB_MAIL_AUTH_SPF_EXIST, "not-tested",
	  N_("SPF was not tested.") },

	{ SUB_MAIL_AUTH_SPF_POLICY, "good",
	  N_("Your SPF policy is strict enough: it ends with ~all or -all, so mail from servers it does not list fails the check.") },
	{ SUB_MAIL_AUTH_SPF_POLICY, "bad",
	  N_("Your SPF record contains a syntax error (RFC 7208), so receivers cannot evaluate it.") },
	{ SUB_MAIL_AUTH_SPF_POLICY, "max-lookups",
	  N_("Your SPF record needs more than 10 DNS lookups (through include, redirect, mx, ptr, exists and a terms); "
	     "beyond 10, receivers stop with an error.") },
	{ SUB_MAIL_AUTH_SPF_POLICY, "all",
	  N_("Your SPF policy is not strict enough: it does not end with ~all or -all, but with +all or ?all, "
	     "or has neither an all term nor a redirect, so mail from any server can pass.") },
	{ SUB_MAIL_AUTH_SPF_POLICY, "include",
	  N_("An include in your SPF record names a domain that has no valid SPF record, or whose SPF record allows any server (+all).") },
	{ SUB_MAIL_AUTH_SPF_POLICY, "redirect",
	  N_("The redirect in your SPF record names a domain that has no valid SPF record, or whose SPF policy does not end with ~all or -all.") },
	{ SUB_MAIL_AUTH_SPF_POLICY, "not-tested",
	  N_("The SPF policy was not tested, because your domain has no single SPF record.") },

	/* mail_beyond (issue 22) */
	{ SUB_MAIL_BEYOND_SPF_LOOKUPS, "good",
	  N_("Evaluating your SPF record takes at most 10 DNS lookups, with at most two that find nothing, as RFC 7208 requires.") },
	{ SUB_MAIL_BEYOND_SPF_LOOKUPS, "too-many-lookups",
	  N_("Evaluating your SPF record takes more than 10 DNS lookups when counted as RFC 7208 says; receivers may stop "
	     "with an error before reaching the end. The table shows what each include and redirect adds.") },
	{ SUB_MAIL_BEYOND_SPF_LOOKUPS, "too-many-void",
	  N_("More than two of the lookups your SPF record causes find no record or a name that does not exist; RFC 7208 "
	     "lets receivers stop with an error then.") },
	{ SUB_MAIL_BEYOND_SPF_LOOKUPS, "not-tested",
	  N_("The SPF lookups were not counted, because your domain has no single SPF record.") },
	{ SUB_MAIL_BEYOND_TLS_RPT, "good",
	  N_("Your domain publishes a valid TLS-RPT record, so sending mail servers can report failed TLS connections to you.") },
	{ SUB_MAIL_BEYOND_TLS_RPT, "absent",
	  N_("Your domain has no TLS-RPT record, so you do not hear about sending servers that could not reach your mail servers securely.") },
	{ SUB_MAIL_BEYOND_TLS_RPT, "invalid",
	  N_("Your domain's TLS-RPT record is not valid (RFC 8460), so senders will not use it.") },
	{ SUB_MAIL_BEYOND_TLS_RPT, "not-tested",
	  N_("TLS-RPT was not tested, because the DNS lookup failed.") },
	{ SUB_MAIL_BEYOND_DKIM_KEYS, "good",
	  N_("The DKIM keys of the given selectors are strong enough: RSA of at least 2048 bits or Ed25519.") },
	{ SUB_MAIL_BEYOND_DKIM_KEYS, "revoked",
	  N_("A DKIM key of the given selectors is revoked (empty p=): mail signed with it does not verify.") },
	{ SUB_MAIL_BEYOND_DKIM_KEYS, "invalid",
	  N_("A DKIM key record of the given selectors cannot be parsed, or its key cannot be decoded (RFC 6376).") },
	{ SUB_MAIL_BEYOND_DKIM_KEYS, "unusable",
	  N_("A DKIM key record of the given selectors names a key type, service or hash algorithm receivers do not accept.") },
	{ SUB_MAIL_BEYOND_DKIM_KEYS, "insufficient",
	  N_("A DKIM key of the given selectors is an RSA key shorter than 1024 bits, which receivers reject (RFC 8301).") },
	{ SUB_MAIL_BEYOND_DKIM_KEYS, "phase-out",
	  N_("A DKIM key of the given selectors is an RSA key shorter than 2048 bits; keys of 2048 bits or more are recommended (RFC 8301).") },
	{ SUB_MAIL_BEYOND_DKIM_KEYS, "none",
	  N_("None of the given selectors has a DKIM key record.") },
	{ SUB_MAIL_BEYOND_DKIM_KEYS, "no-selector",
	  N_("No DKIM selector was given, so no key was judged; give the selectors your mail servers sign with to have their keys checked.") },
	{ SUB_MAIL_BEYOND_DKIM_KEYS, "not-tested",
	  N_("The DKIM keys were not tested, because the DNS lookups failed.") },
	{ SUB_MAIL_BEYOND_MTA_STS, "good",
	  N_("Your domain publishes a valid MTA-STS policy in enforce mode that covers all your mail servers, and each of them "
	     "presents a valid certificate: sending servers that support MTA-STS deliver to you only over verified TLS.") },
	{ SUB_MAIL_BEYOND_MTA_STS, "absent",
	  N_("Your domain has no MTA-STS record, so sending servers cannot know that your mail servers always offer verified TLS.") },
	{ SUB_MAIL_BEYOND_MTA_STS, "record-invalid",
	  N_("Your domain's MTA-STS record (_mta-sts) is not valid, or there is more than one, so senders ignore MTA-STS for your domain.") },
	{ SUB_MAIL_BEYOND_MTA_STS, "policy-unavailable",
	  N_("Your domain has an MTA-STS record, but the policy could not be fetched as senders must fetch it: over HTTPS with a valid "
	     "certificate, without redirect, status 200, as text/plain and at most 64 KiB. The details say what went wrong.") },
	{ SUB_MAIL_BEYOND_MTA_STS, "policy-invalid",
	  N_("Your domain's MTA-STS policy file does not follow the syntax of RFC 8461, so senders do not use it.") },
	{ SUB_MAIL_BEYOND_MTA_STS, "mode-none",
	  N_("Your domain's MTA-STS policy has mode none: MTA-STS is switched off.") },
	{ SUB_MAIL_BEYOND_MTA_STS, "mx-not-covered",
	  N_("At least one of your mail servers is not listed in the mx lines of your MTA-STS policy; senders that apply the policy "
	     "will not deliver to it (in testing mode they only report it).") },
	{ SUB_MAIL_BEYOND_MTA_STS, "mx-cert-invalid",
	  N_("At least one mail server listed in your MTA-STS policy presents a certificate that is not trusted or not valid for "
	     "its name; senders that apply the policy will not deliver to it (in testing mode they only report it).") },
	{ SUB_MAIL_BEYOND_MTA_STS, "mode-testing",
	  N_("Your domain's MTA-STS policy is valid but in testing mode: senders report failures instead of refusing insecure delivery.") },
	{ SUB_MAIL_BEYOND_MTA_STS, "not-tested",
	  N_("MTA-STS was not tested, because the DNS lookup failed or the policy server could not be reached.") },

	/* mail_starttls, §3.10 (rules as web, §3.3.3, §3.3.4) */
	{ SUB_MAIL_STARTTLS_TLS_AVAILABLE, "good",
	  N_("All your mail servers offer STARTTLS, so mail can be delivered to them over an encrypted connection.") },
	{ SUB_MAIL_STARTTLS_TLS_AVAILABLE, "bad",
	  N_("At least one of your mail servers does not offer STARTTLS, so mail is delivered to it unencrypted.") },
	{ SUB_MAIL_STARTTLS_TLS_AVAILABLE, "other",
	  N_("At least one of your mail servers could not be tested: its name has no address, it did not answer on port 25, "
	     "or it did not offer STARTTLS or complete a TLS handshake.") },
	{ SUB_MAIL_STARTTLS_TLS_AVAILABLE, "other-2",
	  N_("Your domain has no MX records, so there are no mail servers to test for STARTTLS.") },
	{ SUB_MAIL_STARTTLS_TLS_AVAILABLE, "could-not-test",
	  N_("At least one of your mail servers could not be tested completely within the time limit.") },
	{ SUB_MAIL_STARTTLS_TLS_AVAILABLE, "null-mx",
	  N_("Your domain publishes a Null MX record (RFC 7505): it accepts no mail, so there are no mail servers to check.") },
	{ SUB_MAIL_STARTTLS_TLS_AVAILABLE, "no-null-mx",
	  N_("Your domain has no MX records and its SPF record allows no senders, so it seems not to handle mail; "
	     "it does not publish a Null MX record (RFC 7505) to say that it accepts no mail.") },
	{ SUB_MAIL_STARTTLS_TLS_AVAILABLE, "null-mx-with-other-mx",
	  N_("Your domain publishes a Null MX record together with other MX records; a Null MX must be the only MX record, "
	     "so it is unclear whether your domain accepts mail.") },
	{ SUB_MAIL_STARTTLS_TLS_AVAILABLE, "null-mx-without-a-aaaa",
	  N_("Your domain publishes a Null MX record but has no A or AAAA record; a Null MX is not needed then, "
	     "because without MX and address records no mail can be delivered to it anyway.") },
	{ SUB_MAIL_STARTTLS_TLS_AVAILABLE, "not-tested",
	  N_("STARTTLS was not tested.") },

	{ SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE, "good",
	  N_("Your mail servers use only secure key-exchange parameters.") },
	{ SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE, "bad",
	  N_("At least one of your mail servers uses insufficiently secure key-exchange parameters: a finite-field "
	     "Diffie-Hellman group other than ffdhe3072, ffdhe4096, ffdhe6144 or ffdhe8192, or an elliptic curve that is not approved.") },
	{ SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE, "phase-out",
	  N_("At least one of your mail servers uses key-exchange parameters that are being phased out: "
	     "finite-field Diffie-Hellman (ffdhe3072 or larger) or the curve secp224r1.") },
	{ SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE, "na",
	  N_("Your mail servers use no Diffie-Hellman key exchange, so there are no key-exchange parameters to judge.") },
	{ SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE, "could-not-test",
	  N_("The key-exchange parameters of at least one of your mail servers could not be tested, "
	     "because the server did not answer some test connections, even when retried.") },
	{ SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE, "not-tested",
	  N_("The key-exchange parameters were not tested.") },

	{ SUB_MAIL_STARTTLS_TLS_CIPHERS, "good",
	  N_("Your mail servers accept only cipher suites that are good or sufficient.") },
	{ SUB_MAIL_STARTTLS_TLS_CIPHERS, "bad",
	  N_("At least one of your mail servers accepts insufficiently secure cipher suites, such as CBC with SHA-1, "
	     "static RSA key exchange, 3DES, RC4 or NULL.") },
	{ SUB_MAIL_STARTTLS_TLS_CIPHERS, "phase-out",
	  N_("At least one of your mail servers accepts cipher suites that are being phased out, such as CBC with SHA-256 or SHA-384, "
	     "CAMELLIA, ARIA or DHE key exchange.") },
	{ SUB_MAIL_STARTTLS_TLS_CIPHERS, "could-not-test",
	  N_("The cipher suites of at least one of your mail servers could not be tested, "
	     "because the server did not answer some test connections, even when retried.") },
	{ SUB_MAIL_STARTTLS_TLS_CIPHERS, "not-tested",
	  N_("The cipher suites were not tested.") },

	{ SUB_MAIL_STARTTLS_TLS_CIPHERORDER, "good",
	  N_("Your mail servers prefer good and sufficient cipher suites over those being phased out.") },
	{ SUB_MAIL_STARTTLS_TLS_CIPHERORDER, "bad",
	  N_("At least one of your mail servers does not prefer good and sufficient cipher suites: "
	     "given the choice, it picked a cipher suite that is being phased out.") },
	{ SUB_MAIL_STARTTLS_TLS_CIPHERORDER, "na",
	  N_("The cipher order does not apply to your mail servers: they support only TLS 1.3 or only good cipher suites, "
	     "or they did not accept the cipher suites offered to test the order.") },
	{ SUB_MAIL_STARTTLS_TLS_CIPHERORDER, "could-not-test",
	  N_("The cipher order of at least one of your mail servers could not be tested, "
	     "because the server did not answer some test connections, even when retried.") },
	{ SUB_MAIL_STARTTLS_TLS_CIPHERORDER, "not-tested",
	  N_("The cipher order was not tested.") },

	{ SUB_MAIL_STARTTLS_TLS_VERSION, "good",
	  N_("Your mail servers support only secure TLS versions (TLS 1.3 and TLS 1.2).") },
	{ SUB_MAIL_STARTTLS_TLS_VERSION, "bad",
	  N_("At least one of your mail servers supports an insecure version: SSL 2.0, SSL 3.0, TLS 1.0 or TLS 1.1.") },
	{ SUB_MAIL_STARTTLS_TLS_VERSION, "could-not-test",
	  N_("The TLS versions of at least one of your mail servers could not be tested, "
	     "because the server did not answer some test connections, even when retried.") },
	{ SUB_MAIL_STARTTLS_TLS_VERSION, "not-tested",
	  N_("The TLS versions were not tested.") },

	{ SUB_MAIL_STARTTLS_TLS_COMPRESS, "good",
	  N_("Your mail servers do not support TLS compression.") },
	{ SUB_MAIL_STARTTLS_TLS_COMPRESS, "bad",
	  N_("At least one of your mail servers supports TLS compression, which can let an attacker recover secret parts "
	     "of the encrypted traffic (CRIME).") },
	{ SUB_MAIL_STARTTLS_TLS_COMPRESS, "not-tested",
	  N_("TLS compression was not tested.") },

	{ SUB_MAIL_STARTTLS_TLS_SECRENEG, "good",
	  N_("Your mail servers support secure renegotiation, or do not renegotiate at all (TLS 1.3 only).") },
	{ SUB_MAIL_STARTTLS_TLS_SECRENEG, "bad",
	  N_("At least one of your mail servers does not support secure renegotiation (RFC 5746).") },
	{ SUB_MAIL_STARTTLS_TLS_SECRENEG, "not-tested",
	  N_("Secure renegotiation was not tested.") },

	{ SUB_MAIL_STARTTLS_TLS_CLIENTRENEG, "not-allowed",
	  N_("Your mail servers do not allow clients to start a renegotiation.") },
	{ SUB_MAIL_STARTTLS_TLS_CLIENTRENEG, "allowed-with-low-limit",
	  N_("At least one of your mail servers allows clients to start a renegotiation, but at most 10 times per connection.") },
	{ SUB_MAIL_STARTTLS_TLS_CLIENTRENEG, "allowed-with-too-high-limit",
	  N_("At least one of your mail servers allows clients to start a renegotiation 11 times or more per connection, "
	     "which makes it easier to overload the server.") },
	{ SUB_MAIL_STARTTLS_TLS_CLIENTRENEG, "not-tested",
	  N_("Client-initiated renegotiation was not tested.") },

	{ SUB_MAIL_STARTTLS_CERT_CHAIN, "good",
	  N_("The certificates of your mail servers can be verified up to a publicly trusted root certificate.") },
	{ SUB_MAIL_STARTTLS_CERT_CHAIN, "bad",
	  N_("The certificate of at least one of your mail servers cannot be verified up to a publicly trusted root certificate, "
	     "for example because it is self-signed or expired, or an intermediate certificate is missing.") },
	{ SUB_MAIL_STARTTLS_CERT_CHAIN, "could-not-test",
	  N_("The certificate of at least one of your mail servers could not be retrieved, so its trust chain was not checked.") },
	{ SUB_MAIL_STARTTLS_CERT_CHAIN, "not-tested",
	  N_("The trust chain of the certificates was not tested.") },

	{ SUB_MAIL_STARTTLS_CERT_PUBKEY, "good",
	  N_("The public keys in the certificates of your mail servers are secure.") },
	{ SUB_MAIL_STARTTLS_CERT_PUBKEY, "bad",
	  N_("At least one certificate of your mail servers has an insufficiently secure public key, "
	     "such as an RSA key shorter than 2048 bits, a DSA key or an elliptic curve that is not approved.") },
	{ SUB_MAIL_STARTTLS_CERT_PUBKEY, "phase-out",
	  N_("At least one certificate of your mail servers has a public key that is being phased out: "
	     "an RSA key of 2048 to 3071 bits, or an elliptic-curve key on secp224r1.") },
	{ SUB_MAIL_STARTTLS_CERT_PUBKEY, "not-tested",
	  N_("The public keys of the certificates were not tested.") },

	{ SUB_MAIL_STARTTLS_CERT_SIG, "good",
	  N_("The certificates of your mail servers are signed with a secure algorithm.") },
	{ SUB_MAIL_STARTTLS_CERT_SIG, "bad",
	  N_("At least one certificate of your mail servers is signed with an insufficiently secure algorithm, "
	     "such as one using SHA-1 or MD5, or with RSASSA-PSS, which is not on the approved list.") },
	{ SUB_MAIL_STARTTLS_CERT_SIG, "phase-out",
	  N_("At least one certificate of your mail servers is signed with SHA-224, which is being phased out.") },
	{ SUB_MAIL_STARTTLS_CERT_SIG, "not-tested",
	  N_("The signatures of the certificates were not tested.") },

	{ SUB_MAIL_STARTTLS_CERT_DOMAIN, "good",
	  N_("The certificates of your mail servers are valid for the names of those mail servers.") },
	{ SUB_MAIL_STARTTLS_CERT_DOMAIN, "bad",
	  N_("The certificate of at least one of your mail servers is not valid for the name of that mail server.") },
	{ SUB_MAIL_STARTTLS_CERT_DOMAIN, "not-tested",
	  N_("The domain names on the certificates were not tested.") },

	{ SUB_MAIL_STARTTLS_TLS_CAA, "good",
	  N_("The domains of your mail servers have correct CAA records that name the certificate authorities allowed to issue certificates for them.") },
	{ SUB_MAIL_STARTTLS_TLS_CAA, "bad",
	  N_("The domain of at least one of your mail servers has no CAA records, so any certificate authority may issue certificates for it.") },
	{ SUB_MAIL_STARTTLS_TLS_CAA, "syntax-error",
	  N_("The CAA records of at least one of your mail server domains contain an error.") },
	{ SUB_MAIL_STARTTLS_TLS_CAA, "insufficient",
	  N_("The CAA records of at least one of your mail server domains have no issue property, which is required.") },
	{ SUB_MAIL_STARTTLS_TLS_CAA, "recommendations",
	  N_("The CAA records of your mail server domains are correct, but can be improved; see the technical details.") },
	{ SUB_MAIL_STARTTLS_TLS_CAA, "not-tested",
	  N_("CAA was not tested.") },

	{ SUB_MAIL_STARTTLS_DANE_EXIST, "good",
	  N_("Your mail servers publish TLSA records for DANE, signed with DNSSEC.") },
	{ SUB_MAIL_STARTTLS_DANE_EXIST, "bad",
	  N_("At least one of your mail servers has no DNSSEC-signed TLSA record of usage 2 or 3 for DANE.") },
	{ SUB_MAIL_STARTTLS_DANE_EXIST, "bogus",
	  N_("The TLSA records of at least one of your mail servers fail DNSSEC validation (bogus), "
	     "so senders that use DANE will not deliver mail to that server.") },
	{ SUB_MAIL_STARTTLS_DANE_EXIST, "not-tested",
	  N_("DANE was not tested.") },

	{ SUB_MAIL_STARTTLS_DANE_VALID, "good",
	  N_("The certificates of your mail servers match their TLSA records.") },
	{ SUB_MAIL_STARTTLS_DANE_VALID, "bad",
	  N_("At least one of your mail servers presents a certificate that matches none of its TLSA records, "
	     "so senders that use DANE will not deliver mail to that server.") },
	{ SUB_MAIL_STARTTLS_DANE_VALID, "not-tested",
	  N_("The validity of DANE was not tested, because your mail servers have no DNSSEC-signed TLSA records.") },

	{ SUB_MAIL_STARTTLS_DANE_ROLLOVER, "good",
	  N_("Your mail servers have TLSA records for a rollover: two or more of usage 3, or at least one of usage 3 and one of usage 2.") },
	{ SUB_MAIL_STARTTLS_DANE_ROLLOVER, "bad",
	  N_("At least one of your mail servers has no TLSA records for a rollover, so replacing its key or certificate "
	     "can break DANE until the TLSA records are updated.") },
	{ SUB_MAIL_STARTTLS_DANE_ROLLOVER, "not-tested",
	  N_("The DANE rollover scheme was not tested, because your mail servers have no DNSSEC-signed TLSA records.") },

	{ SUB_MAIL_STARTTLS_TLS_0RTT, "good",
	  N_("Your mail servers do not accept 0-RTT data.") },
	{ SUB_MAIL_STARTTLS_TLS_0RTT, "bad",
	  N_("At least one of your mail servers accepts TLS 1.3 0-RTT data, which an attacker can replay.") },
	{ SUB_MAIL_STARTTLS_TLS_0RTT, "na",
	  N_("0-RTT is not checked for mail servers, so this counts as passed.") },
	{ SUB_MAIL_STARTTLS_TLS_0RTT, "not-tested",
	  N_("0-RTT was not tested.") },

	{ SUB_MAIL_STARTTLS_TLS_KEYEXCHANGEHASH, "good",
	  N_("Your mail servers accept neither SHA-1 nor SHA-224 for the signature in the key exchange.") },
	{ SUB_MAIL_STARTTLS_TLS_KEYEXCHANGEHASH, "bad",
	  N_("At least one of your mail servers accepts SHA-1 for the signature in the key exchange, which is insufficiently secure.") },
	{ SUB_MAIL_STARTTLS_TLS_KEYEXCHANGEHASH, "phase-out",
	  N_("At least one of your mail servers accepts SHA-224 for the signature in the key exchange, which is being phased out.") },
	{ SUB_MAIL_STARTTLS_TLS_KEYEXCHANGEHASH, "not-tested",
	  N_("The hash function for the key exchange was not tested.") },

	{ SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET, "good",
	  N_("Your mail servers support Extended Master Secret (RFC 7627) in TLS 1.2.") },
	{ SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET, "bad",
	  N_("At least one of your mail servers supports TLS 1.2 without Extended Master Secret (RFC 7627).") },
	{ SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET, "na-no-tls-1-2",
	  N_("At least one of your mail servers does not support TLS 1.2, so Extended Master Secret, a TLS 1.2 feature, does not apply to it.") },
	{ SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET, "not-tested",
	  N_("Extended Master Secret was not tested.") },

	/* mail_rpki, §3.11 (mechanics §3.5) */
	{ SUB_MAIL_RPKI_EXISTS, "good",
	  N_("All IP addresses of your mail servers are covered by a Route Origin Authorisation (ROA).") },
	{ SUB_MAIL_RPKI_EXISTS, "bad",
	  N_("At least one IP address of your mail servers is not covered by a Route Origin Authorisation (ROA).") },
	{ SUB_MAIL_RPKI_EXISTS, "no-addresses",
	  N_("No IP addresses of mail servers were found for your domain, so there was nothing to check.") },
	{ SUB_MAIL_RPKI_EXISTS, "not-tested",
	  N_("Route Origin Authorisations for your mail servers could not be checked, because the RPKI data or the BGP route data was not available.") },

	{ SUB_MAIL_RPKI_VALID, "good",
	  N_("All routes to the IP addresses of your mail servers are valid according to RPKI.") },
	{ SUB_MAIL_RPKI_VALID, "bad",
	  N_("At least one route to the IP addresses of your mail servers has no matching ROA (RPKI status not-found).") },
	{ SUB_MAIL_RPKI_VALID, "invalid",
	  N_("At least one route to the IP addresses of your mail servers is RPKI-invalid: it is announced by a network (AS) "
	     "or with a prefix length that its ROA does not allow. Networks that validate RPKI drop such a route.") },
	{ SUB_MAIL_RPKI_VALID, "not-routed",
	  N_("None of the IP addresses of your mail servers is in a route seen by at least 10 RIPE RIS peers, so there is no route to validate.") },
	{ SUB_MAIL_RPKI_VALID, "not-tested",
	  N_("Route validity for your mail servers was not checked: there were no addresses to check, "
	     "or the RPKI data or the BGP route data was not available.") },

	{ SUB_MAIL_NS_RPKI_EXISTS, "good",
	  N_("All IP addresses of your name servers are covered by a Route Origin Authorisation (ROA).") },
	{ SUB_MAIL_NS_RPKI_EXISTS, "bad",
	  N_("At least one IP address of your name servers is not covered by a Route Origin Authorisation (ROA).") },
	{ SUB_MAIL_NS_RPKI_EXISTS, "no-addresses",
	  N_("No IP addresses of name servers were found for your domain, so there was nothing to check.") },
	{ SUB_MAIL_NS_RPKI_EXISTS, "not-tested",
	  N_("Route Origin Authorisations for your name servers could not be checked, because the RPKI data or the BGP route data was not available.") },

	{ SUB_MAIL_NS_RPKI_VALID, "good",
	  N_("All routes to the IP addresses of your name servers are valid according to RPKI.") },
	{ SUB_MAIL_NS_RPKI_VALID, "bad",
	  N_("At least one route to the IP addresses of your name servers has no matching ROA (RPKI status not-found).") },
	{ SUB_MAIL_NS_RPKI_VALID, "invalid",
	  N_("At least one route to the IP addresses of your name servers is RPKI-invalid: it is announced by a network (AS) "
	     "or with a prefix length that its ROA does not allow. Networks that validate RPKI drop such a route.") },
	{ SUB_MAIL_NS_RPKI_VALID, "not-routed",
	  N_("None of the IP addresses of your name servers is in a route seen by at least 10 RIPE RIS peers, so there is no route to validate.") },
	{ SUB_MAIL_NS_RPKI_VALID, "not-tested",
	  N_("Route validity for your name servers was not checked: there were no addresses to check, "
	     "or the RPKI data or the BGP route data was not available.") },

	{ SUB_MAIL_MX_NS_RPKI_EXISTS, "good",
	  N_("All IP addresses of the name servers of your mail servers are covered by a Route Origin Authorisation (ROA).") },
	{ SUB_MAIL_MX_NS_RPKI_EXISTS, "bad",
	  N_("At least one IP address of the name servers of your mail servers is not covered by a Route Origin Authorisation (ROA).") },
	{ SUB_MAIL_MX_NS_RPKI_EXISTS, "no-addresses",
	  N_("No IP addresses of name servers of mail servers were found for your domain, so there was nothing to check.") },
	{ SUB_MAIL_MX_NS_RPKI_EXISTS, "not-tested",
	  N_("Route Origin Authorisations for the name servers of your mail servers could not be checked, "
	     "because the RPKI data or the BGP route data was not available.") },

	{ SUB_MAIL_MX_NS_RPKI_VALID, "good",
	  N_("All routes to the IP addresses of the name servers of your mail servers are valid according to RPKI.") },
	{ SUB_MAIL_MX_NS_RPKI_VALID, "bad",
	  N_("At least one route to the IP addresses of the name servers of your mail servers has no matching ROA (RPKI status not-found).") },
	{ SUB_MAIL_MX_NS_RPKI_VALID, "invalid",
	  N_("At least one route to the IP addresses of the name servers of your mail servers is RPKI-invalid: it is announced "
	     "by a network (AS) or with a prefix length that its ROA does not allow. Networks that validate RPKI drop such a route.") },
	{ SUB_MAIL_MX_NS_RPKI_VALID, "not-routed",
	  N_("None of the IP addresses of the name servers of your mail servers is in a route seen by at least 10 RIPE RIS peers, "
	     "so there is no route to validate.") },
	{ SUB_MAIL_MX_NS_RPKI_VALID, "not-tested",
	  N_("Route validity for the name servers of your mail servers was not checked: there were no addresses to check, "
	     "or the RPKI data or the BGP route data was not available.") },
};
const size_t texts_mail_verdicts_n = sizeof(texts_mail_verdicts) / sizeof(texts_mail_verdicts[0]);

/* ------------------------------------------------------------------ subtests */

const struct text_subtest texts_mail_subtests[] = {
	/* mail_ipv6 */
	{ SUB_MAIL_IPV6_NS_ADDRESS, N_("IPv6 addresses for name servers"),
	  N_("This tests whether the name servers (NS records) of your domain have an IPv6 address (AAAA record). "
	     "At least two should have one, so that resolvers with only IPv6 can still look up your domain, "
	     "including its MX records, when one name server is down."),
	  { N_("Name server"), N_("IPv6 address"), N_("IPv4 address"), NULL } },
	{ SUB_MAIL_IPV6_NS_REACH, N_("IPv6 reachability of name servers"),
	  N_("This tests whether each IPv6 address of your name servers answers a DNS query within 5 seconds. "
	     "An IPv6 address in DNS that does not answer slows down or breaks the lookup of your domain "
	     "for resolvers that use IPv6."),
	  { N_("Name server"), N_("IPv6 address"), N_("Reachable"), NULL } },
	{ SUB_MAIL_IPV6_MX_ADDRESS, N_("IPv6 addresses for mail servers"),
	  N_("This tests whether every mail server in the MX records of your domain has an IPv6 address (AAAA record), "
	     "so that mail servers with only IPv6 can deliver mail to you. At most 10 mail servers are tested, in alphabetical order. "
	     "A domain that accepts no mail should say so with a Null MX record (RFC 7505) instead."),
	  { N_("Mail server"), N_("IPv6 address"), N_("IPv4 address"), NULL } },
	{ SUB_MAIL_IPV6_MX_REACH, N_("IPv6 reachability of mail servers"),
	  N_("This tests whether each IPv6 address of your mail servers accepts a connection on port 25 (SMTP) within 4 seconds. "
	     "An IPv6 address that does not answer delays or blocks mail from senders that use IPv6."),
	  { N_("Mail server"), N_("IPv6 address"), N_("Reachable"), NULL } },

	/* mail_dnssec */
	{ SUB_MAIL_DNSSEC_MAILTO_EXIST, N_("DNSSEC existence (email address domain)"),
	  N_("This tests whether your domain, the part of your email addresses after the @, is signed with DNSSEC "
	     "(RFC 4033 to 4035). With DNSSEC, resolvers can verify that DNS answers about your domain, such as its MX, "
	     "SPF and DMARC records, come from you and were not altered on the way."),
	  { N_("Domain"), N_("Signed with DNSSEC"), NULL } },
	{ SUB_MAIL_DNSSEC_MAILTO_VALID, N_("DNSSEC validity (email address domain)"),
	  N_("This tests whether the DNSSEC signatures of your domain are valid. If they are not (status bogus), "
	     "resolvers that validate DNSSEC reject the records of your domain, so senders that use such resolvers "
	     "cannot find your mail servers."),
	  { N_("Domain"), N_("DNSSEC status"), NULL } },
	{ SUB_MAIL_DNSSEC_MX_EXIST, N_("DNSSEC existence (mail server domains)"),
	  N_("This tests whether the domains of your mail servers, the names in your MX records, are signed with DNSSEC. "
	     "A signed mail server name is needed for DANE (RFC 7672): senders only trust the TLSA records of a mail server "
	     "whose name is signed. If another party runs your mail, these domains are usually theirs."),
	  { N_("Mail server"), N_("Signed with DNSSEC"), NULL } },
	{ SUB_MAIL_DNSSEC_MX_VALID, N_("DNSSEC validity (mail server domains)"),
	  N_("This tests whether the DNSSEC signatures of your mail server domains are valid. If they are not (status bogus), "
	     "senders whose resolvers validate DNSSEC cannot look up your mail servers, and mail to you is delayed or lost."),
	  { N_("Mail server"), N_("DNSSEC status"), NULL } },

	/* mail_auth */
	{ SUB_MAIL_AUTH_DMARC_EXIST, N_("DMARC existence"),
	  N_("This tests whether your domain has a DMARC record (RFC 7489): one TXT record starting with v=DMARC1 at _dmarc "
	     "under your domain, or else under its organisational domain. DMARC tells receiving mail servers what to do "
	     "with mail that fails the SPF and DKIM checks for your domain, and where to send reports about it."),
	  { N_("Domain"), N_("DMARC record"), NULL } },
	{ SUB_MAIL_AUTH_DMARC_POLICY, N_("DMARC policy"),
	  N_("This tests whether your DMARC record has a correct syntax and a policy that is strict enough: p=quarantine or p=reject "
	     "(for a record of your organisational domain, the subdomain policy sp= if present). With p=none, or p=quarantine "
	     "in testing mode (t=y), receivers do not stop forged mail. When reports go to an address at another domain, "
	     "that domain must authorise this with a DNS record (RFC 7489 section 7.1)."),
	  { N_("Domain"), N_("DMARC record"), NULL } },
	{ SUB_MAIL_AUTH_DKIM_EXIST, N_("DKIM existence"),
	  N_("This tests whether your domain uses DKIM (RFC 6376), with which your mail servers sign outgoing mail so that receivers "
	     "can check that it comes from your domain and was not altered. The test checks that the name _domainkey under your "
	     "domain exists; the keys under it cannot be checked without knowing their selector names. A domain that sends no mail "
	     "needs no DKIM if it says so with SPF v=spf1 -all and DMARC p=reject."),
	  { NULL } },
	{ SUB_MAIL_AUTH_SPF_EXIST, N_("SPF existence"),
	  N_("This tests whether your domain has an SPF record (RFC 7208): one TXT record starting with v=spf1 that lists "
	     "the servers allowed to send mail for your domain. Receiving mail servers use it to recognise mail with a forged sender."),
	  { N_("Domain"), N_("SPF record"), NULL } },
	{ SUB_MAIL_BEYOND_SPF_LOOKUPS, N_("SPF lookups (RFC 7208)"),
	  N_("Not an internet.nl test. This counts the DNS lookups that evaluating your SPF record takes, exactly as "
	     "RFC 7208 section 4.6.4 counts them (include, a, mx, ptr, exists and redirect, through every include), and "
	     "the lookups among them that find nothing. Above 10 lookups, or 2 lookups that find nothing, receivers may "
	     "end the SPF check with an error. internet.nl counts differently, so its SPF policy verdict can differ; "
	     "this table shows which include costs how many lookups."),
	  { N_("Record"), N_("Reached through"), N_("Own lookups"), N_("Branch total"), N_("Void lookups"), NULL } },
	{ SUB_MAIL_BEYOND_TLS_RPT, N_("TLS reporting (TLS-RPT)"),
	  N_("Not an internet.nl test. This checks the TLS-RPT record of your domain (RFC 8460): one TXT record at "
	     "_smtp._tls starting with v=TLSRPTv1, whose rua= names where sending mail servers send daily reports of "
	     "connections to your mail servers that failed TLS, for example with MTA-STS or DANE."),
	  { N_("Name"), N_("Value"), NULL } },
	{ SUB_MAIL_BEYOND_DKIM_KEYS, N_("DKIM keys of the given selectors"),
	  N_("Not an internet.nl test. DKIM keys are published under selector names that cannot be discovered, so "
	     "internet.nl only checks that DKIM is there. Given the selectors (--dkim-selector), this checks each key "
	     "record (RFC 6376) and the key: RSA shorter than 1024 bits is rejected by receivers, 1024 to 2047 bits is "
	     "being phased out, 2048 bits or more and Ed25519 are good (RFC 8301, RFC 8463); an empty p= is a revoked key."),
	  { N_("Selector"), N_("Key"), N_("Bits"), N_("Verdict"), NULL } },
	{ SUB_MAIL_BEYOND_MTA_STS, N_("MTA-STS (RFC 8461)"),
	  N_("Not an internet.nl test. MTA-STS lets a domain tell sending mail servers to deliver only over TLS with a "
	     "valid certificate. This checks the TXT record at _mta-sts (v=STSv1 and an id), fetches the policy from "
	     "https://mta-sts.<domain>/.well-known/mta-sts.txt exactly as a sender must (valid certificate, no redirect, "
	     "status 200, text/plain, at most 64 KiB), checks its syntax (version, mode, mx, max_age), that every MX of "
	     "the domain matches an mx line, and that each such mail server's certificate, as seen in the STARTTLS test, "
	     "is valid for its name."),
	  { N_("Name"), N_("Value"), NULL } },
	{ SUB_MAIL_AUTH_SPF_POLICY, N_("SPF policy"),
	  N_("This tests whether your SPF record has a correct syntax and is strict enough. It must end with ~all or -all, "
	     "or pass on with redirect= to a record that does, so that mail from servers it does not list fails; "
	     "+all and ?all let any server pass. Each include and redirect must lead to a valid SPF record, and evaluating "
	     "the record may take at most 10 DNS lookups (RFC 7208)."),
	  { N_("Domain"), N_("SPF record"), NULL } },

	/* mail_starttls */
	{ SUB_MAIL_STARTTLS_TLS_AVAILABLE, N_("STARTTLS available"),
	  N_("This tests whether each of your mail servers accepts connections on port 25 and offers STARTTLS (RFC 3207), "
	     "so that mail to you travels encrypted. Without it, mail crosses the internet readable for anyone on the way. "
	     "At most 10 mail servers are tested, one address each (IPv4 if it has one), with a time limit of 10 seconds per connection."),
	  { N_("Mail server"), N_("STARTTLS"), NULL } },
	{ SUB_MAIL_STARTTLS_TLS_KEYEXCHANGE, N_("Key exchange parameters"),
	  N_("This tests the parameters your mail servers use to agree on session keys, following the NCSC-NL TLS guidelines (2025). "
	     "The elliptic curves X25519, X448, secp256r1, secp384r1, secp521r1 and the brainpool curves are good; "
	     "secp224r1 and finite-field Diffie-Hellman with the RFC 7919 groups ffdhe3072, ffdhe4096, ffdhe6144 or ffdhe8192 "
	     "are being phased out; anything else, including ffdhe2048 and self-made groups, is insufficient. "
	     "With weak parameters, recorded mail can be decrypted later."),
	  { N_("Mail server"), N_("Parameters"), N_("Status"), NULL } },
	{ SUB_MAIL_STARTTLS_TLS_CIPHERS, N_("Ciphers"),
	  N_("This tests which cipher suites your mail servers accept, following the NCSC-NL TLS guidelines (2025). "
	     "The TLS 1.3 suites and ECDHE with AES-GCM, ChaCha20-Poly1305 or AES-CCM are good or sufficient; "
	     "CBC with SHA-256 or SHA-384, CAMELLIA, ARIA and DHE key exchange are being phased out; "
	     "anything else, such as CBC with SHA-1, static RSA key exchange, 3DES, RC4, NULL and CCM_8, is insufficient."),
	  { N_("Mail server"), N_("Affected cipher suite"), N_("Status"), NULL } },
	{ SUB_MAIL_STARTTLS_TLS_CIPHERORDER, N_("Cipher order"),
	  N_("This tests whether your mail servers choose the cipher suite themselves and prefer good and sufficient suites "
	     "over suites that are being phased out (NCSC-NL TLS guidelines 2025). Otherwise a client can steer the connection "
	     "towards a weaker suite. It does not apply to a server that supports only TLS 1.3 or only good suites."),
	  { N_("Mail server"), N_("Cipher suite chosen"), N_("Cipher suite expected"), NULL } },
	{ SUB_MAIL_STARTTLS_TLS_VERSION, N_("TLS version"),
	  N_("This tests which TLS versions your mail servers support. TLS 1.3 is good and TLS 1.2 sufficient; "
	     "SSL 2.0, SSL 3.0, TLS 1.0 and TLS 1.1 are insufficient because of known weaknesses (NCSC-NL TLS guidelines 2025)."),
	  { N_("Mail server"), N_("TLS version"), N_("Status"), NULL } },
	{ SUB_MAIL_STARTTLS_TLS_COMPRESS, N_("TLS compression"),
	  N_("This tests whether your mail servers support compression in TLS. TLS compression can let an attacker "
	     "recover secret parts of the encrypted traffic (the CRIME attack), so it must be off."),
	  { N_("Mail server"), N_("TLS compression"), NULL } },
	{ SUB_MAIL_STARTTLS_TLS_SECRENEG, N_("Secure renegotiation"),
	  N_("This tests whether your mail servers support secure renegotiation (RFC 5746) in TLS 1.2 and older versions. "
	     "Insecure renegotiation lets an attacker insert data at the start of an encrypted connection. "
	     "TLS 1.3 does not renegotiate, so a server with only TLS 1.3 passes."),
	  { N_("Mail server"), N_("Secure renegotiation"), NULL } },
	{ SUB_MAIL_STARTTLS_TLS_CLIENTRENEG, N_("Client-initiated renegotiation"),
	  N_("This tests whether your mail servers let the client start a renegotiation of the TLS connection. "
	     "A renegotiation costs the server much more work than the client, so allowing many of them makes it easier "
	     "to overload the server. The test tries 11 renegotiations on one connection; the result is informational."),
	  { N_("Mail server"), N_("Client-initiated renegotiation"), NULL } },
	{ SUB_MAIL_STARTTLS_CERT_CHAIN, N_("Trust chain of certificate"),
	  N_("This tests whether the certificate of each mail server, with its intermediate certificates, can be verified "
	     "up to a publicly trusted root certificate. Sending mail servers rarely check this, so for mail the result is "
	     "informational; DANE is the way to let senders authenticate your mail servers."),
	  { N_("Mail server"), N_("Certificate chain"), N_("Problem"), NULL } },
	{ SUB_MAIL_STARTTLS_CERT_PUBKEY, N_("Public key of certificate"),
	  N_("This tests the public keys of the certificates your mail servers present, except the root certificate, "
	     "following the NCSC-NL TLS guidelines (2025). RSA of at least 3072 bits, elliptic-curve keys on secp256r1, "
	     "secp384r1, secp521r1 or a brainpool curve, Ed25519 and Ed448 are good; RSA of 2048 to 3071 bits and secp224r1 "
	     "are being phased out; anything else, such as shorter RSA keys or DSA, is insufficient."),
	  { N_("Mail server"), N_("Affected public key"), N_("Status"), NULL } },
	{ SUB_MAIL_STARTTLS_CERT_SIG, N_("Signature of certificate"),
	  N_("This tests the algorithms with which the certificates your mail servers present are signed, except the root "
	     "certificate. RSA or ECDSA with SHA-256, SHA-384 or SHA-512, Ed25519 and Ed448 are sufficient; SHA-224 is being "
	     "phased out; anything else, such as SHA-1 or MD5, is insufficient, because certificates signed with it can be forged."),
	  { N_("Mail server"), N_("Certificate"), N_("Signature algorithm"), N_("Status"), NULL } },
	{ SUB_MAIL_STARTTLS_CERT_DOMAIN, N_("Domain name on certificate"),
	  N_("This tests whether the certificate of each mail server is valid for the name of that mail server (its MX name, "
	     "in the subject alternative names). Without DANE, sending servers rarely check this, so the result is informational; "
	     "with a TLSA record of usage 2 (DANE-TA) the name must match (RFC 7672)."),
	  { N_("Mail server"), N_("Names on certificate"), NULL } },
	{ SUB_MAIL_STARTTLS_TLS_CAA, N_("CAA for mail server domain"),
	  N_("This tests whether the domains of your mail servers have CAA records (RFC 8659) that name the certificate authorities "
	     "allowed to issue certificates for them, which lowers the risk of a wrongly issued certificate. "
	     "The records are looked up on the mail server name and, if it has none, on its parent domains; "
	     "at least one issue property is required."),
	  { N_("Mail server"), N_("CAA record"), N_("Found on"), NULL } },
	{ SUB_MAIL_STARTTLS_DANE_EXIST, N_("DANE existence"),
	  N_("This tests whether your mail servers publish TLSA records for DANE (RFC 7672) at _25._tcp under each mail server name, "
	     "signed with DNSSEC. With DANE, sending mail servers can verify that they are talking to your real mail server "
	     "and insist on encryption, which protects mail against interception and downgrade attacks. "
	     "For mail, only records of usage 2 (DANE-TA) and 3 (DANE-EE) count."),
	  { N_("Mail server"), N_("TLSA record"), NULL } },
	{ SUB_MAIL_STARTTLS_DANE_VALID, N_("DANE validity"),
	  N_("This tests whether the certificate each mail server presents matches at least one of its TLSA records. "
	     "If none matches, senders that use DANE will not deliver mail to that server, so the TLSA records must be "
	     "updated in time whenever the certificate or key changes."),
	  { N_("Mail server"), N_("DANE validation"), NULL } },
	{ SUB_MAIL_STARTTLS_DANE_ROLLOVER, N_("DANE rollover scheme"),
	  N_("This tests whether your mail servers can replace their key without breaking DANE: they need two or more TLSA records "
	     "of usage 3, for example for the current and the next key, or at least one of usage 3 and one of usage 2. "
	     "The result is informational."),
	  { N_("Mail server"), N_("Rollover scheme"), NULL } },
	{ SUB_MAIL_STARTTLS_TLS_0RTT, N_("0-RTT"),
	  N_("0-RTT (early data in TLS 1.3) lets a client send data before the handshake is complete, and an attacker can replay "
	     "such data. This check is made for web servers; for mail servers it is not run and counts as passed."),
	  { N_("Mail server"), N_("0-RTT"), NULL } },
	{ SUB_MAIL_STARTTLS_TLS_KEYEXCHANGEHASH, N_("Hash function for key exchange"),
	  N_("This tests whether your mail servers refuse weak hash functions for the signature in the TLS key exchange. "
	     "The test offers only SHA-1, then only SHA-224: accepting SHA-1 is insufficient, accepting SHA-224 is being "
	     "phased out (NCSC-NL TLS guidelines 2025)."),
	  { N_("Mail server"), N_("Hash function for key exchange"), NULL } },
	{ SUB_MAIL_STARTTLS_TLS_EXTENDEDMASTERSECRET, N_("Extended Master Secret"),
	  N_("This tests whether your mail servers support Extended Master Secret (RFC 7627) in TLS 1.2, which binds the session "
	     "keys to the whole handshake and so prevents certain man-in-the-middle attacks. It does not apply to a server "
	     "without TLS 1.2."),
	  { N_("Mail server"), N_("Extended Master Secret"), NULL } },

	/* mail_rpki */
	{ SUB_MAIL_RPKI_EXISTS, N_("Route Origin Authorisation existence (mail servers)"),
	  N_("This tests whether the IP addresses of your mail servers are covered by a Route Origin Authorisation (ROA): "
	     "a signed statement in the RPKI by the holder of the addresses about which network (AS) may announce them. "
	     "With ROAs, networks can detect and reject hijacked or mistaken routes (RFC 6811). "
	     "The ROAs are published by the holder of the addresses, usually your hosting or network provider."),
	  { N_("Mail server"), N_("IP address"), N_("ROA"), NULL } },
	{ SUB_MAIL_RPKI_VALID, N_("Route announcement validity (mail servers)"),
	  N_("This tests whether the BGP routes to the IP addresses of your mail servers are valid by RPKI route origin validation "
	     "(RFC 6811): the announcing network (AS) and the prefix length must match a ROA. Routes come from RIPE RIS and count "
	     "only if at least 10 of its peers see them. Networks that validate RPKI drop invalid routes, which can make your "
	     "mail servers unreachable."),
	  { N_("Mail server"), N_("Route"), N_("Origin AS"), N_("RPKI status"), NULL } },
	{ SUB_MAIL_NS_RPKI_EXISTS, N_("Route Origin Authorisation existence (name servers)"),
	  N_("This tests whether the IP addresses of the name servers of your domain are covered by a Route Origin Authorisation (ROA): "
	     "a signed statement in the RPKI by the holder of the addresses about which network (AS) may announce them. "
	     "With ROAs, networks can detect and reject hijacked or mistaken routes (RFC 6811)."),
	  { N_("Name server"), N_("IP address"), N_("ROA"), NULL } },
	{ SUB_MAIL_NS_RPKI_VALID, N_("Route announcement validity (name servers)"),
	  N_("This tests whether the BGP routes to the IP addresses of the name servers of your domain are valid by RPKI route origin "
	     "validation (RFC 6811): the announcing network (AS) and the prefix length must match a ROA. Routes come from RIPE RIS "
	     "and count only if at least 10 of its peers see them. Networks that validate RPKI drop invalid routes, which can make "
	     "your domain impossible to look up."),
	  { N_("Name server"), N_("Route"), N_("Origin AS"), N_("RPKI status"), NULL } },
	{ SUB_MAIL_MX_NS_RPKI_EXISTS, N_("Route Origin Authorisation existence (mail server name servers)"),
	  N_("This tests whether the IP addresses of the name servers of your mail server domains are covered by a Route Origin "
	     "Authorisation (ROA): a signed statement in the RPKI by the holder of the addresses about which network (AS) may "
	     "announce them. With ROAs, networks can detect and reject hijacked or mistaken routes (RFC 6811)."),
	  { N_("Name server"), N_("IP address"), N_("ROA"), NULL } },
	{ SUB_MAIL_MX_NS_RPKI_VALID, N_("Route announcement validity (mail server name servers)"),
	  N_("This tests whether the BGP routes to the IP addresses of the name servers of your mail server domains are valid by "
	     "RPKI route origin validation (RFC 6811): the announcing network (AS) and the prefix length must match a ROA. "
	     "Routes come from RIPE RIS and count only if at least 10 of its peers see them. Networks that validate RPKI drop "
	     "invalid routes, which can make your mail servers impossible to look up."),
	  { N_("Name server"), N_("Route"), N_("Origin AS"), N_("RPKI status"), NULL } },
};
const size_t texts_mail_subtests_n = sizeof(texts_mail_subtests) / sizeof(texts_mail_subtests[0]);

/* ------------------------------------------------------------------ headlines */

const struct text_headline texts_mail_headlines[] = {
	/* mail_ipv6 */
	{ CAT_MAIL_IPV6, "passed",
	  N_("Your name servers and mail servers are reachable over IPv6.") },
	{ CAT_MAIL_IPV6, "failed",
	  N_("Your name servers or mail servers are not fully reachable over IPv6.") },
	{ CAT_MAIL_IPV6, "warning",
	  N_("Your name servers and mail servers are reachable over IPv6, with a recommendation in the details.") },
	{ CAT_MAIL_IPV6, "info",
	  N_("Your name servers and mail servers are reachable over IPv6; the details contain information for you.") },
	{ CAT_MAIL_IPV6, "error",
	  N_("The reachability of your mail domain over IPv6 could not be tested because of an error.") },
	{ CAT_MAIL_IPV6, "not_tested",
	  N_("The reachability of your mail domain over IPv6 was not tested.") },

	/* mail_dnssec */
	{ CAT_MAIL_DNSSEC, "passed",
	  N_("Your domain and the domains of your mail servers are signed with valid DNSSEC.") },
	{ CAT_MAIL_DNSSEC, "failed",
	  N_("Your domain or the domains of your mail servers are not signed with DNSSEC, or their signatures are not valid.") },
	{ CAT_MAIL_DNSSEC, "warning",
	  N_("Your domain and mail server domains are signed with DNSSEC, with a recommendation in the details.") },
	{ CAT_MAIL_DNSSEC, "info",
	  N_("Your domain and mail server domains are signed with DNSSEC; the details contain information for you.") },
	{ CAT_MAIL_DNSSEC, "error",
	  N_("DNSSEC for your domain and mail server domains could not be tested because of an error.") },
	{ CAT_MAIL_DNSSEC, "not_tested",
	  N_("DNSSEC for your domain and mail server domains was not tested.") },

	/* mail_auth */
	{ CAT_MAIL_AUTH, "passed",
	  N_("Your domain uses DMARC, DKIM and SPF, so receivers can recognise mail that falsely claims to come from it.") },
	{ CAT_MAIL_AUTH, "failed",
	  N_("Your domain is not fully protected against forged mail: DMARC, DKIM or SPF is missing or not strict enough.") },
	{ CAT_MAIL_AUTH, "warning",
	  N_("Your domain uses DMARC, DKIM and SPF, with a recommendation in the details.") },
	{ CAT_MAIL_AUTH, "info",
	  N_("Your domain uses DMARC, DKIM and SPF; the details contain information for you.") },
	{ CAT_MAIL_AUTH, "error",
	  N_("DMARC, DKIM and SPF of your domain could not be tested because of an error.") },
	{ CAT_MAIL_AUTH, "not_tested",
	  N_("DMARC, DKIM and SPF of your domain were not tested.") },

	/* mail_beyond (issue 22): informational, never in the score */
	{ CAT_MAIL_BEYOND, "passed",
	  N_("The extra tests beyond internet.nl found nothing to improve.") },
	{ CAT_MAIL_BEYOND, "failed",
	  N_("An extra test beyond internet.nl found a problem; it does not change the internet.nl score.") },
	{ CAT_MAIL_BEYOND, "warning",
	  N_("An extra test beyond internet.nl has a recommendation; it does not change the internet.nl score.") },
	{ CAT_MAIL_BEYOND, "info",
	  N_("The extra tests beyond internet.nl have information for you; they do not change the internet.nl score.") },
	{ CAT_MAIL_BEYOND, "error",
	  N_("An extra test beyond internet.nl could not be run because of an error.") },
	{ CAT_MAIL_BEYOND, "not_tested",
	  N_("The extra tests beyond internet.nl were not run.") },

	/* mail_starttls: statuses, then the text verdicts of spec §2.5 step 5 (starttls.c) */
	{ CAT_MAIL_STARTTLS, "passed",
	  N_("Your mail servers accept mail over secure connections (STARTTLS and DANE).") },
	{ CAT_MAIL_STARTTLS, "failed",
	  N_("Your mail servers do not fully support secure connections: STARTTLS, its TLS settings or DANE fall short.") },
	{ CAT_MAIL_STARTTLS, "warning",
	  N_("Your mail servers accept mail over secure connections, with a recommendation in the details.") },
	{ CAT_MAIL_STARTTLS, "info",
	  N_("Your mail servers accept mail over secure connections; the details contain information for you.") },
	{ CAT_MAIL_STARTTLS, "error",
	  N_("The secure connections of your mail servers could not be tested because of an error.") },
	{ CAT_MAIL_STARTTLS, "not_tested",
	  N_("The secure connections of your mail servers were not tested.") },
	{ CAT_MAIL_STARTTLS, "unreachable",
	  N_("At least one of your mail servers could not be reached or did not offer STARTTLS, so its connection security could not be tested.") },
	{ CAT_MAIL_STARTTLS, "untestable",
	  N_("At least one of your mail servers could not be tested within the time limit; please test again later.") },
	{ CAT_MAIL_STARTTLS, "no-mx",
	  N_("Your domain has no MX records, so there are no mail servers to test for secure connections.") },
	{ CAT_MAIL_STARTTLS, "null-mx",
	  N_("Your domain publishes a Null MX record: it accepts no mail, so there are no mail servers to test.") },
	{ CAT_MAIL_STARTTLS, "no-null-mx",
	  N_("Your domain has no mail servers and seems not to handle mail, but it does not say so with a Null MX record.") },
	{ CAT_MAIL_STARTTLS, "null-mx-with-other-mx",
	  N_("Your domain publishes a Null MX record next to other MX records, which contradict it; no mail servers were tested.") },
	{ CAT_MAIL_STARTTLS, "null-mx-without-a-aaaa",
	  N_("Your domain publishes a Null MX record that is not needed, as it has no A or AAAA record; there are no mail servers to test.") },

	/* mail_rpki */
	{ CAT_MAIL_RPKI, "passed",
	  N_("The routes to your mail servers and name servers are authorised and valid (RPKI).") },
	{ CAT_MAIL_RPKI, "failed",
	  N_("At least one route to your mail servers or name servers is not valid according to RPKI.") },
	{ CAT_MAIL_RPKI, "warning",
	  N_("Not all IP addresses of your mail servers and name servers are covered by a Route Origin Authorisation (RPKI).") },
	{ CAT_MAIL_RPKI, "info",
	  N_("The routes to your mail servers and name servers were checked with RPKI; the details contain information for you.") },
	{ CAT_MAIL_RPKI, "error",
	  N_("RPKI for your mail servers and name servers could not be checked, because the RPKI data or the BGP route data was not available.") },
	{ CAT_MAIL_RPKI, "not_tested",
	  N_("RPKI for your mail servers and name servers was not tested.") },
};
const size_t texts_mail_headlines_n = sizeof(texts_mail_headlines) / sizeof(texts_mail_headlines[0]);

/* ------------------------------------------------------------------ categories */

const struct text_category texts_mail_categories[] = {
	{ CAT_MAIL_IPV6, N_("Modern address (IPv6)"),
	  N_("This category tests whether your domain can receive mail over IPv6, the successor of IPv4, whose addresses have run out. "
	     "The name servers of your domain and the mail servers in its MX records should have IPv6 addresses and be reachable over IPv6, "
	     "so that senders with only IPv6 can reach you.") },
	{ CAT_MAIL_DNSSEC, N_("Signed domain names (DNSSEC)"),
	  N_("This category tests whether your domain and the domains of your mail servers are signed with DNSSEC, and whether the "
	     "signatures are valid. DNSSEC protects the DNS answers with which senders find your mail servers against forgery, "
	     "and it is a precondition for DANE.") },
	{ CAT_MAIL_BEYOND, N_("Beyond internet.nl"),
	  N_("Tests internet.nl does not have, about the same standards. They are informational: they never change the "
	     "internet.nl score, its categories or the batch API's results.") },
	{ CAT_MAIL_AUTH, N_("Authenticity marks against phishing (DMARC, DKIM and SPF)"),
	  N_("This category tests whether your domain publishes DMARC, DKIM and SPF. Together they let receiving mail servers "
	     "tell genuine mail from your domain apart from forged mail, such as phishing, and DMARC tells them what to do "
	     "with mail that fails the checks.") },
	{ CAT_MAIL_STARTTLS, N_("Secure mail server connection (STARTTLS and DANE)"),
	  N_("This category tests whether your mail servers accept mail over an encrypted connection (STARTTLS), whether their "
	     "TLS settings follow the NCSC-NL TLS guidelines (2025), and whether senders can authenticate them with DANE. "
	     "Together these keep mail to your domain confidential on its way from the sending mail server.") },
	{ CAT_MAIL_RPKI, N_("Route authorisation (RPKI)"),
	  N_("This category tests whether the IP addresses of your mail servers, of your name servers and of the name servers "
	     "of your mail servers are covered by Route Origin Authorisations, and whether the routes to them are valid according "
	     "to RPKI. This protects the way to your servers against hijacked and mistaken routes.") },
};
const size_t texts_mail_categories_n = sizeof(texts_mail_categories) / sizeof(texts_mail_categories[0]);
