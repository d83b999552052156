/*
 * dkimkey.c -- see dkimkey.h. The tag=value grammar of RFC 6376 §3.2, the key
 * record tags of §3.6.1, and key sizes through OpenSSL.
 *
 * The record text is untrusted: it is read only through byte_at(), which
 * returns -1 past the end, never by pointer arithmetic (STYLE rule 5).
 */
#include "checks/dkimkey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "report/catalog.h"

/* A byte string (the record after \DDD decoding). */
struct bytes {
	const uint8_t *p;
	size_t len;
};

/* One tag-spec: name and value as spans of the record (value without outer FWS). */
struct tag {
	size_t name, name_len;
	size_t value, value_len;
};

static int byte_at(const struct bytes *b, size_t i)
{
	return i < b->len ? b->p[i] : -1;
}

static bool is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static bool is_wsp(int c) { return c == ' ' || c == '\t'; }
/* §3.2 VALCHAR: %x21-3A / %x3C-7E (printable, not ';') */
static bool is_valchar(int c) { return c >= 0x21 && c <= 0x7e && c != ';'; }

/* The resolver's TXT text escapes non-printable bytes as \DDD: undo that, into a
 * malloc'd copy (never longer than the text). NULL when out of memory. */
static uint8_t *unescape(const char *text, size_t len, size_t *out_len)
{
	struct bytes t = { (const uint8_t *)text, len };
	uint8_t *out = malloc(len ? len : 1);
	size_t o = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len;) {
		int c = byte_at(&t, i), d1 = byte_at(&t, i + 1), d2 = byte_at(&t, i + 2),
		    d3 = byte_at(&t, i + 3);
		if (c == '\\' && is_digit(d1) && is_digit(d2) && is_digit(d3)) {
			int v = (d1 - '0') * 100 + (d2 - '0') * 10 + (d3 - '0');
			if (v <= 255) {
				out[o++] = (uint8_t)v;
				i += 4;
				continue;
			}
		}
		out[o++] = (uint8_t)c;
		i++;
	}
	*out_len = o;
	return out;
}

/*
 * §3.2 FWS = [*WSP CRLF] 1*WSP (RFC 5322): skip whitespace from `*pos`. A CR or
 * LF that is not part of a CRLF followed by WSP is an error (-1).
 */
static int skip_fws(const struct bytes *b, size_t *pos)
{
	for (;;) {
		int c = byte_at(b, *pos);
		if (is_wsp(c)) {
			(*pos)++;
		} else if (c == '\r' && byte_at(b, *pos + 1) == '\n' && is_wsp(byte_at(b, *pos + 2))) {
			*pos += 2;
		} else if (c == '\r' || c == '\n') {
			return -1;
		} else {
			return 0;
		}
	}
}

