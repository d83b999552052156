/*
 * fuzz_override.c -- libFuzzer target for the --resolve parser (issue 21, dns/overlay.h).
 *
 * The input is one option value (a NUL is appended; bytes after an embedded NUL are
 * ignored). A value that parses is looked up by its own name and turned into libcurl
 * resolve entries, whose length must stay inside their buffers.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns/overlay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *spec = malloc(size + 1);
	struct dns_override o;
	struct error err = {{0}};
	char entries[4][600];
	size_t n = 0;

	if (!spec)
		return 0;
	memcpy(spec, data, size);
	spec[size] = '\0';
	if (dns_override_parse(spec, &o, &err) == 0) {
		if (dns_override_find(&o, 1, o.name, o.port) != &o || o.n4 + o.n6 == 0 ||
		    o.n4 + o.n6 > DNS_OVERRIDE_ADDRS)
			abort();
		if (dns_override_curl_entries(&o, entries, 4, &n) < 0 || n == 0 || n > 2)
			abort();
		for (size_t i = 0; i < n; i++)
			if (memchr(entries[i], '\0', sizeof(entries[i])) == NULL)
				abort();
	} else if (err.msg[0] == '\0') {
		abort();   /* a refusal always says why */
	}
	free(spec);
	return 0;
}
