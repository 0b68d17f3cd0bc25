/*
 * usage_scan.c - reading proxy logs for usage sampling: files or standard
 * input, plain or gzip (zlib, streaming, concatenated members), cut into
 * chunks of whole lines that parsing threads consume.
 *
 * Layout: the calling thread reads. It fills a ring of slots, each a
 * CHUNK-byte buffer: the partial line left by the previous chunk, then
 * fresh bytes, cut after the last '\n' (the rest is carried over). Slots
 * are parsed by opts.threads workers (or inline with one thread), each
 * into its own accumulator, and retired by the reader in chunk order:
 * retiring numbers the chunk's lines (so malformed lines get absolute line
 * numbers and the first ones are the first in the file), counts
 * timestamps out of order across chunk boundaries and reports progress.
 * Invariants: chunk boundaries depend only on the bytes read, never on the
 * thread count; a worker reads only [0, len) of its slot; memory is
 * (2 * threads + 2) * CHUNK plus the accumulators, whatever the log size.
 * A line longer than CHUNK is one malformed line, skipped to its '\n'.
 * Complexity: one memchr pass per chunk for the cut, one for the lines.
 *
 * gzip: RFC 1952 through zlib's inflate (windowBits 15 + 32); members
 * follow each other (`cat a.gz b.gz`: a member's end is followed by the
 * magic 1f 8b, which may straddle two reads); a stream that ends before its
 * trailer, or corrupt data, keeps every whole line read before it and is
 * recorded on the input (truncated, why). Bytes after the last member that
 * are not gzip (text appended to a rotated file: `gzip -t` calls them
 * trailing garbage) are not read as log: they are counted (input
 * trailing, why) and the CLI warns, exit 1. Reading them as text was the
 * other choice; `gzip -d` skips them too (with a warning), and they may
 * well be binary.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "error.h"
#include "logscan_int.h"
#include "usage_int.h"

#define ZIN (1u << 18)

size_t mr_usage_chunk = 1u << 20;
size_t mr_usage_first_read;

/* ---- sources -------------------------------------------------------------- */

struct src {
	int fd;          /* -1 for memory */
	const char *mem; /* memory input */
	size_t mem_len, mem_off;
	bool gz;
	z_stream z;
	bool z_init, in_eof, z_end;
	bool detect; /* mr_usage_detect_file(): trailing bytes not counted */
	unsigned char *zin;
	/* peeked bytes, given back before anything else is read */
	char *peek;
	size_t peek_len, peek_off;
	struct mr_usage_input *in;
	int err; /* errno of a failed read */
};

/* Raw bytes from the file or memory. */
static ssize_t
raw_read(struct src *s, void *dst, size_t cap)
{
	ssize_t n;

	if (s->fd < 0) {
		size_t k = s->mem_len - s->mem_off;
		if (k > cap)
			k = cap;
		if (s->mem_off < mr_usage_first_read &&
		    k > mr_usage_first_read - s->mem_off)
			k = mr_usage_first_read - s->mem_off;
		memcpy(dst, s->mem + s->mem_off, k);
		s->mem_off += k;
		n = (ssize_t)k;
	} else {
		do
			n = read(s->fd, dst, cap);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			s->err = errno;
			return -1;
		}
	}
	if (s->in != NULL)
		mri_sat_add(&s->in->bytes_in, (uint64_t)n);
	return n;
}

/* At least need compressed bytes in z (fewer at the end of the input):
 * what is left moves to the front of zin and more is read after it. */
static int
zfill(struct src *s, uInt need)
{
	while (s->z.avail_in < need && !s->in_eof) {
		ssize_t n;
		if (s->z.avail_in > 0 && s->z.next_in != s->zin)
			memmove(s->zin, s->z.next_in, s->z.avail_in);
		s->z.next_in = s->zin;
		n = raw_read(s, s->zin + s->z.avail_in, ZIN - s->z.avail_in);
		if (n < 0)
			return -1;
		if (n == 0)
			s->in_eof = true;
		s->z.avail_in += (uInt)n;
	}
	return 0;
}

