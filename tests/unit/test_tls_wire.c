/*
 * test_tls_wire.c -- the ClientHello builder and the server-flight parser
 * (tls/wire.h). Server flights are built by hand here, byte by byte, so each
 * test shows exactly what the server sent; the builder is checked by parsing
 * its output again with a small cursor-based reader.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include "core/cursor.h"
#include "tls/wire.h"

/* ------------------------------------------------------ byte builder ---- */

struct buf {
	uint8_t b[300000];
	size_t n;
};

static void b_u8(struct buf *b, unsigned v) { assert_true(b->n < sizeof b->b); b->b[b->n++] = (uint8_t)v; }
static void b_u16(struct buf *b, unsigned v) { b_u8(b, v >> 8); b_u8(b, v & 0xff); }
static void b_u24(struct buf *b, unsigned v) { b_u8(b, v >> 16); b_u16(b, v & 0xffff); }
static void b_fill(struct buf *b, unsigned v, size_t n) { while (n--) b_u8(b, v); }
static void b_bytes(struct buf *b, const void *p, size_t n)
{
	const uint8_t *q = p;
	for (size_t i = 0; i < n; i++)
		b_u8(b, q[i]);
}
static void b_append(struct buf *b, const struct buf *o) { b_bytes(b, o->b, o->n); }

/* Wrap handshake message `body` with its 4-byte header. */
static void hs_msg(struct buf *out, unsigned type, const struct buf *body)
{
	b_u8(out, type);
	b_u24(out, (unsigned)body->n);
	b_append(out, body);
}

/* Wrap `payload` into records of at most `frag` bytes (0: one record). */
static void records(struct buf *out, unsigned type, const struct buf *payload, size_t frag)
{
	size_t off = 0;
	if (frag == 0)
		frag = payload->n;
	while (off < payload->n) {
		size_t n = payload->n - off < frag ? payload->n - off : frag;
		b_u8(out, type);
		b_u16(out, 0x0303);
		b_u16(out, (unsigned)n);
		b_bytes(out, payload->b + off, n);
		off += n;
	}
}

