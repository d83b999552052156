/*
 * resolver.c -- see resolver.h. DNS facts through one shared libunbound context.
 *
 * libunbound has no per-query timeout, so the context runs in async mode with a
 * background thread (ub_ctx_async(ctx, 1)). One dispatcher thread owned by the
 * resolver loops poll(ub_fd) + ub_process() and delivers each result to the
 * caller's struct query; the caller waits on the query's condition variable
 * until min(deadline, now + query timeout), then ub_cancel()s it.
 *
 * Ownership of a struct query: two references, the caller's and libunbound's
 * (the callback). libunbound decides under its own lock whether the callback
 * still runs: ub_cancel() returning UB_NOERROR means it never will (the answer
 * is dropped), UB_NOID means it has run or is about to. So after a timeout the
 * caller drops libunbound's reference itself on UB_NOERROR, or marks the query
 * abandoned and lets the callback free the late result. All query fields are
 * guarded by resolver.lock. Every live query is also on resolver.queries, so
 * resolver_free() can release queries whose answer libunbound discarded at
 * shutdown.
 */
#include "dns/resolver.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <unbound.h>

#include "core/cursor.h"

#define DEFAULT_QUERY_TIMEOUT_MS 5000   /* spec §1.4: dnspython lifetime 5 s */

struct query {
	struct query *prev, *next;   /* on resolver.queries */
	pthread_cond_t cond;
	int refs;                    /* caller + libunbound callback */
	bool done;                   /* callback ran: err/result are set */
	bool abandoned;              /* caller gave up; callback frees the result */
	int err;
	struct ub_result *result;
	struct resolver *res;
};

struct resolver {
	struct ub_ctx *ctx;
	int query_timeout_ms;
	pthread_mutex_t lock;        /* guards every struct query and `broken` */
	struct query *queries;       /* live queries */
	bool broken;                 /* dispatcher stopped on a libunbound pipe error */
	int wake[2];                 /* self-pipe: resolver_free() stops the dispatcher */
	pthread_t dispatcher;
	bool dispatcher_started;
	struct dns_override *overrides;   /* --resolve (issue 21) */
	size_t n_overrides;
};

/* ------------------------------------------------------------------------ */
/* rdata parsing (pure; untrusted bytes only through the cursor, STYLE rule 5) */