/* After the last member: count what is left, to the end of the input. */
static int
count_trailing(struct src *s)
{
	uint64_t t = s->z.avail_in;
	ssize_t n;

	s->z.avail_in = 0;
	while (!s->in_eof && !s->detect) {
		if ((n = raw_read(s, s->zin, ZIN)) < 0)
			return -1;
		if (n == 0)
			s->in_eof = true;
		mri_sat_add(&t, (uint64_t)n);
	}
	if (t > 0 && s->in != NULL) {
		s->in->trailing = t;
		s->in->why = "bytes after the end of the gzip data, not gzip: "
		             "not read (appended to a compressed file?)";
	}
	return 0;
}

static ssize_t
gz_read(struct src *s, char *dst, size_t cap)
{
	int zr;

	s->z.next_out = (unsigned char *)dst;
	s->z.avail_out = (uInt)cap;
	while (s->z.avail_out > 0 && !s->z_end) {
		if (zfill(s, 1) != 0)
			return -1;
		zr = inflate(&s->z, Z_NO_FLUSH);
		if (zr == Z_STREAM_END) {
			/* another member? (gzip files may be concatenated) */
			if (zfill(s, 2) != 0)
				return -1;
			if (s->z.avail_in >= 2 && s->z.next_in[0] == 0x1f &&
			    s->z.next_in[1] == 0x8b) {
				inflateReset(&s->z);
				continue;
			}
			s->z_end = true;
			if (count_trailing(s) != 0)
				return -1;
			break;
		}
		if (zr == Z_BUF_ERROR && s->z.avail_in == 0 && s->in_eof) {
			s->in->truncated = true;
			s->in->why = "gzip stream ends early (truncated)";
			s->z_end = true;
			break;
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			s->in->truncated = true;
			s->in->why = zr == Z_DATA_ERROR
			                 ? "gzip data is corrupt"
			                 : "gzip stream cannot be read";
			s->z_end = true;
			break;
		}
	}
	return (ssize_t)(cap - s->z.avail_out);
}

static ssize_t
src_read(struct src *s, char *dst, size_t cap)
{
	if (s->peek_off < s->peek_len) {
		size_t k = s->peek_len - s->peek_off;
		if (k > cap)
			k = cap;
		memcpy(dst, s->peek + s->peek_off, k);
		s->peek_off += k;
		return (ssize_t)k;
	}
	if (s->gz)
		return gz_read(s, dst, cap);
	return raw_read(s, dst, cap);
}

/* Look at the first bytes: gzip or not. */
static int
src_open(struct src *s, struct mr_usage_input *in)
{
	unsigned char m[2];
	ssize_t n = 0, k;

	s->in = in;
	while (n < 2) {
		k = raw_read(s, m + n, (size_t)(2 - n));
		if (k < 0)
			return MR_EIO;
		if (k == 0)
			break;
		n += k;
	}
	s->gz = n == 2 && m[0] == 0x1f && m[1] == 0x8b;
	if (s->gz) {
		if ((s->zin = malloc(ZIN)) == NULL)
			return MR_ENOMEM;
		memset(&s->z, 0, sizeof(s->z));
		if (inflateInit2(&s->z, 15 + 32) != Z_OK)
			return MR_ENOMEM;
		s->z_init = true;
		memcpy(s->zin, m, 2);
		s->z.next_in = s->zin;
		s->z.avail_in = 2;
	} else {
		if ((s->peek = malloc(2)) == NULL)
			return MR_ENOMEM;
		memcpy(s->peek, m, (size_t)n);
		s->peek_len = (size_t)n;
	}
	if (in != NULL)
		in->gzip = s->gz;
	return MR_OK;
}

static void
src_close(struct src *s)
{
	if (s->z_init)
		inflateEnd(&s->z);
	free(s->zin);
	free(s->peek);
	if (s->fd > 0)
		close(s->fd);
}

static const char *
last_nl(const char *p, size_t n)
{
	while (n > 0)
		if (p[--n] == '\n')
			return p + n;
	return NULL;
}

/* ---- the pipeline ---------------------------------------------------------- */

enum { S_FREE = 0, S_READY, S_BUSY, S_DONE };

struct slot {
	char *buf;
	size_t len;
	uint64_t seq;
	int state;
	bool toolong, cut_last;
	struct mr_w3c_layout lay;
	bool have_lay;
	struct chunk_res res;
	struct badrec *bad;
};