static bool tag_is(const struct bytes *b, const struct tag *t, const char *name)
{
	size_t n = strlen(name);
	if (t->name_len != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (byte_at(b, t->name + i) != (unsigned char)name[i])
			return false;
	return true;
}

static bool tag_same_name(const struct bytes *b, const struct tag *x, const struct tag *y)
{
	if (x->name_len != y->name_len)
		return false;
	for (size_t i = 0; i < x->name_len; i++)
		if (byte_at(b, x->name + i) != byte_at(b, y->name + i))
			return false;
	return true;
}

/* The value of `t` as a NUL-terminated malloc'd string; whitespace (FWS) dropped
 * when `strip`. NULL when out of memory. */
static char *tag_value(const struct bytes *b, const struct tag *t, bool strip)
{
	char *s = malloc(t->value_len + 1);
	size_t o = 0;

	if (!s)
		return NULL;
	for (size_t i = 0; i < t->value_len; i++) {
		int c = byte_at(b, t->value + i);
		if (strip && (is_wsp(c) || c == '\r' || c == '\n'))
			continue;
		s[o++] = (char)c;
	}
	s[o] = '\0';
	return s;
}

/*
 * §3.2 tag-list = tag-spec *( ";" tag-spec ) [ ";" ], tag-spec = [FWS] tag-name
 * [FWS] "=" [FWS] tag-value [FWS]. Fills a malloc'd array of tags. 0, or -1 with
 * `why` set (also when out of memory).
 */
static int tag_list_parse(const struct bytes *b, struct tag **tags, size_t *n, char *why,
                          size_t whylen)
{
	size_t pos = 0;

	*tags = NULL;
	*n = 0;
	for (;;) {
		struct tag t;
		struct tag *grown;
		int c;

		if (skip_fws(b, &pos) < 0)
			goto bad_fold;
		if (pos == b->len && *n > 0)
			return 0;   /* whitespace after the final ';' (tolerated) */
		/* tag-name = ALPHA *ALNUMPUNC */
		if (!is_alpha(byte_at(b, pos))) {
			if (*n == 0 && pos == b->len)
				snprintf(why, whylen, "empty record");
			else
				snprintf(why, whylen, "tag %zu: no tag name", *n + 1);
			goto fail;
		}
		t.name = pos;
		while (c = byte_at(b, pos), is_alpha(c) || is_digit(c) || c == '_')
			pos++;
		t.name_len = pos - t.name;
		if (skip_fws(b, &pos) < 0)
			goto bad_fold;
		if (byte_at(b, pos) != '=') {
			snprintf(why, whylen, "tag %zu: '=' expected", *n + 1);
			goto fail;
		}
		pos++;
		if (skip_fws(b, &pos) < 0)
			goto bad_fold;
		/* tag-value = [ tval *( 1*(WSP / FWS) tval ) ], tval = 1*VALCHAR */
		t.value = pos;
		t.value_len = 0;
		while ((c = byte_at(b, pos)) >= 0 && c != ';') {
			if (is_valchar(c)) {
				pos++;
				t.value_len = pos - t.value;
			} else if (is_wsp(c) || c == '\r' || c == '\n') {
				if (skip_fws(b, &pos) < 0)
					goto bad_fold;
			} else {
				snprintf(why, whylen, "tag %zu: byte 0x%02x not allowed in a value", *n + 1,
				         (unsigned)c);
				goto fail;
			}
		}
		grown = realloc(*tags, (*n + 1) * sizeof(**tags));
		if (!grown) {
			snprintf(why, whylen, "out of memory");
			goto fail;
		}
		*tags = grown;
		(*tags)[(*n)++] = t;
		if (c < 0)
			return 0;
		pos++;   /* ';' */
	}
bad_fold:
	snprintf(why, whylen, "tag %zu: CR or LF outside line folding", *n + 1);
fail:
	free(*tags);
	*tags = NULL;
	*n = 0;
	return -1;
}

static int b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (is_digit(c))
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Strict base64 (RFC 4648 §4; whitespace already removed): length a multiple of
 * 4, '=' only as the last one or two characters. A malloc'd key (NULL when
 * empty) or -1. */
static int base64_decode(const char *s, uint8_t **out, size_t *out_len)
{
	struct bytes b = { (const uint8_t *)s, strlen(s) };
	size_t pad = 0, o = 0;
	uint8_t *d;

	*out = NULL;
	*out_len = 0;
	if (b.len == 0)
		return 0;
	if (b.len % 4 != 0)
		return -1;
	if (byte_at(&b, b.len - 1) == '=')
		pad = byte_at(&b, b.len - 2) == '=' ? 2 : 1;
	d = malloc(b.len / 4 * 3);
	if (!d)
		return -1;
	for (size_t i = 0; i < b.len; i += 4) {
		uint32_t v = 0;
		for (size_t j = 0; j < 4; j++) {
			int x = b64_value(byte_at(&b, i + j));
			if (x < 0 && !(i + j >= b.len - pad)) {
				free(d);
				return -1;
			}
			v = v << 6 | (uint32_t)(x < 0 ? 0 : x);
		}
		d[o++] = (uint8_t)(v >> 16);
		if (i + 4 < b.len || pad < 2)
			d[o++] = (uint8_t)(v >> 8);
		if (i + 4 < b.len || pad < 1)
			d[o++] = (uint8_t)v;
	}
	*out = d;
	*out_len = o;
	return 0;
}

void dkimkey_record_free(struct dkimkey_record *rec)
{
	if (!rec)
		return;
	free(rec->k);
	free(rec->h);
	free(rec->s);
	free(rec->n);
	free(rec->key);
	memset(rec, 0, sizeof(*rec));
}