static const uint8_t hrr_random[32] = {
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
	0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

/* ServerHello body; `exts` may be NULL (no extensions block). */
static void server_hello(struct buf *hs, unsigned version, unsigned suite, const struct buf *exts,
                         bool hrr)
{
	static struct buf body;
	body.n = 0;
	b_u16(&body, version);
	if (hrr)
		b_bytes(&body, hrr_random, 32);
	else
		b_fill(&body, 0x11, 32);
	b_u8(&body, 32);
	b_fill(&body, 0x22, 32);
	b_u16(&body, suite);
	b_u8(&body, 0);
	if (exts) {
		b_u16(&body, (unsigned)exts->n);
		b_append(&body, exts);
	}
	hs_msg(hs, 2, &body);
}

static void ext(struct buf *exts, unsigned type, const void *data, size_t n)
{
	b_u16(exts, type);
	b_u16(exts, (unsigned)n);
	b_bytes(exts, data, n);
}

/* Certificate message with `n` fake certificates of `len` bytes (byte value = index + 1). */
static void certificate(struct buf *hs, size_t n, size_t len)
{
	static struct buf body;
	body.n = 0;
	b_u24(&body, (unsigned)(n * (len + 3)));
	for (size_t i = 0; i < n; i++) {
		b_u24(&body, (unsigned)len);
		b_fill(&body, (unsigned)(i + 1), len);
	}
	hs_msg(hs, 11, &body);
}

static void ske_ecdhe(struct buf *hs, unsigned group, unsigned sigalg)
{
	static struct buf body;
	body.n = 0;
	b_u8(&body, 3);
	b_u16(&body, group);
	b_u8(&body, 32);
	b_fill(&body, 0x44, 32);
	b_u16(&body, sigalg);
	b_u16(&body, 256);
	b_fill(&body, 0x55, 256);
	hs_msg(hs, 12, &body);
}

static void ske_dhe(struct buf *hs, size_t plen, unsigned g, unsigned sigalg)
{
	static struct buf body;
	body.n = 0;
	b_u16(&body, (unsigned)plen);
	b_fill(&body, 0xff, plen);
	b_u16(&body, 1);
	b_u8(&body, g);
	b_u16(&body, (unsigned)plen);
	b_fill(&body, 0x66, plen);
	if (sigalg)
		b_u16(&body, sigalg);
	b_u16(&body, 128);
	b_fill(&body, 0x77, 128);
	hs_msg(hs, 12, &body);
}

static void empty_msg(struct buf *hs, unsigned type)
{
	static struct buf body;
	body.n = 0;
	hs_msg(hs, type, &body);
}

/* A complete TLS 1.2 flight's handshake bytes: SH + Certificate(2) + CertificateStatus
 * + ECDHE SKE + CertificateRequest + ServerHelloDone. */
static void tls12_flight_hs(struct buf *hs)
{
	static struct buf exts, body;
	static const uint8_t reneg[] = { 0 };
	exts.n = 0;
	ext(&exts, 0xff01, reneg, 1);
	ext(&exts, 23, NULL, 0);
	ext(&exts, 5, NULL, 0);
	ext(&exts, 35, NULL, 0);
	ext(&exts, 11, "\x01\x00", 2);
	server_hello(hs, 0x0303, 0xc02f, &exts, false);
	certificate(hs, 2, 300);
	body.n = 0;
	b_u8(&body, 1);
	b_u24(&body, 100);
	b_fill(&body, 0x30, 100);
	hs_msg(hs, 22, &body);
	ske_ecdhe(hs, 29, 0x0804);
	body.n = 0;
	b_u8(&body, 1);
	b_u8(&body, 1);
	b_u16(&body, 2);
	b_u16(&body, 0x0401);
	b_u16(&body, 0);
	hs_msg(hs, 13, &body);
	empty_msg(hs, 14);
}

static void check_tls12_flight(const struct tls_flight *f)
{
	assert_int_equal(f->status, TLS_FLIGHT_DONE);
	assert_true(f->sh.present);
	assert_false(f->sh.hrr);
	assert_int_equal(f->sh.version, 0x0303);
	assert_int_equal(f->sh.suite, 0xc02f);
	assert_true(f->sh.ext_reneg_info);
	assert_true(f->sh.ext_ems);
	assert_true(f->sh.ext_status_request);
	assert_true(f->sh.ext_session_ticket);
	assert_false(f->sh.ext_supported_versions);
	assert_int_equal(f->n_certs, 2);
	assert_int_equal(f->cert_len[0], 300);
	assert_int_equal(f->cert_der[0][0], 1);
	assert_int_equal(f->cert_der[1][299], 2);
	assert_true(f->cert_status);
	assert_true(f->ske.present);
	assert_int_equal(f->ske.kind, TLS_SKE_ECDHE);
	assert_int_equal(f->ske.group, 29);
	assert_int_equal(f->ske.sigalg, 0x0804);
	assert_true(f->cert_request);
	assert_true(f->hello_done);
	assert_false(f->alert);
}

static enum tls_flight_status feed_in_chunks(struct tls_flight *f, const struct buf *b, size_t chunk)
{
	enum tls_flight_status st = TLS_FLIGHT_MORE;
	for (size_t off = 0; off < b->n; off += chunk) {
		size_t n = b->n - off < chunk ? b->n - off : chunk;
		st = tls_flight_feed(f, b->b + off, n);
	}
	return st;
}

/* --------------------------------------------------------- the flight ---- */

static void test_flight_tls12_full_flight_in_one_record(void **state)
{
	static struct buf hs, wire;
	struct tls_flight f;
	(void)state;
	hs.n = wire.n = 0;
	tls12_flight_hs(&hs);
	records(&wire, 22, &hs, 0);
	tls_flight_init(&f);
	assert_int_equal(tls_flight_feed(&f, wire.b, wire.n), TLS_FLIGHT_DONE);
	check_tls12_flight(&f);
	tls_flight_release(&f);
}

static void test_flight_records_split_byte_by_byte(void **state)
{
	static struct buf hs, wire;
	struct tls_flight f;
	(void)state;
	hs.n = wire.n = 0;
	tls12_flight_hs(&hs);
	records(&wire, 22, &hs, 1000);
	tls_flight_init(&f);
	for (size_t i = 0; i < wire.n; i++) {
		enum tls_flight_status st = tls_flight_feed(&f, wire.b + i, 1);
		assert_int_equal(st, i + 1 == wire.n ? TLS_FLIGHT_DONE : TLS_FLIGHT_MORE);
	}
	check_tls12_flight(&f);
	tls_flight_release(&f);
}

static void test_flight_messages_split_across_small_records(void **state)
{
	static struct buf hs, wire;
	(void)state;
	hs.n = 0;
	tls12_flight_hs(&hs);
	/* every fragment size from 1 to 40 bytes, fed in assorted chunk sizes */
	for (size_t frag = 1; frag <= 40; frag++) {
		struct tls_flight f;
		wire.n = 0;
		records(&wire, 22, &hs, frag);
		tls_flight_init(&f);
		assert_int_equal(feed_in_chunks(&f, &wire, 1 + frag * 37 % 101), TLS_FLIGHT_DONE);
		check_tls12_flight(&f);
		tls_flight_release(&f);
	}
}

static void test_flight_coalesced_records_one_message_each(void **state)
{
	static struct buf hs, one, wire;
	struct cursor c, m;
	struct tls_flight f;
	(void)state;
	hs.n = wire.n = 0;
	tls12_flight_hs(&hs);
	/* one record per handshake message, all in one read */
	cursor_init(&c, hs.b, hs.n);
	while (cursor_len(&c) > 0) {
		uint8_t type;
		assert_int_equal(cursor_get_u8(&c, &type), 0);
		assert_int_equal(cursor_get_u24_prefixed(&c, &m), 0);
		one.n = 0;
		b_u8(&one, type);
		b_u24(&one, (unsigned)cursor_len(&m));
		b_bytes(&one, cursor_data(&m), cursor_len(&m));
		records(&wire, 22, &one, 0);
	}
	tls_flight_init(&f);
	assert_int_equal(tls_flight_feed(&f, wire.b, wire.n), TLS_FLIGHT_DONE);
	check_tls12_flight(&f);
	tls_flight_release(&f);
}

static void test_flight_truncated_is_more_not_error(void **state)
{
	static struct buf hs, wire;
	(void)state;
	hs.n = wire.n = 0;
	tls12_flight_hs(&hs);
	records(&wire, 22, &hs, 500);
	for (size_t cut = 0; cut < wire.n; cut++) {
		struct tls_flight f;
		tls_flight_init(&f);
		assert_int_equal(tls_flight_feed(&f, wire.b, cut), TLS_FLIGHT_MORE);
		tls_flight_release(&f);
	}
}

static void test_flight_bytes_after_done_ignored(void **state)
{
	static struct buf hs, wire;
	struct tls_flight f;
	(void)state;
	hs.n = wire.n = 0;
	tls12_flight_hs(&hs);
	records(&wire, 22, &hs, 0);
	b_bytes(&wire, "garbage after the flight", 24);
	tls_flight_init(&f);
	assert_int_equal(tls_flight_feed(&f, wire.b, wire.n), TLS_FLIGHT_DONE);
	assert_int_equal(tls_flight_feed(&f, (const uint8_t *)"more", 4), TLS_FLIGHT_DONE);
	check_tls12_flight(&f);
	tls_flight_release(&f);
}

static void test_flight_tls13_serverhello_done(void **state)
{
	static struct buf hs, exts, wire, enc;
	struct tls_flight f;
	(void)state;
	hs.n = exts.n = wire.n = enc.n = 0;
	ext(&exts, 43, "\x03\x04", 2);
	b_u16(&exts, 51);
	b_u16(&exts, 2 + 2 + 32);
	b_u16(&exts, 29);
	b_u16(&exts, 32);
	b_fill(&exts, 0x99, 32);
	server_hello(&hs, 0x0303, 0x1301, &exts, false);
	records(&wire, 22, &hs, 0);
	/* middlebox-compat ChangeCipherSpec and encrypted records: never looked at */
	b_bytes(&wire, "\x14\x03\x03\x00\x01\x01", 6);
	b_fill(&enc, 0xab, 100);
	records(&wire, 23, &enc, 0);
	tls_flight_init(&f);
	assert_int_equal(tls_flight_feed(&f, wire.b, wire.n), TLS_FLIGHT_DONE);
	assert_true(f.sh.present);
	assert_false(f.sh.hrr);
	assert_int_equal(f.sh.legacy_version, 0x0303);
	assert_int_equal(f.sh.version, 0x0304);
	assert_true(f.sh.ext_supported_versions);
	assert_int_equal(f.sh.suite, 0x1301);
	assert_int_equal(f.sh.key_share_group, 29);
	assert_int_equal(f.n_certs, 0);
	assert_false(f.hello_done);
	tls_flight_release(&f);
}

static void test_flight_hrr_selected_group(void **state)
{
	static struct buf hs, exts, wire;
	struct tls_flight f;
	(void)state;
	hs.n = exts.n = wire.n = 0;
	ext(&exts, 43, "\x03\x04", 2);
	ext(&exts, 51, "\x00\x18", 2);   /* selected_group secp384r1 */
	server_hello(&hs, 0x0303, 0x1302, &exts, true);
	records(&wire, 22, &hs, 0);
	tls_flight_init(&f);
	assert_int_equal(feed_in_chunks(&f, &wire, 3), TLS_FLIGHT_DONE);
	assert_true(f.sh.hrr);
	assert_int_equal(f.sh.version, 0x0304);
	assert_int_equal(f.sh.key_share_group, 24);
	tls_flight_release(&f);
}

static void test_flight_dhe_prime_and_generator(void **state)
{
	static struct buf hs, wire;
	/* 2048-bit and 6144-bit primes: a 768-byte prime starts with the byte 3, like ECDHE */
	static const size_t plens[] = { 256, 768, 1024 };
	(void)state;
	for (size_t k = 0; k < sizeof plens / sizeof plens[0]; k++) {
		struct tls_flight f;
		hs.n = wire.n = 0;
		server_hello(&hs, 0x0303, 0x009e, NULL, false);   /* DHE-RSA-AES128-GCM-SHA256 */
		certificate(&hs, 1, 500);
		ske_dhe(&hs, plens[k], 2, 0x0401);
		empty_msg(&hs, 14);
		records(&wire, 22, &hs, 16384);
		tls_flight_init(&f);
		assert_int_equal(tls_flight_feed(&f, wire.b, wire.n), TLS_FLIGHT_DONE);
		assert_true(f.ske.present);
		assert_int_equal(f.ske.kind, TLS_SKE_DHE);
		assert_int_equal(f.ske.dh_p_len, plens[k]);
		assert_int_equal(f.ske.dh_p[0], 0xff);
		assert_int_equal(f.ske.dh_p[plens[k] - 1], 0xff);
		assert_int_equal(f.ske.dh_g_len, 1);
		assert_int_equal(f.ske.dh_g[0], 2);
		assert_int_equal(f.ske.sigalg, 0x0401);
		assert_int_equal(f.n_certs, 1);
		tls_flight_release(&f);
	}
}

static void test_flight_ske_kind_sniffed_for_unknown_suite(void **state)
{
	static struct buf hs, wire;
	struct tls_flight f;
	(void)state;
	/* 0x0a0a is a GREASE value: no suite table knows its key exchange */
	hs.n = wire.n = 0;
	server_hello(&hs, 0x0303, 0x0a0a, NULL, false);
	ske_dhe(&hs, 768, 2, 0x0401);   /* 6144-bit prime: its length starts with the byte 3 */
	empty_msg(&hs, 14);
	records(&wire, 22, &hs, 16384);
	tls_flight_init(&f);
	assert_int_equal(tls_flight_feed(&f, wire.b, wire.n), TLS_FLIGHT_DONE);
	assert_int_equal(f.ske.kind, TLS_SKE_DHE);
	assert_int_equal(f.ske.dh_p_len, 768);
	tls_flight_release(&f);

	hs.n = wire.n = 0;
	server_hello(&hs, 0x0303, 0x0a0a, NULL, false);
	ske_ecdhe(&hs, 25, 0x0603);
	empty_msg(&hs, 14);
	records(&wire, 22, &hs, 0);
	tls_flight_init(&f);
	assert_int_equal(tls_flight_feed(&f, wire.b, wire.n), TLS_FLIGHT_DONE);
	assert_int_equal(f.ske.kind, TLS_SKE_ECDHE);
	assert_int_equal(f.ske.group, 25);
	assert_int_equal(f.ske.sigalg, 0x0603);
	tls_flight_release(&f);
}

static void test_flight_dhe_tls10_has_no_sigalg(void **state)
{
	static struct buf hs, wire;
	struct tls_flight f;
	(void)state;
	hs.n = wire.n = 0;
	server_hello(&hs, 0x0301, 0x0033, NULL, false);   /* DHE-RSA-AES128-SHA */
	certificate(&hs, 1, 100);
	ske_dhe(&hs, 128, 5, 0);
	empty_msg(&hs, 14);
	records(&wire, 22, &hs, 0);
	tls_flight_init(&f);
	assert_int_equal(tls_flight_feed(&f, wire.b, wire.n), TLS_FLIGHT_DONE);
	assert_int_equal(f.sh.version, 0x0301);
	assert_int_equal(f.ske.kind, TLS_SKE_DHE);
	assert_int_equal(f.ske.dh_p_len, 128);
	assert_int_equal(f.ske.dh_g[0], 5);
	assert_int_equal(f.ske.sigalg, 0);
	tls_flight_release(&f);
}

static void test_flight_dhe_prime_over_8192_bits_is_error(void **state)
{
	static struct buf hs, wire;
	struct tls_flight f;
	(void)state;
	hs.n = wire.n = 0;
	server_hello(&hs, 0x0303, 0x009e, NULL, false);
	ske_dhe(&hs, TLS_DH_MAX + 1, 2, 0x0401);
	empty_msg(&hs, 14);
	records(&wire, 22, &hs, 16384);
	tls_flight_init(&f);
	assert_int_equal(tls_flight_feed(&f, wire.b, wire.n), TLS_FLIGHT_ERROR);
	assert_non_null(strstr(f.error, "prime"));
	tls_flight_release(&f);
}

static void test_flight_alert(void **state)
{
	static const uint8_t alert[] = { 0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46 };
	struct tls_flight f;
	(void)state;
	tls_flight_init(&f);
	assert_int_equal(tls_flight_feed(&f, alert, 3), TLS_FLIGHT_MORE);
	assert_int_equal(tls_flight_feed(&f, alert + 3, sizeof alert - 3), TLS_FLIGHT_DONE);
	assert_true(f.alert);
	assert_int_equal(f.alert_level, 2);
	assert_int_equal(f.alert_desc, TLS_ALERT_PROTOCOL_VERSION);
	assert_false(f.sh.present);
	tls_flight_release(&f);
}

static void test_flight_alert_after_serverhello(void **state)
{
	static struct buf hs, wire;
	struct tls_flight f;
	(void)state;
	hs.n = wire.n = 0;
	server_hello(&hs, 0x0303, 0xc02f, NULL, false);
	records(&wire, 22, &hs, 0);
	b_bytes(&wire, "\x15\x03\x03\x00\x02\x02\x28", 7);
	tls_flight_init(&f);
	assert_int_equal(tls_flight_feed(&f, wire.b, wire.n), TLS_FLIGHT_DONE);
	assert_true(f.sh.present);
	assert_true(f.alert);
	assert_int_equal(f.alert_desc, TLS_ALERT_HANDSHAKE_FAILURE);
	tls_flight_release(&f);
}

static void expect_error(const uint8_t *data, size_t n)
{
	struct tls_flight f;
	tls_flight_init(&f);
	assert_int_equal(tls_flight_feed(&f, data, n), TLS_FLIGHT_ERROR);
	assert_true(f.error[0] != '\0');
	tls_flight_release(&f);
}

/* A malformed ServerHello is an error and must not count as a ServerHello: the scan
 * would take its version as supported (seen with the fixture's "malformed" stub). */
static void expect_error_no_hello(const uint8_t *data, size_t n)
{
	struct tls_flight f;
	tls_flight_init(&f);
	assert_int_equal(tls_flight_feed(&f, data, n), TLS_FLIGHT_ERROR);
	assert_false(f.sh.present);
	tls_flight_release(&f);
}

static void test_flight_garbage_is_error(void **state)
{
	static const char http[] = "HTTP/1.1 400 Bad Request\r\n\r\n";
	static const char smtp[] = "220 mail.example.nl ESMTP\r\n";
	(void)state;
	expect_error((const uint8_t *)http, sizeof http - 1);
	expect_error((const uint8_t *)smtp, sizeof smtp - 1);
	/* a record longer than 2^14 + 2048 */
	expect_error((const uint8_t *)"\x16\x03\x03\x48\x01", 5);
	/* zero-length handshake record */
	expect_error((const uint8_t *)"\x16\x03\x03\x00\x00", 5);
	/* application data before the handshake */
	expect_error((const uint8_t *)"\x17\x03\x03\x00\x01\x00", 6);
	/* a one-byte alert */
	expect_error((const uint8_t *)"\x15\x03\x03\x00\x01\x02", 6);
}

static void test_flight_malformed_serverhello_is_error(void **state)
{
	static struct buf hs, wire, exts;
	(void)state;
	/* an extensions block that claims 10 bytes and has none */
	hs.n = wire.n = exts.n = 0;
	b_u8(&hs, 2);
	b_u24(&hs, 2 + 32 + 1 + 2 + 1 + 2);
	b_u16(&hs, 0x0303);
	b_fill(&hs, 0, 32);
	b_u8(&hs, 0);
	b_u16(&hs, 0xc02f);
	b_u8(&hs, 0);
	b_u16(&hs, 10);
	records(&wire, 22, &hs, 0);
	expect_error_no_hello(wire.b, wire.n);
	/* a supported_versions of three bytes */
	hs.n = wire.n = exts.n = 0;
	ext(&exts, 43, "\x03\x04\x00", 3);
	server_hello(&hs, 0x0303, 0x1301, &exts, false);
	records(&wire, 22, &hs, 0);
	expect_error_no_hello(wire.b, wire.n);
	/* session id over 32 bytes */
	hs.n = wire.n = 0;
	b_u8(&hs, 2);
	b_u24(&hs, 2 + 32 + 1 + 33 + 3);
	b_u16(&hs, 0x0303);
	b_fill(&hs, 0, 32);
	b_u8(&hs, 33);
	b_fill(&hs, 0, 33);
	b_u16(&hs, 0xc02f);
	b_u8(&hs, 0);
	records(&wire, 22, &hs, 0);
	expect_error_no_hello(wire.b, wire.n);
}

static void test_flight_out_of_order_is_error(void **state)
{
	static struct buf hs, wire;
	(void)state;
	hs.n = wire.n = 0;
	certificate(&hs, 1, 10);
	records(&wire, 22, &hs, 0);
	expect_error(wire.b, wire.n);

	hs.n = wire.n = 0;
	server_hello(&hs, 0x0303, 0xc02f, NULL, false);
	server_hello(&hs, 0x0303, 0xc02f, NULL, false);
	records(&wire, 22, &hs, 0);
	expect_error(wire.b, wire.n);

	hs.n = wire.n = 0;
	server_hello(&hs, 0x0303, 0xc02f, NULL, false);
	ske_ecdhe(&hs, 23, 0x0403);
	certificate(&hs, 1, 10);
	records(&wire, 22, &hs, 0);
	expect_error(wire.b, wire.n);

	/* a ClientHello is not what a server sends */
	hs.n = wire.n = 0;
	empty_msg(&hs, 1);
	records(&wire, 22, &hs, 0);
	expect_error(wire.b, wire.n);
}

static void test_flight_oversized_message_is_error(void **state)
{
	static const uint8_t big[] = { 0x16, 0x03, 0x03, 0x00, 0x04, 0x0b, 0x10, 0x00, 0x00 };
	struct tls_flight f;
	(void)state;
	/* a 1 MiB Certificate is refused as soon as its header is seen */
	tls_flight_init(&f);
	assert_int_equal(tls_flight_feed(&f, big, sizeof big), TLS_FLIGHT_ERROR);
	tls_flight_release(&f);
}

static void test_flight_whole_flight_over_256k_is_error(void **state)
{
	static struct buf hs, wire;
	struct tls_flight f;
	(void)state;
	hs.n = wire.n = 0;
	server_hello(&hs, 0x0303, 0xc02f, NULL, false);
	certificate(&hs, 9, 30000);   /* 270 KB of certificates */
	records(&wire, 22, &hs, 16384);
	tls_flight_init(&f);
	assert_int_equal(tls_flight_feed(&f, wire.b, wire.n), TLS_FLIGHT_ERROR);
	tls_flight_release(&f);
}

static void test_flight_certs_beyond_max_not_kept(void **state)
{
	static struct buf hs, wire;
	struct tls_flight f;
	(void)state;
	hs.n = wire.n = 0;
	server_hello(&hs, 0x0303, 0x009c, NULL, false);   /* static RSA: no SKE */
	certificate(&hs, TLS_FLIGHT_CERTS_MAX + 3, 50);
	empty_msg(&hs, 14);
	records(&wire, 22, &hs, 0);
	tls_flight_init(&f);
	assert_int_equal(tls_flight_feed(&f, wire.b, wire.n), TLS_FLIGHT_DONE);
	assert_int_equal(f.n_certs, TLS_FLIGHT_CERTS_MAX);
	assert_int_equal(f.cert_der[TLS_FLIGHT_CERTS_MAX - 1][0], TLS_FLIGHT_CERTS_MAX);
	assert_false(f.ske.present);
	tls_flight_release(&f);
	/* released: may be initialised again */
	tls_flight_init(&f);
	assert_int_equal(tls_flight_feed(&f, wire.b, wire.n), TLS_FLIGHT_DONE);
	tls_flight_release(&f);
}

static void test_flight_serverhello_without_extensions(void **state)
{
	static struct buf hs, wire;
	struct tls_flight f;
	(void)state;
	hs.n = wire.n = 0;
	server_hello(&hs, 0x0300, 0x000a, NULL, false);
	certificate(&hs, 1, 20);
	empty_msg(&hs, 14);
	records(&wire, 22, &hs, 0);
	tls_flight_init(&f);
	assert_int_equal(tls_flight_feed(&f, wire.b, wire.n), TLS_FLIGHT_DONE);
	assert_int_equal(f.sh.version, 0x0300);
	assert_false(f.sh.ext_reneg_info);
	assert_false(f.sh.ext_supported_versions);
	tls_flight_release(&f);
}

/* SSL 2.0 SERVER-HELLO with a certificate of `cert_len` bytes and two cipher specs. */
static void ssl2_server_hello(struct buf *out, bool three_byte_header, size_t cert_len)
{
	static struct buf body;
	body.n = 0;
	b_u8(&body, 4);
	b_u8(&body, 0);        /* session-id-hit */
	b_u8(&body, 1);        /* X.509 */
	b_u16(&body, 0x0002);
	b_u16(&body, (unsigned)cert_len);
	b_u16(&body, 6);
	b_u16(&body, 16);
	b_fill(&body, 0x30, cert_len);
	b_bytes(&body, "\x01\x00\x80\x07\x00\xc0", 6);
	b_fill(&body, 0xcc, 16);
	if (three_byte_header) {
		b_u8(out, (body.n >> 8) & 0x3f);
		b_u8(out, body.n & 0xff);
		b_u8(out, 0);
	} else {
		b_u8(out, 0x80 | (body.n >> 8));
		b_u8(out, body.n & 0xff);
	}
	b_append(out, &body);
}

static void check_ssl2(const struct tls_flight *f, size_t cert_len)
{
	assert_int_equal(f->status, TLS_FLIGHT_DONE);
	assert_true(f->sh.present);
	assert_true(f->sh.ssl2);
	assert_int_equal(f->sh.version, 0x0002);
	assert_int_equal(f->sh.n_ssl2_suites, 2);
	assert_int_equal(f->sh.ssl2_suites[0], 0x010080);
	assert_int_equal(f->sh.ssl2_suites[1], 0x0700c0);
	assert_int_equal(f->n_certs, 1);
	assert_int_equal(f->cert_len[0], cert_len);
}

static void test_flight_ssl2_server_hello(void **state)
{
	static struct buf wire;
	struct tls_flight f;
	(void)state;
	wire.n = 0;
	ssl2_server_hello(&wire, false, 700);
	tls_flight_init_ssl2(&f);
	assert_int_equal(feed_in_chunks(&f, &wire, 1), TLS_FLIGHT_DONE);
	check_ssl2(&f, 700);
	tls_flight_release(&f);

	wire.n = 0;
	ssl2_server_hello(&wire, true, 90);
	tls_flight_init_ssl2(&f);
	assert_int_equal(tls_flight_feed(&f, wire.b, wire.n), TLS_FLIGHT_DONE);
	check_ssl2(&f, 90);
	tls_flight_release(&f);
}

static void test_flight_ssl2_error_is_alert(void **state)
{
	static const uint8_t err[] = { 0x80, 0x03, 0x00, 0x00, 0x01 };   /* NO-CIPHER-ERROR */
	struct tls_flight f;
	(void)state;
	tls_flight_init_ssl2(&f);
	assert_int_equal(tls_flight_feed(&f, err, sizeof err), TLS_FLIGHT_DONE);
	assert_true(f.alert);
	assert_false(f.sh.present);
	tls_flight_release(&f);
}

static void test_flight_ssl2_hello_answered_with_tls(void **state)
{
	static const uint8_t alert[] = { 0x15, 0x03, 0x00, 0x00, 0x02, 0x02, 0x28 };
	static struct buf hs, wire;
	struct tls_flight f;
	(void)state;
	tls_flight_init_ssl2(&f);
	assert_int_equal(tls_flight_feed(&f, alert, 1), TLS_FLIGHT_MORE);
	assert_int_equal(tls_flight_feed(&f, alert + 1, sizeof alert - 1), TLS_FLIGHT_DONE);
	assert_true(f.alert);
	assert_int_equal(f.alert_desc, 40);
	tls_flight_release(&f);

	hs.n = wire.n = 0;
	server_hello(&hs, 0x0301, 0x002f, NULL, false);
	certificate(&hs, 1, 40);
	empty_msg(&hs, 14);
	records(&wire, 22, &hs, 0);
	tls_flight_init_ssl2(&f);
	assert_int_equal(feed_in_chunks(&f, &wire, 1), TLS_FLIGHT_DONE);
	assert_false(f.sh.ssl2);
	assert_int_equal(f.sh.version, 0x0301);
	assert_int_equal(f.n_certs, 1);
	tls_flight_release(&f);
}

/* -------------------------------------------------------- the hello ---- */

struct parsed_hello {
	uint8_t rec_type;
	uint16_t rec_version, version;
	size_t hs_len;           /* handshake message incl. its 4-byte header */
	size_t session_id_len;
	size_t n_suites;
	uint16_t suites[256];
	bool has_ext_block;
	size_t n_ext;
	uint16_t ext_type[32];
	struct cursor ext_data[32];
};

/* Parse a TLS ClientHello record with the cursor; fails the test when malformed. */
static void parse_hello(const uint8_t *p, size_t n, struct parsed_hello *ph)
{
	struct cursor c, rec, body, sid, suites, comp, exts;
	uint8_t type;
	uint32_t len;

	memset(ph, 0, sizeof *ph);
	cursor_init(&c, p, n);
	assert_int_equal(cursor_get_u8(&c, &ph->rec_type), 0);
	assert_int_equal(cursor_get_u16(&c, &ph->rec_version), 0);
	assert_int_equal(cursor_get_u16_prefixed(&c, &rec), 0);
	assert_int_equal(cursor_len(&c), 0);
	ph->hs_len = cursor_len(&rec);
	assert_int_equal(cursor_get_u8(&rec, &type), 0);
	assert_int_equal(type, 1);
	assert_int_equal(cursor_get_u24(&rec, &len), 0);
	assert_int_equal(len, cursor_len(&rec));
	assert_int_equal(cursor_get_u24(&c, &len), -1);
	body = rec;
	assert_int_equal(cursor_get_u16(&body, &ph->version), 0);
	assert_int_equal(cursor_skip(&body, 32), 0);
	assert_int_equal(cursor_get_u8_prefixed(&body, &sid), 0);
	ph->session_id_len = cursor_len(&sid);
	assert_int_equal(cursor_get_u16_prefixed(&body, &suites), 0);
	while (cursor_len(&suites) > 0) {
		assert_true(ph->n_suites < 256);
		assert_int_equal(cursor_get_u16(&suites, &ph->suites[ph->n_suites++]), 0);
	}
	assert_int_equal(cursor_get_u8_prefixed(&body, &comp), 0);
	assert_true(cursor_len(&comp) >= 1);
	if (cursor_len(&body) == 0)
		return;
	ph->has_ext_block = true;
	assert_int_equal(cursor_get_u16_prefixed(&body, &exts), 0);
	assert_int_equal(cursor_len(&body), 0);
	while (cursor_len(&exts) > 0) {
		assert_true(ph->n_ext < 32);
		assert_int_equal(cursor_get_u16(&exts, &ph->ext_type[ph->n_ext]), 0);
		assert_int_equal(cursor_get_u16_prefixed(&exts, &ph->ext_data[ph->n_ext]), 0);
		ph->n_ext++;
	}
}

static const struct cursor *find_ext(const struct parsed_hello *ph, uint16_t type)
{
	for (size_t i = 0; i < ph->n_ext; i++)
		if (ph->ext_type[i] == type)
			return &ph->ext_data[i];
	return NULL;
}

static const uint16_t suites12[] = { 0xc02f, 0xc030, 0x009e, 0x002f };
static const uint16_t groups[] = { 29, 23, 24 };
static const uint16_t sigalgs[] = { 0x0403, 0x0804, 0x0401 };

static void test_hello_tls12_roundtrip(void **state)
{
	uint8_t out[TLS_HELLO_MAX];
	struct tls_hello h = {
		.version = 0x0303, .suites = suites12, .n_suites = 4, .sni = "www.example.nl",
		.groups = groups, .n_groups = 3, .sigalgs = sigalgs, .n_sigalgs = 3,
		.ec_point_formats = true, .reneg_info = true, .ems = true, .status_request = true,
		.session_ticket = true,
	};
	struct parsed_hello ph;
	struct cursor c, list, name;
	uint8_t u8;
	uint16_t u16;
	int n;
	(void)state;

	n = tls_hello_build(&h, out, sizeof out);
	assert_true(n > 0);
	parse_hello(out, (size_t)n, &ph);
	assert_int_equal(ph.rec_type, 22);
	assert_int_equal(ph.rec_version, 0x0301);
	assert_int_equal(ph.version, 0x0303);
	assert_int_equal(ph.session_id_len, 0);
	assert_int_equal(ph.n_suites, 4);
	assert_int_equal(ph.suites[0], 0xc02f);
	assert_int_equal(ph.suites[3], 0x002f);
	assert_int_equal(ph.n_ext, 8);

	c = *find_ext(&ph, 0);
	assert_int_equal(cursor_get_u16_prefixed(&c, &list), 0);
	assert_int_equal(cursor_get_u8(&list, &u8), 0);
	assert_int_equal(u8, 0);
	assert_int_equal(cursor_get_u16_prefixed(&list, &name), 0);
	assert_int_equal(cursor_len(&name), strlen("www.example.nl"));
	assert_memory_equal(cursor_data(&name), "www.example.nl", cursor_len(&name));

	c = *find_ext(&ph, 10);
	assert_int_equal(cursor_get_u16_prefixed(&c, &list), 0);
	assert_int_equal(cursor_len(&list), 6);
	assert_int_equal(cursor_get_u16(&list, &u16), 0);
	assert_int_equal(u16, 29);

	c = *find_ext(&ph, 13);
	assert_int_equal(cursor_get_u16_prefixed(&c, &list), 0);
	assert_int_equal(cursor_len(&list), 6);

	assert_int_equal(cursor_len(find_ext(&ph, 11)), 2);
	assert_int_equal(cursor_len(find_ext(&ph, 0xff01)), 1);
	assert_int_equal(cursor_len(find_ext(&ph, 23)), 0);
	assert_int_equal(cursor_len(find_ext(&ph, 35)), 0);
	assert_int_equal(cursor_len(find_ext(&ph, 5)), 5);
	assert_null(find_ext(&ph, 43));
	assert_null(find_ext(&ph, 51));
	assert_null(find_ext(&ph, 21));
}

static void test_hello_sni_omitted_for_ip_literal(void **state)
{
	static const char *const ips[] = { "192.0.2.1", "2001:db8::1", "::ffff:10.0.0.1" };
	uint8_t out[TLS_HELLO_MAX];
	struct parsed_hello ph;
	(void)state;
	for (size_t i = 0; i < 3; i++) {
		struct tls_hello h = { .version = 0x0303, .suites = suites12, .n_suites = 4, .sni = ips[i],
		                       .ems = true };
		int n = tls_hello_build(&h, out, sizeof out);
		assert_true(n > 0);
		parse_hello(out, (size_t)n, &ph);
		assert_null(find_ext(&ph, 0));
		assert_non_null(find_ext(&ph, 23));
	}
	{
		struct tls_hello h = { .version = 0x0303, .suites = suites12, .n_suites = 4,
		                       .sni = "192.0.2.1.example.nl." };
		struct cursor c, list, name;
		uint8_t u8;
		int n = tls_hello_build(&h, out, sizeof out);
		assert_true(n > 0);
		parse_hello(out, (size_t)n, &ph);
		assert_non_null(find_ext(&ph, 0));
		/* the trailing dot is not sent (RFC 6066 §3) */
		c = *find_ext(&ph, 0);
		assert_int_equal(cursor_get_u16_prefixed(&c, &list), 0);
		assert_int_equal(cursor_get_u8(&list, &u8), 0);
		assert_int_equal(cursor_get_u16_prefixed(&list, &name), 0);
		assert_int_equal(cursor_len(&name), strlen("192.0.2.1.example.nl"));
	}
}

/* Issue 14: wolfSSL refuses an X25519 key share with bit 255 set (RFC 7748 §5: a public
 * value has it clear); the random share must clear it, in every hello. */
static void test_hello_x25519_share_bit_255_clear(void **state)
{
	static const uint16_t suites[] = { 0x1301 }, versions[] = { 0x0304 }, shares[] = { 29 };
	uint8_t out[TLS_HELLO_MAX];
	(void)state;

	for (int round = 0; round < 64; round++) {
		struct tls_hello h = { .version = 0x0303, .suites = suites, .n_suites = 1,
		                       .versions = versions, .n_versions = 1,
		                       .key_shares = shares, .n_key_shares = 1 };
		int n = tls_hello_build(&h, out, sizeof out);
		bool found = false;
		assert_true(n > 0);
		/* the key_share entry: group 0x001d, length 0x0020, 32 bytes */
		for (int i = 0; i + 36 <= n; i++)
			if (out[i] == 0x00 && out[i + 1] == 0x1d && out[i + 2] == 0x00 && out[i + 3] == 0x20) {
				assert_int_equal(out[i + 4 + 31] & 0x80, 0);
				found = true;
				break;
			}
		assert_true(found);
	}
}

static void test_hello_ssl2_format(void **state)
{
	static const uint32_t specs[] = { 0x010080, 0x020080, 0x0700c0 };
	uint8_t out[TLS_HELLO_MAX];
	struct tls_hello h = { .version = 0x0002, .ssl2_suites = specs, .n_ssl2_suites = 3 };
	struct cursor c;
	uint8_t b0, b1, type, hi;
	uint16_t u16, lo;
	int n;
	(void)state;

	n = tls_hello_build(&h, out, sizeof out);
	assert_int_equal(n, 2 + 9 + 9 + 16);
	cursor_init(&c, out, (size_t)n);
	assert_int_equal(cursor_get_u8(&c, &b0), 0);
	assert_int_equal(cursor_get_u8(&c, &b1), 0);
	assert_int_equal(b0, 0x80);
	assert_int_equal(b1, 9 + 9 + 16);
	assert_int_equal(cursor_get_u8(&c, &type), 0);
	assert_int_equal(type, 1);
	assert_int_equal(cursor_get_u16(&c, &u16), 0);
	assert_int_equal(u16, 0x0002);
	assert_int_equal(cursor_get_u16(&c, &u16), 0);
	assert_int_equal(u16, 9);
	assert_int_equal(cursor_get_u16(&c, &u16), 0);
	assert_int_equal(u16, 0);    /* session id */
	assert_int_equal(cursor_get_u16(&c, &u16), 0);
	assert_int_equal(u16, 16);   /* challenge */
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(cursor_get_u8(&c, &hi), 0);
		assert_int_equal(cursor_get_u16(&c, &lo), 0);
		assert_int_equal((uint32_t)hi << 16 | lo, specs[i]);
	}
	assert_int_equal(cursor_len(&c), 16);

	h.n_ssl2_suites = 0;
	assert_int_equal(tls_hello_build(&h, out, sizeof out), -1);
}

