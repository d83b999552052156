/*
 * certpool.c -- X.509 facts for the web-PKI policy (spec §8 item 45), read from
 * OpenSSL's parsed certificates. Decoding is OpenSSL's (d2i of each extension);
 * nothing here judges: an extension that does not decode is `malformed`, a value
 * that cannot be represented is stored so that checks/webpki.c rejects it the way
 * cryptography rejects the original (an empty DNS name is never a valid name).
 */
#include "tls/certpool.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/sha.h>
#include <openssl/x509v3.h>

/* CA/B BR 7.1.3.2: the permitted signature AlgorithmIdentifiers, DER. */
static const uint8_t SIG_RSA_SHA256[] = { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
	0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00 };
static const uint8_t SIG_RSA_SHA384[] = { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
	0x0d, 0x01, 0x01, 0x0c, 0x05, 0x00 };
static const uint8_t SIG_RSA_SHA512[] = { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
	0x0d, 0x01, 0x01, 0x0d, 0x05, 0x00 };
/* RSASSA-PSS, hash = MGF1 hash = SHA-256/384/512, salt = hash length, trailer 1 */
#define PSS(h, salt) { 0x30, 0x41, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, \
	0x0a, 0x30, 0x34, 0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, \
	0x04, 0x02, h, 0x05, 0x00, 0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, \
	0xf7, 0x0d, 0x01, 0x01, 0x08, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, \
	0x04, 0x02, h, 0x05, 0x00, 0xa2, 0x03, 0x02, 0x01, salt }
static const uint8_t SIG_PSS_SHA256[] = PSS(0x01, 0x20);
static const uint8_t SIG_PSS_SHA384[] = PSS(0x02, 0x30);
static const uint8_t SIG_PSS_SHA512[] = PSS(0x03, 0x40);
#undef PSS
static const uint8_t SIG_ECDSA_SHA256[] = { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
	0x3d, 0x04, 0x03, 0x02 };
static const uint8_t SIG_ECDSA_SHA384[] = { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
	0x3d, 0x04, 0x03, 0x03 };
static const uint8_t SIG_ECDSA_SHA512[] = { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
	0x3d, 0x04, 0x03, 0x04 };

/* CA/B BR 7.1.3.1: the permitted SubjectPublicKeyInfo algorithms, DER. */
static const uint8_t SPKI_RSA[] = { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
	0x01, 0x01, 0x01, 0x05, 0x00 };
