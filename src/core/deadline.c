/* deadline.c -- see deadline.h. */
#include "deadline.h"

#include <time.h>

int64_t deadline_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

deadline_t deadline_in(int64_t ms) { return deadline_now_ms() + ms; }
deadline_t deadline_min(deadline_t a, deadline_t b) { return a < b ? a : b; }

int deadline_left_ms(deadline_t d)
{
	int64_t left = d - deadline_now_ms();
	if (left <= 0)
		return 0;
	return left > INT32_MAX ? INT32_MAX : (int)left;
}

int deadline_expired(deadline_t d) { return deadline_left_ms(d) == 0; }
