/* parallel.c -- see parallel.h. */
#include "core/parallel.h"

#include <pthread.h>

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
	size_t extra = 0, want;

	if (n == 0)
		return;
	if (max_threads < 1)
		max_threads = 1;
	want = (size_t)max_threads < n ? (size_t)max_threads : n;
	if (want > 64)
		want = 64;
	pthread_mutex_init(&w.lock, NULL);
	for (size_t t = 1; t < want; t++) {
		if (pthread_create(&tid[extra], NULL, worker, &w) != 0)
			break;
		extra++;
	}
	worker(&w);
	for (size_t t = 0; t < extra; t++)
		pthread_join(tid[t], NULL);
	pthread_mutex_destroy(&w.lock);
}