static const uint8_t SPKI_P256[] = { 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02,
	0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
static const uint8_t SPKI_P384[] = { 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02,
	0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22 };
static const uint8_t SPKI_P521[] = { 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02,
	0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23 };

struct der_entry {
	const uint8_t *der;
	size_t len;
};
#define DER(a) { a, sizeof(a) }

static const struct der_entry permitted_sigs[] = {
	DER(SIG_RSA_SHA256), DER(SIG_RSA_SHA384), DER(SIG_RSA_SHA512),
	DER(SIG_PSS_SHA256), DER(SIG_PSS_SHA384), DER(SIG_PSS_SHA512),
	DER(SIG_ECDSA_SHA256), DER(SIG_ECDSA_SHA384), DER(SIG_ECDSA_SHA512),
};

/* One DER encoding of an X509_ALGOR, malloc'd by OpenSSL (len 0: none). */
static int algor_der(const X509_ALGOR *a, unsigned char **der)
{
	*der = NULL;
	return a == NULL ? 0 : i2d_X509_ALGOR(a, der);
}

static bool der_eq(const unsigned char *a, int alen, const uint8_t *b, size_t blen)
{
	return alen > 0 && (size_t)alen == blen && memcmp(a, b, blen) == 0;
}

static void name_id(const X509_NAME *n, uint8_t out[32], bool *empty)
{
	unsigned char *der = NULL;
	int len = n == NULL ? -1 : i2d_X509_NAME(n, &der);

	memset(out, 0, 32);
	if (len > 0)
		SHA256(der, (size_t)len, out);
	*empty = n == NULL || X509_NAME_entry_count(n) == 0;
	OPENSSL_free(der);
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* ASN1_TIME -> Unix seconds; *bad_encoding: GeneralizedTime for 1950-2049 (RFC 5280
 * 4.1.2.5). An unreadable time becomes 0 with *ok false. */
static int64_t cert_time(const ASN1_TIME *t, bool *bad_encoding, bool *ok)
{
	struct tm tm;

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1) {
		*ok = false;
		return 0;
	}
	int year = tm.tm_year + 1900;
	if (ASN1_STRING_type(t) == V_ASN1_GENERALIZEDTIME && year >= 1950 && year < 2050)
		*bad_encoding = true;
	return days_from_civil(year, tm.tm_mon + 1, tm.tm_mday) * 86400 + tm.tm_hour * 3600 +
	       tm.tm_min * 60 + tm.tm_sec;
}

/* A GeneralName as facts: text kinds copied when they are plain ASCII without NUL
 * (anything else is stored empty, which no DNS or e-mail rule accepts), IP bytes raw. */
static void gname_fact(const GENERAL_NAME *g, struct cert_gname *out)
{
	const ASN1_STRING *s = NULL;

	memset(out, 0, sizeof(*out));
	out->type = (uint8_t)g->type;
	switch (g->type) {
	case GEN_EMAIL: s = g->d.rfc822Name; break;
	case GEN_DNS:   s = g->d.dNSName; break;
	case GEN_URI:   s = g->d.uniformResourceIdentifier; break;
	case GEN_IPADD: s = g->d.iPAddress; break;
	default:        return;
	}
	if (s == NULL)
		return;
	const unsigned char *p = ASN1_STRING_get0_data(s);
	int len = ASN1_STRING_length(s);
	if (g->type == GEN_IPADD) {
		if (len > 0 && len <= 32) {
			memcpy(out->value, p, (size_t)len);
			out->len = (uint8_t)len;
		}
		return;
	}
	if (len <= 0 || len >= CERT_GNAME_LEN)
		return;
	for (int i = 0; i < len; i++)
		if (p[i] == 0 || p[i] > 0x7e)
			return;
	memcpy(out->value, p, (size_t)len);
	out->value[len] = '\0';
	out->len = (uint8_t)len;
}

static struct cert_gname *gnames_from(const GENERAL_NAMES *names, size_t *n, bool *cut)
{
	int count = names == NULL ? 0 : sk_GENERAL_NAME_num(names);
	struct cert_gname *out;

	*n = 0;
	if (count <= 0)
		return NULL;
	if (count > CERT_GNAMES_MAX) {
		*cut = true;
		count = CERT_GNAMES_MAX;
	}
	out = calloc((size_t)count, sizeof(*out));
	if (out == NULL) {
		*cut = true;
		return NULL;
	}
	for (int i = 0; i < count; i++)
		gname_fact(sk_GENERAL_NAME_value(names, i), &out[(*n)++]);
	return out;
}

static struct cert_gname *subtrees_from(const STACK_OF(GENERAL_SUBTREE) *st, size_t *n, bool *cut)
{
	int count = st == NULL ? 0 : sk_GENERAL_SUBTREE_num(st);
	struct cert_gname *out;

	*n = 0;
	if (count <= 0)
		return NULL;
	if (count > CERT_SUBTREES_MAX) {
		*cut = true;
		count = CERT_SUBTREES_MAX;
	}
	out = calloc((size_t)count, sizeof(*out));
	if (out == NULL) {
		*cut = true;
		return NULL;
	}
	for (int i = 0; i < count; i++)
		gname_fact(sk_GENERAL_SUBTREE_value(st, i)->base, &out[(*n)++]);
	return out;
}

static void keyid_copy(const ASN1_OCTET_STRING *s, uint8_t *dst, uint8_t *len)
{
	int l = s == NULL ? 0 : ASN1_STRING_length(s);

	if (l > CERT_KEYID_LEN)
		l = CERT_KEYID_LEN;
	if (l > 0)
		memcpy(dst, ASN1_STRING_get0_data(s), (size_t)l);
	*len = (uint8_t)(l > 0 ? l : 0);
}

/* Decode one known extension into the facts; false: it does not decode. */
static bool ext_decode(X509_EXTENSION *ext, int nid, struct cert_fact *f)
{
	void *v = X509V3_EXT_d2i(ext);

	if (v == NULL)
		return false;
	switch (nid) {
	case NID_basic_constraints: {
		BASIC_CONSTRAINTS *bc = v;
		f->bc_ca = bc->ca != 0;
		f->bc_has_pathlen = bc->pathlen != NULL;
		f->bc_pathlen = bc->pathlen ? ASN1_INTEGER_get(bc->pathlen) : 0;
		BASIC_CONSTRAINTS_free(bc);
		break;
	}
	case NID_key_usage: {
		ASN1_BIT_STRING *ku = v;
		f->ku_key_cert_sign = ASN1_BIT_STRING_get_bit(ku, 5) != 0;
		ASN1_BIT_STRING_free(ku);
		break;
	}
	case NID_ext_key_usage: {
		EXTENDED_KEY_USAGE *eku = v;
		for (int i = 0; i < sk_ASN1_OBJECT_num(eku); i++) {
			int en = OBJ_obj2nid(sk_ASN1_OBJECT_value(eku, i));
			f->eku_server_auth |= en == NID_server_auth;
			f->eku_any |= en == NID_anyExtendedKeyUsage;
		}
		sk_ASN1_OBJECT_pop_free(eku, ASN1_OBJECT_free);
		break;
	}
	case NID_authority_key_identifier: {
		AUTHORITY_KEYID *aki = v;
		f->aki_has_keyid = aki->keyid != NULL;
		f->aki_has_issuer = aki->issuer != NULL;
		f->aki_has_serial = aki->serial != NULL;
		keyid_copy(aki->keyid, f->aki_keyid, &f->aki_keyid_len);
		AUTHORITY_KEYID_free(aki);
		break;
	}
	case NID_subject_key_identifier:
		keyid_copy(v, f->ski_keyid, &f->ski_keyid_len);
		ASN1_OCTET_STRING_free(v);
		break;
	case NID_subject_alt_name:
		free(f->gnames);
		f->gnames = gnames_from(v, &f->n_gnames, &f->gnames_cut);
		GENERAL_NAMES_free(v);
		break;
	case NID_name_constraints: {
		NAME_CONSTRAINTS *nc = v;
		f->nc_has_permitted = nc->permittedSubtrees != NULL;
		f->nc_has_excluded = nc->excludedSubtrees != NULL;
		free(f->permitted);
		free(f->excluded);
		f->permitted = subtrees_from(nc->permittedSubtrees, &f->n_permitted, &f->subtrees_cut);
		f->excluded = subtrees_from(nc->excludedSubtrees, &f->n_excluded, &f->subtrees_cut);
		NAME_CONSTRAINTS_free(nc);
		break;
	}
	case NID_info_access:
		AUTHORITY_INFO_ACCESS_free(v);
		break;
	default:
		/* not reached: only the eight known NIDs are decoded */
		break;
	}
	return true;
}

static struct cert_ext *known_ext(struct cert_fact *f, int nid)
{
	switch (nid) {
	case NID_info_access:               return &f->aia;
	case NID_authority_key_identifier:  return &f->aki;
	case NID_subject_key_identifier:    return &f->ski;
	case NID_key_usage:                 return &f->ku;
	case NID_subject_alt_name:          return &f->san;
	case NID_basic_constraints:         return &f->bc;
	case NID_name_constraints:          return &f->nc;
	case NID_ext_key_usage:             return &f->eku;
	default:                            return NULL;
	}
}

static void extensions_fact(X509 *x, struct cert_fact *f)
{
	int count = X509_get_ext_count(x);

	for (int i = 0; i < count; i++) {
		X509_EXTENSION *ext = X509_get_ext(x, i);
		const ASN1_OBJECT *obj = X509_EXTENSION_get_object(ext);
		int nid = OBJ_obj2nid(obj);
		bool critical = X509_EXTENSION_get_critical(ext) > 0;

		for (int j = 0; j < i; j++)
			if (OBJ_cmp(obj, X509_EXTENSION_get_object(X509_get_ext(x, j))) == 0)
				f->duplicate_ext = true;
		struct cert_ext *e = known_ext(f, nid);
		if (e == NULL) {
			f->unknown_critical |= critical;
			continue;
		}
		if (e->present)
			continue;   /* duplicate_ext is already set */
		e->present = true;
		e->critical = critical;
		e->malformed = !ext_decode(ext, nid, f);
	}
}

static void pubkey_fact(X509 *x, struct cert_fact *f)
{
	X509_PUBKEY *pub = X509_get_X509_PUBKEY(x);
	X509_ALGOR *pa = NULL;
	unsigned char *der = NULL;
	int len;

	if (pub == NULL || X509_PUBKEY_get0_param(NULL, NULL, NULL, &pa, pub) != 1)
		return;
	len = algor_der(pa, &der);
	if (der_eq(der, len, SPKI_RSA, sizeof(SPKI_RSA)))
		f->spki = CERT_SPKI_RSA;
	else if (der_eq(der, len, SPKI_P256, sizeof(SPKI_P256)))
		f->spki = CERT_SPKI_P256;
	else if (der_eq(der, len, SPKI_P384, sizeof(SPKI_P384)))
		f->spki = CERT_SPKI_P384;
	else if (der_eq(der, len, SPKI_P521, sizeof(SPKI_P521)))
		f->spki = CERT_SPKI_P521;
	OPENSSL_free(der);

	EVP_PKEY *pk = X509_get0_pubkey(x);
	f->pubkey_ok = pk != NULL;
	if (pk != NULL && f->spki == CERT_SPKI_RSA) {
		BIGNUM *n = NULL;
		if (EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_N, &n) == 1) {
			int bits = BN_num_bits(n);
			/* the INTEGER's content octets, sign octet included, as cryptography counts */
			f->rsa_modulus_bytes = bits / 8 + 1;
		}
		BN_free(n);
	}
}

