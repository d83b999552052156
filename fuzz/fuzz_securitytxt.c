/*
 * fuzz_securitytxt.c -- libFuzzer target for the security.txt parser (spec
 * §3.4.2, STYLE rule 10).
 *
 * The input is the file content as served (any bytes, NULs included), parsed
 * with a fixed final URL and a fixed `now` so runs are reproducible; the
 * message counts and codes are then checked for sanity. The Content-Type
 * check is fed the first line of the input as a header value too.
 *
 *   clang -g -fsanitize=fuzzer,address,undefined -D_DEFAULT_SOURCE -Isrc \
 *     fuzz/fuzz_securitytxt.c src/checks/securitytxt.c src/core/cursor.c ... -o fuzz_securitytxt
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/securitytxt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_URL "https://example.nl/.well-known/security.txt"
#define FUZZ_NOW ((time_t)1717200000)   /* 2024-06-01T00:00:00Z */

static void check_msgs(const struct sectxt_msg *arr, size_t n)
{
	if (n > SECTXT_MSGS_MAX)
		abort();
	for (size_t i = 0; i < n; i++)
		if (!arr[i].code || !arr[i].code[0] || arr[i].line < 0
		    || memchr(arr[i].context, '\0', sizeof(arr[i].context)) == NULL)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sectxt_result *res = calloc(1, sizeof(*res));
	char header[128];
	size_t n = 0;

	if (!res)
		return 0;
	/* the exact length, no terminator: the parser must stay within `size` */
	securitytxt_parse((const char *)data, size, FUZZ_URL, FUZZ_NOW, res);
	check_msgs(res->errors, res->n_errors);
	check_msgs(res->recommendations, res->n_recommendations);

	while (n < size && n + 1 < sizeof(header) && data[n] != '\n' && data[n] != '\0') {
		header[n] = (char)data[n];
		n++;
	}
	header[n] = '\0';
	memset(res, 0, sizeof(*res));
	(void)securitytxt_check_response(200, header, res);
	check_msgs(res->errors, res->n_errors);
	free(res);
	return 0;
}