/* §3.6.1 t= flags: colon-separated; y and s known, others ignored. */
static void flags_parse(const char *t, struct dkimkey_record *out)
{
	size_t len = strlen(t);
	for (size_t i = 0; i < len;) {
		size_t j = i;
		while (j < len && t[j] != ':')
			j++;
		if (j - i == 1 && t[i] == 'y')
			out->testing = true;
		if (j - i == 1 && t[i] == 's')
			out->strict = true;
		i = j + 1;
	}
}

/* Does the colon-separated list `list` contain `item`? */
static bool list_has(const char *list, const char *item)
{
	size_t len = strlen(list), n = strlen(item);
	for (size_t i = 0; i <= len;) {
		size_t j = i;
		while (j < len && list[j] != ':')
			j++;
		if (j - i == n && strncmp(list + i, item, n) == 0)
			return true;
		i = j + 1;
	}
	return false;
}

int dkimkey_record_parse(const char *text, size_t len, struct dkimkey_record *out, char *why,
                         size_t whylen)
{
	struct tag *tags = NULL;
	size_t n = 0, blen = 0;
	uint8_t *buf = NULL;
	struct bytes b;
	const struct tag *p = NULL;
	char *pv = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	why[0] = '\0';
	buf = unescape(text ? text : "", text ? len : 0, &blen);
	if (!buf) {
		snprintf(why, whylen, "out of memory");
		goto out;
	}
	b.p = buf;
	b.len = blen;
	if (tag_list_parse(&b, &tags, &n, why, whylen) < 0)
		goto out;
	/* §3.2: a tag-list with duplicate names is invalid */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (tag_same_name(&b, &tags[i], &tags[j])) {
				char *name = malloc(tags[i].name_len + 1);
				if (name) {
					for (size_t k = 0; k < tags[i].name_len; k++)
						name[k] = (char)byte_at(&b, tags[i].name + k);
					name[tags[i].name_len] = '\0';
				}
				snprintf(why, whylen, "duplicate tag %s=", name ? name : "?");
				free(name);
				goto out;
			}
	out->type = DKIMKEY_RSA;   /* §3.6.1 k= default */
	for (size_t i = 0; i < n; i++) {
		const struct tag *t = &tags[i];
		char **dst = NULL;
		bool strip = true;

		if (tag_is(&b, t, "v")) {
			char *v = tag_value(&b, t, false);
			bool ok = v && strcmp(v, "DKIM1") == 0;
			free(v);
			/* §3.6.1 v=: if present, it MUST be the first tag and exactly "DKIM1" */
			if (i != 0) {
				snprintf(why, whylen, "v= is not the first tag");
				goto out;
			}
			if (!ok) {
				snprintf(why, whylen, "v= is not DKIM1");
				goto out;
			}
			out->has_v = true;
		} else if (tag_is(&b, t, "p")) {
			p = t;
		} else if (tag_is(&b, t, "k")) {
			dst = &out->k;
			strip = false;
		} else if (tag_is(&b, t, "h")) {
			dst = &out->h;
		} else if (tag_is(&b, t, "s")) {
			dst = &out->s;
		} else if (tag_is(&b, t, "n")) {
			dst = &out->n;
			strip = false;
		} else if (tag_is(&b, t, "t")) {
			char *flags = tag_value(&b, t, true);
			if (!flags) {
				snprintf(why, whylen, "out of memory");
				goto out;
			}
			flags_parse(flags, out);
			free(flags);
		}
		/* other tags: §3.2 unrecognised tags MUST be ignored */
		if (dst) {
			*dst = tag_value(&b, t, strip);
			if (!*dst) {
				snprintf(why, whylen, "out of memory");
				goto out;
			}
		}
	}
	if (out->k)
		out->type = strcmp(out->k, "rsa") == 0       ? DKIMKEY_RSA
		            : strcmp(out->k, "ed25519") == 0 ? DKIMKEY_ED25519
		                                             : DKIMKEY_UNKNOWN;
	/* §3.6.1 p=: REQUIRED; empty means revoked */
	if (!p) {
		snprintf(why, whylen, "no p= tag");
		goto out;
	}
	pv = tag_value(&b, p, true);
	if (!pv) {
		snprintf(why, whylen, "out of memory");
		goto out;
	}
	if (base64_decode(pv, &out->key, &out->key_len) < 0) {
		snprintf(why, whylen, "p= is not base64");
		goto out;
	}
	out->revoked = out->key_len == 0;
	rc = 0;
out:
	free(pv);
	free(tags);
	free(buf);
	if (rc < 0)
		dkimkey_record_free(out);
	return rc;
}

