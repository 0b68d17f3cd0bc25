/*
 * feed_store.c - the data directory of the endpoint store: the
 * installation's ClientRequestId, the per-instance state file, atomic
 * writes, the lock, and finding the stored catalog (feed.h).
 *
 * Layout (feed.h has the whole picture):
 *   DIR/client-request-id            "<guid>\n"
 *   DIR/<inst>/state                 "key value" lines: instance, version,
 *                                    previous, held, updated, sha256
 *   DIR/<inst>/endpoints-<V>.json    the catalog of version V
 *   DIR/<inst>/lock                  fcntl write lock during a change
 * Invariants: the state is replaced only by rename(2) of a complete,
 * fsync'd file, and names only catalog files that were fsync'd and renamed
 * into place before it; a catalog file is never rewritten in place. So a
 * crash at any point leaves the old or the new installation, whole.
 * The ClientRequestId file is published with link(2), which never
 * replaces: of two processes creating it at once, both end up with the
 * GUID of whichever linked first.
 * Spec: the web service doc (ms.date 2025-01-08) asks for one GUID per
 * machine, "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"; the GUID is a random
 * version 4 UUID (RFC 9562 section 5.4) from getrandom(2), or /dev/urandom.
 * The library reads no environment variable: the caller names DIR.
 * Complexity: every operation reads or writes a few small files.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "error.h"
#include "feed_int.h"
#include "text.h"

#define MAX_STATE 4096
#define PATHMAX   4096

static const struct {
	const char *name;
	const char *dir;
} instances[] = {
    {"Worldwide", "worldwide"},
    {"China", "china"},
    {"USGovDoD", "usgovdod"},
    {"USGovGCCHigh", "usgovgcchigh"},
};

#define N_INSTANCES (sizeof(instances) / sizeof(instances[0]))

const char *
mr_feed_instance_name(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < N_INSTANCES; i++)
		if (strcasecmp(name, instances[i].name) == 0)
			return instances[i].name;
	return NULL;
}

const char *
mri_feed_instance_dir(const char *canonical)
{
	size_t i;

	for (i = 0; canonical != NULL && i < N_INSTANCES; i++)
		if (strcmp(canonical, instances[i].name) == 0)
			return instances[i].dir;
	return NULL;
}

bool
mr_feed_version_valid(const char *s)
{
	size_t i;

	if (s == NULL)
		return false;
	for (i = 0; i < MR_FEED_VERSION_LEN; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return s[i] == '\0';
}

/*
 * GUIDs.
 */

static int
random_bytes(unsigned char *b, size_t n)
{
	size_t got = 0;
	ssize_t k;
	int fd;

	while (got < n) {
		k = getrandom(b + got, n - got, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	if (got == n)
		return MR_OK;
	/* No getrandom(2) (old kernel, seccomp): the device. */
	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) < 0)
		return mri_error_set(MR_EIO, "no source of randomness: %s",
		                     strerror(errno));
	for (got = 0; got < n;) {
		k = read(fd, b + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			close(fd);
			return mri_error_set(MR_EIO,
			                     "cannot read /dev/urandom");
		}
		got += (size_t)k;
	}
	close(fd);
	return MR_OK;
}

int
mr_guid_new(char out[MR_GUID_LEN + 1])
{
	unsigned char b[16];
	char hex[33];
	int rc;

	if ((rc = random_bytes(b, sizeof(b))) != MR_OK)
		return rc;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* variant 10 */
	mri_hex(hex, b, sizeof(b));
	snprintf(out, MR_GUID_LEN + 1, "%.8s-%.4s-%.4s-%.4s-%.12s", hex,
	         hex + 8, hex + 12, hex + 16, hex + 20);
	return MR_OK;
}

bool
mr_guid_valid(const char *s)
{
	return s != NULL && strnlen(s, MR_GUID_LEN + 1) == MR_GUID_LEN &&
	       mri_guid_ok(s, MR_GUID_LEN);
}

/*
 * Files.
 */

int
mri_feed_read_file(struct mr_body *out, const char *path, size_t max)
{
	struct stat st;
	int rc;

	memset(out, 0, sizeof(*out));
	/* A store file is never standard input, and must be a regular file. */
	if (strcmp(path, "-") == 0)
		path = "./-";
	if (stat(path, &st) != 0)
		return mri_error_set(
		    errno == ENOENT || errno == ENOTDIR ? MR_ENOTFOUND : MR_EIO,
		    "cannot open '%s': %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return mri_error_set(MR_EIO, "'%s' is not a regular file",
		                     path);
	rc = mr_read_file(path, max, "the feed store", &out->p, &out->n);
	if (rc == MR_OK)
		out->cap = out->n + 1;
	return rc;
}

