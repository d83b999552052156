/*
 * tls.h -- the rules of spec §3.3.3-§3.3.4, §3.3.8 and §3.10 over the facts of
 * one TLS server (tls/scan.h). Pure: no I/O, no clock (the certificate's
 * validity is already in the facts' `trusted`). Used by `inetcheck tls` for one
 * server and by web_https / mail_starttls for each server of a domain.
 */
#ifndef INETCHECK_CHECKS_TLS_H
#define INETCHECK_CHECKS_TLS_H

#include <jansson.h>

#include "core/result.h"
#include "tls/scan.h"

/* §3.3.3 classes of observed things. */
enum tls_class tls_kex_class(const struct tls_kex *k);            /* NONE/UNKNOWN: good */
enum tls_class tls_pubkey_class(const struct tls_cert_info *c);
enum tls_class tls_signature_class(const char *sig_alg);
/* Label of a key exchange as internet.nl shows it: "ECDH-secp256r1", "ECDH-X25519",
 * "DH-3072" (into buf; returns buf). */
const char *tls_kex_label(const struct tls_kex *k, char *buf, size_t len);

/* The kind of server judged: web (443, §3.3.8) or mail (STARTTLS, §3.10). */
enum tls_rules { TLS_RULES_WEB, TLS_RULES_MAIL };

#define TLS_SUBTESTS_MAX 16
/* The subtests tls_evaluate() sets for `rules`, in catalog order, into `out`; returns
 * how many (16 web, 15 mail: no OCSP stapling, §3.10). */
size_t tls_rules_subtests(enum tls_rules rules, enum subtest_id out[TLS_SUBTESTS_MAX]);

/*
 * Set, in `r`, every TLS and certificate subtest of one server -- web:
 * https_exists (SUB_WEB_HTTPS_HTTP_AVAILABLE), fs_params, tls_ciphers,
 * tls_cipher_order, tls_version, tls_compression, renegotiation_secure,
 * renegotiation_client, cert_trust, cert_pubkey, cert_signature,
 * cert_hostmatch, zero_rtt, ocsp_stapling, kex_hash_func,
 * extended_master_secret; mail: starttls_exists and the same set without
 * OCSP (zero_rtt always passed/na). Statuses, verdict tokens, points,
 * was_tested promotions and overrides as the spec's tables say; an unreachable
 * server sets only the first subtest (error/other, forced) and leaves the
 * rest not tested. HTTP, CAA and DANE subtests are not touched.
 *
 * `details` (if non-NULL, a JSON object) receives the §5.4 technical keys of
 * this server: kex_params_bad, kex_params_phase_out, ciphers_bad,
 * ciphers_phase_out, cipher_order, cipher_order_violation, protocols_bad,
 * protocols_phase_out, compression, secure_reneg, client_reneg, zero_rtt,
 * ocsp_stapling (web), kex_hash_func, extended_master_secret, cert_chain,
 * cert_trusted, cert_trust_error, cert_trust_error_subject, cert_pubkey_bad, cert_pubkey_phase_out, cert_signature_bad,
 * cert_signature_phase_out, cert_hostmatch_bad -- in internet.nl's value
 * shapes. Returns the server's summed points of the scored TLS subtests set here
 * (for the min-of-sums of §2.4).
 */
int tls_evaluate(const struct tls_scan_facts *f, enum tls_rules rules, struct report *r,
                 json_t *details);

#endif
