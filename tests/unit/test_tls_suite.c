/* test_tls_suite.c -- the TLS tables of suite.h: one test per spec §3.3.3 rule
 * (classes of suites, groups, DH primes, versions), plus lookups and table integrity. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

#include "tls/suite.h"

static enum tls_class
class_of(const char *name)
{
	const struct tls_suite *s = tls_suite_by_name(name);
	if (s == NULL)
		fail_msg("suite %s not in the table", name);
	return s->cls;
}

static void
test_class_names(void **state)
{
	(void)state;
	assert_string_equal(tls_class_name(TLS_CLASS_GOOD), "good");
	assert_string_equal(tls_class_name(TLS_CLASS_SUFFICIENT), "sufficient");
	assert_string_equal(tls_class_name(TLS_CLASS_PHASE_OUT), "phase_out");
	assert_string_equal(tls_class_name(TLS_CLASS_INSUFFICIENT), "insufficient");
}

/* spec §3.3.3: good = TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256 */
static void
test_class_good_suites(void **state)
{
	(void)state;
	size_t n = 0;
	assert_int_equal(tls_suite_class(0x1302), TLS_CLASS_GOOD);
	assert_int_equal(tls_suite_class(0x1303), TLS_CLASS_GOOD);
	for (size_t i = 0; i < tls_suite_count(); i++)
		if (tls_suite_at(i)->cls == TLS_CLASS_GOOD)
			n++;
	assert_int_equal(n, 2);
}

static void
test_class_sufficient_suites(void **state)
{
	(void)state;
	static const char *const names[] = {
		"TLS_AES_128_GCM_SHA256", "TLS_AES_128_CCM_SHA256",
		"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
		"TLS_ECDHE_ECDSA_WITH_AES_256_CCM", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
		"TLS_ECDHE_ECDSA_WITH_AES_128_CCM", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
		"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
	};
	size_t n = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_int_equal(class_of(names[i]), TLS_CLASS_SUFFICIENT);
	for (size_t i = 0; i < tls_suite_count(); i++)
		if (tls_suite_at(i)->cls == TLS_CLASS_SUFFICIENT)
			n++;
	assert_int_equal(n, 10);
	/* by code, the way the scanner sees them */
	assert_int_equal(tls_suite_class(0x1301), TLS_CLASS_SUFFICIENT);
	assert_int_equal(tls_suite_class(0xC02B), TLS_CLASS_SUFFICIENT);
	assert_int_equal(tls_suite_class(0xC030), TLS_CLASS_SUFFICIENT);
	assert_int_equal(tls_suite_class(0xCCA8), TLS_CLASS_SUFFICIENT);
	assert_int_equal(tls_suite_class(0xC0AC), TLS_CLASS_SUFFICIENT);
}

static void
test_class_phase_out_35_suites(void **state)
{
	(void)state;
	static const char *const ecdhe[] = {
		"CAMELLIA_256_GCM_SHA384", "CAMELLIA_256_CBC_SHA384", "CAMELLIA_128_GCM_SHA256",
		"CAMELLIA_128_CBC_SHA256", "ARIA_256_GCM_SHA384", "ARIA_256_CBC_SHA384",
		"ARIA_128_GCM_SHA256", "ARIA_128_CBC_SHA256", "AES_256_CBC_SHA384", "AES_128_CBC_SHA256",
	};
	static const char *const dhe[] = {
		"CHACHA20_POLY1305_SHA256", "CAMELLIA_256_GCM_SHA384", "CAMELLIA_256_CBC_SHA256",
		"CAMELLIA_128_GCM_SHA256", "CAMELLIA_128_CBC_SHA256", "ARIA_256_GCM_SHA384",
		"ARIA_256_CBC_SHA384", "ARIA_128_GCM_SHA256", "ARIA_128_CBC_SHA256", "AES_256_GCM_SHA384",
		"AES_256_CCM", "AES_256_CBC_SHA256", "AES_128_GCM_SHA256", "AES_128_CCM", "AES_128_CBC_SHA256",
	};
	char buf[96];
	size_t n = 0;
	for (size_t i = 0; i < sizeof(ecdhe) / sizeof(ecdhe[0]); i++) {
		snprintf(buf, sizeof(buf), "TLS_ECDHE_ECDSA_WITH_%s", ecdhe[i]);
		assert_int_equal(class_of(buf), TLS_CLASS_PHASE_OUT);
		snprintf(buf, sizeof(buf), "TLS_ECDHE_RSA_WITH_%s", ecdhe[i]);
		assert_int_equal(class_of(buf), TLS_CLASS_PHASE_OUT);
	}
	for (size_t i = 0; i < sizeof(dhe) / sizeof(dhe[0]); i++) {
		snprintf(buf, sizeof(buf), "TLS_DHE_RSA_WITH_%s", dhe[i]);
		assert_int_equal(class_of(buf), TLS_CLASS_PHASE_OUT);
	}
	for (size_t i = 0; i < tls_suite_count(); i++)
		if (tls_suite_at(i)->cls == TLS_CLASS_PHASE_OUT)
			n++;
	assert_int_equal(n, 35);
	assert_int_equal(tls_suite_class(0x009F), TLS_CLASS_PHASE_OUT); /* DHE-RSA-AES256-GCM-SHA384 */
	assert_int_equal(tls_suite_class(0xCCAA), TLS_CLASS_PHASE_OUT); /* DHE-RSA-CHACHA20-POLY1305 */
	assert_int_equal(tls_suite_class(0xC028), TLS_CLASS_PHASE_OUT); /* ECDHE-RSA-AES256-SHA384 */
}

