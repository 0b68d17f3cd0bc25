/*
 * logscan_simd.c - SIMD kernels of the log scanner: cutting a line into
 * blank-separated fields (a field that starts with '"' runs to the next
 * '"', as logscan.c's field() reads them, Squid or W3C) and finding the
 * host in a URL, 64 (fields) or 32
 * (URL) bytes at a time, in SSE2 (every x86-64) and AVX2 (chosen at run
 * time with __builtin_cpu_supports); other machines use the scalar
 * parsers of logscan.c.
 *
 * Layout: a window of bytes becomes bit masks (bit i: byte i is a blank, a
 * quote, a '/'...); fields are the runs of non-blank bits, found with
 * count-trailing-zeros on the transitions (t ^ (t << 1)), so the cost is
 * per window and per field, not per byte (simdjson's structural-index
 * idea, line at a time). Bits past the line's end are masked off, so the
 * bytes loaded there (MRI_SCAN_PAD of slack, logscan_int.h) never matter.
 * Invariants: each kernel returns exactly what logscan.c's field() loop and
 * mr_log_url_host() return for the same line (tests/unit/test_logscan.c
 * compares them on generated and edge-case lines).
 * Complexity: O(len / 64 + fields) per line.
 */
#include <string.h>

#include "logscan_int.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

/* ---- masks ----------------------------------------------------------------- */

static inline uint64_t
eq16(__m128i v, char c)
{
	return (uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
}

/* Blanks (' ', '\t') and quotes of the 64 bytes at p. */
static inline void
masks_sse2(const char *p, uint64_t *blank, uint64_t *quote)
{
	uint64_t b = 0, q = 0;
	int i;

	for (i = 0; i < 4; i++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * i));
		b |= (eq16(v, ' ') | eq16(v, '\t')) << (16 * i);
		q |= eq16(v, '"') << (16 * i);
	}
	*blank = b;
	*quote = q;
}

__attribute__((target("avx2"))) static inline uint64_t
eq32(__m256i v, char c)
{
	return (uint32_t)_mm256_movemask_epi8(
	    _mm256_cmpeq_epi8(v, _mm256_set1_epi8(c)));
}

__attribute__((target("avx2"))) static inline void
masks_avx2(const char *p, uint64_t *blank, uint64_t *quote)
{
	__m256i lo = _mm256_loadu_si256((const __m256i *)p);
	__m256i hi = _mm256_loadu_si256((const __m256i *)(p + 32));

	*blank = (eq32(lo, ' ') | eq32(lo, '\t')) |
	         (eq32(hi, ' ') | eq32(hi, '\t')) << 32;
	*quote = eq32(lo, '"') | eq32(hi, '"') << 32;
}

/* URL bytes: stops ('/', '?', '#'), '@' and ':' of the 32 bytes at p. */
static inline void
url_sse2(const char *p, uint32_t *stop, uint32_t *at, uint32_t *colon)
{
	__m128i a = _mm_loadu_si128((const __m128i *)p);
	__m128i b = _mm_loadu_si128((const __m128i *)(p + 16));

	*stop = (uint32_t)(eq16(a, '/') | eq16(a, '?') | eq16(a, '#') |
	                   (eq16(b, '/') | eq16(b, '?') | eq16(b, '#')) << 16);
	*at = (uint32_t)(eq16(a, '@') | eq16(b, '@') << 16);
	*colon = (uint32_t)(eq16(a, ':') | eq16(b, ':') << 16);
}

__attribute__((target("avx2"))) static inline void
url_avx2(const char *p, uint32_t *stop, uint32_t *at, uint32_t *colon)
{
	__m256i v = _mm256_loadu_si256((const __m256i *)p);

	*stop = (uint32_t)(eq32(v, '/') | eq32(v, '?') | eq32(v, '#'));
	*at = (uint32_t)eq32(v, '@');
	*colon = (uint32_t)eq32(v, ':');
}

