/*
 * fuzz_tls_flight.c -- libFuzzer target for the server-flight parser (tls/wire.h).
 *
 * The first input byte picks the mode and how the rest is cut up: odd means an
 * SSL 2.0 hello was sent (tls_flight_init_ssl2), and the other bits a chunk
 * size. The rest is fed once whole and once in chunks of that size; both runs
 * must end in the same state, so record and message reassembly is fuzzed too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cursor.h"
#include "tls/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void start(struct tls_flight *f, bool ssl2)
{
	if (ssl2)
		tls_flight_init_ssl2(f);
	else
		tls_flight_init(f);
}

/* Both parses saw the same bytes; anything they report must agree. */
static void compare(const struct tls_flight *a, const struct tls_flight *b)
{
	if (a->status != b->status || strcmp(a->error, b->error) != 0 ||
	    memcmp(&a->sh, &b->sh, sizeof a->sh) != 0 || memcmp(&a->ske, &b->ske, sizeof a->ske) != 0 ||
	    a->n_certs != b->n_certs || a->alert != b->alert || a->alert_desc != b->alert_desc ||
	    a->hello_done != b->hello_done || a->cert_status != b->cert_status ||
	    a->cert_request != b->cert_request)
		abort();
	for (size_t i = 0; i < a->n_certs; i++)
		if (a->cert_len[i] != b->cert_len[i] ||
		    memcmp(a->cert_der[i], b->cert_der[i], a->cert_len[i]) != 0)
			abort();
	if (a->status == TLS_FLIGHT_ERROR && a->error[0] == '\0')
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tls_flight whole, pieces;
	struct cursor in, rest;
	uint8_t mode;
	size_t chunk;
	bool ssl2;

	cursor_init(&in, data, size);
	if (cursor_get_u8(&in, &mode) < 0)
		return 0;
	ssl2 = mode & 1;
	chunk = (size_t)(mode >> 1) % 32 + 1;   /* 1..32 bytes */

	start(&whole, ssl2);
	tls_flight_feed(&whole, cursor_data(&in), cursor_len(&in));

	start(&pieces, ssl2);
	rest = in;
	while (cursor_len(&rest) > 0) {
		struct cursor piece;
		size_t n = cursor_len(&rest) < chunk ? cursor_len(&rest) : chunk;
		(void)cursor_get_bytes(&rest, &piece, n);
		tls_flight_feed(&pieces, cursor_data(&piece), cursor_len(&piece));
	}
	compare(&whole, &pieces);

	tls_flight_release(&whole);
	tls_flight_release(&pieces);
	return 0;
}