/* §3.3.3 consequences: every *_CBC_SHA (SHA-1 MAC) suite is insufficient */
static void
test_class_cbc_sha1_insufficient(void **state)
{
	(void)state;
	size_t n = 0;
	assert_int_equal(tls_suite_class(0xC013), TLS_CLASS_INSUFFICIENT); /* ECDHE-RSA-AES128-SHA */
	assert_int_equal(tls_suite_class(0xC00A), TLS_CLASS_INSUFFICIENT); /* ECDHE-ECDSA-AES256-SHA */
	assert_int_equal(tls_suite_class(0x0039), TLS_CLASS_INSUFFICIENT); /* DHE-RSA-AES256-SHA */
	for (size_t i = 0; i < tls_suite_count(); i++) {
		const struct tls_suite *s = tls_suite_at(i);
		if (strcmp(s->mac, "SHA1") == 0) {
			assert_int_equal(s->cls, TLS_CLASS_INSUFFICIENT);
			n++;
		}
	}
	assert_true(n > 100);
}

static void
test_class_static_rsa_insufficient(void **state)
{
	(void)state;
	assert_int_equal(class_of("TLS_RSA_WITH_AES_256_GCM_SHA384"), TLS_CLASS_INSUFFICIENT);
	assert_int_equal(class_of("TLS_RSA_WITH_AES_128_GCM_SHA256"), TLS_CLASS_INSUFFICIENT);
	assert_int_equal(class_of("AES256-SHA256"), TLS_CLASS_INSUFFICIENT);
	for (size_t i = 0; i < tls_suite_count(); i++) {
		const struct tls_suite *s = tls_suite_at(i);
		if (s->kx == TLS_KX_RSA || s->kx == TLS_KX_DH || s->kx == TLS_KX_ECDH ||
		    s->kx == TLS_KX_PSK || s->kx == TLS_KX_SRP || s->kx == TLS_KX_KRB5)
			assert_int_equal(s->cls, TLS_CLASS_INSUFFICIENT);
	}
}

static void
test_class_ccm8_insufficient(void **state)
{
	(void)state;
	assert_int_equal(tls_suite_class(0x1305), TLS_CLASS_INSUFFICIENT); /* TLS_AES_128_CCM_8_SHA256 */
	assert_int_equal(class_of("TLS_AES_128_CCM_8_SHA256"), TLS_CLASS_INSUFFICIENT);
	assert_int_equal(class_of("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"), TLS_CLASS_INSUFFICIENT);
	assert_int_equal(class_of("TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8"), TLS_CLASS_INSUFFICIENT);
	assert_int_equal(class_of("TLS_DHE_RSA_WITH_AES_256_CCM_8"), TLS_CLASS_INSUFFICIENT);
	for (size_t i = 0; i < tls_suite_count(); i++) {
		const struct tls_suite *s = tls_suite_at(i);
		if (strstr(s->iana, "CCM_8") != NULL)
			assert_int_equal(s->cls, TLS_CLASS_INSUFFICIENT);
	}
}

static void
test_class_weak_families_insufficient(void **state)
{
	(void)state;
	/* 3DES, RC4, NULL, EXPORT, anon, PSK, SRP, IDEA, SEED, DHE-DSS */
	for (size_t i = 0; i < tls_suite_count(); i++) {
		const struct tls_suite *s = tls_suite_at(i);
		if (strstr(s->iana, "3DES") || strstr(s->iana, "RC4") || strstr(s->iana, "NULL") ||
		    strstr(s->iana, "IDEA") || strstr(s->iana, "SEED") || strstr(s->iana, "_DSS_") ||
		    strstr(s->iana, "PSK") || strstr(s->iana, "SRP") ||
		    (s->flags & (TLS_SUITE_EXPORT | TLS_SUITE_ANON | TLS_SUITE_SCSV)))
			assert_int_equal(s->cls, TLS_CLASS_INSUFFICIENT);
	}
	assert_int_equal(class_of("TLS_DHE_DSS_WITH_AES_256_GCM_SHA384"), TLS_CLASS_INSUFFICIENT);
	assert_int_equal(class_of("TLS_DH_anon_WITH_AES_256_GCM_SHA384"), TLS_CLASS_INSUFFICIENT);
	assert_int_equal(class_of("TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256"), TLS_CLASS_INSUFFICIENT);
}

static void
test_class_unknown_code_insufficient(void **state)
{
	(void)state;
	assert_null(tls_suite_find(0x1308 + 0x0100)); /* unassigned */
	assert_null(tls_suite_find(0x0A0A));          /* GREASE */
	assert_null(tls_suite_find(0xFFFF));
	assert_int_equal(tls_suite_class(0x0A0A), TLS_CLASS_INSUFFICIENT);
	assert_int_equal(tls_suite_class(0xFFFF), TLS_CLASS_INSUFFICIENT);
	assert_int_equal(tls_suite_class(0x5601), TLS_CLASS_INSUFFICIENT);
	assert_null(tls_suite_by_name("TLS_NO_SUCH_SUITE"));
	assert_null(tls_suite_by_name(""));
	assert_null(tls_suite_by_name(NULL));
}

