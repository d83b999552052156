/*
 * scan.c -- the TLS scan of one server (spec §3.3.2-§3.3.4, §3.10). See scan.h.
 *
 * Every probe is one TCP connection carrying one hand-built ClientHello
 * (wire.h); the reply flight says what the server chose. Connections run on
 * threads from parallel_for(), and a small slot counter bounds how many are in
 * flight at once (o->max_conns: 25 web, 1 mail, §9). The suite classes of
 * suite.h are only used to decide what to offer; verdicts live in checks/tls.c.
 */
#include "tls/scan.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/cursor.h"
#include "core/parallel.h"
#include "tls/certpool.h"
#include "tls/handshake.h"
#include "tls/wire.h"

#define SCAN_CHUNK        64        /* §3.3.2 step 3: suites per enumeration chunk */
#define SCAN_NO_DEADLINE  600000    /* ms: when the caller gave no overall deadline */
#define GROUP_X25519      29
#define GROUP_SECP256R1   23
#define SUITE_CCM8_13     0x1305    /* TLS_AES_128_CCM_8_SHA256 (§3.3.2 step 3) */

/* --------------------------------------------------------- the scan state ---- */

struct scan {
	const struct tls_scan_opts *o;
	struct tls_scan_facts *f;
	deadline_t dl;                /* the whole scan */
	int timeout_ms;               /* per connection */
	int max_conns;
	_Atomic unsigned conns;       /* TCP connections made */
	/* connections in flight: a counter with a condition variable on CLOCK_MONOTONIC;
	 * every connection takes a slot, raw probe or OpenSSL handshake (issue 14) */
	pthread_mutex_t slot_mu;
	pthread_cond_t slot_cv;
	int in_flight;
	int slot_limit;               /* max_conns, lowered for a one-at-a-time server */
	_Atomic bool reached;         /* some connection of this scan succeeded */
	_Atomic unsigned unanswered;  /* bits of enum tls_phase (facts' `unanswered`) */
	struct tls_gate gate;         /* the slots, for the OpenSSL handshakes */
	pthread_mutex_t mu;           /* guards f->accepted, f->enum_aborted */
	_Atomic bool enum_stop;       /* enumeration aborted: stop every chunk */
	_Atomic bool rate_limited;    /* a connection was refused even after its backoff */
	_Atomic bool busy;            /* a connection found no budget slot in time (issue 17) */

	/* what to offer, computed once from the tables */
	uint16_t *cands[TLS_V_COUNT]; /* TLS suites valid at each version <= 1.2 */
	size_t n_cands[TLS_V_COUNT];
	uint16_t *vcands[TLS_V_COUNT]; /* the same, the ones real clients send first (version
	                               * probes: chunks of VERSION_CHUNK, issue 14 item 2) */
	uint16_t *suites13;           /* TLS 1.3 suites */
	size_t n_suites13;
	uint32_t *ssl2;               /* SSL 2.0 cipher specs */
	size_t n_ssl2;
	uint16_t groups[64];          /* supported_groups for hellos <= 1.2 (EC only) */
	size_t n_groups;
	uint16_t groups13[64];        /* supported_groups for TLS 1.3 hellos */
	size_t n_groups13;

	/* step 1 results */
	bool have_sh[TLS_V_COUNT];    /* a ServerHello negotiating that version was seen */
	struct tls_server_hello sh_at[TLS_V_COUNT];
	enum tls_version hv;          /* highest version below 1.3 (valid when has_hv) */
	bool has_hv;
	uint16_t leaf_group;          /* at hv: the curve of an ECDSA leaf, or 0 */
};

static int slot_take(struct scan *s)
{
	int rc = 0;

	pthread_mutex_lock(&s->slot_mu);
	while (s->in_flight >= s->slot_limit) {
		struct timespec ts;
		int left = deadline_left_ms(s->dl);

		if (left == 0) {
			rc = -1;
			break;
		}
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += left / 1000;
		ts.tv_nsec += (long)(left % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&s->slot_cv, &s->slot_mu, &ts);
	}
	if (rc == 0)
		s->in_flight++;
	pthread_mutex_unlock(&s->slot_mu);
	return rc;
}

static void slot_give(struct scan *s)
{
	pthread_mutex_lock(&s->slot_mu);
	s->in_flight--;
	/* one slot came free: one waiter may take it (the limit only ever goes down, so no
	 * other change needs a broadcast); waking all of them cost a batch much CPU */
	pthread_cond_signal(&s->slot_cv);
	pthread_mutex_unlock(&s->slot_mu);
}

/* A server that makes connections wait (a SYN retransmitted: its accept backlog
 * overflowed) or leaves a probe unanswered serves one connection at a time: go on
 * with few in flight, so probes queue here instead of timing out there (issue 14). */
#define SLOW_CONNECT_MS 700
#define SLOT_LIMIT_SLOW 2

static void slot_limit_lower(struct scan *s, int limit)
{
	pthread_mutex_lock(&s->slot_mu);
	if (s->slot_limit > limit)
		s->slot_limit = limit;
	pthread_mutex_unlock(&s->slot_mu);
}

static int gate_take(void *ctx) { return slot_take(ctx); }
static void gate_give(void *ctx) { slot_give(ctx); }
static void gate_cut_short(void *ctx, bool rate_limited)
{
	struct scan *s = ctx;
	atomic_store(rate_limited ? &s->rate_limited : &s->busy, true);
}

/* ------------------------------------------------------------- one probe ---- */

enum probe_res {
	PROBE_HELLO = 0,   /* a ServerHello (or HRR, or SSL 2.0 SERVER-HELLO) arrived */
	PROBE_FAIL,        /* an answer that is no ServerHello: an alert, garbage, or the
	                    * same close without a word twice */
	PROBE_NO_ANSWER,   /* nothing to go by even when asked again: time-outs, resets,
	                    * a connection that failed after others worked (STYLE rule 3:
	                    * never read as "not accepted") */
	PROBE_CONN,        /* no connection, and none of this scan has worked yet (p->cr) */
	PROBE_SKIP,        /* not run: the scan's deadline passed or the hello was not built */
};

struct probe {
	struct tls_flight fl;
	enum tls_conn_result cr;
	char why[160];
};

/* What one attempt got. */
enum attempt { ATT_HELLO, ATT_ANSWER, ATT_CLOSED, ATT_TIMEOUT, ATT_CONN, ATT_SKIP };

static enum attempt probe_once(struct scan *s, const uint8_t *buf, size_t len, bool ssl2,
                               struct probe *p)
{
	struct tls_conn c;
	deadline_t dl;