static void name_lowercase(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* A domain name in rdata, lowercased, "" for the root. */
static int rdata_get_name(struct cursor *c, char *out, size_t outlen)
{
	if (cursor_get_dname(c, out, outlen) < 0)
		return -1;
	name_lowercase(out);
	return 0;
}

/* Append byte `ch` as itself when printable ASCII, else as \DDD (spec §1.4). */
static int text_put(char *out, size_t outlen, size_t *o, uint8_t ch)
{
	if (ch >= 0x20 && ch < 0x7f) {
		if (*o + 1 >= outlen)
			return -1;
		out[(*o)++] = (char)ch;
		return 0;
	}
	if (*o + 4 >= outlen)
		return -1;
	snprintf(out + *o, 5, "\\%03u", ch);
	*o += 4;
	return 0;
}

/* All bytes of `c` as escaped text into `out` (NUL-terminated). */
static int text_put_all(struct cursor *c, char *out, size_t outlen, size_t *o)
{
	uint8_t ch;
	while (cursor_get_u8(c, &ch) == 0)
		if (text_put(out, outlen, o, ch) < 0)
			return -1;
	out[*o] = '\0';
	return 0;
}

/* The remaining bytes of `c` as a malloc'd copy plus a NUL (NULL when empty). */
static int rdata_get_rest(struct cursor *c, uint8_t **out, size_t *len)
{
	size_t n = cursor_len(c);
	*out = NULL;
	*len = 0;
	if (n == 0)
		return 0;
	*out = malloc(n + 1);
	if (!*out)
		return -1;
	if (cursor_copy(c, *out, n) < 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	(*out)[n] = 0;
	*len = n;
	return 0;
}

/* TXT: the character-strings of one record concatenated without separator (§1.4). */
static int parse_txt(struct cursor *c, struct dns_rr *out)
{
	size_t cap = 4 * cursor_len(c) + 1, o = 0;
	char *text = malloc(cap);
	if (!text)
		return -1;
	text[0] = '\0';
	while (cursor_len(c) > 0) {
		struct cursor s;
		if (cursor_get_u8_prefixed(c, &s) < 0 || text_put_all(&s, text, cap, &o) < 0) {
			free(text);
			return -1;
		}
	}
	out->u.txt.text = text;
	out->u.txt.len = o;
	return 0;
}

static int parse_caa(struct cursor *c, struct dns_rr *out)
{
	struct cursor tag;
	size_t o = 0;
	if (cursor_get_u8(c, &out->u.caa.flags) < 0 || cursor_get_u8_prefixed(c, &tag) < 0 ||
	    text_put_all(&tag, out->u.caa.tag, sizeof(out->u.caa.tag), &o) < 0)
		return -1;
	/* tag validity (RFC 8659: 1..15 alphanumerics) is the CAA check's to judge */
	return rdata_get_rest(c, &out->u.caa.value, &out->u.caa.len);
}

/* realloc() the array `a` of `n` elements of `size` bytes to n + 1; NULL on overflow/OOM. */
static void *array_grow(void *a, size_t n, size_t size)
{
	if (n >= SIZE_MAX / size - 1)
		return NULL;
	return realloc(a, (n + 1) * size);
}

/* mandatory (RFC 9460 §8): a non-empty list of 2-byte keys, each at most once,
 * never key 0 itself. */
static int svcb_get_mandatory(struct cursor *v, struct dns_svcb *out)
{
	uint16_t key;

	if (cursor_len(v) == 0 || cursor_len(v) % 2 != 0)
		return -1;
	out->mandatory = calloc(cursor_len(v) / 2, sizeof(*out->mandatory));
	if (!out->mandatory)
		return -1;
	while (cursor_get_u16(v, &key) == 0) {
		if (key == SVC_KEY_MANDATORY)
			return -1;
		for (size_t i = 0; i < out->n_mandatory; i++)
			if (out->mandatory[i] == key)
				return -1;
		out->mandatory[out->n_mandatory++] = key;
	}
	return 0;
}

/* alpn (RFC 9460 §7.1.1): a non-empty list of alpn-ids, each 1..255 bytes. */
static int svcb_get_alpn(struct cursor *v, struct dns_svcb *out)
{
	if (cursor_len(v) == 0)
		return -1;
	while (cursor_len(v) > 0) {
		struct cursor id;
		size_t o = 0, cap;
		char **grown, *text;

		if (cursor_get_u8_prefixed(v, &id) < 0 || cursor_len(&id) == 0)
			return -1;
		cap = 4 * cursor_len(&id) + 1;
		text = malloc(cap);
		if (!text)
			return -1;
		if (text_put_all(&id, text, cap, &o) < 0 ||
		    !(grown = array_grow(out->alpn, out->n_alpn, sizeof(*out->alpn)))) {
			free(text);
			return -1;
		}
		out->alpn = grown;
		out->alpn[out->n_alpn++] = text;
	}
	return 0;
}

/* ipv4hint / ipv6hint (RFC 9460 §7.3): a non-empty list of `size`-byte addresses,
 * as a malloc'd array of `*n` of them; NULL when malformed or out of memory. */
static void *svcb_get_hints(struct cursor *v, size_t size, size_t *n)
{
	size_t len = cursor_len(v);
	void *a;

	if (len == 0 || len % size != 0)
		return NULL;
	a = malloc(len);
	if (!a)
		return NULL;
	if (cursor_copy(v, a, len) < 0) {
		free(a);
		return NULL;
	}
	*n = len / size;
	return a;
}

/* One SvcParam value of `key` (RFC 9460 §7); unknown keys are kept as numbers only. */
static int svcb_get_param(uint16_t key, struct cursor *v, struct dns_svcb *out)
{
	switch (key) {
	case SVC_KEY_MANDATORY:
		return svcb_get_mandatory(v, out);
	case SVC_KEY_ALPN:
		return svcb_get_alpn(v, out);
	case SVC_KEY_NO_DEFAULT_ALPN:
		out->no_default_alpn = true;
		return cursor_len(v) == 0 ? 0 : -1;   /* §7.1.1: the value is empty */
	case SVC_KEY_PORT:
		out->has_port = true;
		return cursor_get_u16(v, &out->port);  /* exactly 2 bytes: the caller checks the rest */
	case SVC_KEY_IPV4HINT:
		out->ipv4hint = svcb_get_hints(v, sizeof(*out->ipv4hint), &out->n_ipv4hint);
		return out->ipv4hint ? 0 : -1;
	case SVC_KEY_ECH:
		out->has_ech = true;
		out->ech_len = cursor_len(v);
		return cursor_skip(v, cursor_len(v));
	case SVC_KEY_IPV6HINT:
		out->ipv6hint = svcb_get_hints(v, sizeof(*out->ipv6hint), &out->n_ipv6hint);
		return out->ipv6hint ? 0 : -1;
	default:
		return cursor_skip(v, cursor_len(v));
	}
}

/*
 * SVCB / HTTPS (RFC 9460 §2.2): SvcPriority, uncompressed TargetName, then
 * SvcParams `key u16, length u16, value`. Keys must be strictly increasing (no
 * duplicates) and every value must be exactly consumed, else the record is
 * malformed. AliasMode params are parsed like any other (§2.4.2: clients ignore
 * them; the httpsrr rules say so).
 */
static int parse_svcb(struct cursor *c, struct dns_rr *out)
{
	struct dns_svcb *s = &out->u.svcb;

	if (cursor_get_u16(c, &s->priority) < 0 || rdata_get_name(c, s->target, sizeof(s->target)) < 0)
		return -1;
	while (cursor_len(c) > 0) {
		uint16_t key;
		struct cursor v;
		uint16_t *grown;

		if (cursor_get_u16(c, &key) < 0 || cursor_get_u16_prefixed(c, &v) < 0)
			return -1;
		/* §2.2: SvcParamKeys in strictly increasing order, hence no duplicates */
		if (s->n_keys > 0 && key <= s->keys[s->n_keys - 1])
			return -1;
		grown = array_grow(s->keys, s->n_keys, sizeof(*s->keys));
		if (!grown)
			return -1;
		s->keys = grown;
		s->keys[s->n_keys++] = key;
		if (svcb_get_param(key, &v, s) < 0 || cursor_len(&v) != 0)
			return -1;
	}
	return 0;
}

int dns_rr_parse(uint16_t type, const uint8_t *rdata, size_t len, struct dns_rr *out)
{
	struct cursor c;
	int r = -1;

	memset(out, 0, sizeof(*out));
	out->type = type;
	cursor_init(&c, rdata, len);
	switch (type) {
	case DNS_TYPE_A:
		r = cursor_copy(&c, &out->u.a, 4);
		break;
	case DNS_TYPE_AAAA:
		r = cursor_copy(&c, &out->u.aaaa, 16);
		break;
	case DNS_TYPE_NS:
	case DNS_TYPE_CNAME:
		r = rdata_get_name(&c, out->u.name, sizeof(out->u.name));
		break;
	case DNS_TYPE_MX:
		/* exchange "." (Null MX, spec §3.6) comes out as "" */
		if (cursor_get_u16(&c, &out->u.mx.preference) == 0)
			r = rdata_get_name(&c, out->u.mx.exchange, sizeof(out->u.mx.exchange));
		break;
	case DNS_TYPE_TXT:
		r = parse_txt(&c, out);
		break;
	case DNS_TYPE_SOA:
		if (rdata_get_name(&c, out->u.soa.mname, sizeof(out->u.soa.mname)) == 0 &&
		    rdata_get_name(&c, out->u.soa.rname, sizeof(out->u.soa.rname)) == 0 &&
		    cursor_get_u32(&c, &out->u.soa.serial) == 0 &&
		    cursor_get_u32(&c, &out->u.soa.refresh) == 0 &&
		    cursor_get_u32(&c, &out->u.soa.retry) == 0 &&
		    cursor_get_u32(&c, &out->u.soa.expire) == 0 &&
		    cursor_get_u32(&c, &out->u.soa.minimum) == 0)
			r = 0;
		break;
	case DNS_TYPE_TLSA:
		if (cursor_get_u8(&c, &out->u.tlsa.usage) == 0 &&
		    cursor_get_u8(&c, &out->u.tlsa.selector) == 0 &&
		    cursor_get_u8(&c, &out->u.tlsa.mtype) == 0)
			r = rdata_get_rest(&c, &out->u.tlsa.data, &out->u.tlsa.len);
		break;
	case DNS_TYPE_CAA:
		r = parse_caa(&c, out);
		break;
	case DNS_TYPE_SVCB:
	case DNS_TYPE_HTTPS:
		r = parse_svcb(&c, out);
		break;
	default:
		break;
	}
	if (r == 0 && cursor_len(&c) != 0)
		r = -1;   /* trailing bytes: malformed, never guessed at */
	if (r < 0) {
		dns_rr_free(out);
		memset(out, 0, sizeof(*out));
		out->type = type;
	}
	return r;
}

void dns_rr_free(struct dns_rr *rr)
{
	if (!rr)
		return;
	switch (rr->type) {
	case DNS_TYPE_TXT:
		free(rr->u.txt.text);
		rr->u.txt.text = NULL;
		break;
	case DNS_TYPE_TLSA:
		free(rr->u.tlsa.data);
		rr->u.tlsa.data = NULL;
		break;
	case DNS_TYPE_CAA:
		free(rr->u.caa.value);
		rr->u.caa.value = NULL;
		break;
	case DNS_TYPE_SVCB:
	case DNS_TYPE_HTTPS:
		for (size_t i = 0; i < rr->u.svcb.n_alpn; i++)
			free(rr->u.svcb.alpn[i]);
		free(rr->u.svcb.alpn);
		free(rr->u.svcb.mandatory);
		free(rr->u.svcb.ipv4hint);
		free(rr->u.svcb.ipv6hint);
		free(rr->u.svcb.keys);
		memset(&rr->u.svcb, 0, sizeof(rr->u.svcb));
		break;
	default:
		break;
	}
}

void dns_answer_free(struct dns_answer *ans)
{
	if (!ans)
		return;
	for (size_t i = 0; i < ans->n; i++)
		dns_rr_free(&ans->rr[i]);
	free(ans->rr);
	ans->rr = NULL;
	ans->n = 0;
	ans->n_malformed = 0;
}

bool dns_answer_nodata(const struct dns_answer *ans)
{
	return !ans->timeout && ans->security != DNSSEC_ERROR &&
	       ans->rcode == DNS_RCODE_NOERROR && ans->n == 0;
}

bool dns_answer_failed(const struct dns_answer *ans)
{
	return ans->timeout || (ans->rcode != DNS_RCODE_NOERROR && ans->rcode != DNS_RCODE_NXDOMAIN);
}

const char *dnssec_status_name(enum dnssec_status s)
{
	switch (s) {
	case DNSSEC_SECURE:
		return "secure";
	case DNSSEC_INSECURE:
		return "insecure";
	case DNSSEC_BOGUS:
		return "bogus";
	case DNSSEC_ERROR:
		break;
	}
	return "dnserror";
}

/* ------------------------------------------------------------------------ */
/* the resolver */

/* `name` lowercased, without trailing dot; -1 when it cannot be a domain name. */
static int name_normalise(const char *name, char out[256])
{
	size_t n;
	if (!name)
		return -1;
	n = strlen(name);
	if (n > 0 && name[n - 1] == '.')
		n--;
	if (n > 253)
		return -1;
	memcpy(out, name, n);
	out[n] = '\0';
	name_lowercase(out);
	return 0;
}

/* A file the user named must be a readable regular file: say so before libunbound. */
static int file_check_readable(const char *what, const char *path, struct error *err)
{
	struct stat st;
	FILE *f;
	if (stat(path, &st) < 0)
		return error_set(err, "cannot read %s %s: %s", what, path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return error_set(err, "cannot read %s %s: not a regular file", what, path);
	f = fopen(path, "r");
	if (!f)
		return error_set(err, "cannot read %s %s: %s", what, path, strerror(errno));
	fclose(f);
	return 0;
}

#define ZONE_FILE_MAX_BYTES (1024 * 1024)   /* IANA's named.root is 3.3 kB, root.key 1 kB */
#define ZONE_FILE_TOKENS 8                   /* the first tokens of a line are enough */

/* What a zone-file scan hands each line: its first tokens, and how many there were. */
typedef int (*zone_line_fn)(char **tok, size_t ntok, size_t total, void *arg, struct error *err);

/*
 * Read a small zone file given by the user (root hints, trust anchor) line by line,
 * comments after ';' removed (RFC 1035 §5.1, loosely: enough to find record types).
 * It must be a regular file of at most 1 MiB; a named pipe or a device is refused
 * without blocking. 0, or -1 with `err` naming `what` and the file.
 */
static int zone_file_scan(const char *what, const char *path, zone_line_fn fn, void *arg,
                          struct error *err)
{
	struct stat st;
	FILE *f = NULL;
	char *line = NULL;
	size_t cap = 0;
	int fd, rc = -1;

	/* O_NONBLOCK: a named pipe must not block the open; fstat then refuses it */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || !(f = fdopen(fd, "r"))) {
		error_set(err, "cannot read %s %s: %s", what, path, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		error_set(err, "cannot read %s %s: not a regular file", what, path);
		goto out;
	}
	if (st.st_size > ZONE_FILE_MAX_BYTES) {
		error_set(err, "cannot read %s %s: larger than %d bytes", what, path, ZONE_FILE_MAX_BYTES);
		goto out;
	}
	while (getline(&line, &cap, f) > 0) {
		char *tok[ZONE_FILE_TOKENS], *semi = strchr(line, ';'), *save = NULL, *t;
		size_t nt = 0, total = 0;
		if (semi)
			*semi = '\0';
		for (t = strtok_r(line, " \t\r\n", &save); t; t = strtok_r(NULL, " \t\r\n", &save), total++)
			if (nt < ZONE_FILE_TOKENS)
				tok[nt++] = t;
		if (nt > 0 && fn(tok, nt, total, arg, err) < 0)
			goto out;
	}
	if (ferror(f)) {
		error_set(err, "cannot read %s %s: %s", what, path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(line);
	if (f)
		fclose(f);
	return rc;
}

struct hints_scan {
	char (*addrs)[INET6_ADDRSTRLEN];
	size_t n, have;
};

/* "NAME [TTL] [CLASS] A|AAAA ADDRESS": the address of a root server. */
static int hints_line(char **tok, size_t nt, size_t total, void *arg, struct error *err)
{
	struct hints_scan *h = arg;
	unsigned char bin[16];
	bool is_a, is_aaaa;

	if (nt < 3 || total != nt)
		return 0;
	is_a = strcasecmp(tok[nt - 2], "A") == 0;
	is_aaaa = strcasecmp(tok[nt - 2], "AAAA") == 0;
	if ((!is_a && !is_aaaa) || inet_pton(is_a ? AF_INET : AF_INET6, tok[nt - 1], bin) != 1)
		return 0;
	if (h->n == h->have) {
		size_t more = h->have ? 2 * h->have : 16;
		char (*grown)[INET6_ADDRSTRLEN] = realloc(h->addrs, more * sizeof(*h->addrs));
		if (!grown)
			return error_set(err, "out of memory");
		h->addrs = grown;
		h->have = more;
	}
	snprintf(h->addrs[h->n++], INET6_ADDRSTRLEN, "%s", tok[nt - 1]);
	return 0;
}

int resolver_root_hints_addresses(const char *path, char (**addrs)[INET6_ADDRSTRLEN], size_t *n,
                                  struct error *err)
{
	struct hints_scan h = { 0 };
	int rc = zone_file_scan("root hints", path, hints_line, &h, err);

	if (rc < 0) {
		free(h.addrs);
		h.addrs = NULL;
		h.n = 0;
	}
	*addrs = h.addrs;
	*n = h.n;
	return rc;
}

/* "OWNER [TTL] [CLASS] DS|DNSKEY RDATA...": one trust anchor record. */
static int anchor_line(char **tok, size_t nt, size_t total, void *arg, struct error *err)
{
	size_t *count = arg;
	(void)err;
	for (size_t i = 1; i < nt && i <= 3; i++)
		if ((strcasecmp(tok[i], "DS") == 0 || strcasecmp(tok[i], "DNSKEY") == 0) && total > i + 1) {
			(*count)++;
			break;
		}
	return 0;
}

int resolver_trust_anchor_check(const char *path, struct error *err)
{
	size_t count = 0;

	if (zone_file_scan("trust anchor", path, anchor_line, &count, err) < 0)
		return -1;
	/* libunbound takes a file without anchors and then validates nothing (issue 15) */
	if (count == 0)
		return error_set(err, "trust anchor %s has no DS or DNSKEY record", path);
	return 0;
}

/* Drop one reference with res->lock held; true when the caller must destroy `q`. */
static bool query_unref_locked(struct query *q)
{
	if (--q->refs > 0)
		return false;
	if (q->prev)
		q->prev->next = q->next;
	else
		q->res->queries = q->next;
	if (q->next)
		q->next->prev = q->prev;
	return true;
}

static void query_destroy(struct query *q)
{
	ub_resolve_free(q->result);
	pthread_cond_destroy(&q->cond);
	free(q);
}

/* libunbound callback, run by the dispatcher thread inside ub_process(). */
static void query_done_cb(void *arg, int err, struct ub_result *result)
{
	struct query *q = arg;
	struct resolver *res = q->res;
	bool last;

	pthread_mutex_lock(&res->lock);
	if (q->abandoned) {
		ub_resolve_free(result);   /* the caller timed out and left */
	} else {
		q->err = err;
		q->result = result;
		q->done = true;
		pthread_cond_signal(&q->cond);
	}
	last = query_unref_locked(q);
	pthread_mutex_unlock(&res->lock);
	if (last)
		query_destroy(q);
}

/*
 * The dispatcher: waits for libunbound's result pipe or the stop pipe. It has
 * no deadline of its own (STYLE rule 8 binds the callers, who all wait with one);
 * resolver_free() ends it.
 */
static void *dispatcher_main(void *arg)
{
	struct resolver *res = arg;
	struct pollfd pfd[2] = {
		{ .fd = ub_fd(res->ctx), .events = POLLIN },
		{ .fd = res->wake[0], .events = POLLIN },
	};

	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[1].revents)
			break;
		if (pfd[0].revents && ub_process(res->ctx) != UB_NOERROR)
			break;
	}
	if (!pfd[1].revents) {
		/* libunbound's pipe failed: later queries fail fast, waiting ones time out */
		pthread_mutex_lock(&res->lock);
		res->broken = true;
		pthread_mutex_unlock(&res->lock);
	}
	return NULL;
}

/*
 * Zone overlays (issue 21): an unbound.conf fragment with one auth-zone per overlay,
 * "for upstream" (answers are treated as if they came from the zone's servers, so a
 * signed one is validated from the trust anchor) and without fallback to the real
 * servers; an unsigned one is domain-insecure, else every answer from it would be
 * bogus under a signed parent. libunbound reads the zone files when it finalizes.
 */
static int overlays_config(struct ub_ctx *ctx, const struct dns_overlay *ov, size_t n,
                           struct error *err)
{
	char path[4096];
	const char *tmp = getenv("TMPDIR");
	FILE *f;
	int fd, r;

	if (!tmp || !*tmp || strlen(tmp) > 1000)
		tmp = "/tmp";
	snprintf(path, sizeof(path), "%s/inetcheck-unbound-XXXXXX", tmp);
	fd = mkstemp(path);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		return error_set(err, "cannot write the zone overlay configuration: %s", strerror(errno));
	}
	fprintf(f, "server:\n");
	for (size_t i = 0; i < n; i++)
		if (!ov[i].is_signed)
			fprintf(f, "  domain-insecure: \"%s.\"\n", ov[i].origin);
	for (size_t i = 0; i < n; i++)
		/* dns_overlay_load allows only letters, digits, '-', '_' and '.' in an origin
		 * and no '"' in a path: nothing here needs quoting */
		fprintf(f, "auth-zone:\n  name: \"%s.\"\n  zonefile: \"%s\"\n  for-upstream: yes\n"
		        "  for-downstream: no\n  fallback-enabled: no\n", ov[i].origin, ov[i].canonical);
	if (ferror(f) | fclose(f)) {
		unlink(path);
		return error_set(err, "cannot write the zone overlay configuration");
	}
	r = ub_ctx_config(ctx, path);
	unlink(path);
	if (r != 0)
		return error_set(err, "zone overlays: %s", ub_strerror(r));
	return 0;
}

static int ctx_set(struct ub_ctx *ctx, const char *opt, const char *val, struct error *err)
{
	int r = ub_ctx_set_option(ctx, opt, val);
	if (r != 0)
		return error_set(err, "libunbound option %s %s: %s", opt, val, ub_strerror(r));
	return 0;
}

struct resolver *resolver_new(const struct resolver_config *cfg, struct error *err)
{
	struct resolver *res;
	const char *ta = cfg && cfg->trust_anchor ? cfg->trust_anchor : RESOLVER_DEFAULT_TRUST_ANCHOR;
	const char *hints = cfg ? cfg->root_hints : NULL;
	int r;

	if (hints && file_check_readable("root hints", hints, err) < 0)
		return NULL;
	if (file_check_readable("trust anchor", ta, err) < 0 || resolver_trust_anchor_check(ta, err) < 0)
		return NULL;

	res = calloc(1, sizeof(*res));
	if (!res) {
		error_set(err, "out of memory");
		return NULL;
	}
	res->wake[0] = res->wake[1] = -1;
	res->query_timeout_ms = cfg && cfg->query_timeout_ms > 0 ? cfg->query_timeout_ms
	                                                          : DEFAULT_QUERY_TIMEOUT_MS;
	pthread_mutex_init(&res->lock, NULL);

	res->ctx = ub_ctx_create();
	if (!res->ctx) {
		error_set(err, "cannot create libunbound context");
		goto fail;
	}
	/* threads, not fork: results come back through ub_fd() to the dispatcher */
	if ((r = ub_ctx_async(res->ctx, 1)) != 0) {
		error_set(err, "libunbound async mode: %s", ub_strerror(r));
		goto fail;
	}
	/*
	 * The target guard covers our own connections; libunbound makes its own, so it is
	 * told the guard's ranges (issue 15: NS records pointing at 10.1.2.3 must not make
	 * it query 10.1.2.3). Without a list (--allow-private) it may query anything, as
	 * the fixture's servers on 127.x and fd00:: need.
	 */
	if (ctx_set(res->ctx, "do-not-query-localhost:", cfg && cfg->do_not_query ? "yes" : "no", err) < 0)
		goto fail;
	for (const char *const *p = cfg ? cfg->do_not_query : NULL; p && *p; p++)
		if (ctx_set(res->ctx, "do-not-query-address:", *p, err) < 0)
			goto fail;
	/* like internet.nl's validating resolver (spec §1.1): no signature clock skew */
	if (ctx_set(res->ctx, "val-sig-skew-min:", "0", err) < 0 ||
	    ctx_set(res->ctx, "val-sig-skew-max:", "0", err) < 0)
		goto fail;
	if (hints && ctx_set(res->ctx, "root-hints:", hints, err) < 0)
		goto fail;
	if ((r = ub_ctx_add_ta_file(res->ctx, ta)) != 0) {
		error_set(err, "trust anchor %s: %s", ta, ub_strerror(r));
		goto fail;
	}
	if (cfg && cfg->n_overlays &&
	    overlays_config(res->ctx, cfg->overlays, cfg->n_overlays, err) < 0)
		goto fail;
	if (cfg && cfg->n_overrides) {
		res->overrides = calloc(cfg->n_overrides, sizeof(*res->overrides));
		if (!res->overrides) {
			error_set(err, "out of memory");
			goto fail;
		}
		memcpy(res->overrides, cfg->overrides, cfg->n_overrides * sizeof(*res->overrides));
		res->n_overrides = cfg->n_overrides;
	}
	/*
	 * Finalize now so a malformed hints or trust-anchor file fails here, not at
	 * the first query. libunbound 1.17 has no public finalize; removing a zone
	 * that does not exist finalizes and changes nothing.
	 */
	if ((r = ub_ctx_zone_remove(res->ctx, "inetcheck-finalize.invalid.")) != 0) {
		if (cfg && cfg->n_overlays)
			error_set(err, "cannot use the zone overlays, root hints or trust anchor: %s (see "
			          "libunbound's message above)", ub_strerror(r));
		else if (hints)
			error_set(err, "cannot use root hints %s or trust anchor %s: %s (see libunbound's message above)",
			          hints, ta, ub_strerror(r));
		else
			error_set(err, "cannot use trust anchor %s: %s (see libunbound's message above)",
			          ta, ub_strerror(r));
		goto fail;
	}

	if (pipe(res->wake) < 0) {
		res->wake[0] = res->wake[1] = -1;
		error_set(err, "pipe: %s", strerror(errno));
		goto fail;
	}
	(void)fcntl(res->wake[0], F_SETFD, FD_CLOEXEC);
	(void)fcntl(res->wake[1], F_SETFD, FD_CLOEXEC);
	if ((r = pthread_create(&res->dispatcher, NULL, dispatcher_main, res)) != 0) {
		error_set(err, "cannot start resolver thread: %s", strerror(r));
		goto fail;
	}
	res->dispatcher_started = true;
	return res;
fail:
	resolver_free(res);
	return NULL;
}

void resolver_free(struct resolver *res)
{
	struct query *q;

	if (!res)
		return;
	if (res->dispatcher_started) {
		ssize_t w;
		do
			w = write(res->wake[1], "x", 1);
		while (w < 0 && errno == EINTR);
		pthread_join(res->dispatcher, NULL);
	}
	/* stops libunbound's thread and drops undelivered answers (no more callbacks) */
	ub_ctx_delete(res->ctx);
	/* only abandoned queries whose late answer was dropped can remain */
	while ((q = res->queries) != NULL) {
		res->queries = q->next;
		query_destroy(q);
	}
	if (res->wake[0] >= 0)
		close(res->wake[0]);
	if (res->wake[1] >= 0)
		close(res->wake[1]);
	pthread_mutex_destroy(&res->lock);
	free(res->overrides);
	free(res);
}

/* Convert a CLOCK_MONOTONIC millisecond deadline for pthread_cond_timedwait. */
static struct timespec deadline_timespec(deadline_t d)
{
	struct timespec ts;
	if (d < 0)
		d = 0;
	ts.tv_sec = (time_t)(d / 1000);
	ts.tv_nsec = (long)(d % 1000) * 1000000L;
	return ts;
}

static void answer_fail(struct dns_answer *ans, bool timeout)
{
	dns_answer_free(ans);
	ans->timeout = timeout;
	ans->rcode = DNS_RCODE_SERVFAIL;
	ans->security = DNSSEC_ERROR;
}

/* Fill `ans` from one libunbound result (spec §1.4 CD semantics). */
static void answer_fill(struct dns_answer *ans, const char *qname, uint16_t type, int flags,
                        const struct ub_result *r)
{
	size_t count = 0;
	char canon[256];

	ans->rcode = r->rcode;
	if (r->bogus) {
		ans->security = DNSSEC_BOGUS;
		snprintf(ans->why_bogus, sizeof(ans->why_bogus), "%s",
		         r->why_bogus ? r->why_bogus : "validation failure");
		if (!(flags & RESOLVER_CD)) {
			/* a validating resolver answers a stub without CD with SERVFAIL */
			ans->rcode = DNS_RCODE_SERVFAIL;
			return;
		}
	} else if (r->secure) {
		ans->security = DNSSEC_SECURE;
	} else if (r->rcode == DNS_RCODE_SERVFAIL) {
		ans->security = DNSSEC_ERROR;   /* not validation: servers down, lame, ... */
	} else {
		ans->security = DNSSEC_INSECURE;
	}
	if (r->canonname && name_normalise(r->canonname, canon) == 0 && strcmp(canon, qname) != 0)
		snprintf(ans->canonname, sizeof(ans->canonname), "%s", canon);

	while (r->data && r->data[count])
		count++;
	if (count == 0)
		return;
	ans->rr = calloc(count, sizeof(*ans->rr));
	if (!ans->rr)
		return;   /* out of memory: the answer keeps its rcode, without records */
	for (size_t i = 0; i < count; i++) {
		if (r->len[i] < 0)
			continue;
		if (dns_rr_parse(type, (const uint8_t *)r->data[i], (size_t)r->len[i],
		                 &ans->rr[ans->n]) < 0) {
			ans->n_malformed++;
			continue;   /* malformed rdata: skipped, but counted */
		}
		ans->rr[ans->n].ttl = (uint32_t)(r->ttl > 0 ? r->ttl : 0);
		ans->n++;
	}
	if (ans->n == 0) {
		free(ans->rr);
		ans->rr = NULL;
	}
}

int resolver_query(struct resolver *res, const char *name, uint16_t type, int flags,
                   deadline_t deadline, struct dns_answer *ans)
{
	struct query *q = NULL;
	struct ub_result *result = NULL;
	pthread_condattr_t attr;
	struct timespec until;
	char qname[256];
	int async_id = 0, err = 0, r, rc = -1;
	bool broken, last, got = false;

	memset(ans, 0, sizeof(*ans));
	if (!res || name_normalise(name, qname) < 0) {
		answer_fail(ans, false);
		return -1;
	}
	deadline = deadline_min(deadline, deadline_in(res->query_timeout_ms));
	if (deadline_expired(deadline)) {
		answer_fail(ans, true);
		return -1;
	}

	q = calloc(1, sizeof(*q));
	if (!q) {
		answer_fail(ans, false);
		return -1;
	}
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);   /* deadline_t is monotonic */
	pthread_cond_init(&q->cond, &attr);
	pthread_condattr_destroy(&attr);
	q->res = res;
	q->refs = 2;

	pthread_mutex_lock(&res->lock);
	broken = res->broken;
	if (!broken) {
		q->next = res->queries;
		if (q->next)
			q->next->prev = q;
		res->queries = q;
	}
	pthread_mutex_unlock(&res->lock);
	if (broken) {
		query_destroy(q);
		answer_fail(ans, false);
		return -1;
	}

	r = ub_resolve_async(res->ctx, qname, type, 1 /* IN */, q, query_done_cb, &async_id);
	if (r != 0) {
		/* no callback will come: drop both references */
		pthread_mutex_lock(&res->lock);
		(void)query_unref_locked(q);
		last = query_unref_locked(q);
		pthread_mutex_unlock(&res->lock);
		if (last)
			query_destroy(q);
		answer_fail(ans, false);
		return -1;
	}

	until = deadline_timespec(deadline);
	pthread_mutex_lock(&res->lock);
	while (!q->done) {
		if (pthread_cond_timedwait(&q->cond, &res->lock, &until) == ETIMEDOUT)
			break;
	}
	if (!q->done) {
		pthread_mutex_unlock(&res->lock);
		r = ub_cancel(res->ctx, async_id);
		pthread_mutex_lock(&res->lock);
		if (r == UB_NOERROR)
			(void)query_unref_locked(q);   /* cancelled: the callback never runs */
		else if (!q->done)
			q->abandoned = true;           /* the callback is on its way */
	}
	if (q->done) {
		got = true;
		err = q->err;
		result = q->result;
		q->result = NULL;
	}
	last = query_unref_locked(q);
	pthread_mutex_unlock(&res->lock);
	if (last)
		query_destroy(q);

	if (!got) {
		answer_fail(ans, true);
	} else if (err != 0 || !result) {
		answer_fail(ans, false);
	} else {
		answer_fill(ans, qname, type, flags, result);
		rc = 0;
	}
	ub_resolve_free(result);
	return rc;
}

int resolver_query_connect(struct resolver *res, const char *name, unsigned port, uint16_t type,
                           int flags, deadline_t deadline, struct dns_answer *ans)
{
	const struct dns_override *o;
	char qname[256];
	size_t n;

	if (!res || (type != DNS_TYPE_A && type != DNS_TYPE_AAAA) || name_normalise(name, qname) < 0 ||
	    !(o = dns_override_find(res->overrides, res->n_overrides, qname, port)))
		return resolver_query(res, name, type, flags, deadline, ans);
	memset(ans, 0, sizeof(*ans));
	ans->rcode = DNS_RCODE_NOERROR;
	ans->security = DNSSEC_INSECURE;
	n = type == DNS_TYPE_A ? o->n4 : o->n6;
	if (n == 0)
		return 0;
	ans->rr = calloc(n, sizeof(*ans->rr));
	if (!ans->rr)
		return 0;
	for (size_t i = 0; i < n; i++) {
		ans->rr[i].type = type;
		if (type == DNS_TYPE_A)
			ans->rr[i].u.a = o->v4[i];
		else
			ans->rr[i].u.aaaa = o->v6[i];
	}
	ans->n = n;
	return 0;
}

int resolver_query_accurate(struct resolver *res, const char *name, uint16_t type,
                            deadline_t deadline, struct dns_answer *ans)
{
	struct dns_answer cd;
	char why[sizeof(ans->why_bogus)];
	int rc;

	/* spec §1.4 "guaranteed accurate": without CD first */
	rc = resolver_query(res, name, type, 0, deadline, ans);
	if (rc < 0 || ans->rcode != DNS_RCODE_SERVFAIL)
		return rc;
	/*
	 * SERVFAIL: ask again with CD. If data (or NXDOMAIN) comes back, the SERVFAIL
	 * was validation, so the answer is bogus. libunbound decides both from one
	 * validation (the first answer already says BOGUS), but the two steps are
	 * kept so that the outcome matches internet.nl's, whatever the cause.
	 */
	memcpy(why, ans->why_bogus, sizeof(why));
	rc = resolver_query(res, name, type, RESOLVER_CD, deadline, &cd);
	dns_answer_free(ans);
	*ans = cd;
	if (rc == 0 && (cd.rcode == DNS_RCODE_NOERROR || cd.rcode == DNS_RCODE_NXDOMAIN)) {
		ans->security = DNSSEC_BOGUS;
		if (ans->why_bogus[0] == '\0')
			snprintf(ans->why_bogus, sizeof(ans->why_bogus), "%s",
			         why[0] ? why : "SERVFAIL without CD, an answer with CD");
	}
	/* otherwise the CD retry failed too: its SERVFAIL/timeout stands (§3.2 "dnserror") */
	return rc;
}

/* Append `name` to the owned list unless present (names are already lowercase). */
static int ns_list_add(char (**ns)[256], size_t *n, size_t *cap, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*ns)[i], name) == 0)
			return 0;
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4;
		char (*p)[256] = realloc(*ns, ncap * sizeof(**ns));
		if (!p)
			return -1;
		*ns = p;
		*cap = ncap;
	}
	snprintf((*ns)[(*n)++], 256, "%s", name);
	return 0;
}

