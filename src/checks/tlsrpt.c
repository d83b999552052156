/*
 * tlsrpt.c -- the TLS-RPT policy record of RFC 8460 §3 and its judgement.
 *
 * The record grammar is kvrecord.c's; this file adds the rua list
 * (*WSP "," *WSP between URIs), the mailto:/https: URI checks and the
 * selection rule "exactly one record" (§3).
 */
#include "checks/tlsrpt.h"

#include <stdlib.h>
#include <string.h>

#include "checks/kvrecord.h"
#include "core/text.h"

static bool is_wsp(int c)
{
	return c == ' ' || c == '\t';
}

static bool is_hex(int c)
{
	return is_digit(c) || (lower_ascii(c) >= 'a' && lower_ascii(c) <= 'f');
}

/* RFC 3986 §2.3 unreserved */
static bool is_unreserved(int c)
{
	return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* RFC 3986 §2.2 sub-delims without ',' and '!' (RFC 8460 §3: must be
 * percent-encoded) and ';' (the field separator). */
static bool is_sub_delim(int c)
{
	return c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' || c == '*' ||
	       c == '+' || c == '=';
}

/* Length of a pct-encoded triplet at `i` ("%" HEXDIG HEXDIG), else 0. */
static size_t pct_at(const struct text *t, size_t i)
{
	return txt_at(t, i) == '%' && is_hex(txt_at(t, i + 1)) && is_hex(txt_at(t, i + 2)) ? 3 : 0;
}

/* Every char of t[from..to) is in `ok` or a pct-encoded triplet. */
static bool all_chars(const struct text *t, size_t from, size_t to, bool (*ok)(int))
{
	for (size_t i = from; i < to;) {
		size_t n = pct_at(t, i);
		if (n == 0 && !ok(txt_at(t, i)))
			return false;
		i += n ? n : 1;
	}
	return true;
}

/* RFC 3986 §3.3 pchar plus '/' and '?' (path, query and fragment). */
static bool is_tail_char(int c)
{
	return is_unreserved(c) || is_sub_delim(c) || c == ':' || c == '@' || c == '/' || c == '?';
}

static bool is_userinfo_char(int c)
{
	return is_unreserved(c) || is_sub_delim(c) || c == ':';
}

/* RFC 6068 §2 qchar within an addr-spec: atext that needs no encoding. */
static bool is_local_char(int c)
{
	return is_alnum(c) || c == '-' || c == '_' || c == '~' || c == '$' || c == '\'' ||
	       c == '*' || c == '+';
}

/* Local part as an RFC 5322 dot-atom: atoms of is_local_char/pct separated by single dots. */
static bool is_local_part(const struct text *t, size_t from, size_t to)
{
	size_t atom = 0;

	for (size_t i = from; i < to;) {
		size_t n = pct_at(t, i);
		if (n == 0 && txt_at(t, i) == '.') {
			if (atom == 0)
				return false;
			atom = 0;
			i++;
			continue;
		}
		if (n == 0 && !is_local_char(txt_at(t, i)))
			return false;
		atom++;
		i += n ? n : 1;
	}
	return atom > 0;
}

/* RFC 6068 §2: "mailto:" addr-spec [ "?" hfields ], one address. */
static bool mailto_is_valid(const struct text *t)
{
	size_t p = 7, at = 0, q;

	for (q = p; txt_at(t, q) != -1 && txt_at(t, q) != '?'; q++)
		if (txt_at(t, q) == '@') {
			if (at)
				return false;   /* a second '@' (or a second address) */
			at = q;
		}
	if (!at || !is_local_part(t, p, at) || !kvrecord_is_domain(t->s + at + 1, q - at - 1))
		return false;
	return all_chars(t, q, t->len, is_tail_char);
}

/* RFC 3986 §3.2.2 IP-literal, loosely: "[" 1*(HEXDIG / ":" / ".") "]" with a ':'. */
static bool ip_literal_is_valid(const struct text *t, size_t from, size_t to)
{
	bool colon = false;

	if (to - from < 3)
		return false;
	for (size_t i = from + 1; i + 1 < to; i++) {
		int c = txt_at(t, i);
		if (c == ':')
			colon = true;
		else if (!is_hex(c) && c != '.')
			return false;
	}
	return colon;
}

/* RFC 3986 §3.2: "https://" [ userinfo "@" ] host [ ":" port ] path-abempty [ "?" query ] [ "#" fragment ] */
static bool https_is_valid(const struct text *t)
{
	size_t p = 8, end = p, at = 0, host, host_end, hash = 0;

	if (txt_at(t, 6) != '/' || txt_at(t, 7) != '/')
		return false;
	while (txt_at(t, end) != -1 && txt_at(t, end) != '/' && txt_at(t, end) != '?' &&
	       txt_at(t, end) != '#')
		end++;
	for (size_t i = p; i < end; i++)
		if (txt_at(t, i) == '@')
			at = i;
	if (at && !all_chars(t, p, at, is_userinfo_char))
		return false;
	host = at ? at + 1 : p;
	if (txt_at(t, host) == '[') {
		for (host_end = host; host_end < end && txt_at(t, host_end) != ']'; host_end++)
			;
		if (host_end == end || !ip_literal_is_valid(t, host, host_end + 1))
			return false;
		host_end++;
	} else {
		for (host_end = host; host_end < end && txt_at(t, host_end) != ':'; host_end++)
			;
		if (!kvrecord_is_domain(t->s + host, host_end - host))
			return false;
	}
	if (host_end < end) {
		unsigned long port = 0;
		if (txt_at(t, host_end) != ':' || end - host_end - 1 > 5)
			return false;
		for (size_t i = host_end + 1; i < end; i++) {
			if (!is_digit(txt_at(t, i)))
				return false;
			port = port * 10 + (unsigned long)(txt_at(t, i) - '0');
		}
		if (port > 65535)
			return false;
	}
	for (size_t i = end; i < t->len; i++)
		if (txt_at(t, i) == '#') {
			if (hash)
				return false;
			hash = i;
		}
	return hash ? all_chars(t, end, hash, is_tail_char) && all_chars(t, hash + 1, t->len, is_tail_char)
	            : all_chars(t, end, t->len, is_tail_char);
}

bool tlsrpt_uri_is_valid(const char *uri)
{
	struct text t = { uri, strlen(uri) };

	if (match_ci(&t, 0, "mailto:"))
		return mailto_is_valid(&t);
	if (match_ci(&t, 0, "https:"))
		return https_is_valid(&t);
	return false;   /* RFC 8460 §3: only "mailto" and "https" are defined */
}

void tlsrpt_record_free(struct tlsrpt_record *rec)
{
	for (size_t i = 0; i < rec->n_rua; i++)
		free(rec->rua[i]);
	free(rec->rua);
	rec->rua = NULL;
	rec->n_rua = 0;
}

static int add_uri(struct tlsrpt_record *rec, const char *s, size_t len)
{
	char **grown = realloc(rec->rua, (rec->n_rua + 1) * sizeof(*grown));
	char *copy = grown ? malloc(len + 1) : NULL;

	if (grown)
		rec->rua = grown;
	if (!copy)
		return -1;
	memcpy(copy, s, len);
	copy[len] = '\0';
	rec->rua[rec->n_rua++] = copy;
	return 0;
}

/*
 * tlsrpt-rua = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri) (§3). Appends
 * every URI to `rec`; returns NULL or the reason token.
 */
static const char *parse_rua(const char *record, size_t off, size_t len, struct tlsrpt_record *rec)
{
	struct text t = { record + off, len };
	size_t p = 0;

	for (;;) {
		size_t start = p;
		char uri[2048];   /* longer URIs are refused as bad-uri */

		while (txt_at(&t, p) != -1 && txt_at(&t, p) != ',' && !is_wsp(txt_at(&t, p)))
			p++;
		if (p == start || p - start >= sizeof(uri))
			return "bad-uri";
		memcpy(uri, t.s + start, p - start);
		uri[p - start] = '\0';
		if (!tlsrpt_uri_is_valid(uri))
			return "bad-uri";
		if (add_uri(rec, uri, p - start) < 0)
			return "internal";
		while (is_wsp(txt_at(&t, p)))
			p++;
		if (txt_at(&t, p) == -1)
			return is_wsp(txt_at(&t, p - 1)) ? "syntax" : NULL;
		if (txt_at(&t, p) != ',')
			return "syntax";    /* two URIs without a comma */
		p++;
		while (is_wsp(txt_at(&t, p)))
			p++;
	}
}

int tlsrpt_record_parse(const char *record, struct tlsrpt_record *out, const char **reason)
{
	struct kv_field fields[KVRECORD_FIELDS_MAX];
	const char *why = NULL;
	bool has_rua = false;
	int n;

	out->rua = NULL;
	out->n_rua = 0;
	n = kvrecord_split(record, strlen(record), "v=TLSRPTv1", fields);
	if (n < 0)
		why = "syntax";
	for (int i = 0; !why && i < n; i++) {
		const struct kv_field *f = &fields[i];
		if (kvrecord_name_is(record, f, "rua")) {
			/* §3 does not forbid a repeated rua=; the URIs of all of them count */
			has_rua = true;
			why = parse_rua(record, f->value_off, f->value_len, out);
		} else if (!kvrecord_is_ext_value(record, f->value_off, f->value_len)) {
			why = "syntax";   /* §3: unknown fields are allowed but must be well-formed */
		}
	}
	if (!why && !has_rua)
		why = "no-rua";   /* §3 Note 1: rua is required */
	if (why) {
		tlsrpt_record_free(out);
		if (reason)
			*reason = why;
		return -1;
	}
	return 0;
}

int tlsrpt_select_record(const struct txt_set *txt, size_t *n_found)
{
	return kvrecord_select(txt ? (const char *const *)txt->strings : NULL, txt ? txt->n : 0, "v=TLSRPTv1",
	                       n_found);
}

const char *tlsrpt_status_name(enum tlsrpt_status s)
{
	switch (s) {
	case TLSRPT_GOOD:
		return "good";
	case TLSRPT_ABSENT:
		return "absent";
	case TLSRPT_INVALID:
		return "invalid";
	case TLSRPT_NOT_TESTED:
		return "not-tested";
	}
	return "invalid";
}

int tlsrpt_judge(int lookup_rc, const struct txt_set *txt, struct tlsrpt_result *out)
{
	int idx;

	memset(out, 0, sizeof(*out));
	if (lookup_rc == DNS_LOOKUP_NXDOMAIN || lookup_rc == DNS_LOOKUP_NODATA) {
		out->status = TLSRPT_ABSENT;
		return 0;
	}
	if (lookup_rc != DNS_LOOKUP_OK) {
		out->status = TLSRPT_NOT_TESTED;
		out->reason = "dns";
		return 0;
	}
	idx = tlsrpt_select_record(txt, &out->n_found);
	if (idx == -1) {
		out->status = TLSRPT_ABSENT;
	} else if (idx == -2) {
		out->status = TLSRPT_INVALID;   /* §3: not exactly one record = no TLSRPT */
		out->reason = "several-records";
	} else if (tlsrpt_record_parse(txt->strings[idx], &out->rec, &out->reason) < 0) {
		if (strcmp(out->reason, "internal") == 0)
			return -1;
		out->status = TLSRPT_INVALID;
	} else {
		out->status = TLSRPT_GOOD;
	}
	return 0;
}

void tlsrpt_result_free(struct tlsrpt_result *r)
{
	tlsrpt_record_free(&r->rec);
}

int tlsrpt_evaluate(int lookup_rc, const struct txt_set *txt, enum status *status,
                    const char **verdict, json_t **details)
{
	struct tlsrpt_result r;
	json_t *d = NULL, *records = NULL, *rua = NULL;
	int rc = -1;

	*details = NULL;
	if (tlsrpt_judge(lookup_rc, txt, &r) < 0)
		return -1;
	switch (r.status) {
	case TLSRPT_GOOD:
		*status = STATUS_SUCCESS;
		break;
	case TLSRPT_ABSENT:
		*status = STATUS_INFO;
		break;
	case TLSRPT_INVALID:
		*status = STATUS_FAIL;
		break;
	case TLSRPT_NOT_TESTED:
		*status = STATUS_NOT_TESTED;
		break;
	}
	*verdict = tlsrpt_status_name(r.status);
	records = json_array();
	rua = json_array();
	if (!records || !rua)
		goto out;
	for (size_t i = 0; lookup_rc == DNS_LOOKUP_OK && txt && i < txt->n; i++)
		if (kvrecord_is_version(txt->strings[i], "v=TLSRPTv1") &&
		    json_array_append_new(records, json_string(txt->strings[i])) < 0)
			goto out;
	for (size_t i = 0; i < r.rec.n_rua; i++)
		if (json_array_append_new(rua, json_string(r.rec.rua[i])) < 0)
			goto out;
	d = json_pack("{s:s, s:s?, s:O, s:O}", "status", *verdict, "reason", r.reason,
	              "records", records, "rua", rua);
	if (d) {
		*details = d;
		rc = 0;
	}
out:
	json_decref(records);
	json_decref(rua);
	tlsrpt_result_free(&r);
	return rc;
}