static void
test_suite_find_every_code(void **state)
{
	(void)state;
	/* the binary search finds every TLS row at its own code, and the fields are coherent */
	size_t ssl2 = 0;
	for (size_t i = 0; i < tls_suite_count(); i++) {
		const struct tls_suite *s = tls_suite_at(i);
		assert_non_null(s->iana);
		assert_non_null(s->openssl);
		assert_non_null(s->auth);
		assert_non_null(s->cipher);
		assert_non_null(s->mac);
		if (s->flags & TLS_SUITE_SSL2) {
			assert_ptr_equal(tls_suite_find_ssl2(s->code), s);
			assert_int_equal(s->min_version, TLS_V_SSL20);
			ssl2++;
			continue;
		}
		assert_true(s->code <= 0xFFFF);
		assert_ptr_equal(tls_suite_find((uint16_t)s->code), s);
		if (i > 0 && !(tls_suite_at(i - 1)->flags & TLS_SUITE_SSL2))
			assert_true(tls_suite_at(i - 1)->code < s->code);
	}
	assert_int_equal(ssl2, 8);
	assert_null(tls_suite_at(tls_suite_count()));
	/* full coverage of the main IANA blocks */
	for (uint16_t c = 0x0000; c <= 0x0046; c++)
		assert_non_null(tls_suite_find(c));
	for (uint16_t c = 0x0067; c <= 0x006D; c++)
		assert_non_null(tls_suite_find(c));
	for (uint16_t c = 0x0084; c <= 0x00C7; c++)
		assert_non_null(tls_suite_find(c));
	for (uint16_t c = 0x1301; c <= 0x1307; c++)
		assert_non_null(tls_suite_find(c));
	for (uint16_t c = 0xC001; c <= 0xC0B5; c++)
		assert_non_null(tls_suite_find(c));
	for (uint16_t c = 0xCCA8; c <= 0xCCAE; c++)
		assert_non_null(tls_suite_find(c));
	assert_non_null(tls_suite_find(0xD001));
	assert_non_null(tls_suite_find(0xD005));
	assert_null(tls_suite_find(0xD004));
}