	if (ssl2)
		tls_flight_init_ssl2(&p->fl);
	else
		tls_flight_init(&p->fl);
	p->cr = TLS_CONN_OK;
	p->why[0] = '\0';
	if (deadline_expired(s->dl) || slot_take(s) < 0) {
		snprintf(p->why, sizeof p->why, "scan deadline passed");
		return ATT_SKIP;
	}
	/* §9: 10 s per connection from when it gets its budget slot; the wait for the slot
	 * and the backoff from a rate-limiting mail server may take until the scan's end */
	p->cr = tls_conn_open_within(&c, &s->o->addr, s->o->starttls, s->o->ehlo, s->dl,
	                             s->timeout_ms);
	dl = c.dl;
	if (p->cr != TLS_CONN_REFUSED)
		atomic_fetch_add(&s->conns, 1u);
	if (p->cr == TLS_CONN_OK && deadline_now_ms() - c.slot_at >= SLOW_CONNECT_MS)
		slot_limit_lower(s, SLOT_LIMIT_SLOW);
	if (p->cr != TLS_CONN_OK) {
		snprintf(p->why, sizeof p->why, "%s", c.why);
		if (p->cr == TLS_CONN_RATE_LIMITED)
			atomic_store(&s->rate_limited, true);
		if (c.budget_timeout)
			atomic_store(&s->busy, true);
		slot_give(s);
		return p->cr == TLS_CONN_REFUSED ? ATT_SKIP : ATT_CONN;
	}
	atomic_store(&s->reached, true);
	tls_conn_exchange(&c, buf, len, &p->fl, dl);
	tls_conn_close(&c);
	slot_give(s);
	if (p->fl.sh.present)
		return ATT_HELLO;
	snprintf(p->why, sizeof p->why, "%s", p->fl.error[0] ? p->fl.error : c.why);
	if (p->fl.alert || p->fl.status == TLS_FLIGHT_ERROR)
		return ATT_ANSWER;
	if (deadline_expired(dl))
		return deadline_expired(s->dl) ? ATT_SKIP : ATT_TIMEOUT;
	return ATT_CLOSED;
}

#define PROBE_TRIES 3

/* One ClientHello, asked again when the server gave no answer (issue 14 item 1);
 * the server's first flight in p->fl (the caller releases it with
 * tls_flight_release, whatever the result). `phase` is marked unanswered when no
 * answer came. */
static enum probe_res probe_run_in(struct scan *s, const struct tls_hello *h, struct probe *p,
                                   enum tls_phase phase)
{
	uint8_t buf[TLS_HELLO_MAX];
	int len = tls_hello_build(h, buf, sizeof buf);
	bool ssl2 = h->version == 0x0002;
	int closed = 0;

	if (len <= 0) {
		tls_flight_init(&p->fl);
		p->cr = TLS_CONN_OK;
		snprintf(p->why, sizeof p->why, "ClientHello could not be built");
		return PROBE_SKIP;
	}
	for (int attempt = 0; attempt < PROBE_TRIES; attempt++) {
		if (attempt > 0)
			tls_flight_release(&p->fl);
		switch (probe_once(s, buf, (size_t)len, ssl2, p)) {
		case ATT_HELLO:
			return PROBE_HELLO;
		case ATT_ANSWER:
			return PROBE_FAIL;
		case ATT_SKIP:
			return PROBE_SKIP;
		case ATT_CLOSED:
			/* a server that closes without an alert on every such hello has answered */
			if (++closed == 2)
				return PROBE_FAIL;
			break;
		case ATT_CONN:
			/* before anything worked this is the server being unreachable */
			if (!atomic_load(&s->reached))
				return PROBE_CONN;
			slot_limit_lower(s, SLOT_LIMIT_SLOW);
			break;
		case ATT_TIMEOUT:
			slot_limit_lower(s, SLOT_LIMIT_SLOW);
			break;
		}
	}
	atomic_fetch_or(&s->unanswered, 1u << phase);
	return PROBE_NO_ANSWER;
}

/* ------------------------------------------------------- what to offer ---- */

static bool mac_is_tls12_only(const char *mac)
{
	return mac && (strcmp(mac, "AEAD") == 0 || strcmp(mac, "SHA256") == 0 ||
	               strcmp(mac, "SHA384") == 0);
}

/* §3.3.2 step 3: TLS 1.2 candidates are every suite; TLS <= 1.1 drop AEAD/SHA-2 suites.
 * PSK and SRP suites are never offered: internet.nl's OpenSSL client leaves them out
 * without a PSK or SRP login, and a server that answers them without one (wolfSSL: a
 * ServerHello for 0xccab-0xccad) cannot complete the handshake (issue 14). */
static bool suite_valid_at(const struct tls_suite *su, enum tls_version v)
{
	if (su->flags & (TLS_SUITE_SSL2 | TLS_SUITE_TLS13 | TLS_SUITE_SCSV))
		return false;
	if (su->kx == TLS_KX_PSK || su->kx == TLS_KX_SRP)
		return false;
	if (su->code > 0xffff || su->min_version > v)
		return false;
	if (v < TLS_V_TLS12 && mac_is_tls12_only(su->mac))
		return false;
	return true;
}

static bool kx_is_ephemeral(enum tls_kx kx)
{
	return kx == TLS_KX_DHE || kx == TLS_KX_ECDHE;
}

static void groups_add(uint16_t *list, size_t *n, size_t cap, uint16_t g)
{
	for (size_t i = 0; i < *n; i++)
		if (list[i] == g)
			return;
	if (*n < cap)
		list[(*n)++] = g;
}

static int offer_lists_make(struct scan *s)
{
	size_t total = tls_suite_count();
	/* OpenSSL 1.1.1's default order (internet.nl's client), then brainpool,
	 * secp224r1 and the remaining RFC 4492 curves; no ffdhe groups, so the
	 * server uses its configured DH parameters (§3.3.2 step 3). */
	static const uint16_t enum_groups[] = { 29, 23, 30, 25, 24, 26, 27, 28, 21,
		22, 19, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18 };
	static const uint16_t groups13[] = { 29, 23, 30, 25, 24, 256, 257, 258, 259, 260 };

	for (int v = TLS_V_SSL30; v <= TLS_V_TLS12; v++) {
		s->cands[v] = calloc(total + 1, sizeof(uint16_t));
		if (!s->cands[v])
			return -1;
	}
	s->suites13 = calloc(total + 1, sizeof(uint16_t));
	s->ssl2 = calloc(total + 1, sizeof(uint32_t));
	if (!s->suites13 || !s->ssl2)
		return -1;
	for (size_t i = 0; i < total; i++) {
		const struct tls_suite *su = tls_suite_at(i);
		if (!su)
			continue;
		if (su->flags & TLS_SUITE_SSL2) {
			s->ssl2[s->n_ssl2++] = su->code;
			continue;
		}
		if (su->flags & TLS_SUITE_TLS13) {
			s->suites13[s->n_suites13++] = (uint16_t)su->code;
			continue;
		}
		for (int v = TLS_V_SSL30; v <= TLS_V_TLS12; v++)
			if (suite_valid_at(su, (enum tls_version)v))
				s->cands[v][s->n_cands[v]++] = (uint16_t)su->code;
	}
	/* version probes: suites with an NCSC class other than insufficient and those
	 * OpenSSL's client offers first, the rest after (a stable partition) */
	for (int v = TLS_V_SSL30; v <= TLS_V_TLS12; v++) {
		size_t k = 0;
		s->vcands[v] = calloc(s->n_cands[v] + 1, sizeof(uint16_t));
		if (!s->vcands[v])
			return -1;
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < s->n_cands[v]; i++) {
				const struct tls_suite *su = tls_suite_find(s->cands[v][i]);
				bool common = su && (su->cls != TLS_CLASS_INSUFFICIENT ||
				                     (su->flags & TLS_SUITE_MODERN));
				if (common == (pass == 0))
					s->vcands[v][k++] = s->cands[v][i];
			}
	}
	for (size_t i = 0; i < sizeof enum_groups / sizeof enum_groups[0]; i++)
		groups_add(s->groups, &s->n_groups, 64, enum_groups[i]);
	for (size_t i = 0; i < tls_group_count(); i++) {
		const struct tls_group *g = tls_group_at(i);
		if (g && g->kind == TLS_GROUP_EC && g->code < 0x100)
			groups_add(s->groups, &s->n_groups, 64, g->code);
	}
	for (size_t i = 0; i < sizeof groups13 / sizeof groups13[0]; i++)
		groups_add(s->groups13, &s->n_groups13, 64, groups13[i]);
	return 0;
}

