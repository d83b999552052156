/*
 * wire.c -- hand-built ClientHellos and the server's first flight (spec §3.3.2-
 * §3.3.8, §5.4). See wire.h.
 *
 * The builder writes into the caller's buffer through a bounded writer that
 * patches length prefixes afterwards (after BoringSSL's CBB); it never writes
 * past `cap`. The parser keeps the current record in rec_buf and every
 * handshake byte of the flight in hs_buf (append-only, bounded at 256 KiB, so
 * the bound is on the whole flight); all server bytes are read through
 * core/cursor (STYLE rule 5).
 */
#include "tls/wire.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "core/cursor.h"
#include "tls/suite.h"

/* Record layer (RFC 5246 §6.2). */
#define REC_HEADER       5
#define REC_PAYLOAD_MAX  (16384 + 2048)   /* TLSCiphertext bound; plaintext is 2^14 */
#define REC_PLAIN_MAX    16384
#define SSL2_REC_MAX     32767            /* SSL 2.0 two-byte header length */
#define REC_BUF_CAP      (SSL2_REC_MAX + 3)
#define FLIGHT_MAX       (256 * 1024)

#define CT_CHANGE_CIPHER_SPEC 20
#define CT_ALERT              21
#define CT_HANDSHAKE          22
#define CT_APPLICATION_DATA   23

#define HS_HELLO_REQUEST        0
#define HS_CLIENT_HELLO         1
#define HS_SERVER_HELLO         2
#define HS_CERTIFICATE         11
#define HS_SERVER_KEY_EXCHANGE 12
#define HS_CERTIFICATE_REQUEST 13
#define HS_SERVER_HELLO_DONE   14
#define HS_CERTIFICATE_STATUS  22

#define EXT_SERVER_NAME            0
#define EXT_STATUS_REQUEST         5
#define EXT_SUPPORTED_GROUPS      10
#define EXT_EC_POINT_FORMATS      11
#define EXT_SIGNATURE_ALGORITHMS  13
#define EXT_PADDING               21
#define EXT_EXTENDED_MASTER_SECRET 23
#define EXT_SESSION_TICKET        35
#define EXT_EARLY_DATA            42
#define EXT_SUPPORTED_VERSIONS    43
#define EXT_KEY_SHARE             51
#define EXT_RENEGOTIATION_INFO    0xff01

#define GROUP_SECP256R1 23
#define GROUP_SECP384R1 24
#define GROUP_SECP521R1 25
#define GROUP_X25519    29
#define GROUP_X448      30

#define SSL2_MT_ERROR         0
#define SSL2_MT_CLIENT_HELLO  1
#define SSL2_MT_SERVER_HELLO  4
#define SSL2_CT_X509          1
#define SSL2_CHALLENGE_LEN   16

#define TLS13_VERSION 0x0304