static void
test_scsv_and_flags(void **state)
{
	(void)state;
	const struct tls_suite *s = tls_suite_find(0x00FF);
	assert_non_null(s);
	assert_string_equal(s->iana, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
	assert_true(s->flags & TLS_SUITE_SCSV);
	s = tls_suite_find(0x5600);
	assert_non_null(s);
	assert_string_equal(s->iana, "TLS_FALLBACK_SCSV");
	assert_true(s->flags & TLS_SUITE_SCSV);
	s = tls_suite_find(0x1302);
	assert_true(s->flags & TLS_SUITE_TLS13);
	assert_true(s->flags & TLS_SUITE_MODERN);
	assert_int_equal(s->kx, TLS_KX_NONE);
	assert_int_equal(s->min_version, TLS_V_TLS13);
	s = tls_suite_find(0x1305); /* CCM_8: the Debian client can offer it (-ciphersuites) */
	assert_true(s->flags & TLS_SUITE_MODERN);
	assert_false(tls_suite_find(0x1306)->flags & TLS_SUITE_MODERN); /* AEGIS: not in OpenSSL 3.0 */
	s = tls_suite_find(0x0003);
	assert_true(s->flags & TLS_SUITE_EXPORT);
	assert_false(s->flags & TLS_SUITE_MODERN);
	s = tls_suite_find(0xC018);
	assert_true(s->flags & TLS_SUITE_ANON);
	assert_int_equal(s->kx, TLS_KX_ECDH);
	s = tls_suite_find(0xC030);
	assert_int_equal(s->kx, TLS_KX_ECDHE);
	assert_string_equal(s->auth, "RSA");
	assert_string_equal(s->cipher, "AESGCM(256)");
	assert_string_equal(s->mac, "AEAD");
	assert_int_equal(s->min_version, TLS_V_TLS12);
	assert_true(s->flags & TLS_SUITE_MODERN);
	s = tls_suite_find(0x000A);
	assert_string_equal(s->cipher, "3DES(168)");
	assert_string_equal(s->mac, "SHA1");
	assert_int_equal(s->min_version, TLS_V_SSL30);
	assert_int_equal(s->kx, TLS_KX_RSA);
	/* the modern set is what OpenSSL 3.0 lists for ALL:COMPLEMENTOFALL plus 5 TLS 1.3 suites */
	size_t modern = 0;
	for (size_t i = 0; i < tls_suite_count(); i++)
		if (tls_suite_at(i)->flags & TLS_SUITE_MODERN)
			modern++;
	assert_int_equal(modern, 160);
}

static void
test_lookup_by_openssl_name(void **state)
{
	(void)state;
	const struct tls_suite *s = tls_suite_by_name("ECDHE-RSA-AES256-GCM-SHA384");
	assert_non_null(s);
	assert_int_equal(s->code, 0xC030);
	assert_string_equal(s->iana, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
	s = tls_suite_by_name("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
	assert_non_null(s);
	assert_int_equal(s->code, 0xC030);
	assert_string_equal(s->openssl, "ECDHE-RSA-AES256-GCM-SHA384");
	/* case-sensitive */
	assert_null(tls_suite_by_name("ecdhe-rsa-aes256-gcm-sha384"));
	/* TLS 1.3: OpenSSL uses the IANA name */
	assert_int_equal(tls_suite_by_name("TLS_AES_256_GCM_SHA384")->code, 0x1302);
	/* a name shared by a TLS suite and an SSL 2.0 spec: the TLS suite */
	s = tls_suite_by_name("RC4-MD5");
	assert_non_null(s);
	assert_int_equal(s->code, 0x0004);
	s = tls_suite_by_name("DES-CBC3-MD5"); /* SSL 2.0 only */
	assert_non_null(s);
	assert_int_equal(s->code, 0x0700C0);
	/* a suite without an OpenSSL name has "" */
	assert_string_equal(tls_suite_find(0x1306)->openssl, "");
}

static void
test_ssl2_specs(void **state)
{
	(void)state;
	static const struct {
		uint32_t code;
		const char *name;
	} specs[] = {
		{ 0x010080, "SSL_CK_RC4_128_WITH_MD5" },
		{ 0x020080, "SSL_CK_RC4_128_EXPORT40_WITH_MD5" },
		{ 0x030080, "SSL_CK_RC2_128_CBC_WITH_MD5" },
		{ 0x040080, "SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5" },
		{ 0x050080, "SSL_CK_IDEA_128_CBC_WITH_MD5" },
		{ 0x060040, "SSL_CK_DES_64_CBC_WITH_MD5" },
		{ 0x0700C0, "SSL_CK_DES_192_EDE3_CBC_WITH_MD5" },
		{ 0x080080, "SSL_CK_RC4_64_WITH_MD5" },
	};
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		const struct tls_suite *s = tls_suite_find_ssl2(specs[i].code);
		assert_non_null(s);
		assert_string_equal(s->iana, specs[i].name);
		assert_true(s->flags & TLS_SUITE_SSL2);
		assert_int_equal(s->min_version, TLS_V_SSL20);
		assert_int_equal(s->cls, TLS_CLASS_INSUFFICIENT);
		assert_ptr_equal(tls_suite_by_name(specs[i].name), s);
	}
	assert_true(tls_suite_find_ssl2(0x020080)->flags & TLS_SUITE_EXPORT);
	assert_null(tls_suite_find_ssl2(0x090080));
	assert_null(tls_suite_find_ssl2(0x0004));
	assert_string_equal(tls_suite_find_ssl2(0x010080)->openssl, "RC4-MD5");
}

/* ~30 common OpenSSL names and their code points (RFC / OpenSSL ssl/s3_lib.c). */
static void
test_every_openssl_cipher_known(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		uint16_t code;
	} known[] = {
		{ "TLS_AES_128_GCM_SHA256", 0x1301 },
		{ "TLS_AES_256_GCM_SHA384", 0x1302 },
		{ "TLS_CHACHA20_POLY1305_SHA256", 0x1303 },
		{ "TLS_AES_128_CCM_SHA256", 0x1304 },
		{ "TLS_AES_128_CCM_8_SHA256", 0x1305 },
		{ "ECDHE-ECDSA-AES256-GCM-SHA384", 0xC02C },
		{ "ECDHE-RSA-AES256-GCM-SHA384", 0xC030 },
		{ "ECDHE-ECDSA-AES128-GCM-SHA256", 0xC02B },
		{ "ECDHE-RSA-AES128-GCM-SHA256", 0xC02F },
		{ "ECDHE-ECDSA-CHACHA20-POLY1305", 0xCCA9 },
		{ "ECDHE-RSA-CHACHA20-POLY1305", 0xCCA8 },
		{ "DHE-RSA-CHACHA20-POLY1305", 0xCCAA },
		{ "DHE-RSA-AES256-GCM-SHA384", 0x009F },
		{ "DHE-RSA-AES128-GCM-SHA256", 0x009E },
		{ "DHE-DSS-AES256-GCM-SHA384", 0x00A3 },
		{ "ECDHE-ECDSA-AES256-CCM", 0xC0AD },
		{ "ECDHE-ECDSA-AES128-CCM8", 0xC0AE },
		{ "DHE-RSA-AES256-CCM", 0xC09F },
		{ "ECDHE-ECDSA-AES256-SHA384", 0xC024 },
		{ "ECDHE-RSA-AES128-SHA256", 0xC027 },
		{ "ECDHE-ECDSA-AES128-SHA", 0xC009 },
		{ "ECDHE-RSA-AES256-SHA", 0xC014 },
		{ "DHE-RSA-AES256-SHA256", 0x006B },
		{ "DHE-RSA-AES128-SHA", 0x0033 },
		{ "AES256-GCM-SHA384", 0x009D },
		{ "AES128-GCM-SHA256", 0x009C },
		{ "AES256-SHA256", 0x003D },
		{ "AES128-SHA", 0x002F },
		{ "AES256-SHA", 0x0035 },
		{ "DES-CBC3-SHA", 0x000A },
		{ "ECDHE-RSA-DES-CBC3-SHA", 0xC012 },
		{ "EDH-RSA-DES-CBC3-SHA", 0x0016 },
		{ "RC4-SHA", 0x0005 },
		{ "RC4-MD5", 0x0004 },
		{ "NULL-SHA", 0x0002 },
		{ "NULL-MD5", 0x0001 },
		{ "EXP-RC4-MD5", 0x0003 },
		{ "ADH-AES256-GCM-SHA384", 0x00A7 },
		{ "AECDH-AES256-SHA", 0xC019 },
		{ "CAMELLIA256-SHA", 0x0084 },
		{ "ECDHE-RSA-CAMELLIA256-SHA384", 0xC077 },
		{ "ECDHE-ECDSA-ARIA256-GCM-SHA384", 0xC05D },
		{ "DHE-RSA-ARIA128-GCM-SHA256", 0xC052 },
		{ "SEED-SHA", 0x0096 },
		{ "IDEA-CBC-SHA", 0x0007 },
		{ "PSK-AES128-CBC-SHA", 0x008C },
		{ "ECDHE-PSK-CHACHA20-POLY1305", 0xCCAC },
		{ "SRP-AES-256-CBC-SHA", 0xC020 },
		{ "SRP-RSA-3DES-EDE-CBC-SHA", 0xC01B },
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		const struct tls_suite *s = tls_suite_by_name(known[i].name);
		if (s == NULL)
			fail_msg("OpenSSL name %s unknown", known[i].name);
		if (s->code != known[i].code)
			fail_msg("%s: 0x%04x, want 0x%04x", known[i].name, (unsigned)s->code, known[i].code);
		assert_ptr_equal(tls_suite_find(known[i].code), s);
	}
}

/* The MODERN flag is what the linked OpenSSL client can offer (suites.tsv header):
 * every suite libssl offers at ALL:COMPLEMENTOFALL:@SECLEVEL=0 is in the table, flagged
 * MODERN and named as OpenSSL names it; on OpenSSL 3.0 the two sets are equal. */
static void
test_modern_flag_matches_libssl(void **state)
{
	(void)state;
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	SSL *ssl;
	STACK_OF(SSL_CIPHER) *list;
	size_t modern = 0;
	int n;

	assert_non_null(ctx);
	assert_int_equal(SSL_CTX_set_cipher_list(ctx, "ALL:COMPLEMENTOFALL:@SECLEVEL=0"), 1);
	assert_int_equal(SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:"
	                                              "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256:"
	                                              "TLS_AES_128_CCM_8_SHA256"), 1);
	SSL_CTX_set_min_proto_version(ctx, 0);
	ssl = SSL_new(ctx);
	assert_non_null(ssl);
	list = SSL_get_ciphers(ssl);
	n = sk_SSL_CIPHER_num(list);
	for (int i = 0; i < n; i++) {
		const SSL_CIPHER *c = sk_SSL_CIPHER_value(list, i);
		uint16_t code = (uint16_t)SSL_CIPHER_get_protocol_id(c);
		const struct tls_suite *s = tls_suite_find(code);
		if (s == NULL)
			fail_msg("libssl offers 0x%04x %s, not in the table", code, SSL_CIPHER_get_name(c));
		assert_true(s->flags & TLS_SUITE_MODERN);
		assert_string_equal(s->openssl, SSL_CIPHER_get_name(c));
		assert_string_equal(s->iana, SSL_CIPHER_standard_name(c));
	}
	for (size_t i = 0; i < tls_suite_count(); i++)
		if (tls_suite_at(i)->flags & TLS_SUITE_MODERN)
			modern++;
	if (OPENSSL_version_major() == 3 && OPENSSL_version_minor() == 0)
		assert_int_equal(modern, (size_t)n);
	SSL_free(ssl);
	SSL_CTX_free(ctx);
}

