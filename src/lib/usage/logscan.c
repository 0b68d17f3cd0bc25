/*
 * logscan.c - proxy log line parsers: Squid native access.log and W3C
 * extended (#Fields:) lines, into struct mr_log_rec.
 *
 * Layout: a record's text fields are (pointer, length) spans into the
 * caller's line (picohttpparser style); nothing is allocated or copied.
 * Invariants: no function reads p[len] or beyond (tests/unit/test_logscan.c
 * puts every line against a PROT_NONE guard page); a trailing '\r' is
 * dropped; a byte count, elapsed time or request time beyond the bounds
 * of logscan.h makes the line malformed, so no later sum sees it.
 * Complexity: one left-to-right pass over the line, O(len).
 *
 * Specs: Squid "logformat squid" (squid-cache.org, cf.data.pre:
 * "%ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %[un %Sh/%<a %mt");
 * W3C Working Draft "Extended Log File Format" (WD-logfile-960323): fields
 * named by "#Fields:", "-" for no value, dates "YYYY-MM-DD" and times
 * "HH:MM:SS[.fff]" in UTC.
 */
#include "m365route/logscan.h"

#include <pthread.h>
#include <string.h>

#include "logscan_int.h"
#include "text.h"

static int
bad(const char **why, const char *w)
{
	*why = w;
	return MR_EPARSE;
}

static inline bool
is_sp(char c)
{
	return c == ' ' || c == '\t';
}

/* The next field of [*pp, e): skips blanks first. False at end of line. */
static inline bool
field(const char **pp, const char *e, const char **f, size_t *flen)
{
	const char *p = *pp, *s;

	while (p < e && is_sp(*p))
		p++;
	if (p == e)
		return false;
	s = p;
	if (*p == '"') {
		/* W3C quoted string: up to the closing quote */
		p++;
		while (p < e && *p != '"')
			p++;
		if (p < e)
			p++;
	} else {
		while (p < e && !is_sp(*p))
			p++;
	}
	*f = s;
	*flen = (size_t)(p - s);
	*pp = p;
	return true;
}

/*
 * A count of at most max (max < 2^60): 0 and *out set, 1 if s is not
 * digits only, 2 if its value is above max (however many digits).
 */
static int
parse_count(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;
	bool over = false;

	if (n == 0)
		return 1;
	for (i = 0; i < n; i++) {
		unsigned d = (unsigned)(unsigned char)s[i] - '0';
		if (d > 9)
			return 1;
		if (!over && (v = v * 10 + d) > max)
			over = true;
	}
	if (over)
		return 2;
	*out = v;
	return 0;
}

_Static_assert(MR_LOG_MAX_ELAPSED_MS > 99999999, "8 digits pass unchecked");

/* An elapsed time in milliseconds within the bound: only its leading
 * digits count ("-" and other text are not a duration and pass). A field
 * of 8 bytes or fewer is below the bound whatever it holds: the common
 * case costs one comparison. */
static bool
elapsed_ok(const char *s, size_t n)
{
	uint64_t v = 0;
	size_t i;

	if (n <= 8)
		return true;
	for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		if ((v = v * 10 + (uint64_t)(s[i] - '0')) >
		    (uint64_t)MR_LOG_MAX_ELAPSED_MS)
			return false;
	return true;
}

static inline bool
time_ok(int64_t ms)
{
	return ms >= MR_LOG_MIN_TIME_MS && ms < MR_LOG_MAX_TIME_MS;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Eight ASCII digits at s, or -1 (SWAR: simdjson's eight-digit test and
 * parse, Lemire 2018). */
static inline int64_t
eight_digits(const char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	if (((w & 0xF0F0F0F0F0F0F0F0ULL) |
	     (((w + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) >> 4)) !=
	    0x3333333333333333ULL)
		return -1;
	w = ((w & 0x0F0F0F0F0F0F0F0FULL) * 2561) >> 8;
	w = ((w & 0x00FF00FF00FF00FFULL) * 6553601) >> 16;
	return (int64_t)(((w & 0x0000FFFF0000FFFFULL) * 42949672960001ULL) >>
	                 32);
}
#else
static inline int64_t
eight_digits(const char *s)
{
	int64_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}
#endif

static inline int
digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : -1;
}

/* "1700000000.123" (fraction optional, digits past the third ignored) */
static bool
parse_epoch(const char *s, size_t n, int64_t *ms)
{
	size_t i = 0;
	int64_t sec = 0, frac = 0;
	int k = 0;

	/* Squid's own shape, ten digits, '.', three: what the loop below
	 * computes, in fewer steps */
	if (n == 14 && s[10] == '.') {
		int64_t hi = eight_digits(s);
		int d8 = digit(s[8]), d9 = digit(s[9]), f0 = digit(s[11]),
		    f1 = digit(s[12]), f2 = digit(s[13]);
		if (hi >= 0 && (d8 | d9 | f0 | f1 | f2) >= 0) {
			*ms = (hi * 100 + d8 * 10 + d9) * 1000 + f0 * 100 +
			      f1 * 10 + f2;
			return true;
		}
	}
	if (n == 0 || n > 32)
		return false;
	for (; i < n && s[i] != '.'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 12)
			return false;
		sec = sec * 10 + (s[i] - '0');
	}
	if (i == 0)
		return false;
	if (i < n) {
		for (i++; i < n; i++) {
			if (s[i] < '0' || s[i] > '9')
				return false;
			if (k < 3) {
				frac = frac * 10 + (s[i] - '0');
				k++;
			}
		}
	}
	while (k++ < 3)
		frac *= 10;
	*ms = sec * 1000 + frac;
	return true;
}