/* RFC 8446 §4.1.3: a ServerHello with this random is a HelloRetryRequest. */
static const uint8_t hrr_random[32] = {
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
	0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

/* SEC 2 §2.4.2, §2.5.1, §2.6.1: the base points G in uncompressed form (0x04 || x || y).
 * A generator is a valid public key, which is all a server needs to answer. */
static const uint8_t p256_generator[65] = {
	0x04,
	0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6, 0xe5, 0x63, 0xa4, 0x40, 0xf2,
	0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96,
	0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e, 0xe7, 0xeb, 0x4a, 0x7c, 0x0f, 0x9e, 0x16,
	0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31, 0x5e, 0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5,
};

static const uint8_t p384_generator[97] = {
	0x04,
	0xaa, 0x87, 0xca, 0x22, 0xbe, 0x8b, 0x05, 0x37, 0x8e, 0xb1, 0xc7, 0x1e, 0xf3, 0x20, 0xad, 0x74,
	0x6e, 0x1d, 0x3b, 0x62, 0x8b, 0xa7, 0x9b, 0x98, 0x59, 0xf7, 0x41, 0xe0, 0x82, 0x54, 0x2a, 0x38,
	0x55, 0x02, 0xf2, 0x5d, 0xbf, 0x55, 0x29, 0x6c, 0x3a, 0x54, 0x5e, 0x38, 0x72, 0x76, 0x0a, 0xb7,
	0x36, 0x17, 0xde, 0x4a, 0x96, 0x26, 0x2c, 0x6f, 0x5d, 0x9e, 0x98, 0xbf, 0x92, 0x92, 0xdc, 0x29,
	0xf8, 0xf4, 0x1d, 0xbd, 0x28, 0x9a, 0x14, 0x7c, 0xe9, 0xda, 0x31, 0x13, 0xb5, 0xf0, 0xb8, 0xc0,
	0x0a, 0x60, 0xb1, 0xce, 0x1d, 0x7e, 0x81, 0x9d, 0x7a, 0x43, 0x1d, 0x7c, 0x90, 0xea, 0x0e, 0x5f,
};

static const uint8_t p521_generator[133] = {
	0x04,
	0x00, 0xc6, 0x85, 0x8e, 0x06, 0xb7, 0x04, 0x04, 0xe9, 0xcd, 0x9e, 0x3e, 0xcb, 0x66, 0x23, 0x95,
	0xb4, 0x42, 0x9c, 0x64, 0x81, 0x39, 0x05, 0x3f, 0xb5, 0x21, 0xf8, 0x28, 0xaf, 0x60, 0x6b, 0x4d,
	0x3d, 0xba, 0xa1, 0x4b, 0x5e, 0x77, 0xef, 0xe7, 0x59, 0x28, 0xfe, 0x1d, 0xc1, 0x27, 0xa2, 0xff,
	0xa8, 0xde, 0x33, 0x48, 0xb3, 0xc1, 0x85, 0x6a, 0x42, 0x9b, 0xf9, 0x7e, 0x7e, 0x31, 0xc2, 0xe5,
	0xbd, 0x66,
	0x01, 0x18, 0x39, 0x29, 0x6a, 0x78, 0x9a, 0x3b, 0xc0, 0x04, 0x5c, 0x8a, 0x5f, 0xb4, 0x2c, 0x7d,
	0x1b, 0xd9, 0x98, 0xf5, 0x44, 0x49, 0x57, 0x9b, 0x44, 0x68, 0x17, 0xaf, 0xbd, 0x17, 0x27, 0x3e,
	0x66, 0x2c, 0x97, 0xee, 0x72, 0x99, 0x5e, 0xf4, 0x26, 0x40, 0xc5, 0x50, 0xb9, 0x01, 0x3f, 0xad,
	0x07, 0x61, 0x35, 0x3c, 0x70, 0x86, 0xa2, 0x72, 0xc2, 0x40, 0x88, 0xbe, 0x94, 0x76, 0x9f, 0xd1,
	0x66, 0x50,
};

/* ============================================================ builder ==== */

/* A bounded writer into the caller's buffer; `bad` sticks once anything failed. */
struct writer {
	uint8_t *buf;
	size_t cap, len;
	bool bad;
};

static void put_u8(struct writer *w, unsigned v)
{
	if (w->bad || w->len + 1 > w->cap) {
		w->bad = true;
		return;
	}
	w->buf[w->len++] = (uint8_t)v;
}

static void put_u16(struct writer *w, unsigned v)
{
	put_u8(w, (v >> 8) & 0xff);
	put_u8(w, v & 0xff);
}

static void put_bytes(struct writer *w, const void *p, size_t n)
{
	if (w->bad || n > w->cap - w->len) {
		w->bad = true;
		return;
	}
	if (n)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static void put_zeros(struct writer *w, size_t n)
{
	if (w->bad || n > w->cap - w->len) {
		w->bad = true;
		return;
	}
	memset(w->buf + w->len, 0, n);
	w->len += n;
}

/* AND the last byte written with `mask` (no-op after an error). */
static void patch_last_and(struct writer *w, uint8_t mask)
{
	if (!w->bad && w->len > 0)
		w->buf[w->len - 1] &= mask;
}

static void put_random(struct writer *w, size_t n)
{
	if (w->bad || n > w->cap - w->len) {
		w->bad = true;
		return;
	}
	/* the kernel's CSPRNG, not RAND_bytes: OpenSSL 3 instantiates a DRBG in every
	 * new thread on first use, which cost a raw hello more than the rest of its
	 * building (issue 17 item 6); these bytes are nonces and throw-away shares */
	for (size_t got = 0; got < n;) {
		ssize_t r = getrandom(w->buf + w->len + got, n - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			w->bad = true;
			return;
		}
		got += (size_t)r;
	}
	w->len += n;
}

/* Reserve a `width`-byte length prefix; returns where it is (patched by end_prefix). */
static size_t begin_prefix(struct writer *w, size_t width)
{
	size_t at = w->len;
	put_zeros(w, width);
	return at;
}

/* Fill in the prefix at `at` with the number of bytes written since. */
static void end_prefix(struct writer *w, size_t at, size_t width)
{
	size_t n;

	if (w->bad)
		return;
	n = w->len - at - width;
	if (width < sizeof(size_t) && n >> (8 * width)) {
		w->bad = true;
		return;
	}
	for (size_t i = 0; i < width; i++)
		w->buf[at + i] = (uint8_t)(n >> (8 * (width - 1 - i)));
}

static bool is_ip_literal(const char *s)
{
	unsigned char addr[16];
	return inet_pton(AF_INET, s, addr) == 1 || inet_pton(AF_INET6, s, addr) == 1;
}

static bool list_has(const uint16_t *list, size_t n, uint16_t v)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == v)
			return true;
	return false;
}

/* SSL 2.0 CLIENT-HELLO (draft-hickman-netscape-ssl-00 §"CLIENT-HELLO"), two-byte header. */
static int hello_build_ssl2(const struct tls_hello *h, struct writer *w)
{
	size_t rec;

	if (h->n_ssl2_suites == 0 || h->n_ssl2_suites > 0xffff / 3)
		return -1;
	rec = w->len;
	put_u16(w, 0);                       /* header, patched below */
	put_u8(w, SSL2_MT_CLIENT_HELLO);
	put_u16(w, 0x0002);
	put_u16(w, (unsigned)(h->n_ssl2_suites * 3));
	put_u16(w, 0);                       /* session-id length */
	put_u16(w, SSL2_CHALLENGE_LEN);
	for (size_t i = 0; i < h->n_ssl2_suites; i++) {
		put_u8(w, (h->ssl2_suites[i] >> 16) & 0xff);
		put_u16(w, h->ssl2_suites[i] & 0xffff);
	}
	put_random(w, SSL2_CHALLENGE_LEN);
	if (w->bad)
		return -1;
	/* the two-byte header: high bit set, 15-bit length of the message */
	{
		size_t n = w->len - rec - 2;
		if (n > SSL2_REC_MAX)
			return -1;
		w->buf[rec] = (uint8_t)(0x80 | (n >> 8));
		w->buf[rec + 1] = (uint8_t)(n & 0xff);
	}
	return 0;
}