struct scan {
	struct mr_usage *u;
	struct mr_usage_input *in;
	enum mr_log_format fmt;
	const struct mri_scanops *ops; /* NULL: scalar */
	struct slot *slots;
	size_t nslots;
	unsigned nth;
	pthread_t *th;
	/* one per worker, each on cache lines of its own: the counters
	 * are written on every request (false sharing halved the gain of
	 * a second thread) */
	struct acc_pad {
		struct acc a;
		char pad[128];
	} * accs;
	pthread_mutex_t mu;
	pthread_cond_t cv_work, cv_done;
	bool stop;
	uint64_t seq;       /* next chunk to fill */
	uint64_t line_base; /* lines of the chunks retired */
	int64_t last_t;
	uint64_t since_progress;
	int rc;
};

static void
work(struct scan *sc, struct slot *sl, struct acc *a)
{
	size_t len = sl->len;
	struct chunk_res *r = &sl->res;

	r->bad = sl->bad;
	r->max = sc->u->o.max_bad;
	if (sl->toolong) {
		r->lines = 1;
		r->nbad = 1;
		r->ooo = 0;
		r->first_t = r->last_t = INT64_MIN;
		r->n_bad = 0;
		if (r->max > 0) {
			struct badrec *b = &sl->bad[r->n_bad++];
			size_t n = sl->len > BAD_TEXT ? BAD_TEXT : sl->len;
			b->line = 0;
			b->why = "line longer than 1 MiB";
			memcpy(b->text, sl->buf, n);
			b->text[n] = '\0';
		}
		return;
	}
	if (sl->cut_last) {
		const char *nl = len > 0 ? last_nl(sl->buf, len) : NULL;
		len = nl != NULL ? (size_t)(nl - sl->buf) + 1 : 0;
	}
	mri_usage_parse_chunk(sc->u, a, sc->ops, sc->fmt, &sl->lay,
	                      &sl->have_lay, sl->buf, len, r);
	if (sl->cut_last && len < sl->len) {
		r->lines++;
		r->nbad++;
		if (r->n_bad < r->max) {
			struct badrec *b = &sl->bad[r->n_bad++];
			size_t n = sl->len - len;
			if (n > BAD_TEXT)
				n = BAD_TEXT;
			b->line = r->lines - 1;
			b->why = "line cut off where the gzip stream ends";
			memcpy(b->text, sl->buf + len, n);
			b->text[n] = '\0';
		}
	}
}

static void *
worker(void *arg)
{
	struct scan *sc = ((void **)arg)[0];
	struct acc *a = ((void **)arg)[1];
	size_t i;

	pthread_mutex_lock(&sc->mu);
	for (;;) {
		struct slot *best = NULL;
		for (i = 0; i < sc->nslots; i++)
			if (sc->slots[i].state == S_READY &&
			    (best == NULL || sc->slots[i].seq < best->seq))
				best = &sc->slots[i];
		if (best == NULL) {
			if (sc->stop)
				break;
			pthread_cond_wait(&sc->cv_work, &sc->mu);
			continue;
		}
		best->state = S_BUSY;
		pthread_mutex_unlock(&sc->mu);
		work(sc, best, a);
		pthread_mutex_lock(&sc->mu);
		best->state = S_DONE;
		pthread_cond_broadcast(&sc->cv_done);
	}
	pthread_mutex_unlock(&sc->mu);
	return NULL;
}

/* In chunk order: line numbers, malformed lines, order, progress. */
static void
retire(struct scan *sc, struct slot *sl)
{
	struct mr_usage *u = sc->u;
	struct chunk_res *r = &sl->res;
	size_t i;

	for (i = 0; i < r->n_bad; i++)
		mri_usage_add_bad(u, sc->in->name,
		                  sc->line_base + sl->bad[i].line + 1,
		                  sl->bad[i].why, sl->bad[i].text);
	sc->line_base += r->lines;
	mri_sat_add(&sc->in->lines, r->lines);
	mri_sat_add(&u->lines, r->lines);
	mri_sat_add(&u->bad, r->nbad);
	mri_sat_add(&u->out_of_order, r->ooo);
	if (r->first_t != INT64_MIN) {
		if (sc->last_t != INT64_MIN && r->first_t < sc->last_t)
			mri_sat_add(&u->out_of_order, 1);
		sc->last_t = r->last_t;
	}
	if (sc->nth > 0) {
		/* workers scan the states under the lock */
		pthread_mutex_lock(&sc->mu);
		sl->state = S_FREE;
		pthread_mutex_unlock(&sc->mu);
	} else {
		sl->state = S_FREE;
	}
	sc->since_progress += sl->len;
	if (u->o.progress != NULL && sc->since_progress >= (4u << 20)) {
		struct mr_usage_progress p;
		p.bytes_in = sc->in->bytes_in;
		p.bytes_data = sc->in->log_bytes;
		p.lines = u->lines;
		p.input = sc->in->name;
		sc->since_progress = 0;
		u->o.progress(u->o.progress_arg, &p);
	}
}

