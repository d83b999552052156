/*
 * deadline.h -- absolute deadlines on the monotonic clock (STYLE rule 8:
 * every function that waits takes a deadline).
 */
#ifndef INETCHECK_CORE_DEADLINE_H
#define INETCHECK_CORE_DEADLINE_H

#include <stdint.h>

/* Milliseconds on CLOCK_MONOTONIC. */
typedef int64_t deadline_t;

int64_t deadline_now_ms(void);
/* A deadline `ms` milliseconds from now. */
deadline_t deadline_in(int64_t ms);
/* The earlier of two deadlines. */
deadline_t deadline_min(deadline_t a, deadline_t b);
/* Milliseconds left (0 when passed), clamped to INT32_MAX for poll(2). */
int deadline_left_ms(deadline_t d);
int deadline_expired(deadline_t d);

#endif
