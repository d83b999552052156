/*
 * fuzz_certpool.c -- libFuzzer target for the web-PKI facts and rules (spec §8 item
 * 45): tls/certpool.c reading OpenSSL-parsed certificates, checks/webpki.c judging
 * them (STYLE rule 10).
 *
 * The input is up to four DER certificates back to back: the first is the leaf,
 * the others are served intermediates, and the last one is also put in the trust
 * store, so a path can end there. Whatever decodes is reduced to facts and
 * verified for two names and an IP; each token must be known.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_DEFAULT_SOURCE -Isrc \
 *     fuzz/fuzz_certpool.c build/libinetcheck.a $(pkg-config --libs openssl) -o fuzz_certpool
 *   without libFuzzer: link fuzz/driver.c and pass seed files as arguments.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "checks/webpki.h"
#include "tls/certpool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *names[] = { "www.example.nl", "example.com", "192.0.2.1" };
	STACK_OF(X509) *served = sk_X509_new_null();
	X509_STORE *store = X509_STORE_new();
	struct certpool *pool = calloc(1, sizeof(*pool));
	const unsigned char *p = data;
	X509 *last = NULL;

	if (served == NULL || store == NULL || pool == NULL)
		goto out;
	for (int i = 0; i < 4 && p < data + size; i++) {
		X509 *x = d2i_X509(NULL, &p, (long)(data + size - p));
		if (x == NULL)
			break;
		if (sk_X509_push(served, x) <= 0) {
			X509_free(x);
			break;
		}
		last = x;
	}
	if (last != NULL)
		X509_STORE_add_cert(store, last);
	if (certpool_build(pool, served, store) == 0) {
		for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
			struct webpki_result res;
			enum webpki_error e = webpki_verify(pool, names[i], 1780272000, 8, &res);
			if (strcmp(webpki_error_token(e), "unknown") == 0)
				abort();
			if (res.cert >= (int)pool->n)
				abort();
		}
	}
out:
	if (pool != NULL)
		certpool_release(pool);
	free(pool);
	sk_X509_pop_free(served, X509_free);
	X509_STORE_free(store);
	return 0;
}
