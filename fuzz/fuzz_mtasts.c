/*
 * fuzz_mtasts.c -- libFuzzer target for the MTA-STS parsers and rules
 * (RFC 8461; STYLE rule 10).
 *
 * The input is a policy body as served (any bytes, NULs included). It is
 * parsed with mtasts_policy_parse, judged through mtasts_fetch_judge and
 * mtasts_evaluate, and every parsed mx pattern is matched against names
 * derived from it. The input with a NUL appended (bytes after an embedded
 * NUL ignored) is also parsed as a _mta-sts TXT record, as a Content-Type
 * value and, split at its first LF, as an (mx pattern, MX name) pair.
 *
 *   clang -g -fsanitize=fuzzer,address,undefined -D_DEFAULT_SOURCE -Isrc \
 *     fuzz/fuzz_mtasts.c src/checks/mtasts.c src/checks/kvrecord.c src/checks/spf.c \
 *     src/core/cursor.c -ljansson -o fuzz_mtasts
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/mtasts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = { "mx.example.com", "a.b.example.com", "example.com",
	                             "MX.EXAMPLE.COM.", "" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *nl;
	struct mtasts_policy policy;
	struct mtasts_record rec;
	struct mtasts_fetch_facts fetch = {
		.outcome = MTASTS_HTTP_RESPONSE, .cert_valid = true, .http_status = 200,
		.content_type = "text/plain", .body = data, .body_len = size,
	};
	struct txt_set txt = { NULL, 0, 0 };
	/* the MX certificates (RFC 8461 s4.2) from the first bytes: every state mix */
	struct mtasts_mx_cert certs[sizeof(names) / sizeof(names[0])];
	struct mtasts_facts facts = {
		.txt_rc = DNS_LOOKUP_OK, .txt = &txt, .fetch = &fetch, .mx_known = true,
		.mx_names = names, .n_mx = sizeof(names) / sizeof(names[0]), .mx_cert = certs,
	};
	struct mtasts_judgement j;
	const char *reason = NULL;
	size_t line = 0;

	for (size_t i = 0; i < sizeof(certs) / sizeof(certs[0]); i++)
		certs[i] = (struct mtasts_mx_cert){ i < size ? (enum mtasts_mx_cert_state)(data[i] % 3)
		                                             : MTASTS_MX_CERT_UNKNOWN,
		                                    i < size && data[i] % 2 ? "hostname-mismatch" : NULL };
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	if (mtasts_policy_parse(data, size, &policy, &reason, &line) == 0) {
		if (policy.mode != MTASTS_MODE_NONE && policy.n_mx == 0)
			abort();
		if (policy.max_age > MTASTS_MAX_AGE_MAX)
			abort();
		for (size_t i = 0; i < policy.n_mx; i++) {
			/* a pattern matches itself, and its wildcard form matches "x." + suffix */
			if (policy.mx[i][0] != '*' && !mtasts_mx_matches(policy.mx[i], policy.mx[i]))
				abort();
			for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
				(void)mtasts_mx_matches(policy.mx[i], names[k]);
		}
		(void)mtasts_mx_not_covered(&policy, names, sizeof(names) / sizeof(names[0]), NULL);
		mtasts_policy_free(&policy);
	} else if (!reason || (line > size + 1)) {
		abort();
	}

	(void)mtasts_record_parse(text, &rec, &reason);
	(void)mtasts_content_type_ok(text);
	if (txt_set_add(&txt, "v=STSv1; id=fuzz") == 0 && mtasts_evaluate(&facts, &j) == 0)
		json_decref(j.details);
	txt_set_clear(&txt);
	if (txt_set_add(&txt, text) == 0) {
		(void)mtasts_select_record(&txt, NULL);
		if (mtasts_evaluate(&facts, &j) == 0)
			json_decref(j.details);
	}
	txt_set_clear(&txt);

	nl = strchr(text, '\n');
	if (nl) {
		*nl = '\0';
		(void)mtasts_mx_matches(text, nl + 1);
		(void)mtasts_mx_matches(nl + 1, text);
	}
	free(text);
	return 0;
}
