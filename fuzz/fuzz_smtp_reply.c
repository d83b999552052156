/*
 * fuzz_smtp_reply.c -- libFuzzer target for the SMTP reply parser (tls/smtp.h).
 *
 * The input is what a server sends during the STARTTLS dialogue. It is parsed
 * as a stream of replies (parse, advance by *used) once with all bytes at hand,
 * and then as conn.c sees it: the bytes arrive in pieces, each time the parser
 * gets everything received since the previous reply. Pieces are one byte each
 * (inputs up to 512 bytes) and of sizes 1..64 taken from the input's own bytes
 * (times 1 + size / 512, so long inputs stay quick). All runs must give the same
 * replies (code, STARTTLS, lines, length) and end alike (incomplete, or the same
 * error).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cursor.h"
#include "tls/smtp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define OUTCOMES_MAX 64

struct outcome {
	size_t n;                          /* complete replies, at most OUTCOMES_MAX kept */
	struct smtp_reply r[OUTCOMES_MAX];
	size_t used[OUTCOMES_MAX];
	int end;                           /* 0 incomplete, -1 error */
	char why[128];
};

static bool same_reply(const struct smtp_reply *a, const struct smtp_reply *b)
{
	return a->code == b->code && a->starttls == b->starttls && a->lines == b->lines;
}

/* Record a complete reply and check what the parser promises about it. */
static void record(struct outcome *o, const struct cursor *at, const struct smtp_reply *r,
                   size_t used)
{
	struct cursor reply = *at, last;
	struct smtp_reply again;
	size_t used_again;
	uint8_t lf;
	char why[128];

	if (used == 0 || used > cursor_len(at) || r->lines == 0 || r->lines > SMTP_LINES_MAX ||
	    r->code < 0 || r->code > 999)
		abort();
	/* the reply ends in LF and is self-delimiting: exactly its bytes parse alike */
	if (cursor_get_bytes(&reply, &last, used) < 0 || cursor_skip(&last, used - 1) < 0 ||
	    cursor_get_u8(&last, &lf) < 0 || lf != '\n')
		abort();
	if (smtp_reply_parse(cursor_data(at), used, &again, &used_again, why, sizeof why) != 1 ||
	    used_again != used || !same_reply(&again, r))
		abort();
	if (o->n < OUTCOMES_MAX) {
		o->r[o->n] = *r;
		o->used[o->n] = used;
	}
	o->n++;
}

static void finish(struct outcome *o, int end, const char *why)
{
	o->end = end;
	if (end < 0 && why[0] == '\0')
		abort();
	snprintf(o->why, sizeof o->why, "%s", end < 0 ? why : "");
}

/* All bytes at once: parse replies until the rest is incomplete or wrong. */
static void run_whole(const uint8_t *data, size_t size, struct outcome *o)
{
	struct cursor in;
	char why[128];

	memset(o, 0, sizeof *o);
	cursor_init(&in, data, size);
	for (;;) {
		struct smtp_reply r;
		size_t used;
		int got = smtp_reply_parse(cursor_data(&in), cursor_len(&in), &r, &used, why,
		                           sizeof why);
		if (got <= 0) {
			finish(o, got, why);
			return;
		}
		record(o, &in, &r, used);
		if (cursor_skip(&in, used) < 0)
			abort();
	}
}

/* Bytes arrive in pieces: `step` (0: from the input) bytes more each time. Like conn.c,
 * the parser sees the received bytes from the start of the current reply. */
static void run_pieces(const uint8_t *data, size_t size, size_t step, struct outcome *o)
{
	struct cursor in, seen, sizes;
	size_t avail = 0;
	char why[128];

	memset(o, 0, sizeof *o);
	cursor_init(&in, data, size);
	cursor_init(&seen, data, 0);
	cursor_init(&sizes, data, size);
	for (;;) {
		struct smtp_reply r;
		size_t used;
		int got = smtp_reply_parse(cursor_data(&seen), cursor_len(&seen), &r, &used, why,
		                           sizeof why);
		if (got < 0) {
			finish(o, got, why);
			return;
		}
		if (got > 0) {
			record(o, &seen, &r, used);
			if (cursor_skip(&seen, used) < 0 || cursor_skip(&in, used) < 0)
				abort();
			avail -= used;
			continue;
		}
		if (avail == cursor_len(&in)) {
			finish(o, 0, why);
			return;
		}
		size_t more = step;
		if (more == 0) {   /* longer inputs in longer pieces, so one run stays short */
			uint8_t b;
			if (cursor_get_u8(&sizes, &b) < 0) {
				cursor_init(&sizes, data, size);
				(void)cursor_get_u8(&sizes, &b);
			}
			more = ((size_t)b % 64 + 1) * (1 + size / 512);
		}
		if (more > cursor_len(&in) - avail)
			more = cursor_len(&in) - avail;
		avail += more;
		cursor_init(&seen, cursor_data(&in), avail);
	}
}

static void compare(const struct outcome *a, const struct outcome *b)
{
	size_t kept = a->n < OUTCOMES_MAX ? a->n : OUTCOMES_MAX;

	if (a->n != b->n || a->end != b->end || strcmp(a->why, b->why) != 0)
		abort();
	for (size_t i = 0; i < kept; i++)
		if (a->used[i] != b->used[i] || !same_reply(&a->r[i], &b->r[i]))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct outcome whole, pieces;

	if (size == 0)
		return 0;
	run_whole(data, size, &whole);
	if (size <= 512) {
		run_pieces(data, size, 1, &pieces);
		compare(&whole, &pieces);
	}
	run_pieces(data, size, 0, &pieces);
	compare(&whole, &pieces);
	return 0;
}