static void offer_lists_free(struct scan *s)
{
	for (int v = 0; v < TLS_V_COUNT; v++) {
		free(s->cands[v]);
		free(s->vcands[v]);
	}
	free(s->suites13);
	free(s->ssl2);
}

/* A TLS <= 1.2 hello as the modern/legacy clients send it. */
static void hello_legacy(const struct scan *s, struct tls_hello *h, enum tls_version v,
                         const uint16_t *suites, size_t n)
{
	memset(h, 0, sizeof *h);
	h->version = tls_version_wire(v);
	h->suites = suites;
	h->n_suites = n;
	h->sni = s->o->sni;
	h->groups = s->groups;
	h->n_groups = s->n_groups;
	if (v >= TLS_V_TLS12) {
		h->sigalgs = tls_sigalgs_default;
		h->n_sigalgs = tls_sigalgs_default_len;
	}
	h->ec_point_formats = true;
	h->reneg_info = true;
	h->ems = true;
	h->session_ticket = true;
	h->padding = true;
}

/* A TLS 1.3 hello: supported_versions {1.3}, key shares x25519 + secp256r1. */
static const uint16_t versions13[] = { 0x0304 };
static const uint16_t shares13[] = { GROUP_X25519, GROUP_SECP256R1 };

static void hello_tls13(const struct scan *s, struct tls_hello *h, const uint16_t *suites,
                        size_t n)
{
	memset(h, 0, sizeof *h);
	h->version = 0x0303;
	h->suites = suites;
	h->n_suites = n;
	h->sni = s->o->sni;
	h->groups = s->groups13;
	h->n_groups = s->n_groups13;
	h->sigalgs = tls_sigalgs_default;
	h->n_sigalgs = tls_sigalgs_default_len;
	h->versions = versions13;
	h->n_versions = 1;
	h->key_shares = shares13;
	h->n_key_shares = 2;
	h->ec_point_formats = true;
	h->padding = true;
}

/* ---------------------------------------------------- reading the flight ---- */

/* Bits of a big-endian number and whether it equals 2 (leading zero bytes ignored). */
static int bignum_bits(const uint8_t *p, size_t len, bool *is_two)
{
	struct cursor c;
	uint8_t b = 0;

	cursor_init(&c, p, len);
	while (cursor_get_u8(&c, &b) == 0 && b == 0)
		;
	if (b == 0) {
		if (is_two)
			*is_two = false;
		return 0;
	}
	if (is_two)
		*is_two = b == 2 && cursor_len(&c) == 0;
	int bits = (int)cursor_len(&c) * 8;
	while (b) {
		bits++;
		b >>= 1;
	}
	return bits;
}

/* The key exchange seen in the flight (§3.3.2 step 3: one key per accepted suite). */
static void kex_from_flight(const struct tls_flight *fl, uint16_t suite, struct tls_kex *k)
{
	const struct tls_suite *su = tls_suite_find(suite);

	memset(k, 0, sizeof *k);
	if (fl->ske.present && fl->ske.kind == TLS_SKE_ECDHE) {
		k->type = TLS_KEX_ECDHE;
		k->group = fl->ske.group;
	} else if (fl->ske.present && fl->ske.kind == TLS_SKE_DHE) {
		k->type = TLS_KEX_DHE;
		k->dh = tls_dh_identify(fl->ske.dh_p, fl->ske.dh_p_len);
		k->dh_bits = bignum_bits(fl->ske.dh_p, fl->ske.dh_p_len, NULL);
		bignum_bits(fl->ske.dh_g, fl->ske.dh_g_len, &k->dh_g2);
	} else if (su && kx_is_ephemeral(su->kx)) {
		k->type = TLS_KEX_UNKNOWN;   /* e.g. the server stopped before its key */
	}
}

/* The key exchange of a TLS 1.3 key share (or HRR) group. */
static void kex_from_group(uint16_t group, struct tls_kex *k)
{
	/* RFC 7919 ffdhe2048..8192 are 256..260 */
	static const enum tls_dh_group ffdhe[] = { TLS_DH_FFDHE2048, TLS_DH_FFDHE3072,
		TLS_DH_FFDHE4096, TLS_DH_FFDHE6144, TLS_DH_FFDHE8192 };
	static const int ffdhe_bits[] = { 2048, 3072, 4096, 6144, 8192 };

	memset(k, 0, sizeof *k);
	if (group == 0) {
		k->type = TLS_KEX_UNKNOWN;
	} else if (group >= 256 && group <= 260) {
		k->type = TLS_KEX_DHE;
		k->dh = ffdhe[group - 256];
		k->dh_bits = ffdhe_bits[group - 256];
		k->dh_g2 = true;
	} else {
		k->type = TLS_KEX_ECDHE;
		k->group = group;
	}
}

static enum tls_version version_of(uint16_t wire, bool *ok)
{
	int v = tls_version_from_wire(wire);
	*ok = v >= 0 && v < TLS_V_COUNT;
	return *ok ? (enum tls_version)v : TLS_V_SSL20;
}

/* ------------------------------------------------ step 1: version probes ---- */

struct vprobe {
	struct scan *s;
	enum probe_res res[TLS_V_COUNT];
	enum tls_conn_result cr[TLS_V_COUNT];
	char why[TLS_V_COUNT][160];
	bool got[TLS_V_COUNT];        /* probe v: ServerHello present */
	uint16_t leaf_group[TLS_V_COUNT]; /* probe v: the curve of an ECDSA leaf, or 0 */
	struct tls_server_hello sh[TLS_V_COUNT];
	_Atomic bool stop;            /* a connection failed: the rest would too */
};

/* Suites per version-probe hello: wolfSSL refuses a hello with more than 150 suites
 * (decode_error), and no ordinary client sends that many (issue 14 item 2). */
#define VERSION_CHUNK 140

#define ALERT_HANDSHAKE_FAILURE 40
#define ALERT_ILLEGAL_PARAMETER 47
#define ALERT_DECODE_ERROR      50
#define ALERT_PROTOCOL_VERSION  70

/* A TLS <= 1.2 version probe: the suites in chunks, common ones first; the first
 * hello also offers DEFLATE and asks for a staple (§3.3.4 compression), and is sent
 * once more without them when the server chokes on it. */
static enum probe_res version_probe_legacy(struct scan *s, enum tls_version v, struct probe *p)
{
	static const uint8_t comp[] = { 1, 0 };   /* DEFLATE, null */
	enum probe_res r = PROBE_FAIL;
	bool plain = false;