/* The slot for the next chunk, retiring what it held. */
/* Wait until worker-owned slot sl is free or done; retire it when done. */
static void
settle(struct scan *sc, struct slot *sl)
{
	pthread_mutex_lock(&sc->mu);
	while (sl->state != S_FREE && sl->state != S_DONE)
		pthread_cond_wait(&sc->cv_done, &sc->mu);
	pthread_mutex_unlock(&sc->mu);
	if (sl->state == S_DONE)
		retire(sc, sl);
}

static struct slot *
acquire(struct scan *sc)
{
	struct slot *sl = &sc->slots[sc->seq % sc->nslots];

	if (sc->nth != 0)
		settle(sc, sl);
	return sl;
}

static void
publish(struct scan *sc, struct slot *sl)
{
	sl->seq = sc->seq++;
	if (sc->nth == 0) {
		work(sc, sl, &sc->u->a);
		retire(sc, sl);
		return;
	}
	pthread_mutex_lock(&sc->mu);
	sl->state = S_READY;
	pthread_cond_signal(&sc->cv_work);
	pthread_mutex_unlock(&sc->mu);
}

/* Retire everything still in flight, in order. */
static void
drain(struct scan *sc)
{
	size_t k;

	for (k = 0; k < sc->nslots; k++) {
		struct slot *sl = &sc->slots[(sc->seq + k) % sc->nslots];
		if (sc->nth == 0)
			break;
		settle(sc, sl);
	}
}

/* Track "#Fields:" lines so the next chunk starts with the right layout. */
static void
track_fields(struct mr_w3c_layout *lay, bool *have, const char *p, size_t len)
{
	const char *e = p + len, *q = p, *nl, *why;
	struct mr_w3c_layout l;

	while (q < e && (q = memchr(q, '#', (size_t)(e - q))) != NULL) {
		if (q == p || q[-1] == '\n') {
			nl = memchr(q, '\n', (size_t)(e - q));
			if (nl == NULL)
				nl = e;
			if (mr_w3c_fields(&l, q, (size_t)(nl - q), &why) ==
			    MR_OK) {
				*lay = l;
				*have = true;
			}
			q = nl;
		} else {
			q++;
		}
	}
}

