/* parallel.c -- see parallel.h. */
#include "core/parallel.h"

#include <pthread.h>
#include <stdbool.h>

/* Stack of each extra thread. The 8 MiB default costs a fresh thread a 2 MiB huge
 * page to zero (transparent huge pages) and overflows glibc's 40 MiB stack cache
 * (munmap, TLB shootdowns): a fifth of a web test's CPU with many tests in one
 * process (issue 17 item 6). Our deepest frame is 64 KiB (pgp_check); libcurl,
 * OpenSSL and jansson need far less than this. */
#define PARALLEL_STACK_BYTES (1024 * 1024)

struct work {
	pthread_mutex_t lock;
	size_t next, n;
	void (*fn)(void *, size_t);
	void *arg;
};

static void *worker(void *p)
{
	struct work *w = p;
	for (;;) {
		size_t i;
		pthread_mutex_lock(&w->lock);
		i = w->next < w->n ? w->next++ : w->n;
		pthread_mutex_unlock(&w->lock);
		if (i == w->n)
			return NULL;
		w->fn(w->arg, i);
	}
}

void parallel_for(size_t n, int max_threads, void (*fn)(void *arg, size_t i), void *arg)
{
	struct work w = { .next = 0, .n = n, .fn = fn, .arg = arg };
	pthread_t tid[64];
	pthread_attr_t attr;
	bool attr_ok;
	size_t extra = 0, want;

	if (n == 0)
		return;
	if (max_threads < 1)
		max_threads = 1;
	want = (size_t)max_threads < n ? (size_t)max_threads : n;
	if (want > 64)
		want = 64;
	pthread_mutex_init(&w.lock, NULL);
	attr_ok = pthread_attr_init(&attr) == 0;
	if (attr_ok)
		(void)pthread_attr_setstacksize(&attr, PARALLEL_STACK_BYTES);  /* else the default */
	for (size_t t = 1; t < want; t++) {
		if (pthread_create(&tid[extra], attr_ok ? &attr : NULL, worker, &w) != 0)
			break;
		extra++;
	}
	if (attr_ok)
		pthread_attr_destroy(&attr);
	worker(&w);
	for (size_t t = 0; t < extra; t++)
		pthread_join(tid[t], NULL);
	pthread_mutex_destroy(&w.lock);
}
