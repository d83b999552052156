/*
 * fuzz_tlsrpt.c -- libFuzzer target for the TLS-RPT record (RFC 8460 §3;
 * STYLE rule 10).
 *
 * The input is one TXT record (a NUL is appended; bytes after an embedded NUL
 * are ignored). It is parsed, each rua URI re-checked, judged alone and next
 * to a second record, evaluated to JSON, and checked as a bare URI.
 *
 *   clang -g -fsanitize=fuzzer,address,undefined -D_DEFAULT_SOURCE -Isrc \
 *     fuzz/fuzz_tlsrpt.c src/checks/tlsrpt.c src/checks/kvrecord.c src/checks/spf.c \
 *     -ljansson -o fuzz_tlsrpt
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/tlsrpt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *record = malloc(size + 1);
	struct tlsrpt_record rec;
	struct tlsrpt_result r;
	struct txt_set txt = { NULL, 0, 0 };
	const char *reason = NULL, *verdict;
	enum status status;
	json_t *details;

	if (!record)
		return 0;
	memcpy(record, data, size);
	record[size] = '\0';
	if (tlsrpt_record_parse(record, &rec, &reason) == 0) {
		if (rec.n_rua == 0)
			abort();   /* rua is required */
		for (size_t i = 0; i < rec.n_rua; i++)
			if (!tlsrpt_uri_is_valid(rec.rua[i]))
				abort();
		tlsrpt_record_free(&rec);
	} else if (!reason) {
		abort();
	}
	(void)tlsrpt_uri_is_valid(record);
	if (txt_set_add(&txt, record) == 0) {
		if (tlsrpt_judge(DNS_LOOKUP_OK, &txt, &r) == 0)
			tlsrpt_result_free(&r);
		if (tlsrpt_evaluate(DNS_LOOKUP_OK, &txt, &status, &verdict, &details) == 0)
			json_decref(details);
		if (txt_set_add(&txt, "v=TLSRPTv1; rua=mailto:a@example.com") == 0 &&
		    tlsrpt_judge(DNS_LOOKUP_OK, &txt, &r) == 0)
			tlsrpt_result_free(&r);
	}
	txt_set_clear(&txt);
	free(record);
	return 0;
}