static int
scan_src(struct mr_usage *u, struct src *s, struct mr_usage_input *in)
{
	struct scan sc;
	char *carry = NULL;
	size_t carry_len = 0, i;
	bool eof = false, skipping = false, first = true;
	struct mr_w3c_layout lay;
	bool have_lay = false;
	void **args = NULL;
	int rc = MR_OK;
	unsigned t;

	memset(&sc, 0, sizeof(sc));
	memset(&lay, 0, sizeof(lay));
	sc.u = u;
	sc.in = in;
	sc.last_t = INT64_MIN;
	sc.nth = u->o.threads > 1 ? u->o.threads : 0;
	sc.nslots = sc.nth ? 2 * (size_t)sc.nth + 2 : 1;
	sc.fmt = u->o.format;
	sc.ops = mri_scanops();
	if (sc.ops->kind == MR_LOG_SCAN_SCALAR)
		sc.ops = NULL;
	pthread_mutex_init(&sc.mu, NULL);
	pthread_cond_init(&sc.cv_work, NULL);
	pthread_cond_init(&sc.cv_done, NULL);
	sc.slots = calloc(sc.nslots, sizeof(*sc.slots));
	carry = malloc(CHUNK);
	if (sc.slots == NULL || carry == NULL) {
		rc = MR_ENOMEM;
		goto out;
	}
	for (i = 0; i < sc.nslots; i++) {
		/* zeroed slack after the chunk for the SIMD scanner's
		 * whole-window loads (logscan_int.h) */
		sc.slots[i].buf = calloc(1, CHUNK + MRI_SCAN_PAD);
		sc.slots[i].bad =
		    calloc(u->o.max_bad + 1, sizeof(struct badrec));
		if (sc.slots[i].buf == NULL || sc.slots[i].bad == NULL) {
			rc = MR_ENOMEM;
			goto out;
		}
	}
	while (!eof) {
		struct slot *sl = acquire(&sc);
		size_t len = carry_len;
		const char *nl;
		memcpy(sl->buf, carry, carry_len);
		carry_len = 0;
		while (len < CHUNK) {
			ssize_t n = src_read(s, sl->buf + len, CHUNK - len);
			if (n < 0) {
				rc = mri_error_set(MR_EIO,
				                   "cannot read '%s': %s",
				                   in->name, strerror(s->err));
				goto stop;
			}
			if (n == 0) {
				eof = true;
				break;
			}
			mri_sat_add(&in->log_bytes, (uint64_t)n);
			mri_sat_add(&u->log_bytes, (uint64_t)n);
			if (skipping) {
				const char *q =
				    memchr(sl->buf + len, '\n', (size_t)n);
				if (q == NULL)
					continue;
				skipping = false;
				n -= q + 1 - (sl->buf + len);
				memmove(sl->buf + len, q + 1, (size_t)n);
			}
			len += (size_t)n;
		}
		if (len == 0)
			break;
		if (first) {
			enum mr_log_format f = sc.fmt;
			first = false;
			if (f == MR_LOG_AUTO) {
				f = mr_log_detect(sl->buf, len);
				if (f == MR_LOG_AUTO)
					f = MR_LOG_SQUID;
				if (u->fmt_seen != MR_LOG_AUTO &&
				    f != u->fmt_seen) {
					rc = mri_error_set(
					    MR_EINVAL,
					    "'%s' is a %s log but the inputs "
					    "before it are %s: mixed formats "
					    "are refused unless --format says "
					    "which",
					    in->name, mr_log_format_name(f),
					    mr_log_format_name(u->fmt_seen));
					goto stop;
				}
			}
			if (u->fmt_seen == MR_LOG_AUTO)
				u->fmt_seen = f;
			sc.fmt = f;
			in->format = f;
		}
		sl->toolong = sl->cut_last = false;
		nl = last_nl(sl->buf, len);
		if (nl != NULL) {
			size_t keep = (size_t)(nl - sl->buf) + 1;
			carry_len = len - keep;
			memcpy(carry, sl->buf + keep, carry_len);
			len = keep;
		} else if (!eof) {
			sl->toolong = true;
			skipping = true;
		}
		if (eof && carry_len > 0) {
			/* the last line has no '\n': keep it in this chunk */
			memcpy(sl->buf + len, carry, carry_len);
			len += carry_len;
			carry_len = 0;
		}
		if (eof && in->truncated && len > 0 && sl->buf[len - 1] != '\n')
			sl->cut_last = true;
		sl->len = len;
		sl->lay = lay;
		sl->have_lay = have_lay;
		if (sc.fmt == MR_LOG_W3C && !sl->toolong)
			track_fields(&lay, &have_lay, sl->buf, len);
		if (sc.nth > 0 && sc.th == NULL) {
			/* first chunk: start the workers */
			sc.th = calloc(sc.nth, sizeof(*sc.th));
			sc.accs = calloc(sc.nth, sizeof(*sc.accs));
			args = calloc(2 * (size_t)sc.nth, sizeof(*args));
			if (sc.th == NULL || sc.accs == NULL || args == NULL) {
				rc = MR_ENOMEM;
				goto stop;
			}
			for (t = 0; t < sc.nth; t++) {
				if (mri_usage_acc_init(&sc.accs[t].a,
				                       u->n_sites) != MR_OK) {
					rc = MR_ENOMEM;
					goto stop;
				}
				args[2 * t] = &sc;
				args[2 * t + 1] = &sc.accs[t].a;
				if (pthread_create(&sc.th[t], NULL, worker,
				                   &args[2 * t]) != 0) {
					rc = mri_error_set(
					    MR_ENOMEM, "cannot start a thread");
					sc.nth = t;
					goto stop;
				}
			}
		}
		publish(&sc, sl);
	}
stop:
	if (sc.th != NULL) {
		drain(&sc);
		pthread_mutex_lock(&sc.mu);
		sc.stop = true;
		pthread_cond_broadcast(&sc.cv_work);
		pthread_mutex_unlock(&sc.mu);
		for (t = 0; t < sc.nth; t++)
			pthread_join(sc.th[t], NULL);
		for (t = 0; t < sc.nth; t++)
			if (mri_usage_acc_merge(u, &sc.accs[t].a) != MR_OK)
				rc = MR_ENOMEM;
	}
	/* one thread parses into u->a: its host cache's counts go to the
	 * tables before anything reads them */
	mri_usage_fc_flush(&u->a);
out:
	if (sc.accs != NULL)
		for (t = 0; t < (sc.th ? u->o.threads : 0); t++)
			mri_usage_acc_free(&sc.accs[t].a);
	free(sc.accs);
	free(sc.th);
	free(args);
	for (i = 0; sc.slots != NULL && i < sc.nslots; i++) {
		free(sc.slots[i].buf);
		free(sc.slots[i].bad);
	}
	free(sc.slots);
	free(carry);
	pthread_mutex_destroy(&sc.mu);
	pthread_cond_destroy(&sc.cv_work);
	pthread_cond_destroy(&sc.cv_done);
	if (rc == MR_ENOMEM)
		mri_error_set(MR_ENOMEM, "out of memory");
	return rc;
}

