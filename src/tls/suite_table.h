/* suite_table.h -- the generated table (internal to suite.c; see gen-suites.py). */
#ifndef INETCHECK_TLS_SUITE_TABLE_H
#define INETCHECK_TLS_SUITE_TABLE_H
#include <stddef.h>
#include "tls/suite.h"
/* SSL 2.0 cipher specs first (tls_suite_table_ssl2_len of them, by code), then the TLS
 * code points in ascending order; gen-suites.py checks uniqueness and sorts. */
extern const struct tls_suite tls_suite_table[];
extern const size_t tls_suite_table_len;
extern const size_t tls_suite_table_ssl2_len;
#endif