static void
test_versions(void **state)
{
	(void)state;
	static const char *const names[] = { "SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3" };
	static const uint16_t wire[] = { 0x0002, 0x0300, 0x0301, 0x0302, 0x0303, 0x0304 };
	for (int v = 0; v < TLS_V_COUNT; v++) {
		assert_string_equal(tls_version_name((enum tls_version)v), names[v]);
		assert_int_equal(tls_version_wire((enum tls_version)v), wire[v]);
		assert_int_equal(tls_version_from_wire(wire[v]), v);
	}
	assert_int_equal(tls_version_from_wire(0x0305), -1);
	assert_int_equal(tls_version_from_wire(0x7F1C), -1);
	assert_string_equal(tls_version_name(TLS_V_COUNT), "?");
	assert_int_equal(tls_version_wire(TLS_V_COUNT), 0);
}

/* §3.3.3: TLS 1.3 good, TLS 1.2 sufficient, phase-out list empty, older insufficient */
static void
test_version_classes(void **state)
{
	(void)state;
	assert_int_equal(tls_version_class(TLS_V_TLS13), TLS_CLASS_GOOD);
	assert_int_equal(tls_version_class(TLS_V_TLS12), TLS_CLASS_SUFFICIENT);
	assert_int_equal(tls_version_class(TLS_V_TLS11), TLS_CLASS_INSUFFICIENT);
	assert_int_equal(tls_version_class(TLS_V_TLS10), TLS_CLASS_INSUFFICIENT);
	assert_int_equal(tls_version_class(TLS_V_SSL30), TLS_CLASS_INSUFFICIENT);
	assert_int_equal(tls_version_class(TLS_V_SSL20), TLS_CLASS_INSUFFICIENT);
}

static void
test_group_secp224r1_phase_out(void **state)
{
	(void)state;
	const struct tls_group *g = tls_group_find(21);
	assert_non_null(g);
	assert_string_equal(g->name, "secp224r1");
	assert_int_equal(g->cls, TLS_CLASS_PHASE_OUT);
	assert_int_equal(g->kind, TLS_GROUP_EC);
	assert_int_equal(g->bits, 224);
}

static void
test_group_x25519_good(void **state)
{
	(void)state;
	const struct tls_group *g = tls_group_find(29);
	assert_non_null(g);
	assert_string_equal(g->name, "X25519");
	assert_int_equal(g->cls, TLS_CLASS_GOOD);
	assert_int_equal(g->key_share_len, 32);
	g = tls_group_find(30);
	assert_string_equal(g->name, "X448");
	assert_int_equal(g->cls, TLS_CLASS_GOOD);
	assert_int_equal(g->key_share_len, 56);
}