void certpool_fact(X509 *x, struct cert_fact *f)
{
	const X509_ALGOR *outer = NULL, *inner;
	unsigned char *d1 = NULL, *d2 = NULL;
	int l1, l2;
	bool time_ok = true;

	memset(f, 0, sizeof(*f));
	if (x == NULL) {
		f->malformed = true;
		return;
	}
	int idx = X509_NAME_get_index_by_NID(X509_get_subject_name(x), NID_commonName, -1);
	if (idx >= 0) {
		const ASN1_STRING *cn = X509_NAME_ENTRY_get_data(
			X509_NAME_get_entry(X509_get_subject_name(x), idx));
		const unsigned char *p = ASN1_STRING_get0_data(cn);
		int len = ASN1_STRING_length(cn);
		size_t k = 0;
		for (int i = 0; i < len && k + 1 < sizeof(f->cn); i++)
			f->cn[k++] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
		f->cn[k] = '\0';
	}
	name_id(X509_get_subject_name(x), f->subject_id, &f->subject_empty);
	name_id(X509_get_issuer_name(x), f->issuer_id, &f->issuer_empty);
	f->self_issued = memcmp(f->subject_id, f->issuer_id, 32) == 0;
	f->version = (int)X509_get_version(x);

	X509_get0_signature(NULL, &outer, x);
	inner = X509_get0_tbs_sigalg(x);
	l1 = algor_der(outer, &d1);
	l2 = algor_der(inner, &d2);
	f->sig_alg_match = l1 > 0 && l1 == l2 && memcmp(d1, d2, (size_t)l1) == 0;
	for (size_t i = 0; i < sizeof(permitted_sigs) / sizeof(*permitted_sigs); i++)
		if (der_eq(d1, l1, permitted_sigs[i].der, permitted_sigs[i].len))
			f->sig_alg_permitted = true;
	OPENSSL_free(d1);
	OPENSSL_free(d2);
	if (outer != NULL) {
		const ASN1_OBJECT *oid = NULL;
		X509_ALGOR_get0(&oid, NULL, NULL, outer);
		OBJ_obj2txt(f->sig_alg, sizeof(f->sig_alg), oid, 0);
	}

	pubkey_fact(x, f);

	const ASN1_INTEGER *serial = X509_get0_serialNumber(x);
	int slen = serial == NULL ? -1 : i2d_ASN1_INTEGER(serial, NULL);
	/* content octets: minus the tag and a short-form length (serials are short) */
	f->serial_len = slen < 2 ? 0 : slen - 2 < 128 ? slen - 2 : slen - 3;
	f->serial_negative = serial != NULL && ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER;

	f->not_before = cert_time(X509_get0_notBefore(x), &f->validity_encoding_bad, &time_ok);
	f->not_after = cert_time(X509_get0_notAfter(x), &f->validity_encoding_bad, &time_ok);
	if (!time_ok)
		f->malformed = true;

	extensions_fact(x, f);
	ERR_clear_error();
}

