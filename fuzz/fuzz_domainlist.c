/*
 * fuzz_domainlist.c -- libFuzzer target for the batch list reader
 * (engine/domainlist.h): the bytes are a list file. Read as web and as mail, every
 * entry must be one of the documented kinds, a domain must be a valid A-label (what
 * a single test would test), line numbers only grow, and the counters add up.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/domain.h"
#include "engine/domainlist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (int mail = 0; mail < 2; mail++) {
		FILE *f = size ? fmemopen((void *)data, size, "r") : fopen("/dev/null", "r");
		struct domainlist l;
		char domain[256], why[300];
		enum domainlist_entry e;
		unsigned long last_line = 0, domains = 0;

		if (!f)
			return 0;
		domainlist_init(&l, f, mail);
		while ((e = domainlist_next(&l, domain, why, sizeof(why))) != DOMAINLIST_END) {
			assert(e == DOMAINLIST_DOMAIN || e == DOMAINLIST_INVALID ||
			       e == DOMAINLIST_DUPLICATE || e == DOMAINLIST_ERROR);
			assert(l.line >= last_line);
			last_line = l.line;
			if (e == DOMAINLIST_ERROR)
				break;
			if (e == DOMAINLIST_DOMAIN) {
				assert(domain_is_valid(domain));
				domains++;
			}
			if (e == DOMAINLIST_INVALID)
				assert(why[0] != '\0' && strchr(why, '\n') == NULL);
		}
		assert(domains + l.invalid + l.duplicates + l.blank <= l.line);
		domainlist_free(&l);
		fclose(f);
	}
	return 0;
}
