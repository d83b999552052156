/*
 * scan.h -- the TLS scan of one server (issue 4 part 3; spec §3.3.2-§3.3.4,
 * §3.10): facts only, no verdicts (STYLE rule 6). The raw probes (hand-built
 * ClientHellos, wire.h) find versions, accepted suites, order, groups, DH
 * primes, key-exchange hash, compression, RFC 5746, EMS and post-quantum
 * groups; the OpenSSL handshakes (handshake.h) add the certificate chain,
 * trust, host match, OCSP stapling, 0-RTT and client renegotiation.
 * Rules live in checks/tls.h.
 */
#ifndef INETCHECK_TLS_SCAN_H
#define INETCHECK_TLS_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/deadline.h"
#include "net/guard.h"
#include "tls/conn.h"
#include "tls/suite.h"

#define TLS_SCAN_TIMEOUT_MS 10000   /* §3.3.2 / §9: network timeout per connection */
#define TLS_SCAN_CONNS_WEB 25       /* §9: connections in flight per web server */
#define TLS_SCAN_CONNS_MAIL 1       /* §9: per mail server */
#define TLS_ACCEPTED_MAX 400
#define TLS_GROUPS_MAX 48
#define TLS_CHAIN_MAX 10

/* An observed key exchange (§3.3.2 step 3: "the one key observed per accepted suite"). */
struct tls_kex {
	enum { TLS_KEX_NONE = 0,    /* static RSA/ECDH, or nothing seen */
	       TLS_KEX_ECDHE,       /* `group` set */
	       TLS_KEX_DHE,         /* `dh`, `dh_bits`, `dh_g2` set */
	       TLS_KEX_UNKNOWN      /* ephemeral, but the key was not seen (client gave up) */
	} type;
	uint16_t group;             /* ECDHE / TLS 1.3 key-share group */
	enum tls_dh_group dh;       /* DHE: prime identified (§3.3.3) */
	int dh_bits;                /* DHE: prime size in bits */
	bool dh_g2;                 /* DHE: generator is 2 */
};

struct tls_accepted {
	uint32_t code;              /* suite code (SSL 2.0: 24-bit spec) */
	enum tls_version version;   /* version it was accepted at */
	struct tls_kex kex;
	bool extra;                 /* found beyond internet.nl's enumeration (the other TLS 1.3
	                             * suites, shown by `inetcheck tls`); the rules ignore it */
};

enum tls_order { TLS_ORDER_NA = 0, TLS_ORDER_GOOD, TLS_ORDER_BAD,
                 TLS_ORDER_UNKNOWN };   /* a probe of the order test got no answer */
enum tls_tri { TLS_TRI_UNKNOWN = 0, TLS_TRI_NO, TLS_TRI_YES };
enum tls_kex_hash { TLS_KEX_HASH_GOOD = 0, TLS_KEX_HASH_PHASE_OUT, TLS_KEX_HASH_BAD, TLS_KEX_HASH_UNKNOWN };
enum tls_ems { TLS_EMS_UNKNOWN = 0, TLS_EMS_SUPPORTED, TLS_EMS_NOT_SUPPORTED, TLS_EMS_NA_NO_TLS12 };
enum tls_zero_rtt { TLS_ZERO_RTT_NA = 0, TLS_ZERO_RTT_GOOD, TLS_ZERO_RTT_BAD };
enum tls_ocsp { TLS_OCSP_NOT_TESTED = 0, TLS_OCSP_NOT_IN_CERT, TLS_OCSP_OK, TLS_OCSP_GOOD,
                TLS_OCSP_NOT_TRUSTED };

enum tls_reach {
	TLS_REACH_OK = 0,
	TLS_REACH_REFUSED,          /* the target guard refused the address */
	TLS_REACH_TCP_FAILED,
	TLS_REACH_SMTP_FAILED,      /* STARTTLS: rude or broken SMTP dialogue */
	TLS_REACH_NO_STARTTLS,      /* STARTTLS not offered / not accepted (§8 item 27: unreachable) */
	TLS_REACH_NO_TLS,           /* TCP works but no version could be negotiated */
	TLS_REACH_SSL2_ONLY,        /* only SSL 2.0 (§3.3.2 step 2: unreachable) */
};

struct certpool;   /* tls/certpool.h */

/* Phases of a scan, for the probes that got no answer (`unanswered`) and `timings`. */
enum tls_phase {
	TLS_PHASE_VERSIONS = 0, TLS_PHASE_ENUMERATION, TLS_PHASE_ORDER, TLS_PHASE_KEX_HASH,
	TLS_PHASE_GROUPS, TLS_PHASE_PQ, TLS_PHASE_COUNT
};

/* Wall time of each phase, ms (they overlap: the phases after versions run side by
 * side, renegotiation last). */
struct tls_timings {
	int64_t versions_ms;        /* step 1: the version probes */
	int64_t enumeration_ms;     /* suites, then cipher order, preference, kex hash */
	int64_t groups_ms;          /* groups and post-quantum hybrids */
	int64_t handshakes_ms;      /* OpenSSL: certificate and 0-RTT */
	int64_t renegotiation_ms;   /* OpenSSL: 11 client-initiated renegotiations */
};

/* One certificate of the served chain (leaf first), as X.509 facts. */
struct tls_cert_info {
	char cn[256];               /* subject commonName, "" if none */
	char key_type[16];          /* "RSA", "EC", "DSA", "Ed25519", "Ed448", "unknown" */
	int key_bits;
	char curve[32];             /* EC: "secp256r1", "secp384r1", "brainpoolP256r1", ... else "" */
	char sig_alg[64];           /* OpenSSL long name of the signature algorithm:
	                             * "sha256WithRSAEncryption", "ecdsa-with-SHA256",
	                             * "RSASSA-PSS", "sha1WithRSAEncryption", "ED25519", ... */
	bool trust_root;            /* its SHA-1 fingerprint is a root of the trust store (§3.3.3:
	                             * excluded from pubkey/signature checks) */
	char sha256[65];            /* fingerprint, hex */
	time_t not_before, not_after;
	char issuer_cn[256];
};

