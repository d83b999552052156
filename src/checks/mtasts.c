/*
 * mtasts.c -- MTA-STS (RFC 8461): TXT record, policy file, fetch rules, MX
 * matching and the overall judgement. The policy body is read only through
 * the bounds-checked cursor (STYLE rule 5); TXT records through kvrecord.c.
 */
#include "checks/mtasts.h"

#include <stdlib.h>
#include <string.h>

#include "checks/kvrecord.h"
#include "core/cursor.h"
#include "core/text.h"

#define VALUE_MAX 256   /* longest value kept: "*." + a 253-octet Domain */

static bool is_wsp(int c)
{
	return c == ' ' || c == '\t';
}

/* ---- TXT record (§3.1) ---- */

int mtasts_record_parse(const char *record, struct mtasts_record *out, const char **reason)
{
	struct kv_field fields[KVRECORD_FIELDS_MAX];
	const char *why = NULL;
	bool has_id = false;
	int n;

	memset(out, 0, sizeof(*out));
	n = kvrecord_split(record, strlen(record), "v=STSv1", fields);
	if (n < 0)
		why = "syntax";
	for (int i = 0; !why && i < n; i++) {
		const struct kv_field *f = &fields[i];
		if (!kvrecord_is_ext_value(record, f->value_off, f->value_len)) {
			why = "syntax";
		} else if (kvrecord_name_is(record, f, "id") && !has_id) {
			/* sts-id = %s"id=" 1*32(ALPHA / DIGIT) */
			if (f->value_len > 32)
				why = "bad-id";
			for (size_t k = 0; !why && k < f->value_len; k++)
				if (!is_alnum((unsigned char)record[f->value_off + k]))
					why = "bad-id";
			if (!why)
				memcpy(out->id, record + f->value_off, f->value_len);
			has_id = true;
		}
	}
	if (!why && !has_id)
		why = "no-id";
	if (why) {
		memset(out, 0, sizeof(*out));
		if (reason)
			*reason = why;
		return -1;
	}
	return 0;
}

int mtasts_select_record(const struct txt_set *txt, size_t *n_found)
{
	return kvrecord_select(txt ? (const char *const *)txt->strings : NULL, txt ? txt->n : 0, "v=STSv1",
	                       n_found);
}

/* ---- policy file (§3.2) ---- */

const char *mtasts_mode_name(enum mtasts_mode m)
{
	switch (m) {
	case MTASTS_MODE_ENFORCE:
		return "enforce";
	case MTASTS_MODE_TESTING:
		return "testing";
	case MTASTS_MODE_NONE:
		return "none";
	}
	return "none";
}

void mtasts_policy_free(struct mtasts_policy *p)
{
	for (size_t i = 0; i < p->n_mx; i++)
		free(p->mx[i]);
	free(p->mx);
	p->mx = NULL;
	p->n_mx = 0;
}

/* One line split into its field name and value (value truncated to VALUE_MAX - 1). */
struct policy_line {
	char name[33];
	char value[VALUE_MAX];
	size_t value_len;         /* full length, may exceed VALUE_MAX - 1 */
};

/*
 * The rest of a UTF-8 sequence after lead byte `b` (RFC 3629 §4 UTF8-2/3/4):
 * appends the continuation bytes to `seq` and returns its length, 0 if invalid.
 */
static size_t utf8_rest(struct cursor *c, uint8_t b, uint8_t seq[4])
{
	uint8_t lo = 0x80, hi = 0xbf, x;
	size_t n;

	if (b >= 0xc2 && b <= 0xdf)
		n = 1;
	else if (b >= 0xe0 && b <= 0xef)
		n = 2;
	else if (b >= 0xf0 && b <= 0xf4)
		n = 3;
	else
		return 0;
	if (b == 0xe0)
		lo = 0xa0;
	else if (b == 0xed)
		hi = 0x9f;
	else if (b == 0xf0)
		lo = 0x90;
	else if (b == 0xf4)
		hi = 0x8f;
	seq[0] = b;
	for (size_t i = 1; i <= n; i++) {
		if (cursor_get_u8(c, &x) < 0 || x < lo || x > hi)
			return 0;
		seq[i] = x;
		lo = 0x80;
		hi = 0xbf;
	}
	return n + 1;
}

