/* parallel.c -- see parallel.h.
 *
 * The extra threads come from a process-wide pool: a thread that finished its share of
 * one parallel_for waits for the next one instead of exiting. A web test calls
 * parallel_for some twenty times with up to 25 threads each; creating and ending
 * those threads (clone, the stack's page faults, glibc's madvise of the stack at exit,
 * TLB shootdowns) was a third of the CPU of a batch of many tests in one process
 * (issue 17). Up to POOL_IDLE_MAX threads wait in the pool; more end as before.
 */
#include "core/parallel.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

/* Stack of each extra thread. The 8 MiB default costs a fresh thread a 2 MiB huge
 * page to zero (transparent huge pages) and overflows glibc's 40 MiB stack cache
 * (munmap, TLB shootdowns): a fifth of a web test's CPU with many tests in one
 * process (issue 17 item 6). Our deepest frame is 64 KiB (pgp_check); libcurl,
 * OpenSSL and jansson need far less than this. */
#define PARALLEL_STACK_BYTES (1024 * 1024)
#define POOL_IDLE_MAX 256

struct work {
	pthread_mutex_t lock;
	pthread_cond_t done;     /* `active` reached 0 */
	size_t next, n;
	int active;              /* threads still on this work, the caller included */
	void (*fn)(void *, size_t);
	void *arg;
};

/* A pool thread: idle (w == NULL, in the idle list) or lent to one parallel_for. */
struct helper {
	struct helper *next;
	pthread_cond_t wake;
	struct work *w;
};

static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static struct helper *pool_idle;
static size_t pool_n_idle;

static void work_run(struct work *w)
{
	for (;;) {
		size_t i;
		pthread_mutex_lock(&w->lock);
		i = w->next < w->n ? w->next++ : w->n;
		pthread_mutex_unlock(&w->lock);
		if (i == w->n)
			return;
		w->fn(w->arg, i);
	}
}

/* This thread is done with `w`; after the unlock `w` may be gone. */
static void work_leave(struct work *w)
{
	pthread_mutex_lock(&w->lock);
	if (--w->active == 0)
		pthread_cond_signal(&w->done);
	pthread_mutex_unlock(&w->lock);
}

static void *helper_main(void *p)
{
	struct helper *h = p;

	for (;;) {
		work_run(h->w);
		work_leave(h->w);
		pthread_mutex_lock(&pool_mu);
		if (pool_n_idle >= POOL_IDLE_MAX) {
			pthread_mutex_unlock(&pool_mu);
			pthread_cond_destroy(&h->wake);
			free(h);
			return NULL;
		}
		h->w = NULL;
		h->next = pool_idle;
		pool_idle = h;
		pool_n_idle++;
		while (h->w == NULL)
			pthread_cond_wait(&h->wake, &pool_mu);
		pthread_mutex_unlock(&pool_mu);
	}
}

/* Lend `w` one more thread: an idle one of the pool, else a new one. false when no
 * thread could be had (the threads that exist do the work). */
static bool work_add_thread(struct work *w)
{
	struct helper *h;
	pthread_attr_t attr;
	pthread_t tid;
	bool ok;

	pthread_mutex_lock(&w->lock);
	w->active++;                 /* before the thread can possibly leave */
	pthread_mutex_unlock(&w->lock);

	pthread_mutex_lock(&pool_mu);
	h = pool_idle;
	if (h != NULL) {
		pool_idle = h->next;
		pool_n_idle--;
		h->w = w;
		pthread_cond_signal(&h->wake);
	}
	pthread_mutex_unlock(&pool_mu);
	if (h != NULL)
		return true;

	h = calloc(1, sizeof(*h));
	ok = h != NULL && pthread_attr_init(&attr) == 0;
	if (ok) {
		(void)pthread_attr_setstacksize(&attr, PARALLEL_STACK_BYTES);   /* else the default */
		(void)pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		pthread_cond_init(&h->wake, NULL);
		h->w = w;
		ok = pthread_create(&tid, &attr, helper_main, h) == 0;
		pthread_attr_destroy(&attr);
		if (!ok)
			pthread_cond_destroy(&h->wake);
	}
	if (!ok) {
		free(h);
		pthread_mutex_lock(&w->lock);
		w->active--;
		pthread_mutex_unlock(&w->lock);
	}
	return ok;
}

void parallel_for(size_t n, int max_threads, void (*fn)(void *arg, size_t i), void *arg)
{
	struct work w = { .next = 0, .n = n, .active = 1, .fn = fn, .arg = arg };
	size_t want;

	if (n == 0)
		return;
	if (max_threads < 1)
		max_threads = 1;
	want = (size_t)max_threads < n ? (size_t)max_threads : n;
	if (want > 64)
		want = 64;
	pthread_mutex_init(&w.lock, NULL);
	pthread_cond_init(&w.done, NULL);
	for (size_t t = 1; t < want; t++)
		if (!work_add_thread(&w))
			break;
	work_run(&w);
	pthread_mutex_lock(&w.lock);
	w.active--;
	while (w.active > 0)
		pthread_cond_wait(&w.done, &w.lock);
	pthread_mutex_unlock(&w.lock);
	pthread_cond_destroy(&w.done);
	pthread_mutex_destroy(&w.lock);
}
