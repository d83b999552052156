/*
 * handshake.c -- complete handshakes with OpenSSL 3 (spec §3.3.2 step 2, §3.3.3,
 * §3.3.4): certificate chain facts, trust, host match, OCSP stapling, 0-RTT and
 * client-initiated renegotiation. See handshake.h.
 *
 * Every connection comes from tls_conn_open (target guard, STARTTLS); the socket
 * is then driven non-blocking through a small BIO that sends with MSG_NOSIGNAL
 * (a peer that resets must not raise SIGPIPE) and every wait polls against the
 * call's deadline. All parsing of server bytes is OpenSSL's (d2i, X509, OCSP);
 * this file only reads the resulting objects.
 *
 * CPU (issue 17 item 6): the trust store is the process's (tls/truststore.h), and
 * the SSL_CTX objects and the BIO_METHOD are made once per process and shared by
 * every thread: two client contexts, one plain and one that hands session tickets
 * to the caller (0-RTT). Everything that differs per connection -- versions, SNI,
 * renegotiation options, status_request -- is set on the SSL, never on a shared
 * context, which is configured before it is published and never touched again
 * (OpenSSL: an SSL_CTX is safe for concurrent SSL_new once set up).
 */
#include "tls/handshake.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "net/probe.h"
#include "tls/certpool.h"
#include "tls/truststore.h"

/* Every TLS 1.3 suite OpenSSL 3 implements (§3.3.2: the certificate scan offers all). */
#define HS_TLS13_SUITES "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:" \
	"TLS_AES_128_GCM_SHA256:TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256"
/* Every TLS <= 1.2 suite of this libssl, weak ones included (SECLEVEL 0). */
#define HS_TLS12_CIPHERS "ALL:COMPLEMENTOFALL:@SECLEVEL=0"
#define HS_RENEG_ATTEMPTS 11        /* §3.3.4: sslyze tries 11 client renegotiations */
#define HS_READ_MAX (64 * 1024)     /* 0-RTT: bound on the HTTP response we read */
#define HS_DEFAULT_EHLO "inetcheck.invalid"

/* One handshake's connection: the TCP socket (owned by `conn`) and the SSL. */
struct hs_link {
	struct tls_conn conn;
	SSL *ssl;
	deadline_t dl;
	const struct tls_gate *gate;   /* the slot to give back on close, or NULL */
	bool smtp;                     /* after STARTTLS: QUIT inside TLS before closing */
};

/* ------------------------------------------------------------ socket BIO ---- */

/* BIO over a non-blocking socket; send(MSG_NOSIGNAL) instead of write(2) so a
 * server that resets mid-handshake cannot kill the process with SIGPIPE. */
static int hs_bio_write(BIO *b, const char *buf, int len)
{
	int fd = BIO_get_fd(b, NULL);
	ssize_t n;

	BIO_clear_retry_flags(b);
	n = send(fd, buf, (size_t)len, MSG_NOSIGNAL);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			BIO_set_retry_write(b);
		return -1;
	}
	return (int)n;
}

static int hs_bio_read(BIO *b, char *buf, int len)
{
	int fd = BIO_get_fd(b, NULL);
	ssize_t n;

	BIO_clear_retry_flags(b);
	n = recv(fd, buf, (size_t)len, 0);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			BIO_set_retry_read(b);
		return -1;
	}
	return (int)n;
}

static int hs_bio_puts(BIO *b, const char *s)
{
	return hs_bio_write(b, s, (int)strlen(s));
}

/* The socket BIO's own ctrl handles the fd (BIO_C_SET_FD / GET_FD) and flush;
 * only the I/O is replaced, so it keeps the socket type (BIO_get_new_index per
 * call would exhaust OpenSSL's 8-bit type space). */
static BIO_METHOD *hs_bio_method(void)
{
	const BIO_METHOD *base = BIO_s_socket();
	BIO_METHOD *m = BIO_meth_new(BIO_TYPE_SOCKET, "inetcheck socket");

	if (m == NULL)
		return NULL;
	if (!BIO_meth_set_write(m, hs_bio_write) || !BIO_meth_set_read(m, hs_bio_read) ||
	    !BIO_meth_set_puts(m, hs_bio_puts) ||
	    !BIO_meth_set_ctrl(m, BIO_meth_get_ctrl(base)) ||
	    !BIO_meth_set_create(m, BIO_meth_get_create(base)) ||
	    !BIO_meth_set_destroy(m, BIO_meth_get_destroy(base))) {
		BIO_meth_free(m);
		return NULL;
	}
	return m;
}

/* ------------------------------------------------------------ plumbing ---- */

static deadline_t hs_deadline(const struct tls_scan_opts *o)
{
	int ms = o->timeout_ms > 0 ? o->timeout_ms : TLS_SCAN_TIMEOUT_MS;

	/* §3.3.2: 10 s network timeout per connection, never past the scan's end */
	return o->deadline > 0 ? deadline_min(o->deadline, deadline_in(ms)) : deadline_in(ms);
}

/* Is `s` an IPv4/IPv6 literal (no SNI, no DNS-name matching for it)? */
static bool hs_is_ip_literal(const char *s)
{
	struct netaddr a;

	return s != NULL && netaddr_parse(s, &a) == 0;
}

/* The DNS name to send as SNI and to match: o->sni without one trailing dot
 * (RFC 6066 §3: "The hostname is represented ... without a trailing dot");
 * NULL for none or an IP literal. */