/*
 * sts-policy-field *WSP with the generic shape of sts-policy-extension:
 * ext-name ":" *WSP ext-value, ext-value = vchar [*(SP / vchar) vchar]
 * (vchar = %x21-7E / UTF-8 non-ASCII). Returns 0, or -1 on a syntax error.
 */
static int parse_line(struct cursor *c, struct policy_line *out)
{
	size_t n = 0, pending = 0;
	bool tab = false;
	uint8_t b;

	memset(out, 0, sizeof(*out));
	for (;;) {
		if (cursor_get_u8(c, &b) < 0)
			return -1;        /* no ':' */
		if (b == ':')
			break;
		if (n == 32 || !(is_alnum(b) || (n > 0 && (b == '_' || b == '-' || b == '.'))))
			return -1;
		out->name[n++] = (char)b;
	}
	if (n == 0)
		return -1;
	/* sts-policy-field-delim = ":" *WSP */
	for (;;) {
		struct cursor peek = *c;
		if (cursor_get_u8(&peek, &b) < 0 || !is_wsp(b))
			break;
		*c = peek;
	}
	while (cursor_get_u8(c, &b) == 0) {
		uint8_t seq[4] = { b, 0, 0, 0 };
		size_t len = 1;

		if (b == ' ' || b == '\t') {
			tab = tab || b == '\t';   /* only SP inside a value; HTAB only trailing */
			pending++;
			continue;
		}
		if (tab)
			return -1;
		if (b >= 0x80)
			len = utf8_rest(c, b, seq);
		else if (b < 0x21 || b > 0x7e)
			len = 0;           /* control characters, bare CR, NUL */
		if (len == 0)
			return -1;
		for (size_t i = 0; i < pending + len; i++, out->value_len++)
			if (out->value_len < VALUE_MAX - 1)
				out->value[out->value_len] = i < pending ? ' ' : (char)seq[i - pending];
		pending = 0;
	}
	return out->value_len > 0 ? 0 : -1;
}

/* sts-policy-mx-value = ["*."] Domain */
static bool mx_pattern_is_valid(const struct policy_line *l)
{
	if (l->value_len >= VALUE_MAX)
		return false;
	if (l->value_len > 2 && l->value[0] == '*' && l->value[1] == '.')
		return kvrecord_is_domain(l->value + 2, l->value_len - 2);
	return kvrecord_is_domain(l->value, l->value_len);
}