	tls_flight_init(&p->fl);   /* the caller releases it, whatever happens */
	p->cr = TLS_CONN_OK;
	p->why[0] = '\0';
	for (size_t off = 0; off < s->n_cands[v]; ) {
		size_t n = s->n_cands[v] - off < VERSION_CHUNK ? s->n_cands[v] - off : VERSION_CHUNK;
		struct tls_hello h;

		hello_legacy(s, &h, v, s->vcands[v] + off, n);
		if (!plain) {
			h.compression = comp;
			h.n_compression = 2;
			h.status_request = true;
		}
		tls_flight_release(&p->fl);
		r = probe_run_in(s, &h, p, TLS_PHASE_VERSIONS);
		if (r != PROBE_FAIL)
			return r;
		if (p->fl.alert && p->fl.alert_desc == ALERT_PROTOCOL_VERSION)
			return r;          /* the version itself is refused */
		if (!plain && (!p->fl.alert || p->fl.alert_desc == ALERT_DECODE_ERROR ||
		               p->fl.alert_desc == ALERT_ILLEGAL_PARAMETER ||
		               p->fl.alert_desc == ALERT_HANDSHAKE_FAILURE)) {
			plain = true;      /* the same suites in an ordinary hello */
			continue;
		}
		off += n;
	}
	return r;
}

static void version_probe(void *arg, size_t i)
{
	struct vprobe *vp = arg;
	struct scan *s = vp->s;
	enum tls_version v = (enum tls_version)i;
	struct tls_hello h;
	struct probe p;

	if (atomic_load(&vp->stop)) {
		vp->res[i] = PROBE_SKIP;
		return;
	}
	if (v == TLS_V_SSL20) {
		memset(&h, 0, sizeof h);
		h.version = 0x0002;
		h.ssl2_suites = s->ssl2;
		h.n_ssl2_suites = s->n_ssl2;
		vp->res[i] = probe_run_in(s, &h, &p, TLS_PHASE_VERSIONS);
	} else if (v == TLS_V_TLS13) {
		hello_tls13(s, &h, s->suites13, s->n_suites13);
		vp->res[i] = probe_run_in(s, &h, &p, TLS_PHASE_VERSIONS);
	} else {
		vp->res[i] = version_probe_legacy(s, v, &p);
	}
	vp->cr[i] = p.cr;
	snprintf(vp->why[i], sizeof vp->why[i], "%s", p.why);
	if (vp->res[i] == PROBE_CONN)
		atomic_store(&vp->stop, true);
	if (vp->res[i] == PROBE_HELLO) {
		vp->got[i] = true;
		vp->sh[i] = p.fl.sh;
		if (p.fl.n_certs > 0)
			vp->leaf_group[i] = certpool_ec_group(p.fl.cert_der[0], p.fl.cert_len[0]);
	}
	tls_flight_release(&p.fl);
}

static enum tls_reach reach_of(enum tls_conn_result cr)
{
	switch (cr) {
	case TLS_CONN_REFUSED: return TLS_REACH_REFUSED;
	case TLS_CONN_SMTP_FAILED: return TLS_REACH_SMTP_FAILED;
	case TLS_CONN_RATE_LIMITED: return TLS_REACH_SMTP_FAILED;   /* f->rate_limited says more */
	case TLS_CONN_NO_STARTTLS: return TLS_REACH_NO_STARTTLS;
	case TLS_CONN_TCP_FAILED: return TLS_REACH_TCP_FAILED;
	case TLS_CONN_OK: break;
	}
	return TLS_REACH_NO_TLS;
}

/* §3.3.2 steps 1-2: which versions complete a hello; 0 reachable, -1 not. */
static int versions_probe(struct scan *s)
{
	struct tls_scan_facts *f = s->f;
	struct vprobe vp;
	bool any = false, only_ssl2 = true;

	memset(&vp, 0, sizeof vp);
	vp.s = s;
	parallel_for(TLS_V_COUNT, s->max_conns, version_probe, &vp);

	for (int i = 0; i < TLS_V_COUNT; i++) {
		const struct tls_server_hello *sh = &vp.sh[i];
		bool ok;
		enum tls_version w;

		if (!vp.got[i])
			continue;
		if (i == TLS_V_SSL20) {
			/* an SSL 2.0 SERVER-HELLO with a common cipher spec */
			if (sh->ssl2 && sh->n_ssl2_suites > 0)
				f->version[TLS_V_SSL20] = true;
			continue;
		}
		if (sh->ssl2)
			continue;
		w = version_of(sh->version, &ok);
		/* a lower version answer means that lower version is supported */
		if (!ok || w > (enum tls_version)i || w == TLS_V_SSL20)
			continue;
		f->version[w] = true;
		/* keep the ServerHello of the probe that offered w itself when there is one */
		if (!s->have_sh[w] || w == (enum tls_version)i) {
			s->have_sh[w] = true;
			s->sh_at[w] = *sh;
		}
	}
	for (int v = 0; v < TLS_V_COUNT; v++) {
		if (!f->version[v])
			continue;
		any = true;
		if (v != TLS_V_SSL20)
			only_ssl2 = false;
	}
	if (!any) {
		f->reach = TLS_REACH_NO_TLS;
		snprintf(f->reach_detail, sizeof f->reach_detail, "no TLS or SSL version could be negotiated");
		for (int i = 0; i < TLS_V_COUNT; i++) {
			if (vp.res[i] == PROBE_CONN) {
				f->reach = reach_of(vp.cr[i]);
				snprintf(f->reach_detail, sizeof f->reach_detail, "%s", vp.why[i]);
				break;
			}
		}
		return -1;
	}
	if (only_ssl2) {
		f->reach = TLS_REACH_SSL2_ONLY;
		snprintf(f->reach_detail, sizeof f->reach_detail, "the server only speaks SSL 2.0");
		return -1;
	}
	for (int v = TLS_V_TLS12; v >= TLS_V_SSL30; v--) {
		if (f->version[v]) {
			s->hv = (enum tls_version)v;
			s->has_hv = true;
			s->leaf_group = vp.leaf_group[v];
			break;
		}
	}
	/* §3.3.4: compression and RFC 5746 from the highest version <= 1.2; no extra connection */
	if (s->has_hv && s->have_sh[s->hv]) {
		f->compression = s->sh_at[s->hv].compression != 0 ? TLS_TRI_YES : TLS_TRI_NO;
		f->secure_reneg = s->sh_at[s->hv].ext_reneg_info ? TLS_TRI_YES : TLS_TRI_NO;
	} else {
		f->compression = TLS_TRI_NO;     /* TLS 1.3 only */
		f->secure_reneg = TLS_TRI_UNKNOWN;   /* no renegotiation in TLS 1.3 (issue 14) */
	}
	/* §3.3.4 EMS: from the TLS 1.2 pre-check connection */
	if (!f->version[TLS_V_TLS12])
		f->ems = TLS_EMS_NA_NO_TLS12;
	else if (s->have_sh[TLS_V_TLS12])
		f->ems = s->sh_at[TLS_V_TLS12].ext_ems ? TLS_EMS_SUPPORTED : TLS_EMS_NOT_SUPPORTED;
	return 0;
}

/* ---------------------------------------------------- step 2: enumeration ---- */

static bool list_has(const uint16_t *list, size_t n, uint16_t code)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == code)
			return true;
	return false;
}

