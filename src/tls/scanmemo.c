/*
 * scanmemo.c -- one STARTTLS scan per (MX name, address) per batch (issue 17 item 3;
 * internet.nl issue #2031). See scanmemo.h.
 *
 * Entries live in a list under one mutex, most recently used first. An entry is
 * RUNNING while its first caller scans (others wait on the entry's condition
 * variable, up to their own deadline) and DONE once the facts are kept. Every
 * caller gets its own deep copy of the facts (tls_scan_facts_copy: chain PEM and
 * certificate pool included), so tls_scan_facts_release stays right for every
 * holder and an evicted entry never pulls memory from under a test. A scan that
 * was cut short (deadline, our budget, rate limiting) is dropped: the waiters wake
 * and the first of them scans again. `refs` counts the callers using an entry
 * (scanner and waiters), so it is freed only when the last one lets go.
 */
#include "tls/scanmemo.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MEMO_NO_DEADLINE_MS 600000    /* like tls_scan: ten minutes when none is given */

enum memo_state { MEMO_RUNNING, MEMO_DONE, MEMO_DROPPED };

struct memo_entry {
	struct memo_entry *prev, *next;   /* in the list while not DROPPED */
	char name[256];
	struct netaddr addr;
	enum memo_state state;
	int refs;                         /* callers holding a pointer to it */
	struct tls_scan_facts facts;      /* DONE: the kept facts (owned) */
	pthread_cond_t cv;
};

struct scan_memo {
	pthread_mutex_t mu;
	struct memo_entry *head, *tail;   /* most recently used first */
	size_t max_entries;
	size_t n_done;
	unsigned long long scans, reused;
	int (*scan)(const struct tls_scan_opts *o, struct tls_scan_facts *f);
};

struct scan_memo *scan_memo_new(size_t max_entries)
{
	struct scan_memo *m = calloc(1, sizeof *m);

	if (m == NULL)
		return NULL;
	pthread_mutex_init(&m->mu, NULL);
	m->max_entries = max_entries > 0 ? max_entries : 1;
	m->scan = tls_scan;
	return m;
}

void scan_memo_set_scanner(struct scan_memo *m,
                           int (*scan)(const struct tls_scan_opts *o, struct tls_scan_facts *f))
{
	m->scan = scan != NULL ? scan : tls_scan;
}

static void entry_free(struct memo_entry *e)
{
	if (e->state == MEMO_DONE)
		tls_scan_facts_release(&e->facts);
	pthread_cond_destroy(&e->cv);
	free(e);
}

static void list_unlink(struct scan_memo *m, struct memo_entry *e)
{
	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		m->head = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	else
		m->tail = e->prev;
	e->prev = e->next = NULL;
}

static void list_push_front(struct scan_memo *m, struct memo_entry *e)
{
	e->prev = NULL;
	e->next = m->head;
	if (m->head != NULL)
		m->head->prev = e;
	m->head = e;
	if (m->tail == NULL)
		m->tail = e;
}

void scan_memo_free(struct scan_memo *m)
{
	struct memo_entry *e, *next;

	if (m == NULL)
		return;
	/* the engine frees the memo after every test ended: nobody holds an entry */
	for (e = m->head; e != NULL; e = next) {
		next = e->next;
		entry_free(e);
	}
	pthread_mutex_destroy(&m->mu);
	free(m);
}

