/*
 * diag.c - diagnostic records and the sources they point into.
 *
 * Records live in a growable array, in the order they were reported (each
 * remembers its code's table index and its report sequence number, the
 * keys of mr_diags_sort()); their strings in the collection's arena.
 * The caps are counted per load (struct load, reset by mri_diag_begin()):
 * an error past max_errors, or a warning or note past max_others or after
 * the load stopped, is dropped, and so are the notes and hints attached to
 * it (last_kept). Each source keeps a copy of its text and a line map
 * (offsets of line starts), built on first use; mr_diags_locate() is a
 * binary search over it (jq's locfile). Lines and columns are 1-based,
 * columns count bytes. Complexity: O(1) per record; mr_diags_sort() is
 * O(n log n) (qsort, made stable by the sequence number).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "buf.h"
#include "diag_int.h"
#include "error.h"

#define DEFAULT_MAX_ERRORS 50
#define DEFAULT_MAX_OTHERS 200 /* warnings and notes */

struct source {
	char *name;
	char *text;
	size_t len;
	uint32_t *lines; /* start offset of each line */
	size_t n_lines;
	bool unreadable;
};

struct rec {
	struct mr_diag pub; /* first: mr_diags_get() hands out &pub */
	enum mr_dcode code;
	size_t seq; /* report order */
};

/* The load in progress: what the caps count. */
struct load {
	size_t first; /* index of its first record */
	size_t errors, others;
	bool capped, stop, oom;
};

struct mr_diags {
	struct mr_arena *arena;
	struct rec *v;
	size_t n, cap, seq;
	size_t errors;
	size_t max_errors, max_others; /* 0: no cap */
	struct load load;
	bool last_kept;       /* may notes and hints attach to v[n - 1]? */
	const char *stopnote; /* the cap's note, while v[n - 1] holds it */
	bool oom;
	struct source *src;
	size_t n_src, cap_src;
};

static const struct {
	const char *code, *slug, *summary, *rationale, *source;
	enum mr_severity sev;
} codes[] = {
#define MR_DIAG(sym, code, sev, slug, summary)                                 \
	{code, slug, summary, NULL, NULL, sev},
#include "diag_codes.def"
#undef MR_DIAG
#define MR_RULE(sym, code, sev, slug, summary, rationale, source)              \
	{code, slug, summary, rationale, source, sev},
#include "rules.def"
#undef MR_RULE
};

int
mr_diags_new(struct mr_diags **out)
{
	struct mr_diags *d = calloc(1, sizeof(*d));

	*out = NULL;
	if (d == NULL)
		return MR_ENOMEM;
	if (mri_arena_create(&d->arena) != 0) {
		free(d);
		return MR_ENOMEM;
	}
	d->max_errors = DEFAULT_MAX_ERRORS;
	d->max_others = DEFAULT_MAX_OTHERS;
	d->load.capped = true;
	*out = d;
	return MR_OK;
}

void
mr_diags_free(struct mr_diags *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n_src; i++) {
		free(d->src[i].name);
		free(d->src[i].text);
		free(d->src[i].lines);
	}
	free(d->src);
	free(d->v);
	mri_arena_destroy(d->arena);
	free(d);
}

size_t
mr_diags_count(const struct mr_diags *d)
{
	return d->n;
}

const struct mr_diag *
mr_diags_get(const struct mr_diags *d, size_t i)
{
	return i < d->n ? &d->v[i].pub : NULL;
}

size_t
mr_diags_errors(const struct mr_diags *d)
{
	return d->errors;
}

static char *vformat(struct mr_arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static char *
vformat(struct mr_arena *a, const char *fmt, va_list ap)
{
	char buf[1024];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n < 0)
		return NULL;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	return mri_arena_strndup(a, buf, (size_t)n);
}

int
mr_diags_set_limits(struct mr_diags *d, size_t max_errors, size_t max_others)
{
	if (d == NULL)
		return mri_error_set(MR_EINVAL, "mr_diags_set_limits: NULL");
	d->max_errors = max_errors;
	d->max_others = max_others;
	return MR_OK;
}

bool
mr_diags_oom(const struct mr_diags *d)
{
	return d->oom;
}

void
mri_diag_begin(struct mr_diags *d, bool capped)
{
	memset(&d->load, 0, sizeof(d->load));
	d->load.first = d->n;
	d->load.capped = capped;
	d->last_kept = false; /* notes attach to this load's records only */
}

void
mri_diag_stop(struct mr_diags *d)
{
	d->load.stop = true;
}

bool
mri_diag_stopped(const struct mr_diags *d)
{
	return d->load.stop;
}

size_t
mri_diag_load_errors(const struct mr_diags *d)
{
	return d->load.errors;
}

bool
mri_diag_load_oom(const struct mr_diags *d)
{
	return d->load.oom;
}

static int
out_of_memory(struct mr_diags *d)
{
	d->oom = d->load.oom = d->load.stop = true;
	d->last_kept = false;
	return MRI_DIAG_OOM | MRI_DIAG_STOP;
}