/* §3.3.3: good curves secp256r1/384r1/521r1, brainpoolP256r1/384r1/512r1, X25519, X448 */
static void
test_group_ec_good_list(void **state)
{
	(void)state;
	static const struct {
		uint16_t code;
		const char *name;
		int ks;
	} good[] = {
		{ 23, "secp256r1", 65 }, { 24, "secp384r1", 97 }, { 25, "secp521r1", 133 },
		{ 26, "brainpoolP256r1", 0 }, { 27, "brainpoolP384r1", 0 }, { 28, "brainpoolP512r1", 0 },
		{ 29, "X25519", 32 }, { 30, "X448", 56 },
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const struct tls_group *g = tls_group_find(good[i].code);
		assert_non_null(g);
		assert_string_equal(g->name, good[i].name);
		assert_int_equal(g->cls, TLS_CLASS_GOOD);
		assert_int_equal(g->key_share_len, good[i].ks);
	}
}

static void
test_group_other_ec_insufficient(void **state)
{
	(void)state;
	assert_int_equal(tls_group_find(22)->cls, TLS_CLASS_INSUFFICIENT); /* secp256k1 */
	assert_int_equal(tls_group_find(19)->cls, TLS_CLASS_INSUFFICIENT); /* secp192r1 */
	assert_string_equal(tls_group_find(19)->name, "prime192v1");    /* internet.nl's label */
	assert_string_equal(tls_group_find(22)->name, "secp256k1");
	assert_int_equal(tls_group_find(1)->cls, TLS_CLASS_INSUFFICIENT);  /* sect163k1 */
	assert_int_equal(tls_group_find(14)->cls, TLS_CLASS_INSUFFICIENT); /* sect571r1 */
	assert_null(tls_group_find(0));
	assert_null(tls_group_find(0x0A0A)); /* GREASE */
	/* table sorted and findable */
	for (size_t i = 0; i < tls_group_count(); i++) {
		const struct tls_group *g = tls_group_at(i);
		assert_ptr_equal(tls_group_find(g->code), g);
		if (i > 0)
			assert_true(tls_group_at(i - 1)->code < g->code);
	}
	assert_null(tls_group_at(tls_group_count()));
}

static void
test_group_ffdhe_and_pq(void **state)
{
	(void)state;
	assert_string_equal(tls_group_find(256)->name, "ffdhe2048");
	assert_int_equal(tls_group_find(256)->cls, TLS_CLASS_INSUFFICIENT);
	assert_int_equal(tls_group_find(257)->cls, TLS_CLASS_PHASE_OUT);
	assert_int_equal(tls_group_find(260)->kind, TLS_GROUP_FFDHE);
	assert_int_equal(tls_group_find(260)->bits, 8192);
	assert_string_equal(tls_group_find(0x11EC)->name, "X25519MLKEM768");
	assert_int_equal(tls_group_find(0x11EC)->kind, TLS_GROUP_HYBRID_PQ);
	assert_int_equal(tls_group_find(0x11EC)->cls, TLS_CLASS_GOOD);
	assert_string_equal(tls_group_find(0x11EB)->name, "SecP256r1MLKEM768");
	assert_string_equal(tls_group_find(0x11ED)->name, "SecP384r1MLKEM1024");
	assert_string_equal(tls_group_find(0x6399)->name, "X25519Kyber768Draft00");
	assert_string_equal(tls_group_find(0x0201)->name, "MLKEM768");
}

static size_t
from_hex(uint8_t *buf, size_t cap, const char *hex)
{
	size_t n = 0;
	for (size_t i = 0; hex[i] != '\0' && hex[i + 1] != '\0' && n < cap; i += 2) {
		unsigned v;
		sscanf(&hex[i], "%2x", &v);
		buf[n++] = (uint8_t)v;
	}
	return n;
}

/* RFC 3526 §3 (2048-bit MODP group 14) and RFC 7919 §A.2 (ffdhe3072) */
static const char modp2048[] =
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
	"020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
	"4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
	"98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
	"9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
	"3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF";
static const char ffdhe2048[] =
	"FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1D8B9C583CE2D3695"
	"A9E13641146433FBCC939DCE249B3EF97D2FE363630C75D8F681B202AEC4617A"
	"D3DF1ED5D5FD65612433F51F5F066ED0856365553DED1AF3B557135E7F57C935"
	"984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE73530ACCA4F483A797A"
	"BC0AB182B324FB61D108A94BB2C8E3FBB96ADAB760D7F4681D4F42A3DE394DF4"
	"AE56EDE76372BB190B07A7C8EE0A6D709E02FCE1CDF7E2ECC03404CD28342F61"
	"9172FE9CE98583FF8E4F1232EEF28183C3FE3B1B4C6FAD733BB5FCBC2EC22005"
	"C58EF1837D1683B2C6F34A26C1B2EFFA886B423861285C97FFFFFFFFFFFFFFFF";

static void
test_dh_ffdhe2048_insufficient(void **state)
{
	(void)state;
	uint8_t p[256];
	size_t n = from_hex(p, sizeof(p), ffdhe2048);
	assert_int_equal(n, 256);
	assert_int_equal(tls_dh_identify(p, n), TLS_DH_FFDHE2048);
	assert_string_equal(tls_dh_group_name(TLS_DH_FFDHE2048), "ffdhe2048");
	assert_int_equal(tls_dh_class(TLS_DH_FFDHE2048, true), TLS_CLASS_INSUFFICIENT);
}