/* One key_share entry (RFC 8446 §4.2.8); false when we cannot build this group's share. */
static bool put_key_share(struct writer *w, uint16_t group)
{
	const uint8_t *point = NULL;
	size_t n = 0;

	switch (group) {
	case GROUP_X25519: n = 32; break;
	case GROUP_X448: n = 56; break;
	case GROUP_SECP256R1: point = p256_generator; n = sizeof p256_generator; break;
	case GROUP_SECP384R1: point = p384_generator; n = sizeof p384_generator; break;
	case GROUP_SECP521R1: point = p521_generator; n = sizeof p521_generator; break;
	default: return false;
	}
	put_u16(w, group);
	put_u16(w, (unsigned)n);
	if (point) {
		put_bytes(w, point, n);
	} else {
		put_random(w, n);   /* any 32/56 bytes are an X25519/X448 public value */
		/* RFC 7748 §5: an X25519 u-coordinate has bit 255 clear; wolfSSL refuses a key
		 * share with it set (issue 14), so a random one must clear it too */
		if (group == GROUP_X25519)
			patch_last_and(w, 0x7f);
	}
	return true;
}

static void put_ext_header(struct writer *w, unsigned type, size_t *at)
{
	put_u16(w, type);
	*at = begin_prefix(w, 2);
}

/* The extensions block of a TLS ClientHello, without padding. */
static void put_extensions(const struct tls_hello *h, struct writer *w)
{
	size_t ext, inner, sni_len = h->sni ? strlen(h->sni) : 0;

	/* RFC 6066 §3: "The hostname is represented ... without a trailing dot" */
	if (sni_len > 0 && h->sni[sni_len - 1] == '.')
		sni_len--;

	if (sni_len > 0 && !is_ip_literal(h->sni)) {
		/* RFC 6066 §3: IP literals are not permitted in server_name */
		put_ext_header(w, EXT_SERVER_NAME, &ext);
		inner = begin_prefix(w, 2);
		put_u8(w, 0);   /* host_name */
		{
			size_t name = begin_prefix(w, 2);
			put_bytes(w, h->sni, sni_len);
			end_prefix(w, name, 2);
		}
		end_prefix(w, inner, 2);
		end_prefix(w, ext, 2);
	}
	if (h->status_request) {
		/* RFC 6066 §8: ocsp, empty responder_id_list and request_extensions */
		put_ext_header(w, EXT_STATUS_REQUEST, &ext);
		put_u8(w, 1);
		put_u16(w, 0);
		put_u16(w, 0);
		end_prefix(w, ext, 2);
	}
	if (h->n_groups) {
		put_ext_header(w, EXT_SUPPORTED_GROUPS, &ext);
		inner = begin_prefix(w, 2);
		for (size_t i = 0; i < h->n_groups; i++)
			put_u16(w, h->groups[i]);
		end_prefix(w, inner, 2);
		end_prefix(w, ext, 2);
	}
	if (h->ec_point_formats) {
		put_ext_header(w, EXT_EC_POINT_FORMATS, &ext);
		put_u8(w, 1);
		put_u8(w, 0);   /* uncompressed */
		end_prefix(w, ext, 2);
	}
	if (h->n_sigalgs && h->version >= 0x0303) {
		/* RFC 5246 §7.4.1.4.1: only TLS 1.2 (and 1.3) clients send it */
		put_ext_header(w, EXT_SIGNATURE_ALGORITHMS, &ext);
		inner = begin_prefix(w, 2);
		for (size_t i = 0; i < h->n_sigalgs; i++)
			put_u16(w, h->sigalgs[i]);
		end_prefix(w, inner, 2);
		end_prefix(w, ext, 2);
	}
	if (h->ems) {
		put_ext_header(w, EXT_EXTENDED_MASTER_SECRET, &ext);
		end_prefix(w, ext, 2);
	}
	if (h->session_ticket) {
		put_ext_header(w, EXT_SESSION_TICKET, &ext);
		end_prefix(w, ext, 2);
	}
	if (h->early_data) {
		put_ext_header(w, EXT_EARLY_DATA, &ext);
		end_prefix(w, ext, 2);
	}
	if (h->n_versions) {
		put_ext_header(w, EXT_SUPPORTED_VERSIONS, &ext);
		inner = begin_prefix(w, 1);
		for (size_t i = 0; i < h->n_versions; i++)
			put_u16(w, h->versions[i]);
		end_prefix(w, inner, 1);
		end_prefix(w, ext, 2);
	}
	if (h->n_key_shares) {
		/* an empty client_shares list is legal (it asks for a HelloRetryRequest) */
		put_ext_header(w, EXT_KEY_SHARE, &ext);
		inner = begin_prefix(w, 2);
		for (size_t i = 0; i < h->n_key_shares; i++)
			(void)put_key_share(w, h->key_shares[i]);
		end_prefix(w, inner, 2);
		end_prefix(w, ext, 2);
	}
	if (h->reneg_info) {
		/* RFC 5746 §3.4: empty renegotiated_connection */
		put_ext_header(w, EXT_RENEGOTIATION_INFO, &ext);
		put_u8(w, 0);
		end_prefix(w, ext, 2);
	}
}