int
mr_usage_scan_file(struct mr_usage *u, const char *path)
{
	struct src s;
	struct mr_usage_input *in;
	bool std = strcmp(path, "-") == 0;
	int rc;

	memset(&s, 0, sizeof(s));
	s.fd = std ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (s.fd < 0)
		return mri_error_set(MR_EIO, "cannot open '%s': %s", path,
		                     strerror(errno));
	if ((in = mri_usage_add_input(u, std ? "<stdin>" : path)) == NULL) {
		src_close(&s);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
#ifdef POSIX_FADV_SEQUENTIAL
	if (!std)
		(void)posix_fadvise(s.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	if ((rc = src_open(&s, in)) != MR_OK) {
		if (rc == MR_EIO)
			rc = mri_error_set(MR_EIO, "cannot read '%s': %s", path,
			                   strerror(s.err));
		src_close(&s);
		return rc;
	}
	rc = scan_src(u, &s, in);
	src_close(&s);
	return rc;
}

int
mr_usage_scan_buffer(struct mr_usage *u, const char *name, const void *data,
                     size_t len)
{
	struct src s;
	struct mr_usage_input *in;
	int rc;

	memset(&s, 0, sizeof(s));
	s.fd = -1;
	s.mem = data;
	s.mem_len = len;
	if ((in = mri_usage_add_input(u, name)) == NULL)
		return mri_error_set(MR_ENOMEM, "out of memory");
	if ((rc = src_open(&s, in)) == MR_OK)
		rc = scan_src(u, &s, in);
	src_close(&s);
	return rc;
}

int
mr_usage_detect_file(enum mr_log_format *out, const char *path)
{
	struct src s;
	struct mr_usage_input in;
	char *buf;
	size_t len = 0, cap = 1u << 16;
	ssize_t n;
	int rc;

	*out = MR_LOG_AUTO;
	memset(&s, 0, sizeof(s));
	memset(&in, 0, sizeof(in));
	in.name = path;
	s.detect = true;
	if ((s.fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return mri_error_set(MR_EIO, "cannot open '%s': %s", path,
		                     strerror(errno));
	if ((buf = malloc(cap)) == NULL) {
		close(s.fd);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	rc = src_open(&s, &in);
	while (rc == MR_OK && len < cap &&
	       (n = src_read(&s, buf + len, cap - len)) > 0)
		len += (size_t)n;
	if (rc == MR_OK)
		*out = mr_log_detect(buf, len);
	else
		rc = mri_error_set(MR_EIO, "cannot read '%s'", path);
	free(buf);
	src_close(&s);
	return rc;
}