static const char *hs_dns_name(const struct tls_scan_opts *o, char *buf, size_t cap)
{
	size_t len;

	if (o->sni == NULL || o->sni[0] == '\0' || hs_is_ip_literal(o->sni))
		return NULL;
	len = strlen(o->sni);
	if (len >= cap)
		return NULL;
	memcpy(buf, o->sni, len + 1);
	if (len > 1 && buf[len - 1] == '.')
		buf[len - 1] = '\0';
	return buf;
}

/* After an SSL call returned `ret`: wait for the socket as OpenSSL asks.
 * 0 to retry the call, -1 on a real error or when the deadline passes. */
static int hs_wait(struct hs_link *l, int ret)
{
	int err = SSL_get_error(l->ssl, ret);

	if (err == SSL_ERROR_WANT_READ)
		return probe_wait_fd(l->conn.fd, POLLIN, l->dl) == 1 ? 0 : -1;
	if (err == SSL_ERROR_WANT_WRITE)
		return probe_wait_fd(l->conn.fd, POLLOUT, l->dl) == 1 ? 0 : -1;
	return -1;
}

/* The first handshake (or the one SSL_renegotiate scheduled): 0 or -1. */
static int hs_do_handshake(struct hs_link *l)
{
	int r;

	for (;;) {
		ERR_clear_error();
		r = SSL_do_handshake(l->ssl);
		if (r == 1)
			return 0;
		if (hs_wait(l, r) < 0)
			return -1;
	}
}

/* Write all of `buf`: 0 or -1. */
static int hs_write(struct hs_link *l, const void *buf, size_t len)
{
	size_t done;
	int r;

	for (;;) {
		ERR_clear_error();
		r = SSL_write_ex(l->ssl, buf, len, &done);
		if (r == 1)
			return 0;
		if (hs_wait(l, r) < 0)
			return -1;
	}
}

static int hs_new_session(SSL *ssl, SSL_SESSION *sess);

/* OpenSSL verifies the served chain inside every handshake, even with
 * SSL_VERIFY_NONE, only to record a result nothing here reads (hs_collect judges
 * the chain itself, against the shared store): skip that per-connection work. */
static int hs_skip_verify(X509_STORE_CTX *sc, void *arg)
{
	(void)sc;
	(void)arg;
	return 1;
}

/* A client context: every suite, SECLEVEL 0, no verification during the handshake
 * (we verify the chain afterwards ourselves); versions are set per SSL. With
 * `tickets`, new sessions go to hs_new_session (0-RTT), never to a cache. */
static SSL_CTX *hs_ctx_new(bool tickets)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (ctx == NULL)
		return NULL;
	SSL_CTX_set_security_level(ctx, 0);
	if (!SSL_CTX_set_cipher_list(ctx, HS_TLS12_CIPHERS) ||
	    !SSL_CTX_set_ciphersuites(ctx, HS_TLS13_SUITES)) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_cert_verify_callback(ctx, hs_skip_verify, NULL);
	/* talk to servers without RFC 5746 too (the rules judge that, not the client) */
	SSL_CTX_set_options(ctx, SSL_OP_LEGACY_SERVER_CONNECT);
	if (tickets) {
		SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT |
		                                    SSL_SESS_CACHE_NO_INTERNAL_STORE);
		SSL_CTX_sess_set_new_cb(ctx, hs_new_session);
	}
	return ctx;
}

/* The process's shared objects: made on first use under `hs_shared_lock`, read-only
 * afterwards, freed by tls_handshake_cleanup. */
static pthread_mutex_t hs_shared_lock = PTHREAD_MUTEX_INITIALIZER;
static SSL_CTX *hs_shared_ctx[2];          /* [tickets] */
static BIO_METHOD *hs_shared_bio;

/* The shared context (borrowed; NULL when it cannot be made). */
static SSL_CTX *hs_ctx(bool tickets)
{
	SSL_CTX *ctx;

	pthread_mutex_lock(&hs_shared_lock);
	if (hs_shared_ctx[tickets] == NULL)
		hs_shared_ctx[tickets] = hs_ctx_new(tickets);
	ctx = hs_shared_ctx[tickets];
	pthread_mutex_unlock(&hs_shared_lock);
	return ctx;
}

/* The shared socket BIO_METHOD (borrowed; NULL when it cannot be made). */
static BIO_METHOD *hs_bio(void)
{
	BIO_METHOD *bm;

	pthread_mutex_lock(&hs_shared_lock);
	if (hs_shared_bio == NULL)
		hs_shared_bio = hs_bio_method();
	bm = hs_shared_bio;
	pthread_mutex_unlock(&hs_shared_lock);
	return bm;
}

void tls_handshake_cleanup(void)
{
	pthread_mutex_lock(&hs_shared_lock);
	for (size_t i = 0; i < sizeof(hs_shared_ctx) / sizeof(hs_shared_ctx[0]); i++) {
		SSL_CTX_free(hs_shared_ctx[i]);
		hs_shared_ctx[i] = NULL;
	}
	BIO_meth_free(hs_shared_bio);
	hs_shared_bio = NULL;
	pthread_mutex_unlock(&hs_shared_lock);
}

static void hs_link_close(struct hs_link *l);