/* sts-policy-max-age-value = 1*10(DIGIT), at most 31557600 (§3.2) */
static bool max_age_parse(const struct policy_line *l, uint32_t *out)
{
	uint64_t v = 0;

	if (l->value_len < 1 || l->value_len > 10)
		return false;
	for (size_t i = 0; i < l->value_len; i++) {
		if (!is_digit((unsigned char)l->value[i]))
			return false;
		v = v * 10 + (uint64_t)(l->value[i] - '0');
	}
	if (v > MTASTS_MAX_AGE_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

static int add_mx(struct mtasts_policy *p, const char *s)
{
	char **grown = realloc(p->mx, (p->n_mx + 1) * sizeof(*grown));
	char *copy = grown ? strdup(s) : NULL;

	if (grown)
		p->mx = grown;
	if (!copy)
		return -1;
	p->mx[p->n_mx++] = copy;
	return 0;
}

/* Take the next line off `c` (without its LF / CRLF) as `line`. */
static void next_line(struct cursor *c, struct cursor *line)
{
	struct cursor peek = *c, last;
	size_t n = 0;
	bool lf = false;
	uint8_t b;

	while (cursor_get_u8(&peek, &b) == 0) {
		if (b == '\n') {
			lf = true;
			break;
		}
		n++;
	}
	(void)cursor_get_bytes(c, line, n);
	if (lf)
		(void)cursor_skip(c, 1);
	/* sts-policy-term = LF / CRLF: a CR right before the LF belongs to the terminator */
	last = *line;
	if (lf && n > 0 && cursor_skip(&last, n - 1) == 0 && cursor_get_u8(&last, &b) == 0 && b == '\r') {
		struct cursor whole = *line;
		(void)cursor_get_bytes(&whole, line, n - 1);
	}
}

int mtasts_policy_parse(const void *body, size_t len, struct mtasts_policy *out,
                        const char **reason, size_t *line)
{
	struct cursor c;
	struct policy_line l;
	bool has_version = false, has_mode = false, has_max_age = false;
	const char *why = NULL;
	size_t lineno = 0;

	memset(out, 0, sizeof(*out));
	if (len > MTASTS_POLICY_MAX_BYTES) {
		why = "too-large";
		goto out;
	}
	cursor_init(&c, body, body ? len : 0);
	while (!why && cursor_len(&c) > 0) {
		struct cursor ln;

		lineno++;
		next_line(&c, &ln);
		if (parse_line(&ln, &l) < 0) {
			why = "syntax";
		} else if (strcmp(l.name, "version") == 0) {
			/* the ABNF's note: sts-policy-version must be the first field */
			if (!has_version && lineno != 1)
				why = "version-not-first";
			else if (!has_version && strcmp(l.value, "STSv1") != 0)
				why = "bad-version";
			has_version = true;
		} else if (strcmp(l.name, "mode") == 0) {
			if (!has_mode) {    /* §3.2: of a repeated field only the first counts */
				if (strcmp(l.value, "enforce") == 0)
					out->mode = MTASTS_MODE_ENFORCE;
				else if (strcmp(l.value, "testing") == 0)
					out->mode = MTASTS_MODE_TESTING;
				else if (strcmp(l.value, "none") == 0)
					out->mode = MTASTS_MODE_NONE;
				else
					why = "bad-mode";
			}
			has_mode = true;
		} else if (strcmp(l.name, "max_age") == 0) {
			if (!has_max_age && !max_age_parse(&l, &out->max_age))
				why = "bad-max-age";
			has_max_age = true;
		} else if (strcmp(l.name, "mx") == 0) {
			if (!mx_pattern_is_valid(&l))
				why = "bad-mx";
			else if (add_mx(out, l.value) < 0)
				why = "internal";
		}
		/* any other well-formed key is an extension and ignored (§3.2) */
	}
	if (why)
		goto out;
	lineno = 0;
	if (!has_version)
		why = "no-version";
	else if (!has_mode)
		why = "no-mode";
	else if (!has_max_age)
		why = "no-max-age";
	else if (out->mode != MTASTS_MODE_NONE && out->n_mx == 0)
		why = "no-mx";   /* §3.2: mx required at least once unless mode is none */
out:
	if (line)
		*line = why ? lineno : 0;
	if (why) {
		mtasts_policy_free(out);
		if (reason)
			*reason = why;
		return -1;
	}
	return 0;
}

/* ---- MX matching (§4.1) ---- */

static bool equal_ci(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (lower_ascii((unsigned char)a[i]) != lower_ascii((unsigned char)b[i]))
			return false;
	return true;
}

bool mtasts_mx_matches(const char *pattern, const char *mx_name)
{
	size_t plen = strlen(pattern), mlen = strlen(mx_name), slen, label;

	if (plen > 0 && pattern[plen - 1] == '.')
		plen--;
	if (mlen > 0 && mx_name[mlen - 1] == '.')
		mlen--;
	if (plen == 0 || mlen == 0)
		return false;
	if (plen < 2 || pattern[0] != '*' || pattern[1] != '.')
		return plen == mlen && equal_ci(pattern, mx_name, plen);
	/* "*.rest": the MX is exactly one more label, then ".rest" */
	slen = plen - 2;
	if (slen == 0 || mlen < slen + 2)
		return false;
	label = mlen - slen - 1;
	if (mx_name[label] != '.' || !equal_ci(pattern + 2, mx_name + label + 1, slen))
		return false;
	return memchr(mx_name, '.', label) == NULL;
}

bool mtasts_mx_covered(const struct mtasts_policy *policy, const char *mx_name)
{
	for (size_t i = 0; i < policy->n_mx; i++)
		if (mtasts_mx_matches(policy->mx[i], mx_name))
			return true;
	return false;
}

size_t mtasts_mx_not_covered(const struct mtasts_policy *policy, const char *const *mx_names,
                             size_t n, bool *not_covered)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++) {
		bool miss = !mtasts_mx_covered(policy, mx_names[i]);
		if (not_covered)
			not_covered[i] = miss;
		count += miss;
	}
	return count;
}

/* ---- fetch (§3.3) ---- */