/* The uncompressed generator of `nid`, from OpenSSL, to check the hard-coded ones. */
static size_t openssl_generator(int nid, uint8_t *out, size_t cap)
{
	EC_GROUP *g = EC_GROUP_new_by_curve_name(nid);
	size_t n;
	assert_non_null(g);
	n = EC_POINT_point2oct(g, EC_GROUP_get0_generator(g), POINT_CONVERSION_UNCOMPRESSED, out, cap,
	                       NULL);
	EC_GROUP_free(g);
	return n;
}

static void test_hello_tls13_key_shares_and_session_id(void **state)
{
	static const uint16_t suites13[] = { 0x1301, 0x1302, 0x1303 };
	static const uint16_t versions[] = { 0x0304 };
	/* ffdhe2048 (256) has no buildable share and is skipped */
	static const uint16_t shares[] = { 29, 256, 23, 24, 25, 30 };
	static const int nids[] = { 0, 0, NID_X9_62_prime256v1, NID_secp384r1, NID_secp521r1, 0 };
	static const size_t lens[] = { 32, 0, 65, 97, 133, 56 };
	uint8_t out[TLS_HELLO_MAX], gen[200];
	struct tls_hello h = {
		.version = 0x0303, .suites = suites13, .n_suites = 3, .versions = versions, .n_versions = 1,
		.key_shares = shares, .n_key_shares = 6, .groups = shares, .n_groups = 6,
		.sigalgs = sigalgs, .n_sigalgs = 3,
	};
	struct parsed_hello ph;
	struct cursor c, list, kx;
	uint8_t u8;
	uint16_t u16;
	int n;
	(void)state;

	n = tls_hello_build(&h, out, sizeof out);
	assert_true(n > 0);
	parse_hello(out, (size_t)n, &ph);
	assert_int_equal(ph.version, 0x0303);
	assert_int_equal(ph.session_id_len, 32);
	c = *find_ext(&ph, 43);
	assert_int_equal(cursor_get_u8(&c, &u8), 0);
	assert_int_equal(u8, 2);
	assert_int_equal(cursor_get_u16(&c, &u16), 0);
	assert_int_equal(u16, 0x0304);

	c = *find_ext(&ph, 51);
	assert_int_equal(cursor_get_u16_prefixed(&c, &list), 0);
	assert_int_equal(cursor_len(&c), 0);
	for (size_t i = 0; i < 6; i++) {
		if (lens[i] == 0)
			continue;
		assert_int_equal(cursor_get_u16(&list, &u16), 0);
		assert_int_equal(u16, shares[i]);
		assert_int_equal(cursor_get_u16_prefixed(&list, &kx), 0);
		assert_int_equal(cursor_len(&kx), lens[i]);
		if (nids[i]) {
			size_t gn = openssl_generator(nids[i], gen, sizeof gen);
			assert_int_equal(gn, lens[i]);
			assert_memory_equal(cursor_data(&kx), gen, gn);
		}
	}
	assert_int_equal(cursor_len(&list), 0);
}