/* An HTTP status: digits only and below 1000 set *st (mri_dec_u64()
 * then < 1000; up to four digits without its overflow checks). */
static inline void
status_of(const char *s, size_t n, uint16_t *st)
{
	uint64_t v;
	unsigned x = 0;
	size_t i;

	if (n > 0 && n <= 4) {
		for (i = 0; i < n; i++) {
			unsigned d = (unsigned)(unsigned char)s[i] - '0';
			if (d > 9)
				return;
			x = x * 10 + d;
		}
		if (x < 1000)
			*st = (uint16_t)x;
		return;
	}
	if (mri_dec_u64(s, n, &v) && v < 1000)
		*st = (uint16_t)v;
}

int
mr_log_url_host(const char *url, size_t len, const char **host, size_t *hlen)
{
	const char *p = url, *e = url + len, *a, *ae, *q;
	size_t i;

	/* scheme "://" */
	for (i = 0; i < len && i < 16; i++) {
		char c = url[i];
		if (c == ':') {
			if (i > 0 && len - i >= 3 && url[i + 1] == '/' &&
			    url[i + 2] == '/')
				p = url + i + 3;
			break;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '+' || c == '-' ||
		      c == '.'))
			break;
	}
	a = p;
	while (p < e && *p != '/' && *p != '?' && *p != '#')
		p++;
	ae = p;
	/* userinfo */
	for (q = ae; q > a; q--)
		if (q[-1] == '@') {
			a = q;
			break;
		}
	if (a < ae && *a == '[') {
		for (q = a + 1; q < ae && *q != ']'; q++)
			;
		if (q == ae || q == a + 1)
			return MR_EPARSE;
		*host = a + 1;
		*hlen = (size_t)(q - a - 1);
		return MR_OK;
	}
	/* a port: the last ':' followed by digits only */
	for (q = ae; q > a; q--)
		if (q[-1] == ':')
			break;
	if (q > a) {
		const char *d;
		for (d = q; d < ae; d++)
			if (*d < '0' || *d > '9')
				return MR_EPARSE; /* "error:..." and such */
		ae = q - 1;
	}
	if (ae == a)
		return MR_EPARSE;
	*host = a;
	*hlen = (size_t)(ae - a);
	return MR_OK;
}

/* The first max fields of [p, p + n), one field() at a time. */
static int
tokens_scalar(struct mri_tok *t, int max, const char *p, size_t n)
{
	const char *e = p + n;
	int k = 0;

	while (k < max && field(&p, e, &t[k].p, &t[k].n))
		k++;
	return k;
}

#define SQUID_FIELDS 10

/* A Squid record from the first k (at most 10) fields of its line; host
 * with ops's url_host (NULL: mr_log_url_host()). */
