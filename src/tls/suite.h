/*
 * suite.h -- the TLS tables: cipher suites, named groups, signature schemes and
 * protocol versions, each with its NCSC 2025 class (spec §3.3.3). The suite table
 * is generated at build time from src/tls/suites.tsv (one row per IANA code point,
 * plus the SSL 2.0 cipher specs) by src/tls/gen-suites.py; the other tables are
 * small and written in suite.c. Everything here is read-only and thread-safe.
 */
#ifndef INETCHECK_TLS_SUITE_H
#define INETCHECK_TLS_SUITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* NCSC 2025 classes (§3.3.3). Order matters: a larger value is worse. */
enum tls_class {
	TLS_CLASS_GOOD = 0,
	TLS_CLASS_SUFFICIENT,
	TLS_CLASS_PHASE_OUT,
	TLS_CLASS_INSUFFICIENT,
};
/* "good", "sufficient", "phase_out", "insufficient" */
const char *tls_class_name(enum tls_class c);

/* Protocol versions, oldest first. */
enum tls_version {
	TLS_V_SSL20 = 0,
	TLS_V_SSL30,
	TLS_V_TLS10,
	TLS_V_TLS11,
	TLS_V_TLS12,
	TLS_V_TLS13,
	TLS_V_COUNT
};
/* Display names of §3.3.3: "SSL 2.0" ... "TLS 1.3". */
const char *tls_version_name(enum tls_version v);
/* Wire value: 0x0002 (SSL 2.0), 0x0300 ... 0x0304. */
uint16_t tls_version_wire(enum tls_version v);
/* Reverse of tls_version_wire; -1 for an unknown value. */
int tls_version_from_wire(uint16_t wire);
/* §3.3.3: TLS 1.3 good, TLS 1.2 sufficient, everything older insufficient. */
enum tls_class tls_version_class(enum tls_version v);

/* Key exchange of a suite. */
enum tls_kx {
	TLS_KX_NONE = 0,   /* TLS 1.3 suites: negotiated separately */
	TLS_KX_RSA,        /* static RSA key transport */
	TLS_KX_DH,         /* static DH */
	TLS_KX_DHE,
	TLS_KX_ECDH,       /* static ECDH */
	TLS_KX_ECDHE,
	TLS_KX_PSK,        /* PSK, DHE_PSK, ECDHE_PSK, RSA_PSK */
	TLS_KX_SRP,
	TLS_KX_KRB5,
	TLS_KX_OTHER,      /* GOST, ECCPWD, ... */
};

/* Suite flags. */
#define TLS_SUITE_SSL2      0x01u  /* an SSL 2.0 cipher spec (3-byte code) */
#define TLS_SUITE_TLS13     0x02u  /* a TLS 1.3-only suite (0x13xx, SM4 0x00C6/7, RFC 9150 0xC0B4/5) */
#define TLS_SUITE_MODERN    0x04u  /* Debian's OpenSSL 3 client can negotiate it */
#define TLS_SUITE_EXPORT    0x08u
#define TLS_SUITE_ANON      0x10u  /* no authentication (anon DH/ECDH) */
#define TLS_SUITE_SCSV      0x20u  /* signalling value, not a real suite (0x00ff, 0x5600) */

struct tls_suite {
	uint32_t code;          /* TLS: the 16-bit code point; SSL 2.0: the 24-bit cipher spec */
	const char *iana;       /* "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "SSL_CK_RC4_128_WITH_MD5" */
	const char *openssl;    /* "ECDHE-RSA-AES128-GCM-SHA256"; "" when OpenSSL has no name */
	enum tls_kx kx;
	const char *auth;       /* "RSA", "ECDSA", "DSS", "anon", "PSK", ... */
	const char *cipher;     /* "AESGCM(128)", "3DES", "RC4(128)", "NULL", ... */
	const char *mac;        /* "AEAD", "SHA1", "SHA256", "SHA384", "MD5" */
	enum tls_version min_version;
	enum tls_class cls;     /* §3.3.3 (anything not listed there: insufficient) */
	unsigned flags;
};