static void list_remove(uint16_t *list, size_t *n, uint16_t code)
{
	for (size_t i = 0; i < *n; i++) {
		if (list[i] == code) {
			memmove(&list[i], &list[i + 1], (*n - i - 1) * sizeof list[0]);
			(*n)--;
			return;
		}
	}
}

static void accepted_add(struct scan *s, uint16_t code, enum tls_version v,
                         const struct tls_kex *k, bool extra)
{
	struct tls_scan_facts *f = s->f;

	pthread_mutex_lock(&s->mu);
	for (size_t i = 0; i < f->n_accepted; i++) {
		if (f->accepted[i].code == code && f->accepted[i].version == v) {
			pthread_mutex_unlock(&s->mu);
			return;
		}
	}
	if (f->n_accepted < TLS_ACCEPTED_MAX) {
		struct tls_accepted *a = &f->accepted[f->n_accepted++];
		a->code = code;
		a->version = v;
		a->kex = *k;
		a->extra = extra;
	}
	pthread_mutex_unlock(&s->mu);
}

static void enum_abort(struct scan *s, uint16_t code)
{
	pthread_mutex_lock(&s->mu);
	if (!s->f->enum_aborted) {
		s->f->enum_aborted = true;
		s->f->unoffered_suite = code;
	}
	pthread_mutex_unlock(&s->mu);
	atomic_store(&s->enum_stop, true);
}

struct enum_job {
	struct scan *s;
	size_t nchunks;
};

/* One chunk at hv: offer the remaining suites, take the chosen one out, repeat. */
static void enum_chunk(struct scan *s, size_t k, size_t nchunks)
{
	enum tls_version hv = s->hv;
	uint16_t left[SCAN_CHUNK + 1];
	size_t n = 0;

	for (size_t i = k; i < s->n_cands[hv] && n < SCAN_CHUNK + 1; i += nchunks)
		left[n++] = s->cands[hv][i];
	while (n > 0 && !atomic_load(&s->enum_stop)) {
		struct tls_hello h;
		struct probe p;
		enum probe_res r;
		bool ok;

		hello_legacy(s, &h, hv, left, n);
		r = probe_run_in(s, &h, &p, TLS_PHASE_ENUMERATION);
		if (r != PROBE_HELLO || p.fl.sh.ssl2 || p.fl.sh.hrr ||
		    version_of(p.fl.sh.version, &ok) != hv || !ok) {
			tls_flight_release(&p.fl);
			break;
		}
		uint16_t x = p.fl.sh.suite;
		if (!list_has(left, n, x)) {
			/* §3.3.2 step 3: negotiating a suite not offered aborts the enumeration */
			enum_abort(s, x);
			tls_flight_release(&p.fl);
			break;
		}
		struct tls_kex kx;
		kex_from_flight(&p.fl, x, &kx);
		accepted_add(s, x, hv, &kx, false);
		list_remove(left, &n, x);
		tls_flight_release(&p.fl);
	}
}

/* TLS 1.3: TLS_AES_128_CCM_8_SHA256 alone (§3.3.2 step 3), then the others
 * (beyond internet.nl, `extra`) by removal. A HelloRetryRequest names the suite too. */
static void enum_tls13(struct scan *s)
{
	uint16_t left[16];
	size_t n = 0;
	static const uint16_t ccm8[] = { SUITE_CCM8_13 };
	struct tls_hello h;
	struct probe p;

	hello_tls13(s, &h, ccm8, 1);
	if (probe_run_in(s, &h, &p, TLS_PHASE_ENUMERATION) == PROBE_HELLO && !p.fl.sh.ssl2 && p.fl.sh.version == 0x0304) {
		if (p.fl.sh.suite == SUITE_CCM8_13) {
			struct tls_kex kx;
			kex_from_group(p.fl.sh.key_share_group, &kx);
			accepted_add(s, SUITE_CCM8_13, TLS_V_TLS13, &kx, false);
		} else {
			enum_abort(s, p.fl.sh.suite);
		}
	}
	tls_flight_release(&p.fl);

	for (size_t i = 0; i < s->n_suites13 && n < 16; i++)
		if (s->suites13[i] != SUITE_CCM8_13)
			left[n++] = s->suites13[i];
	while (n > 0 && !deadline_expired(s->dl)) {
		hello_tls13(s, &h, left, n);
		enum probe_res r = probe_run_in(s, &h, &p, TLS_PHASE_ENUMERATION);
		uint16_t x = p.fl.sh.suite;
		if (r != PROBE_HELLO || p.fl.sh.ssl2 || p.fl.sh.version != 0x0304 ||
		    !list_has(left, n, x)) {
			tls_flight_release(&p.fl);
			break;
		}
		struct tls_kex kx;
		kex_from_group(p.fl.sh.key_share_group, &kx);
		accepted_add(s, x, TLS_V_TLS13, &kx, true);
		list_remove(left, &n, x);
		tls_flight_release(&p.fl);
	}
}

static void enum_job_run(void *arg, size_t i)
{
	struct enum_job *j = arg;

	if (i < j->nchunks)
		enum_chunk(j->s, i, j->nchunks);
	else
		enum_tls13(j->s);
}

static int accepted_cmp(const void *a, const void *b)
{
	const struct tls_accepted *x = a, *y = b;

	if (x->version != y->version)
		return x->version > y->version ? -1 : 1;
	if (x->extra != y->extra)
		return x->extra ? 1 : -1;
	return x->code < y->code ? -1 : x->code > y->code;
}

static void enumerate(struct scan *s)
{
	struct enum_job j = { .s = s, .nchunks = 0 };
	size_t jobs;

	if (s->has_hv && s->n_cands[s->hv] > 0)
		j.nchunks = (s->n_cands[s->hv] + SCAN_CHUNK - 1) / SCAN_CHUNK;
	jobs = j.nchunks + (s->f->version[TLS_V_TLS13] ? 1 : 0);
	parallel_for(jobs, s->max_conns, enum_job_run, &j);
	qsort(s->f->accepted, s->f->n_accepted, sizeof s->f->accepted[0], accepted_cmp);
}

/* ------------------------------------ steps 3-4: order, preference, kex hash ---- */

enum order_res { ORDER_SKIPPED = 0, ORDER_OK, ORDER_VIOLATION, ORDER_FAILED, ORDER_UNKNOWN };

struct after_job {
	struct scan *s;
	/* cipher order (§3.3.4) */
	uint16_t phase_out[TLS_ACCEPTED_MAX];
	size_t n_phase_out;
	uint16_t tests[TLS_ACCEPTED_MAX];   /* the sufficient-or-good suites S */
	size_t n_tests;
	enum order_res res[TLS_ACCEPTED_MAX];
	uint16_t picked[TLS_ACCEPTED_MAX];
	_Atomic bool order_stop;
	/* server preference */
	uint16_t pref[2];
	bool pref_run;
	int pref_pick[2];                   /* -1: failed */
};

#define AFTER_KEX_HASH 0
#define AFTER_PREF     1    /* and 2 */
#define AFTER_ORDER    3

/* One hello at hv offering `suites`; the chosen suite, -1 (no handshake), or -2
 * (no answer: unknown). */
