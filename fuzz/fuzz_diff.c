/*
 * fuzz_diff.c -- libFuzzer target for `inetcheck diff` and --baseline (report/diff.h):
 * the bytes are two documents a user gave, OLD and NEW, split at the first NUL (no NUL:
 * the document compared with itself). Whatever they hold, diff_compute accepts or
 * refuses with a reason; a document compared with itself has no change; every output
 * renders.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/result.h"
#include "report/diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t old_len = nul != NULL ? (size_t)(nul - data) : size;
	json_t *old_doc = json_loadb((const char *)data, old_len, 0, NULL);
	json_t *new_doc = nul != NULL ? json_loadb((const char *)nul + 1, size - old_len - 1, 0, NULL)
	                              : json_incref(old_doc);
	struct error err = {{0}};
	struct diff d;
	FILE *out = fopen("/dev/null", "w");

	if (old_doc != NULL && new_doc != NULL && out != NULL) {
		if (diff_compute(old_doc, new_doc, "old", "new", &d, &err) == 0) {
			assert(d.n_tests <= SUB_COUNT && d.n_categories <= 5);
			if (old_doc == new_doc)
				assert(diff_empty(&d) && !diff_worse(&d));
			render_diff_text(&d, out);
			render_diff_markdown(&d, out);
			json_t *j = render_diff_json(&d);
			assert(j != NULL);
			json_decref(j);
			diff_free(&d);
		} else {
			assert(err.msg[0] != '\0');
		}
	}
	if (out != NULL)
		fclose(out);
	json_decref(old_doc);
	json_decref(new_doc);
	return 0;
}
