/*
 * usage_partial.c - partial usage results as text, so logs can be scanned
 * on many machines (`m365route usage --emit-partial`) and combined
 * (`m365route usage merge`).
 *
 * Format (docs/usage.md): UTF-8 text, one record a line, fields separated
 * by tabs; text fields escape '\\', tab, CR, LF and other control bytes as
 * \xNN. The first line is "m365route-usage-partial<TAB>1". Records:
 *   bucket_s S | site NAME (every site, in order) |
 *   counts LINES BAD LOG_BYTES OUT_OF_ORDER REQUESTS BYTES ANY TMIN TMAX |
 *   input FORMAT GZIP TRUNCATED BYTES_IN LOG_BYTES LINES TRAILING WHY NAME
 *   (TRAILING absent in partials written before it existed: 0) |
 *   total SITE SA CLASS BYTES REQUESTS | series BUCKET SITE V0..V6 [OV] |
 *   hostshift TABLE SHIFT | host TABLE CLASS SA CATEGORY BYTES REQS NAME |
 *   bad LINE INPUT WHY TEXT | end
 * OV (absent: 0) is 1 + the design's override that decides the
 * ExpressRoute names counted on that line (struct sent).
 * Invariants: everything is an integer sum or a sampled host table, so
 * reading partials in any order gives the same figures (the malformed lines
 * kept are the first ones in the order the partials are read). Reading is
 * strict: a number that does not fit 64 bits, a time or bucket outside
 * logscan.h's time bounds is a damaged partial; sums saturate
 * (mri_sat_add()), so a crafted partial with huge counters cannot wrap
 * them.
 *
 * Several partials in one text (the reducer's input of a MapReduce job:
 * the lines of every mapper's partial, sorted, as `sort` or Hadoop
 * Streaming hand them over; or partials simply concatenated): recognised
 * when the text does not hold exactly one partial that starts it. Records
 * may then come in any order; every record is a sum or a sample whose
 * content does not depend on the order (a host table reshifted before or
 * after a name is added keeps the same names), except the malformed lines
 * kept, which come in the order read. The header line counts the partials
 * P; there must be P "end" records ("end" with an empty value, as Hadoop
 * Streaming writes a key without one, is accepted), every bucket_s must
 * be ours, and each of our sites must appear P times, no other.
 * Complexity: linear in the partial's size.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "usage_int.h"

#define MAGIC "m365route-usage-partial\t1\n"

static void
put_esc(struct mri_buf *b, const char *s, size_t n)
{
	size_t i;
	char x[5];

	mri_buf_put(b, "\t", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f || c == '\\') {
			snprintf(x, sizeof(x), "\\x%02x", c);
			mri_buf_put(b, x, 4);
		} else {
			mri_buf_put(b, (const char *)&s[i], 1);
		}
	}
}

static int
cmp_sent(const void *a, const void *b)
{
	const struct sent *x = *(const struct sent *const *)a;
	const struct sent *y = *(const struct sent *const *)b;

	if (x->bucket != y->bucket)
		return x->bucket < y->bucket ? -1 : 1;
	if (x->site != y->site)
		return (x->site > y->site) - (x->site < y->site);
	return (x->ov > y->ov) - (x->ov < y->ov);
}

/* qsort has no context argument; partials are written by one thread at a
 * time per table, so the pool being sorted is passed here. */
static _Thread_local const char *sort_pool;