static int
squid_rec(struct mr_log_rec *out, const struct mri_tok *t, int k,
          const struct mri_scanops *ops, const char **why)
{
	const char *s;
	int rc;

	if (k < 1 || !parse_epoch(t[0].p, t[0].n, &out->time_ms))
		return bad(why, "no Unix time in the first field");
	if (!time_ok(out->time_ms))
		return bad(why, "time before 1990 or after 2099");
	if (k < 2) /* elapsed */
		return bad(why, "line ends after the time");
	if (!elapsed_ok(t[1].p, t[1].n))
		return bad(why, "elapsed time over a week");
	if (k < 3)
		return bad(why, "no client address");
	out->client = t[2].p;
	out->client_len = t[2].n;
	if (k < 4)
		return bad(why, "no result code");
	s = memchr(t[3].p, '/', t[3].n);
	if (s == NULL)
		return bad(why, "result code without '/status'");
	status_of(s + 1, (size_t)(t[3].p + t[3].n - s - 1), &out->status);
	if (k < 5)
		return bad(why, "no byte count");
	switch (parse_count(t[4].p, t[4].n, MR_LOG_MAX_BYTES, &out->bytes)) {
	case 0:
		break;
	case 2:
		return bad(why, "byte count over 1 TiB (2^40)");
	default:
		return bad(why, "no byte count");
	}
	if (k < 6)
		return bad(why, "no method");
	out->method = t[5].p;
	out->method_len = t[5].n;
	if (k < 7)
		return bad(why, "no URL");
	out->target = t[6].p;
	out->target_len = t[6].n;
	if (k < SQUID_FIELDS)
		return bad(why, "fewer than 10 fields");
	rc = ops != NULL ? ops->url_host(out->target, out->target_len,
	                                 &out->host, &out->host_len)
	                 : mr_log_url_host(out->target, out->target_len,
	                                   &out->host, &out->host_len);
	if (rc != MR_OK) {
		out->host = out->target;
		out->host_len = 0;
	}
	return MR_OK;
}

/* A Squid line cut by ops's kernel (NULL: the scalar field() loop). */
static int
squid_parse(const struct mri_scanops *ops, struct mr_log_rec *out,
            const char *p, size_t len, const char **why)
{
	struct mri_tok t[SQUID_FIELDS];
	int k;

	if (len > 0 && p[len - 1] == '\r')
		len--;
	memset(out, 0, sizeof(*out));
	k = ops != NULL ? ops->tokens(t, SQUID_FIELDS, p, len)
	                : tokens_scalar(t, SQUID_FIELDS, p, len);
	return squid_rec(out, t, k, ops, why);
}

int
mr_squid_parse(struct mr_log_rec *out, const char *p, size_t len,
               const char **why)
{
	return squid_parse(NULL, out, p, len, why);
}

int
mri_squid_parse_fast(const struct mri_scanops *ops, struct mr_log_rec *out,
                     const char *p, size_t len, const char **why)
{
	return squid_parse(ops, out, p, len, why);
}

/* ---- W3C ------------------------------------------------------------------ */

static bool
name_is(const char *f, size_t n, const char *name)
{
	size_t i;

	if (strlen(name) != n)
		return false;
	for (i = 0; i < n; i++) {
		char c = f[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != name[i])
			return false;
	}
	return true;
}

int
mr_w3c_fields(struct mr_w3c_layout *out, const char *p, size_t len,
              const char **why)
{
	const char *e = p + len, *f;
	size_t n;
	int col = 0;
	int8_t alt_bytes = -1, alt_host = -1;

	if (len > 0 && e[-1] == '\r')
		e--;
	memset(out, -1, sizeof(*out));
	out->n = 0;
	if (len < 8 || memcmp(p, "#Fields:", 8) != 0)
		return bad(why, "not a #Fields: directive");
	p += 8;
	while (field(&p, e, &f, &n)) {
		int8_t c = (int8_t)col;
		if (col >= 127)
			return bad(why, "more than 127 fields");
		if (name_is(f, n, "date"))
			out->date = c;
		else if (name_is(f, n, "time"))
			out->time = c;
		else if (name_is(f, n, "c-ip"))
			out->c_ip = c;
		else if (name_is(f, n, "sc-bytes"))
			out->sc_bytes = c;
		else if (name_is(f, n, "bytes"))
			alt_bytes = c;
		else if (name_is(f, n, "cs-method"))
			out->method = c;
		else if (name_is(f, n, "cs-uri"))
			out->uri = c;
		else if (name_is(f, n, "cs-uri-stem"))
			out->uri_stem = c;
		else if (name_is(f, n, "cs-host") || name_is(f, n, "cs(host)"))
			out->host = c;
		else if (name_is(f, n, "r-host"))
			alt_host = c;
		else if (name_is(f, n, "sc-status"))
			out->status = c;
		else if (name_is(f, n, "time-taken"))
			out->time_taken = c;
		col++;
	}
	out->n = col;
	if (out->sc_bytes < 0)
		out->sc_bytes = alt_bytes;
	if (out->host < 0)
		out->host = alt_host;
	if (out->time < 0)
		return bad(why, "#Fields: has no 'time'");
	if (out->c_ip < 0)
		return bad(why, "#Fields: has no 'c-ip'");
	if (out->sc_bytes < 0)
		return bad(why, "#Fields: has no 'sc-bytes'");
	if (out->host < 0 && out->uri < 0 && out->uri_stem < 0)
		return bad(why, "#Fields: has no host or URL field");
	return MR_OK;
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static bool
digits(const char *s, size_t n, unsigned *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (unsigned)(s[i] - '0');
	}
	return true;
}

