/*
 * test_dkimkey.c -- DKIM key records (RFC 6376 §3.2/§3.6.1, RFC 8463, RFC 8301):
 * one test per rule. The RSA keys were made once with
 *   openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:N | openssl pkey -pubout -outform DER
 * (RSA1024_PKCS1: openssl rsa -RSAPublicKey_out -outform DER), then base64.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/dkimkey.h"

#define RSA512 \
	"MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAKV4Oo/m7CRnwSkg800MNvzVZMctANBf6PN/KlK/ODda" \
	"mYjjaSvWq++OlznQAwEX+V/B+Tsx6ZChFxur/PW5grcCAwEAAQ=="

#define RSA1024 \
	"MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDKJfcMLT5AkZJaVCbqd0yfWSxg+zN4A/byAnKt" \
	"qISo2pmWqGmzKKrmvuY8tDavsE8//6jHbKvlg1DZSjgTrUhvv4lieRwBRFD55F8OBycBqWGHuhxP" \
	"o6Amlv13JPVPxEWSySy2kpKTzU4hAoh7xyxHfJ9PGWh620IeQaBM9fNB4QIDAQAB"

#define RSA2048 \
	"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAnYJnZwQysg5VNC/+h/ntX4q7AUyYWfaL" \
	"RoiZidqiWNDlFJiI7pISG/zfQEDA4zTcdk5ygzkZkmgT+hPDfQ52HmADmfysKCf7MTDKkSM4j3WP" \
	"GTUzOiOTUoLi8M1e9304r0bRLSk52wbCVXEc6oJWw6Er+aZhJ+jd7NpWsl8fz2phwNpk60RVua7B" \
	"YVPuJZ3zMnAzSdo7qzJcA+XLypoVBKvG3zWydV/JsnL3DiwJWm3svxQy1GAn9KXLokqVw6Gv7/N4" \
	"0gS1oyziLxleqShs6pVq8HZJJZJLpylg7qze/FSZgcF3lzq0Tn0w6osIxlwmrPc87QDmnCxCd1lb" \
	"mB/UCQIDAQAB"

#define RSA4096 \
	"MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEA2V/ybHlNYMsxtKpA6NPkLa2G1WTxiOr/" \
	"qr3kDtAIR45FifUhtXQcF0dUW67JFS/n+1ty3dX4ANuuivUVmXF3cIQc69zWgFJ+MWtw+BvHoZxh" \
	"UVzyP8ZeCUqNOsmJPRyUxWJHmU4NMllrs9KtwtA0+qv3FB0+GoK7PRs09nvKujYbYiW+VdEThK1Q" \
	"x2YjF5QbeImPlgsLw9B2s05MEwHQY8NmpC+2a/HmvIOM5xLsctoY4v4eSErfxQw/PiiQLYuFCBts" \
	"uyENSbaFfMF8094iDHWCFJsgSFJS9HH6iSLuTdC0ia60jvsf1YxbwudpAolLE+4dJDmb+TcDveIB" \
	"hanMXPEQ12vOf7HL/h+IBZNKtDhvdQh6rg2jb3yUP/Pli1Wb3jQIufJZpT9+V4DF8e/JUz4CkVlT" \
	"7girVvO7gaw9ypLIYsmAEHIw+HAFbAqVnNi+wFtEmv8hlyhSJjN60qIqVMvuQLkSHmA1bjBCA0P4" \
	"FuK3JqRXi/s4Exvrvno04tJzMpIrveH67W76p6N7Gt+pA7nr/dlenvtRQACjtsI3U5GxP/00CxzR" \
	"OeWGFI7sUzXmu9d2mTF2G9NtfFA1ttNEOXh7Ee4GQXbu2L2i6rkcu2A4g1IEY1xN6KCz7YZAiZoI" \
	"7MKpMCrv1ZLItMTrPUVpry4Sarpyn/MQ1qSep3TUErkCAwEAAQ=="

#define RSA1024_PKCS1 \
	"MIGJAoGBAMol9wwtPkCRklpUJup3TJ9ZLGD7M3gD9vICcq2ohKjamZaoabMoqua+5jy0Nq+wTz//" \
	"qMdsq+WDUNlKOBOtSG+/iWJ5HAFEUPnkXw4HJwGpYYe6HE+joCaW/Xck9U/ERZLJLLaSkpPNTiEC" \
	"iHvHLEd8n08ZaHrbQh5BoEz180HhAgMBAAE="

/* A raw Ed25519 public key (RFC 8463 §4) and one byte short of it. */
#define ED25519_32 "UxkMnMh5Ly1X3c1RIMtg7q0QopZu9mAIOyY+7eTG+Dc="
#define ED25519_31 "UxkMnMh5Ly1X3c1RIMtg7q0QopZu9mAIOyY+7eTG+A=="
/* A P-256 SubjectPublicKeyInfo: DER, but not RSA. */
#define EC_P256 \
	"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEdAX8HVr0BqyTUfdVG9ht3ZkCBeBsY+NIEf9mFc2BR3mcnWtL" \
	"twtxO9EyxLKSvAqLhH17UYaV0BF8JwhwCw00aw=="

