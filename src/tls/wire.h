/*
 * wire.h -- hand-built ClientHellos and a parser for the server's first flight
 * (issue 4 part 1). No I/O here: conn.c moves the bytes, scan.c decides what to
 * offer. Every server byte is read through core/cursor (STYLE rule 5); the
 * parser accepts records split or coalesced arbitrarily and handshake messages
 * split over records, and fails (never guesses) on anything malformed.
 */
#ifndef INETCHECK_TLS_WIRE_H
#define INETCHECK_TLS_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What goes into one ClientHello. Zero-initialise, then set what you need. */
struct tls_hello {
	uint16_t version;          /* 0x0002: SSL 2.0-format CLIENT-HELLO (ssl2_suites used);
	                            * else legacy_version 0x0300..0x0303 (TLS 1.3: 0x0303 plus
	                            * `versions` containing 0x0304) */
	uint16_t record_version;   /* record-layer version; 0 = 0x0301 for TLS >= 1.0, 0x0300 for SSL 3.0 */
	const uint16_t *suites;    /* TLS cipher suites, in preference order */
	size_t n_suites;
	const uint32_t *ssl2_suites; /* SSL 2.0 cipher specs (only for version 0x0002) */
	size_t n_ssl2_suites;
	const uint8_t *compression; /* compression methods; NULL = { 0 } (null only) */
	size_t n_compression;
	const char *sni;           /* server_name (host name, no trailing dot); NULL = none */
	const uint16_t *groups;    /* supported_groups; n_groups == 0: extension left out */
	size_t n_groups;
	const uint16_t *sigalgs;   /* signature_algorithms; 0: left out */
	size_t n_sigalgs;
	const uint16_t *versions;  /* supported_versions; 0: left out */
	size_t n_versions;
	const uint16_t *key_shares; /* groups to send a key share for (x25519/x448: random bytes;
	                             * secp256r1/384r1/521r1: the curve's generator point;
	                             * groups without a buildable share are skipped) */
	size_t n_key_shares;
	bool no_extensions;        /* SSL 3.0-style: no extensions block at all */
	bool ec_point_formats;     /* ec_point_formats = { uncompressed } */
	bool reneg_info;           /* empty renegotiation_info extension (RFC 5746) */
	bool ems;                  /* extended_master_secret (RFC 7627) */
	bool status_request;       /* OCSP status_request */
	bool session_ticket;       /* empty session_ticket */
	bool early_data;           /* early_data (TLS 1.3) */
	bool padding;              /* pad the hello to 512 bytes (RFC 7685) if it is 256..511 */
};

#define TLS_HELLO_MAX 8192
/* Write the ClientHello as one record into `out` (random from OpenSSL's RAND_bytes).
 * Returns its length, or -1 if it does not fit in `cap` or the input is invalid. */
int tls_hello_build(const struct tls_hello *h, uint8_t *out, size_t cap);

/* TLS alert descriptions used by callers. */
#define TLS_ALERT_HANDSHAKE_FAILURE 40
#define TLS_ALERT_ILLEGAL_PARAMETER 47
#define TLS_ALERT_PROTOCOL_VERSION  70
#define TLS_ALERT_INSUFFICIENT_SECURITY 71
#define TLS_ALERT_INTERNAL_ERROR    80

#define TLS_FLIGHT_CERTS_MAX 10
#define TLS_DH_MAX 1024            /* bytes: up to 8192-bit primes */

struct tls_server_hello {
	bool present;
	bool hrr;                  /* a HelloRetryRequest (TLS 1.3 magic random) */
	bool ssl2;                 /* an SSL 2.0 SERVER-HELLO */
	uint16_t legacy_version;   /* the version field of the message */
	uint16_t version;          /* negotiated: supported_versions if present, else legacy_version */
	uint16_t suite;            /* chosen suite (TLS) */
	uint32_t ssl2_suites[32];  /* SSL 2.0: the server's cipher specs */
	size_t n_ssl2_suites;
	uint8_t compression;       /* chosen compression method (0 = null) */
	bool ext_reneg_info;       /* renegotiation_info present (RFC 5746 supported) */
	bool ext_ems;              /* extended_master_secret echoed */
	bool ext_status_request;
	bool ext_session_ticket;
	bool ext_supported_versions;
	uint16_t key_share_group;  /* group of the key_share (ServerHello) or selected_group (HRR); 0 = none */
};

struct tls_server_kex {        /* ServerKeyExchange (TLS <= 1.2) */
	bool present;
	enum { TLS_SKE_UNKNOWN = 0, TLS_SKE_ECDHE, TLS_SKE_DHE } kind; /* as the chosen suite says */
	uint16_t group;            /* ECDHE named curve */
	uint8_t dh_p[TLS_DH_MAX];  /* DHE prime, big-endian */
	size_t dh_p_len;
	uint8_t dh_g[TLS_DH_MAX];  /* DHE generator, big-endian (usually 1 byte: 2) */
	size_t dh_g_len;
	uint16_t sigalg;           /* TLS 1.2 signature scheme; 0 before TLS 1.2 or anonymous */
};

enum tls_flight_status {
	TLS_FLIGHT_MORE = 0,       /* feed more bytes */
	TLS_FLIGHT_DONE,           /* the flight is complete: ServerHelloDone (<= 1.2), a TLS 1.3
	                            * ServerHello (the rest is encrypted), a HelloRetryRequest, an
	                            * SSL 2.0 SERVER-HELLO, or an alert */
	TLS_FLIGHT_ERROR,          /* malformed or unexpected bytes; `error` says what */
};

struct tls_flight {
	struct tls_server_hello sh;
	struct tls_server_kex ske;
	/* Certificate message (TLS <= 1.2 and SSL 2.0): DER certificates, leaf first. */
	size_t n_certs;
	uint8_t *cert_der[TLS_FLIGHT_CERTS_MAX];   /* owned (malloc), freed by tls_flight_release */
	size_t cert_len[TLS_FLIGHT_CERTS_MAX];
	bool cert_status;          /* CertificateStatus (stapled OCSP) seen */
	bool cert_request;         /* CertificateRequest seen */
	bool hello_done;
	bool alert;                /* an alert arrived (before or instead of the flight) */
	uint8_t alert_level, alert_desc;
	char error[96];            /* why TLS_FLIGHT_ERROR */
	/* private reassembly state */
	uint8_t *rec_buf;          /* partial record bytes */
	size_t rec_len, rec_cap;
	uint8_t *hs_buf;           /* handshake bytes not yet parsed */
	size_t hs_len, hs_cap;
	bool ssl2_mode;            /* expect an SSL 2.0 reply (set by tls_flight_init_ssl2) */
	enum tls_flight_status status;
};

/* Prepare for a reply to a TLS ClientHello (or to an SSL 2.0 CLIENT-HELLO). */
void tls_flight_init(struct tls_flight *f);
void tls_flight_init_ssl2(struct tls_flight *f);
/* Feed `len` bytes received from the server. Returns the status; after DONE or
 * ERROR further bytes are ignored. Buffers are bounded (a flight over 256 KiB is an error). */
enum tls_flight_status tls_flight_feed(struct tls_flight *f, const uint8_t *data, size_t len);
/* Free what the flight owns; `f` may then be re-initialised. */
void tls_flight_release(struct tls_flight *f);

#endif