/* Open a connection (guard + STARTTLS via conn.h) and attach a new SSL from `ctx`
 * for versions [min, max] (0 = library limit) with SNI; does not handshake. 0, or
 * -1 with `why` set. `*conns` counts the TCP connections made. */
static int hs_link_open(struct hs_link *l, const struct tls_scan_opts *o,
                        const struct tls_gate *g, SSL_CTX *ctx, int min, int max,
                        BIO_METHOD *bm, unsigned *conns, char *why, size_t whylen)
{
	enum tls_conn_result cr;
	const char *sni;
	char name[256];
	BIO *bio;
	int fl;

	l->ssl = NULL;
	l->conn.fd = -1;
	l->conn.budget_held = false;
	l->conn.budget_timeout = false;
	l->gate = NULL;
	l->smtp = o->starttls == TLS_STARTTLS_SMTP;
	l->dl = hs_deadline(o);
	if (g != NULL) {
		if (g->take(g->ctx) < 0) {
			snprintf(why, whylen, "scan deadline passed");
			return -1;
		}
		l->gate = g;
	}
	/* issue 17: the budget wait and a rate limiter's backoff may take until the scan's
	 * end; the handshake gets its 10 s from when the connection was made (§3.3.2) */
	cr = tls_conn_open_within(&l->conn, &o->addr, o->starttls,
	                          o->ehlo != NULL ? o->ehlo : HS_DEFAULT_EHLO,
	                          o->deadline > 0 ? o->deadline : l->dl,
	                          o->timeout_ms > 0 ? o->timeout_ms : TLS_SCAN_TIMEOUT_MS);
	l->dl = l->conn.dl;
	if (cr != TLS_CONN_REFUSED && cr != TLS_CONN_TCP_FAILED)
		(*conns)++;
	if ((cr == TLS_CONN_RATE_LIMITED || l->conn.budget_timeout) && g != NULL &&
	    g->cut_short != NULL)
		g->cut_short(g->ctx, cr == TLS_CONN_RATE_LIMITED);
	if (cr != TLS_CONN_OK) {
		snprintf(why, whylen, "%s", l->conn.why[0] != '\0' ? l->conn.why : "connection failed");
		hs_link_close(l);
		return -1;
	}
	fl = fcntl(l->conn.fd, F_GETFL);
	if (fl < 0 || fcntl(l->conn.fd, F_SETFL, fl | O_NONBLOCK) < 0)
		goto fail;
	l->ssl = SSL_new(ctx);
	if (l->ssl == NULL || !SSL_set_min_proto_version(l->ssl, min) ||
	    !SSL_set_max_proto_version(l->ssl, max))
		goto fail;
	bio = BIO_new(bm);
	if (bio == NULL)
		goto fail;
	BIO_set_fd(bio, l->conn.fd, BIO_NOCLOSE);
	SSL_set_bio(l->ssl, bio, bio);
	/* RFC 6066 §3: no SNI for an IP literal */
	sni = hs_dns_name(o, name, sizeof(name));
	if (sni != NULL && !SSL_set_tlsext_host_name(l->ssl, sni))
		goto fail;
	SSL_set_connect_state(l->ssl);
	return 0;
fail:
	snprintf(why, whylen, "out of memory or socket error");
	hs_link_close(l);
	return -1;
}

static void hs_link_close(struct hs_link *l)
{
	if (l->ssl != NULL) {
		ERR_clear_error();
		/* issue 17: end the SMTP session with QUIT inside TLS, one non-blocking write
		 * (the reply is not awaited); then best effort close_notify, never waits */
		if (l->smtp && SSL_is_init_finished(l->ssl)) {
			size_t done;
			(void)SSL_write_ex(l->ssl, "QUIT\r\n", 6, &done);
			ERR_clear_error();
		}
		SSL_shutdown(l->ssl);
		SSL_free(l->ssl);
		l->ssl = NULL;
	}
	tls_conn_close(&l->conn);
	if (l->gate != NULL) {
		l->gate->give(l->gate->ctx);
		l->gate = NULL;
	}
	ERR_clear_error();
}

/* ------------------------------------------------------------ certificate facts ---- */

/* Copy `src` (`len` bytes, UTF-8 from OpenSSL) into `dst`, replacing control
 * characters so a hostile name cannot break text output. */
static void hs_copy_text(char *dst, size_t cap, const unsigned char *src, int len)
{
	size_t j = 0;

	for (int i = 0; i < len && j + 1 < cap; i++) {
		unsigned char ch = src[i];

		dst[j++] = (ch < 0x20 || ch == 0x7f) ? '?' : (char)ch;
	}
	dst[j] = '\0';
}

/* The entry of `name` at index `idx` as text. */
static void hs_name_entry_text(const X509_NAME *name, int idx, char *dst, size_t cap)
{
	const X509_NAME_ENTRY *e = X509_NAME_get_entry(name, idx);
	unsigned char *utf8 = NULL;
	int len;

	dst[0] = '\0';
	if (e == NULL)
		return;
	len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e));
	if (len >= 0 && utf8 != NULL)
		hs_copy_text(dst, cap, utf8, len);
	OPENSSL_free(utf8);
}

/* First commonName of `name`, "" if none. */
static void hs_first_cn(const X509_NAME *name, char *dst, size_t cap)
{
	int idx = name != NULL ? X509_NAME_get_index_by_NID(name, NID_commonName, -1) : -1;

	dst[0] = '\0';
	if (idx >= 0)
		hs_name_entry_text(name, idx, dst, cap);
}