/* Judge `rec`; check status and verdict; return the details (caller decrefs). */
static json_t *judge(const char *rec, enum status want, const char *want_verdict)
{
	const char *verdict = NULL;
	json_t *d = NULL;
	enum status st = dkimkey_evaluate(rec, strlen(rec), &verdict, &d);
	if (st != want || strcmp(verdict, want_verdict) != 0)
		print_error("record \"%.60s\": got %d/%s, want %d/%s (%s)\n", rec, st, verdict, want,
		            want_verdict, json_string_value(json_object_get(d, "reason")));
	assert_int_equal(st, want);
	assert_string_equal(verdict, want_verdict);
	assert_non_null(d);
	return d;
}

static int bits_of(json_t *d)
{
	return (int)json_integer_value(json_object_get(d, "bits"));
}

static void test_rsa_512_insufficient(void **s)
{
	(void)s;
	json_t *d = judge("v=DKIM1; k=rsa; p=" RSA512, STATUS_FAIL, "insufficient");
	assert_int_equal(bits_of(d), 512);
	assert_string_equal(json_string_value(json_object_get(d, "encoding")), "spki");
	json_decref(d);
}

static void test_rsa_1024_phase_out(void **s)
{
	(void)s;
	json_t *d = judge("v=DKIM1; k=rsa; p=" RSA1024, STATUS_NOTICE, "phase-out");
	assert_int_equal(bits_of(d), 1024);
	json_decref(d);
}

static void test_rsa_2048_good(void **s)
{
	(void)s;
	json_t *d = judge("v=DKIM1; k=rsa; p=" RSA2048, STATUS_SUCCESS, "good");
	assert_int_equal(bits_of(d), 2048);
	assert_string_equal(json_string_value(json_object_get(d, "key_type")), "rsa");
	assert_true(json_is_null(json_object_get(d, "reason")));
	json_decref(d);
}

static void test_rsa_4096_good(void **s)
{
	(void)s;
	json_t *d = judge("v=DKIM1; p=" RSA4096, STATUS_SUCCESS, "good");
	assert_int_equal(bits_of(d), 4096);
	json_decref(d);
}

static void test_k_default_rsa(void **s)
{
	(void)s;
	/* §3.6.1: k= defaults to rsa, v= is optional */
	json_t *d = judge("p=" RSA2048, STATUS_SUCCESS, "good");
	assert_string_equal(json_string_value(json_object_get(d, "key_type")), "rsa");
	json_decref(d);
}

static void test_rsa_bare_rsapublickey_accepted(void **s)
{
	(void)s;
	/* not the SPKI RFC 6376 asks for, but published widely and verified by most */
	json_t *d = judge("v=DKIM1; k=rsa; p=" RSA1024_PKCS1, STATUS_NOTICE, "phase-out");
	assert_int_equal(bits_of(d), 1024);
	assert_string_equal(json_string_value(json_object_get(d, "encoding")), "rsapublickey");
	json_decref(d);
}

static void test_rsa_not_rsa_key_invalid(void **s)
{
	(void)s;
	json_decref(judge("v=DKIM1; k=rsa; p=" EC_P256, STATUS_FAIL, "invalid"));
}

static void test_rsa_garbage_der_invalid(void **s)
{
	(void)s;
	json_t *d = judge("v=DKIM1; p=AAAAAAAA", STATUS_FAIL, "invalid");
	assert_non_null(strstr(json_string_value(json_object_get(d, "reason")), "DER"));
	json_decref(d);
	/* an SPKI with trailing bytes is not a key either */
	json_decref(judge("v=DKIM1; p=" RSA512 "AAAA", STATUS_FAIL, "invalid"));
}

static void test_ed25519_good(void **s)
{
	(void)s;
	json_t *d = judge("v=DKIM1; k=ed25519; p=" ED25519_32, STATUS_SUCCESS, "good");
	assert_string_equal(json_string_value(json_object_get(d, "key_type")), "ed25519");
	assert_string_equal(json_string_value(json_object_get(d, "encoding")), "raw");
	assert_int_equal(bits_of(d), 256);
	json_decref(d);
}