static void test_hello_sigalgs_only_for_tls12(void **state)
{
	uint8_t out[TLS_HELLO_MAX];
	struct parsed_hello ph;
	struct tls_hello h = { .version = 0x0301, .suites = suites12, .n_suites = 4,
	                       .sigalgs = sigalgs, .n_sigalgs = 3, .groups = groups, .n_groups = 3 };
	int n;
	(void)state;
	n = tls_hello_build(&h, out, sizeof out);
	assert_true(n > 0);
	parse_hello(out, (size_t)n, &ph);
	assert_int_equal(ph.version, 0x0301);
	assert_null(find_ext(&ph, 13));
	assert_non_null(find_ext(&ph, 10));
	assert_int_equal(ph.session_id_len, 0);
}

static void test_hello_ssl3_without_extensions(void **state)
{
	uint8_t out[TLS_HELLO_MAX];
	struct parsed_hello ph;
	struct tls_hello h = { .version = 0x0300, .suites = suites12, .n_suites = 4, .sni = "a.nl",
	                       .no_extensions = true, .reneg_info = true };
	int n;
	(void)state;
	n = tls_hello_build(&h, out, sizeof out);
	assert_true(n > 0);
	parse_hello(out, (size_t)n, &ph);
	assert_int_equal(ph.rec_version, 0x0300);
	assert_int_equal(ph.version, 0x0300);
	assert_false(ph.has_ext_block);

	/* no extension asked for: no empty block either */
	h.no_extensions = false;
	h.sni = NULL;
	h.reneg_info = false;
	n = tls_hello_build(&h, out, sizeof out);
	parse_hello(out, (size_t)n, &ph);
	assert_false(ph.has_ext_block);

	h.record_version = 0x0301;
	n = tls_hello_build(&h, out, sizeof out);
	parse_hello(out, (size_t)n, &ph);
	assert_int_equal(ph.rec_version, 0x0301);
}

