/*
 * fuzz_spf.c -- libFuzzer target for the SPF grammar and policy walk (STYLE rule 10).
 *
 * The input is one record (a NUL is appended; bytes after an embedded NUL are
 * ignored, as a C string). It is parsed, selected, matched against the
 * non-sending pattern and walked with a lookup that serves the same input
 * for every include/redirect target, so the walk's recursion and budget are
 * exercised too.
 *
 *   clang -g -fsanitize=fuzzer,address,undefined -D_DEFAULT_SOURCE -Isrc \
 *     fuzz/fuzz_spf.c src/checks/spf.c -o fuzz_spf
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/spf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int self_lookup(void *ctx, const char *name, struct txt_set *out)
{
	(void)name;
	return txt_set_add(out, ctx) == 0 ? DNS_LOOKUP_OK : DNS_LOOKUP_ERROR;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *record = malloc(size + 1);
	struct spf_record rec;
	struct spf_policy policy;
	struct txt_set set = { NULL, 0, 0 };

	if (!record)
		return 0;
	memcpy(record, data, size);
	record[size] = '\0';
	if (spf_record_parse(record, &rec) == 0) {
		for (size_t i = 0; i < rec.n_terms; i++)
			if (rec.terms[i].off + rec.terms[i].len > size
			    || rec.terms[i].target_off + rec.terms[i].target_len > size)
				abort();
		spf_record_free(&rec);
	}
	(void)spf_matches_non_sending_pattern(record);
	(void)txt_set_add(&set, record);
	(void)spf_select_record(&set);
	txt_set_clear(&set);
	if (spf_policy_evaluate("fuzz.example", record, self_lookup, record, &policy) == 0)
		spf_policy_free(&policy);
	free(record);
	return 0;
}