static void test_ed25519_31_bytes_invalid(void **s)
{
	(void)s;
	json_t *d = judge("v=DKIM1; k=ed25519; p=" ED25519_31, STATUS_FAIL, "invalid");
	assert_non_null(strstr(json_string_value(json_object_get(d, "reason")), "31 bytes"));
	json_decref(d);
	/* RFC 8463 §4: the raw key, not an SPKI */
	json_decref(judge("v=DKIM1; k=ed25519; p=" RSA512, STATUS_FAIL, "invalid"));
}

static void test_revoked(void **s)
{
	(void)s;
	json_decref(judge("v=DKIM1; k=rsa; p=", STATUS_INFO, "revoked"));
	json_decref(judge("v=DKIM1; p=;", STATUS_INFO, "revoked"));
	json_decref(judge("v=DKIM1; k=ed25519; p= ; t=y", STATUS_INFO, "revoked"));
}

static void test_p_missing_invalid(void **s)
{
	(void)s;
	json_t *d = judge("v=DKIM1; k=rsa", STATUS_FAIL, "invalid");
	assert_string_equal(json_string_value(json_object_get(d, "reason")), "no p= tag");
	json_decref(d);
}

static void test_p_not_base64_invalid(void **s)
{
	(void)s;
	json_decref(judge("p=MFwwDQ!J", STATUS_FAIL, "invalid"));
	json_decref(judge("p=MFwwD", STATUS_FAIL, "invalid"));       /* not a multiple of 4 */
	json_decref(judge("p=MF=wDQ==", STATUS_FAIL, "invalid"));    /* '=' inside */
	json_decref(judge("p====", STATUS_FAIL, "invalid"));
}

static void test_duplicate_tags_invalid(void **s)
{
	(void)s;
	json_t *d = judge("v=DKIM1; p=" RSA2048 "; k=rsa; p=" RSA2048, STATUS_FAIL, "invalid");
	assert_string_equal(json_string_value(json_object_get(d, "reason")), "duplicate tag p=");
	json_decref(d);
	json_decref(judge("v=DKIM1; t=y; t=s; p=" RSA2048, STATUS_FAIL, "invalid"));
	/* tag names are case-sensitive: K= is another (unknown, ignored) tag */
	json_decref(judge("v=DKIM1; k=rsa; K=foo; p=" RSA2048, STATUS_SUCCESS, "good"));
}

static void test_v_not_first_invalid(void **s)
{
	(void)s;
	json_t *d = judge("k=rsa; v=DKIM1; p=" RSA2048, STATUS_FAIL, "invalid");
	assert_string_equal(json_string_value(json_object_get(d, "reason")), "v= is not the first tag");
	json_decref(d);
}

static void test_v_not_dkim1_invalid(void **s)
{
	(void)s;
	json_decref(judge("v=DKIM2; p=" RSA2048, STATUS_FAIL, "invalid"));
	json_decref(judge("v=dkim1; p=" RSA2048, STATUS_FAIL, "invalid"));
	json_decref(judge("v=; p=" RSA2048, STATUS_FAIL, "invalid"));
}

static void test_unknown_k_unusable(void **s)
{
	(void)s;
	json_t *d = judge("v=DKIM1; k=dsa; p=" RSA2048, STATUS_FAIL, "unusable");
	assert_string_equal(json_string_value(json_object_get(d, "key_type")), "dsa");
	json_decref(d);
	json_decref(judge("v=DKIM1; k=RSA; p=" RSA2048, STATUS_FAIL, "unusable"));
}

static void test_unknown_tags_ignored(void **s)
{
	(void)s;
	json_decref(judge("v=DKIM1; x=anything; g=*; p=" RSA2048 "; z9_=1", STATUS_SUCCESS,
	                  "good"));
}

static void test_t_y_s_flags(void **s)
{
	(void)s;
	json_t *d = judge("v=DKIM1; t=y:s; p=" RSA2048, STATUS_SUCCESS, "good");
	assert_true(json_is_true(json_object_get(d, "testing")));
	assert_true(json_is_true(json_object_get(d, "strict")));
	json_decref(d);
	/* unknown flags are ignored; whitespace around ':' is FWS */
	d = judge("v=DKIM1; t= q : y ; p=" RSA2048, STATUS_SUCCESS, "good");
	assert_true(json_is_true(json_object_get(d, "testing")));
	assert_false(json_is_true(json_object_get(d, "strict")));
	json_decref(d);
	d = judge("v=DKIM1; t=yy; p=" RSA2048, STATUS_SUCCESS, "good");
	assert_false(json_is_true(json_object_get(d, "testing")));
	json_decref(d);
}