/* "prime256v1" is OpenSSL's name for secp256r1 (RFC 8422 / §3.3.3 use the SEC names). */
static const char *hs_curve_name(const char *openssl_name)
{
	static const struct {
		const char *openssl, *sec;
	} alias[] = {
		{ "prime256v1", "secp256r1" },
		{ "prime192v1", "secp192r1" },
	};

	for (size_t i = 0; i < sizeof(alias) / sizeof(alias[0]); i++)
		if (strcmp(openssl_name, alias[i].openssl) == 0)
			return alias[i].sec;
	return openssl_name;
}

static void hs_key_facts(X509 *x, struct tls_cert_info *ci)
{
	EVP_PKEY *pk = X509_get0_pubkey(x);
	const char *type = "unknown";
	char group[32];
	size_t glen = 0;

	ci->key_bits = 0;
	ci->curve[0] = '\0';
	if (pk == NULL) {
		snprintf(ci->key_type, sizeof(ci->key_type), "%s", type);
		return;
	}
	switch (EVP_PKEY_get_base_id(pk)) {
	case EVP_PKEY_RSA:
	case EVP_PKEY_RSA_PSS:      /* an RSA key restricted to PSS is still an RSA key (§3.3.3 by size) */
		type = "RSA";
		break;
	case EVP_PKEY_EC:
		type = "EC";
		if (EVP_PKEY_get_group_name(pk, group, sizeof(group), &glen) == 1)
			snprintf(ci->curve, sizeof(ci->curve), "%.31s", hs_curve_name(group));
		break;
	case EVP_PKEY_DSA:
		type = "DSA";
		break;
	case EVP_PKEY_ED25519:
		type = "Ed25519";
		break;
	case EVP_PKEY_ED448:
		type = "Ed448";
		break;
	default:
		break;
	}
	snprintf(ci->key_type, sizeof(ci->key_type), "%s", type);
	ci->key_bits = EVP_PKEY_get_bits(pk);
}

static void hs_hex(const unsigned char *md, unsigned len, char *dst, size_t cap)
{
	static const char digits[] = "0123456789abcdef";
	size_t j = 0;

	for (unsigned i = 0; i < len && j + 2 < cap; i++) {
		dst[j++] = digits[md[i] >> 4];
		dst[j++] = digits[md[i] & 0x0f];
	}
	dst[j] = '\0';
}

static time_t hs_asn1_time(const ASN1_TIME *t)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return 0;
	return timegm(&tm);
}

/* §3.3.3: a certificate whose SHA-1 fingerprint equals that of a self-signed root
 * in the system trust store is excluded from the key and signature checks. Only
 * the system bundle counts (internet.nl's list is Mozilla's): a private root given
 * with --ca-file is checked like any other certificate (§8 item 25). The store's
 * by-directory lookup is lazy, so look up by subject. */
static bool hs_is_trust_root(X509_STORE *store, X509 *x)
{
	X509_STORE_CTX *sc = X509_STORE_CTX_new();
	STACK_OF(X509) *found = NULL;
	unsigned char md[EVP_MAX_MD_SIZE], md2[EVP_MAX_MD_SIZE];
	unsigned len = 0, len2 = 0;
	bool hit = false;

	if (sc == NULL || X509_STORE_CTX_init(sc, store, NULL, NULL) != 1)
		goto out;
	if (X509_digest(x, EVP_sha1(), md, &len) != 1)
		goto out;
	found = X509_STORE_CTX_get1_certs(sc, X509_get_subject_name(x));
	for (int i = 0; found != NULL && i < sk_X509_num(found) && !hit; i++) {
		X509 *r = sk_X509_value(found, i);

		if ((X509_get_extension_flags(r) & EXFLAG_SS) == 0)
			continue;
		if (X509_digest(r, EVP_sha1(), md2, &len2) == 1 && len2 == len &&
		    memcmp(md, md2, len) == 0)
			hit = true;
	}
out:
	sk_X509_pop_free(found, X509_free);
	X509_STORE_CTX_free(sc);
	return hit;
}

/*
 * One certificate's facts. sig_alg is OBJ_nid2ln of the signature NID, kept as
 * OpenSSL 3 spells it (the rules in checks/tls.c match these exact strings):
 * "sha256WithRSAEncryption", "sha384WithRSAEncryption", "sha512WithRSAEncryption",
 * "sha224WithRSAEncryption", "sha1WithRSAEncryption", "md5WithRSAEncryption",
 * "ecdsa-with-SHA256", "ecdsa-with-SHA384", "ecdsa-with-SHA512", "ecdsa-with-SHA224",
 * "ecdsa-with-SHA1", "rsassaPss" (RSASSA-PSS, any hash), "ED25519", "ED448",
 * "dsa_with_SHA256", "dsaWithSHA1"; "unknown" when OpenSSL has no name.
 */