static struct memo_entry *memo_find(struct scan_memo *m, const char *name, const struct netaddr *a)
{
	for (struct memo_entry *e = m->head; e != NULL; e = e->next)
		if (netaddr_equal(&e->addr, a) && strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

/* Drop DONE entries nobody uses, least recently used first, down to the bound. */
static void memo_trim(struct scan_memo *m)
{
	struct memo_entry *e = m->tail, *prev;

	for (; e != NULL && m->n_done > m->max_entries; e = prev) {
		prev = e->prev;
		if (e->state != MEMO_DONE || e->refs > 0)
			continue;
		list_unlink(m, e);
		m->n_done--;
		entry_free(e);
	}
}

/* What a caller whose deadline passed while another test scanned gets: nothing
 * measured, cut short (mail: "could not test", §3.10). */
static void facts_not_scanned(struct tls_scan_facts *f)
{
	memset(f, 0, sizeof *f);
	f->client_reneg = -1;
	f->zero_rtt = TLS_ZERO_RTT_NA;
	f->ocsp = TLS_OCSP_NOT_TESTED;
	f->kex_hash = TLS_KEX_HASH_UNKNOWN;
	f->reach = TLS_REACH_TCP_FAILED;
	snprintf(f->reach_detail, sizeof f->reach_detail,
	         "not scanned: the time limit passed while another test scanned this server");
	f->incomplete = true;
}

/* Wait on e->cv until `dl` (CLOCK_MONOTONIC ms); under m->mu. */
static void entry_wait(struct scan_memo *m, struct memo_entry *e, deadline_t dl)
{
	struct timespec ts = { .tv_sec = (time_t)(dl / 1000), .tv_nsec = (long)(dl % 1000) * 1000000L };

	pthread_cond_timedwait(&e->cv, &m->mu, &ts);
}

void scan_memo_scan(struct scan_memo *m, const char *name, const struct tls_scan_opts *o,
                    struct tls_scan_facts *f)
{
	deadline_t dl = o->deadline > 0 ? o->deadline : deadline_in(MEMO_NO_DEADLINE_MS);
	struct memo_entry *e;
	pthread_condattr_t ca;
	bool keep;

	if (m == NULL || name == NULL || strlen(name) >= sizeof e->name) {
		(void)tls_scan(o, f);
		return;
	}
	pthread_mutex_lock(&m->mu);
	for (;;) {
		e = memo_find(m, name, &o->addr);
		if (e == NULL)
			break;                      /* nobody has it: scan it ourselves */
		if (e->state == MEMO_DONE) {
			list_unlink(m, e);          /* most recently used */
			list_push_front(m, e);
			m->reused++;
			if (tls_scan_facts_copy(f, &e->facts) < 0) {
				pthread_mutex_unlock(&m->mu);
				(void)m->scan(o, f);    /* out of memory for the copy: scan */
				return;
			}
			pthread_mutex_unlock(&m->mu);
			return;
		}
		/* RUNNING: wait for its scanner, up to our own deadline */
		e->refs++;
		while (e->state == MEMO_RUNNING && !deadline_expired(dl))
			entry_wait(m, e, dl);
		e->refs--;
		if (e->state == MEMO_DROPPED && e->refs == 0)
			entry_free(e);
		else if (e->state == MEMO_RUNNING) {
			pthread_mutex_unlock(&m->mu);
			facts_not_scanned(f);
			return;
		}
		/* DONE: take it on the next turn; DROPPED: look again (maybe scan) */
	}
	e = calloc(1, sizeof *e);
	if (e == NULL) {
		pthread_mutex_unlock(&m->mu);
		(void)m->scan(o, f);
		return;
	}
	snprintf(e->name, sizeof e->name, "%s", name);
	e->addr = o->addr;
	e->state = MEMO_RUNNING;
	e->refs = 1;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&e->cv, &ca);
	pthread_condattr_destroy(&ca);
	list_push_front(m, e);
	m->scans++;
	pthread_mutex_unlock(&m->mu);

	(void)m->scan(o, f);

	pthread_mutex_lock(&m->mu);
	/* keep only what another test may take as its own answer (issue 17) */
	keep = !f->incomplete && !f->rate_limited && tls_scan_facts_copy(&e->facts, f) == 0;
	e->refs--;
	if (keep) {
		e->state = MEMO_DONE;
		m->n_done++;
	} else {
		e->state = MEMO_DROPPED;
		list_unlink(m, e);
	}
	pthread_cond_broadcast(&e->cv);
	if (e->state == MEMO_DROPPED && e->refs == 0)
		entry_free(e);
	memo_trim(m);
	pthread_mutex_unlock(&m->mu);
}

void scan_memo_get_stats(struct scan_memo *m, struct scan_memo_stats *out)
{
	memset(out, 0, sizeof *out);
	if (m == NULL)
		return;
	pthread_mutex_lock(&m->mu);
	out->scans = m->scans;
	out->reused = m->reused;
	pthread_mutex_unlock(&m->mu);
}