static void
test_dh_modp2048_insufficient(void **state)
{
	(void)state;
	uint8_t p[257];
	size_t n;
	p[0] = 0; /* a leading zero byte, as a DER INTEGER or a padded ServerKeyExchange carries */
	n = from_hex(p + 1, sizeof(p) - 1, modp2048);
	assert_int_equal(n, 256);
	assert_int_equal(tls_dh_identify(p, n + 1), TLS_DH_MODP2048);
	assert_int_equal(tls_dh_identify(p + 1, n), TLS_DH_MODP2048);
	assert_string_equal(tls_dh_group_name(TLS_DH_MODP2048), "modp2048");
	assert_int_equal(tls_dh_class(TLS_DH_MODP2048, true), TLS_CLASS_INSUFFICIENT);
}

static void
test_dh_ffdhe3072_phase_out(void **state)
{
	(void)state;
	assert_int_equal(tls_dh_class(TLS_DH_FFDHE3072, true), TLS_CLASS_PHASE_OUT);
	assert_int_equal(tls_dh_class(TLS_DH_FFDHE4096, true), TLS_CLASS_PHASE_OUT);
	assert_int_equal(tls_dh_class(TLS_DH_FFDHE6144, true), TLS_CLASS_PHASE_OUT);
	assert_int_equal(tls_dh_class(TLS_DH_FFDHE8192, true), TLS_CLASS_PHASE_OUT);
	assert_string_equal(tls_dh_group_name(TLS_DH_FFDHE3072), "ffdhe3072");
}

static void
test_dh_generator_5_insufficient(void **state)
{
	(void)state;
	assert_int_equal(tls_dh_class(TLS_DH_FFDHE3072, false), TLS_CLASS_INSUFFICIENT);
	assert_int_equal(tls_dh_class(TLS_DH_FFDHE8192, false), TLS_CLASS_INSUFFICIENT);
}

static void
test_dh_custom_prime_insufficient(void **state)
{
	(void)state;
	uint8_t p[256];
	size_t n = from_hex(p, sizeof(p), ffdhe2048);
	p[100] ^= 0x01; /* one bit off: not the RFC prime */
	assert_int_equal(tls_dh_identify(p, n), TLS_DH_CUSTOM);
	assert_int_equal(tls_dh_identify(p, 0), TLS_DH_CUSTOM);
	assert_int_equal(tls_dh_identify(NULL, 0), TLS_DH_CUSTOM);
	n = from_hex(p, sizeof(p), ffdhe2048);
	assert_int_equal(tls_dh_identify(p, n - 1), TLS_DH_CUSTOM); /* truncated */
	assert_string_equal(tls_dh_group_name(TLS_DH_CUSTOM), "custom");
	assert_int_equal(tls_dh_class(TLS_DH_CUSTOM, true), TLS_CLASS_INSUFFICIENT);
	assert_int_equal(tls_dh_class(TLS_DH_MODP1024, true), TLS_CLASS_INSUFFICIENT);
	assert_int_equal(tls_dh_class(TLS_DH_MODP8192, true), TLS_CLASS_INSUFFICIENT);
}

/* Every RFC 7919 / RFC 3526 prime OpenSSL 3 knows by name is identified as that group. */
static void
test_dh_primes_match_openssl(void **state)
{
	(void)state;
	static const struct {
		const char *openssl;
		enum tls_dh_group want;
	} named[] = {
		{ "ffdhe2048", TLS_DH_FFDHE2048 }, { "ffdhe3072", TLS_DH_FFDHE3072 },
		{ "ffdhe4096", TLS_DH_FFDHE4096 }, { "ffdhe6144", TLS_DH_FFDHE6144 },
		{ "ffdhe8192", TLS_DH_FFDHE8192 }, { "modp_1536", TLS_DH_MODP1536 },
		{ "modp_2048", TLS_DH_MODP2048 }, { "modp_3072", TLS_DH_MODP3072 },
		{ "modp_4096", TLS_DH_MODP4096 }, { "modp_6144", TLS_DH_MODP6144 },
		{ "modp_8192", TLS_DH_MODP8192 },
	};
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
		EVP_PKEY *pkey = NULL;
		BIGNUM *p = NULL, *g = NULL;
		uint8_t buf[1024];
		OSSL_PARAM params[2];
		int n;

		assert_non_null(ctx);
		assert_int_equal(EVP_PKEY_paramgen_init(ctx), 1);
		params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
		                                             (char *)named[i].openssl, 0);
		params[1] = OSSL_PARAM_construct_end();
		assert_int_equal(EVP_PKEY_CTX_set_params(ctx, params), 1);
		assert_int_equal(EVP_PKEY_paramgen(ctx, &pkey), 1);
		assert_int_equal(EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_FFC_P, &p), 1);
		assert_int_equal(EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_FFC_G, &g), 1);
		assert_true(BN_is_word(g, 2));
		n = BN_bn2bin(p, buf);
		assert_true(n > 0);
		if (tls_dh_identify(buf, (size_t)n) != named[i].want)
			fail_msg("%s not identified", named[i].openssl);
		BN_free(p);
		BN_free(g);
		EVP_PKEY_free(pkey);
		EVP_PKEY_CTX_free(ctx);
	}
}