static int hello_build_tls(const struct tls_hello *h, struct writer *w)
{
	bool tls13 = list_has(h->versions, h->n_versions, TLS13_VERSION);
	uint16_t rec_version = h->record_version;
	size_t rec, hs, ext;

	if (h->version < 0x0300 || h->version > 0x0303)
		return -1;
	if (h->n_suites == 0 || h->n_suites > 0x7fff)
		return -1;
	if (h->compression && (h->n_compression == 0 || h->n_compression > 0xff))
		return -1;
	if (!rec_version)
		rec_version = h->version == 0x0300 ? 0x0300 : 0x0301;

	put_u8(w, CT_HANDSHAKE);
	put_u16(w, rec_version);
	rec = begin_prefix(w, 2);
	hs = w->len;
	put_u8(w, HS_CLIENT_HELLO);
	{
		size_t body = begin_prefix(w, 3);
		put_u16(w, h->version);
		put_random(w, 32);
		/* RFC 8446 §D.4: a non-empty session id for middlebox compatibility */
		put_u8(w, tls13 ? 32 : 0);
		if (tls13)
			put_random(w, 32);
		put_u16(w, (unsigned)(h->n_suites * 2));
		for (size_t i = 0; i < h->n_suites; i++)
			put_u16(w, h->suites[i]);
		if (h->compression) {
			put_u8(w, (unsigned)h->n_compression);
			put_bytes(w, h->compression, h->n_compression);
		} else {
			put_u8(w, 1);
			put_u8(w, 0);
		}
		if (!h->no_extensions) {
			ext = begin_prefix(w, 2);
			put_extensions(h, w);
			if (h->padding && !w->bad) {
				/* RFC 7685 §4 (and OpenSSL's F5 workaround): a hello of 256..511
				 * bytes is padded to 512; the extension header counts too */
				size_t hlen = w->len - hs;
				if (hlen >= 256 && hlen < 512) {
					size_t pad = 512 - hlen;
					pad = pad >= 4 + 1 ? pad - 4 : 1;
					put_u16(w, EXT_PADDING);
					put_u16(w, (unsigned)pad);
					put_zeros(w, pad);
				}
			}
			if (!w->bad && w->len == ext + 2)
				w->len = ext;   /* nothing to send: leave the block out */
			else
				end_prefix(w, ext, 2);
		}
		end_prefix(w, body, 3);
	}
	end_prefix(w, rec, 2);
	if (w->bad || w->len - rec - 2 > REC_PLAIN_MAX)
		return -1;
	return 0;
}

int tls_hello_build(const struct tls_hello *h, uint8_t *out, size_t cap)
{
	struct writer w = { .buf = out, .cap = cap };
	int rc;

	if (!h || !out)
		return -1;
	if (h->version == 0x0002)
		rc = hello_build_ssl2(h, &w);
	else
		rc = hello_build_tls(h, &w);
	if (rc < 0 || w.bad)
		return -1;
	return (int)w.len;
}

/* ============================================================= parser ==== */

static enum tls_flight_status flight_fail(struct tls_flight *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static enum tls_flight_status flight_fail(struct tls_flight *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->error, sizeof f->error, fmt, ap);
	va_end(ap);
	f->status = TLS_FLIGHT_ERROR;
	return f->status;
}

static enum tls_flight_status flight_done(struct tls_flight *f)
{
	f->status = TLS_FLIGHT_DONE;
	return f->status;
}

void tls_flight_init(struct tls_flight *f)
{
	memset(f, 0, sizeof *f);
	f->status = TLS_FLIGHT_MORE;
}

void tls_flight_init_ssl2(struct tls_flight *f)
{
	tls_flight_init(f);
	f->ssl2_mode = true;
}

void tls_flight_release(struct tls_flight *f)
{
	for (size_t i = 0; i < f->n_certs && i < TLS_FLIGHT_CERTS_MAX; i++)
		free(f->cert_der[i]);
	free(f->rec_buf);
	free(f->hs_buf);
	memset(f, 0, sizeof *f);
}

/* Copy one certificate (DER) from `c`; beyond TLS_FLIGHT_CERTS_MAX they are only counted out. */
static int flight_add_cert(struct tls_flight *f, struct cursor *der)
{
	uint8_t *copy;
	size_t n = cursor_len(der);

	if (f->n_certs >= TLS_FLIGHT_CERTS_MAX)
		return 0;
	copy = malloc(n ? n : 1);
	if (!copy)
		return -1;
	if (cursor_copy(der, copy, n) < 0) {
		free(copy);
		return -1;
	}
	f->cert_der[f->n_certs] = copy;
	f->cert_len[f->n_certs] = n;
	f->n_certs++;
	return 0;
}

/* ---- handshake messages ---- */

/* ServerHello / HelloRetryRequest (RFC 5246 §7.4.1.3, RFC 8446 §4.1.3-4.1.4). */
static enum tls_flight_status parse_server_hello(struct tls_flight *f, struct cursor *m)
{
	struct tls_server_hello *sh = &f->sh;
	struct cursor session_id, exts;
	uint8_t random[32];