static void hs_cert_info(X509_STORE *store, X509 *x, struct tls_cert_info *ci)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	const char *ln;
	int nid;

	memset(ci, 0, sizeof(*ci));
	hs_first_cn(X509_get_subject_name(x), ci->cn, sizeof(ci->cn));
	hs_first_cn(X509_get_issuer_name(x), ci->issuer_cn, sizeof(ci->issuer_cn));
	hs_key_facts(x, ci);
	nid = X509_get_signature_nid(x);
	ln = nid != NID_undef ? OBJ_nid2ln(nid) : NULL;
	snprintf(ci->sig_alg, sizeof(ci->sig_alg), "%s", ln != NULL ? ln : "unknown");
	if (X509_digest(x, EVP_sha256(), md, &mdlen) == 1)
		hs_hex(md, mdlen, ci->sha256, sizeof(ci->sha256));
	ci->not_before = hs_asn1_time(X509_get0_notBefore(x));
	ci->not_after = hs_asn1_time(X509_get0_notAfter(x));
	ci->trust_root = hs_is_trust_root(store, x);
}

/* Append `s` to the comma-separated list `dst` (silently truncated at `cap`). */
static void hs_names_add(char *dst, size_t cap, const char *s)
{
	size_t used = strlen(dst);

	if (s[0] == '\0' || used + 1 >= cap)
		return;
	snprintf(dst + used, cap - used, "%s%s", used > 0 ? "," : "", s);
}

/* §3.3.4 tech data of a host mismatch: all CNs + SAN dNSNames + SAN IPs of the leaf. */
static void hs_leaf_names(X509 *leaf, char *dst, size_t cap)
{
	const X509_NAME *subj = X509_get_subject_name(leaf);
	GENERAL_NAMES *san;
	char buf[256];
	int idx = -1;

	dst[0] = '\0';
	while ((idx = X509_NAME_get_index_by_NID(subj, NID_commonName, idx)) >= 0) {
		hs_name_entry_text(subj, idx, buf, sizeof(buf));
		hs_names_add(dst, cap, buf);
	}
	san = X509_get_ext_d2i(leaf, NID_subject_alt_name, NULL, NULL);
	for (int i = 0; san != NULL && i < sk_GENERAL_NAME_num(san); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(san, i);
		const ASN1_OCTET_STRING *ip;
		struct netaddr a;

		if (g->type == GEN_DNS) {
			hs_copy_text(buf, sizeof(buf), ASN1_STRING_get0_data(g->d.dNSName),
			             ASN1_STRING_length(g->d.dNSName));
			hs_names_add(dst, cap, buf);
		} else if (g->type == GEN_IPADD) {
			ip = g->d.iPAddress;
			memset(&a, 0, sizeof(a));
			if (ASN1_STRING_length(ip) == 4) {
				a.family = AF_INET;
				memcpy(&a.a.v4, ASN1_STRING_get0_data(ip), 4);
			} else if (ASN1_STRING_length(ip) == 16) {
				a.family = AF_INET6;
				memcpy(&a.a.v6, ASN1_STRING_get0_data(ip), 16);
			} else {
				continue;
			}
			hs_names_add(dst, cap, netaddr_str(&a, buf, sizeof(buf)));
		}
	}
	GENERAL_NAMES_free(san);
}

/* §3.3.4 / §8 item 24: service-identity match of the leaf. DNS names: only SAN
 * dNSName entries (NEVER_CHECK_SUBJECT: the CN is ignored even without SANs),
 * a wildcard only as the whole left-most label matching exactly one label
 * (NO_PARTIAL_WILDCARDS rejects "f*.example"; OpenSSL never lets "*" span labels
 * or sit elsewhere). An IP literal is matched against SAN iPAddress entries,
 * never against a wildcard. */
/* The name the chain is judged for: the SNI name, an IP literal given as SNI, else
 * the address itself (as hs_hostmatch). */
static void hs_peer_name(const struct tls_scan_opts *o, char *dst, size_t cap)
{
	char name[256];
	const char *dns = hs_dns_name(o, name, sizeof(name));

	if (dns != NULL)
		snprintf(dst, cap, "%s", dns);
	else if (o->sni != NULL && hs_is_ip_literal(o->sni))
		snprintf(dst, cap, "%s", o->sni);
	else
		netaddr_str(&o->addr, dst, cap);
}

static bool hs_hostmatch(X509 *leaf, const struct tls_scan_opts *o)
{
	const unsigned int flags = X509_CHECK_FLAG_NEVER_CHECK_SUBJECT |
	                           X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS;
	const char *dns;
	char ip[64], name[256];

	dns = hs_dns_name(o, name, sizeof(name));
	if (dns != NULL)
		return X509_check_host(leaf, dns, 0, flags, NULL) == 1;
	if (o->sni != NULL && hs_is_ip_literal(o->sni))
		return X509_check_ip_asc(leaf, o->sni, flags) == 1;
	netaddr_str(&o->addr, ip, sizeof(ip));
	return X509_check_ip_asc(leaf, ip, flags) == 1;
}

/* The served chain as PEM, malloc'd (NULL on failure). */
static char *hs_chain_pem(STACK_OF(X509) *chain)
{
	BIO *mem = BIO_new(BIO_s_mem());
	char *data = NULL, *out = NULL;
	long len;

	if (mem == NULL)
		return NULL;
	for (int i = 0; i < sk_X509_num(chain); i++)
		if (PEM_write_bio_X509(mem, sk_X509_value(chain, i)) != 1)
			goto out;
	len = BIO_get_mem_data(mem, &data);
	if (len < 0)
		goto out;
	out = malloc((size_t)len + 1);
	if (out == NULL)
		goto out;
	memcpy(out, data, (size_t)len);
	out[len] = '\0';
out:
	BIO_free(mem);
	return out;
}

