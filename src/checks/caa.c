/*
 * caa.c -- CAA lookup and RFC 8659 / RFC 8657 / RFC 9495 checks (spec §3.3.7).
 *
 * Follows internet.nl's checks/caa/parser.py and retrieval.py: the value is
 * decoded as UTF-8 first (failure: invalid-property-encoding), then the flags
 * (0 or 128), then the tag is looked up case-insensitively and its validator
 * run. One error per record at most, as the Python raises on the first.
 * The ABNF grammars (issue-value, issuemail-value, validationmethods, RFC 3966
 * global-number) are regular; each scanner below returns the end of the
 * longest prefix that is a complete match, which is where the abnf library's
 * parse_all reports its ParseError (→ invalid-property-syntax).
 *
 * Value bytes come from the network: they are read only through txt_at(),
 * which yields -1 at and past the end (STYLE rule 5).
 *
 * caa_msg.context is a string (caa.h); caa_evaluate turns it back into
 * internet.nl's context object. Its form per msgid:
 *   invalid-flags-reserved-bits          the flags, decimal
 *   invalid-reserved/unknown-property    the tag
 *   invalid-property-encoding            the tag
 *   invalid-property-syntax              "<tag>@<pos> <char>: <value>"
 *   invalid-parameter-validation-methods the parameter value
 *   invalid-property-*-value             the property value
 *   missing-required-property-issue      "issue"
 */
#include "checks/caa.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "core/text.h"

#define MSG_FLAGS "invalid-flags-reserved-bits"
#define MSG_RESERVED "invalid-reserved-property"
#define MSG_UNKNOWN "invalid-unknown-property"
#define MSG_SYNTAX "invalid-property-syntax"
#define MSG_ENCODING "invalid-property-encoding"
#define MSG_METHODS "invalid-parameter-validation-methods"
#define MSG_IODEF "invalid-property-iodef-value"
#define MSG_CONTACTEMAIL "invalid-property-contactemail-value"
#define MSG_CONTACTPHONE "invalid-property-contactphone-value"
#define MSG_ISSUEMAIL "invalid-property-issuemail-value"
#define MSG_MISSING_ISSUE "missing-required-property-issue"

/* RFC 8659 §4.1 / the Python's EMAIL_MAX_LEN (checks/tasks/shared.py) */
#define EMAIL_MAX_LEN 254

/* ------------------------------------------------------------------ UTF-8 */

/* Length of the well-formed UTF-8 sequence at `i` (as Python's strict decoder:
 * no overlongs, no surrogates, <= U+10FFFF), 0 if ill-formed. */
static size_t utf8_seq(const struct text *t, size_t i)
{
	int c = txt_at(t, i), c1 = txt_at(t, i + 1);
	int lo = 0x80, hi = 0xBF;
	size_t n;

	if (c < 0)
		return 0;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4;
	else
		return 0;
	/* Unicode Table 3-7: the second byte's range depends on the first */
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (c1 < lo || c1 > hi)
		return 0;
	for (size_t k = 2; k < n; k++) {
		int ck = txt_at(t, i + k);
		if (ck < 0x80 || ck > 0xBF)
			return 0;
	}
	return n;
}