	if (cursor_get_u16(m, &sh->legacy_version) < 0 || cursor_copy(m, random, sizeof random) < 0 ||
	    cursor_get_u8_prefixed(m, &session_id) < 0 || cursor_len(&session_id) > 32 ||
	    cursor_get_u16(m, &sh->suite) < 0 || cursor_get_u8(m, &sh->compression) < 0)
		return flight_fail(f, "truncated ServerHello");
	if (sh->legacy_version >> 8 != 3)
		return flight_fail(f, "ServerHello version 0x%04x", sh->legacy_version);
	sh->hrr = memcmp(random, hrr_random, sizeof random) == 0;
	sh->version = sh->legacy_version;
	if (cursor_len(m) > 0) {
		/* RFC 5246 §7.4.1.4: the extensions block is optional */
		if (cursor_get_u16_prefixed(m, &exts) < 0 || cursor_len(m) != 0)
			return flight_fail(f, "bad ServerHello extensions block");
		while (cursor_len(&exts) > 0) {
			uint16_t type;
			struct cursor data;

			if (cursor_get_u16(&exts, &type) < 0 || cursor_get_u16_prefixed(&exts, &data) < 0)
				return flight_fail(f, "truncated ServerHello extension");
			switch (type) {
			case EXT_SUPPORTED_VERSIONS:
				/* RFC 8446 §4.2.1: the server sends one selected_version */
				if (cursor_get_u16(&data, &sh->version) < 0 || cursor_len(&data) != 0)
					return flight_fail(f, "bad supported_versions");
				sh->ext_supported_versions = true;
				break;
			case EXT_KEY_SHARE:
				/* RFC 8446 §4.2.8: HRR carries selected_group, SH a KeyShareEntry */
				if (cursor_get_u16(&data, &sh->key_share_group) < 0)
					return flight_fail(f, "bad key_share");
				if (!sh->hrr) {
					struct cursor kx;
					if (cursor_get_u16_prefixed(&data, &kx) < 0 || cursor_len(&kx) == 0)
						return flight_fail(f, "bad key_share entry");
				}
				if (cursor_len(&data) != 0)
					return flight_fail(f, "bad key_share length");
				break;
			case EXT_RENEGOTIATION_INFO: {
				/* RFC 5746 §3.6: renegotiated_connection (empty on an initial handshake) */
				struct cursor rc;
				if (cursor_get_u8_prefixed(&data, &rc) < 0 || cursor_len(&data) != 0)
					return flight_fail(f, "bad renegotiation_info");
				sh->ext_reneg_info = true;
				break;
			}
			case EXT_EXTENDED_MASTER_SECRET:
				sh->ext_ems = true;
				break;
			case EXT_STATUS_REQUEST:
				sh->ext_status_request = true;
				break;
			case EXT_SESSION_TICKET:
				sh->ext_session_ticket = true;
				break;
			default:
				break;   /* others do not matter for the checks */
			}
		}
	}
	/* only a well-formed message counts as a ServerHello (a malformed one is an error
	 * of the flight, not a negotiated version) */
	sh->present = true;
	/* RFC 8446 §4.1.3: after a TLS 1.3 ServerHello everything is encrypted; an HRR
	 * ends the exchange for a scanner that does not send a second hello */
	if (sh->hrr || (sh->ext_supported_versions && sh->version > 0x0303))
		return flight_done(f);
	return TLS_FLIGHT_MORE;
}

/* Certificate, TLS <= 1.2 format (RFC 5246 §7.4.2). */
static enum tls_flight_status parse_certificate(struct tls_flight *f, struct cursor *m)
{
	struct cursor list;

	if (cursor_get_u24_prefixed(m, &list) < 0 || cursor_len(m) != 0)
		return flight_fail(f, "bad Certificate message");
	while (cursor_len(&list) > 0) {
		struct cursor der;
		if (cursor_get_u24_prefixed(&list, &der) < 0 || cursor_len(&der) == 0)
			return flight_fail(f, "bad certificate in chain");
		if (flight_add_cert(f, &der) < 0)
			return flight_fail(f, "out of memory");
	}
	return TLS_FLIGHT_MORE;
}

/* CertificateStatus (RFC 6066 §8, RFC 6961 §2.2): type, then a u24 body. */
static enum tls_flight_status parse_cert_status(struct tls_flight *f, struct cursor *m)
{
	uint8_t type;
	struct cursor body;

	if (cursor_get_u8(m, &type) < 0 || cursor_get_u24_prefixed(m, &body) < 0 || cursor_len(m) != 0)
		return flight_fail(f, "bad CertificateStatus");
	f->cert_status = true;
	return TLS_FLIGHT_MORE;
}

/* Is `c` exactly a ServerKeyExchange signature for `version` (or nothing, for anon)? */
static bool ske_signature_fits(struct cursor c, uint16_t version)
{
	struct cursor sig;
	uint16_t scheme;

	if (cursor_len(&c) == 0)
		return true;
	if (version >= 0x0303 && cursor_get_u16(&c, &scheme) < 0)
		return false;
	return cursor_get_u16_prefixed(&c, &sig) == 0 && cursor_len(&c) == 0;
}

/* Kind of ServerKeyExchange: from the chosen suite, or sniffed when the suite is unknown. */
static int ske_kind(const struct tls_flight *f, const struct cursor *m, bool *anon)
{
	const struct tls_suite *s = tls_suite_find(f->sh.suite);

	*anon = false;
	if (s) {
		*anon = (s->flags & TLS_SUITE_ANON) != 0;
		if (s->kx == TLS_KX_ECDHE)
			return TLS_SKE_ECDHE;
		if (s->kx == TLS_KX_DHE)
			return TLS_SKE_DHE;
		return TLS_SKE_UNKNOWN;
	}
	/* RFC 8422 §5.4: ECParameters start with curve_type 3 (named_curve), then a
	 * 2-byte group and a 1-byte-prefixed point, and the signature must end the
	 * message exactly; a DH prime of 768..1023 bytes also starts with 3, but then
	 * the bytes do not line up */
	{
		struct cursor c = *m, point;
		uint8_t curve_type;
		uint16_t group;
		if (cursor_get_u8(&c, &curve_type) == 0 && curve_type == 3 &&
		    cursor_get_u16(&c, &group) == 0 && cursor_get_u8_prefixed(&c, &point) == 0 &&
		    cursor_len(&point) > 0 && ske_signature_fits(c, f->sh.version))
			return TLS_SKE_ECDHE;
	}
	return TLS_SKE_DHE;
}

