/*
 * certpool.h -- the X.509 facts a web-PKI path validation needs (spec §8 item 45):
 * every certificate the server sent plus every trust-store certificate that could
 * issue one of them, each reduced to what pyca/cryptography's server verifier looks
 * at, and which of them verifiably signed which. Filled from OpenSSL objects by
 * certpool_add_*(); judged by checks/webpki.c, which never touches OpenSSL.
 */
#ifndef INETCHECK_TLS_CERTPOOL_H
#define INETCHECK_TLS_CERTPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#define CERTPOOL_MAX 24          /* certificates kept (served chain + store candidates) */
#define CERT_GNAMES_MAX 1024     /* SAN entries kept per certificate (more: `gnames_cut`) */
#define CERT_SUBTREES_MAX 256    /* name-constraint subtrees kept per list (more: `subtrees_cut`) */
#define CERT_GNAME_LEN 256
#define CERT_KEYID_LEN 64

/* GeneralName kinds (RFC 5280 4.2.1.6), in the order of the ASN.1 CHOICE. */
enum cert_gname_type {
	CERT_GN_OTHER = 0, CERT_GN_EMAIL, CERT_GN_DNS, CERT_GN_X400, CERT_GN_DIRNAME,
	CERT_GN_EDI, CERT_GN_URI, CERT_GN_IP, CERT_GN_RID,
};

struct cert_gname {
	uint8_t type;                /* enum cert_gname_type */
	uint8_t len;                 /* bytes in value (IP: 4/16 for a SAN, 8/32 for a subtree) */
	char value[CERT_GNAME_LEN];  /* DNS/email/URI text, NUL-terminated; IP: raw bytes */
};

/* One extension the policy knows: whether it is there, critical, and parses. */
struct cert_ext {
	bool present, critical, malformed;
};

/* The public-key and signature AlgorithmIdentifiers the web-PKI policy permits
 * (CA/B BR 7.1.3.1, 7.1.3.2), compared as DER like cryptography does. */
enum cert_spki { CERT_SPKI_OTHER = 0, CERT_SPKI_RSA, CERT_SPKI_P256, CERT_SPKI_P384,
	CERT_SPKI_P521 };

struct cert_fact {
	char cn[128];                /* subject CN for messages, "" if none */
	uint8_t subject_id[32];      /* SHA-256 of the subject / issuer Name DER (name equality) */
	uint8_t issuer_id[32];
	bool subject_empty, issuer_empty;
	bool self_issued;            /* subject == issuer */
	int version;                 /* 0 = v1, 2 = v3 */
	bool sig_alg_match;          /* outer signatureAlgorithm == tbsCertificate.signature */
	bool sig_alg_permitted;      /* one of the nine permitted encodings */
	char sig_alg[48];            /* name for messages */
	enum cert_spki spki;
	int rsa_modulus_bytes;       /* RSA: length of the modulus INTEGER's content octets */
	bool pubkey_ok;              /* OpenSSL could decode the public key */
	int serial_len;              /* content octets of the serial INTEGER */
	bool serial_negative;
	int64_t not_before, not_after;   /* Unix seconds */
	bool validity_encoding_bad;  /* GeneralizedTime for a date in 1950-2049 */
	bool duplicate_ext;          /* an extension OID appears twice */
	bool unknown_critical;       /* a critical extension the policy does not know */
	bool malformed;              /* could not be decoded at all */

	struct cert_ext aia, aki, ski, ku, san, bc, nc, eku;
	/* basicConstraints */
	bool bc_ca, bc_has_pathlen;
	long bc_pathlen;
	/* keyUsage */
	bool ku_key_cert_sign;
	/* extendedKeyUsage */
	bool eku_server_auth, eku_any;
	/* authorityKeyIdentifier / subjectKeyIdentifier */
	bool aki_has_keyid, aki_has_issuer, aki_has_serial;
	uint8_t aki_keyid[CERT_KEYID_LEN], ski_keyid[CERT_KEYID_LEN];
	uint8_t aki_keyid_len, ski_keyid_len;
	/* subjectAltName */
	struct cert_gname *gnames;   /* owned, n_gnames entries */
	size_t n_gnames;
	bool gnames_cut;             /* more than CERT_GNAMES_MAX: the facts are incomplete */
	/* nameConstraints */
	struct cert_gname *permitted, *excluded;   /* owned */
	size_t n_permitted, n_excluded;
	bool nc_has_permitted, nc_has_excluded;   /* the lists are there (possibly empty) */
	bool subtrees_cut;

	/* where it came from */
	bool served;                 /* sent by the server (index 0 is the leaf) */
	bool in_store;               /* identical to a trust-store certificate */
};

struct certpool {
	size_t n;
	struct cert_fact cert[CERTPOOL_MAX];
	/* signed_by[i] bit j: certificate j's key verifies certificate i's signature
	 * (only tested where j's subject equals i's issuer) */
	uint32_t signed_by[CERTPOOL_MAX];
	bool cut;                    /* more candidates than CERTPOOL_MAX */
};

/*
 * Fill `pool` from the served chain (leaf first) and the trust store: the served
 * certificates, then, transitively, every store certificate whose subject is the
 * issuer of a pool certificate, then the signature relation. Returns 0, or -1 when
 * the leaf cannot be read (pool->n == 0).
 */
int certpool_build(struct certpool *pool, STACK_OF(X509) *served, X509_STORE *store);
/* Deep copy of `src` into `dst` (each holder releases its own; issue 17 scan memo):
 * 0, or -1 out of memory (dst then owns nothing). */
int certpool_copy(struct certpool *dst, const struct certpool *src);
/* Release what the pool's certificates own (the pool itself is the caller's). */
void certpool_release(struct certpool *pool);

/* The TLS group code (RFC 8422: 23 secp256r1 ... 28 brainpoolP512r1) of the curve of
 * an ECDSA certificate, DER; 0 for any other key or what does not decode. */
uint16_t certpool_ec_group(const uint8_t *der, size_t len);

/* One certificate's facts (exposed for tests and fuzzing); release with
 * certpool_fact_release(). Never fails: what cannot be read is flagged. */
void certpool_fact(X509 *x, struct cert_fact *out);
void certpool_fact_release(struct cert_fact *f);

#endif
