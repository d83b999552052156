/*
 * fuzz_routinator.c -- libFuzzer target for the Routinator validity answer
 * (checks/rov.h rov_parse_routinator): whatever the validator sends, the parser
 * returns 0 with a known state (and VRPs only for valid/invalid) or -1 with a
 * reason.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "checks/rov.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rov_answer a;
	struct error err = {{0}};

	if (rov_parse_routinator((const char *)data, size, &a, &err) == 0) {
		if (a.state != ROV_VALID && a.state != ROV_INVALID_AS && a.state != ROV_INVALID_LENGTH &&
		    a.state != ROV_NOT_FOUND)
			abort();
		if (a.state == ROV_NOT_FOUND && a.n_vrps != 0)
			abort();
	} else if (!err.msg[0]) {
		abort();
	}
	return 0;
}