/* ServerKeyExchange (RFC 5246 §7.4.3, RFC 8422 §5.4). */
static enum tls_flight_status parse_ske(struct tls_flight *f, struct cursor *m)
{
	struct tls_server_kex *ske = &f->ske;
	bool anon;
	int kind = ske_kind(f, m, &anon);

	ske->present = true;
	if (kind == TLS_SKE_ECDHE) {
		uint8_t curve_type;
		struct cursor point;

		ske->kind = TLS_SKE_ECDHE;
		if (cursor_get_u8(m, &curve_type) < 0)
			return flight_fail(f, "truncated ECDHE parameters");
		if (curve_type != 3)
			return flight_fail(f, "ECDHE curve_type %u is not named_curve", curve_type);
		if (cursor_get_u16(m, &ske->group) < 0 || cursor_get_u8_prefixed(m, &point) < 0 ||
		    cursor_len(&point) == 0)
			return flight_fail(f, "bad ECDHE parameters");
	} else if (kind == TLS_SKE_DHE) {
		struct cursor p, g, ys;

		ske->kind = TLS_SKE_DHE;
		if (cursor_get_u16_prefixed(m, &p) < 0 || cursor_get_u16_prefixed(m, &g) < 0 ||
		    cursor_get_u16_prefixed(m, &ys) < 0)
			return flight_fail(f, "bad DHE parameters");
		if (cursor_len(&p) == 0 || cursor_len(&g) == 0 || cursor_len(&ys) == 0)
			return flight_fail(f, "empty DHE parameter");
		if (cursor_len(&p) > TLS_DH_MAX || cursor_len(&g) > TLS_DH_MAX)
			return flight_fail(f, "DHE prime over %d bits", TLS_DH_MAX * 8);
		ske->dh_p_len = cursor_len(&p);
		ske->dh_g_len = cursor_len(&g);
		(void)cursor_copy(&p, ske->dh_p, ske->dh_p_len);
		(void)cursor_copy(&g, ske->dh_g, ske->dh_g_len);
	} else {
		/* RSA_EXPORT, PSK hints, ...: present, not examined */
		return TLS_FLIGHT_MORE;
	}
	/* the signature: absent for anonymous suites; TLS 1.2 puts the scheme first */
	if (cursor_len(m) == 0)
		return TLS_FLIGHT_MORE;
	if (anon)
		return flight_fail(f, "trailing bytes in ServerKeyExchange");
	if (f->sh.version >= 0x0303 && cursor_get_u16(m, &ske->sigalg) < 0)
		return flight_fail(f, "truncated ServerKeyExchange signature");
	{
		struct cursor sig;
		if (cursor_get_u16_prefixed(m, &sig) < 0 || cursor_len(m) != 0)
			return flight_fail(f, "bad ServerKeyExchange signature");
	}
	return TLS_FLIGHT_MORE;
}

/* Order of the messages of a TLS <= 1.2 server flight (RFC 5246 §7.3). */
static int hs_rank(uint8_t type)
{
	switch (type) {
	case HS_SERVER_HELLO: return 1;
	case HS_CERTIFICATE: return 2;
	case HS_CERTIFICATE_STATUS: return 3;
	case HS_SERVER_KEY_EXCHANGE: return 4;
	case HS_CERTIFICATE_REQUEST: return 5;
	case HS_SERVER_HELLO_DONE: return 6;
	default: return 0;
	}
}

/* Rank of the last message seen, from what has been filled in. */
static int hs_last_rank(const struct tls_flight *f)
{
	if (f->hello_done)
		return hs_rank(HS_SERVER_HELLO_DONE);
	if (f->cert_request)
		return hs_rank(HS_CERTIFICATE_REQUEST);
	if (f->ske.present)
		return hs_rank(HS_SERVER_KEY_EXCHANGE);
	if (f->cert_status)
		return hs_rank(HS_CERTIFICATE_STATUS);
	if (f->n_certs)
		return hs_rank(HS_CERTIFICATE);
	if (f->sh.present)
		return hs_rank(HS_SERVER_HELLO);
	return 0;
}

static enum tls_flight_status handle_message(struct tls_flight *f, uint8_t type, struct cursor *m)
{
	int rank = hs_rank(type);

	if (type == HS_HELLO_REQUEST && cursor_len(m) == 0)
		return TLS_FLIGHT_MORE;   /* RFC 5246 §7.4.1.1: may be ignored */
	if (rank == 0)
		return flight_fail(f, "unexpected handshake message %u", type);
	if (rank <= hs_last_rank(f))
		return flight_fail(f, "handshake message %u out of order", type);
	if (type != HS_SERVER_HELLO && !f->sh.present)
		return flight_fail(f, "handshake message %u before ServerHello", type);
	switch (type) {
	case HS_SERVER_HELLO:
		return parse_server_hello(f, m);
	case HS_CERTIFICATE:
		return parse_certificate(f, m);
	case HS_CERTIFICATE_STATUS:
		return parse_cert_status(f, m);
	case HS_SERVER_KEY_EXCHANGE:
		return parse_ske(f, m);
	case HS_CERTIFICATE_REQUEST:
		if (cursor_len(m) == 0)
			return flight_fail(f, "empty CertificateRequest");
		f->cert_request = true;
		return TLS_FLIGHT_MORE;
	case HS_SERVER_HELLO_DONE:
		if (cursor_len(m) != 0)
			return flight_fail(f, "ServerHelloDone with a body");
		f->hello_done = true;
		return flight_done(f);
	default:
		return flight_fail(f, "unexpected handshake message %u", type);
	}
}