void certpool_fact_release(struct cert_fact *f)
{
	free(f->gnames);
	free(f->permitted);
	free(f->excluded);
	f->gnames = f->permitted = f->excluded = NULL;
	f->n_gnames = f->n_permitted = f->n_excluded = 0;
}

static struct cert_gname *gnames_dup(const struct cert_gname *src, size_t n)
{
	struct cert_gname *d;

	if (src == NULL || n == 0)
		return NULL;
	d = malloc(n * sizeof *d);
	if (d != NULL)
		memcpy(d, src, n * sizeof *d);
	return d;
}

int certpool_copy(struct certpool *dst, const struct certpool *src)
{
	*dst = *src;
	for (size_t i = 0; i < src->n; i++) {
		const struct cert_fact *s = &src->cert[i];
		struct cert_fact *d = &dst->cert[i];

		d->gnames = gnames_dup(s->gnames, s->n_gnames);
		d->permitted = gnames_dup(s->permitted, s->n_permitted);
		d->excluded = gnames_dup(s->excluded, s->n_excluded);
		if ((s->n_gnames > 0 && s->gnames != NULL && d->gnames == NULL) ||
		    (s->n_permitted > 0 && s->permitted != NULL && d->permitted == NULL) ||
		    (s->n_excluded > 0 && s->excluded != NULL && d->excluded == NULL)) {
			dst->n = i + 1;
			certpool_release(dst);
			return -1;
		}
	}
	return 0;
}