static void test_h_without_sha256_unusable(void **s)
{
	(void)s;
	json_decref(judge("v=DKIM1; h=sha1; p=" RSA2048, STATUS_FAIL, "unusable"));
	json_t *d = judge("v=DKIM1; h=sha1 : sha256; p=" RSA2048, STATUS_SUCCESS, "good");
	assert_string_equal(json_string_value(json_object_get(d, "hash_algorithms")), "sha1:sha256");
	json_decref(d);
}

static void test_s_not_email_unusable(void **s)
{
	(void)s;
	json_decref(judge("v=DKIM1; s=tlsrpt; p=" RSA2048, STATUS_FAIL, "unusable"));
	json_decref(judge("v=DKIM1; s=email:tlsrpt; p=" RSA2048, STATUS_SUCCESS, "good"));
	json_decref(judge("v=DKIM1; s=*; p=" RSA2048, STATUS_SUCCESS, "good"));
}

static void test_n_notes_kept(void **s)
{
	(void)s;
	json_t *d = judge("v=DKIM1; n=rotated=20next=20week; p=" RSA2048, STATUS_SUCCESS, "good");
	assert_string_equal(json_string_value(json_object_get(d, "notes")), "rotated=20next=20week");
	json_decref(d);
}

static void test_whitespace_and_folding(void **s)
{
	(void)s;
	/* §3.2: FWS around names, '=' and inside values; base64 may be folded anywhere */
	char rec[1024];
	snprintf(rec, sizeof(rec), " v = DKIM1 ;\tk=rsa;\r\n\tp=%.40s \r\n %s ;  ", RSA2048,
	         RSA2048 + 40);
	json_decref(judge(rec, STATUS_SUCCESS, "good"));
	/* the resolver's \DDD escapes of TAB, CR, LF count as those bytes */
	snprintf(rec, sizeof(rec), "v=DKIM1;\\009p=%.40s\\013\\010\\032%s", RSA2048, RSA2048 + 40);
	json_decref(judge(rec, STATUS_SUCCESS, "good"));
	/* a CRLF not followed by WSP is not folding; nor is a bare LF */
	snprintf(rec, sizeof(rec), "v=DKIM1; p=%.40s\r\n%s", RSA2048, RSA2048 + 40);
	json_decref(judge(rec, STATUS_FAIL, "invalid"));
	snprintf(rec, sizeof(rec), "v=DKIM1;\np=%s", RSA2048);
	json_decref(judge(rec, STATUS_FAIL, "invalid"));
}

static void test_grammar_errors_invalid(void **s)
{
	(void)s;
	json_decref(judge("", STATUS_FAIL, "invalid"));
	json_decref(judge("   ", STATUS_FAIL, "invalid"));
	json_decref(judge("v=DKIM1;; p=" RSA2048, STATUS_FAIL, "invalid"));  /* empty tag-spec */
	json_decref(judge("v=DKIM1; p", STATUS_FAIL, "invalid"));            /* no '=' */
	json_decref(judge("v=DKIM1; 1k=rsa; p=" RSA2048, STATUS_FAIL, "invalid"));
	json_decref(judge("v=DKIM1; n=caf\\195\\169; p=" RSA2048, STATUS_FAIL, "invalid"));
}

static void test_embedded_nul_is_data(void **s)
{
	(void)s;
	/* the length, not a NUL, ends the record: a NUL is not a VALCHAR */
	const char rec[] = "v=DKIM1; p=\0AAAA";
	const char *verdict;
	json_t *d = NULL;
	assert_int_equal(dkimkey_evaluate(rec, sizeof(rec) - 1, &verdict, &d), STATUS_FAIL);
	assert_string_equal(verdict, "invalid");
	json_decref(d);
}