/* Does the current load's cap drop a record of severity sev? Counts it. */
static bool
capped(struct mr_diags *d, enum mr_severity sev)
{
	struct load *l = &d->load;

	if (sev == MR_SEV_ERROR) {
		if (l->capped && d->max_errors > 0 &&
		    l->errors >= d->max_errors) {
			l->stop = true;
			return true;
		}
		l->errors++;
		return false;
	}
	if (l->stop)
		return true;
	return l->capped && d->max_others > 0 && ++l->others > d->max_others;
}

int
mri_diag_vadd(struct mr_diags *d, enum mr_dcode code, struct mr_span at,
              const char *fmt, va_list ap)
{
	enum mr_severity sev = codes[code].sev;
	struct rec *r;

	d->last_kept = false;
	if (capped(d, sev))
		return d->load.stop ? MRI_DIAG_STOP : 0;
	if (d->n == d->cap) {
		r = mri_vec_grow(d->v, &d->cap, d->n + 1, sizeof(*r), 16);
		if (r == NULL)
			return out_of_memory(d);
		d->v = r;
	}
	r = &d->v[d->n];
	memset(r, 0, sizeof(*r));
	r->pub.sev = sev;
	r->pub.code = codes[code].code;
	r->pub.slug = codes[code].slug;
	r->pub.at = at;
	r->code = code;
	r->seq = d->seq;
	r->pub.msg = vformat(d->arena, fmt, ap);
	if (r->pub.msg == NULL)
		return out_of_memory(d);
	d->n++;
	d->seq++;
	d->last_kept = true;
	d->stopnote = NULL;
	if (sev != MR_SEV_ERROR)
		return MRI_DIAG_KEPT | (d->load.stop ? MRI_DIAG_STOP : 0);
	d->errors++;
	if (d->load.capped && d->load.errors == d->max_errors) {
		mri_diag_note(d, "too many errors: stopped after %zu",
		              d->max_errors);
		d->stopnote = r->pub.note;
		d->load.stop = true;
	}
	return MRI_DIAG_KEPT | (d->load.stop ? MRI_DIAG_STOP : 0);
}

int
mri_diag_add(struct mr_diags *d, enum mr_dcode code, struct mr_span at,
             const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = mri_diag_vadd(d, code, at, fmt, ap);
	va_end(ap);
	return rc;
}

