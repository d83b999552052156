/*
 * fuzz_dkimkey.c -- libFuzzer target for the DKIM key record grammar and rules
 * (STYLE rule 10).
 *
 * The input is one key record's text, copied to an exact-size heap buffer (no
 * NUL: the parser goes by length) so ASan sees any overread. It is parsed, its
 * key size taken, judged alone and as one of two selectors; everything parsed
 * is freed (LeakSanitizer sees any leak).
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_DEFAULT_SOURCE -Isrc \
 *     fuzz/fuzz_dkimkey.c src/checks/dkimkey.c src/report/catalog.c ... -lcrypto -ljansson
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/dkimkey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	struct dkimkey_record rec;
	char why[160];
	const char *verdict;
	json_t *d = NULL;

	if (!text)
		return 0;
	if (size)
		memcpy(text, data, size);
	if (dkimkey_record_parse(text, size, &rec, why, sizeof(why)) == 0) {
		enum dkimkey_encoding enc;
		int bits = dkimkey_key_bits(&rec, &enc, why, sizeof(why));
		if (bits == 0 || (bits > 0 && enc == DKIMKEY_ENC_NONE))
			abort();   /* a size always comes with its encoding */
		if (!rec.revoked && !rec.key)
			abort();
		dkimkey_record_free(&rec);
	} else if (strlen(why) == 0) {
		abort();   /* every failure says why */
	}
	(void)dkimkey_evaluate(text, size, &verdict, &d);
	if (!verdict)
		abort();
	json_decref(d);
	{
		struct dkimkey_selector sel[2] = { { "a", text, size }, { "b", NULL, 0 } };
		d = NULL;
		(void)dkimkey_evaluate_selectors(sel, 2, &verdict, &d);
		json_decref(d);
	}
	free(text);
	return 0;
}