/* RSA key bits from DER: SubjectPublicKeyInfo, else a bare RSAPublicKey. */
static int rsa_bits(const uint8_t *key, size_t len, enum dkimkey_encoding *enc, char *why,
                    size_t whylen)
{
	const unsigned char *q = key;
	EVP_PKEY *pk;
	int bits = -1;

	if (len > 16384) {
		snprintf(why, whylen, "p= is too long for a key");
		return -1;
	}
	pk = d2i_PUBKEY(NULL, &q, (long)len);
	if (pk && (size_t)(q - key) == len) {
		if (EVP_PKEY_get_base_id(pk) != EVP_PKEY_RSA) {
			snprintf(why, whylen, "p= holds a %s key, not RSA",
			         OBJ_nid2sn(EVP_PKEY_get_base_id(pk)));
			goto out;
		}
		*enc = DKIMKEY_ENC_SPKI;
		bits = EVP_PKEY_get_bits(pk);
		goto out;
	}
	EVP_PKEY_free(pk);
	q = key;
	pk = d2i_PublicKey(EVP_PKEY_RSA, NULL, &q, (long)len);
	if (pk && (size_t)(q - key) == len) {
		*enc = DKIMKEY_ENC_RSAPUBLICKEY;
		bits = EVP_PKEY_get_bits(pk);
		goto out;
	}
	snprintf(why, whylen, "p= is not a DER RSA public key");
out:
	EVP_PKEY_free(pk);
	ERR_clear_error();   /* failed decodes leave entries on this thread's queue */
	if (bits == 0) {
		snprintf(why, whylen, "p= RSA key without a size");
		bits = -1;
	}
	return bits;
}

int dkimkey_key_bits(const struct dkimkey_record *rec, enum dkimkey_encoding *enc, char *why,
                     size_t whylen)
{
	*enc = DKIMKEY_ENC_NONE;
	why[0] = '\0';
	if (rec->revoked) {
		snprintf(why, whylen, "key revoked (empty p=)");
		return -1;
	}
	switch (rec->type) {
	case DKIMKEY_RSA:
		return rsa_bits(rec->key, rec->key_len, enc, why, whylen);
	case DKIMKEY_ED25519:
		/* RFC 8463 §4: the raw 32-byte public key, not an SPKI */
		if (rec->key_len != 32) {
			snprintf(why, whylen, "Ed25519 key is %zu bytes, not 32", rec->key_len);
			return -1;
		}
		*enc = DKIMKEY_ENC_RAW;
		return 256;
	case DKIMKEY_UNKNOWN:
		break;
	}
	snprintf(why, whylen, "unknown key type k=%s", rec->k ? rec->k : "?");
	return -1;
}

static const char *encoding_name(enum dkimkey_encoding e)
{
	switch (e) {
	case DKIMKEY_ENC_SPKI: return "spki";
	case DKIMKEY_ENC_RSAPUBLICKEY: return "rsapublickey";
	case DKIMKEY_ENC_RAW: return "raw";
	case DKIMKEY_ENC_NONE: break;
	}
	return NULL;
}

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

