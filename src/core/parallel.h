/*
 * parallel.h -- run independent jobs on a bounded number of threads
 * (shared/DESIGN.md "Concurrency": blocking code with deadlines, parallelism
 * from a small pool).
 */
#ifndef INETCHECK_CORE_PARALLEL_H
#define INETCHECK_CORE_PARALLEL_H

#include <stddef.h>

/*
 * Call fn(arg, i) for every i in [0, n), on at most `max_threads` threads
 * (the calling thread is one of them), and return when all calls returned.
 * If a thread cannot be created, the remaining jobs run on the threads that
 * exist, so every job still runs exactly once. Extra threads get a 1 MiB stack
 * (parallel.c says why), so a job must not need more.
 */
void parallel_for(size_t n, int max_threads, void (*fn)(void *arg, size_t i), void *arg);

#endif