/* Skip the complete handshake messages at the start of `c`. */
static void hs_skip_complete(struct cursor *c)
{
	for (;;) {
		struct cursor save = *c, body;
		uint8_t type;

		if (cursor_get_u8(c, &type) < 0 || cursor_get_u24_prefixed(c, &body) < 0) {
			*c = save;
			return;
		}
	}
}

/* Append a handshake record's payload to hs_buf and handle every message completed. */
static enum tls_flight_status handle_handshake(struct tls_flight *f, struct cursor *payload)
{
	size_t n = cursor_len(payload), parsed;
	struct cursor all, rest;

	/* Every complete message already in hs_buf has been handled (we stop at DONE/ERROR),
	 * so where the old complete ones end is where new work starts. */
	cursor_init(&all, f->hs_buf, f->hs_len);
	hs_skip_complete(&all);
	parsed = f->hs_len - cursor_len(&all);

	if (n > FLIGHT_MAX - f->hs_len)
		return flight_fail(f, "server flight over %d KiB", FLIGHT_MAX / 1024);
	if (f->hs_len + n > f->hs_cap) {
		size_t cap = f->hs_cap ? f->hs_cap : 4096;
		uint8_t *grown;
		while (cap < f->hs_len + n)
			cap *= 2;
		if (cap > FLIGHT_MAX)
			cap = FLIGHT_MAX;
		grown = realloc(f->hs_buf, cap);
		if (!grown)
			return flight_fail(f, "out of memory");
		f->hs_buf = grown;
		f->hs_cap = cap;
	}
	if (cursor_copy(payload, f->hs_buf + f->hs_len, n) < 0)
		return flight_fail(f, "internal: short payload");
	f->hs_len += n;

	cursor_init(&all, f->hs_buf, f->hs_len);
	(void)cursor_skip(&all, parsed);
	rest = all;
	while (f->status == TLS_FLIGHT_MORE) {
		uint8_t type;
		uint32_t len;
		struct cursor body;

		if (cursor_get_u8(&rest, &type) < 0 || cursor_get_u24(&rest, &len) < 0)
			break;
		if (len > FLIGHT_MAX)
			return flight_fail(f, "handshake message %u of %u bytes", type, len);
		if (cursor_get_bytes(&rest, &body, len) < 0)
			break;   /* the rest comes in later records */
		if (handle_message(f, type, &body) != TLS_FLIGHT_MORE)
			break;
	}
	return f->status;
}

/* Alert (RFC 5246 §7.2): level, description. */
static enum tls_flight_status handle_alert(struct tls_flight *f, struct cursor *payload)
{
	if (cursor_get_u8(payload, &f->alert_level) < 0 || cursor_get_u8(payload, &f->alert_desc) < 0)
		return flight_fail(f, "short alert");
	f->alert = true;
	return flight_done(f);
}

/* One complete TLS record in rec_buf. */
static enum tls_flight_status handle_record(struct tls_flight *f)
{
	struct cursor rec, payload;
	uint8_t type;
	uint16_t version;

	cursor_init(&rec, f->rec_buf, f->rec_len);
	if (cursor_get_u8(&rec, &type) < 0 || cursor_get_u16(&rec, &version) < 0 ||
	    cursor_get_u16_prefixed(&rec, &payload) < 0)
		return flight_fail(f, "internal: short record");
	switch (type) {
	case CT_HANDSHAKE:
		return handle_handshake(f, &payload);
	case CT_ALERT:
		return handle_alert(f, &payload);
	case CT_CHANGE_CIPHER_SPEC:
		return flight_fail(f, "unexpected ChangeCipherSpec");
	default:
		return flight_fail(f, "unexpected record type %u", type);
	}
}

/* Move bytes from `in` into rec_buf until it holds `want`; true when it does. */
static bool rec_fill(struct tls_flight *f, struct cursor *in, size_t want)
{
	size_t n;

	if (f->rec_len >= want)
		return true;
	n = want - f->rec_len;
	if (n > cursor_len(in))
		n = cursor_len(in);
	(void)cursor_copy(in, f->rec_buf + f->rec_len, n);
	f->rec_len += n;
	return f->rec_len >= want;
}

/* TLS record header checks (RFC 5246 §6.2.1); 0 with the payload length, or -1. */
static int tls_record_header(struct tls_flight *f, size_t *len)
{
	struct cursor hdr;
	uint8_t type;
	uint16_t version, n;

	cursor_init(&hdr, f->rec_buf, f->rec_len);
	if (cursor_get_u8(&hdr, &type) < 0 || cursor_get_u16(&hdr, &version) < 0 ||
	    cursor_get_u16(&hdr, &n) < 0)
		return -1;
	if (type < CT_CHANGE_CIPHER_SPEC || type > CT_APPLICATION_DATA || version >> 8 != 3) {
		flight_fail(f, "not a TLS record (%02x %04x)", type, version);
		return -1;
	}
	if (n > REC_PAYLOAD_MAX) {
		flight_fail(f, "record of %u bytes", n);
		return -1;
	}
	/* RFC 5246 §6.2.1: no zero-length handshake, alert or ChangeCipherSpec fragments */
	if (n == 0 && type != CT_APPLICATION_DATA) {
		flight_fail(f, "empty record of type %u", type);
		return -1;
	}
	*len = n;
	return 0;
}

