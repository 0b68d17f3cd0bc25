/*
 * source.c - mr_read_file(): reading an input file whole, with a size cap checked before
 * (fstat) and while reading (pipes), for every loader (feed, design, ...).
 * Complexity: O(size), at most log2(max / 64 KiB) reallocations.
 */
#include "source.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "m365route/common.h"
#include "text.h"

/* The limit as a message says it: whole MiB, else bytes. */
static void
limit_text(char *q, size_t size, size_t max)
{
	if (max >= (1u << 20) && max % (1u << 20) == 0)
		snprintf(q, size, "%zu MiB", max >> 20);
	else
		snprintf(q, size, "%zu bytes", max);
}

int
mri_open_read(const char *path, FILE **out)
{
	char q[256];
	struct stat st;
	FILE *f;

	*out = NULL;
	mri_esc_text(q, sizeof(q), path, strlen(path), SIZE_MAX,
	             MRI_ESC_SQ | MRI_ESC_UTF8);
	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (f == NULL)
		return mri_error_set(MR_EIO, "cannot open '%s': %s", q,
		                     strerror(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		if (f != stdin)
			fclose(f);
		return mri_error_set(MR_EIO, "cannot read '%s': %s", q,
		                     strerror(EISDIR));
	}
	*out = f;
	return MR_OK;
}

int
mr_read_file(const char *path, size_t max, const char *what, char **out,
             size_t *len)
{
	char q[256], lim[32], *buf = NULL;
	size_t n = 0, cap = 64 * 1024;
	struct stat st;
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *f;
	int rc = MR_OK, e;

	*out = NULL;
	*len = 0;
	mri_esc_text(q, sizeof(q), path, strlen(path), SIZE_MAX,
	             MRI_ESC_SQ | MRI_ESC_UTF8);
	limit_text(lim, sizeof(lim), max);
	if ((rc = mri_open_read(path, &f)) != MR_OK)
		return rc;
	if (fstat(fileno(f), &st) == 0) {
		if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max) {
			rc = mri_error_set(MR_EIO,
			                   "'%s' is too large for %s (%lld "
			                   "bytes, the limit is %s)",
			                   q, what, (long long)st.st_size, lim);
			goto done;
		}
		if (S_ISREG(st.st_mode) && st.st_size > 0)
			cap = (size_t)st.st_size + 1;
	}
	for (;;) {
		size_t got;

		if (buf == NULL || n == cap) {
			char *nb;
			if (buf != NULL)
				cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			nb = realloc(buf, cap + 1);
			if (nb == NULL) {
				rc = mri_error_set(MR_ENOMEM, "out of memory");
				goto done;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n > max) {
			rc = mri_error_set(MR_EIO,
			                   "'%s' is too large for %s (more "
			                   "than %s)",
			                   q, what, lim);
			goto done;
		}
		if (got == 0) {
			if (ferror(f)) {
				e = errno;
				rc = mri_error_set(MR_EIO,
				                   "cannot read '%s': %s", q,
				                   strerror(e ? e : EIO));
				goto done;
			}
			break;
		}
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
done:
	if (!is_stdin)
		fclose(f);
	free(buf);
	return rc;
}

int
mri_load_file(void *out, const char *path, struct mr_diags *d,
              const struct mri_loader *l)
{
	char *buf;
	size_t n;
	int rc;

	if (out == NULL || path == NULL || d == NULL)
		return mri_error_set(MR_EINVAL, "%s: invalid argument", l->fn);
	if ((rc = mr_read_file(path, l->max, l->what, &buf, &n)) != MR_OK)
		return rc;
	rc = l->load(out, strcmp(path, "-") == 0 ? "<stdin>" : path, buf, n, d);
	free(buf);
	return rc;
}