/* The issuer of `leaf`: from the served chain, else from the verified path. */
static X509 *hs_find_issuer(X509 *leaf, STACK_OF(X509) *served, STACK_OF(X509) *verified)
{
	for (int i = 0; i < sk_X509_num(served); i++) {
		X509 *c = sk_X509_value(served, i);

		if (c != leaf && X509_check_issued(c, leaf) == X509_V_OK)
			return c;
	}
	for (int i = 0; verified != NULL && i < sk_X509_num(verified); i++) {
		X509 *c = sk_X509_value(verified, i);

		if (X509_cmp(c, leaf) != 0 && X509_check_issued(c, leaf) == X509_V_OK)
			return c;
	}
	return NULL;
}

/* §3.3.4 OCSP stapling, leaf only: a staple is good when it is a successful basic
 * response, signed per OCSP_basic_verify against the served chain and the trust
 * store, and carries a status for the leaf's cert id (issuer from the chain). */
static enum tls_ocsp hs_ocsp(SSL *ssl, X509 *leaf, STACK_OF(X509) *served,
                             STACK_OF(X509) *verified, X509_STORE *store, bool has_url)
{
	const unsigned char *der = NULL;
	OCSP_RESPONSE *resp = NULL;
	OCSP_BASICRESP *basic = NULL;
	OCSP_CERTID *id = NULL;
	ASN1_GENERALIZEDTIME *rev = NULL, *thisupd = NULL, *nextupd = NULL;
	enum tls_ocsp res = TLS_OCSP_NOT_TRUSTED;
	X509 *issuer;
	long len;
	int status = -1, reason = -1;

	if (!has_url)
		return TLS_OCSP_NOT_IN_CERT;
	len = SSL_get_tlsext_status_ocsp_resp(ssl, &der);
	if (len <= 0 || der == NULL)
		return TLS_OCSP_OK;
	resp = d2i_OCSP_RESPONSE(NULL, &der, len);
	if (resp == NULL || OCSP_response_status(resp) != OCSP_RESPONSE_STATUS_SUCCESSFUL)
		goto out;
	basic = OCSP_response_get1_basic(resp);
	if (basic == NULL || OCSP_basic_verify(basic, served, store, 0) <= 0)
		goto out;
	issuer = hs_find_issuer(leaf, served, verified);
	if (issuer == NULL)
		goto out;
	id = OCSP_cert_to_id(EVP_sha1(), leaf, issuer);
	if (id == NULL ||
	    OCSP_resp_find_status(basic, id, &status, &reason, &rev, &thisupd, &nextupd) != 1)
		goto out;
	res = TLS_OCSP_GOOD;
out:
	OCSP_CERTID_free(id);
	OCSP_BASICRESP_free(basic);
	OCSP_RESPONSE_free(resp);
	ERR_clear_error();
	return res;
}

/* Fill f->cert (and f->ocsp when o->web) from a completed handshake. */
static void hs_collect(SSL *ssl, const struct tls_scan_opts *o, struct tls_scan_facts *f)
{
	struct tls_cert_facts *cf = &f->cert;
	STACK_OF(X509) *peer = SSL_get_peer_cert_chain(ssl);
	STACK_OF(X509) *served = sk_X509_new_null();
	STACK_OF(X509) *verified = NULL;
	X509 *leaf = SSL_get0_peer_certificate(ssl);
	X509_STORE *store = NULL, *roots = NULL;
	X509_STORE_CTX *sc = NULL;
	STACK_OF(OPENSSL_STRING) *ocsp_urls;

	if (leaf == NULL || served == NULL)
		goto out;
	/* client side: the peer chain starts with the leaf; be safe if it does not */
	if (sk_X509_push(served, leaf) <= 0)
		goto out;
	for (int i = 0; peer != NULL && i < sk_X509_num(peer); i++) {
		X509 *c = sk_X509_value(peer, i);

		if (i == 0 && X509_cmp(c, leaf) == 0)
			continue;
		if (sk_X509_push(served, c) <= 0)
			goto out;
	}
	/* the process's stores: system bundle plus --ca-file, and the system bundle alone */
	store = truststore_get1(o->ca_file);
	roots = truststore_get1(NULL);
	if (store == NULL || roots == NULL)
		goto out;

	cf->obtained = true;
	cf->n = 0;
	for (int i = 0; i < sk_X509_num(served) && cf->n < TLS_CHAIN_MAX; i++)
		hs_cert_info(roots, sk_X509_value(served, i), &cf->chain[cf->n++]);
	free(cf->chain_pem);
	cf->chain_pem = hs_chain_pem(served);

	/* §8 item 45: trust is judged by checks/webpki.c over these facts, for this name,
	 * at this time */
	if (cf->pool == NULL)
		cf->pool = malloc(sizeof(*cf->pool));
	else
		certpool_release(cf->pool);
	if (cf->pool != NULL && certpool_build(cf->pool, served, store) != 0)
		cf->pool->n = 0;
	hs_peer_name(o, cf->peer_name, sizeof(cf->peer_name));
	cf->checked_at = (int64_t)time(NULL);

	/* OpenSSL's own path, only to find the leaf's issuer for OCSP (§3.3.4) */
	sc = X509_STORE_CTX_new();
	if (sc != NULL && X509_STORE_CTX_init(sc, store, leaf, served) == 1) {
		X509_STORE_CTX_set_purpose(sc, X509_PURPOSE_SSL_SERVER);
		if (X509_verify_cert(sc) == 1)
			verified = X509_STORE_CTX_get0_chain(sc);
	}

	cf->hostmatch = hs_hostmatch(leaf, o);
	hs_leaf_names(leaf, cf->names, sizeof(cf->names));
	ocsp_urls = X509_get1_ocsp(leaf);
	cf->has_ocsp_url = ocsp_urls != NULL && sk_OPENSSL_STRING_num(ocsp_urls) > 0;
	X509_email_free(ocsp_urls);
	if (o->web)
		f->ocsp = hs_ocsp(ssl, leaf, served, verified, store, cf->has_ocsp_url);
out:
	X509_STORE_CTX_free(sc);
	X509_STORE_free(store);
	X509_STORE_free(roots);
	sk_X509_free(served);
	ERR_clear_error();
}