/* RFC 2409 §6.2: the 1024-bit MODP group 2 (not in OpenSSL's named groups) */
static void
test_dh_modp1024_identified(void **state)
{
	(void)state;
	static const char modp1024[] =
		"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
		"020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
		"4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
		"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF";
	uint8_t p[128];
	size_t n = from_hex(p, sizeof(p), modp1024);
	assert_int_equal(n, 128);
	assert_int_equal(tls_dh_identify(p, n), TLS_DH_MODP1024);
	assert_string_equal(tls_dh_group_name(TLS_DH_MODP1024), "modp1024");
}

static void
test_dh_all_group_names(void **state)
{
	(void)state;
	static const char *const names[] = {
		"custom", "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192",
		"modp1024", "modp1536", "modp2048", "modp3072", "modp4096", "modp6144", "modp8192",
	};
	for (int g = TLS_DH_CUSTOM; g <= TLS_DH_MODP8192; g++)
		assert_string_equal(tls_dh_group_name((enum tls_dh_group)g), names[g]);
}

static void
test_sigscheme_lookup(void **state)
{
	(void)state;
	const struct tls_sigscheme *s = tls_sigscheme_find(0x0201);
	assert_non_null(s);
	assert_string_equal(s->name, "rsa_pkcs1_sha1");
	assert_string_equal(s->hash, "SHA1");
	assert_string_equal(tls_sigscheme_find(0x0203)->name, "ecdsa_sha1");
	assert_string_equal(tls_sigscheme_find(0x0202)->hash, "SHA1");
	assert_string_equal(tls_sigscheme_find(0x0303)->hash, "SHA224");
	assert_string_equal(tls_sigscheme_find(0x0804)->name, "rsa_pss_rsae_sha256");
	assert_string_equal(tls_sigscheme_find(0x0807)->name, "ed25519");
	assert_string_equal(tls_sigscheme_find(0x0807)->hash, "");
	assert_string_equal(tls_sigscheme_find(0x080B)->name, "rsa_pss_pss_sha512");
	assert_string_equal(tls_sigscheme_find(0x081A)->name, "ecdsa_brainpoolP256r1tls13_sha256");
	assert_string_equal(tls_sigscheme_find(0x0101)->hash, "MD5");
	assert_null(tls_sigscheme_find(0x0000));
	assert_null(tls_sigscheme_find(0x0A0A));
}

/* §3.3.4: the key-exchange hash probes offer only SHA-1 / only SHA-224 schemes */
static void
test_sigalgs_probe_lists(void **state)
{
	(void)state;
	assert_int_equal(tls_sigalgs_sha1_len, 3);
	for (size_t i = 0; i < tls_sigalgs_sha1_len; i++)
		assert_string_equal(tls_sigscheme_find(tls_sigalgs_sha1[i])->hash, "SHA1");
	assert_int_equal(tls_sigalgs_sha224_len, 3);
	for (size_t i = 0; i < tls_sigalgs_sha224_len; i++)
		assert_string_equal(tls_sigscheme_find(tls_sigalgs_sha224[i])->hash, "SHA224");
	assert_true(tls_sigalgs_default_len >= 10);
	assert_int_equal(tls_sigalgs_default[0], 0x0403);
	for (size_t i = 0; i < tls_sigalgs_default_len; i++) {
		const struct tls_sigscheme *s = tls_sigscheme_find(tls_sigalgs_default[i]);
		assert_non_null(s);
		assert_string_not_equal(s->hash, "SHA1"); /* OpenSSL 3 at level 1 drops SHA-1 */
		assert_string_not_equal(s->hash, "MD5");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_class_names),
		cmocka_unit_test(test_class_good_suites),
		cmocka_unit_test(test_class_sufficient_suites),
		cmocka_unit_test(test_class_phase_out_35_suites),
		cmocka_unit_test(test_class_cbc_sha1_insufficient),
		cmocka_unit_test(test_class_static_rsa_insufficient),
		cmocka_unit_test(test_class_ccm8_insufficient),
		cmocka_unit_test(test_class_weak_families_insufficient),
		cmocka_unit_test(test_class_unknown_code_insufficient),
		cmocka_unit_test(test_suite_find_every_code),
		cmocka_unit_test(test_scsv_and_flags),
		cmocka_unit_test(test_lookup_by_openssl_name),
		cmocka_unit_test(test_ssl2_specs),
		cmocka_unit_test(test_every_openssl_cipher_known),
		cmocka_unit_test(test_modern_flag_matches_libssl),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_version_classes),
		cmocka_unit_test(test_group_secp224r1_phase_out),
		cmocka_unit_test(test_group_x25519_good),
		cmocka_unit_test(test_group_ec_good_list),
		cmocka_unit_test(test_group_other_ec_insufficient),
		cmocka_unit_test(test_group_ffdhe_and_pq),
		cmocka_unit_test(test_dh_ffdhe2048_insufficient),
		cmocka_unit_test(test_dh_modp2048_insufficient),
		cmocka_unit_test(test_dh_ffdhe3072_phase_out),
		cmocka_unit_test(test_dh_generator_5_insufficient),
		cmocka_unit_test(test_dh_custom_prime_insufficient),
		cmocka_unit_test(test_dh_primes_match_openssl),
		cmocka_unit_test(test_dh_modp1024_identified),
		cmocka_unit_test(test_dh_all_group_names),
		cmocka_unit_test(test_sigscheme_lookup),
		cmocka_unit_test(test_sigalgs_probe_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
