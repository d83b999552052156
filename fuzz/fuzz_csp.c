/*
 * fuzz_csp.c -- libFuzzer target for the Content-Security-Policy evaluation
 * (spec §3.4.1, STYLE rule 10).
 *
 * The input is "<domain>\n<header value>": the domain ends at the first
 * newline or NUL, the header value is the rest (up to a further NUL, as a C
 * string). The result is checked for its invariants: good iff found without
 * failures, failures are known msgids in table order without repeats, and an
 * empty header is absent.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_DEFAULT_SOURCE -Isrc \
 *     fuzz/fuzz_csp.c src/checks/csp.c -o /tmp/fuzz_csp
 */
#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "checks/csp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* internet.nl's order of failure msgids */
static const char *const msgids[] = {
	"has-unsafe-inline", "has-unsafe-eval", "has-http", "has-bare-https",
	"has-host-without-scheme", "has-data", "has-invalid-host", "has-unsafe-hashes",
	"missing-invalid-default-src", "missing-invalid-frame-src", "missing-invalid-frame-ancestors",
	"missing-invalid-base-uri", "missing-invalid-form-action",
};

#define N_MSGIDS (sizeof(msgids) / sizeof(msgids[0]))

static void check_result(const char *header, const struct csp_result *r)
{
	size_t next = 0;

	if (r->found != (header && header[0]))
		abort();
	if (r->good != (r->found && r->n_failures == 0))
		abort();
	if (r->n_failures > N_MSGIDS)
		abort();
	for (size_t i = 0; i < r->n_failures; i++) {
		size_t k = next;
		if (!r->failures[i])
			abort();
		while (k < N_MSGIDS && strcmp(msgids[k], r->failures[i]) != 0)
			k++;
		if (k == N_MSGIDS)
			abort(); /* unknown, repeated or out of order */
		next = k + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	const char *domain, *header;
	struct csp_result r1, r2;
	size_t cut = 0;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	while (cut < size && buf[cut] != '\n' && buf[cut] != '\0')
		cut++;
	domain = buf;
	header = cut < size ? buf + cut + 1 : NULL;
	buf[cut] = '\0';

	csp_evaluate(header, domain, &r1);
	check_result(header, &r1);
	/* pure: the same input gives the same verdict */
	csp_evaluate(header, domain, &r2);
	if (r1.n_failures != r2.n_failures || r1.good != r2.good ||
	    memcmp(r1.failures, r2.failures, sizeof(r1.failures)) != 0)
		abort();
	/* and the header must also survive any tested name, including none */
	csp_evaluate(header, NULL, &r2);
	check_result(header, &r2);
	csp_evaluate(header, "", &r2);
	check_result(header, &r2);
	free(buf);
	return 0;
}