static int ns_name_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

int resolver_find_ns(struct resolver *res, const char *name, deadline_t deadline,
                     char (**ns)[256], size_t *n)
{
	char cur[256];
	const char *p, *dot;
	size_t cap = 0;
	int rc = 0;

	*ns = NULL;
	*n = 0;
	if (!res || name_normalise(name, cur) < 0)
		return -1;
	/*
	 * spec §3.1: NS (with CD) for the name; while empty strip the leftmost label,
	 * never querying a single label (the TLD). internet.nl repeats the first
	 * query once; with libunbound's cache that repeat only doubles a timeout,
	 * so it is left out.
	 */
	for (p = cur; (dot = strchr(p, '.')) != NULL; p = dot + 1) {
		struct dns_answer a;
		if (deadline_expired(deadline))
			break;
		(void)resolver_query(res, p, DNS_TYPE_NS, RESOLVER_CD, deadline, &a);
		for (size_t i = 0; i < a.n && rc == 0; i++)
			if (a.rr[i].u.name[0] != '\0')
				rc = ns_list_add(ns, n, &cap, a.rr[i].u.name);
		dns_answer_free(&a);
		if (rc < 0 || *n > 0)
			break;
	}
	if (rc < 0) {
		free(*ns);
		*ns = NULL;
		*n = 0;
	} else if (*n > 1) {
		/* the resolver rotates the RRset: sorted, the report is the same in every run */
		qsort(*ns, *n, sizeof(**ns), ns_name_cmp);
	}
	return rc;
}
