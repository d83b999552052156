/*
 * webpki.h -- the certificate trust verdict as internet.nl gets it (spec §8 item 45):
 * pyca/cryptography's X.509 server verifier (sslyze 6, `build_server_verifier`),
 * i.e. a path from the leaf to a trust anchor in which every certificate obeys the
 * CA/B Forum web-PKI profile that verifier enforces -- host name (SAN only), v3,
 * serial, validity, permitted signature and issuer key algorithms, RSA >= 2048 for
 * issuers, basic constraints, key usage, EKU serverAuth, path length, name
 * constraints, criticality, at most 8 intermediates, 128 signature checks.
 *
 * Pure: the facts (tls/certpool.h: certificates, which signed which) and the time
 * come in, the verdict goes out. No OpenSSL, no clock.
 */
#ifndef INETCHECK_CHECKS_WEBPKI_H
#define INETCHECK_CHECKS_WEBPKI_H

#include <stdint.h>

#include "tls/certpool.h"

/* Why a chain is not trusted. The tokens (webpki_error_token) are stable: they
 * appear in the JSON as `cert_trust_error`. */
enum webpki_error {
	WEBPKI_OK = 0,
	WEBPKI_NO_CERTIFICATE,            /* nothing to judge */
	WEBPKI_INVALID_NAME,              /* the tested name is no valid DNS name or IP */
	WEBPKI_HOSTNAME_MISMATCH,         /* no SAN matches the tested name */
	WEBPKI_MISSING_SAN,               /* the leaf has no subjectAltName */
	WEBPKI_SAN_CRITICALITY,           /* SAN critical with a subject, or not without */
	WEBPKI_EKU_NOT_SERVER_AUTH,       /* extendedKeyUsage without serverAuth */
	WEBPKI_CA_AS_LEAF,                /* the leaf asserts basicConstraints cA */
	WEBPKI_LEAF_KEY_CERT_SIGN,        /* the leaf's keyUsage asserts keyCertSign */
	WEBPKI_EXPIRED,
	WEBPKI_NOT_YET_VALID,
	WEBPKI_NOT_V3,
	WEBPKI_BAD_SERIAL,                /* not 1-21 octets, or negative */
	WEBPKI_EMPTY_ISSUER,
	WEBPKI_VALIDITY_ENCODING,         /* GeneralizedTime before 2050 */
	WEBPKI_SIGNATURE_ALGORITHM_MISMATCH, /* outer and TBS signature algorithms differ */
	WEBPKI_FORBIDDEN_SIGNATURE_ALGORITHM,
	WEBPKI_FORBIDDEN_PUBLIC_KEY_ALGORITHM, /* an issuer's key is not RSA or P-256/384/521 */
	WEBPKI_RSA_KEY_TOO_SMALL,         /* an issuer's RSA key is below 2048 bits */
	WEBPKI_MALFORMED_PUBLIC_KEY,
	WEBPKI_SIGNATURE_INVALID,         /* the issuer's key does not verify the signature */
	WEBPKI_NOT_A_CA,                  /* an issuer without cA or keyCertSign */
	WEBPKI_PATH_LENGTH,               /* basicConstraints pathLenConstraint exceeded */
	WEBPKI_NAME_CONSTRAINTS,          /* a name outside an issuer's name constraints */
	WEBPKI_BAD_AUTHORITY_KEY_ID,      /* a CA's AKI without keyIdentifier */
	WEBPKI_MISSING_EXTENSION,         /* AKI (leaf), basicConstraints or keyUsage (CA) */
	WEBPKI_PROHIBITED_EXTENSION,      /* nameConstraints in a leaf */
	WEBPKI_EXTENSION_CRITICALITY,     /* an extension critical where it must not be, or not */
	WEBPKI_UNKNOWN_CRITICAL_EXTENSION,
	WEBPKI_DUPLICATE_EXTENSION,
	WEBPKI_MALFORMED,                 /* an extension (or the certificate) does not decode */
	WEBPKI_MAX_DEPTH,                 /* more than the allowed intermediates */
	WEBPKI_BUDGET,                    /* more than 128 signature checks */
	WEBPKI_UNTRUSTED,                 /* no path to a trust anchor */
	WEBPKI_INCOMPLETE,                /* the facts were cut short (limits of certpool.h) */
	WEBPKI_ERROR_COUNT
};

#define WEBPKI_MAX_DEPTH_DEFAULT 8

struct webpki_result {
	enum webpki_error error;
	int cert;                   /* pool index of the certificate the error is about, -1 */
	size_t n_path;              /* the verified path, leaf first, as pool indexes */
	int path[CERTPOOL_MAX];
};

/*
 * Judge `pool` (leaf at index 0) for the server name `name` (a DNS name, or an IP
 * literal) at `now` (Unix seconds), allowing `max_depth` intermediates
 * (WEBPKI_MAX_DEPTH_DEFAULT as cryptography). Returns res->error: WEBPKI_OK when a
 * path verifies; otherwise the reason cryptography would give -- of the leaf's own
 * profile, or of the last candidate path tried.
 */
enum webpki_error webpki_verify(const struct certpool *pool, const char *name, int64_t now,
                                unsigned max_depth, struct webpki_result *res);

/* "hostname-mismatch", "forbidden-signature-algorithm", ... ("ok" for WEBPKI_OK). */
const char *webpki_error_token(enum webpki_error e);
/* One English sentence for people: what the failed check means. */
const char *webpki_error_text(enum webpki_error e);
/* The same for a token ("" for an unknown one). */
const char *webpki_token_text(const char *token);

/* The name rules of the verifier, exposed for tests. */
bool webpki_dns_name_valid(const char *s, size_t len);
bool webpki_dns_pattern_matches(const char *pattern, const char *name);

#endif
