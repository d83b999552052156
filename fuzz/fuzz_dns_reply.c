/*
 * fuzz_dns_reply.c -- libFuzzer target for dns_reply_matches (STYLE rule 10).
 *
 * The query is fixed (NS example.nl); its ID is taken from the input's first
 * two bytes so the fuzzer gets past the ID check at once.
 *
 *   clang -g -fsanitize=fuzzer,address,undefined -D_DEFAULT_SOURCE -Isrc \
 *     fuzz/fuzz_dns_reply.c src/net/probe.c src/net/guard.c src/core/cursor.c \
 *     src/core/deadline.c -o fuzz_dns_reply
 *   without libFuzzer: add -DFUZZ_STANDALONE_MAIN and pass files as arguments.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/cursor.h"
#include "net/probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t query[DNS_QUERY_MAX];
	struct cursor c;
	uint16_t id = 0;
	bool tc = false;
	int qlen;

	cursor_init(&c, data, size);
	(void)cursor_get_u16(&c, &id);
	qlen = dns_query_build(query, sizeof(query), "example.nl", DNS_TYPE_NS, id);
	if (qlen < 0)
		abort();
	(void)dns_reply_matches(data, size, query, (size_t)qlen, &tc);
	return 0;
}

#ifdef FUZZ_STANDALONE_MAIN
int main(int argc, char **argv)
{
	static uint8_t buf[65536];

	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		size_t n;
		if (!f) {
			perror(argv[i]);
			return 1;
		}
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
	}
	return 0;
}
#endif
