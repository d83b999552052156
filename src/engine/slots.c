/*
 * slots.c -- see slots.h. The hooks of struct budget_shared on a few store handles:
 * the connecting threads ask the store themselves (net/budget.c lets one thread per
 * address do so at a time), so a handful of handles serve a worker's tests; a thread
 * finding them all in use waits for one (a round trip is well under a millisecond).
 */
#include "engine/slots.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "net/budget.h"
#include "store/store.h"

#define SLOTS_HANDLES 4

struct slots {
	char owner[160];           /* worker name + random suffix: the rows' `worker` */
	char *db;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct store *handle[SLOTS_HANDLES];   /* opened when first needed */
	bool busy[SLOTS_HANDLES];
	time_t last_complaint;     /* store errors are said at most every 10 s */
};

static void complain(struct slots *s, const char *what, const struct error *err)
{
	time_t now = time(NULL);
	bool say;

	pthread_mutex_lock(&s->mu);
	say = now - s->last_complaint >= 10;
	if (say)
		s->last_complaint = now;
	pthread_mutex_unlock(&s->mu);
	if (say)
		fprintf(stderr, "inetcheck: connection slots: %s: %s\n", what, err->msg);
}

/* A free handle (opened if need be), its index in *i; NULL when the store cannot be
 * opened (said). */
static struct store *handle_get(struct slots *s, int *i)
{
	struct error err = {{0}};

	pthread_mutex_lock(&s->mu);
	for (;;) {
		for (int k = 0; k < SLOTS_HANDLES; k++) {
			if (s->busy[k])
				continue;
			s->busy[k] = true;
			*i = k;
			if (s->handle[k] == NULL) {
				pthread_mutex_unlock(&s->mu);
				struct store *h = store_open(s->db, &err);
				pthread_mutex_lock(&s->mu);
				if (h == NULL) {
					s->busy[k] = false;
					pthread_cond_signal(&s->cv);
					pthread_mutex_unlock(&s->mu);
					complain(s, "opening the store", &err);
					return NULL;
				}
				s->handle[k] = h;
			}
			pthread_mutex_unlock(&s->mu);
			return s->handle[k];
		}
		pthread_cond_wait(&s->cv, &s->mu);
	}
}

static void handle_put(struct slots *s, int i)
{
	pthread_mutex_lock(&s->mu);
	s->busy[i] = false;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

static int hook_take(void *arg, const char *address, bool smtp, int limit)
{
	struct slots *s = arg;
	struct error err = {{0}};
	int i, slot = -1, rc;
	struct store *h = handle_get(s, &i);

	if (h == NULL)
		return -2;
	rc = store_slot_take(h, address, smtp ? STORE_SLOT_SMTP : STORE_SLOT_GENERAL, limit,
	                     s->owner, BUDGET_SHARED_LEASE_MS, &slot, &err);
	handle_put(s, i);
	if (rc < 0) {
		complain(s, "taking a slot", &err);
		return -2;
	}
	return rc == 0 ? slot : -1;
}

static void hook_give(void *arg, const char *address, bool smtp, int slot)
{
	struct slots *s = arg;
	struct error err = {{0}};
	int i;
	struct store *h = handle_get(s, &i);

	if (h == NULL)
		return;     /* the lease ends by itself */
	if (store_slot_give(h, address, smtp ? STORE_SLOT_SMTP : STORE_SLOT_GENERAL, slot,
	                    s->owner, &err) < 0)
		complain(s, "giving a slot back", &err);
	handle_put(s, i);
}

static long hook_renew(void *arg)
{
	struct slots *s = arg;
	struct error err = {{0}};
	int i;
	int64_t n;
	struct store *h = handle_get(s, &i);

	if (h == NULL)
		return -1;
	n = store_slots_renew(h, s->owner, BUDGET_SHARED_LEASE_MS, &err);
	handle_put(s, i);
	if (n < 0)
		complain(s, "renewing the slots", &err);
	return (long)n;
}

static void hook_give_all(void *arg)
{
	struct slots *s = arg;
	struct error err = {{0}};
	int i;
	struct store *h = handle_get(s, &i);

	if (h == NULL)
		return;
	if (store_slots_drop(h, s->owner, &err) < 0)
		complain(s, "giving the slots back", &err);
	handle_put(s, i);
}

static void slots_free(struct slots *s)
{
	for (int k = 0; k < SLOTS_HANDLES; k++)
		store_close(s->handle[k]);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s->db);
	free(s);
}

struct slots *slots_start(const char *db, const char *worker, struct error *err)
{
	struct slots *s = calloc(1, sizeof(*s));
	uint32_t r = 0;

	if (s == NULL || (s->db = strdup(db)) == NULL) {
		free(s);
		error_set(err, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
		r = (uint32_t)time(NULL) ^ (uint32_t)(uintptr_t)s;
	snprintf(s->owner, sizeof(s->owner), "%s/%08x", worker, (unsigned)r);
	/* one handle now: a store that cannot be opened is said at start */
	if ((s->handle[0] = store_open(db, err)) == NULL) {
		slots_free(s);
		return NULL;
	}
	struct budget_shared ops = {
		.take = hook_take, .give = hook_give, .renew = hook_renew,
		.give_all = hook_give_all, .arg = s,
	};
	if (budget_share(&ops) < 0) {
		error_set(err, "cannot start the connection slots' thread");
		slots_free(s);
		return NULL;
	}
	return s;
}

void slots_stop(struct slots *s, bool give_back)
{
	if (s == NULL)
		return;
	budget_unshare(give_back);
	if (give_back)
		slots_free(s);
}