static int choose(struct scan *s, const uint16_t *suites, size_t n)
{
	struct tls_hello h;
	struct probe p;
	int chosen = -1;
	bool ok;

	hello_legacy(s, &h, s->hv, suites, n);
	enum probe_res r = probe_run_in(s, &h, &p, TLS_PHASE_ORDER);
	if (r == PROBE_HELLO && !p.fl.sh.ssl2 && !p.fl.sh.hrr &&
	    version_of(p.fl.sh.version, &ok) == s->hv && ok)
		chosen = p.fl.sh.suite;
	else if (r == PROBE_NO_ANSWER || r == PROBE_SKIP)
		chosen = -2;
	tls_flight_release(&p.fl);
	return chosen;
}

/* The hash of a TLS 1.2 signature scheme: "SHA1", "SHA224", ... */
static const char *sigalg_hash(uint16_t code)
{
	const struct tls_sigscheme *ss = tls_sigscheme_find(code);

	if (ss && ss->hash)
		return ss->hash;
	switch (code >> 8) {   /* RFC 5246 §7.4.1.4.1: HashAlgorithm, SignatureAlgorithm */
	case 1: return "MD5";
	case 2: return "SHA1";
	case 3: return "SHA224";
	default: return "";
	}
}

/* §3.3.4 key-exchange hash: TLS 1.2 hellos allowing only SHA-1, then only SHA-224. */
static void kex_hash_test(struct scan *s)
{
	struct tls_scan_facts *f = s->f;
	uint16_t *suites;
	size_t n = 0;

	f->kex_hash = TLS_KEX_HASH_GOOD;
	if (!f->version[TLS_V_TLS12])
		return;     /* TLS 1.3-only or no TLS 1.2: good */
	suites = calloc(s->n_cands[TLS_V_TLS12] + 1, sizeof *suites);
	if (!suites) {
		f->kex_hash = TLS_KEX_HASH_UNKNOWN;
		return;
	}
	for (size_t i = 0; i < f->n_accepted; i++) {
		const struct tls_accepted *a = &f->accepted[i];
		const struct tls_suite *su = tls_suite_find((uint16_t)a->code);
		if (a->version == TLS_V_TLS12 && !a->extra && su && kx_is_ephemeral(su->kx))
			suites[n++] = (uint16_t)a->code;
	}
	if (n == 0) {
		for (size_t i = 0; i < s->n_cands[TLS_V_TLS12]; i++) {
			const struct tls_suite *su = tls_suite_find(s->cands[TLS_V_TLS12][i]);
			if (su && kx_is_ephemeral(su->kx))
				suites[n++] = s->cands[TLS_V_TLS12][i];
		}
	}
	for (int round = 0; round < 2 && n > 0; round++) {
		struct tls_hello h;
		struct probe p;
		bool hit;

		hello_legacy(s, &h, TLS_V_TLS12, suites, n);
		h.sigalgs = round == 0 ? tls_sigalgs_sha1 : tls_sigalgs_sha224;
		h.n_sigalgs = round == 0 ? tls_sigalgs_sha1_len : tls_sigalgs_sha224_len;
		enum probe_res r = probe_run_in(s, &h, &p, TLS_PHASE_KEX_HASH);
		if (r == PROBE_NO_ANSWER || r == PROBE_SKIP) {
			tls_flight_release(&p.fl);
			f->kex_hash = TLS_KEX_HASH_UNKNOWN;
			break;
		}
		hit = r == PROBE_HELLO && !p.fl.sh.hrr &&
		      p.fl.sh.version == 0x0303 && p.fl.ske.present && p.fl.ske.sigalg != 0 &&
		      strcmp(sigalg_hash(p.fl.ske.sigalg), round == 0 ? "SHA1" : "SHA224") == 0;
		tls_flight_release(&p.fl);
		if (hit) {
			f->kex_hash = round == 0 ? TLS_KEX_HASH_BAD : TLS_KEX_HASH_PHASE_OUT;
			break;
		}
	}
	free(suites);
}

static void after_job_run(void *arg, size_t i)
{
	struct after_job *j = arg;
	struct scan *s = j->s;

	if (i == AFTER_KEX_HASH) {
		kex_hash_test(s);
	} else if (i < AFTER_ORDER) {
		size_t k = i - AFTER_PREF;
		uint16_t offer[2] = { j->pref[k], j->pref[1 - k] };
		if (j->pref_run)
			j->pref_pick[k] = choose(s, offer, 2);
	} else {
		size_t t = i - AFTER_ORDER;
		uint16_t offer[TLS_ACCEPTED_MAX + 1];
		int x;

		if (atomic_load(&j->order_stop))
			return;
		/* §3.3.4: [all accepted phase-out suites (CHACHA last), S] */
		memcpy(offer, j->phase_out, j->n_phase_out * sizeof offer[0]);
		offer[j->n_phase_out] = j->tests[t];
		x = choose(s, offer, j->n_phase_out + 1);
		if (x == -2) {
			j->res[t] = ORDER_UNKNOWN;
			atomic_store(&j->order_stop, true);
		} else if (x < 0) {
			j->res[t] = ORDER_FAILED;
			atomic_store(&j->order_stop, true);
		} else if ((uint16_t)x != j->tests[t]) {
			j->res[t] = ORDER_VIOLATION;
			j->picked[t] = (uint16_t)x;
			atomic_store(&j->order_stop, true);
		} else {
			j->res[t] = ORDER_OK;
		}
	}
}

static bool suite_is_chacha(uint16_t code)
{
	const struct tls_suite *su = tls_suite_find(code);
	return su && su->cipher && strstr(su->cipher, "CHACHA") != NULL;
}

static void after_enumeration(struct scan *s)
{
	struct tls_scan_facts *f = s->f;
	struct after_job *j = calloc(1, sizeof *j);
	bool classes = false;
	uint16_t chacha[TLS_ACCEPTED_MAX];
	size_t n_chacha = 0, n_hv = 0;

	if (!j) {
		f->kex_hash = TLS_KEX_HASH_UNKNOWN;
		return;
	}
	j->s = s;
	for (size_t i = 0; i < f->n_accepted; i++) {
		const struct tls_accepted *a = &f->accepted[i];
		enum tls_class c = tls_suite_class((uint16_t)a->code);

		if (a->extra)
			continue;
		if (c != TLS_CLASS_GOOD)
			classes = true;
		if (!s->has_hv || a->version != s->hv)
			continue;
		if (n_hv < 2)
			j->pref[n_hv] = (uint16_t)a->code;
		n_hv++;
		if (c == TLS_CLASS_PHASE_OUT) {
			if (suite_is_chacha((uint16_t)a->code))
				chacha[n_chacha++] = (uint16_t)a->code;
			else
				j->phase_out[j->n_phase_out++] = (uint16_t)a->code;
		} else if (c == TLS_CLASS_GOOD || c == TLS_CLASS_SUFFICIENT) {
			j->tests[j->n_tests++] = (uint16_t)a->code;
		}
	}
	memcpy(&j->phase_out[j->n_phase_out], chacha, n_chacha * sizeof chacha[0]);
	j->n_phase_out += n_chacha;

	/* §3.3.4 cipher order: na for TLS 1.3-only servers or only-good lists; good without phase-out */
	f->order = TLS_ORDER_NA;
	if (s->has_hv && classes)
		f->order = TLS_ORDER_GOOD;
	if (f->order == TLS_ORDER_NA || j->n_phase_out == 0)
		j->n_tests = 0;
	j->pref_run = n_hv >= 2;
	j->pref_pick[0] = j->pref_pick[1] = -1;

	parallel_for(AFTER_ORDER + j->n_tests, s->max_conns, after_job_run, j);

	for (size_t t = 0; t < j->n_tests; t++) {
		if (j->res[t] == ORDER_UNKNOWN) {
			f->order = TLS_ORDER_UNKNOWN;   /* never a verdict built on silence */
			break;
		}
		if (j->res[t] == ORDER_FAILED) {
			f->order = TLS_ORDER_NA;    /* §3.3.4: a handshake failure => na */
			break;
		}
		if (j->res[t] == ORDER_VIOLATION) {
			f->order = TLS_ORDER_BAD;
			f->order_violation[0] = j->picked[t];
			f->order_violation[1] = j->tests[t];
			break;
		}
	}
	if (j->pref_run && j->pref_pick[0] >= 0 && j->pref_pick[1] >= 0)
		f->server_preference = j->pref_pick[0] == j->pref_pick[1] ? TLS_TRI_YES : TLS_TRI_NO;
	free(j);
}