static void test_record_parse_fields(void **s)
{
	(void)s;
	struct dkimkey_record rec;
	enum dkimkey_encoding enc;
	char why[128];
	const char *t = "v=DKIM1; k=ed25519; h=sha256; s=email; t=s; p=" ED25519_32;

	assert_int_equal(dkimkey_record_parse(t, strlen(t), &rec, why, sizeof(why)), 0);
	assert_true(rec.has_v);
	assert_int_equal(rec.type, DKIMKEY_ED25519);
	assert_string_equal(rec.h, "sha256");
	assert_string_equal(rec.s, "email");
	assert_true(rec.strict);
	assert_false(rec.testing);
	assert_int_equal(rec.key_len, 32);
	assert_int_equal(dkimkey_key_bits(&rec, &enc, why, sizeof(why)), 256);
	assert_int_equal(enc, DKIMKEY_ENC_RAW);
	dkimkey_record_free(&rec);
	assert_null(rec.key);

	t = "v=DKIM1; p=";
	assert_int_equal(dkimkey_record_parse(t, strlen(t), &rec, why, sizeof(why)), 0);
	assert_true(rec.revoked);
	assert_int_equal(dkimkey_key_bits(&rec, &enc, why, sizeof(why)), -1);
	dkimkey_record_free(&rec);

	t = "p=x; p=y";
	assert_int_equal(dkimkey_record_parse(t, strlen(t), &rec, why, sizeof(why)), -1);
	assert_null(rec.k);
}

static void test_selectors_worst_status(void **s)
{
	(void)s;
	const char *good = "v=DKIM1; p=" RSA2048, *weak = "v=DKIM1; p=" RSA1024,
	           *revoked = "v=DKIM1; p=";
	struct dkimkey_selector sel[] = {
		{ "s2048", good, strlen(good) },
		{ "old", weak, strlen(weak) },
		{ "gone", revoked, strlen(revoked) },
		{ "missing", NULL, 0 },
	};
	const char *verdict;
	json_t *d = NULL, *list;

	assert_int_equal(dkimkey_evaluate_selectors(sel, 4, &verdict, &d), STATUS_NOTICE);
	assert_string_equal(verdict, "phase-out");
	list = json_object_get(d, "selectors");
	assert_int_equal(json_array_size(list), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 1), "selector")),
	                    "old");
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 1), "status")),
	                    "warning");
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 2), "verdict")),
	                    "revoked");
	assert_true(json_is_false(json_object_get(json_array_get(list, 3), "found")));
	json_decref(d);

	assert_int_equal(dkimkey_evaluate_selectors(sel, 1, &verdict, NULL), STATUS_SUCCESS);
	assert_string_equal(verdict, "good");
	/* spec §2.1 rank: info is worse than passed, so a revoked key shows */
	sel[1] = sel[2];
	assert_int_equal(dkimkey_evaluate_selectors(sel, 2, &verdict, NULL), STATUS_INFO);
	assert_string_equal(verdict, "revoked");
}

static void test_selectors_none(void **s)
{
	(void)s;
	struct dkimkey_selector sel[] = { { "default", NULL, 0 } };
	const char *verdict;
	json_t *d = NULL;

	assert_int_equal(dkimkey_evaluate_selectors(sel, 1, &verdict, &d), STATUS_INFO);
	assert_string_equal(verdict, "none");
	json_decref(d);
	assert_int_equal(dkimkey_evaluate_selectors(NULL, 0, &verdict, NULL), STATUS_INFO);
	assert_string_equal(verdict, "none");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsa_512_insufficient),
		cmocka_unit_test(test_rsa_1024_phase_out),
		cmocka_unit_test(test_rsa_2048_good),
		cmocka_unit_test(test_rsa_4096_good),
		cmocka_unit_test(test_k_default_rsa),
		cmocka_unit_test(test_rsa_bare_rsapublickey_accepted),
		cmocka_unit_test(test_rsa_not_rsa_key_invalid),
		cmocka_unit_test(test_rsa_garbage_der_invalid),
		cmocka_unit_test(test_ed25519_good),
		cmocka_unit_test(test_ed25519_31_bytes_invalid),
		cmocka_unit_test(test_revoked),
		cmocka_unit_test(test_p_missing_invalid),
		cmocka_unit_test(test_p_not_base64_invalid),
		cmocka_unit_test(test_duplicate_tags_invalid),
		cmocka_unit_test(test_v_not_first_invalid),
		cmocka_unit_test(test_v_not_dkim1_invalid),
		cmocka_unit_test(test_unknown_k_unusable),
		cmocka_unit_test(test_unknown_tags_ignored),
		cmocka_unit_test(test_t_y_s_flags),
		cmocka_unit_test(test_h_without_sha256_unusable),
		cmocka_unit_test(test_s_not_email_unusable),
		cmocka_unit_test(test_n_notes_kept),
		cmocka_unit_test(test_whitespace_and_folding),
		cmocka_unit_test(test_grammar_errors_invalid),
		cmocka_unit_test(test_embedded_nul_is_data),
		cmocka_unit_test(test_record_parse_fields),
		cmocka_unit_test(test_selectors_worst_status),
		cmocka_unit_test(test_selectors_none),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