void certpool_release(struct certpool *pool)
{
	for (size_t i = 0; i < pool->n; i++)
		certpool_fact_release(&pool->cert[i]);
	pool->n = 0;
}

/* Store certificates whose subject is `name` (NULL: none), as a new stack. */
static STACK_OF(X509) *store_by_subject(X509_STORE *store, const X509_NAME *name)
{
	X509_STORE_CTX *sc = X509_STORE_CTX_new();
	STACK_OF(X509) *found = NULL;

	if (sc != NULL && X509_STORE_CTX_init(sc, store, NULL, NULL) == 1)
		found = X509_STORE_CTX_get1_certs(sc, (X509_NAME *)name);
	X509_STORE_CTX_free(sc);
	ERR_clear_error();
	return found;
}

/* Add `x` unless an identical certificate is there; returns its index or -1 (full). */
static int pool_add(struct certpool *pool, X509 **xs, X509 *x, bool served, bool in_store)
{
	for (size_t i = 0; i < pool->n; i++)
		if (X509_cmp(xs[i], x) == 0) {
			pool->cert[i].served |= served;
			pool->cert[i].in_store |= in_store;
			return (int)i;
		}
	if (pool->n >= CERTPOOL_MAX) {
		pool->cut = true;
		return -1;
	}
	if (X509_up_ref(x) != 1)
		return -1;
	xs[pool->n] = x;
	certpool_fact(x, &pool->cert[pool->n]);
	pool->cert[pool->n].served = served;
	pool->cert[pool->n].in_store = in_store;
	return (int)pool->n++;
}