/* v in [lo, hi], bytewise unsigned */
static inline __m128i
in_range(__m128i v, char lo, char hi)
{
	return _mm_cmpeq_epi8(
	    _mm_max_epu8(_mm_min_epu8(v, _mm_set1_epi8(hi)), _mm_set1_epi8(lo)),
	    v);
}

/* Bit i: byte i of the 16 at p is not a scheme character (RFC 3986:
 * ALPHA / DIGIT / "+" / "-" / "."). */
static inline uint32_t
not_scheme16(const char *p)
{
	__m128i v = _mm_loadu_si128((const __m128i *)p);
	__m128i ok = _mm_or_si128(
	    in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z'),
	    in_range(v, '0', '9'));

	ok = _mm_or_si128(ok, _mm_cmpeq_epi8(v, _mm_set1_epi8('+')));
	ok = _mm_or_si128(ok, _mm_cmpeq_epi8(v, _mm_set1_epi8('-')));
	ok = _mm_or_si128(ok, _mm_cmpeq_epi8(v, _mm_set1_epi8('.')));
	return ~(uint32_t)_mm_movemask_epi8(ok) & 0xffffu;
}

/* ---- fields ---------------------------------------------------------------- */

/*
 * t: non-blank bits of the window at base; x: where t changes (a field
 * starts, or ends one past its last byte). A field that starts with a
 * quote (W3C) runs to the next quote: the scan restarts after it, as if a
 * blank came before (field() starts the next field right there).
 */
#define TOKENS_BODY(MASKS)                                                     \
	size_t base = 0, start = 0;                                            \
	uint64_t prev = 0;                                                     \
	int k = 0;                                                             \
	bool in = false;                                                       \
                                                                               \
	if (max <= 0)                                                          \
		return 0;                                                      \
	while (base < n) {                                                     \
		uint64_t b, q, t, x;                                           \
		size_t rem = n - base;                                         \
		MASKS(p + base, &b, &q);                                       \
		t = ~b;                                                        \
		if (rem < 64) {                                                \
			t &= (UINT64_C(1) << rem) - 1;                         \
			q &= (UINT64_C(1) << rem) - 1;                         \
		}                                                              \
		x = t ^ (t << 1 | prev);                                       \
		prev = t >> 63;                                                \
		while (x != 0) {                                               \
			unsigned i = (unsigned)__builtin_ctzll(x);             \
			x &= x - 1;                                            \
			if (in) {                                              \
				tok[k].p = p + start;                          \
				tok[k].n = base + i - start;                   \
				in = false;                                    \
				if (++k == max)                                \
					return k;                              \
			} else if (q >> i & 1) {                               \
				size_t s = base + i;                           \
				const char *c =                                \
				    memchr(p + s + 1, '"', n - s - 1);         \
				size_t end =                                   \
				    c != NULL ? (size_t)(c - p) + 1 : n;       \
				tok[k].p = p + s;                              \
				tok[k].n = end - s;                            \
				if (++k == max)                                \
					return k;                              \
				base = end;                                    \
				prev = 0;                                      \
				goto next;                                     \
			} else {                                               \
				start = base + i;                              \
				in = true;                                     \
			}                                                      \
		}                                                              \
		base += 64;                                                    \
	next:;                                                                 \
	}                                                                      \
	if (in) {                                                              \
		tok[k].p = p + start;                                          \
		tok[k].n = n - start;                                          \
		k++;                                                           \
	}                                                                      \
	return k;

static int
tokens_sse2(struct mri_tok *tok, int max, const char *p, size_t n)
{
	TOKENS_BODY(masks_sse2)
}

__attribute__((target("avx2"))) static int
tokens_avx2(struct mri_tok *tok, int max, const char *p, size_t n)
{
	TOKENS_BODY(masks_avx2)
}

/* ---- the host in a URL ----------------------------------------------------- */