static int
cmp_hent(const void *a, const void *b)
{
	const struct hent *x = *(const struct hent *const *)a;
	const struct hent *y = *(const struct hent *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(sort_pool + x->name, sort_pool + y->name, n);

	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

int
mr_usage_partial_write(const struct mr_usage *u, char **out, size_t *len)
{
	struct mri_buf b = MRI_BUF_INIT;
	const struct sent **sv;
	size_t i, s, sa, n;
	int c, t, k;

	*out = NULL;
	*len = 0;
	mri_buf_put(&b, MAGIC, strlen(MAGIC));
	mri_buf_printf(&b, "bucket_s\t%" PRIu32 "\n", u->o.bucket_s);
	for (s = 0; s < u->n_sites; s++) {
		const char *sn = mr_usage_site_name(u, s);
		mri_buf_put(&b, "site", 4);
		put_esc(&b, sn, strlen(sn));
		mri_buf_put(&b, "\n", 1);
	}
	mri_buf_printf(
	    &b,
	    "counts\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64
	    "\t%" PRIu64 "\t%" PRIu64 "\t%d\t%" PRId64 "\t%" PRId64 "\n",
	    u->lines, u->bad, u->log_bytes, u->out_of_order, u->a.requests,
	    u->a.bytes, u->a.any ? 1 : 0, u->a.t_min, u->a.t_max);
	for (i = 0; i < u->n_in; i++) {
		const struct mr_usage_input *in = &u->in[i];
		mri_buf_printf(&b,
		               "input\t%s\t%d\t%d\t%" PRIu64 "\t%" PRIu64
		               "\t%" PRIu64 "\t%" PRIu64,
		               mr_log_format_name(in->format), in->gzip,
		               in->truncated, in->bytes_in, in->log_bytes,
		               in->lines, in->trailing);
		put_esc(&b, in->why ? in->why : "",
		        in->why ? strlen(in->why) : 0);
		put_esc(&b, in->name, strlen(in->name));
		mri_buf_put(&b, "\n", 1);
	}
	for (s = 0; s < u->n_sites; s++)
		for (sa = 0; sa < MR_USAGE_SA_COUNT; sa++)
			for (c = 0; c < MR_UC__COUNT; c++) {
				const struct mr_usage_cell *x =
				    &u->a.tot[(s * MR_USAGE_SA_COUNT + sa) *
				                  MR_UC__COUNT +
				              (size_t)c];
				if (x->requests == 0 && x->bytes == 0)
					continue;
				mri_buf_printf(&b,
				               "total\t%zu\t%zu\t%d\t%" PRIu64
				               "\t%" PRIu64 "\n",
				               s, sa, c, x->bytes, x->requests);
			}
	/* sorted, so a partial's bytes do not depend on the threads */
	if ((sv = malloc((u->a.ser.n + 1) * sizeof(*sv))) == NULL) {
		free(b.p);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	for (i = 0, n = 0; i < u->a.ser.cap; i++)
		if (u->a.ser.t[i].used)
			sv[n++] = &u->a.ser.t[i];
	qsort(sv, n, sizeof(*sv), cmp_sent);
	for (i = 0; i < n; i++) {
		const struct sent *e = sv[i];
		mri_buf_printf(&b, "series\t%" PRId64 "\t%" PRIu32, e->bucket,
		               e->site);
		for (k = 0; k < NV; k++)
			mri_buf_printf(&b, "\t%" PRIu64, e->v[k]);
		if (e->ov != 0)
			mri_buf_printf(&b, "\t%" PRIu32, e->ov);
		mri_buf_put(&b, "\n", 1);
	}
	free(sv);
	for (t = 0; t < 2; t++) {
		const struct hosttab *h = &u->a.host[t];
		const struct hent **hv = malloc((h->n + 1) * sizeof(*hv));
		if (hv == NULL) {
			free(b.p);
			return mri_error_set(MR_ENOMEM, "out of memory");
		}
		mri_buf_printf(&b, "hostshift\t%d\t%u\n", t, h->shift);
		for (i = 0, n = 0; i < h->cap; i++)
			if (h->t[i].used)
				hv[n++] = &h->t[i];
		sort_pool = h->pool;
		qsort(hv, n, sizeof(*hv), cmp_hent);
		for (i = 0; i < n; i++) {
			const struct hent *e = hv[i];
			mri_buf_printf(
			    &b, "host\t%d\t%u\t%u\t%u\t%" PRIu64 "\t%" PRIu64,
			    t, e->cls, e->sa, e->cat, e->bytes, e->reqs);
			put_esc(&b, h->pool + e->name, e->len);
			mri_buf_put(&b, "\n", 1);
		}
		free(hv);
	}
	for (i = 0; i < u->n_bad; i++) {
		const struct mr_usage_bad *x = &u->badv[i];
		mri_buf_printf(&b, "bad\t%" PRIu64, x->line);
		put_esc(&b, x->input, strlen(x->input));
		put_esc(&b, x->why, strlen(x->why));
		put_esc(&b, x->text, strlen(x->text));
		mri_buf_put(&b, "\n", 1);
	}
	mri_buf_put(&b, "end\n", 4);
	if (b.oom) {
		free(b.p);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	*out = b.p;
	*len = b.n;
	return MR_OK;
}

/* ---- reading --------------------------------------------------------------- */

#define MAXF 16

/* Split a line into tab-separated fields (in place: unescaped, NUL'd). */
static int
split(char *p, size_t n, char **f, size_t *fl)
{
	int k = 0;
	size_t i, w;
	char *s = p;

	for (i = 0; i <= n; i++) {
		if (i < n && p[i] != '\t')
			continue;
		if (k == MAXF)
			return -1;
		/* unescape s..p+i */
		{
			char *q = s, *e = p + i;
			w = 0;
			while (q < e) {
				if (*q == '\\' && e - q >= 4 && q[1] == 'x') {
					unsigned v = 0;
					int j;
					for (j = 2; j < 4; j++) {
						char c = q[j];
						v <<= 4;
						if (c >= '0' && c <= '9')
							v |=
							    (unsigned)(c - '0');
						else if (c >= 'a' && c <= 'f')
							v |=
							    (unsigned)(c - 'a' +
							               10);
						else
							return -1;
					}
					s[w++] = (char)v;
					q += 4;
				} else {
					s[w++] = *q++;
				}
			}
		}
		f[k] = s;
		fl[k] = w;
		k++;
		s = p + i + 1;
	}
	for (i = 0; i < (size_t)k; i++)
		f[i][fl[i]] = '\0';
	return k;
}

/* Digits only, and within 64 bits (strtoull() would give UINT64_MAX). */
static bool
u64(const char *s, uint64_t *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return *end == '\0' && errno == 0;
}

static bool
i64(const char *s, int64_t *v)
{
	char *end;

	if (*s == '\0')
		return false;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return *end == '\0' && errno == 0;
}

/* A request time as a scan records it: in the bounds of logscan.h, or a
 * time of day (W3C without a date column). */
static bool
time_ok(int64_t t)
{
	return t >= 0 && t < MR_LOG_MAX_TIME_MS;
}

static const char *
intern_why(struct mr_usage *u, const char *s)
{
	return *s ? mri_arena_strndup(u->ar, s, strlen(s)) : NULL;
}

/* Whether text[0..len) holds a header line anywhere after its start. */
static bool
later_header(const char *text, size_t len)
{
	const char *q = text, *e = text + len;
	size_t ml = strlen(MAGIC);

	while ((q = memchr(q, '\n', (size_t)(e - q))) != NULL) {
		q++;
		if ((size_t)(e - q) >= ml && memcmp(q, MAGIC, ml) == 0)
			return true;
	}
	return false;
}

int
mr_usage_partial_read(struct mr_usage *u, const char *name, const char *text,
                      size_t len)
{
	char *copy, *p, *e, *f[MAXF];
	size_t fl[MAXF], nsite = 0, j;
	uint64_t lineno = 0, a, b2, c2, d, parts = 0, ends = 0;
	uint64_t *site_seen = NULL;
	int n, rc = MR_OK;
	bool ended = false, multi;
	int pass;

	multi = len < strlen(MAGIC) ||
	        memcmp(text, MAGIC, strlen(MAGIC)) != 0 ||
	        later_header(text, len);
	if (multi && !later_header(text, len))
		return mri_error_set(MR_EPARSE,
		                     "%s: not a m365route usage partial", name);
	if ((copy = malloc(len + 1)) == NULL)
		return mri_error_set(MR_ENOMEM, "out of memory");
	if (multi &&
	    (site_seen = calloc(u->n_sites + 1, sizeof(*site_seen))) == NULL) {
		free(copy);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
#define BAD(msg)                                                               \
	do {                                                                   \
		rc = mri_error_set(MR_EPARSE, "%s:%" PRIu64 ": %s", name,      \
		                   lineno + 1, msg);                           \
		goto done;                                                     \
	} while (0)
	/* Several partials: pass 0 checks the headers, ends, sites and
	 * buckets, so that nothing is added from partials of another design
	 * and the error says so; pass 1 adds the rest. One partial: pass 1. */
	for (pass = multi ? 0 : 1; pass < 2; pass++) {
		memcpy(copy, text, len);
		copy[len] = '\0';
		p = copy;
		e = copy + len;
		lineno = 0;
		while (p < e && !ended) {
			char *nl = memchr(p, '\n', (size_t)(e - p));
			bool head;
			if (nl == NULL)
				BAD("unterminated line");
			*nl = '\0';
			n = split(p, (size_t)(nl - p), f, fl);
			if (n < 1)
				BAD("bad fields");
			head = strcmp(f[0], "m365route-usage-partial") == 0 ||
			       strcmp(f[0], "end") == 0 ||
			       strcmp(f[0], "site") == 0 ||
			       strcmp(f[0], "bucket_s") == 0;
			if (multi && head != (pass == 0)) {
				p = nl + 1;
				lineno++;
				continue;
			}
			if (strcmp(f[0], "m365route-usage-partial") == 0 &&
			    n == 2 && strcmp(f[1], "1") == 0 &&
			    (multi || lineno == 0)) {
				parts++;
			} else if (multi && strcmp(f[0], "end") == 0 &&
			           (n == 1 || (n == 2 && fl[1] == 0))) {
				ends++;
			} else if (multi && strcmp(f[0], "site") == 0 &&
			           n == 2) {
				for (j = 0; j < u->n_sites; j++)
					if (strcmp(f[1], mr_usage_site_name(
					                     u, j)) == 0)
						break;
				if (j == u->n_sites) {
					rc = mri_error_set(
					    MR_EINVAL,
					    "%s: made with other sites (site "
					    "'%s'): "
					    "give the same design",
					    name, f[1]);
					goto done;
				}
				site_seen[j]++;
			} else if (strcmp(f[0], "bucket_s") == 0 && n == 2) {
				if (!u64(f[1], &a) || a != u->o.bucket_s) {
					rc = mri_error_set(
					    MR_EINVAL,
					    "%s: buckets of %s s, not %" PRIu32
					    " s: give the same --bucket",
					    name, f[1], u->o.bucket_s);
					goto done;
				}
			} else if (strcmp(f[0], "site") == 0 && n == 2) {
				if (nsite >= u->n_sites ||
				    strcmp(f[1],
				           mr_usage_site_name(u, nsite)) != 0) {
					rc = mri_error_set(
					    MR_EINVAL,
					    "%s: made with other sites (site "
					    "'%s'): "
					    "give the same design",
					    name, f[1]);
					goto done;
				}
				nsite++;
			} else if (strcmp(f[0], "counts") == 0 && n == 10) {
				uint64_t v[6];
				int64_t any, t0, t1;
				int k;
				for (k = 0; k < 6; k++)
					if (!u64(f[1 + k], &v[k]))
						BAD("bad counts");
				if (!i64(f[7], &any) || !i64(f[8], &t0) ||
				    !i64(f[9], &t1) || (any != 0 && any != 1) ||
				    (any &&
				     (!time_ok(t0) || !time_ok(t1) || t0 > t1)))
					BAD("bad counts");
				mri_sat_add(&u->lines, v[0]);
				mri_sat_add(&u->bad, v[1]);
				mri_sat_add(&u->log_bytes, v[2]);
				mri_sat_add(&u->out_of_order, v[3]);
				mri_sat_add(&u->a.requests, v[4]);
				mri_sat_add(&u->a.bytes, v[5]);
				if (any) {
					if (!u->a.any || t0 < u->a.t_min)
						u->a.t_min = t0;
					if (!u->a.any || t1 > u->a.t_max)
						u->a.t_max = t1;
					u->a.any = true;
				}
			} else if (strcmp(f[0], "input") == 0 &&
			           (n == 9 || n == 10)) {
				struct mr_usage_input *in =
				    mri_usage_add_input(u, f[n - 1]);
				if (in == NULL) {
					rc = mri_error_set(MR_ENOMEM,
					                   "out of memory");
					goto done;
				}
				in->format =
				    strcmp(f[1], "w3c") == 0     ? MR_LOG_W3C
				    : strcmp(f[1], "squid") == 0 ? MR_LOG_SQUID
				                                 : MR_LOG_AUTO;
				in->gzip = strcmp(f[2], "1") == 0;
				in->truncated = strcmp(f[3], "1") == 0;
				if (!u64(f[4], &in->bytes_in) ||
				    !u64(f[5], &in->log_bytes) ||
				    !u64(f[6], &in->lines) ||
				    (n == 10 && !u64(f[7], &in->trailing)))
					BAD("bad input record");
				in->why = intern_why(u, f[n - 2]);
			} else if (strcmp(f[0], "total") == 0 && n == 6) {
				struct mr_usage_cell *x;
				if (!u64(f[1], &a) || !u64(f[2], &b2) ||
				    !u64(f[3], &c2) || a >= u->n_sites ||
				    b2 >= MR_USAGE_SA_COUNT ||
				    c2 >= MR_UC__COUNT || !u64(f[4], &d))
					BAD("bad total");
				x = &u->a.tot[(a * MR_USAGE_SA_COUNT + b2) *
				                  MR_UC__COUNT +
				              c2];
				mri_sat_add(&x->bytes, d);
				if (!u64(f[5], &d))
					BAD("bad total");
				mri_sat_add(&x->requests, d);
			} else if (strcmp(f[0], "series") == 0 &&
			           (n == 3 + NV || n == 4 + NV)) {
				int64_t bk;
				uint64_t v[NV], ov = 0;
				int k;
				if (!i64(f[1], &bk) || bk < 0 ||
				    bk > MR_LOG_MAX_TIME_MS /
				             ((int64_t)u->o.bucket_s * 1000) ||
				    !u64(f[2], &a) || a >= u->n_sites)
					BAD("bad series");
				for (k = 0; k < NV; k++)
					if (!u64(f[3 + k], &v[k]))
						BAD("bad series");
				/* an override of the design given (same sites, so the
			 * same design, checked above) */
				if (n == 4 + NV && (!u64(f[3 + NV], &ov) ||
				                    ov == 0 || u->dsg == NULL ||
				                    ov > u->dsg->n_overrides))
					BAD("bad series");
				if (mri_usage_series_add(
				        &u->a.ser, bk, (uint32_t)a,
				        (uint32_t)ov, v) != MR_OK) {
					rc = mri_error_set(MR_ENOMEM,
					                   "out of memory");
					goto done;
				}
			} else if (strcmp(f[0], "hostshift") == 0 && n == 3) {
				if (!u64(f[1], &a) || a > 1 ||
				    !u64(f[2], &b2) || b2 > 63)
					BAD("bad hostshift");
				mri_usage_hosts_reshift(&u->a.host[a],
				                        (unsigned)b2);
			} else if (strcmp(f[0], "host") == 0 && n == 8) {
				struct hent h;
				uint64_t v[5];
				int k;
				memset(&h, 0, sizeof(h));
				for (k = 0; k < 6; k++)
					if (!u64(f[1 + k],
					         k == 0 ? &a : &v[k - 1]))
						BAD("bad host");
				if (a > 1 || v[0] >= MR_UC__COUNT ||
				    v[1] >= MR_USAGE_SA_COUNT ||
				    v[2] > MR_CAT_OPTIMIZE ||
				    fl[7] > MR_HOST_MAX + 1)
					BAD("bad host");
				h.cls = (uint8_t)v[0];
				h.sa = (uint8_t)v[1];
				h.cat = (uint8_t)v[2];
				h.bytes = v[3];
				h.reqs = v[4];
				h.len = (uint16_t)fl[7];
				h.hash = mri_usage_host_hash(f[7], fl[7]);
				if (mri_usage_host_add(&u->a.host[a], &h,
				                       f[7]) != MR_OK) {
					rc = mri_error_set(MR_ENOMEM,
					                   "out of memory");
					goto done;
				}
			} else if (strcmp(f[0], "bad") == 0 && n == 5) {
				const char *in;
				if (!u64(f[1], &a))
					BAD("bad 'bad' record");
				in = mri_arena_strndup(u->ar, f[2], fl[2]);
				if (in == NULL) {
					rc = mri_error_set(MR_ENOMEM,
					                   "out of memory");
					goto done;
				}
				mri_usage_add_bad(u, in, a, f[3], f[4]);
			} else if (strcmp(f[0], "end") == 0 && n == 1) {
				ended = true;
			} else {
				BAD("unknown record");
			}
			p = nl + 1;
			lineno++;
		}
		if (multi && pass == 0) {
			if (ends != parts) {
				rc = mri_error_set(
				    MR_EPARSE,
				    "%s: %" PRIu64 " partials but %" PRIu64
				    " 'end' records: a partial is truncated",
				    name, parts, ends);
				goto done;
			}
			for (j = 0; j < u->n_sites; j++)
				if (site_seen[j] != parts) {
					rc = mri_error_set(
					    MR_EINVAL,
					    "%s: made with other sites (site "
					    "'%s' in "
					    "%" PRIu64 " of %" PRIu64
					    " partials): give the same design",
					    name, mr_usage_site_name(u, j),
					    site_seen[j], parts);
					goto done;
				}
		}
	}
	if (multi)
		goto done;
	if (!ended)
		BAD("no 'end' record: the partial is truncated");
	if (nsite != u->n_sites) {
		rc = mri_error_set(MR_EINVAL,
		                   "%s: made with other sites: give the same "
		                   "design",
		                   name);
		goto done;
	}
#undef BAD
done:
	free(copy);
	free(site_seen);
	return rc;
}
