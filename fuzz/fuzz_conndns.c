/*
 * fuzz_conndns.c -- libFuzzer target for conndns_answer (STYLE rule 10): the query
 * parser and answer builder of the connection test's DNS responder.
 *
 * The responder is made once, without sockets, for base domain example.nl with a
 * fresh key (written to a temporary file, loaded, removed). The input's first byte
 * picks TCP or UDP and the output buffer size; the rest is the DNS message. Every
 * answer must be a well-formed message that fits the buffer and the transport's
 * limit, echo the ID, have QR set and walk cleanly to its end.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/cursor.h"
#include "core/error.h"
#include "server/conndns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct conndns *responder(void)
{
	static struct conndns *d;
	struct error err = { "" };
	char path[64];
	struct conndns_config c = { .base = "example.nl", .answer_v4 = "192.0.2.10",
	                            .answer_v6 = "2001:db8::10" };

	if (d)
		return d;
	snprintf(path, sizeof(path), "/tmp/fuzz_conndns.%ld.pem", (long)getpid());
	unlink(path);
	c.key_file = path;
	if (conndns_key_create(path, &err) < 0 || !(d = conndns_start(&c, &err))) {
		fprintf(stderr, "fuzz_conndns: %s\n", err.msg);
		abort();
	}
	unlink(path);
	return d;
}

static bool skip_name(struct cursor *c)
{
	for (;;) {
		uint8_t l;
		if (cursor_get_u8(c, &l) < 0)
			return false;
		if (l == 0)
			return true;
		if ((l & 0xc0) == 0xc0)
			return cursor_skip(c, 1) == 0;
		if (l > 63 || cursor_skip(c, l) < 0)
			return false;
	}
}

/* The answer walks: header, question(s), every record, nothing left over. */
static void check_answer(const uint8_t *a, size_t n, const uint8_t *q, size_t qlen)
{
	struct cursor c, qc;
	uint16_t id, flags, count[4], qid;

	cursor_init(&c, a, n);
	cursor_init(&qc, q, qlen);
	for (int i = 0; i < 4; i++)
		count[i] = 0;
	if (cursor_get_u16(&c, &id) < 0 || cursor_get_u16(&c, &flags) < 0 ||
	    cursor_get_u16(&qc, &qid) < 0 || id != qid || !(flags & 0x8000))
		abort();
	for (int i = 0; i < 4; i++)
		if (cursor_get_u16(&c, &count[i]) < 0)
			abort();
	if (count[0] > 1)
		abort();
	for (int i = 0; i < count[0]; i++)
		if (!skip_name(&c) || cursor_skip(&c, 4) < 0)
			abort();
	for (int i = 0; i < count[1] + count[2] + count[3]; i++) {
		struct cursor rd;
		if (!skip_name(&c) || cursor_skip(&c, 8) < 0 || cursor_get_u16_prefixed(&c, &rd) < 0)
			abort();
	}
	if (cursor_len(&c) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t caps[4] = { 11, 512, 1232, 65535 };
	static uint8_t out[65535];
	struct conndns *d = responder();
	struct cursor c;
	uint8_t mode = 0;
	bool tcp;
	size_t cap, n;

	cursor_init(&c, data, size);
	if (cursor_get_u8(&c, &mode) < 0)
		return 0;
	tcp = mode & 1;
	cap = caps[(mode >> 1) & 3];
	n = conndns_answer(d, cursor_data(&c), cursor_len(&c), NULL, tcp, out, cap);
	if (n == 0)
		return 0;
	if (n > cap || n < 12 || (!tcp && n > 1232))
		abort();
	check_answer(out, n, cursor_data(&c), cursor_len(&c));
	return 0;
}