/* SSL 2.0 SERVER-HELLO (draft-hickman-netscape-ssl-00), or ERROR; `m` is the record body. */
static enum tls_flight_status handle_ssl2_message(struct tls_flight *f, struct cursor *m)
{
	struct tls_server_hello *sh = &f->sh;
	uint8_t type, hit, cert_type;
	uint16_t version, cert_len, specs_len, conn_id_len;
	struct cursor cert, specs, conn_id;

	if (cursor_get_u8(m, &type) < 0)
		return flight_fail(f, "empty SSL 2.0 record");
	if (type == SSL2_MT_ERROR) {
		/* an SSL 2.0 refusal (NO-CIPHER-ERROR, ...): reported like a fatal alert */
		uint16_t code;
		if (cursor_get_u16(m, &code) < 0)
			return flight_fail(f, "short SSL 2.0 ERROR");
		f->alert = true;
		f->alert_level = 2;
		f->alert_desc = TLS_ALERT_HANDSHAKE_FAILURE;
		return flight_done(f);
	}
	if (type != SSL2_MT_SERVER_HELLO)
		return flight_fail(f, "unexpected SSL 2.0 message %u", type);
	if (cursor_get_u8(m, &hit) < 0 || cursor_get_u8(m, &cert_type) < 0 ||
	    cursor_get_u16(m, &version) < 0 || cursor_get_u16(m, &cert_len) < 0 ||
	    cursor_get_u16(m, &specs_len) < 0 || cursor_get_u16(m, &conn_id_len) < 0 ||
	    cursor_get_bytes(m, &cert, cert_len) < 0 || cursor_get_bytes(m, &specs, specs_len) < 0 ||
	    cursor_get_bytes(m, &conn_id, conn_id_len) < 0)
		return flight_fail(f, "truncated SSL 2.0 SERVER-HELLO");
	if (specs_len % 3 != 0)
		return flight_fail(f, "SSL 2.0 cipher-specs length %u", specs_len);
	sh->present = true;
	sh->ssl2 = true;
	sh->legacy_version = version;
	sh->version = 0x0002;
	while (cursor_len(&specs) > 0) {
		uint8_t hi;
		uint16_t lo;
		(void)cursor_get_u8(&specs, &hi);
		(void)cursor_get_u16(&specs, &lo);
		if (sh->n_ssl2_suites < sizeof sh->ssl2_suites / sizeof sh->ssl2_suites[0])
			sh->ssl2_suites[sh->n_ssl2_suites++] = (uint32_t)hi << 16 | lo;
	}
	if (cert_len > 0 && cert_type == SSL2_CT_X509 && flight_add_cert(f, &cert) < 0)
		return flight_fail(f, "out of memory");
	return flight_done(f);
}

/* SSL 2.0 record: two-byte header (high bit set) or three-byte header with padding. */
static enum tls_flight_status feed_ssl2(struct tls_flight *f, struct cursor *in)
{
	struct cursor hdr, body;
	uint8_t b0, b1, pad = 0;
	size_t hlen, len;

	if (!rec_fill(f, in, 2))
		return TLS_FLIGHT_MORE;
	cursor_init(&hdr, f->rec_buf, f->rec_len);
	(void)cursor_get_u8(&hdr, &b0);
	(void)cursor_get_u8(&hdr, &b1);
	if ((b0 == CT_ALERT || b0 == CT_HANDSHAKE) && b1 == 3) {
		/* a TLS answer to our SSL 2.0 hello (alert or ServerHello): parse it as TLS */
		f->ssl2_mode = false;
		return TLS_FLIGHT_MORE;
	}
	if (b0 & 0x80) {
		hlen = 2;
		len = (size_t)(b0 & 0x7f) << 8 | b1;
	} else {
		hlen = 3;
		len = (size_t)(b0 & 0x3f) << 8 | b1;
		if (!rec_fill(f, in, 3))
			return TLS_FLIGHT_MORE;
		cursor_init(&hdr, f->rec_buf, f->rec_len);
		(void)cursor_skip(&hdr, 2);
		(void)cursor_get_u8(&hdr, &pad);
	}
	if (len == 0)
		return flight_fail(f, "empty SSL 2.0 record");
	if (pad > len)
		return flight_fail(f, "SSL 2.0 padding %u over length", pad);
	if (!rec_fill(f, in, hlen + len))
		return TLS_FLIGHT_MORE;
	cursor_init(&hdr, f->rec_buf, f->rec_len);
	(void)cursor_skip(&hdr, hlen);
	if (cursor_get_bytes(&hdr, &body, len - pad) < 0)
		return flight_fail(f, "internal: short SSL 2.0 record");
	return handle_ssl2_message(f, &body);
}

enum tls_flight_status tls_flight_feed(struct tls_flight *f, const uint8_t *data, size_t len)
{
	struct cursor in;

	if (f->status != TLS_FLIGHT_MORE)
		return f->status;
	if (!f->rec_buf) {
		f->rec_buf = malloc(REC_BUF_CAP);
		if (!f->rec_buf)
			return flight_fail(f, "out of memory");
		f->rec_cap = REC_BUF_CAP;
	}
	cursor_init(&in, data, len);
	while (f->status == TLS_FLIGHT_MORE && cursor_len(&in) > 0) {
		size_t plen;

		if (f->ssl2_mode) {
			/* may switch to TLS, keeping the bytes already in rec_buf */
			feed_ssl2(f, &in);
			continue;
		}
		if (!rec_fill(f, &in, REC_HEADER))
			break;
		if (tls_record_header(f, &plen) < 0)
			break;
		if (!rec_fill(f, &in, REC_HEADER + plen))
			break;
		handle_record(f);
		f->rec_len = 0;
	}
	return f->status;
}
