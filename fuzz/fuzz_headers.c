/*
 * fuzz_headers.c -- libFuzzer target for the HTTP header rules (checks/headers.h,
 * STYLE rule 10).
 *
 * The first byte selects the evaluator (modulo 5): 0 HSTS, 1 redirect target,
 * 2 X-Frame-Options, 3 X-Content-Type-Options, 4 Referrer-Policy. The rest is
 * the header value or URL as a C string (a NUL is appended; bytes after an
 * embedded NUL are ignored). For the redirect rule the tested name is
 * "example.nl"; the results are checked for internal consistency.
 *
 *   clang -g -fsanitize=fuzzer,address,undefined -D_DEFAULT_SOURCE -Isrc \
 *     fuzz/fuzz_headers.c src/checks/headers.c -o fuzz_headers
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/headers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *value, msgid[64], big[512];
	long long age;
	enum hsts_state h;
	enum referrer_class rc;

	if (size == 0)
		return 0;
	value = malloc(size);
	if (!value)
		return 0;
	memcpy(value, data + 1, size - 1);
	value[size - 1] = '\0';
	switch (data[0] % 5) {
	case 0:
		h = hsts_evaluate(value, &age);
		if ((h == HSTS_GOOD && age < HSTS_MIN_MAX_AGE) || (h == HSTS_SHORT && age >= HSTS_MIN_MAX_AGE) ||
		    (h == HSTS_BAD && age != -1))
			abort();
		break;
	case 1:
		(void)redirect_target_good(value, "example.nl");
		break;
	case 2:
		(void)x_frame_options_good(value);
		break;
	case 3:
		(void)x_content_type_options_good(value);
		break;
	default:
		/* a small buffer (truncation) and a large one must agree */
		rc = referrer_policy_evaluate(value, msgid, sizeof(msgid));
		if (referrer_policy_evaluate(value, big, sizeof(big)) != rc ||
		    strncmp(msgid, big, sizeof(msgid) - 1) != 0)
			abort();
		if (rc == REFERRER_GOOD && big[0] != '\0')
			abort();
		(void)referrer_policy_evaluate(value, msgid, 0);
		break;
	}
	free(value);
	return 0;
}