static bool utf8_valid(const struct text *t)
{
	for (size_t i = 0; i < t->len;) {
		size_t n = utf8_seq(t, i);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

/* Number of code points in the (valid UTF-8) bytes [from, to). */
static size_t utf8_count(const struct text *t, size_t from, size_t to)
{
	size_t n = 0;

	for (size_t i = from; i < to; i++)
		if ((txt_at(t, i) & 0xC0) != 0x80)
			n++;
	return n;
}

/* Cut an incomplete UTF-8 sequence left at the end of `buf` by a truncating
 * copy, so the text stays valid for JSON. */
static void utf8_trim(char *buf)
{
	struct text t = { buf, strlen(buf) };
	size_t i = 0, n;

	while (i < t.len) {
		n = utf8_seq(&t, i);
		if (!n) {
			buf[i] = '\0';
			return;
		}
		i += n;
	}
}

/* ------------------------------------------------------------------ messages */

static void msg_add(struct caa_result *out, const char *msgid, const char *context)
{
	struct caa_msg *m;

	if (out->n_errors >= CAA_MSGS_MAX)
		return;
	m = &out->errors[out->n_errors++];
	m->msgid = msgid;
	snprintf(m->context, sizeof(m->context), "%s", context ? context : "");
	utf8_trim(m->context);
}

/* Copy the bytes [from, to) of `t` into `buf` as a C string (NUL bytes as
 * "\000", the Python would keep them; truncated to the buffer). */
static void text_copy(const struct text *t, size_t from, size_t to, char *buf, size_t size)
{
	size_t o = 0;

	if (!size)
		return;
	for (size_t i = from; i < to && i < t->len;) {
		size_t n = utf8_seq(t, i);
		if (txt_at(t, i) == 0) {
			if (o + 4 >= size)
				break;
			memcpy(buf + o, "\\000", 4);
			o += 4;
			i++;
			continue;
		}
		if (!n || i + n > to)
			n = 1;   /* not UTF-8 (the caller checked): byte by byte */
		if (o + n >= size)
			break;   /* whole characters only */
		for (size_t k = 0; k < n; k++)
			buf[o++] = (char)txt_at(t, i + k);
		i += n;
	}
	buf[o] = '\0';
}

/*
 * The syntax error: internet.nl's context is the property name and value, the
 * code-point position of the first character the grammar did not take and that
 * character. The position counts the code points of [from, pos); the
 * character is read from the property value at that index (the Python does so
 * even when the failing grammar was the validationmethods parameter's).
 */
static void msg_syntax(struct caa_result *out, const char *tag, const struct text *value,
                       size_t from, size_t pos)
{
	char ctx[sizeof(out->errors[0].context)];
	char ch[8] = "";
	size_t cp = utf8_count(value, from, pos);
	size_t at = 0, n;
	int w;

	/* the character at code-point index cp of the value */
	for (size_t k = 0; k < cp && at < value->len; k++)
		at += utf8_seq(value, at) ? utf8_seq(value, at) : 1;
	n = utf8_seq(value, at);
	if (n)
		text_copy(value, at, at + n, ch, sizeof(ch));
	/* syntax errors only come from known tags: short */
	w = snprintf(ctx, sizeof(ctx), "%.32s@%zu %s: ", tag, cp, ch);
	if (w > 0 && (size_t)w < sizeof(ctx))
		text_copy(value, 0, value->len, ctx + w, sizeof(ctx) - (size_t)w);
	msg_add(out, MSG_SYNTAX, ctx);
}

static void msg_value(struct caa_result *out, const char *msgid, const struct text *value)
{
	char val[sizeof(out->errors[0].context)];

	text_copy(value, 0, value->len, val, sizeof(val));
	msg_add(out, msgid, val);
}

/* ------------------------------------------------------------------ grammar helpers */

static bool is_wsp(int c)
{
	return c == ' ' || c == '\t';
}

static size_t skip_wsp(const struct text *t, size_t p)
{
	while (is_wsp(txt_at(t, p)))
		p++;
	return p;
}

/* RFC 8659 §4.2 label = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT) ); also `tag`.
 * Returns the end, or `p` when there is none. */
static size_t scan_label(const struct text *t, size_t p)
{
	size_t q;

	if (!is_alnum(txt_at(t, p)))
		return p;
	p++;
	for (;;) {
		q = p;
		while (txt_at(t, q) == '-')
			q++;
		if (!is_alnum(txt_at(t, q)))
			return p;
		p = q + 1;
	}
}

/* issuer-domain-name = label *("." label) */
static size_t scan_domain(const struct text *t, size_t p)
{
	size_t e = scan_label(t, p), f;

	if (e == p)
		return p;
	while (txt_at(t, e) == '.') {
		f = scan_label(t, e + 1);
		if (f == e + 1)
			break;
		e = f;
	}
	return e;
}

/* RFC 8659 §4.2 value = *(%x21-3A / %x3C-7E) */
static bool is_param_value_char(int c)
{
	return (c >= 0x21 && c <= 0x3A) || (c >= 0x3C && c <= 0x7E);
}

struct caa_param {
	size_t tag, tag_end, value, value_end;
};

/* parameter = tag *WSP "=" *WSP value; the end, or `p` when there is none. */
static size_t scan_parameter(const struct text *t, size_t p, struct caa_param *par)
{
	size_t e = scan_label(t, p), f;

	if (e == p)
		return p;
	f = skip_wsp(t, e);
	if (txt_at(t, f) != '=')
		return p;
	f = skip_wsp(t, f + 1);
	par->tag = p;
	par->tag_end = e;
	par->value = f;
	while (is_param_value_char(txt_at(t, f)))
		f++;
	par->value_end = f;
	return f;
}

/*
 * RFC 8659 §4.2 issue-value (and RFC 9495 issuemail-value, the same grammar):
 *   *WSP [issuer-domain-name *WSP] [";" *WSP [parameters *WSP]]
 *   parameters = (parameter *WSP ";" *WSP parameters) / parameter
 * Returns the end of the longest complete match. The last `validationmethods`
 * parameter (tag compared exactly, as the Python's dict key) goes to `*vm`.
 */
static size_t scan_issue_value(const struct text *t, struct caa_param *vm, bool *has_vm)
{
	struct caa_param par;
	size_t p, best, e, s, u;

	*has_vm = false;
	p = skip_wsp(t, 0);
	e = scan_domain(t, p);
	if (e > p)
		p = skip_wsp(t, e);
	best = p;
	if (txt_at(t, p) != ';')
		return best;
	p = skip_wsp(t, p + 1);
	best = p;
	for (;;) {
		e = scan_parameter(t, p, &par);
		if (e == p)
			break;
		if (par.tag_end - par.tag == 17 && match_ci(t, par.tag, "validationmethods")) {
			/* the dict key is the tag as written: compare exactly */
			bool exact = true;
			for (size_t k = 0; k < 17; k++)
				if (txt_at(t, par.tag + k) != "validationmethods"[k])
					exact = false;
			if (exact) {
				*vm = par;
				*has_vm = true;
			}
		}
		s = skip_wsp(t, e);
		best = s;
		if (txt_at(t, s) != ';')
			break;
		u = skip_wsp(t, s + 1);
		p = u;
	}
	return best;
}

/* ------------------------------------------------------------------ validators */

/* RFC 8657 §4 / IANA "ACME Validation Methods" as internet.nl lists them */
static const char *const acme_methods[] = {
	"http-01", "dns-01", "tls-alpn-01", "email-reply-00", "tkauth-01", "onion-csr-01", "bp-nodeid-00",
};

static bool method_known(const struct text *t, size_t from, size_t to)
{
	size_t n = to - from;

	/* RFC 8657 §4: CA-specific methods start with "ca-" */
	if (n >= 3 && txt_at(t, from) == 'c' && txt_at(t, from + 1) == 'a' && txt_at(t, from + 2) == '-')
		return true;
	for (size_t i = 0; i < sizeof(acme_methods) / sizeof(acme_methods[0]); i++) {
		const char *m = acme_methods[i];
		size_t k = 0;
		if (strlen(m) != n)
			continue;
		while (k < n && txt_at(t, from + k) == m[k])
			k++;
		if (k == n)
			return true;
	}
	return false;
}

static bool is_method_char(int c)
{
	return is_alnum(c) || c == '-';
}

/* RFC 8657 §4: value = [*(label ",") label], label = 1*(ALPHA / DIGIT / "-") */
static void check_validation_methods(const char *tag, const struct text *value, const struct caa_param *vm,
                                     struct caa_result *out)
{
	size_t p = vm->value, end = vm->value_end, best = vm->value, from;
	bool all_known = true;

	for (;;) {
		from = p;
		while (p < end && is_method_char(txt_at(value, p)))
			p++;
		if (p == from)
			break;
		best = p;
		if (!method_known(value, from, p))
			all_known = false;
		if (p >= end || txt_at(value, p) != ',')
			break;
		p++;
	}
	if (best != end) {
		/* a ParseError of the parameter grammar: its position is relative to
		 * the parameter value, its character read from the property value */
		msg_syntax(out, tag, value, vm->value, best);
		return;
	}
	if (!all_known) {
		char ctx[sizeof(out->errors[0].context)];
		text_copy(value, vm->value, end, ctx, sizeof(ctx));
		msg_add(out, MSG_METHODS, ctx);
	}
}

static void check_issue(const char *tag, const struct text *value, struct caa_result *out)
{
	struct caa_param vm;
	bool has_vm;
	size_t end = scan_issue_value(value, &vm, &has_vm);

	if (end != value->len) {
		msg_syntax(out, tag, value, 0, end);
		return;
	}
	if (has_vm)
		check_validation_methods(tag, value, &vm, out);
}

static void check_issuemail(const char *tag, const struct text *value, struct caa_result *out)
{
	struct caa_param vm;
	bool has_vm;
	size_t end = scan_issue_value(value, &vm, &has_vm);

	/* RFC 9495 §3: no validationmethods check for issuemail */
	if (end != value->len)
		msg_syntax(out, tag, value, 0, end);
}

/* The Python's validate_email: at most 254 characters, /^[^@]+@[^@]+$/. */
static bool email_plausible(const struct text *t, size_t from, size_t to)
{
	size_t at = 0, n_at = 0;

	if (utf8_count(t, from, to) > EMAIL_MAX_LEN)
		return false;
	for (size_t i = from; i < to; i++)
		if (txt_at(t, i) == '@') {
			n_at++;
			at = i;
		}
	return n_at == 1 && at > from && at + 1 < to;
}

/*
 * RFC 8659 §4.4 iodef, as internet.nl checks it with urllib.parse.urlparse:
 * scheme "https" with a non-empty netloc, or "mailto" whose path is a
 * plausible address. urlsplit's own steps are reproduced: leading C0/space
 * stripped, TAB/CR/LF removed anywhere, scheme lower-cased, netloc up to the
 * first '/', '?' or '#', unbalanced IPv6 brackets a ValueError.
 */
static bool iodef_valid(const struct text *value)
{
	char *u = malloc(value->len + 1);
	struct text t;
	size_t n = 0, i = 0, colon, p, q, netloc_from = 0, netloc_to = 0, path_from, path_to;
	bool ok = false, has_netloc = false, lb = false, rb = false;
	char scheme[16];

	if (!u)
		return false;
	/* copy without TAB/CR/LF, after leading C0 controls and spaces */
	while (i < value->len && txt_at(value, i) >= 0 && txt_at(value, i) <= 0x20)
		i++;
	for (; i < value->len; i++) {
		int c = txt_at(value, i);
		if (c != '\t' && c != '\r' && c != '\n')
			u[n++] = (char)c;
	}
	u[n] = '\0';
	t.s = u;
	t.len = n;

	/* scheme: ASCII letter first, then letters, digits, "+-." up to ':' */
	for (colon = 0; colon < n && txt_at(&t, colon) != ':'; colon++)
		;
	if (colon == n || colon == 0 || !is_alpha(txt_at(&t, 0)) || colon >= sizeof(scheme))
		goto out;
	for (p = 0; p < colon; p++) {
		int c = txt_at(&t, p);
		if (!is_alnum(c) && c != '+' && c != '-' && c != '.')
			goto out;
		scheme[p] = (char)lower_ascii(c);
	}
	scheme[colon] = '\0';
	p = colon + 1;
	if (txt_at(&t, p) == '/' && txt_at(&t, p + 1) == '/') {
		q = p + 2;
		while (q < n && txt_at(&t, q) != '/' && txt_at(&t, q) != '?' && txt_at(&t, q) != '#')
			q++;
		has_netloc = true;
		netloc_from = p + 2;
		netloc_to = q;
		p = q;
	}
	for (size_t k = netloc_from; has_netloc && k < netloc_to; k++) {
		lb = lb || txt_at(&t, k) == '[';
		rb = rb || txt_at(&t, k) == ']';
	}
	if (lb != rb)
		goto out;   /* urlsplit: "Invalid IPv6 URL" */
	/* path: up to '?' (query) or '#' (fragment) */
	path_from = p;
	path_to = p;
	while (path_to < n && txt_at(&t, path_to) != '?' && txt_at(&t, path_to) != '#')
		path_to++;

	if (strcmp(scheme, "https") == 0)
		ok = has_netloc && netloc_to > netloc_from;
	else if (strcmp(scheme, "mailto") == 0)
		ok = email_plausible(&t, path_from, path_to);
out:
	free(u);
	return ok;
}

/* RFC 3966 unreserved = alphanum / mark */
static bool is_unreserved(int c)
{
	return is_alnum(c) || (c > 0 && strchr("-_.!~*'()", c) != NULL);
}

static bool is_hex(int c)
{
	return is_digit(c) || (lower_ascii(c) >= 'a' && lower_ascii(c) <= 'f');
}

/* pct-encoded = "%" HEXDIG HEXDIG: its length at `p`, or 0 */
static size_t pct_at(const struct text *t, size_t p)
{
	return txt_at(t, p) == '%' && is_hex(txt_at(t, p + 1)) && is_hex(txt_at(t, p + 2)) ? 3 : 0;
}

/* 1*uric (RFC 3966: reserved / unreserved / pct-encoded) from `p`. */
static size_t scan_urics(const struct text *t, size_t p)
{
	for (;;) {
		int c = txt_at(t, p);
		if (c > 0 && (strchr(";/?:@&=+$,", c) || is_unreserved(c)))
			p++;
		else if (pct_at(t, p))
			p += 3;
		else
			return p;
	}
}

/* 1*paramchar (param-unreserved / unreserved / pct-encoded) from `p`. */
static size_t scan_paramchars(const struct text *t, size_t p)
{
	for (;;) {
		int c = txt_at(t, p);
		if (c > 0 && (strchr("[]/:&+$", c) || is_unreserved(c)))
			p++;
		else if (pct_at(t, p))
			p += 3;
		else
			return p;
	}
}

static bool is_phonedigit(int c)
{
	return is_digit(c) || c == '-' || c == '.' || c == '(' || c == ')';
}

/*
 * RFC 3966 §5.1.4 global-number = global-number-digits *par, as internet.nl's
 * grammar writes it: "+" *phonedigit DIGIT *phonedigit, then parameters
 * ";" pname ["=" pvalue], extensions ";ext=" phonedigits and sub-addresses
 * ";isub=" 1*uric (the longest alternative each time). Returns the end of the
 * longest complete match; -1 when there is none (the error is then at 0).
 */
static ssize_t scan_global_number(const struct text *t)
{
	size_t p = 1, best;
	bool digit = false;

	if (txt_at(t, 0) != '+')
		return -1;
	while (is_phonedigit(txt_at(t, p))) {
		digit = digit || is_digit(txt_at(t, p));
		p++;
	}
	if (!digit)
		return -1;
	best = p;
	while (txt_at(t, p) == ';') {
		size_t alt = p, e;

		/* parameter = ";" pname ["=" pvalue] */
		e = p + 1;
		while (is_alnum(txt_at(t, e)) || txt_at(t, e) == '-')
			e++;
		if (e > p + 1) {
			alt = e;
			if (txt_at(t, e) == '=') {
				size_t v = scan_paramchars(t, e + 1);
				if (v > e + 1)
					alt = v;
			}
		}
		/* extension = ";ext=" 1*phonedigit (phonedigit may match empty) */
		if (match_ci(t, p, ";ext=")) {
			e = p + 5;
			while (is_phonedigit(txt_at(t, e)))
				e++;
			if (e > alt)
				alt = e;
		}
		/* isdn-subaddress = ";isub=" 1*uric */
		if (match_ci(t, p, ";isub=")) {
			e = scan_urics(t, p + 6);
			if (e > p + 6 && e > alt)
				alt = e;
		}
		if (alt == p)
			break;
		p = alt;
		best = p;
	}
	return (ssize_t)best;
}

static void check_iodef(const char *tag, const struct text *value, struct caa_result *out)
{
	(void)tag;
	if (!iodef_valid(value))
		msg_value(out, MSG_IODEF, value);
}

static void check_contactemail(const char *tag, const struct text *value, struct caa_result *out)
{
	(void)tag;
	/* CA/B BR §1.6.3 via internet.nl's validate_email */
	if (!email_plausible(value, 0, value->len))
		msg_value(out, MSG_CONTACTEMAIL, value);
}

static void check_contactphone(const char *tag, const struct text *value, struct caa_result *out)
{
	ssize_t end = scan_global_number(value);

	/* a grammar failure is a ParseError in the Python: invalid-property-syntax,
	 * never its own invalid-property-contactphone-value */
	if (end < 0 || (size_t)end != value->len)
		msg_syntax(out, tag, value, 0, end < 0 ? 0 : (size_t)end);
}

/* The IANA CAA property registry as internet.nl has it; NULL check = reserved. */
static const struct {
	const char *tag;
	void (*check)(const char *tag, const struct text *value, struct caa_result *out);
} properties[] = {
	{ "issue", check_issue },
	{ "issuewild", check_issue },
	{ "iodef", check_iodef },
	{ "auth", NULL },
	{ "path", NULL },
	{ "policy", NULL },
	{ "contactemail", check_contactemail },
	{ "contactphone", check_contactphone },
	{ "issuevmc", check_issue },
	{ "issuemail", check_issuemail },
};

static bool tag_equal_ci(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (lower_ascii((unsigned char)*a) != lower_ascii((unsigned char)*b))
			return false;
	return *a == *b;
}

/* One record (spec §3.3.7): at most one error, in the Python's order. */
static void check_record(const struct dns_rr *rr, struct caa_result *out)
{
	struct text value = { (const char *)rr->u.caa.value, rr->u.caa.value ? rr->u.caa.len : 0 };
	const char *tag = rr->u.caa.tag;
	char flags[8];

	/* the value is decoded as UTF-8 before anything is checked */
	if (!utf8_valid(&value)) {
		msg_add(out, MSG_ENCODING, tag);
		return;
	}
	/* RFC 8659 §4.1: only the critical bit may be set */
	if (rr->u.caa.flags != 0 && rr->u.caa.flags != 128) {
		snprintf(flags, sizeof(flags), "%u", (unsigned)rr->u.caa.flags);
		msg_add(out, MSG_FLAGS, flags);
		return;
	}
	for (size_t i = 0; i < sizeof(properties) / sizeof(properties[0]); i++) {
		if (!tag_equal_ci(tag, properties[i].tag))
			continue;
		if (!properties[i].check)
			msg_add(out, MSG_RESERVED, tag);
		else
			properties[i].check(tag, &value, out);
		return;
	}
	msg_add(out, MSG_UNKNOWN, tag);
}

/* dnspython's CAA to_text: flags tag "value", '"' and '\' escaped, bytes
 * outside 0x20..0x7E as \DDD. */
static void record_text(const struct dns_rr *rr, char *buf, size_t size)
{
	struct text value = { (const char *)rr->u.caa.value, rr->u.caa.value ? rr->u.caa.len : 0 };
	size_t o;
	int w = snprintf(buf, size, "%u %s \"", (unsigned)rr->u.caa.flags, rr->u.caa.tag);

	if (w < 0 || (size_t)w >= size)
		return;
	o = (size_t)w;
	for (size_t i = 0; i < value.len; i++) {
		int c = txt_at(&value, i);
		char esc[8];
		size_t n;
		if (c == '"' || c == '\\')
			n = (size_t)snprintf(esc, sizeof(esc), "\\%c", c);
		else if (c >= 0x20 && c < 0x7F)
			n = (size_t)snprintf(esc, sizeof(esc), "%c", c);
		else
			n = (size_t)snprintf(esc, sizeof(esc), "\\%03d", c);
		if (o + n + 2 > size)
			break;   /* truncated: keep room for the closing quote */
		memcpy(buf + o, esc, n);
		o += n;
	}
	buf[o++] = '"';
	buf[o] = '\0';
}

void caa_evaluate_records(const struct dns_rr *rrs, size_t n, struct caa_result *out)
{
	bool has_issue = false, missing = false;
	char found_on[sizeof(out->found_on)];

	/* found_on is the caller's: keep it across the reset */
	memcpy(found_on, out->found_on, sizeof(found_on));
	memset(out, 0, sizeof(*out));
	memcpy(out->found_on, found_on, sizeof(found_on));
	out->found_on[sizeof(out->found_on) - 1] = '\0';

	/* §3.3.7: at most the first 100 records */
	if (n > CAA_RECORDS_MAX)
		n = CAA_RECORDS_MAX;
	out->enabled = n > 0;
	out->n_records = n;
	for (size_t i = 0; i < n; i++) {
		record_text(&rrs[i], out->records[i], sizeof(out->records[i]));
		/* internet.nl collects the tags as written: "ISSUE" does not satisfy
		 * the required "issue" although it is validated case-insensitively */
		if (strcmp(rrs[i].u.caa.tag, "issue") == 0)
			has_issue = true;
		check_record(&rrs[i], out);
	}
	if (!has_issue) {
		/* §3.3.7: also reported when nothing was found (§6.1); it must survive
		 * a full error list, since it decides the outcome */
		if (out->n_errors == CAA_MSGS_MAX)
			out->n_errors--;
		msg_add(out, MSG_MISSING_ISSUE, "issue");
		missing = true;
	}
	if (!out->enabled)
		out->outcome = CAA_OUT_NONE;
	else if (missing)
		out->outcome = CAA_OUT_INSUFFICIENT;
	else if (out->n_errors)
		out->outcome = CAA_OUT_SYNTAX_ERROR;
	else if (out->n_recommendations)
		out->outcome = CAA_OUT_RECOMMENDATIONS;
	else
		out->outcome = CAA_OUT_GOOD;
}

/* ------------------------------------------------------------------ probe */

/* Copy `name` without a trailing dot; false when it is empty or too long. */
static bool name_normalise(const char *name, char *buf, size_t size)
{
	size_t n = name ? strlen(name) : 0;

	if (n && name[n - 1] == '.')
		n--;
	if (!n || n >= size)
		return false;
	memcpy(buf, name, n);
	buf[n] = '\0';
	return true;
}

void caa_probe(struct resolver *res, const char *name, deadline_t deadline, struct caa_result *out)
{
	char qname[256];
	const char *q;

	memset(out, 0, sizeof(*out));
	if (!res || !name_normalise(name, qname, sizeof(qname))) {
		caa_evaluate_records(NULL, 0, out);
		return;
	}
	/* §3.3.7 / RFC 8659 §3: climb to the parent on NODATA or NXDOMAIN, up to
	 * (excluding) the root, so the TLD itself is queried too (dns_climb_tree) */
	for (q = qname; q && *q;) {
		struct dns_answer ans;
		int rc = resolver_query(res, q, DNS_TYPE_CAA, RESOLVER_CD, deadline, &ans);

		if (rc == 0 && ans.rcode == DNS_RCODE_NOERROR && ans.n > 0) {
			/* found_on = the answer's canonical name (after CNAMEs) */
			const char *on = ans.canonname[0] ? ans.canonname : q;
			if (!name_normalise(on, out->found_on, sizeof(out->found_on)))
				snprintf(out->found_on, sizeof(out->found_on), "%s", q);
			caa_evaluate_records(ans.rr, ans.n, out);
			dns_answer_free(&ans);
			return;
		}
		/* internet.nl stops with "not found" on a timeout or SERVFAIL
		 * (LifetimeTimeout, NoNameservers); only NoAnswer/NXDOMAIN climb */
		if (rc != 0 || (ans.rcode != DNS_RCODE_NOERROR && ans.rcode != DNS_RCODE_NXDOMAIN)) {
			dns_answer_free(&ans);
			break;
		}
		dns_answer_free(&ans);
		q = strchr(q, '.');
		if (q)
			q++;
	}
	out->found_on[0] = '\0';
	caa_evaluate_records(NULL, 0, out);
}

/* ------------------------------------------------------------------ evaluation */

/* Split a syntax context "<tag>@<pos> <char>: <value>" (see the top). */
static json_t *syntax_context(const char *ctx)
{
	const char *at = strchr(ctx, '@'), *p;
	char tag[192];
	char ch[8];
	size_t pos = 0, tl, cl = 0;

	if (!at)
		return json_pack("{s:s}", "property_value", ctx);
	tl = (size_t)(at - ctx);
	if (tl >= sizeof(tag))
		tl = sizeof(tag) - 1;
	memcpy(tag, ctx, tl);
	tag[tl] = '\0';
	for (p = at + 1; *p >= '0' && *p <= '9'; p++)
		pos = pos * 10 + (size_t)(*p - '0');
	if (*p == ' ')
		p++;
	/* the character: one UTF-8 sequence, possibly none */
	if (*p && strncmp(p, ": ", 2) != 0) {
		unsigned char c = (unsigned char)*p;
		cl = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (c == '\\' && strncmp(p, "\\000", 4) == 0)
			cl = 4;
		for (size_t k = 0; k < cl; k++)
			if (!p[k]) {
				cl = k;
				break;
			}
	}
	if (cl >= sizeof(ch))
		cl = sizeof(ch) - 1;
	memcpy(ch, p, cl);
	ch[cl] = '\0';
	p += cl;
	if (strncmp(p, ": ", 2) == 0)
		p += 2;
	return json_pack("{s:s, s:s, s:I, s:s}", "property_name", tag, "property_value", p,
	                 "invalid_character_position", (json_int_t)pos, "invalid_character", ch);
}

/* internet.nl's context object for one message (checks/caa/parser.py). */
static json_t *msg_context(const struct caa_msg *m)
{
	const char *key;

	if (strcmp(m->msgid, MSG_SYNTAX) == 0)
		return syntax_context(m->context);
	if (strcmp(m->msgid, MSG_FLAGS) == 0)
		key = "flags";
	else if (strcmp(m->msgid, MSG_RESERVED) == 0 || strcmp(m->msgid, MSG_UNKNOWN) == 0 ||
	         strcmp(m->msgid, MSG_MISSING_ISSUE) == 0)
		key = "property_tag";
	else if (strcmp(m->msgid, MSG_ENCODING) == 0)
		key = "property_name";
	else if (strcmp(m->msgid, MSG_METHODS) == 0)
		key = "parameter_value";
	else
		key = "property_value";
	return json_pack("{s:s}", key, m->context);
}

static json_t *msgs_json(const struct caa_msg *m, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:o}", "msgid", m[i].msgid, "context", msg_context(&m[i])));
	return a;
}

/* A finding row of the tech table: web [found on, "", finding], mail (the caller
 * puts the MX in front) [finding, found on]. */
static void finding_row(json_t *a, bool web, const char *found_on, const char *finding)
{
	json_array_append_new(a, web ? json_pack("[s,s,s]", found_on, "", finding)
	                             : json_pack("[s,s]", finding, found_on));
}

/* The tech table of internet.nl's tasks_reports.py: the records, the errors, the
 * recommendations. Web (the domain's, spec §3.3.8): [found on, record, finding];
 * mail (per MX, §3.10): [record, found on] after the MX. `domain`: the web row's
 * domain when nothing was found. */
static json_t *tech_rows(const struct caa_result *c, bool web, const char *domain)
{
	json_t *a = json_array();
	/* nothing found: web names the tested domain, a mail row leaves it empty */
	const char *on = c->enabled && c->found_on[0] ? c->found_on : web ? domain : "";
	char line[512];

	if (!c->enabled)
		finding_row(a, web, on, "no CAA records found");
	for (size_t i = 0; i < c->n_records; i++)
		json_array_append_new(a, web ? json_pack("[s,s,s]", on, c->records[i], "")
		                             : json_pack("[s,s]", c->records[i], on));
	for (size_t i = 0; i < c->n_errors; i++) {
		if (c->errors[i].context[0])
			snprintf(line, sizeof(line), "error: %s (%s)", c->errors[i].msgid, c->errors[i].context);
		else
			snprintf(line, sizeof(line), "error: %s", c->errors[i].msgid);
		finding_row(a, web, on, line);
	}
	for (size_t i = 0; i < c->n_recommendations; i++) {
		snprintf(line, sizeof(line), "recommendation: %s", c->recommendations[i].msgid);
		finding_row(a, web, on, line);
	}
	return a;
}

void caa_evaluate(const struct caa_result *c, enum subtest_id id, struct report *r, json_t *details)
{
	json_t *records;

	/* §3.3.8 web_caa / mail_caa: FAIL is capped to warning by the REC level */
	if (!c->enabled) {
		result_set(r, id, STATUS_FAIL, "bad");
	} else if (c->n_errors) {
		/* tasks_reports.py: any missing-issue error → insufficient, else syntax */
		bool missing = false;
		for (size_t i = 0; i < c->n_errors; i++)
			if (strcmp(c->errors[i].msgid, MSG_MISSING_ISSUE) == 0)
				missing = true;
		result_set(r, id, STATUS_FAIL, missing ? "insufficient" : "syntax-error");
	} else if (c->n_recommendations) {
		result_set(r, id, STATUS_INFO, "recommendations");
	} else {
		result_set(r, id, STATUS_SUCCESS, "good");
	}
	result_set_tech(r, id, tech_rows(c, id == SUB_WEB_HTTPS_TLS_CAA, r->domain));

	if (!details)
		return;
	records = json_array();
	for (size_t i = 0; i < c->n_records; i++)
		json_array_append_new(records, json_string(c->records[i]));
	json_object_set_new(details, "caa_enabled", json_boolean(c->enabled));
	json_object_set_new(details, "caa_errors", msgs_json(c->errors, c->n_errors));
	json_object_set_new(details, "caa_recommendations", msgs_json(c->recommendations, c->n_recommendations));
	json_object_set_new(details, "caa_records", records);
	/* internet.nl: the canonical name, null when nothing was found */
	json_object_set_new(details, "caa_found_on_domain",
	                    c->enabled && c->found_on[0] ? json_string(c->found_on) : json_null());
}