unsigned tls_handshake_cert(const struct tls_scan_opts *o, const struct tls_gate *g,
                            struct tls_scan_facts *f)
{
	/* first: everything OpenSSL 3 can speak, asking for a staple; if that fails, the
	 * same without status_request (servers that abort on it, issue 14), then capped at
	 * TLS 1.2 for servers intolerant to a TLS 1.3 ClientHello */
	static const struct {
		int max_version;
		bool staple;
	} tries[] = { { 0, true }, { 0, false }, { TLS1_2_VERSION, true } };
	BIO_METHOD *bm;
	SSL_CTX *ctx;
	unsigned conns = 0;
	bool any_version = false, legacy = false;
	char why[160];

	for (int v = 0; v < TLS_V_COUNT; v++)
		any_version = any_version || f->version[v];
	legacy = f->version[TLS_V_TLS10] || f->version[TLS_V_TLS11] || f->version[TLS_V_TLS12];
	/* only SSL 2.0 / 3.0, which OpenSSL 3 cannot speak: no chain (obtained stays false) */
	if (any_version && !legacy && !f->version[TLS_V_TLS13])
		return 0;
	bm = hs_bio();
	ctx = hs_ctx(false);
	if (bm == NULL || ctx == NULL)
		return 0;
	for (size_t i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		struct hs_link l;
		bool ok;

		/* the TLS 1.2 cap only helps a server that also speaks TLS <= 1.2 */
		if (tries[i].max_version != 0 && any_version && !legacy)
			break;
		if (hs_link_open(&l, o, g, ctx, TLS1_VERSION, tries[i].max_version, bm, &conns, why,
		                 sizeof(why)) < 0) {
			snprintf(f->cert.error, sizeof(f->cert.error), "%s", why);
			break;      /* TCP / STARTTLS failure: a retry would not help */
		}
		/* request a staple (RFC 6066 §8) */
		if (tries[i].staple)
			SSL_set_tlsext_status_type(l.ssl, TLSEXT_STATUSTYPE_ocsp);
		/* a handshake that fails after the server's Certificate (e.g. it demands a
		 * client certificate) still showed the chain, as it does to sslyze */
		ok = hs_do_handshake(&l) == 0 || SSL_get0_peer_certificate(l.ssl) != NULL;
		if (ok) {
			hs_collect(l.ssl, o, f);
			f->cert.status_request_breaks = !tries[i].staple;
			f->cert.error[0] = '\0';
		} else {
			/* why there is no certificate, for the report (issue 15 item 9): OpenSSL's
			 * reason ("excessive message size" for a chain over 100 KiB), or the wait's */
			unsigned long e = ERR_peek_last_error();
			if (e != 0)
				snprintf(f->cert.error, sizeof(f->cert.error), "TLS handshake failed: %s",
				         ERR_reason_error_string(e) ? ERR_reason_error_string(e) : "error");
			else
				snprintf(f->cert.error, sizeof(f->cert.error),
				         "TLS handshake failed: no answer or connection closed");
		}
		hs_link_close(&l);
		if (ok || (o->deadline > 0 && deadline_expired(o->deadline)))
			break;
	}
	ERR_clear_error();
	return conns;
}

/* ------------------------------------------------------------ 0-RTT ---- */

/* Session tickets arrive after the TLS 1.3 handshake: keep the last one that
 * allows early data (else the last one). The holder is the SSL's app data. */
static int hs_new_session(SSL *ssl, SSL_SESSION *sess)
{
	SSL_SESSION **keep = SSL_get_app_data(ssl);

	if (keep == NULL)
		return 0;
	if (*keep != NULL && SSL_SESSION_get_max_early_data(*keep) > 0 &&
	    SSL_SESSION_get_max_early_data(sess) == 0)
		return 0;   /* not taken: OpenSSL frees it */
	SSL_SESSION_free(*keep);
	*keep = sess;
	return 1;       /* we keep the reference */
}

unsigned tls_handshake_zero_rtt(const struct tls_scan_opts *o, const struct tls_gate *g,
                                struct tls_scan_facts *f)
{
	static const char host_default[] = "localhost";
	const char *host = (o->sni != NULL && o->sni[0] != '\0') ? o->sni : host_default;
	SSL_CTX *ctx = NULL;
	BIO_METHOD *bm = NULL;
	SSL_SESSION *sess = NULL;
	struct hs_link l = { .conn = { .fd = -1 }, .ssl = NULL };
	unsigned conns = 0;
	char req[512], buf[4096], why[160];
	size_t total = 0, n;
	bool any_version = false;
	int r;

