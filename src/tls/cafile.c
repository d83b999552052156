/* cafile.c -- see cafile.h. */
#include "tls/cafile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

int ca_file_check(const char *path, struct error *err)
{
	struct stat st;
	X509_STORE *store = NULL;
	int rc = -1;
	/* O_NONBLOCK: a named pipe must not block the open; fstat then refuses it */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return error_set(err, "cannot read CA file %s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		error_set(err, "cannot read CA file %s: not a regular file", path);
		goto out;
	}
	if (st.st_size > CA_FILE_MAX_BYTES) {
		error_set(err, "cannot read CA file %s: larger than %d bytes", path, CA_FILE_MAX_BYTES);
		goto out;
	}
	store = X509_STORE_new();
	if (!store) {
		error_set(err, "out of memory");
		goto out;
	}
	/* the very call the TLS checks make with it (dane.c, the handshakes) */
	if (X509_STORE_load_file(store, path) != 1 ||
	    sk_X509_OBJECT_num(X509_STORE_get0_objects(store)) == 0) {
		error_set(err, "CA file %s has no PEM certificate OpenSSL can load", path);
		goto out;
	}
	rc = 0;
out:
	ERR_clear_error();   /* OpenSSL's queue would otherwise leak into later messages */
	X509_STORE_free(store);
	close(fd);
	return rc;
}