static void test_hello_padding_to_512(void **state)
{
	uint16_t many[110];
	uint8_t out[TLS_HELLO_MAX];
	struct parsed_hello ph;
	(void)state;
	for (size_t i = 0; i < 110; i++)
		many[i] = (uint16_t)(0xc000 + i);
	/* every suite count giving a hello of 256..511 bytes comes out at 512 (or just above,
	 * when there is no room for the 4-byte padding header) */
	for (size_t k = 1; k <= 110; k++) {
		struct tls_hello h = { .version = 0x0303, .suites = many, .n_suites = k, .sni = "example.nl",
		                       .ems = true, .padding = true };
		struct tls_hello nopad = h;
		int n, m;
		nopad.padding = false;
		n = tls_hello_build(&h, out, sizeof out);
		assert_true(n > 0);
		parse_hello(out, (size_t)n, &ph);
		m = tls_hello_build(&nopad, out, sizeof out);
		if (m - 5 >= 256 && m - 5 < 512) {
			assert_non_null(find_ext(&ph, 21));
			assert_true(ph.hs_len >= 512 && ph.hs_len <= 516);
			if (m - 5 <= 512 - 5)
				assert_int_equal(ph.hs_len, 512);
		} else {
			assert_null(find_ext(&ph, 21));
			assert_int_equal(n, m);
		}
	}
}