bool mtasts_content_type_ok(const char *value)
{
	struct text t;
	size_t p = 0;

	if (!value)
		return false;
	t.s = value;
	t.len = strlen(value);
	while (is_wsp(txt_at(&t, p)))
		p++;
	if (!match_ci(&t, p, "text/plain"))
		return false;
	p += 10;
	while (is_wsp(txt_at(&t, p)))
		p++;
	return txt_at(&t, p) == -1 || txt_at(&t, p) == ';';
}

int mtasts_fetch_judge(const struct mtasts_fetch_facts *f, struct mtasts_fetch_result *out)
{
	memset(out, 0, sizeof(*out));
	if (f->outcome == MTASTS_HTTP_UNREACHABLE)
		out->status = "unreachable";
	else if (f->outcome == MTASTS_HTTP_NO_HOST)
		out->status = "no-host";
	else if (!f->cert_valid)
		out->status = "cert-invalid";
	else if (f->redirected || (f->http_status >= 300 && f->http_status < 400))
		out->status = "redirect";
	else if (f->http_status == 404)
		out->status = "no-policy";
	else if (f->http_status != 200)
		out->status = "http-status";
	else if (!mtasts_content_type_ok(f->content_type))
		out->status = "content-type";
	else if (f->body_truncated || f->body_len > MTASTS_POLICY_MAX_BYTES)
		out->status = "too-large";
	else if (mtasts_policy_parse(f->body, f->body_len, &out->policy, &out->policy_reason,
	                             &out->policy_line) < 0) {
		if (strcmp(out->policy_reason, "internal") == 0)
			return -1;
		out->status = "syntax";
	} else {
		out->status = "good";
		out->has_policy = true;
	}
	return 0;
}

void mtasts_fetch_result_free(struct mtasts_fetch_result *r)
{
	mtasts_policy_free(&r->policy);
	r->has_policy = false;
}

/* ---- overall judgement ---- */

static void set(struct mtasts_judgement *out, enum status s, const char *verdict, const char *reason)
{
	out->status = s;
	out->verdict = verdict;
	out->reason = reason;
}

static int put(json_t *obj, const char *key, json_t *value)
{
	return value ? json_object_set_new(obj, key, value) : -1;
}

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