enum status dkimkey_evaluate(const char *text, size_t len, const char **verdict,
                             json_t **details)
{
	struct dkimkey_record rec;
	enum dkimkey_encoding enc = DKIMKEY_ENC_NONE;
	char why[160] = "";
	enum status st;
	bool parsed;
	int bits = -1;
	json_t *d;

	parsed = dkimkey_record_parse(text, len, &rec, why, sizeof(why)) == 0;
	if (!parsed) {
		st = STATUS_FAIL;
		*verdict = "invalid";
	} else if (rec.revoked) {
		st = STATUS_INFO;
		*verdict = "revoked";
		snprintf(why, sizeof(why), "key revoked (empty p=)");
	} else if (rec.type == DKIMKEY_UNKNOWN) {
		/* §3.6.1: unrecognised key types MUST be ignored: the key is unusable */
		st = STATUS_FAIL;
		*verdict = "unusable";
		snprintf(why, sizeof(why), "unknown key type k=%s", rec.k);
	} else if ((bits = dkimkey_key_bits(&rec, &enc, why, sizeof(why))) < 0) {
		st = STATUS_FAIL;
		*verdict = "invalid";
	} else if (rec.s && !list_has(rec.s, "*") && !list_has(rec.s, "email")) {
		st = STATUS_FAIL;   /* §3.6.1 s=: not for email */
		*verdict = "unusable";
		snprintf(why, sizeof(why), "s=%s does not include * or email", rec.s);
	} else if (rec.h && !list_has(rec.h, "sha256")) {
		st = STATUS_FAIL;   /* RFC 8301 §3.1: rsa-sha1 signatures are not to be verified */
		*verdict = "unusable";
		snprintf(why, sizeof(why), "h=%s does not include sha256", rec.h);
	} else if (rec.type == DKIMKEY_ED25519 || bits >= 2048) {
		st = STATUS_SUCCESS;
		*verdict = "good";
	} else if (bits >= 1024) {
		st = STATUS_NOTICE;   /* RFC 8301 §3.2: signers SHOULD use at least 2048 bits */
		*verdict = "phase-out";
		snprintf(why, sizeof(why), "RSA key of %d bits: 2048 or more recommended", bits);
	} else {
		st = STATUS_FAIL;     /* RFC 8301 §3.2: signers MUST use at least 1024 bits */
		*verdict = "insufficient";
		snprintf(why, sizeof(why), "RSA key of %d bits: at least 1024 required", bits);
	}

	if (details) {
		d = json_object();
		json_object_set_new(d, "key_type",
		                    !parsed                          ? json_null()
		                    : rec.type == DKIMKEY_RSA        ? json_string("rsa")
		                    : rec.type == DKIMKEY_ED25519    ? json_string("ed25519")
		                                                     : json_string(rec.k));
		json_object_set_new(d, "bits", bits > 0 ? json_integer(bits) : json_null());
		json_object_set_new(d, "encoding", string_or_null(encoding_name(enc)));
		json_object_set_new(d, "testing", json_boolean(parsed && rec.testing));
		json_object_set_new(d, "strict", json_boolean(parsed && rec.strict));
		json_object_set_new(d, "hash_algorithms", string_or_null(parsed ? rec.h : NULL));
		json_object_set_new(d, "service_types", string_or_null(parsed ? rec.s : NULL));
		json_object_set_new(d, "notes", string_or_null(parsed ? rec.n : NULL));
		json_object_set_new(d, "reason", why[0] ? json_string(why) : json_null());
		*details = d;
	}
	if (parsed)
		dkimkey_record_free(&rec);
	return st;
}

enum status dkimkey_evaluate_selectors(const struct dkimkey_selector *sel, size_t n,
                                       const char **verdict, json_t **details)
{
	json_t *list = json_array();
	enum status worst = STATUS_INFO;
	bool judged = false;

	*verdict = "none";
	for (size_t i = 0; i < n; i++) {
		json_t *d = NULL;
		const char *v;
		enum status st;

		if (!sel[i].text) {
			d = json_object();
			json_object_set_new(d, "found", json_false());
		} else {
			st = dkimkey_evaluate(sel[i].text, sel[i].len, &v, &d);
			if (!judged || status_worse(st, worst)) {
				worst = st;
				*verdict = v;
			}
			judged = true;
			json_object_set_new(d, "found", json_true());
			json_object_set_new(d, "status", json_string(status_api_name(st)));
			json_object_set_new(d, "verdict", json_string(v));
		}
		json_object_set_new(d, "selector", json_string(sel[i].selector ? sel[i].selector : ""));
		json_array_append_new(list, d);
	}
	if (details) {
		*details = json_object();
		json_object_set_new(*details, "selectors", list);
	} else {
		json_decref(list);
	}
	return judged ? worst : STATUS_INFO;
}