static bool
parse_date(const char *s, size_t n, int64_t *days)
{
	unsigned y, m, d;

	if (n != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) ||
	    !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d) || m < 1 || m > 12 ||
	    d < 1 || d > 31)
		return false;
	*days = days_from_civil(y, m, d);
	return true;
}

static bool
parse_time(const char *s, size_t n, int64_t *ms)
{
	unsigned h, mi, se, f = 0, k;

	if (n < 8 || s[2] != ':' || s[5] != ':' || !digits(s, 2, &h) ||
	    !digits(s + 3, 2, &mi) || !digits(s + 6, 2, &se) || h > 23 ||
	    mi > 59 || se > 60)
		return false;
	if (n > 8) {
		if (s[8] != '.' || n == 9)
			return false;
		for (k = 9; k < n; k++) {
			if (s[k] < '0' || s[k] > '9')
				return false;
			if (k < 12)
				f = f * 10 + (unsigned)(s[k] - '0');
		}
		for (k = n; k < 12; k++)
			f *= 10;
	}
	*ms = ((int64_t)h * 3600 + mi * 60 + se) * 1000 + f;
	return true;
}

/* A layout mr_w3c_fields() did not accept is refused, not trusted. */
static bool
layout_ok(const struct mr_w3c_layout *l)
{
	return !(l->n < 1 || l->n > 127 || l->time < 0 || l->time >= l->n ||
	         l->c_ip < 0 || l->c_ip >= l->n || l->sc_bytes < 0 ||
	         l->sc_bytes >= l->n || l->date >= l->n || l->method >= l->n ||
	         l->uri >= l->n || l->uri_stem >= l->n || l->host >= l->n ||
	         l->status >= l->n || l->time_taken >= l->n);
}

/* A W3C record from the first k fields of its line (k > l->n: more
 * fields than names); host with ops's url_host (NULL: scalar). */
static int
w3c_rec(struct mr_log_rec *out, const struct mr_w3c_layout *l,
        struct mri_tok *t, int k, const struct mri_scanops *ops,
        const char **why)
{
	const struct mri_tok *v = t;
	int col, rc;
	int64_t days = 0, ms = 0;

	if (k < l->n)
		return bad(why, "fewer fields than #Fields: names");
	if (k > l->n)
		return bad(why, "more fields than #Fields: names");
	for (col = 0; col < l->n; col++)
		if (t[col].n == 1 && t[col].p[0] == '-')
			t[col].n = 0;
	if (l->date >= 0 && !parse_date(v[l->date].p, v[l->date].n, &days))
		return bad(why, "date is not YYYY-MM-DD");
	if (!parse_time(v[l->time].p, v[l->time].n, &ms))
		return bad(why, "time is not HH:MM:SS[.fff]");
	out->time_ms = days * 86400000 + ms;
	if (l->date >= 0 && !time_ok(out->time_ms))
		return bad(why, "date before 1990 or after 2099");
	out->client = v[l->c_ip].p;
	out->client_len = v[l->c_ip].n;
	if (out->client_len == 0)
		return bad(why, "no client address");
	if (v[l->sc_bytes].n > 0) {
		int c = parse_count(v[l->sc_bytes].p, v[l->sc_bytes].n,
		                    MR_LOG_MAX_BYTES, &out->bytes);
		if (c == 2)
			return bad(why, "byte count over 1 TiB (2^40)");
		if (c != 0)
			return bad(why, "byte count is not a number");
	}
	if (l->time_taken >= 0 &&
	    !elapsed_ok(v[l->time_taken].p, v[l->time_taken].n))
		return bad(why, "time-taken over a week");
	if (l->status >= 0)
		status_of(v[l->status].p, v[l->status].n, &out->status);
	if (l->method >= 0) {
		out->method = v[l->method].p;
		out->method_len = v[l->method].n;
	}
	if (l->uri >= 0) {
		out->target = v[l->uri].p;
		out->target_len = v[l->uri].n;
	} else if (l->uri_stem >= 0) {
		out->target = v[l->uri_stem].p;
		out->target_len = v[l->uri_stem].n;
	}
	out->host = out->target;
	out->host_len = 0;
	if (l->host >= 0 && v[l->host].n > 0) {
		/* a host field may still carry ":port" */
		rc = ops != NULL ? ops->url_host(v[l->host].p, v[l->host].n,
		                                 &out->host, &out->host_len)
		                 : mr_log_url_host(v[l->host].p, v[l->host].n,
		                                   &out->host, &out->host_len);
		if (rc != MR_OK) {
			out->host = v[l->host].p;
			out->host_len = 0;
		}
	} else if (out->target_len > 0 &&
	           (out->target[0] != '/' ||
	            (out->target_len > 1 && out->target[1] == '/'))) {
		rc = ops != NULL ? ops->url_host(out->target, out->target_len,
		                                 &out->host, &out->host_len)
		                 : mr_log_url_host(out->target, out->target_len,
		                                   &out->host, &out->host_len);
		if (rc != MR_OK)
			out->host_len = 0;
	}
	if (out->target_len == 0) {
		out->target = out->host;
		out->target_len = out->host_len;
	}
	return MR_OK;
}

