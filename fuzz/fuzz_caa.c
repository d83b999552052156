/*
 * fuzz_caa.c -- libFuzzer target for caa_evaluate_records and caa_evaluate
 * (STYLE rule 10, spec §3.3.7).
 *
 * The input is a sequence of CAA records, each
 *   flags (1 byte), tag length (1), tag, value length (1), value
 * (a record cut short takes what is left as its value). Each record is turned
 * into wire rdata in an exact-size heap buffer and parsed by dns_rr_parse, as
 * the resolver does, so the evaluation sees what it sees in production (tags
 * with \DDD escapes, NUL-terminated values). Up to 110 records, to cross the
 * 100-record limit. The outcome and the JSON details are checked for
 * consistency: every message must survive into valid JSON (UTF-8).
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_DEFAULT_SOURCE -Isrc \
 *     fuzz/fuzz_caa.c build/libinetcheck.a $(pkg-config --libs jansson libunbound ...) -o fuzz_caa
 *   without libFuzzer: link fuzz/driver.c and pass seed files as arguments.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/caa.h"
#include "core/cursor.h"
#include "report/score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_RECORDS_MAX 110

/* Next record from `in` into `rr`; -1 at the end of the input. */
static int next_record(struct cursor *in, struct dns_rr *rr)
{
	struct cursor tag, value;
	uint8_t flags;
	uint8_t *rdata;
	size_t len;
	int rc;

	if (cursor_get_u8(in, &flags) < 0 || cursor_get_u8_prefixed(in, &tag) < 0)
		return -1;
	if (cursor_get_u8_prefixed(in, &value) < 0)
		cursor_get_bytes(in, &value, cursor_len(in));   /* cut short: the rest */
	len = 2 + cursor_len(&tag) + cursor_len(&value);
	rdata = malloc(len);
	if (!rdata)
		return -1;
	rdata[0] = flags;
	rdata[1] = (uint8_t)cursor_len(&tag);
	cursor_copy(&tag, rdata + 2, cursor_len(&tag));
	cursor_copy(&value, rdata + 2 + rdata[1], cursor_len(&value));
	rc = dns_rr_parse(DNS_TYPE_CAA, rdata, len, rr);
	free(rdata);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_rr rrs[FUZZ_RECORDS_MAX];
	struct caa_result *res = calloc(1, sizeof(*res));
	struct cursor in;
	struct report r;
	json_t *details;
	size_t n = 0;

	if (!res)
		return 0;
	cursor_init(&in, data, size);
	while (n < FUZZ_RECORDS_MAX && cursor_len(&in) > 0)
		if (next_record(&in, &rrs[n]) == 0)
			n++;

	snprintf(res->found_on, sizeof(res->found_on), "example.nl");
	caa_evaluate_records(rrs, n, res);

	/* the contract: at most 100 records, an outcome that matches the messages */
	if (res->n_records > CAA_RECORDS_MAX || res->n_records != (n < CAA_RECORDS_MAX ? n : CAA_RECORDS_MAX))
		abort();
	if (res->enabled != (n > 0) || res->n_errors > CAA_MSGS_MAX)
		abort();
	if ((res->outcome == CAA_OUT_GOOD) != (n > 0 && res->n_errors == 0))
		abort();
	for (size_t i = 0; i < res->n_records; i++)
		if (strnlen(res->records[i], sizeof(res->records[i])) == sizeof(res->records[i]))
			abort();
	for (size_t i = 0; i < res->n_errors; i++)
		if (!res->errors[i].msgid ||
		    strnlen(res->errors[i].context, sizeof(res->errors[i].context)) == sizeof(res->errors[i].context))
			abort();

	details = json_object();
	report_init(&r, TEST_WEB, "example.nl");
	caa_evaluate(res, SUB_WEB_HTTPS_TLS_CAA, &r, details);
	score_report(&r);
	/* a message whose text is not valid UTF-8 would be dropped by jansson */
	if (json_array_size(json_object_get(details, "caa_errors")) != res->n_errors ||
	    json_array_size(json_object_get(details, "caa_records")) != res->n_records)
		abort();
	for (size_t i = 0; i < res->n_errors; i++) {
		json_t *ctx = json_object_get(json_array_get(json_object_get(details, "caa_errors"), i), "context");
		if (!json_is_object(ctx) || json_object_size(ctx) == 0)
			abort();
	}
	char *dump = json_dumps(details, 0);
	if (!dump)
		abort();
	free(dump);
	report_release(&r);
	json_decref(details);

	for (size_t i = 0; i < n; i++)
		dns_rr_free(&rrs[i]);
	free(res);
	return 0;
}