/*
 * As mr_log_url_host(): a scheme is the first non-scheme byte of the first
 * 16 being ':' followed by "//"; the authority ends at the first '/', '?'
 * or '#'; the host follows its last '@' and ends at its last ':' (then
 * followed by digits only).
 */
#define URL_HOST_BODY(URLMASKS)                                                \
	const char *p = url, *e = url + len, *a, *ae = e, *at = NULL,          \
	           *colon = NULL, *w, *q;                                      \
	uint32_t ns = not_scheme16(url);                                       \
                                                                               \
	if (len < 16)                                                          \
		ns &= (1u << len) - 1;                                         \
	if (ns != 0) {                                                         \
		size_t i = (size_t)__builtin_ctz(ns);                          \
		if (url[i] == ':' && i > 0 && len - i >= 3 &&                  \
		    url[i + 1] == '/' && url[i + 2] == '/')                    \
			p = url + i + 3;                                       \
	}                                                                      \
	for (w = p; w < e; w += 32) {                                          \
		uint32_t st, am, cm, below = ~0u;                              \
		size_t rem = (size_t)(e - w);                                  \
		URLMASKS(w, &st, &am, &cm);                                    \
		if (rem < 32)                                                  \
			st &= (1u << rem) - 1;                                 \
		if (st != 0)                                                   \
			below = (1u << __builtin_ctz(st)) - 1;                 \
		else if (rem < 32)                                             \
			below = (1u << rem) - 1;                               \
		am &= below;                                                   \
		cm &= below;                                                   \
		if (am != 0)                                                   \
			at = w + 31 - __builtin_clz(am);                       \
		if (cm != 0)                                                   \
			colon = w + 31 - __builtin_clz(cm);                    \
		if (st != 0) {                                                 \
			ae = w + __builtin_ctz(st);                            \
			break;                                                 \
		}                                                              \
	}                                                                      \
	a = at != NULL ? at + 1 : p;                                           \
	if (a < ae && *a == '[') {                                             \
		for (q = a + 1; q < ae && *q != ']'; q++)                      \
			;                                                      \
		if (q == ae || q == a + 1)                                     \
			return MR_EPARSE;                                      \
		*host = a + 1;                                                 \
		*hlen = (size_t)(q - a - 1);                                   \
		return MR_OK;                                                  \
	}                                                                      \
	if (colon != NULL && colon >= a) {                                     \
		for (q = colon + 1; q < ae; q++)                               \
			if (*q < '0' || *q > '9')                              \
				return MR_EPARSE;                              \
		ae = colon;                                                    \
	}                                                                      \
	if (ae == a)                                                           \
		return MR_EPARSE;                                              \
	*host = a;                                                             \
	*hlen = (size_t)(ae - a);                                              \
	return MR_OK;

static int
url_host_sse2(const char *url, size_t len, const char **host, size_t *hlen)
{
	URL_HOST_BODY(url_sse2)
}

__attribute__((target("avx2"))) static int
url_host_avx2(const char *url, size_t len, const char **host, size_t *hlen)
{
	URL_HOST_BODY(url_avx2)
}

static const struct mri_scanops sse2 = {MR_LOG_SCAN_SSE2, tokens_sse2,
                                        url_host_sse2};
static const struct mri_scanops avx2 = {MR_LOG_SCAN_AVX2, tokens_avx2,
                                        url_host_avx2};

const struct mri_scanops *
mri_scan_kernel(enum mr_log_scanner k)
{
	if (k == MR_LOG_SCAN_SSE2)
		return &sse2;
	if (k == MR_LOG_SCAN_AVX2) {
		__builtin_cpu_init();
		return __builtin_cpu_supports("avx2") ? &avx2 : NULL;
	}
	return NULL;
}

#else

const struct mri_scanops *
mri_scan_kernel(enum mr_log_scanner k)
{
	(void)k;
	return NULL;
}

#endif