static void
dir_of(char *buf, size_t n, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(buf, n, ".");
	else if (slash == path)
		snprintf(buf, n, "/");
	else
		snprintf(buf, n, "%.*s", (int)(slash - path), path);
}

static void
fsync_dir(const char *path)
{
	char dir[PATHMAX];
	int fd;

	dir_of(dir, sizeof(dir), path);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

/* Create a temporary file beside path holding data; its name in tmp. */
static int
write_temp(char *tmp, size_t n, const char *path, const void *data, size_t len)
{
	const char *p = data;
	char dir[PATHMAX];
	size_t done = 0;
	ssize_t k;
	int fd, e;

	if (snprintf(tmp, n, "%s.tmp.XXXXXX", path) >= (int)n)
		return mri_error_set(MR_EINVAL, "path too long: '%s'", path);
	if ((fd = mkstemp(tmp)) < 0) {
		e = errno;
		dir_of(dir, sizeof(dir), path);
		return mri_error_set(MR_EIO, "cannot write in '%s': %s", dir,
		                     strerror(e));
	}
	while (done < len) {
		k = write(fd, p + done, len - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			goto fail;
		done += (size_t)k;
	}
	if (fchmod(fd, 0644) != 0 || fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	return MR_OK;
fail:
	e = errno ? errno : EIO;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return mri_error_set(MR_EIO, "cannot write '%s': %s", path,
	                     strerror(e));
}

int
mri_feed_write_atomic(const char *path, const void *data, size_t len)
{
	char tmp[PATHMAX + 16];
	int rc, e;

	if ((rc = write_temp(tmp, sizeof(tmp), path, data, len)) != MR_OK)
		return rc;
	if (rename(tmp, path) != 0) {
		e = errno;
		unlink(tmp);
		return mri_error_set(MR_EIO, "cannot write '%s': %s", path,
		                     strerror(e));
	}
	fsync_dir(path);
	return MR_OK;
}

int
mri_feed_mkdirs(const char *dir)
{
	char buf[PATHMAX];
	size_t i, n = strlen(dir);
	struct stat st;

	if (n == 0 || n >= sizeof(buf))
		return mri_error_set(MR_EINVAL, "bad directory name '%s'", dir);
	memcpy(buf, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return mri_error_set(MR_EIO,
			                     "cannot create directory '%s': %s",
			                     buf, strerror(errno));
		buf[i] = i < n ? '/' : '\0';
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return mri_error_set(MR_EIO, "'%s' is not a directory", dir);
	return MR_OK;
}

int
mri_feed_probe_writable(const char *dir)
{
	char tmp[PATHMAX];
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s/.probe.XXXXXX", dir) >=
	    (int)sizeof(tmp))
		return mri_error_set(MR_EINVAL, "path too long: '%s'", dir);
	if ((fd = mkstemp(tmp)) < 0)
		return mri_error_set(MR_EIO,
		                     "the data directory '%s' is not writable: "
		                     "%s",
		                     dir, strerror(errno));
	close(fd);
	unlink(tmp);
	return MR_OK;
}

int
mri_feed_lock(const char *inst_dir)
{
	char path[PATHMAX];
	struct flock fl;
	int fd;

	snprintf(path, sizeof(path), "%s/lock", inst_dir);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
		return mri_error_set(MR_EIO, "cannot open '%s': %s", path,
		                     strerror(errno));
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &fl) != 0) {
		int e = errno;
		close(fd);
		if (e == EAGAIN || e == EACCES)
			return mri_error_set(
			    MR_EIO,
			    "another m365route is changing '%s'; "
			    "try again when it is done",
			    inst_dir);
		return mri_error_set(MR_EIO, "cannot lock '%s': %s", path,
		                     strerror(e));
	}
	return fd;
}

void
mri_feed_prune(const char *inst_dir, const char *keep1, const char *keep2)
{
	char path[PATHMAX];
	struct dirent *e;
	DIR *dp;

	if ((dp = opendir(inst_dir)) == NULL)
		return;
	while ((e = readdir(dp)) != NULL) {
		const char *nm = e->d_name;
		size_t n = strlen(nm);
		bool ours = strncmp(nm, "endpoints-", 10) == 0 &&
		            (strstr(nm, ".tmp.") != NULL ||
		             (n > 5 && strcmp(nm + n - 5, ".json") == 0));
		if (!ours && strncmp(nm, "state.tmp.", 10) == 0)
			ours = true;
		if (!ours || (keep1 != NULL && strcmp(nm, keep1) == 0) ||
		    (keep2 != NULL && strcmp(nm, keep2) == 0))
			continue;
		snprintf(path, sizeof(path), "%s/%s", inst_dir, nm);
		unlink(path);
	}
	closedir(dp);
}

/*
 * The ClientRequestId.
 */

static int
read_guid(char out[MR_GUID_LEN + 1], const char *path)
{
	struct mr_body b;
	size_t n;
	int rc;

	if ((rc = mri_feed_read_file(&b, path, 256)) != MR_OK)
		return rc;
	n = b.n;
	while (n > 0 && (b.p[n - 1] == '\n' || b.p[n - 1] == '\r' ||
	                 b.p[n - 1] == ' ' || b.p[n - 1] == '\t'))
		n--;
	b.p[n] = '\0';
	if (!mr_guid_valid(b.p)) {
		mri_body_free(&b);
		return mri_error_set(MR_EIO,
		                     "'%s' does not hold a GUID; remove it and "
		                     "a new one is created",
		                     path);
	}
	memcpy(out, b.p, MR_GUID_LEN + 1);
	mri_body_free(&b);
	return MR_OK;
}

int
mr_feed_client_id(char out[MR_GUID_LEN + 1], const char *data_dir)
{
	char path[PATHMAX], tmp[PATHMAX + 16], g[MR_GUID_LEN + 2];
	int rc, e;

	if (data_dir == NULL || data_dir[0] == '\0')
		return mri_error_set(MR_EINVAL, "no data directory");
	if (snprintf(path, sizeof(path), "%s/client-request-id", data_dir) >=
	    (int)sizeof(path))
		return mri_error_set(MR_EINVAL, "path too long: '%s'",
		                     data_dir);
	rc = read_guid(out, path);
	if (rc != MR_ENOTFOUND)
		return rc;
	if ((rc = mri_feed_mkdirs(data_dir)) != MR_OK ||
	    (rc = mr_guid_new(g)) != MR_OK)
		return rc;
	g[MR_GUID_LEN] = '\n';
	g[MR_GUID_LEN + 1] = '\0';
	if ((rc = write_temp(tmp, sizeof(tmp), path, g, MR_GUID_LEN + 1)) !=
	    MR_OK)
		return rc;
	if (link(tmp, path) != 0) {
		e = errno;
		if (e == EEXIST) {
			unlink(tmp);
			return read_guid(out, path);
		}
		/* A file system without hard links: rename (racy only
		 * against another first run at the same instant). */
		if (rename(tmp, path) != 0) {
			e = errno;
			unlink(tmp);
			return mri_error_set(MR_EIO, "cannot write '%s': %s",
			                     path, strerror(e));
		}
	} else {
		unlink(tmp);
	}
	fsync_dir(path);
	return read_guid(out, path);
}

/*
 * The state file.
 */

static void
field(char *dst, size_t n, const char *v, size_t vl)
{
	if (vl >= n)
		vl = n - 1;
	memcpy(dst, v, vl);
	dst[vl] = '\0';
}

int
mr_feed_state_read(struct mr_feed_state *out, const char *data_dir,
                   const char *instance)
{
	const char *canon =
	    mr_feed_instance_name(instance ? instance : "Worldwide");
	char path[PATHMAX];
	struct mr_body b;
	struct stat st;
	const char *p, *end;
	int rc;

	memset(out, 0, sizeof(*out));
	if (canon == NULL)
		return mri_error_set(MR_EINVAL,
		                     "unknown instance '%s' (worldwide, china, "
		                     "usgovdod, usgovgcchigh)",
		                     instance);
	if (data_dir == NULL || data_dir[0] == '\0')
		return mri_error_set(MR_EINVAL, "no data directory");
	snprintf(out->instance, sizeof(out->instance), "%s", canon);
	snprintf(path, sizeof(path), "%s/%s/state", data_dir,
	         mri_feed_instance_dir(canon));
	rc = mri_feed_read_file(&b, path, MAX_STATE);
	if (rc != MR_OK) {
		if (rc == MR_ENOTFOUND)
			return mri_error_set(MR_ENOTFOUND,
			                     "no catalog stored for %s in '%s'",
			                     canon, data_dir);
		return rc;
	}
	for (p = b.p, end = b.p + b.n; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *sp;
		size_t kl, vl;

		if (*p != '#' && (sp = memchr(p, ' ', (size_t)(le - p)))) {
			kl = (size_t)(sp - p);
			vl = (size_t)(le - sp - 1);
			if (kl == 7 && memcmp(p, "version", 7) == 0)
				field(out->version, sizeof(out->version),
				      sp + 1, vl);
			else if (kl == 8 && memcmp(p, "previous", 8) == 0)
				field(out->previous, sizeof(out->previous),
				      sp + 1, vl);
			else if (kl == 4 && memcmp(p, "held", 4) == 0)
				field(out->held, sizeof(out->held), sp + 1, vl);
			else if (kl == 7 && memcmp(p, "updated", 7) == 0)
				field(out->updated, sizeof(out->updated),
				      sp + 1, vl);
			else if (kl == 6 && memcmp(p, "sha256", 6) == 0)
				field(out->sha256, sizeof(out->sha256), sp + 1,
				      vl);
		}
		p = le + 1;
	}
	mri_body_free(&b);
	if (!mr_feed_version_valid(out->version) ||
	    (out->previous[0] && !mr_feed_version_valid(out->previous)) ||
	    (out->held[0] && !mr_feed_version_valid(out->held)))
		return mri_error_set(MR_EIO,
		                     "'%s' is damaged (no valid version line); "
		                     "run 'm365route endpoints update --force'",
		                     path);
	snprintf(out->path, sizeof(out->path), "%s/%s/endpoints-%s.json",
	         data_dir, mri_feed_instance_dir(canon), out->version);
	if (out->previous[0])
		snprintf(out->previous_path, sizeof(out->previous_path),
		         "%s/%s/endpoints-%s.json", data_dir,
		         mri_feed_instance_dir(canon), out->previous);
	if (stat(out->path, &st) != 0 || !S_ISREG(st.st_mode))
		return mri_error_set(MR_EIO,
		                     "'%s' names the catalog '%s', which is "
		                     "missing",
		                     path, out->path);
	if (out->sha256[0] != '\0') {
		char h[MR_DIGEST_LEN + 1];
		if ((rc = mri_feed_read_file(&b, out->path,
		                             MR_FEED_MAX_BODY)) != MR_OK)
			return rc == MR_ENOTFOUND ? MR_EIO : rc;
		mri_sha256_hex(h, b.p, b.n);
		mri_body_free(&b);
		if (strcmp(h, out->sha256) != 0)
			return mri_error_set(
			    MR_EIO,
			    "'%s' does not match the SHA-256 "
			    "recorded in '%s' (changed outside "
			    "m365route?); run 'm365route "
			    "endpoints update --force'",
			    out->path, path);
	}
	return MR_OK;
}

int
mri_feed_state_write(const char *data_dir, const struct mr_feed_state *st)
{
	char path[PATHMAX], text[1024];
	int n;

	snprintf(path, sizeof(path), "%s/%s/state", data_dir,
	         mri_feed_instance_dir(st->instance));
	n = snprintf(text, sizeof(text),
	             "# m365route endpoint store: written by 'm365route "
	             "endpoints'; do not edit\n"
	             "instance %s\nversion %s\nprevious %s\nheld %s\n"
	             "updated %s\nsha256 %s\n",
	             st->instance, st->version, st->previous, st->held,
	             st->updated, st->sha256);
	return mri_feed_write_atomic(path, text, (size_t)n);
}

int
mr_feed_stored_path(char *buf, size_t n, char version[MR_FEED_VERSION_LEN + 1],
                    const char *data_dir, const char *instance)
{
	struct mr_feed_state st;
	int rc;

	if (buf == NULL || n == 0)
		return mri_error_set(MR_EINVAL, "mr_feed_stored_path: "
		                                "invalid argument");
	buf[0] = '\0';
	if (version != NULL)
		version[0] = '\0';
	if ((rc = mr_feed_state_read(&st, data_dir, instance)) != MR_OK)
		return rc;
	if (strlen(st.path) >= n)
		return mri_error_set(MR_EINVAL, "path too long");
	memcpy(buf, st.path, strlen(st.path) + 1);
	if (version != NULL)
		memcpy(version, st.version, MR_FEED_VERSION_LEN + 1);
	return MR_OK;
}
