/*
 * outdir.c - replacing an output directory (plan -o DIR) without ever
 * losing a file m365route did not write, and without a moment where DIR is
 * missing.
 *
 * A plan directory carries a manifest, OUTDIR_MANIFEST, whose first line is
 * OUTDIR_MAGIC and whose other lines name the files the plan holds, one
 * plain file name a line. The manifest is written first and each name is
 * appended (and flushed) before its file is created, so at every instant it
 * lists a superset of what the directory holds; a run killed half-way
 * leaves a directory that the next run can recognise and clean.
 *
 * A plan may hold one level of subdirectories (plan's routers/): the
 * manifest names their files as "SUB/NAME"; a subdirectory is the plan's
 * when the manifest lists a file in it and it holds nothing else.
 *
 * The protocol:
 *   1. DIR must be absent, an empty directory, or a directory whose every
 *      entry is its manifest or a regular file the manifest lists (or
 *      such a subdirectory). A
 *      symbolic link, a regular file, anything else, or a directory holding
 *      one entry the manifest does not list: refused, nothing touched.
 *   2. Leftovers of earlier runs on the same DIR ("DIR.tmp.XXXXXX" and
 *      "DIR.old.XXXXXX" directories, by mkdtemp's naming) are removed when
 *      they hold only what their manifest lists, and said so; a leftover
 *      another run still holds (flock) is left alone.
 *   3. The new plan is built in DIR.tmp.XXXXXX (locked while we build it).
 *   4. renameat2(RENAME_EXCHANGE) swaps it with the old DIR in one step
 *      (RENAME_NOREPLACE when there was none); the old plan, now under the
 *      temporary name, is removed by its manifest.
 * On a file system that cannot exchange (EINVAL), the old DIR is renamed
 * aside first and a note says that DIR was briefly missing.
 *
 * Complexity: O(entries of DIR and of its parent directory).
 */
#define _GNU_SOURCE
#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define OUTDIR_MAGIC "m365route plan manifest 1"

/* Names of the manifest file and of temporaries: "X.tmp.XXXXXX". */
static const char tmp_tag[] = ".tmp.";
static const char old_tag[] = ".old.";

/* Whether name is one file name we could have written: no '/', not "." or
 * "..", no control bytes, bounded. */
static int
plain_name(const char *name, size_t n)
{
	size_t i;

	if (n == 0 || n > 255 || (n == 1 && name[0] == '.') ||
	    (n == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c == '/' || c < 0x20 || c == 0x7f)
			return 0;
	}
	return 1;
}

/* Whether name is a name a plan lists: a plain file name, or one in a
 * subdirectory of the plan ("routers/er-1.frr.conf": one level, both
 * parts plain). */
static int
entry_name(const char *name, size_t n)
{
	const char *slash = memchr(name, '/', n);

	if (slash == NULL)
		return plain_name(name, n);
	return plain_name(name, (size_t)(slash - name)) &&
	       plain_name(slash + 1, n - (size_t)(slash - name) - 1);
}

/* Whether s (of length n) is prefix + tag + six characters of mkstemp's
 * alphabet. */