int certpool_build(struct certpool *pool, STACK_OF(X509) *served, X509_STORE *store)
{
	X509 *xs[CERTPOOL_MAX] = { 0 };
	int rc = -1;

	memset(pool, 0, sizeof(*pool));
	if (served == NULL || sk_X509_num(served) < 1)
		return -1;
	for (int i = 0; i < sk_X509_num(served); i++) {
		X509 *x = sk_X509_value(served, i);
		/* a served certificate may itself be a trust anchor */
		STACK_OF(X509) *same = store ? store_by_subject(store, X509_get_subject_name(x)) : NULL;
		bool anchor = false;
		for (int k = 0; same != NULL && k < sk_X509_num(same); k++)
			anchor |= X509_cmp(sk_X509_value(same, k), x) == 0;
		sk_X509_pop_free(same, X509_free);
		if (pool_add(pool, xs, x, true, anchor) < 0 && i == 0)
			goto out;
	}
	/* transitively, every store certificate named as an issuer */
	for (size_t i = 0; store != NULL && i < pool->n; i++) {
		STACK_OF(X509) *cands = store_by_subject(store, X509_get_issuer_name(xs[i]));
		for (int k = 0; cands != NULL && k < sk_X509_num(cands); k++)
			pool_add(pool, xs, sk_X509_value(cands, k), false, true);
		sk_X509_pop_free(cands, X509_free);
	}
	/* who signed whom, where the names allow it */
	for (size_t i = 0; i < pool->n; i++)
		for (size_t j = 0; j < pool->n; j++) {
			if (memcmp(pool->cert[j].subject_id, pool->cert[i].issuer_id, 32) != 0)
				continue;
			EVP_PKEY *pk = X509_get0_pubkey(xs[j]);
			if (pk != NULL && X509_verify(xs[i], pk) == 1)
				pool->signed_by[i] |= UINT32_C(1) << j;
		}
	rc = 0;
out:
	for (size_t i = 0; i < CERTPOOL_MAX; i++)
		X509_free(xs[i]);
	ERR_clear_error();
	return rc;
}

uint16_t certpool_ec_group(const uint8_t *der, size_t len)
{
	static const struct {
		int nid;
		uint16_t group;
	} curves[] = {
		{ NID_X9_62_prime256v1, 23 }, { NID_secp384r1, 24 }, { NID_secp521r1, 25 },
		{ NID_brainpoolP256r1, 26 }, { NID_brainpoolP384r1, 27 }, { NID_brainpoolP512r1, 28 },
	};
	const unsigned char *p = der;
	X509 *x = der != NULL && len > 0 && len < (size_t)LONG_MAX ? d2i_X509(NULL, &p, (long)len) : NULL;
	EVP_PKEY *pk = x != NULL ? X509_get0_pubkey(x) : NULL;
	char name[64];
	uint16_t group = 0;

	if (pk != NULL && EVP_PKEY_get_base_id(pk) == EVP_PKEY_EC &&
	    EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof(name), NULL) == 1) {
		int nid = OBJ_txt2nid(name);
		for (size_t i = 0; i < sizeof(curves) / sizeof(*curves); i++)
			if (curves[i].nid == nid)
				group = curves[i].group;
	}
	X509_free(x);
	ERR_clear_error();
	return group;
}