static int attach(struct mr_diags *d, bool hint, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Set the last record's note or hint, or join the new text to it with "; ". */
static int
attach(struct mr_diags *d, bool hint, const char *fmt, va_list ap)
{
	const char *s, **slot;
	char *t;
	size_t a, b;

	if (!d->last_kept || d->n == 0)
		return -1;
	slot = hint ? &d->v[d->n - 1].pub.hint : &d->v[d->n - 1].pub.note;
	if ((s = vformat(d->arena, fmt, ap)) == NULL)
		goto oom;
	/* The cap's note gives way to the reporter's own note for that
	 * error (it always has: the loaders wrote it first). */
	if (*slot == NULL || (!hint && *slot == d->stopnote)) {
		*slot = s;
		d->stopnote = NULL;
		return 0;
	}
	a = strlen(*slot);
	b = strlen(s);
	if ((t = mri_arena_alloc(d->arena, a + 2 + b + 1)) == NULL)
		goto oom;
	memcpy(t, *slot, a);
	memcpy(t + a, "; ", 2);
	memcpy(t + a + 2, s, b + 1);
	*slot = t;
	return 0;
oom:
	d->oom = true; /* the record stays, without this text */
	return -1;
}

int
mri_diag_note(struct mr_diags *d, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = attach(d, false, fmt, ap);
	va_end(ap);
	return rc;
}

int
mri_diag_hint(struct mr_diags *d, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = attach(d, true, fmt, ap);
	va_end(ap);
	return rc;
}

int
mri_diag_failed(const struct mr_diags *d, const char *fmt, ...)
{
	char subject[256];
	const struct rec *first = NULL;
	size_t i, n = d->load.errors;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(subject, sizeof(subject), fmt, ap);
	va_end(ap);
	for (i = d->load.first; i < d->n && first == NULL; i++)
		if (d->v[i].pub.sev == MR_SEV_ERROR)
			first = &d->v[i];
	if (first == NULL)
		return mri_error_set(MR_EPARSE, "%s has errors", subject);
	return mri_error_set(
	    MR_EPARSE, "%s has %zu error%s; the first: %s [%s]", subject, n,
	    n == 1 ? "" : "s", first->pub.msg, first->pub.code);
}

static int
cmp_rec(const void *pa, const void *pb)
{
	const struct rec *a = pa, *b = pb;

	if (a->pub.at.src != b->pub.at.src)
		return a->pub.at.src < b->pub.at.src ? -1 : 1;
	if (a->pub.at.start != b->pub.at.start)
		return a->pub.at.start < b->pub.at.start ? -1 : 1;
	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return 0;
}

void
mri_diags_sort_from(struct mr_diags *d, size_t first)
{
	if (first < d->n)
		qsort(d->v + first, d->n - first, sizeof(*d->v), cmp_rec);
	d->last_kept = false; /* the last record is another one now */
}

void
mr_diags_sort(struct mr_diags *d)
{
	mri_diags_sort_from(d, 0);
}

void
mri_diags_truncate(struct mr_diags *d, size_t n)
{
	while (d->n > n) {
		d->n--;
		if (d->v[d->n].pub.sev == MR_SEV_ERROR)
			d->errors--;
	}
	d->last_kept = false;
}

void
mri_diags_set_unreadable(struct mr_diags *d, uint32_t src)
{
	if (src >= 1 && src <= d->n_src)
		d->src[src - 1].unreadable = true;
}

uint32_t
mr_diags_unreadable(const struct mr_diags *d)
{
	size_t i;

	for (i = 0; i < d->n_src; i++)
		if (d->src[i].unreadable)
			return (uint32_t)i + 1;
	return 0;
}

uint32_t
mr_diags_add_source(struct mr_diags *d, const char *name, const char *text,
                    size_t len)
{
	struct source *s;

	if (len > UINT32_MAX - 1)
		len = UINT32_MAX - 1; /* spans are 32-bit; clamp */
	if (d->n_src == d->cap_src) {
		s = mri_vec_grow(d->src, &d->cap_src, d->n_src + 1, sizeof(*s),
		                 4);
		if (s == NULL)
			return 0;
		d->src = s;
	}
	s = &d->src[d->n_src];
	memset(s, 0, sizeof(*s));
	s->name = strdup(name ? name : "<input>");
	s->text = malloc(len + 1);
	if (s->name == NULL || s->text == NULL) {
		free(s->name);
		free(s->text);
		return 0;
	}
	if (len)
		memcpy(s->text, text, len);
	s->text[len] = '\0';
	s->len = len;
	d->n_src++;
	return (uint32_t)d->n_src;
}

static struct source *
get_src(const struct mr_diags *d, uint32_t src)
{
	if (src == 0 || src > d->n_src)
		return NULL;
	return &d->src[src - 1];
}

const char *
mr_diags_source_name(const struct mr_diags *d, uint32_t src)
{
	struct source *s = get_src(d, src);

	return s ? s->name : NULL;
}

static int
build_lines(struct source *s)
{
	size_t i, n = 1, k = 0;

	if (s->lines != NULL)
		return 0;
	for (i = 0; i < s->len; i++)
		if (s->text[i] == '\n')
			n++;
	s->lines = malloc(n * sizeof(*s->lines));
	if (s->lines == NULL)
		return -1;
	s->lines[k++] = 0;
	for (i = 0; i < s->len; i++)
		if (s->text[i] == '\n')
			s->lines[k++] = (uint32_t)(i + 1);
	s->n_lines = n;
	return 0;
}

int
mr_diags_locate(const struct mr_diags *d, uint32_t src, uint32_t off,
                uint32_t *line, uint32_t *col)
{
	struct source *s = get_src(d, src);
	size_t lo, hi;

	if (s == NULL || build_lines(s) != 0)
		return MR_EINVAL;
	if (off > s->len)
		off = (uint32_t)s->len;
	lo = 0;
	hi = s->n_lines;
	while (hi - lo > 1) { /* last line start <= off */
		size_t mid = lo + (hi - lo) / 2;
		if (s->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = (uint32_t)lo + 1;
	*col = off - s->lines[lo] + 1;
	return MR_OK;
}

int
mr_diags_line_text(const struct mr_diags *d, uint32_t src, uint32_t line,
                   const char **ptr, size_t *len)
{
	struct source *s = get_src(d, src);
	size_t start, end;

	if (s == NULL || build_lines(s) != 0 || line == 0 || line > s->n_lines)
		return MR_EINVAL;
	start = s->lines[line - 1];
	end = line < s->n_lines ? s->lines[line] - 1 : s->len;
	if (end > start && s->text[end - 1] == '\r')
		end--;
	*ptr = s->text + start;
	*len = end - start;
	return MR_OK;
}

size_t
mr_diag_code_count(void)
{
	return MR_D__COUNT;
}

const char *
mr_diag_code_name(size_t i)
{
	return i < MR_D__COUNT ? codes[i].code : NULL;
}

const char *
mr_diag_code_slug(size_t i)
{
	return i < MR_D__COUNT ? codes[i].slug : NULL;
}

const char *
mr_diag_code_summary(size_t i)
{
	return i < MR_D__COUNT ? codes[i].summary : NULL;
}

const char *
mr_diag_code_rationale(size_t i)
{
	return i < MR_D__COUNT ? codes[i].rationale : NULL;
}

const char *
mr_diag_code_source(size_t i)
{
	return i < MR_D__COUNT ? codes[i].source : NULL;
}

size_t
mr_diag_code_find(const char *code_or_slug)
{
	size_t i;

	for (i = 0; i < MR_D__COUNT; i++)
		if (strcasecmp(codes[i].code, code_or_slug) == 0 ||
		    strcmp(codes[i].slug, code_or_slug) == 0)
			return i;
	return SIZE_MAX;
}

enum mr_severity
mr_diag_code_severity(size_t i)
{
	return i < MR_D__COUNT ? codes[i].sev : MR_SEV_ERROR;
}