static int
is_temp_of(const char *s, size_t n, const char *prefix, size_t pn,
           const char *tag)
{
	size_t tn = strlen(tag), i;

	if (n != pn + tn + 6 || memcmp(s, prefix, pn) != 0 ||
	    memcmp(s + pn, tag, tn) != 0)
		return 0;
	for (i = pn + tn; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

int
cli_is_temp_name(const char *name, const char *base, const char *tag)
{
	return is_temp_of(name, strlen(name), base, strlen(base), tag);
}

/* The manifest of directory dfd: its names, one NUL-terminated string
 * each, packed in *out (freed by the caller), *count of them. Returns 1
 * when there is a valid manifest, 0 when there is none, -1 when there is
 * something else under that name or it does not read as one. */
static int
read_manifest(int dfd, char **out, size_t *count)
{
	char *buf = NULL, *p, *end, *w;
	size_t cap = 0, len = 0;
	struct stat st;
	ssize_t r;
	int fd;

	*out = NULL;
	*count = 0;
	fd = openat(dfd, OUTDIR_MANIFEST, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > (1 << 20)) {
		close(fd);
		return -1;
	}
	cap = (size_t)st.st_size + 1;
	if ((buf = malloc(cap)) == NULL) {
		close(fd);
		return -1;
	}
	while (len + 1 < cap && (r = read(fd, buf + len, cap - 1 - len)) > 0)
		len += (size_t)r;
	close(fd);
	buf[len] = '\0';
	/* Empty: a run killed between creating the manifest and writing its
	 * first line; nothing is listed, so nothing else may be there. */
	if (len == 0) {
		*out = buf;
		return 1;
	}
	/* First line: the magic. Then names; an unterminated last line is a
	 * name whose append was cut short: kept, it names at most a file
	 * that was never created. */
	p = buf;
	end = memchr(p, '\n', len);
	if (end == NULL || (size_t)(end - p) != strlen(OUTDIR_MAGIC) ||
	    memcmp(p, OUTDIR_MAGIC, (size_t)(end - p)) != 0) {
		free(buf);
		return -1;
	}
	w = buf;
	p = end + 1;
	while (p < buf + len) {
		size_t n;
		end = memchr(p, '\n', (size_t)(buf + len - p));
		n = end ? (size_t)(end - p) : (size_t)(buf + len - p);
		if (!entry_name(p, n) || (strlen(OUTDIR_MANIFEST) == n &&
		                          memcmp(p, OUTDIR_MANIFEST, n) == 0)) {
			free(buf);
			return -1;
		}
		memmove(w, p, n);
		w[n] = '\0';
		w += n + 1;
		(*count)++;
		p += n + 1;
	}
	*out = buf;
	return 1;
}

/*
 * A plan written before manifests existed (m365route 0.1) is known by its
 * summary.txt: "design:" first, a "verdict:" line, and a "files:" line that
 * names every other file it wrote. Same contract as read_manifest; 0 when
 * it is not such a plan.
 */
static int
read_legacy(int dfd, char **out, size_t *count)
{
	char buf[16384], *files = NULL, *line, *save = NULL, *w, *tok;
	struct stat st;
	ssize_t r;
	size_t len = 0;
	int fd, verdict = 0;

	*out = NULL;
	*count = 0;
	fd = openat(dfd, "summary.txt", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size >= (off_t)sizeof(buf)) {
		close(fd);
		return 0;
	}
	while (len + 1 < sizeof(buf) &&
	       (r = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)r;
	close(fd);
	buf[len] = '\0';
	if (strncmp(buf, "design:", 7) != 0 || memchr(buf, 0, len) != NULL)
		return 0;
	for (line = buf; line != NULL && *line != '\0';) {
		char *nl = strchr(line, '\n');
		if (nl != NULL)
			*nl = '\0';
		if (strncmp(line, "verdict:", 8) == 0)
			verdict = 1;
		else if (strncmp(line, "files:", 6) == 0)
			files = line + 6;
		line = nl ? nl + 1 : NULL;
	}
	if (!verdict || files == NULL)
		return 0;
	/* The names, packed as read_manifest packs them, plus summary.txt. */
	if ((w = *out = malloc(strlen(files) + sizeof("summary.txt") + 1)) ==
	    NULL)
		return -1;
	for (tok = strtok_r(files, " ", &save); tok != NULL;
	     tok = strtok_r(NULL, " ", &save)) {
		size_t n = strlen(tok);
		if (!plain_name(tok, n) || strcmp(tok, OUTDIR_MANIFEST) == 0) {
			free(*out);
			*out = NULL;
			*count = 0;
			return 0;
		}
		memmove(w, tok, n + 1);
		w += n + 1;
		(*count)++;
	}
	memcpy(w, "summary.txt", sizeof("summary.txt"));
	(*count)++;
	return 1;
}

/* The names a plan directory's manifest lists, else those of a plan from
 * before manifests; as read_manifest. */
static int
read_names(int dfd, char **out, size_t *count)
{
	int have = read_manifest(dfd, out, count);

	return have == 0 ? read_legacy(dfd, out, count) : have;
}

/* Whether name is listed (or is a temporary of a listed file, as out_open
 * makes them, when temps is set). */
static int
listed(const char *names, size_t count, const char *name, int temps)
{
	const char *p = names;
	size_t i, n = strlen(name);

	for (i = 0; i < count; i++, p += strlen(p) + 1) {
		size_t pn = strlen(p);
		if (pn == n && memcmp(p, name, n) == 0)
			return 1;
		if (temps && is_temp_of(name, n, p, pn, tmp_tag))
			return 1;
	}
	return 0;
}

/* Whether the manifest lists a file in subdirectory dir ("dir/..."). */
static int
listed_dir(const char *names, size_t count, const char *dir)
{
	const char *p = names;
	size_t i, n = strlen(dir);

	for (i = 0; i < count; i++, p += strlen(p) + 1)
		if (strncmp(p, dir, n) == 0 && p[n] == '/')
			return 1;
	return 0;
}

/* Whether every entry of subdirectory dir of dfd is a regular file the
 * manifest lists as "dir/NAME" (or, with temps, a temporary of one). */
static int
sub_ours(int dfd, const char *dir, const char *names, size_t count, int temps,
         char *bad, size_t cap)
{
	int fd =
	    openat(dfd, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *dp;
	struct dirent *e;
	int ok = 1;

	snprintf(bad, cap, "%s", dir);
	if (fd < 0)
		return 0;
	if ((dp = fdopendir(fd)) == NULL) {
		close(fd);
		return 0;
	}
	while (ok && (e = readdir(dp)) != NULL) {
		char full[600];
		struct stat st;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(full, sizeof(full), "%s/%s", dir, e->d_name);
		ok = listed(names, count, full, temps) &&
		     fstatat(dirfd(dp), e->d_name, &st, AT_SYMLINK_NOFOLLOW) ==
		         0 &&
		     S_ISREG(st.st_mode);
		if (!ok)
			snprintf(bad, cap, "%s", full);
	}
	closedir(dp);
	return ok;
}

/*
 * Check the entries of directory dfd against its manifest. temps: accept
 * leftovers of out_open's temporary files too (a half-built directory).
 * Returns 1 when every entry is ours (or the directory is empty), else 0
 * with the first entry that is not in *bad (cap bytes).
 */
static int
all_ours(int dfd, const char *names, size_t count, int have, int temps,
         char *bad, size_t cap)
{
	int fd = dup(dfd);
	DIR *dp;
	struct dirent *e;
	int ok = 1;

	if (fd < 0 || (dp = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		snprintf(bad, cap, "%s", ".");
		return 0;
	}
	rewinddir(dp);
	while ((e = readdir(dp)) != NULL) {
		struct stat st;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (have && strcmp(e->d_name, OUTDIR_MANIFEST) == 0)
			continue;
		/* A subdirectory of the plan: every file in it listed. */
		if (have && listed_dir(names, count, e->d_name) &&
		    fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISDIR(st.st_mode)) {
			if (sub_ours(dfd, e->d_name, names, count, temps, bad,
			             cap))
				continue;
			ok = 0;
			break;
		}
		if (!have || !listed(names, count, e->d_name, temps) ||
		    fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode)) {
			snprintf(bad, cap, "%s", e->d_name);
			ok = 0;
			break;
		}
	}
	closedir(dp);
	return ok;
}

/* Remove the files of subdirectory dir the manifest lists ("dir/NAME",
 * and temporaries of those), then dir when that empties it. */
static void
remove_sub(int dfd, const char *dir, const char *names, size_t count)
{
	int fd =
	    openat(dfd, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *dp;
	struct dirent *e;

	if (fd < 0)
		return;
	if ((dp = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((e = readdir(dp)) != NULL) {
		char full[600];
		struct stat st;
		snprintf(full, sizeof(full), "%s/%s", dir, e->d_name);
		if (!listed(names, count, full, 1) ||
		    fstatat(dirfd(dp), e->d_name, &st, AT_SYMLINK_NOFOLLOW) !=
		        0 ||
		    !S_ISREG(st.st_mode))
			continue;
		(void)unlinkat(dirfd(dp), e->d_name, 0);
	}
	closedir(dp);
	(void)unlinkat(dfd, dir, AT_REMOVEDIR);
}

/* Remove what the manifest of dfd lists (and temporaries of those), then
 * the manifest. Only regular files, never following a link. */
static void
remove_listed(int dfd, const char *names, size_t count)
{
	int fd = dup(dfd);
	DIR *dp;
	struct dirent *e;

	if (fd < 0 || (dp = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return;
	}
	rewinddir(dp);
	while ((e = readdir(dp)) != NULL) {
		struct stat st;
		if (strcmp(e->d_name, ".") != 0 &&
		    strcmp(e->d_name, "..") != 0 &&
		    listed_dir(names, count, e->d_name) &&
		    fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISDIR(st.st_mode)) {
			remove_sub(dfd, e->d_name, names, count);
			continue;
		}
		if (!listed(names, count, e->d_name, 1) ||
		    fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		(void)unlinkat(dfd, e->d_name, 0);
	}
	closedir(dp);
	(void)unlinkat(dfd, OUTDIR_MANIFEST, 0);
}

/*
 * Remove the plan directory at path (relative to parent dfd pfd) when it
 * holds only what its manifest lists. lock: skip it when another process
 * holds it. Returns 1 removed, 0 left alone (why in *why), -1 not there.
 */
static int
remove_plan_dir(int pfd, const char *name, int lock, const char **why)
{
	char *names = NULL, bad[600];
	size_t count = 0;
	int dfd, have, rc = 0;

	*why = NULL;
	dfd =
	    openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return -1;
	if (lock && flock(dfd, LOCK_EX | LOCK_NB) != 0) {
		*why = "another m365route run is using it";
		close(dfd);
		return 0;
	}
	have = read_names(dfd, &names, &count);
	if (have < 0) {
		*why = "its manifest does not read as one m365route wrote";
	} else if (!all_ours(dfd, names, count, have, 1, bad, sizeof(bad))) {
		*why = "it holds files m365route did not write";
	} else {
		if (have)
			remove_listed(dfd, names, count);
		rc = unlinkat(pfd, name, AT_REMOVEDIR) == 0 ? 1 : 0;
		if (rc == 0)
			*why = strerror(errno);
	}
	free(names);
	close(dfd);
	return rc;
}

/* Split path into its directory (malloc'd; "." when none) and base name
 * (pointing into a malloc'd copy with trailing slashes removed). */
static int
split_path(const char *path, char **dir, char **base)
{
	char *copy = strdup(path), *slash;
	size_t n;

	*dir = *base = NULL;
	if (copy == NULL)
		return -1;
	n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	slash = strrchr(copy, '/');
	if (slash == NULL) {
		*dir = strdup(".");
		*base = copy;
	} else {
		*base = strdup(slash + 1);
		*dir = copy;
		if (slash == copy)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	if (*dir == NULL || *base == NULL) {
		free(*dir);
		free(*base);
		*dir = *base = NULL;
		return -1;
	}
	return 0;
}

/* Remove our own leftovers beside base in parent pfd: "base.tmp.XXXXXX"
 * and "base.old.XXXXXX" plan directories of earlier runs. */
static void
clean_leftovers(int pfd, const char *parent, const char *base)
{
	int fd = dup(pfd);
	DIR *dp;
	struct dirent *e;
	size_t bn = strlen(base);

	if (fd < 0 || (dp = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(dp)) != NULL) {
		size_t n = strlen(e->d_name);
		const char *why;
		char q[512];
		int r;

		if (!is_temp_of(e->d_name, n, base, bn, tmp_tag) &&
		    !is_temp_of(e->d_name, n, base, bn, old_tag))
			continue;
		r = remove_plan_dir(pfd, e->d_name, 1, &why);
		cli_safe_path(q, sizeof(q), parent, e->d_name);
		if (r == 1)
			cli_note("removed '%s', left by an earlier run that "
			         "did not finish",
			         q);
		else if (r == 0)
			cli_warn("left '%s' of an earlier run in place: %s", q,
			         why);
	}
	closedir(dp);
}

void
cli_safe_path(char *q, size_t cap, const char *dir, const char *name)
{
	char *joined;
	size_t n;

	if (dir == NULL || strcmp(dir, ".") == 0)
		dir = "";
	if (name == NULL)
		name = "";
	n = strlen(dir) + strlen(name) + 2;
	if ((joined = malloc(n)) == NULL) {
		cli_safe(q, cap, "(out of memory)");
		return;
	}
	snprintf(joined, n, "%s%s%s", dir, dir[0] && name[0] ? "/" : "", name);
	cli_safe(q, cap, joined);
	free(joined);
}

/* Create "base.tmp.XXXXXX" beside the target; its name in od->tmp. */
static int
make_temp_dir(struct outdir *od)
{
	char *full;
	size_t n = strlen(od->parent) + strlen(od->base) + 16;

	if (strlen(od->base) + 12 >= sizeof(od->tmp) ||
	    (full = malloc(n)) == NULL) {
		errno = ENAMETOOLONG;
		return -1;
	}
	snprintf(full, n, "%s/%s.tmp.XXXXXX", od->parent, od->base);
	if (mkdtemp(full) == NULL) {
		free(full);
		return -1;
	}
	snprintf(od->tmp, sizeof(od->tmp), "%s", strrchr(full, '/') + 1);
	free(full);
	return 0;
}

/* mkdir -p of dir itself (the directory that will hold the output). */
static int
make_dirs(const char *dir)
{
	char *buf = strdup(dir);
	size_t i, n;
	int rc = 0;

	if (buf == NULL)
		return -1;
	n = strlen(buf);
	for (i = 1; i <= n && rc == 0; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0777) != 0 && errno != EEXIST)
			rc = -1;
		if (i < n)
			buf[i] = '/';
	}
	free(buf);
	return rc;
}

int
outdir_begin(struct outdir *od, const char *path)
{
	char q[512], bad[600], *names = NULL;
	size_t count = 0;
	struct stat st;
	int dfd, have, fd;

	memset(od, 0, sizeof(*od));
	od->pfd = od->tfd = -1;
	cli_safe_path(q, sizeof(q), path, NULL);
	if (path[0] == '\0' || split_path(path, &od->parent, &od->base) != 0) {
		cli_error("'%s' is not a directory name", q);
		return -1;
	}
	if (od->base[0] == '\0' || strcmp(od->base, ".") == 0 ||
	    strcmp(od->base, "..") == 0 || strcmp(od->base, "/") == 0) {
		cli_error("'%s' cannot be replaced by a plan: name a directory "
		          "of its own",
		          q);
		goto fail;
	}
	if (make_dirs(od->parent) != 0 ||
	    (od->pfd = open(od->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) <
	        0) {
		char qp[512];
		cli_safe_path(qp, sizeof(qp), od->parent, NULL);
		cli_error("cannot create or open the directory '%s': %s", qp,
		          strerror(errno));
		goto fail;
	}
	/* 1. What is there now. */
	if (fstatat(od->pfd, od->base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISLNK(st.st_mode)) {
			cli_error("'%s' is a symbolic link: a plan replaces "
			          "only a directory an earlier plan wrote; "
			          "nothing was changed",
			          q);
			goto fail;
		}
		if (!S_ISDIR(st.st_mode)) {
			cli_error("'%s' exists and is not a directory; "
			          "nothing was changed",
			          q);
			goto fail;
		}
		dfd = openat(od->pfd, od->base,
		             O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (dfd < 0) {
			cli_error("cannot open '%s': %s", q, strerror(errno));
			goto fail;
		}
		have = read_names(dfd, &names, &count);
		if (have < 0 ||
		    !all_ours(dfd, names, count, have, 0, bad, sizeof(bad))) {
			char qb[512];
			cli_safe_path(qb, sizeof(qb), path, bad);
			if (have < 0)
				cli_error(
				    "'%s' exists and its %s is not one "
				    "m365route wrote; nothing was changed",
				    q, OUTDIR_MANIFEST);
			else if (!have)
				cli_error("'%s' exists and is not a plan "
				          "m365route wrote (it holds '%s'); "
				          "nothing was changed: choose another "
				          "directory or empty this one",
				          q, qb);
			else
				cli_error("'%s' holds '%s', which the plan "
				          "there did not write; nothing was "
				          "changed: move it away first",
				          q, qb);
			free(names);
			close(dfd);
			goto fail;
		}
		free(names);
		close(dfd);
		od->existed = 1;
	} else if (errno != ENOENT) {
		cli_error("cannot use '%s': %s", q, strerror(errno));
		goto fail;
	}
	/* 2. Leftovers of earlier runs. */
	clean_leftovers(od->pfd, od->parent, od->base);
	/* 3. The directory we build in, locked while we do. */
	if (make_temp_dir(od) != 0) {
		cli_error("cannot create a directory beside '%s': %s", q,
		          strerror(errno));
		goto fail;
	}
	od->tfd = openat(od->pfd, od->tmp,
	                 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (od->tfd < 0 || flock(od->tfd, LOCK_EX) != 0) {
		cli_error("cannot open the directory beside '%s': %s", q,
		          strerror(errno));
		goto fail;
	}
	fd = openat(od->tfd, OUTDIR_MANIFEST,
	            O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0 || (od->manifest = fdopen(fd, "w")) == NULL) {
		if (fd >= 0)
			close(fd);
		cli_error("cannot write in the directory beside '%s': %s", q,
		          strerror(errno));
		goto fail;
	}
	fputs(OUTDIR_MAGIC "\n", od->manifest);
	if (fflush(od->manifest) != 0) {
		cli_error("cannot write in the directory beside '%s': %s", q,
		          strerror(errno));
		goto fail;
	}
	return 0;
fail:
	outdir_abort(od);
	return -1;
}

int
outdir_file(struct outdir *od, const char *name, char *path, size_t cap)
{
	const char *slash = strchr(name, '/');

	if (!entry_name(name, strlen(name)) ||
	    strcmp(name, OUTDIR_MANIFEST) == 0) {
		cli_error("'%s' is not a file name a plan can hold", name);
		return -1;
	}
	/* A file in a subdirectory of the plan: the directory, in the new
	 * plan (ours alone while we build it). */
	if (slash != NULL) {
		char sub[256];
		size_t n = (size_t)(slash - name);
		memcpy(sub, name, n);
		sub[n] = '\0';
		if (mkdirat(od->tfd, sub, 0777) != 0 && errno != EEXIST) {
			cli_error("cannot create '%s' in the plan: %s", sub,
			          strerror(errno));
			return -1;
		}
	}
	/* Listed before it exists: the manifest is always a superset. */
	if (fprintf(od->manifest, "%s\n", name) < 0 ||
	    fflush(od->manifest) != 0) {
		cli_error("cannot write the plan's manifest: %s",
		          strerror(errno));
		return -1;
	}
	if ((size_t)snprintf(path, cap, "%s/%s/%s", od->parent, od->tmp,
	                     name) >= cap) {
		cli_error("the path of '%s' is too long", name);
		return -1;
	}
	return 0;
}

int
outdir_commit(struct outdir *od)
{
	char q[512];
	const char *why;
	mode_t um = umask(0);
	int rc, fallback = 0;

	umask(um);
	cli_safe_path(q, sizeof(q), od->parent, od->base);
	rc = fflush(od->manifest) != 0 || fsync(fileno(od->manifest)) != 0;
	if (fclose(od->manifest) != 0)
		rc = 1;
	od->manifest = NULL;
	if (rc != 0 || fchmod(od->tfd, 0777 & ~um) != 0 || fsync(od->tfd)) {
		cli_error("cannot complete the plan beside '%s': %s", q,
		          strerror(errno));
		outdir_abort(od);
		return -1;
	}
	/* 4. One step: at every instant base is the old plan or the new. */
	rc = renameat2(od->pfd, od->tmp, od->pfd, od->base,
	               od->existed ? RENAME_EXCHANGE : RENAME_NOREPLACE);
	if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
		/* No exchange here (some network file systems). */
		char old[300];
		int e = 0;
		fallback = 1;
		if (od->existed) {
			snprintf(old, sizeof(old), "%s.old.%s", od->base,
			         od->tmp + strlen(od->base) + 5);
			e = renameat(od->pfd, od->base, od->pfd, old);
		}
		rc =
		    e == 0 ? renameat(od->pfd, od->tmp, od->pfd, od->base) : -1;
		if (rc != 0 && e == 0 && od->existed)
			(void)renameat(od->pfd, old, od->pfd, od->base);
		if (rc == 0 && od->existed)
			snprintf(od->tmp, sizeof(od->tmp), "%s", old);
	}
	if (rc != 0) {
		cli_error("cannot put the plan in place at '%s': %s", q,
		          strerror(errno));
		outdir_abort(od);
		return -1;
	}
	if (fallback)
		cli_note(
		    "this file system cannot swap directories in one step: "
		    "'%s' was missing for a moment",
		    q);
	(void)fsync(od->pfd);
	close(od->tfd); /* the new plan's lock */
	od->tfd = -1;
	if (od->existed && remove_plan_dir(od->pfd, od->tmp, 0, &why) != 1) {
		char qo[512];
		cli_safe_path(qo, sizeof(qo), od->parent, od->tmp);
		cli_warn("the previous plan is left in '%s': %s", qo,
		         why ? why : "it could not be removed");
	}
	od->tmp[0] = '\0';
	outdir_abort(od);
	return 0;
}

void
outdir_abort(struct outdir *od)
{
	const char *why;

	if (od->manifest != NULL)
		fclose(od->manifest);
	od->manifest = NULL;
	if (od->pfd >= 0 && od->tmp[0] != '\0')
		(void)remove_plan_dir(od->pfd, od->tmp, 0, &why);
	od->tmp[0] = '\0';
	if (od->tfd >= 0)
		close(od->tfd);
	if (od->pfd >= 0)
		close(od->pfd);
	od->tfd = od->pfd = -1;
	free(od->parent);
	free(od->base);
	od->parent = od->base = NULL;
}