int mtasts_evaluate(const struct mtasts_facts *facts, struct mtasts_judgement *out)
{
	struct mtasts_fetch_result fr;
	struct mtasts_record rec;
	const char *rec_reason = NULL;
	bool *missing = NULL, fetched = false;
	json_t *d = json_object(), *records = json_array(), *patterns = json_array();
	json_t *uncovered = json_null(), *badcert = json_null();
	int idx, rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&fr, 0, sizeof(fr));
	memset(&rec, 0, sizeof(rec));
	if (!d || !records || !patterns)
		goto out;
	if (facts->txt_rc == DNS_LOOKUP_OK)
		for (size_t i = 0; facts->txt && i < facts->txt->n; i++)
			if (kvrecord_is_version(facts->txt->strings[i], "v=STSv1") &&
			    json_array_append_new(records, json_string(facts->txt->strings[i])) < 0)
				goto out;

	if (facts->txt_rc == DNS_LOOKUP_NXDOMAIN || facts->txt_rc == DNS_LOOKUP_NODATA) {
		set(out, STATUS_INFO, "absent", NULL);
		rec_reason = "absent";
	} else if (facts->txt_rc != DNS_LOOKUP_OK) {
		set(out, STATUS_NOT_TESTED, "not-tested", "dns");
		rec_reason = "dns";
	} else if ((idx = mtasts_select_record(facts->txt, NULL)) == -1) {
		set(out, STATUS_INFO, "absent", NULL);   /* §3.1: no record, MTA-STS not used */
		rec_reason = "absent";
	} else if (idx == -2) {
		set(out, STATUS_FAIL, "record-invalid", "several-records");
		rec_reason = "several-records";
	} else if (mtasts_record_parse(facts->txt->strings[idx], &rec, &rec_reason) < 0) {
		set(out, STATUS_FAIL, "record-invalid", rec_reason);
	} else {
		rec_reason = "good";
	}

	if (facts->fetch) {
		if (mtasts_fetch_judge(facts->fetch, &fr) < 0)
			goto out;
		fetched = true;
	}
	if (out->verdict) {
		/* decided by the record */
	} else if (!fetched) {
		set(out, STATUS_NOT_TESTED, "not-tested", "not-fetched");
	} else if (strcmp(fr.status, "unreachable") == 0) {
		set(out, STATUS_NOT_TESTED, "not-tested", "unreachable");  /* STYLE rule 3 */
	} else if (strcmp(fr.status, "syntax") == 0) {
		set(out, STATUS_FAIL, "policy-invalid", fr.policy_reason);
	} else if (!fr.has_policy) {
		set(out, STATUS_FAIL, "policy-unavailable", fr.status);
	} else if (fr.policy.mode == MTASTS_MODE_NONE) {
		set(out, STATUS_INFO, "mode-none", NULL);   /* §5: none = MTA-STS switched off */
	}

	if (fr.has_policy) {
		for (size_t i = 0; i < fr.policy.n_mx; i++)
			if (json_array_append_new(patterns, json_string(fr.policy.mx[i])) < 0)
				goto out;
		if (facts->mx_known && fr.policy.mode != MTASTS_MODE_NONE) {
			size_t n_missing;

			missing = calloc(facts->n_mx ? facts->n_mx : 1, sizeof(*missing));
			uncovered = json_array();
			if (!missing || !uncovered)
				goto out;
			n_missing = mtasts_mx_not_covered(&fr.policy, facts->mx_names, facts->n_mx, missing);
			for (size_t i = 0; i < facts->n_mx; i++)
				if (missing[i] && json_array_append_new(uncovered, json_string(facts->mx_names[i])) < 0)
					goto out;
			if (!out->verdict && n_missing > 0)
				set(out, fr.policy.mode == MTASTS_MODE_ENFORCE ? STATUS_FAIL : STATUS_NOTICE,
				    "mx-not-covered", NULL);
			/* §4.2: a sender validates the certificate of every MX it accepts by the policy */
			if (!(badcert = json_array()))
				goto out;
			for (size_t i = 0; facts->mx_cert && i < facts->n_mx; i++) {
				const struct mtasts_mx_cert *c = &facts->mx_cert[i];
				if (missing[i] || c->state != MTASTS_MX_CERT_INVALID)
					continue;
				if (json_array_append_new(badcert, json_pack("{s:s,s:s?}", "mx", facts->mx_names[i],
				                                             "error", c->error)) < 0)
					goto out;
			}
			if (!out->verdict && json_array_size(badcert) > 0)
				set(out, fr.policy.mode == MTASTS_MODE_ENFORCE ? STATUS_FAIL : STATUS_NOTICE,
				    "mx-cert-invalid", NULL);
		}
		if (!out->verdict && fr.policy.mode == MTASTS_MODE_TESTING)
			set(out, STATUS_NOTICE, "mode-testing", NULL);  /* §5: failures reported, not enforced */
		if (!out->verdict)
			set(out, STATUS_SUCCESS, "good", NULL);
	}

	if (put(d, "verdict", json_string(out->verdict)) < 0 ||
	    put(d, "reason", string_or_null(out->reason)) < 0 ||
	    json_object_set(d, "records", records) < 0 ||
	    put(d, "record_status", string_or_null(rec_reason)) < 0 ||
	    put(d, "id", rec.id[0] ? json_string(rec.id) : json_null()) < 0 ||
	    put(d, "policy_fetch", string_or_null(fetched ? fr.status : NULL)) < 0 ||
	    put(d, "http_status", fetched && facts->fetch->outcome == MTASTS_HTTP_RESPONSE
	                                  ? json_integer(facts->fetch->http_status) : json_null()) < 0 ||
	    put(d, "policy_reason", string_or_null(fr.policy_reason)) < 0 ||
	    put(d, "policy_line", fr.policy_line ? json_integer((json_int_t)fr.policy_line) : json_null()) < 0 ||
	    put(d, "mode", string_or_null(fr.has_policy ? mtasts_mode_name(fr.policy.mode) : NULL)) < 0 ||
	    put(d, "max_age", fr.has_policy ? json_integer(fr.policy.max_age) : json_null()) < 0 ||
	    json_object_set(d, "mx_patterns", patterns) < 0 ||
	    json_object_set(d, "mx_not_covered", uncovered) < 0 ||
	    json_object_set(d, "mx_cert_invalid", badcert) < 0)
		goto out;
	out->details = d;
	d = NULL;
	rc = 0;
out:
	json_decref(d);
	json_decref(records);
	json_decref(patterns);
	json_decref(uncovered);
	json_decref(badcert);
	free(missing);
	mtasts_fetch_result_free(&fr);
	return rc;
}
