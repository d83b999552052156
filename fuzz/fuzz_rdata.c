/*
 * fuzz_rdata.c -- libFuzzer target for dns_rr_parse (STYLE rule 10).
 *
 * The first input byte picks the record type (A, AAAA, NS, CNAME, SOA, MX,
 * TXT, TLSA, CAA, an unsupported one, SVCB, HTTPS); the rest is the rdata. The rdata is
 * copied to an exact-size heap buffer so ASan sees any overread, and every
 * parsed record is freed (LeakSanitizer sees any leak). SVCB/HTTPS records
 * also go through the httpsrr rules.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_DEFAULT_SOURCE -Isrc \
 *     fuzz/fuzz_rdata.c src/dns/resolver.c src/core/cursor.c src/core/deadline.c \
 *     src/core/error.c -lunbound -o fuzz_rdata
 *   without libFuzzer: add -DFUZZ_STANDALONE_MAIN and pass files as arguments.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/httpsrr.h"
#include "dns/resolver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint16_t fuzz_types[] = {
	DNS_TYPE_A, DNS_TYPE_AAAA, DNS_TYPE_NS, DNS_TYPE_CNAME, DNS_TYPE_SOA,
	DNS_TYPE_MX, DNS_TYPE_TXT, DNS_TYPE_TLSA, DNS_TYPE_CAA, 43 /* DS: unsupported */,
	DNS_TYPE_SVCB, DNS_TYPE_HTTPS,   /* appended: the seeds' first bytes keep their types */
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_rr rr;
	uint16_t type;
	uint8_t *rdata;
	size_t len;

	if (size < 1)
		return 0;
	type = fuzz_types[data[0] % (sizeof(fuzz_types) / sizeof(fuzz_types[0]))];
	len = size - 1;
	rdata = malloc(len ? len : 1);
	if (!rdata)
		return 0;
	if (len)
		memcpy(rdata, data + 1, len);
	if (dns_rr_parse(type, rdata, len, &rr) == 0) {
		/* touch what the parser promised: terminated strings, sized buffers */
		volatile size_t sink = 0;
		switch (type) {
		case DNS_TYPE_NS:
		case DNS_TYPE_CNAME:
			sink = strlen(rr.u.name);
			break;
		case DNS_TYPE_MX:
			sink = strlen(rr.u.mx.exchange);
			break;
		case DNS_TYPE_SOA:
			sink = strlen(rr.u.soa.mname) + strlen(rr.u.soa.rname);
			break;
		case DNS_TYPE_TXT:
			if (strlen(rr.u.txt.text) != rr.u.txt.len)
				abort();
			break;
		case DNS_TYPE_TLSA:
			for (size_t i = 0; i < rr.u.tlsa.len; i++)
				sink += rr.u.tlsa.data[i];
			break;
		case DNS_TYPE_CAA:
			sink = strlen(rr.u.caa.tag);
			for (size_t i = 0; i < rr.u.caa.len; i++)
				sink += rr.u.caa.value[i];
			break;
		case DNS_TYPE_SVCB:
		case DNS_TYPE_HTTPS: {
			const struct dns_svcb *v = &rr.u.svcb;
			sink = strlen(v->target) + v->port + v->ech_len;
			for (size_t i = 0; i < v->n_mandatory; i++)
				sink += v->mandatory[i];
			for (size_t i = 0; i < v->n_alpn; i++)
				if (strlen(v->alpn[i]) == 0)
					abort();   /* alpn-ids are 1..255 bytes (RFC 9460 §7.1.1) */
			for (size_t i = 0; i < v->n_ipv4hint; i++)
				sink += v->ipv4hint[i].s_addr;
			for (size_t i = 0; i < v->n_ipv6hint; i++)
				sink += v->ipv6hint[i].s6_addr[15];
			for (size_t i = 1; i < v->n_keys; i++)
				if (v->keys[i] <= v->keys[i - 1])
					abort();   /* §2.2: strictly increasing */
			/* and the httpsrr rules over it, hints compared with one A record */
			struct dns_rr a = { .type = DNS_TYPE_A };
			struct httpsrr_addrs addrs[] = { { "", &a, 1 }, { v->target, &a, 1 } };
			struct httpsrr_facts f = { "", &rr, 1, 0, addrs, 2 };
			const char *verdict;
			json_t *details = NULL;
			(void)httpsrr_evaluate(&f, &verdict, &details);
			json_decref(details);
			break;
		}
		default:
			break;
		}
		(void)sink;
		dns_rr_free(&rr);
	}
	free(rdata);
	return 0;
}

#ifdef FUZZ_STANDALONE_MAIN
/* Run each file given as an argument once, then every 1- and 2-byte input. */
int main(int argc, char **argv)
{
	static uint8_t buf[1 << 16];
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		size_t n;
		if (!f) {
			perror(argv[i]);
			return 2;
		}
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
	}
	for (unsigned a = 0; a < 256; a++) {
		buf[0] = (uint8_t)a;
		LLVMFuzzerTestOneInput(buf, 1);
		for (unsigned b = 0; b < 256; b++) {
			buf[1] = (uint8_t)b;
			LLVMFuzzerTestOneInput(buf, 2);
		}
	}
	printf("fuzz_rdata: %d file(s) and all 1-2 byte inputs ran\n", argc - 1);
	return 0;
}
#endif
