/*
 * out.c - buffered output. To a file, output goes to "<path>.tmp.XXXXXX" in
 * the same directory and is renamed into place only when everything was
 * written: a failed run never leaves a half-written file behind.
 *
 * The temporary file is locked (flock) while it is written, so a later run
 * on the same path can tell a leftover of a run that was killed (removed,
 * with a note) from one another run is still writing (left alone). When
 * path is a symbolic link, the file it points to is replaced and the link
 * kept: "-o /srv/wpad/wpad.dat" with wpad.dat -> proxy.pac updates
 * proxy.pac (docs/pac.md).
 */
#define _GNU_SOURCE
#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Remove "<path>.tmp.XXXXXX" regular files that no running writer holds:
 * what a run killed before its rename left behind. */
static void
clean_leftovers(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *dir =
	    slash ? strndup(path, (size_t)(slash - path + 1)) : strdup(".");
	struct dirent *e;
	DIR *dp;
	int dfd;

	if (dir == NULL)
		return;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (dfd < 0)
		return;
	if ((dp = fdopendir(dfd)) == NULL) {
		close(dfd);
		return;
	}
	while ((e = readdir(dp)) != NULL) {
		struct stat st;
		char q[512];
		int fd;

		if (!cli_is_temp_name(e->d_name, base, ".tmp."))
			continue;
		fd = openat(dfd, e->d_name,
		            O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0 &&
		    unlinkat(dfd, e->d_name, 0) == 0) {
			cli_safe_path(q, sizeof(q), NULL, e->d_name);
			cli_note("removed '%s', left by an earlier run that "
			         "did not finish",
			         q);
		}
		close(fd);
	}
	closedir(dp);
}

int
out_open(struct out *o, const char *path)
{
	struct stat st;
	char *real = NULL;
	int fd;

	o->f = NULL;
	o->tmp_path = NULL;
	o->path = NULL;
	o->n = 0;
	o->failed = 0;
	if (path == NULL || strcmp(path, "-") == 0) {
		o->f = stdout;
		return 0;
	}
	/* A link: write through it, deliberately, to the file it names. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		char q[512];
		if ((real = realpath(path, NULL)) == NULL) {
			cli_safe_path(q, sizeof(q), NULL, path);
			cli_error("cannot write '%s': a symbolic link to a "
			          "file that does not exist (%s)",
			          q, strerror(errno));
			return -1;
		}
		path = real;
	}
	clean_leftovers(path);
	o->path = strdup(path);
	o->tmp_path = malloc(strlen(path) + 16);
	free(real); /* from here on path is o->path */
	path = o->path;
	if (o->path == NULL || o->tmp_path == NULL) {
		cli_error("out of memory");
		free(o->path);
		free(o->tmp_path);
		return -1;
	}
	snprintf(o->tmp_path, strlen(path) + 16, "%s.tmp.XXXXXX", path);
	fd = mkstemp(o->tmp_path);
	if (fd >= 0) {
		mode_t um = umask(0);
		umask(um);
		(void)fchmod(fd, 0666 & ~um);
		(void)flock(fd, LOCK_EX); /* ours until renamed */
	}
	if (fd < 0 || (o->f = fdopen(fd, "w")) == NULL) {
		char q[512];
		cli_safe_path(q, sizeof(q), NULL, path);
		cli_error("cannot write '%s': %s", q, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp_path);
		}
		free(o->path);
		free(o->tmp_path);
		return -1;
	}
	return 0;
}

static void
flush(struct out *o)
{
	if (o->n > 0 && !o->failed && fwrite(o->buf, 1, o->n, o->f) != o->n)
		o->failed = errno ? errno : EIO;
	o->n = 0;
}

void
out_attach(struct out *o, FILE *f)
{
	o->f = f;
	o->tmp_path = NULL;
	o->path = NULL;
	o->n = 0;
	o->failed = 0;
}

void
out_flush(struct out *o)
{
	flush(o);
	fflush(o->f);
}

void
out_write(struct out *o, const char *s, size_t n)
{
	if (n > sizeof(o->buf) - o->n) {
		flush(o);
		if (n > sizeof(o->buf)) {
			if (!o->failed && fwrite(s, 1, n, o->f) != n)
				o->failed = errno ? errno : EIO;
			return;
		}
	}
	memcpy(o->buf + o->n, s, n);
	o->n += n;
}

void
out_puts(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

void
out_sink(void *ctx, const char *s, size_t n)
{
	out_write(ctx, s, n);
}

void
out_putc(struct out *o, char c)
{
	if (o->n == sizeof(o->buf))
		flush(o);
	o->buf[o->n++] = c;
}

void
out_printf(struct out *o, const char *fmt, ...)
{
	char tmp[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(tmp)) {
		char *big = malloc((size_t)n + 1);
		if (big == NULL) {
			o->failed = ENOMEM;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		out_write(o, big, (size_t)n);
		free(big);
		return;
	}
	out_write(o, tmp, (size_t)n);
}

void
out_safe(struct out *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f || c >= 0x80 || c == '\\') {
			char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
			out_write(o, e, 4);
		} else {
			out_putc(o, (char)c);
		}
	}
}

int
out_close(struct out *o)
{
	int rc = 0;

	flush(o);
	if (o->f == stdout) {
		if (fflush(stdout) != 0 || o->failed) {
			if (o->failed != EPIPE && errno != EPIPE)
				cli_error(
				    "write error: %s",
				    strerror(o->failed ? o->failed : errno));
			return -1;
		}
		return 0;
	}
	if (fflush(o->f) != 0 || o->failed || fsync(fileno(o->f)) != 0)
		rc = -1;
	/* Renamed while still open, so still locked: a concurrent run's
	 * clean-up never takes a file that is about to be in place. */
	if (rc == 0 && rename(o->tmp_path, o->path) != 0)
		rc = -1;
	if (fclose(o->f) != 0)
		rc = -1;
	if (rc != 0) {
		char q[512];
		cli_safe_path(q, sizeof(q), NULL, o->path);
		cli_error("cannot write '%s': %s", q,
		          strerror(o->failed ? o->failed : errno));
		unlink(o->tmp_path);
	}
	free(o->path);
	free(o->tmp_path);
	return rc;
}

void
out_abort(struct out *o)
{
	if (o->f != stdout) {
		fclose(o->f);
		unlink(o->tmp_path);
		free(o->path);
		free(o->tmp_path);
	} else {
		flush(o);
		fflush(stdout);
	}
}