/* ----------------------------------------------- step 5: groups, PQ ---- */

#define GROUP_CHUNK 8      /* groups per removal chain: a few chains, in parallel */

struct group_job {
	struct scan *s;
	uint16_t codes[TLS_GROUPS_MAX * 2];
	bool ok[TLS_GROUPS_MAX * 2];
	size_t n, nchunks;
	uint16_t *ecdhe;               /* TLS <= 1.2: ECDHE suites at hv */
	size_t n_ecdhe;
	bool tls13;
};

/* The group the server picks from `groups` (0: none, or the handshake failed). */
static uint16_t group_pick(struct group_job *j, const uint16_t *groups, size_t n)
{
	struct scan *s = j->s;
	struct tls_hello h;
	struct probe p;
	uint16_t g = 0;

	if (j->tls13) {
		/* key shares for all of them (unbuildable ones are left out by wire.c):
		 * the server names its choice in a ServerHello or asks for it by HRR */
		hello_tls13(s, &h, s->suites13, s->n_suites13);
		h.groups = groups;
		h.n_groups = n;
		h.key_shares = groups;
		h.n_key_shares = n;
		if (probe_run_in(s, &h, &p, TLS_PHASE_GROUPS) == PROBE_HELLO && p.fl.sh.version == 0x0304)
			g = p.fl.sh.key_share_group;
	} else {
		/* RFC 8422 §5.1: with an ECDSA leaf a server may insist on its curve being
		 * offered (mbed TLS does): offer it too; when the server then picks it, it ranks
		 * it above every group left, which it so never shows (issue 14) */
		uint16_t offer[TLS_GROUPS_MAX * 2 + 1];
		size_t m = n < TLS_GROUPS_MAX * 2 ? n : TLS_GROUPS_MAX * 2;
		bool companion = s->leaf_group != 0 && !list_has(groups, m, s->leaf_group);
		memcpy(offer, groups, m * sizeof(*offer));
		if (companion)
			offer[m++] = s->leaf_group;
		hello_legacy(s, &h, s->hv, j->ecdhe, j->n_ecdhe);
		h.groups = offer;
		h.n_groups = m;
		if (probe_run_in(s, &h, &p, TLS_PHASE_GROUPS) == PROBE_HELLO && p.fl.ske.present &&
		    p.fl.ske.kind == TLS_SKE_ECDHE)
			g = p.fl.ske.group;
		if (companion && g == s->leaf_group)
			g = 0;
	}
	tls_flight_release(&p.fl);
	return g;
}

/* One chain: offer the chunk's remaining groups, take the chosen one out, repeat
 * (as the suite enumeration; the same answers as offering each group alone, in
 * accepted + 1 connections instead of one per group). */
static void group_chunk(void *arg, size_t k)
{
	struct group_job *j = arg;
	uint16_t left[TLS_GROUPS_MAX * 2];
	size_t n = 0;

	for (size_t i = k; i < j->n; i += j->nchunks)
		left[n++] = j->codes[i];
	while (n > 0 && !deadline_expired(j->s->dl)) {
		uint16_t g = group_pick(j, left, n);
		if (g == 0 || !list_has(left, n, g))
			break;
		for (size_t i = 0; i < j->n; i++)
			if (j->codes[i] == g)
				j->ok[i] = true;
		list_remove(left, &n, g);
	}
}

/* Every EC group the server accepts, at the highest version (informational). */
static void groups_test(struct scan *s)
{
	struct tls_scan_facts *f = s->f;
	struct group_job *j = calloc(1, sizeof *j);

	if (!j)
		return;
	j->s = s;
	j->tls13 = f->version[TLS_V_TLS13];
	/* EC groups; in TLS 1.3 also the RFC 7919 FFDHE groups (a server asks for their
	 * key share by HelloRetryRequest; reported, not judged: issue 14 item 5) */
	for (size_t i = 0; i < tls_group_count() && j->n < TLS_GROUPS_MAX * 2; i++) {
		const struct tls_group *g = tls_group_at(i);
		if (g && (g->kind == TLS_GROUP_EC || (j->tls13 && g->kind == TLS_GROUP_FFDHE)))
			j->codes[j->n++] = g->code;
	}
	if (!j->tls13) {
		j->ecdhe = calloc(s->n_cands[s->hv] + 1, sizeof(uint16_t));
		if (!j->ecdhe)
			goto out;
		for (size_t i = 0; i < s->n_cands[s->hv]; i++) {
			const struct tls_suite *su = tls_suite_find(s->cands[s->hv][i]);
			if (su && su->kx == TLS_KX_ECDHE)
				j->ecdhe[j->n_ecdhe++] = s->cands[s->hv][i];
		}
		if (j->n_ecdhe == 0)
			j->n = 0;     /* no ECDHE at this version: no EC group can be seen */
	}
	j->nchunks = (j->n + GROUP_CHUNK - 1) / GROUP_CHUNK;
	parallel_for(j->nchunks, s->max_conns, group_chunk, j);
	for (size_t i = 0; i < j->n; i++)
		if (j->ok[i] && f->n_groups < TLS_GROUPS_MAX)
			f->groups[f->n_groups++] = j->codes[i];
	f->groups_tested = true;
out:
	free(j->ecdhe);
	free(j);
}

static const uint16_t pq_codes[] = { 0x11EC, 0x11EB, 0x11ED };  /* X25519MLKEM768, SecP256r1MLKEM768, SecP384r1MLKEM1024 */
#define PQ_COUNT (sizeof pq_codes / sizeof pq_codes[0])

struct pq_job {
	struct scan *s;
	bool ok[PQ_COUNT];
};

static void pq_probe(void *arg, size_t i)
{
	struct pq_job *j = arg;
	struct scan *s = j->s;
	uint16_t groups[2] = { pq_codes[i], GROUP_X25519 };
	static const uint16_t share[1] = { GROUP_X25519 };
	struct tls_hello h;
	struct probe p;

	/* a key share for x25519 only: a server preferring the hybrid asks for it by HRR */
	hello_tls13(s, &h, s->suites13, s->n_suites13);
	h.groups = groups;
	h.n_groups = 2;
	h.key_shares = share;
	h.n_key_shares = 1;
	if (probe_run_in(s, &h, &p, TLS_PHASE_PQ) == PROBE_HELLO && p.fl.sh.version == 0x0304 &&
	    p.fl.sh.key_share_group == pq_codes[i])
		j->ok[i] = true;
	tls_flight_release(&p.fl);
}