/* Number of entries and the i-th entry (table order: SSL 2.0 specs, then by code). */
size_t tls_suite_count(void);
const struct tls_suite *tls_suite_at(size_t i);
/* Lookup of a TLS suite by 16-bit code; NULL if unknown. */
const struct tls_suite *tls_suite_find(uint16_t code);
/* Lookup of an SSL 2.0 cipher spec by 24-bit code; NULL if unknown. */
const struct tls_suite *tls_suite_find_ssl2(uint32_t code);
/* Lookup by IANA or OpenSSL name (exact, case-sensitive); NULL if unknown. */
const struct tls_suite *tls_suite_by_name(const char *name);
/* Class of a TLS code point; unknown codes are insufficient (§3.3.3). */
enum tls_class tls_suite_class(uint16_t code);

/* Named groups (supported_groups / key_share / ServerKeyExchange curve). */
enum tls_group_kind { TLS_GROUP_EC, TLS_GROUP_FFDHE, TLS_GROUP_HYBRID_PQ, TLS_GROUP_OTHER };
struct tls_group {
	uint16_t code;          /* IANA TLS Supported Groups value, e.g. 29 = x25519 */
	const char *name;       /* internet.nl / OpenSSL spelling: "secp256r1", "X25519",
	                         * "brainpoolP256r1", "ffdhe3072", "X25519MLKEM768" */
	enum tls_group_kind kind;
	int bits;               /* EC field size / FFDHE prime size / PQ: classical part */
	int key_share_len;      /* bytes of a client key share (0 = we cannot build one) */
	enum tls_class cls;     /* §3.3.3 ECDHE rule for EC groups; FFDHE by prime (see tls_dh_class);
	                         * hybrid PQ: good (beyond internet.nl) */
};
size_t tls_group_count(void);
const struct tls_group *tls_group_at(size_t i);
const struct tls_group *tls_group_find(uint16_t code);   /* NULL if unknown */

/* Known finite-field groups, identified by their prime (§3.3.3). */
enum tls_dh_group {
	TLS_DH_CUSTOM = 0,      /* anything not below */
	TLS_DH_FFDHE2048, TLS_DH_FFDHE3072, TLS_DH_FFDHE4096, TLS_DH_FFDHE6144, TLS_DH_FFDHE8192,
	TLS_DH_MODP1024,        /* RFC 2409 group 2 */
	TLS_DH_MODP1536, TLS_DH_MODP2048, TLS_DH_MODP3072, TLS_DH_MODP4096, TLS_DH_MODP6144,
	TLS_DH_MODP8192,        /* RFC 3526 */
};
/* Identify a big-endian prime (leading zero bytes ignored). */
enum tls_dh_group tls_dh_identify(const uint8_t *prime, size_t len);
/* "ffdhe3072", "modp2048", "custom" */
const char *tls_dh_group_name(enum tls_dh_group g);
/* §3.3.3: phase-out iff generator 2 and ffdhe3072/4096/6144/8192, else insufficient. */
enum tls_class tls_dh_class(enum tls_dh_group g, bool generator_is_2);

/* Signature schemes (signature_algorithms; TLS 1.2 ServerKeyExchange). */
struct tls_sigscheme {
	uint16_t code;          /* e.g. 0x0401 rsa_pkcs1_sha256, 0x0201 rsa_pkcs1_sha1 */
	const char *name;       /* IANA name: "rsa_pkcs1_sha256", "ecdsa_sha1", ... */
	const char *hash;       /* "SHA1", "SHA224", "SHA256", ..., "MD5", "" (intrinsic) */
};
const struct tls_sigscheme *tls_sigscheme_find(uint16_t code); /* NULL if unknown */
/* Fixed lists for probes: */
extern const uint16_t tls_sigalgs_sha1[];     /* rsa/ecdsa/dsa with SHA-1 (0x0201 0x0203 0x0202) */
extern const size_t tls_sigalgs_sha1_len;
extern const uint16_t tls_sigalgs_sha224[];   /* rsa/ecdsa/dsa with SHA-224 (0x0301 0x0303 0x0302) */
extern const size_t tls_sigalgs_sha224_len;
extern const uint16_t tls_sigalgs_default[];  /* what OpenSSL 3 offers by default */
extern const size_t tls_sigalgs_default_len;

#endif
