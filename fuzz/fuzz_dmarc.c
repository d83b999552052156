/*
 * fuzz_dmarc.c -- libFuzzer target for the DMARC grammar and rules (STYLE rule 10).
 *
 * The input is one record (a NUL is appended; bytes after an embedded NUL are
 * ignored). It is parsed, judged, matched against the non-sending patterns
 * and run through dmarc_check with a lookup that serves it for every name,
 * so report-host extraction and external authorisation run on it too.
 *
 *   clang -g -fsanitize=fuzzer,address,undefined -D_DEFAULT_SOURCE -Isrc \
 *     fuzz/fuzz_dmarc.c src/checks/dmarc.c src/checks/spf.c -lpsl -o fuzz_dmarc
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/dmarc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int self_lookup(void *ctx, const char *name, struct txt_set *out)
{
	(void)name;
	return txt_set_add(out, ctx) == 0 ? DNS_LOOKUP_OK : DNS_LOOKUP_ERROR;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *record = malloc(size + 1);
	struct dmarc_record rec;
	struct dmarc_result result;

	if (!record)
		return 0;
	memcpy(record, data, size);
	record[size] = '\0';
	if (dmarc_record_parse(record, &rec) == 0) {
		(void)dmarc_policy_sufficiency(&rec, true);
		(void)dmarc_policy_sufficiency(&rec, false);
		for (size_t i = 0; i < rec.n_hosts; i++)
			(void)dmarc_org_domain(NULL, rec.hosts[i]);
		dmarc_record_free(&rec);
	}
	(void)dmarc_matches_non_sending_pattern(record, true);
	(void)dmarc_matches_non_sending_pattern(record, false);
	if (dmarc_check("sub.fuzz.example.nl", NULL, self_lookup, record, &result) == 0)
		dmarc_result_free(&result);
	free(record);
	return 0;
}