struct tls_cert_facts {
	bool obtained;              /* a chain was received (any version, incl. TLS 1.3) */
	size_t n;
	struct tls_cert_info chain[TLS_CHAIN_MAX];
	char *chain_pem;            /* the served chain as PEM, owned (DANE, issues 5/6) */
	struct certpool *pool;      /* owned: the served chain and the trust-store certificates
	                             * that could issue it, as web-PKI facts (§8 item 45; judged
	                             * by checks/webpki.c) */
	char peer_name[256];        /* the name the chain is judged for: the SNI name, else the
	                             * IP address */
	int64_t checked_at;         /* when the chain was received (validity is judged then) */
	bool hostmatch;             /* leaf SAN dNSName matches (CN ignored, §8 item 24) */
	char names[1024];           /* CNs + SAN DNS names + SAN IPs, comma-separated, for the
	                             * tech data of a mismatch (§3.3.4) */
	bool has_ocsp_url;          /* leaf AIA has an OCSP URL */
	char error[160];            /* when not obtained: why the handshake gave no chain */
	bool status_request_breaks; /* the handshake failed when it asked for an OCSP staple
	                             * and worked without (the chain is from the second) */
};

/* What to scan and how. */
struct tls_scan_opts {
	struct netaddr addr;        /* address and port (443, 25, ...) */
	const char *sni;            /* server_name and host-match name; NULL: none (IP literal) */
	enum tls_starttls starttls;
	const char *ehlo;           /* EHLO name for STARTTLS; NULL: "inetcheck.invalid" */
	const char *ca_file;        /* extra trust anchors (PEM), NULL: system bundle only */
	int max_conns;              /* connections in flight (0: TLS_SCAN_CONNS_WEB, or _MAIL
	                             * with STARTTLS) */
	int timeout_ms;             /* per connection (0: TLS_SCAN_TIMEOUT_MS) */
	deadline_t deadline;        /* the whole scan ends by then (0: ten minutes from the start) */
	bool web;                   /* web rules: run 0-RTT and OCSP (§3.10: not for mail) */
	bool no_pq;                 /* skip the post-quantum group probe */
	bool no_groups;             /* skip offering every group one by one (informational) */
};

struct tls_scan_facts {
	enum tls_reach reach;
	char reach_detail[160];     /* human reason when not OK */

	/* §3.3.2 step 1 */
	bool version[TLS_V_COUNT];  /* handshake at that version answered with a ServerHello */

	/* §3.3.2 step 3: accepted suites at the highest version below 1.3 and
	 * TLS_AES_128_CCM_8_SHA256 at 1.3 (plus `extra` entries, see above) */
	struct tls_accepted accepted[TLS_ACCEPTED_MAX];
	size_t n_accepted;
	bool enum_aborted;          /* the server chose a suite we did not offer */
	uint16_t unoffered_suite;   /* ... this one */

	/* §3.3.4 cipher order */
	enum tls_order order;
	uint16_t order_violation[2]; /* [picked, expected] when TLS_ORDER_BAD */
	enum tls_tri server_preference; /* informational: does the server impose its order */

	/* groups: every group the server accepts when offered alone (informational), by
	 * the highest version; post-quantum hybrids selected (beyond internet.nl) */
	uint16_t groups[TLS_GROUPS_MAX];
	size_t n_groups;
	uint16_t pq_groups[8];
	size_t n_pq_groups;
	bool groups_tested, pq_tested;

	/* §3.3.4 features */
	enum tls_kex_hash kex_hash;
	enum tls_tri compression;   /* a compression method was negotiated */
	enum tls_tri secure_reneg;  /* RFC 5746 (TLS 1.3-only: UNKNOWN, it does not exist there) */
	enum tls_ems ems;
	int client_reneg;           /* successful client renegotiations of 11; -1 not tested */
	enum tls_zero_rtt zero_rtt;
	enum tls_ocsp ocsp;

	struct tls_cert_facts cert;

	bool incomplete;            /* the scan's deadline passed before it finished: some facts
	                             * are missing (mail: "could not test", §3.10) */
	bool rate_limited;          /* STARTTLS: some connection was refused (421 on connect, a
	                             * hang-up before the banner) on every try of its backoff
	                             * (issue 17): facts are missing, mail "could not test" */
	unsigned unanswered;        /* bit (1 << enum tls_phase): a probe of that phase got no
	                             * answer (timeouts, resets, closes) even when retried, so
	                             * its facts may miss something; never read as "rejected" */
	int conns_start, conns_final;   /* connections allowed in flight, at the start and at
	                                 * the end (lowered for a server that serves one at a time) */
	struct tls_timings timings;
	/* accounting (bench, text output) */
	unsigned connections;       /* TCP connections made */
	int64_t elapsed_ms;
};

/* Scan one server. Always fills `f` (unreachable servers get reach != OK and
 * nothing else). Returns 0, or -1 on an internal error (out of memory). */
int tls_scan(const struct tls_scan_opts *o, struct tls_scan_facts *f);
/* Release what `f` owns (chain_pem, the certificate pool). */
void tls_scan_facts_release(struct tls_scan_facts *f);
/* `dst` = `src` with its own copies of chain_pem and the pool (release each with
 * tls_scan_facts_release): 0, or -1 out of memory (dst then owns nothing). */
int tls_scan_facts_copy(struct tls_scan_facts *dst, const struct tls_scan_facts *src);

#endif
