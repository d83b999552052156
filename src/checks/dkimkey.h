/*
 * dkimkey.h -- DKIM key records (RFC 6376 §3.6.1, RFC 8463, RFC 8301) of the
 * TXT at SELECTOR._domainkey.DOMAIN, for the informational "Beyond internet.nl"
 * section (issue 22 item 3).
 *
 * Pure: the caller looks the records up (the selectors are not discoverable,
 * they come from the user or a list of common ones) and passes their text as
 * dns_rr_parse gives it; no DNS here. Not in the catalog: the caller decides
 * where status and details go.
 */
#ifndef INETCHECK_CHECKS_DKIMKEY_H
#define INETCHECK_CHECKS_DKIMKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "core/result.h"

enum dkimkey_type {
	DKIMKEY_RSA,        /* k=rsa, the default (§3.6.1) */
	DKIMKEY_ED25519,    /* k=ed25519 (RFC 8463 §4) */
	DKIMKEY_UNKNOWN,    /* any other k=: verifiers ignore the key (§3.6.1) */
};

enum dkimkey_encoding {
	DKIMKEY_ENC_NONE,           /* not decoded: revoked, unknown type or undecodable */
	DKIMKEY_ENC_SPKI,           /* RSA as DER SubjectPublicKeyInfo (RFC 6376 §3.6.1) */
	DKIMKEY_ENC_RSAPUBLICKEY,   /* RSA as a bare PKCS#1 RSAPublicKey: not what RFC 6376
	                             * says, but published widely and accepted by verifiers */
	DKIMKEY_ENC_RAW,            /* Ed25519: the raw 32-byte key (RFC 8463 §4) */
};

/* One key record as parsed. Strings are owned (NULL when the tag is absent). */
struct dkimkey_record {
	bool has_v;                 /* v=DKIM1 was present (first, as §3.6.1 requires) */
	enum dkimkey_type type;
	char *k;                    /* k= as written, NULL = absent (rsa) */
	char *h;                    /* h= hash algorithms, colon-separated, whitespace removed */
	char *s;                    /* s= service types, colon-separated, whitespace removed */
	char *n;                    /* n= notes as written */
	bool testing;               /* t= has flag y (§3.6.1: domain is testing DKIM) */
	bool strict;                /* t= has flag s (no subdomains in i=) */
	bool revoked;               /* p= empty (§3.6.1: key revoked) */
	uint8_t *key;               /* p= decoded from base64 (NULL when revoked) */
	size_t key_len;
};

/*
 * Parse one key record `text` of `len` bytes: the tag=value list of RFC 6376
 * §3.2 (FWS around tags and '=' and between value parts; a CRLF must be followed
 * by WSP; tag names case-sensitive; a duplicate tag is invalid; unknown tags are
 * ignored; a whitespace-only last part after ';' is tolerated). The resolver's
 * \DDD escapes (dns_rr TXT text) are decoded first, so "\009" is a TAB.
 * v= if present must be the first tag and exactly "DKIM1"; p= is required and
 * must be base64 (§3.6.1). Returns 0 and fills `out` (free with
 * dkimkey_record_free), or -1 with the reason in `why` and `out` empty.
 */
int dkimkey_record_parse(const char *text, size_t len, struct dkimkey_record *out, char *why,
                         size_t whylen);
void dkimkey_record_free(struct dkimkey_record *rec);

/*
 * The size in bits of the key of a parsed record: RSA through OpenSSL from a DER
 * SubjectPublicKeyInfo or, failing that, a bare RSAPublicKey (the whole key must
 * be consumed); Ed25519 is 256 when the key is exactly 32 bytes. Returns the
 * bits and sets `*enc`, or -1 with the reason in `why` (revoked, unknown type,
 * not DER, not an RSA key, wrong Ed25519 length).
 */
int dkimkey_key_bits(const struct dkimkey_record *rec, enum dkimkey_encoding *enc, char *why,
                     size_t whylen);

/*
 * Judge one key record (text as above). Verdicts:
 *   p= empty (revoked, §3.6.1)                          → info    "revoked"
 *   unparsable, or p= not decodable as a key            → failed  "invalid"
 *   k= unknown, s= without "*" or "email", or h= without
 *   sha256 (RFC 8301 §3.1: sha1 is not to be verified)   → failed  "unusable"
 *   RSA < 1024 bits (RFC 8301 §3.2)                     → failed  "insufficient"
 *   RSA 1024..2047 bits (RFC 8301 §3.2: SHOULD be 2048) → warning "phase-out"
 *   RSA >= 2048 bits, or Ed25519 (RFC 8463)             → passed  "good"
 * `*verdict` gets the token (static string). When `details` is non-NULL it gets a
 * new object owned by the caller: "key_type", "bits", "encoding" ("spki",
 * "rsapublickey", "raw"), "testing" (t=y), "strict" (t=s), "hash_algorithms",
 * "service_types", "notes", "reason" (null when none).
 */
enum status dkimkey_evaluate(const char *text, size_t len, const char **verdict,
                             json_t **details);

/* One selector's record, as the probe found it. */
struct dkimkey_selector {
	const char *selector;       /* e.g. "default" (without ._domainkey) */
	const char *text;           /* the TXT record's text; NULL = no record found */
	size_t len;
};

/*
 * Judge the key records of several selectors of one domain (a selector with two
 * TXT records appears twice). The status is the worst of the records judged by
 * dkimkey_evaluate and the verdict that of the first record with that status;
 * selectors without a record are listed but not judged; none judged at all →
 * info "none". `details` (optional, new object owned by the caller) gets
 * "selectors": per selector "selector", "status" ("passed", "failed", ...),
 * "verdict" and the details of dkimkey_evaluate ("found": false when no record).
 */
enum status dkimkey_evaluate_selectors(const struct dkimkey_selector *sel, size_t n,
                                       const char **verdict, json_t **details);

#endif