/* A W3C line cut by ops's kernel (NULL: the scalar field() loop). */
static int
w3c_parse(const struct mri_scanops *ops, struct mr_log_rec *out,
          const struct mr_w3c_layout *l, const char *p, size_t len,
          const char **why)
{
	struct mri_tok t[128];
	int k;

	if (len > 0 && p[len - 1] == '\r')
		len--;
	memset(out, 0, sizeof(*out));
	if (!layout_ok(l))
		return bad(why, "no valid #Fields: layout");
	k = ops != NULL ? ops->tokens(t, l->n + 1, p, len)
	                : tokens_scalar(t, l->n + 1, p, len);
	return w3c_rec(out, l, t, k, ops, why);
}

int
mr_w3c_parse(struct mr_log_rec *out, const struct mr_w3c_layout *l,
             const char *p, size_t len, const char **why)
{
	return w3c_parse(NULL, out, l, p, len, why);
}

int
mri_w3c_parse_fast(const struct mri_scanops *ops, struct mr_log_rec *out,
                   const struct mr_w3c_layout *l, const char *p, size_t len,
                   const char **why)
{
	return w3c_parse(ops, out, l, p, len, why);
}

enum mr_log_format
mr_log_detect(const char *p, size_t len)
{
	const char *e = p + len, *nl;
	struct mr_log_rec r;
	const char *why;

	while (p < e) {
		nl = memchr(p, '\n', (size_t)(e - p));
		if (nl == NULL)
			nl = e;
		if (nl > p && !(nl - p == 1 && *p == '\r')) {
			if (*p == '#')
				return MR_LOG_W3C;
			if (mr_squid_parse(&r, p, (size_t)(nl - p), &why) ==
			    MR_OK)
				return MR_LOG_SQUID;
			return MR_LOG_AUTO;
		}
		p = nl + 1;
	}
	return MR_LOG_AUTO;
}

const char *
mr_log_format_name(enum mr_log_format f)
{
	switch (f) {
	case MR_LOG_SQUID:
		return "squid";
	case MR_LOG_W3C:
		return "w3c";
	default:
		return "auto";
	}
}

/* ---- choosing the scanner ---------------------------------------------------- */

static const struct mri_scanops scalar_ops = {MR_LOG_SCAN_SCALAR, NULL, NULL};
static enum mr_log_scanner want_scanner = MR_LOG_SCAN_AUTO;
static const struct mri_scanops *cur_ops;

static const struct mri_scanops *
pick(enum mr_log_scanner want)
{
	const struct mri_scanops *o = NULL;

	if (want == MR_LOG_SCAN_AUTO || want > MR_LOG_SCAN_AVX2)
		want = MR_LOG_SCAN_AVX2;
	if (want >= MR_LOG_SCAN_AVX2)
		o = mri_scan_kernel(MR_LOG_SCAN_AVX2);
	if (o == NULL && want >= MR_LOG_SCAN_SSE2)
		o = mri_scan_kernel(MR_LOG_SCAN_SSE2);
	return o != NULL ? o : &scalar_ops;
}

static pthread_once_t auto_once = PTHREAD_ONCE_INIT;

static void
pick_auto(void)
{
	if (cur_ops == NULL)
		cur_ops = pick(want_scanner);
}

enum mr_log_scanner
mr_log_scanner_set(enum mr_log_scanner want)
{
	pthread_once(&auto_once, pick_auto);
	want_scanner = want;
	cur_ops = pick(want);
	return cur_ops->kind;
}

const struct mri_scanops *
mri_scanops(void)
{
	pthread_once(&auto_once, pick_auto);
	return cur_ops;
}

const char *
mr_log_scanner_name(enum mr_log_scanner s)
{
	switch (s) {
	case MR_LOG_SCAN_SCALAR:
		return "scalar";
	case MR_LOG_SCAN_SSE2:
		return "sse2";
	case MR_LOG_SCAN_AVX2:
		return "avx2";
	default:
		return "auto";
	}
}