static void pq_test(struct scan *s)
{
	struct pq_job j = { .s = s };

	parallel_for(PQ_COUNT, s->max_conns, pq_probe, &j);
	for (size_t i = 0; i < PQ_COUNT; i++)
		if (j.ok[i] && s->f->n_pq_groups < sizeof s->f->pq_groups / sizeof s->f->pq_groups[0])
			s->f->pq_groups[s->f->n_pq_groups++] = pq_codes[i];
	s->f->pq_tested = true;
}

/* ---------------------------------------------- the whole scan, in parallel ---- */

enum { JOB_ENUM = 0, JOB_GROUPS, JOB_PQ, JOB_CERT, JOB_ZERO_RTT, JOB_COUNT };

static void timing_add(struct scan *s, int64_t *field, int64_t since)
{
	int64_t ms = deadline_now_ms() - since;

	pthread_mutex_lock(&s->mu);
	*field += ms;
	pthread_mutex_unlock(&s->mu);
}

static void job_run(void *arg, size_t i)
{
	struct scan *s = arg;
	struct tls_scan_facts *f = s->f;
	struct tls_timings *t = &f->timings;
	int64_t t0 = deadline_now_ms();

	switch (i) {
	case JOB_ENUM:
		enumerate(s);
		after_enumeration(s);
		timing_add(s, &t->enumeration_ms, t0);
		break;
	case JOB_GROUPS:
		if (!s->o->no_groups)
			groups_test(s);
		timing_add(s, &t->groups_ms, t0);
		break;
	case JOB_PQ:
		if (!s->o->no_pq && f->version[TLS_V_TLS13])
			pq_test(s);
		timing_add(s, &t->groups_ms, t0);
		break;
	case JOB_CERT:
		atomic_fetch_add(&s->conns, tls_handshake_cert(s->o, &s->gate, f));
		timing_add(s, &t->handshakes_ms, t0);
		break;
	case JOB_ZERO_RTT:
		/* §3.3.4: web only; without TLS 1.3 there is no early data (good) */
		if (s->o->web && f->version[TLS_V_TLS13])
			atomic_fetch_add(&s->conns, tls_handshake_zero_rtt(s->o, &s->gate, f));
		else
			f->zero_rtt = s->o->web ? TLS_ZERO_RTT_GOOD : TLS_ZERO_RTT_NA;
		timing_add(s, &t->handshakes_ms, t0);
		break;
	default:
		break;
	}
}

int tls_scan(const struct tls_scan_opts *o, struct tls_scan_facts *f)
{
	int64_t start = deadline_now_ms();
	struct scan *s;
	pthread_condattr_t ca;
	int rc = 0;

	memset(f, 0, sizeof *f);
	f->client_reneg = -1;
	f->zero_rtt = TLS_ZERO_RTT_NA;
	f->ocsp = TLS_OCSP_NOT_TESTED;
	f->kex_hash = TLS_KEX_HASH_UNKNOWN;

	s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	s->o = o;
	s->f = f;
	s->dl = o->deadline > 0 ? o->deadline : deadline_in(SCAN_NO_DEADLINE);
	s->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : TLS_SCAN_TIMEOUT_MS;
	s->max_conns = o->max_conns > 0 ? o->max_conns
	             : o->starttls != TLS_STARTTLS_NONE ? TLS_SCAN_CONNS_MAIL : TLS_SCAN_CONNS_WEB;
	s->slot_limit = s->max_conns;
	s->gate = (struct tls_gate){ gate_take, gate_give, s, gate_cut_short };
	atomic_init(&s->reached, false);
	atomic_init(&s->unanswered, 0u);
	atomic_init(&s->conns, 0u);
	atomic_init(&s->enum_stop, false);
	atomic_init(&s->rate_limited, false);
	atomic_init(&s->busy, false);
	pthread_mutex_init(&s->slot_mu, NULL);
	pthread_mutex_init(&s->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->slot_cv, &ca);
	pthread_condattr_destroy(&ca);

	if (offer_lists_make(s) < 0) {
		rc = -1;
		goto out;
	}
	f->reach = TLS_REACH_OK;
	f->conns_start = s->max_conns;
	int64_t t0 = deadline_now_ms();
	int vrc = versions_probe(s);
	f->timings.versions_ms = deadline_now_ms() - t0;
	if (vrc < 0)
		goto out;      /* unreachable: reach says why, nothing else is filled */
	parallel_for(JOB_COUNT, JOB_COUNT, job_run, s);
	if (f->n_accepted > 1)   /* the chunks finished in any order */
		qsort(f->accepted, f->n_accepted, sizeof f->accepted[0], accepted_cmp);
	/* §3.3.4 client renegotiation last, alone: a server that paces renegotiations
	 * (s_server: ~1 s each) must not hold up the probes queued behind it (issue 14) */
	t0 = deadline_now_ms();
	if (s->has_hv)
		atomic_fetch_add(&s->conns, tls_handshake_client_reneg(o, &s->gate, f));
	else
		f->client_reneg = 0;
	f->timings.renegotiation_ms = deadline_now_ms() - t0;
out:
	/* our own limit (no budget slot in time) is never the server's answer: STYLE rule 3 */
	f->incomplete = deadline_expired(s->dl) || atomic_load(&s->busy);
	f->rate_limited = atomic_load(&s->rate_limited);
	f->unanswered = atomic_load(&s->unanswered);
	f->conns_final = s->slot_limit;
	f->connections = atomic_load(&s->conns);
	f->elapsed_ms = deadline_now_ms() - start;
	offer_lists_free(s);
	pthread_cond_destroy(&s->slot_cv);
	pthread_mutex_destroy(&s->slot_mu);
	pthread_mutex_destroy(&s->mu);
	free(s);
	return rc;
}

void tls_scan_facts_release(struct tls_scan_facts *f)
{
	free(f->cert.chain_pem);
	f->cert.chain_pem = NULL;
	if (f->cert.pool != NULL)
		certpool_release(f->cert.pool);
	free(f->cert.pool);
	f->cert.pool = NULL;
}

int tls_scan_facts_copy(struct tls_scan_facts *dst, const struct tls_scan_facts *src)
{
	*dst = *src;
	dst->cert.chain_pem = NULL;
	dst->cert.pool = NULL;
	if (src->cert.chain_pem != NULL) {
		dst->cert.chain_pem = strdup(src->cert.chain_pem);
		if (dst->cert.chain_pem == NULL)
			goto oom;
	}
	if (src->cert.pool != NULL) {
		dst->cert.pool = malloc(sizeof *dst->cert.pool);
		if (dst->cert.pool == NULL || certpool_copy(dst->cert.pool, src->cert.pool) < 0) {
			free(dst->cert.pool);
			dst->cert.pool = NULL;
			goto oom;
		}
	}
	return 0;
oom:
	tls_scan_facts_release(dst);
	return -1;
}