	/* §3.3.4: no TLS 1.3, no 0-RTT => good */
	f->zero_rtt = TLS_ZERO_RTT_GOOD;
	for (int v = 0; v < TLS_V_COUNT; v++)
		any_version = any_version || f->version[v];
	if (any_version && !f->version[TLS_V_TLS13])
		return 0;
	snprintf(req, sizeof(req), "GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", host);

	bm = hs_bio();
	ctx = hs_ctx(true);
	if (bm == NULL || ctx == NULL)
		goto out;

	/* first connection: handshake, GET, read the response to collect the ticket */
	if (hs_link_open(&l, o, g, ctx, TLS1_3_VERSION, TLS1_3_VERSION, bm, &conns, why,
	                 sizeof(why)) < 0)
		goto out;
	SSL_set_app_data(l.ssl, &sess);
	if (hs_do_handshake(&l) < 0 || hs_write(&l, req, strlen(req)) < 0)
		goto out;
	/* read the response until EOF, the bound, or a ticket that allows early data
	 * (tickets usually precede the response; a server that never answers the GET
	 * must not cost the whole timeout once the ticket is in) */
	while (total < HS_READ_MAX) {
		ERR_clear_error();
		r = SSL_read_ex(l.ssl, buf, sizeof(buf), &n);
		if (r == 1)
			total += n;
		if (sess != NULL && SSL_SESSION_get_max_early_data(sess) > 0)
			break;
		if (r != 1 && hs_wait(&l, r) < 0)
			break;
	}
	SSL_set_app_data(l.ssl, NULL);
	hs_link_close(&l);
	if (sess == NULL || SSL_SESSION_get_max_early_data(sess) == 0)
		goto out;

	/* second connection: resume and send the request as early data (RFC 8446 §4.2.10) */
	if (hs_link_open(&l, o, g, ctx, TLS1_3_VERSION, TLS1_3_VERSION, bm, &conns, why,
	                 sizeof(why)) < 0)
		goto out;
	if (!SSL_set_session(l.ssl, sess))
		goto out;
	for (;;) {
		ERR_clear_error();
		r = SSL_write_early_data(l.ssl, req, strlen(req), &n);
		if (r == 1)
			break;
		if (hs_wait(&l, r) < 0)
			goto out;
	}
	if (hs_do_handshake(&l) < 0)
		goto out;
	if (SSL_get_early_data_status(l.ssl) == SSL_EARLY_DATA_ACCEPTED)
		f->zero_rtt = TLS_ZERO_RTT_BAD;
out:
	hs_link_close(&l);
	SSL_SESSION_free(sess);
	ERR_clear_error();
	return conns;
}

/* ------------------------------------------------------------ renegotiation ---- */

unsigned tls_handshake_client_reneg(const struct tls_scan_opts *o, const struct tls_gate *g,
                                    struct tls_scan_facts *f)
{
	static const struct {
		enum tls_version v;
		int proto;
	} order[] = {
		{ TLS_V_TLS12, TLS1_2_VERSION },
		{ TLS_V_TLS11, TLS1_1_VERSION },
		{ TLS_V_TLS10, TLS1_VERSION },
	};
	struct hs_link l = { .conn = { .fd = -1 }, .ssl = NULL };
	SSL_CTX *ctx = NULL;
	BIO_METHOD *bm = NULL;
	unsigned conns = 0;
	bool any_version = false;
	int min = 0, max = 0;
	char why[160];

	f->client_reneg = 0;
	for (int v = 0; v < TLS_V_COUNT; v++)
		any_version = any_version || f->version[v];
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]) && max == 0; i++)
		if (f->version[order[i].v])
			min = max = order[i].proto;
	if (max == 0 && any_version)
		return 0;   /* TLS 1.3 only (or only what OpenSSL 3 cannot speak) */
	if (max == 0) {
		/* versions unknown: let the server pick among TLS 1.0 - 1.2 */
		min = TLS1_VERSION;
		max = TLS1_2_VERSION;
	}

	bm = hs_bio();
	ctx = hs_ctx(false);
	if (bm == NULL || ctx == NULL)
		goto out;
	if (hs_link_open(&l, o, g, ctx, min, max, bm, &conns, why, sizeof(why)) < 0)
		goto out;
	/* renegotiate with servers lacking RFC 5746 too: we count what the server allows */
	SSL_set_options(l.ssl, SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION | SSL_OP_NO_TICKET);
	if (hs_do_handshake(&l) < 0)
		goto out;
	/* §3.3.4: up to 11 renegotiations on one connection; a refusal (no_renegotiation
	 * alert, handshake failure, silence until the deadline) ends the count */
	for (int i = 0; i < HS_RENEG_ATTEMPTS; i++) {
		/* the network timeout applies per exchange, as sslyze's socket timeout does
		 * (some servers pause between renegotiations); the scan deadline still caps it */
		l.dl = hs_deadline(o);
		ERR_clear_error();
		if (SSL_renegotiate(l.ssl) != 1 || hs_do_handshake(&l) < 0 ||
		    SSL_renegotiate_pending(l.ssl))
			break;
		f->client_reneg++;
	}
out:
	hs_link_close(&l);
	ERR_clear_error();
	return conns;
}