static void test_hello_does_not_fit_is_error(void **state)
{
	uint8_t out[TLS_HELLO_MAX];
	struct tls_hello h = { .version = 0x0303, .suites = suites12, .n_suites = 4, .sni = "example.nl" };
	int n;
	(void)state;
	n = tls_hello_build(&h, out, sizeof out);
	assert_true(n > 0);
	assert_int_equal(tls_hello_build(&h, out, (size_t)n), n);
	assert_int_equal(tls_hello_build(&h, out, (size_t)n - 1), -1);
	assert_int_equal(tls_hello_build(&h, out, 0), -1);
	h.version = 0x0304;   /* TLS 1.3 is legacy_version 0x0303 + supported_versions */
	assert_int_equal(tls_hello_build(&h, out, sizeof out), -1);
	h.version = 0x0303;
	h.n_suites = 0;
	assert_int_equal(tls_hello_build(&h, out, sizeof out), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flight_tls12_full_flight_in_one_record),
		cmocka_unit_test(test_flight_records_split_byte_by_byte),
		cmocka_unit_test(test_flight_messages_split_across_small_records),
		cmocka_unit_test(test_flight_coalesced_records_one_message_each),
		cmocka_unit_test(test_flight_truncated_is_more_not_error),
		cmocka_unit_test(test_flight_bytes_after_done_ignored),
		cmocka_unit_test(test_flight_tls13_serverhello_done),
		cmocka_unit_test(test_flight_hrr_selected_group),
		cmocka_unit_test(test_flight_dhe_prime_and_generator),
		cmocka_unit_test(test_flight_ske_kind_sniffed_for_unknown_suite),
		cmocka_unit_test(test_flight_dhe_tls10_has_no_sigalg),
		cmocka_unit_test(test_flight_dhe_prime_over_8192_bits_is_error),
		cmocka_unit_test(test_flight_alert),
		cmocka_unit_test(test_flight_alert_after_serverhello),
		cmocka_unit_test(test_flight_garbage_is_error),
		cmocka_unit_test(test_flight_malformed_serverhello_is_error),
		cmocka_unit_test(test_flight_out_of_order_is_error),
		cmocka_unit_test(test_flight_oversized_message_is_error),
		cmocka_unit_test(test_flight_whole_flight_over_256k_is_error),
		cmocka_unit_test(test_flight_certs_beyond_max_not_kept),
		cmocka_unit_test(test_flight_serverhello_without_extensions),
		cmocka_unit_test(test_flight_ssl2_server_hello),
		cmocka_unit_test(test_flight_ssl2_error_is_alert),
		cmocka_unit_test(test_flight_ssl2_hello_answered_with_tls),
		cmocka_unit_test(test_hello_tls12_roundtrip),
		cmocka_unit_test(test_hello_sni_omitted_for_ip_literal),
		cmocka_unit_test(test_hello_ssl2_format),
		cmocka_unit_test(test_hello_tls13_key_shares_and_session_id),
		cmocka_unit_test(test_hello_sigalgs_only_for_tls12),
		cmocka_unit_test(test_hello_ssl3_without_extensions),
		cmocka_unit_test(test_hello_padding_to_512),
		cmocka_unit_test(test_hello_does_not_fit_is_error),
		cmocka_unit_test(test_hello_x25519_share_bit_255_clear),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
