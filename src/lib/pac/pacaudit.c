/*
 * pac_audit.c - m365route pac audit: evaluate an existing PAC file for
 * every catalog host in a sandboxed Duktape heap and report where its
 * answers disagree with the seed's routing decision.
 *
 * Purpose. Organisations already have PAC files, often hand-edited from
 * Microsoft's Get-PacFile output. This module loads one, calls
 * FindProxyForURL("https://<host>/", "<host>") for every host derived from
 * the catalog (exact names; wildcards filled with sample labels) and
 * groups the disagreements: ExpressRoute-advertised hosts not sent the
 * ExpressRoute way, Internet-only hosts sent that way, results that are
 * errors or not PAC return strings, and syntax newer than ES5.
 *
 * Engine. Duktape 2.7, compiled into this translation unit from Debian's
 * duktape-dev amalgamation (/usr/share/duktape/duktape.c) rather than
 * linked from libduktape.so, because the shared library is built without
 * DUK_USE_INTERRUPT_COUNTER and so cannot bound execution. Every Duktape
 * symbol is made static here (DUK_SINGLE_FILE, DUK_EXTERNAL = static): the
 * engine is private to this file and clashes with no other copy.
 *
 * Sandbox. One heap per audit. Its global object holds the ECMAScript
 * built-ins and the PAC helper functions below; the Duktape object is
 * deleted, and there is no I/O of any kind. DNS helpers answer from the
 * caller's table; myIpAddress() from the options; the date helpers from a
 * fixed "now". Bounds:
 * - execution: DUK_USE_EXEC_TIMEOUT_CHECK is called every 262144 bytecode
 *   instructions; exec_check() counts those calls against the budget of
 *   the current call (deterministic), with a wall-clock cap as backstop.
 *   Once over budget it keeps answering "timeout" until control is back in
 *   C, so catch blocks cannot swallow the RangeError;
 * - memory: every allocation goes through sb_alloc() & co., which refuse
 *   past the cap (Duktape then throws a RangeError, caught like any error);
 * - stack: Duktape's own C and value stack limits;
 * - input size: opts->max_size.
 * All Duktape API use happens inside duk_safe_call(), so no error can
 * escape to the fatal handler.
 *
 * PAC helpers, written here from the Netscape (1996) and Microsoft
 * ("IPv6-aware proxy helper API", FindProxyForURLEx) definitions, in the
 * way the common engines behave: dnsDomainIs and shExpMatch are case
 * sensitive, isInNet resolves a name first and is false when it cannot,
 * shExpMatch supports '*' and '?'.
 *
 * Complexity: O(hosts x cost of one FindProxyForURL call), each call
 * bounded by the budget; the ES5 scan is linear in the file.
 */

/* ---- the embedded engine --------------------------------------------- */

#define _XOPEN_SOURCE 700 /* strptime() in Duktape's date parser */
#define DUK_SINGLE_FILE
#define DUK_COMPILING_DUKTAPE
#include <duk_config.h>
#undef DUK_EXTERNAL_DECL
#undef DUK_EXTERNAL
#define DUK_EXTERNAL_DECL static __attribute__((unused))
#define DUK_EXTERNAL      static __attribute__((unused))
#undef DUK_USE_INTERRUPT_COUNTER
#define DUK_USE_INTERRUPT_COUNTER
#undef DUK_USE_EXEC_TIMEOUT_CHECK
#define DUK_USE_EXEC_TIMEOUT_CHECK(udata) exec_check(udata)
static int exec_check(void *udata);

#ifndef MR_DUKTAPE_C
#define MR_DUKTAPE_C "/usr/share/duktape/duktape.c"
#endif
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wextra"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wcast-qual"
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wpointer-arith"
#pragma GCC diagnostic ignored "-Wvla"
#if defined(__clang__)
/* Duktape does pointer arithmetic on NULL and similar things UBSan flags;
 * it is the engine's business, not ours: check our code only. */
#pragma clang attribute push(__attribute__((no_sanitize("undefined"))),        \
                             apply_to = function)
#endif
#include MR_DUKTAPE_C
#if defined(__clang__)
#pragma clang attribute pop
#endif
#pragma GCC diagnostic pop

/* ---- the module -------------------------------------------------------- */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "error.h"
#include "m365route/endpoints.h"
#include "m365route/match.h"
#include "m365route/pacaudit.h"
#include "m365route/prefix.h"
#include "pacaudit_int.h"

#define STEP_DEFAULT_CALL 8
#define STEP_DEFAULT_LOAD 32
#define WALL_DEFAULT_MS   2000
#define TIMEOUTS_DEFAULT  3
#define MEM_DEFAULT       ((size_t)64 << 20)
#define SIZE_DEFAULT      ((size_t)8 << 20)
#define NOW_DEFAULT       1735732800 /* 2025-01-01T12:00:00Z */
#define RESULT_MAX        1024       /* longest result kept for reports */
#define HELPERS_NAME      "<pac-helpers>"

/* ---- return strings ----------------------------------------------------- */

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Keyword of an entry, by its text; -1 if unknown. 0 = DIRECT. */
static int
entry_keyword(const char *s, size_t n)
{
	static const char *const kw[] = {"DIRECT", "PROXY",  "HTTP",  "HTTPS",
	                                 "SOCKS",  "SOCKS4", "SOCKS5"};
	size_t k, i;

	for (k = 0; k < sizeof(kw) / sizeof(kw[0]); k++) {
		if (strlen(kw[k]) != n)
			continue;
		for (i = 0; i < n && lower(s[i]) == lower(kw[k][i]); i++)
			;
		if (i == n)
			return (int)k;
	}
	return -1;
}

/* host[:port] of a proxy entry. */
static const char *
check_hostport(const char *s, size_t n)
{
	size_t i = 0, h;
	unsigned long port = 0;

	if (n == 0)
		return "a proxy entry has no host";
	if (s[0] == '[') {
		struct mr_addr a;
		const char *e = memchr(s, ']', n);
		if (e == NULL)
			return "an IPv6 proxy address lacks its ']'";
		h = (size_t)(e - s);
		if (mr_addr_parse(&a, s + 1, h - 1) != MR_OK ||
		    a.family != MR_AF_INET6)
			return "a bracketed proxy address is not IPv6";
		i = h + 1;
	} else {
		for (; i < n && s[i] != ':'; i++) {
			unsigned char c = (unsigned char)s[i];
			if (!((c >= 'a' && c <= 'z') ||
			      (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || c == '-' || c == '.' ||
			      c == '_'))
				return "a proxy host holds a character no host "
				       "name has";
		}
		if (i == 0)
			return "a proxy entry has no host";
		if (i > MR_HOST_MAX)
			return "a proxy host is too long";
	}
	if (i == n)
		return NULL;
	if (s[i] != ':' || i + 1 == n)
		return "a proxy port is missing after ':'";
	for (i++; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return "a proxy port is not a number";
		port = port * 10 + (unsigned long)(s[i] - '0');
		if (port > 65535)
			return "a proxy port is larger than 65535";
	}
	if (port == 0)
		return "a proxy port is 0";
	return NULL;
}

/* Split the next ';'-separated entry; *kw and *arg get its parts. */
static const char *
check_entry(const char *s, size_t n, int *kw)
{
	size_t i = 0, k, a, e;

	while (i < n && is_space(s[i]))
		i++;
	k = i;
	while (i < n && !is_space(s[i]))
		i++;
	*kw = entry_keyword(s + k, i - k);
	if (*kw < 0)
		return "an entry is not DIRECT, PROXY, HTTP, HTTPS, SOCKS, "
		       "SOCKS4 or SOCKS5";
	while (i < n && is_space(s[i]))
		i++;
	a = i;
	e = n;
	while (e > a && is_space(s[e - 1]))
		e--;
	if (*kw == 0)
		return e > a ? "DIRECT takes no argument" : NULL;
	for (i = a; i < e; i++)
		if (is_space(s[i]))
			return "a proxy entry has more than one host:port";
	return check_hostport(s + a, e - a);
}

static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_space(s[i]))
			return 0;
	return 1;
}

const char *
mr_pac_audit_check_return(const char *s, size_t len)
{
	size_t i = 0, entries = 0;
	const char *why;
	int kw;

	if (s == NULL)
		return "no result";
	if (memchr(s, '\0', len) != NULL)
		return "the result holds a NUL byte";
	while (i <= len) {
		const char *e = memchr(s + i, ';', len - i);
		size_t n = e ? (size_t)(e - (s + i)) : len - i;
		if (!blank(s + i, n)) {
			if ((why = check_entry(s + i, n, &kw)) != NULL)
				return why;
			entries++;
		}
		i += n + 1;
	}
	return entries > 0 ? NULL : "the result is an empty string";
}

size_t
mr_pac_audit_first_entry(const char *s, size_t len, char *buf, size_t cap)
{
	size_t i = 0, n, k, w = 0;
	int kw;
	static const char *const kwn[] = {"DIRECT", "PROXY",  "HTTP",  "HTTPS",
	                                  "SOCKS",  "SOCKS4", "SOCKS5"};

	if (cap == 0 || mr_pac_audit_check_return(s, len) != NULL)
		return 0;
	for (;;) {
		const char *e = memchr(s + i, ';', len - i);
		n = e ? (size_t)(e - (s + i)) : len - i;
		if (!blank(s + i, n))
			break;
		i += n + 1;
	}
	s += i;
	(void)check_entry(s, n, &kw);
	k = strlen(kwn[kw]);
	if (k + 1 > cap)
		return 0;
	memcpy(buf, kwn[kw], k);
	w = k;
	if (kw != 0) {
		i = 0;
		while (i < n && is_space(s[i]))
			i++;
		while (i < n && !is_space(s[i]))
			i++;
		while (i < n && is_space(s[i]))
			i++;
		if (w + 1 < cap)
			buf[w++] = ' ';
		for (; i < n && !is_space(s[i]) && w + 1 < cap; i++)
			buf[w++] = (char)lower(s[i]);
	}
	buf[w] = '\0';
	return w;
}

/* ---- sample hosts ------------------------------------------------------- */

size_t
mr_pac_audit_samples(const char *pattern, char (*buf)[MR_HOST_MAX + 1],
                     size_t cap)
{
	static const char *const labels[] = {"contoso", "x", "a.b"};
	size_t n = 0, k, i, w, plen = strlen(pattern);

	if (strchr(pattern, '*') == NULL) {
		if (plen > MR_HOST_MAX || cap == 0)
			return 0;
		memcpy(buf[0], pattern, plen + 1);
		return 1;
	}
	for (k = 0; k < sizeof(labels) / sizeof(labels[0]) && n < cap; k++) {
		size_t ll = strlen(labels[k]);
		int ok = 1;
		for (i = 0, w = 0; i < plen && ok; i++) {
			if (pattern[i] == '*') {
				if (w + ll > MR_HOST_MAX)
					ok = 0;
				else
					memcpy(buf[n] + w, labels[k], ll);
				w += ll;
			} else if (w + 1 > MR_HOST_MAX) {
				ok = 0;
			} else {
				buf[n][w++] = pattern[i];
			}
		}
		if (!ok)
			continue;
		buf[n][w] = '\0';
		n++;
	}
	return n;
}

/* ---- the ES5 scanner ---------------------------------------------------- */

static int
id_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c == '$' || c >= 0x80 || c == '\\';
}

static int
id_part(unsigned char c)
{
	return id_start(c) || (c >= '0' && c <= '9');
}

static int
word_is(const char *w, size_t n, const char *k)
{
	return strlen(k) == n && memcmp(w, k, n) == 0;
}

struct scan {
	const char *s;
	size_t len, i, n, cap;
	uint32_t line;
	size_t line_start;
	struct mr_es5_issue *out;
};

static void
issue(struct scan *sc, size_t off, const char *what)
{
	if (sc->n < sc->cap) {
		struct mr_es5_issue *x = &sc->out[sc->n];
		x->off = (uint32_t)off;
		x->line = sc->line;
		x->col = (uint32_t)(off - sc->line_start + 1);
		x->what = what;
	}
	sc->n++;
}

/* Advance over s[i], counting lines. */
static void
step(struct scan *sc)
{
	if (sc->s[sc->i] == '\n') {
		sc->line++;
		sc->line_start = sc->i + 1;
	}
	sc->i++;
}

/* The next byte after spaces and newlines (not comments), or 0. */
static unsigned char
peek(const struct scan *sc, size_t from)
{
	while (from < sc->len && is_space(sc->s[from]))
		from++;
	return from < sc->len ? (unsigned char)sc->s[from] : 0;
}

static size_t
peek_at(const struct scan *sc, size_t from)
{
	while (from < sc->len && is_space(sc->s[from]))
		from++;
	return from;
}

/* ES2015+ methods: the message for ".name(", or NULL. */
static const char *
es2015_method(const char *w, size_t n)
{
	static const char *const m[][2] = {
	    {"startsWith", "'.startsWith()' (ES2015)"},
	    {"endsWith", "'.endsWith()' (ES2015)"},
	    {"includes", "'.includes()' (ES2015/ES2016)"},
	    {"repeat", "'.repeat()' (ES2015)"},
	    {"padStart", "'.padStart()' (ES2017)"},
	    {"padEnd", "'.padEnd()' (ES2017)"},
	    {"trimStart", "'.trimStart()' (ES2019)"},
	    {"trimEnd", "'.trimEnd()' (ES2019)"},
	    {"codePointAt", "'.codePointAt()' (ES2015)"},
	    {"findIndex", "'.findIndex()' (ES2015)"},
	    {"fill", "'.fill()' (ES2015)"},
	    {"flat", "'.flat()' (ES2019)"},
	    {"flatMap", "'.flatMap()' (ES2019)"},
	    {"assign", "'Object.assign()' (ES2015)"},
	    {"fromCodePoint", "'String.fromCodePoint()' (ES2015)"}};
	size_t k;

	for (k = 0; k < sizeof(m) / sizeof(m[0]); k++)
		if (word_is(w, n, m[k][0]))
			return m[k][1];
	return NULL;
}

/* Keywords after which a '/' starts a regular expression. */
static int
expr_keyword(const char *w, size_t n)
{
	static const char *const k[] = {
	    "return", "typeof", "instanceof", "in", "new", "delete",
	    "void",   "throw",  "case",       "do", "else"};
	size_t j;

	for (j = 0; j < sizeof(k) / sizeof(k[0]); j++)
		if (word_is(w, n, k[j]))
			return 1;
	return 0;
}

static void
scan_word(struct scan *sc, int after_dot, int *regex_ok)
{
	size_t start = sc->i, n;
	const char *w = sc->s + start;
	unsigned char nx;

	while (sc->i < sc->len && id_part((unsigned char)sc->s[sc->i]))
		sc->i++;
	n = sc->i - start;
	nx = peek(sc, sc->i);
	*regex_ok = expr_keyword(w, n);
	if (after_dot) {
		const char *what = es2015_method(w, n);
		if (nx == '(' && what != NULL)
			issue(sc, start, what);
		*regex_ok = 0;
		return;
	}
	if (word_is(w, n, "let") && (id_start(nx) || nx == '[' || nx == '{'))
		issue(sc, start, "'let' declaration (ES2015)");
	else if (word_is(w, n, "const") && id_start(nx))
		issue(sc, start, "'const' declaration (ES2015)");
	else if (word_is(w, n, "class") && (id_start(nx) || nx == '{'))
		issue(sc, start, "'class' (ES2015)");
	else if ((word_is(w, n, "import") || word_is(w, n, "export")) &&
	         (id_start(nx) || nx == '{' || nx == '*'))
		issue(sc, start, "module syntax (import/export, ES2015)");
	else if (word_is(w, n, "async") && id_start(nx)) {
		size_t j = peek_at(sc, sc->i);
		if (sc->len - j >= 8 && memcmp(sc->s + j, "function", 8) == 0)
			issue(sc, start, "async function (ES2017)");
	}
}

size_t
mri_pac_es5_scan(const char *s, size_t len, struct mr_es5_issue *out,
                 size_t cap)
{
	struct scan sc = {s, len, 0, 0, cap, 1, 0, out};
	int regex_ok = 1, after_dot = 0;

	while (sc.i < len) {
		unsigned char c = (unsigned char)s[sc.i];
		unsigned char c1 =
		    sc.i + 1 < len ? (unsigned char)s[sc.i + 1] : 0;
		unsigned char c2 =
		    sc.i + 2 < len ? (unsigned char)s[sc.i + 2] : 0;
		int dot = 0;

		if (is_space(c)) {
			step(&sc);
			continue;
		}
		if (c == '/' && c1 == '/') {
			while (sc.i < len && s[sc.i] != '\n')
				sc.i++;
			continue;
		}
		if (c == '/' && c1 == '*') {
			sc.i += 2;
			while (sc.i < len &&
			       !(s[sc.i] == '*' && sc.i + 1 < len &&
			         s[sc.i + 1] == '/'))
				step(&sc);
			sc.i = sc.i + 2 < len ? sc.i + 2 : len;
			continue;
		}
		if (c == '"' || c == '\'') {
			sc.i++;
			while (sc.i < len && (unsigned char)s[sc.i] != c &&
			       s[sc.i] != '\n') {
				if (s[sc.i] == '\\' && sc.i + 1 < len)
					step(&sc);
				step(&sc);
			}
			if (sc.i < len && (unsigned char)s[sc.i] == c)
				sc.i++;
			regex_ok = 0;
			after_dot = 0;
			continue;
		}
		if (c == '`') {
			issue(&sc, sc.i, "template literal (ES2015)");
			sc.i++;
			while (sc.i < len && s[sc.i] != '`') {
				if (s[sc.i] == '\\' && sc.i + 1 < len)
					step(&sc);
				step(&sc);
			}
			if (sc.i < len)
				sc.i++;
			regex_ok = 0;
			after_dot = 0;
			continue;
		}
		if (c == '/' && regex_ok) {
			int in_class = 0;
			sc.i++;
			while (sc.i < len && s[sc.i] != '\n') {
				char r = s[sc.i];
				if (r == '\\' && sc.i + 1 < len &&
				    s[sc.i + 1] != '\n') {
					sc.i += 2;
					continue;
				}
				sc.i++;
				if (r == '[')
					in_class = 1;
				else if (r == ']')
					in_class = 0;
				else if (r == '/' && !in_class)
					break;
			}
			while (sc.i < len && id_part((unsigned char)s[sc.i]))
				sc.i++;
			regex_ok = 0;
			after_dot = 0;
			continue;
		}
		if ((c >= '0' && c <= '9') ||
		    (c == '.' && c1 >= '0' && c1 <= '9')) {
			while (sc.i < len &&
			       (id_part((unsigned char)s[sc.i]) ||
			        s[sc.i] == '.' ||
			        ((s[sc.i] == '+' || s[sc.i] == '-') &&
			         (s[sc.i - 1] == 'e' || s[sc.i - 1] == 'E'))))
				sc.i++;
			regex_ok = 0;
			after_dot = 0;
			continue;
		}
		if (id_start(c)) {
			scan_word(&sc, after_dot, &regex_ok);
			after_dot = 0;
			continue;
		}
		/* Punctuators. */
		regex_ok = 1;
		if (c == '=' && c1 == '>') {
			issue(&sc, sc.i, "arrow function (ES2015)");
			sc.i += 2;
		} else if (c == '.' && c1 == '.' && c2 == '.') {
			issue(&sc, sc.i, "spread or rest '...' (ES2015)");
			sc.i += 3;
		} else if (c == '*' && c1 == '*') {
			issue(&sc, sc.i, "exponent operator '**' (ES2016)");
			sc.i += 2;
		} else if (c == '?' && c1 == '.' && !(c2 >= '0' && c2 <= '9')) {
			issue(&sc, sc.i, "optional chaining '?.' (ES2020)");
			sc.i += 2;
			dot = 1;
		} else if (c == '?' && c1 == '?') {
			issue(&sc, sc.i, "nullish coalescing '?\?' (ES2020)");
			sc.i += 2;
		} else {
			if (c == '.')
				dot = 1;
			if (c == ')' || c == ']' || c == '.')
				regex_ok = 0;
			sc.i++;
		}
		after_dot = dot;
	}
	return sc.n;
}

/* ---- the sandbox -------------------------------------------------------- */

struct dns_entry {
	const char *name;
	char addr[MR_ADDR_STRLEN];
};

struct sandbox {
	size_t used, limit;
	int oom;
	uint32_t steps, budget;
	int64_t deadline_ms;
	uint32_t wall_ms;
	int timed_out;
	char my_ip[MR_ADDR_STRLEN];
	const struct dns_entry *dns;
	size_t n_dns;
	double now_ms;
	int32_t tz_minutes;
};

#define HDR 16 /* keeps max_align_t alignment */

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
exec_check(void *udata)
{
	struct sandbox *sb = udata;

	if (sb == NULL)
		return 0;
	if (sb->timed_out)
		return 1;
	if (++sb->steps > sb->budget || mono_ms() > sb->deadline_ms) {
		sb->timed_out = 1;
		return 1;
	}
	return 0;
}

static void
arm(struct sandbox *sb, uint32_t budget)
{
	sb->steps = 0;
	sb->budget = budget;
	sb->timed_out = 0;
	sb->oom = 0;
	sb->deadline_ms = mono_ms() + sb->wall_ms;
}

static void *
sb_alloc(void *ud, duk_size_t size)
{
	struct sandbox *sb = ud;
	unsigned char *p;

	if (size > sb->limit || sb->used > sb->limit - size - HDR ||
	    size + HDR > sb->limit - sb->used) {
		sb->oom = 1;
		return NULL;
	}
	if ((p = malloc(size + HDR)) == NULL) {
		sb->oom = 1;
		return NULL;
	}
	memcpy(p, &size, sizeof(size));
	sb->used += size + HDR;
	return p + HDR;
}

static void
sb_free(void *ud, void *ptr)
{
	struct sandbox *sb = ud;
	unsigned char *p = ptr;
	duk_size_t size;

	if (p == NULL)
		return;
	p -= HDR;
	memcpy(&size, p, sizeof(size));
	sb->used -= size + HDR;
	free(p);
}

static void *
sb_realloc(void *ud, void *ptr, duk_size_t size)
{
	struct sandbox *sb = ud;
	unsigned char *p = ptr, *q;
	duk_size_t old;

	if (p == NULL)
		return size == 0 ? NULL : sb_alloc(ud, size);
	if (size == 0) {
		sb_free(ud, ptr);
		return NULL;
	}
	p -= HDR;
	memcpy(&old, p, sizeof(old));
	if (size > old &&
	    (size > sb->limit || size - old + HDR > sb->limit - sb->used)) {
		sb->oom = 1;
		return NULL;
	}
	if ((q = realloc(p, size + HDR)) == NULL) {
		sb->oom = 1;
		return NULL;
	}
	sb->used = sb->used - old + size;
	memcpy(q, &size, sizeof(size));
	return q + HDR;
}

static void
sb_fatal(void *ud, const char *msg)
{
	/* Unreachable: every API call runs inside duk_safe_call(). */
	(void)ud;
	(void)msg;
	abort();
}

static struct sandbox *
sb_of(duk_context *ctx)
{
	duk_memory_functions mf;

	duk_get_memory_functions(ctx, &mf);
	return mf.udata;
}

/* nat.resolve(name) -> address string or null, from the table. */
static duk_ret_t
nat_resolve(duk_context *ctx)
{
	struct sandbox *sb = sb_of(ctx);
	char name[MR_HOST_MAX + 2];
	duk_size_t n, i, k;
	const char *s = duk_to_lstring(ctx, 0, &n);

	if (n == 0 || n > MR_HOST_MAX + 1) {
		duk_push_null(ctx);
		return 1;
	}
	for (i = 0; i < n; i++)
		name[i] = (char)lower((unsigned char)s[i]);
	if (name[n - 1] == '.')
		n--;
	name[n] = '\0';
	for (k = 0; k < sb->n_dns; k++) {
		const char *p = sb->dns[k].name;
		if (mr_glob_match(p, strlen(p), name, n)) {
			duk_push_string(ctx, sb->dns[k].addr);
			return 1;
		}
	}
	duk_push_null(ctx);
	return 1;
}

static duk_ret_t
nat_my_ip(duk_context *ctx)
{
	duk_push_string(ctx, sb_of(ctx)->my_ip);
	return 1;
}

static duk_ret_t
nat_now(duk_context *ctx)
{
	struct sandbox *sb = sb_of(ctx);
	double tz = duk_to_boolean(ctx, 0) ? 0.0 : (double)sb->tz_minutes;

	duk_push_number(ctx, sb->now_ms + tz * 60000.0);
	return 1;
}

/* nat.inNetEx(address, "prefix/len") -> boolean. */
static duk_ret_t
nat_in_net_ex(duk_context *ctx)
{
	duk_size_t an, pn;
	const char *a = duk_to_lstring(ctx, 0, &an);
	const char *p = duk_to_lstring(ctx, 1, &pn);
	struct mr_addr addr;
	struct mr_prefix pfx;

	duk_push_boolean(ctx, mr_addr_parse(&addr, a, an) == MR_OK &&
	                          mr_prefix_parse(&pfx, p, pn, NULL) == MR_OK &&
	                          mr_prefix_contains(&pfx, &addr));
	return 1;
}

static int
cmp_addr(const void *x, const void *y)
{
	const struct mr_addr *a = x, *b = y;

	if (a->family != b->family)
		return a->family == MR_AF_INET6 ? -1 : 1;
	return memcmp(a->bytes, b->bytes, sizeof(a->bytes));
}

/* nat.sort("a;b;c") -> sorted list (IPv6 first, then IPv4, ascending),
 * or false when an item is not an address. At most 64 items. */
static duk_ret_t
nat_sort(duk_context *ctx)
{
	struct mr_addr v[64];
	char buf[64 * (MR_ADDR_STRLEN + 1)];
	duk_size_t n, i = 0;
	const char *s = duk_to_lstring(ctx, 0, &n);
	size_t k = 0, j, w = 0;

	while (i <= n) {
		const char *e = memchr(s + i, ';', n - i);
		size_t len = e ? (size_t)(e - (s + i)) : n - i;
		if (k == 64 || mr_addr_parse(&v[k], s + i, len) != MR_OK) {
			duk_push_false(ctx);
			return 1;
		}
		k++;
		i += len + 1;
	}
	qsort(v, k, sizeof(v[0]), cmp_addr);
	for (j = 0; j < k; j++) {
		if (j > 0)
			buf[w++] = ';';
		w += mr_addr_format(&v[j], buf + w, sizeof(buf) - w);
	}
	duk_push_lstring(ctx, buf, w);
	return 1;
}

/*
 * The PAC helper functions, ES5, compiled as one function expression that
 * receives the global object and the natives, so the natives stay out of
 * the PAC's reach.
 */
static const char helpers_js[] =
    "(function (g, nat) {\n"
    "'use strict';\n"
    "var re = {};\n"
    "var DAYS = ['SUN','MON','TUE','WED','THU','FRI','SAT'];\n"
    "var MONS = ['JAN','FEB','MAR','APR','MAY','JUN','JUL','AUG','SEP',"
    "'OCT','NOV','DEC'];\n"
    "function quad(s) {\n"
    "  var m = /^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$/"
    ".exec(s);\n"
    "  if (m === null) return null;\n"
    "  var v = 0;\n"
    "  for (var i = 1; i <= 4; i++) {\n"
    "    var b = parseInt(m[i], 10);\n"
    "    if (b > 255) return null;\n"
    "    v = v * 256 + b;\n"
    "  }\n"
    "  return v;\n"
    "}\n"
    "function gmtArgs(a) {\n"
    "  var v = Array.prototype.slice.call(a);\n"
    "  var gmt = v.length > 0 && v[v.length - 1] === 'GMT';\n"
    "  if (gmt) v.pop();\n"
    "  return {v: v, gmt: gmt};\n"
    "}\n"
    "function today(gmt) { return new Date(nat.now(gmt)); }\n"
    "function within(x, lo, hi) {\n"
    "  return lo <= hi ? (x >= lo && x <= hi) : (x >= lo || x <= hi);\n"
    "}\n"
    "g.isPlainHostName = function (host) {\n"
    "  host = String(host);\n"
    "  return host.indexOf('.') < 0 && host.indexOf(':') < 0;\n"
    "};\n"
    "g.dnsDomainIs = function (host, domain) {\n"
    "  host = String(host); domain = String(domain);\n"
    "  return host.length >= domain.length &&\n"
    "    host.substring(host.length - domain.length) === domain;\n"
    "};\n"
    "g.localHostOrDomainIs = function (host, hostdom) {\n"
    "  host = String(host); hostdom = String(hostdom);\n"
    "  return host === hostdom ||\n"
    "    (host.indexOf('.') < 0 && hostdom.indexOf(host + '.') === 0);\n"
    "};\n"
    "g.dnsDomainLevels = function (host) {\n"
    "  return String(host).split('.').length - 1;\n"
    "};\n"
    "g.shExpMatch = function (str, shexp) {\n"
    "  shexp = String(shexp);\n"
    "  var r = re['#' + shexp];\n"
    "  if (r === undefined) {\n"
    "    var src = shexp.replace(/[.+^${}()|[\\]\\\\\\/]/g, '\\\\$&')\n"
    "      .replace(/\\*/g, '.*').replace(/\\?/g, '.');\n"
    "    r = re['#' + shexp] = new RegExp('^' + src + '$');\n"
    "  }\n"
    "  return r.test(String(str));\n"
    "};\n"
    "g.dnsResolve = function (host) { return nat.resolve(String(host)); };\n"
    "g.isResolvable = function (host) {\n"
    "  return nat.resolve(String(host)) !== null;\n"
    "};\n"
    "g.myIpAddress = function () { return nat.myIp(); };\n"
    "g.isInNet = function (ipaddr, pattern, mask) {\n"
    "  var a = quad(String(ipaddr));\n"
    "  if (a === null) {\n"
    "    var r = nat.resolve(String(ipaddr));\n"
    "    if (r === null) return false;\n"
    "    a = quad(r);\n"
    "    if (a === null) return false;\n"
    "  }\n"
    "  var p = quad(String(pattern)), m = quad(String(mask));\n"
    "  if (p === null || m === null) return false;\n"
    "  for (var i = 0; i < 4; i++) {\n"
    "    var d = Math.pow(256, 3 - i);\n"
    "    var ab = Math.floor(a / d) % 256, pb = Math.floor(p / d) % 256,\n"
    "      mb = Math.floor(m / d) % 256;\n"
    "    if ((ab & mb) !== (pb & mb)) return false;\n"
    "  }\n"
    "  return true;\n"
    "};\n"
    "g.dnsResolveEx = function (host) {\n"
    "  var r = nat.resolve(String(host));\n"
    "  return r === null ? '' : r;\n"
    "};\n"
    "g.isResolvableEx = function (host) {\n"
    "  return nat.resolve(String(host)) !== null;\n"
    "};\n"
    "g.myIpAddressEx = function () { return nat.myIp(); };\n"
    "g.isInNetEx = function (ipaddr, prefix) {\n"
    "  var l = String(ipaddr).split(';');\n"
    "  for (var i = 0; i < l.length; i++)\n"
    "    if (nat.inNetEx(l[i], String(prefix))) return true;\n"
    "  return false;\n"
    "};\n"
    "g.sortIpAddressList = function (list) {\n"
    "  return nat.sort(String(list));\n"
    "};\n"
    "g.getClientVersion = function () { return '1.0'; };\n"
    "g.alert = function () {};\n"
    "g.weekdayRange = function () {\n"
    "  var a = gmtArgs(arguments);\n"
    "  if (a.v.length < 1 || a.v.length > 2) return false;\n"
    "  var d1 = DAYS.indexOf(String(a.v[0]).toUpperCase());\n"
    "  var d2 = a.v.length > 1 ? DAYS.indexOf(String(a.v[1]).toUpperCase())"
    " : d1;\n"
    "  if (d1 < 0 || d2 < 0) return false;\n"
    "  return within(today(a.gmt).getUTCDay(), d1, d2);\n"
    "};\n"
    "function dateSpec(list) {\n"
    "  var s = {};\n"
    "  for (var i = 0; i < list.length; i++) {\n"
    "    var m = MONS.indexOf(String(list[i]).toUpperCase());\n"
    "    if (m >= 0) { s.m = m + 1; continue; }\n"
    "    var n = parseInt(list[i], 10);\n"
    "    if (isNaN(n)) return null;\n"
    "    if (n < 32) s.d = n; else s.y = n;\n"
    "  }\n"
    "  return s;\n"
    "}\n"
    "g.dateRange = function () {\n"
    "  var a = gmtArgs(arguments), n = a.v.length, t = today(a.gmt);\n"
    "  var y = t.getUTCFullYear(), m = t.getUTCMonth() + 1, d = "
    "t.getUTCDate();\n"
    "  if (n < 1 || n > 6 || (n > 1 && n % 2)) return false;\n"
    "  var lo = dateSpec(a.v.slice(0, n > 1 ? n / 2 : 1));\n"
    "  var hi = n > 1 ? dateSpec(a.v.slice(n / 2)) : lo;\n"
    "  if (lo === null || hi === null) return false;\n"
    "  var fy = lo.y !== undefined, fm = lo.m !== undefined,\n"
    "    fd = lo.d !== undefined;\n"
    "  if (fy !== (hi.y !== undefined) || fm !== (hi.m !== undefined) ||\n"
    "      fd !== (hi.d !== undefined)) return false;\n"
    "  function key(yy, mm, dd) {\n"
    "    return (fy ? yy : 0) * 10000 + (fm ? mm : 0) * 100 + (fd ? dd : "
    "0);\n"
    "  }\n"
    "  var k = key(y, m, d), kl = key(lo.y, lo.m, lo.d), kh = key(hi.y, "
    "hi.m, hi.d);\n"
    "  if (fy && kl > kh) return false;\n"
    "  return within(k, kl, kh);\n"
    "};\n"
    "g.timeRange = function () {\n"
    "  var a = gmtArgs(arguments), v = a.v, t = today(a.gmt);\n"
    "  for (var i = 0; i < v.length; i++) {\n"
    "    v[i] = parseInt(v[i], 10);\n"
    "    if (isNaN(v[i])) return false;\n"
    "  }\n"
    "  var h = t.getUTCHours(), mi = t.getUTCMinutes(), s = "
    "t.getUTCSeconds();\n"
    "  if (v.length === 1) return h === v[0];\n"
    "  if (v.length === 2) return v[0] <= v[1] ? (h >= v[0] && h < v[1])"
    " : (h >= v[0] || h < v[1]);\n"
    "  if (v.length === 4) return within(h * 60 + mi, v[0] * 60 + v[1],"
    " v[2] * 60 + v[3]);\n"
    "  if (v.length === 6) return within(h * 3600 + mi * 60 + s,\n"
    "    v[0] * 3600 + v[1] * 60 + v[2], v[3] * 3600 + v[4] * 60 + "
    "v[5]);\n"
    "  return false;\n"
    "};\n"
    "})\n";

static duk_ret_t
setup(duk_context *ctx, void *udata)
{
	static const duk_function_list_entry natives[] = {
	    {"resolve", nat_resolve, 1}, {"myIp", nat_my_ip, 0},
	    {"now", nat_now, 1},         {"inNetEx", nat_in_net_ex, 2},
	    {"sort", nat_sort, 1},       {NULL, NULL, 0}};

	(void)udata;
	duk_push_global_object(ctx);
	duk_del_prop_string(ctx, -1, "Duktape");
	duk_pop(ctx);
	duk_push_string(ctx, HELPERS_NAME);
	duk_compile_lstring_filename(ctx, DUK_COMPILE_EVAL, helpers_js,
	                             sizeof(helpers_js) - 1);
	duk_call(ctx, 0); /* the eval yields the function expression */
	duk_push_global_object(ctx);
	duk_push_object(ctx);
	duk_put_function_list(ctx, -1, natives);
	duk_call(ctx, 2);
	return 0;
}

/* ---- the audit ---------------------------------------------------------- */

struct mr_pac_audit {
	struct mr_arena *arena;
	struct mr_pac_audit_stats st;
	struct mr_pac_audit_finding *f[MR_AUDIT_GROUP_COUNT];
	size_t n[MR_AUDIT_GROUP_COUNT], cap[MR_AUDIT_GROUP_COUNT];
	const char *name;
};

struct host {
	const char *host;
	const char *pattern;
};

static struct mr_pac_audit_finding *
add_finding(struct mr_pac_audit *a, enum mr_pac_audit_group g)
{
	struct mr_pac_audit_finding *f;

	if (a->n[g] == a->cap[g]) {
		size_t nc = a->cap[g] ? a->cap[g] * 2 : 16;
		f = realloc(a->f[g], nc * sizeof(*f));
		if (f == NULL)
			return NULL;
		a->f[g] = f;
		a->cap[g] = nc;
	}
	f = &a->f[g][a->n[g]++];
	memset(f, 0, sizeof(*f));
	f->group = g;
	a->st.findings++;
	return f;
}

struct load_ctx {
	const char *name;
	const char *js;
	size_t len;
	int compiled;
};

static duk_ret_t
load(duk_context *ctx, void *udata)
{
	struct load_ctx *l = udata;

	duk_push_string(ctx, l->name);
	duk_compile_lstring_filename(ctx, 0, l->js, l->len);
	l->compiled = 1;
	duk_call(ctx, 0);
	duk_pop(ctx);
	return 0;
}

/* Which entry point the file defines. */
static duk_ret_t
find_function(duk_context *ctx, void *udata)
{
	const char **fn = udata;

	static const char *const names[] = {"FindProxyForURL",
	                                    "FindProxyForURLEx"};
	size_t k;

	*fn = NULL;
	for (k = 0; k < 2 && *fn == NULL; k++) {
		if (duk_get_global_string(ctx, names[k]) &&
		    duk_is_function(ctx, -1))
			*fn = names[k];
		duk_pop(ctx);
	}
	return 0;
}

struct call_ctx {
	const char *fn, *url, *host;
};

static duk_ret_t
call_one(duk_context *ctx, void *udata)
{
	struct call_ctx *c = udata;

	duk_get_global_string(ctx, c->fn);
	duk_push_string(ctx, c->url);
	duk_push_string(ctx, c->host);
	duk_call(ctx, 2);
	return 1;
}

struct err_info {
	char msg[512];
	uint32_t line;
	const char *file;
};

/* The error on the stack top: its text and, when it points into the PAC
 * file, its line. Called through duk_safe_call() with the error as
 * argument. */
static duk_ret_t
describe_error(duk_context *ctx, void *udata)
{
	struct err_info *e = udata;
	const char *s;
	duk_size_t n;

	if (duk_is_object(ctx, 0)) {
		if (duk_get_prop_string(ctx, 0, "lineNumber") &&
		    duk_is_number(ctx, -1)) {
			double v = duk_get_number(ctx, -1);
			if (v >= 1 && v < 4e9)
				e->line = (uint32_t)v;
		}
		duk_pop(ctx);
		if (duk_get_prop_string(ctx, 0, "fileName") &&
		    duk_is_string(ctx, -1)) {
			if (strcmp(duk_get_string(ctx, -1), e->file) != 0)
				e->line = 0;
		} else {
			e->line = 0;
		}
		duk_pop(ctx);
	}
	s = duk_safe_to_lstring(ctx, 0, &n);
	if (n >= sizeof(e->msg))
		n = sizeof(e->msg) - 1;
	memcpy(e->msg, s, n);
	e->msg[n] = '\0';
	return 0;
}

static void
error_of(duk_context *ctx, struct sandbox *sb, const char *file,
         struct err_info *e)
{
	int timed_out = sb->timed_out, oom = sb->oom;
	size_t i;

	memset(e, 0, sizeof(*e));
	e->file = file;
	/* Keep the budget closed while describing a timeout: a getter or
	 * toString() of the PAC's own cannot run on. */
	if (duk_safe_call(ctx, describe_error, e, 1, 1) != DUK_EXEC_SUCCESS)
		snprintf(e->msg, sizeof(e->msg), "Error");
	duk_pop(ctx);
	if (timed_out)
		snprintf(e->msg, sizeof(e->msg),
		         "execution budget exceeded (an endless loop?)");
	else if (oom)
		snprintf(e->msg, sizeof(e->msg),
		         "the sandbox's memory cap "
		         "was reached");
	for (i = 0; e->msg[i]; i++)
		if ((unsigned char)e->msg[i] < 0x20)
			e->msg[i] = ' ';
}

/* "(line N)" in a SyntaxError message. */
static uint32_t
line_in_message(const char *m)
{
	const char *p = strstr(m, "(line ");
	unsigned long v = 0;

	if (p == NULL)
		return 0;
	for (p += 6; *p >= '0' && *p <= '9' && v < 4000000000UL; p++)
		v = v * 10 + (unsigned long)(*p - '0');
	return (uint32_t)v;
}

/* A non-string result, described: "undefined", "number 3", ... */
static void
describe_value(duk_context *ctx, char *buf, size_t cap)
{
	switch (duk_get_type(ctx, -1)) {
	case DUK_TYPE_UNDEFINED:
		snprintf(buf, cap, "undefined");
		break;
	case DUK_TYPE_NULL:
		snprintf(buf, cap, "null");
		break;
	case DUK_TYPE_BOOLEAN:
		snprintf(buf, cap, "boolean %s",
		         duk_get_boolean(ctx, -1) ? "true" : "false");
		break;
	case DUK_TYPE_NUMBER:
		snprintf(buf, cap, "number %.17g", duk_get_number(ctx, -1));
		break;
	default:
		snprintf(buf, cap, "%s",
		         duk_is_function(ctx, -1) ? "a function" : "an object");
		break;
	}
}

static int
cmp_host(const void *x, const void *y)
{
	const struct host *a = x, *b = y;

	return strcmp(a->host, b->host);
}

/* Every sample host of every host pattern, sorted, distinct. */
static int
collect_hosts(struct mr_pac_audit *a, const struct mr_matcher *m,
              struct host **out, size_t *n_out)
{
	size_t nr = mr_matcher_rule_count(m), i, k, n = 0, cap = 0, w = 0;
	char buf[3][MR_HOST_MAX + 1];
	struct host *h = NULL, *t;

	for (i = 0; i < nr; i++) {
		const struct mr_rule *r = mr_matcher_rule(m, (uint32_t)i);
		size_t ns;
		if (r->is_prefix)
			continue;
		ns = mr_pac_audit_samples(r->text, buf, 3);
		for (k = 0; k < ns; k++) {
			if (n == cap) {
				cap = cap ? cap * 2 : 256;
				if ((t = realloc(h, cap * sizeof(*h))) == NULL)
					goto nomem;
				h = t;
			}
			h[n].pattern = r->text;
			h[n].host =
			    mri_arena_strndup(a->arena, buf[k], strlen(buf[k]));
			if (h[n].host == NULL)
				goto nomem;
			n++;
		}
	}
	if (n > 0)
		qsort(h, n, sizeof(*h), cmp_host);
	for (i = 0; i < n; i++)
		if (w == 0 || strcmp(h[w - 1].host, h[i].host) != 0)
			h[w++] = h[i];
	*out = h;
	*n_out = w;
	return MR_OK;
nomem:
	free(h);
	return MR_ENOMEM;
}

static const char *
adup(struct mr_pac_audit *a, const char *s, size_t n)
{
	return mri_arena_strndup(a->arena, s, n);
}

/* Evaluate every host; fills the decision groups. */
static int
evaluate(struct mr_pac_audit *a, duk_context *ctx, struct sandbox *sb,
         const struct mr_matcher *m, const char *fn, const char *direct,
         uint32_t budget, uint32_t max_timeouts, const char *name)
{
	struct host *hosts;
	size_t n, i;
	uint32_t timeouts = 0;
	char url[MR_HOST_MAX + 16], first[RESULT_MAX], desc[64];
	int rc;

	if ((rc = collect_hosts(a, m, &hosts, &n)) != MR_OK)
		return rc;
	a->st.hosts = n;
	for (i = 0; i < n; i++) {
		struct call_ctx c = {fn, url, hosts[i].host};
		struct mr_match mt;
		struct mr_pac_audit_finding *f = NULL;
		const char *res, *why = NULL;
		duk_size_t rlen = 0;
		enum mr_route route;
		int is_direct;

		if (timeouts >= max_timeouts) {
			a->st.skipped = n - i;
			break;
		}
		route =
		    mr_match_host(m, hosts[i].host, strlen(hosts[i].host), &mt);
		snprintf(url, sizeof(url), "https://%s/", hosts[i].host);
		arm(sb, budget);
		a->st.evaluated++;
		if (duk_safe_call(ctx, call_one, &c, 0, 1) !=
		    DUK_EXEC_SUCCESS) {
			struct err_info e;
			if (sb->timed_out) {
				timeouts++;
				a->st.timeouts++;
			}
			error_of(ctx, sb, name, &e);
			if ((f = add_finding(a, MR_AUDIT_BAD_RESULT)) == NULL)
				goto nomem;
			f->result = adup(a, e.msg, strlen(e.msg));
			f->why = "FindProxyForURL threw";
			f->line = e.line;
			goto fill;
		}
		if (!duk_is_string(ctx, -1)) {
			describe_value(ctx, desc, sizeof(desc));
			duk_pop(ctx);
			if ((f = add_finding(a, MR_AUDIT_BAD_RESULT)) == NULL)
				goto nomem;
			f->result = adup(a, desc, strlen(desc));
			f->why = "not a string";
			goto fill;
		}
		res = duk_get_lstring(ctx, -1, &rlen);
		why = mr_pac_audit_check_return(res, rlen);
		if (why != NULL) {
			if ((f = add_finding(a, MR_AUDIT_BAD_RESULT)) == NULL) {
				duk_pop(ctx);
				goto nomem;
			}
			f->result =
			    adup(a, res, rlen < RESULT_MAX ? rlen : RESULT_MAX);
			f->why = why;
			duk_pop(ctx);
			goto fill;
		}
		mr_pac_audit_first_entry(res, rlen, first, sizeof(first));
		is_direct = strcmp(first, direct) == 0;
		if (is_direct)
			a->st.first_direct++;
		else
			a->st.first_other++;
		if (route == MR_ROUTE_EXPRESSROUTE && !is_direct)
			f = add_finding(a, MR_AUDIT_ER_NOT_DIRECT);
		else if (route != MR_ROUTE_EXPRESSROUTE && is_direct)
			f = add_finding(a, MR_AUDIT_INET_DIRECT);
		else {
			duk_pop(ctx);
			continue;
		}
		if (f == NULL) {
			duk_pop(ctx);
			goto nomem;
		}
		f->result = adup(a, res, rlen < RESULT_MAX ? rlen : RESULT_MAX);
		duk_pop(ctx);
	fill:
		f->host = hosts[i].host;
		f->pattern = hosts[i].pattern;
		f->route = route;
		if (f->result == NULL)
			goto nomem;
	}
	free(hosts);
	return MR_OK;
nomem:
	free(hosts);
	return MR_ENOMEM;
}

static int
check_opts(const struct mr_pac_audit_opts *o, struct sandbox *sb,
           struct dns_entry **dns, char *direct, size_t dcap)
{
	struct mr_addr ad;
	const char *why, *ip = o->my_ip ? o->my_ip : "10.0.0.10";
	const char *dir = o->direct ? o->direct : "DIRECT";
	size_t k;

	if (o->version != MR_PAC_AUDIT_OPTS_VERSION)
		return mri_error_set(MR_EINVAL,
		                     "pac audit: unknown options "
		                     "version %u",
		                     o->version);
	if ((why = mr_pac_audit_check_return(dir, strlen(dir))) != NULL)
		return mri_error_set(
		    MR_EINVAL, "'%s' is not a PAC return string: %s", dir, why);
	mr_pac_audit_first_entry(dir, strlen(dir), direct, dcap);
	if (mr_addr_parse(&ad, ip, strlen(ip)) != MR_OK)
		return mri_error_set(MR_EINVAL,
		                     "'%s' is not an IPv4 or IPv6 address", ip);
	mr_addr_format(&ad, sb->my_ip, sizeof(sb->my_ip));
	*dns = NULL;
	if (o->n_dns > 0 && (*dns = calloc(o->n_dns, sizeof(**dns))) == NULL)
		return mri_error_set(MR_ENOMEM, "out of memory");
	for (k = 0; k < o->n_dns; k++) {
		const char *a = o->dns[k].addr, *nm = o->dns[k].name;
		if (nm == NULL || nm[0] == '\0' || a == NULL ||
		    mr_addr_parse(&ad, a, strlen(a)) != MR_OK) {
			free(*dns);
			*dns = NULL;
			return mri_error_set(MR_EINVAL,
			                     "DNS entry %zu: '%s' is not an "
			                     "address for '%s'",
			                     k + 1, a ? a : "", nm ? nm : "");
		}
		(*dns)[k].name = nm;
		mr_addr_format(&ad, (*dns)[k].addr, sizeof((*dns)[k].addr));
	}
	sb->dns = *dns;
	sb->n_dns = o->n_dns;
	return MR_OK;
}

static void
set_load(struct mr_pac_audit *a, enum mr_pac_audit_load l, const char *msg,
         uint32_t line)
{
	a->st.load = l;
	a->st.load_error = msg ? adup(a, msg, strlen(msg)) : NULL;
	a->st.load_line = line;
}

int
mr_pac_audit(struct mr_pac_audit **out, const char *name, const char *js,
             size_t len, const struct mr_matcher *m,
             const struct mr_pac_audit_opts *opts, struct mr_diags *d)
{
	static const struct mr_pac_audit_opts defaults = MR_PAC_AUDIT_OPTS_INIT;
	const struct mr_pac_audit_opts *o = opts ? opts : &defaults;
	struct mr_pac_audit *a;
	struct sandbox sb;
	struct dns_entry *dns = NULL;
	struct mr_es5_issue *iss = NULL;
	struct load_ctx lc;
	duk_context *ctx = NULL;
	char direct[RESULT_MAX];
	size_t n_iss, k, max_size = o->max_size ? o->max_size : SIZE_DEFAULT;
	const char *fn = NULL;
	int rc = MR_OK;

	*out = NULL;
	if (name == NULL)
		name = "<pac>";
	if (js == NULL && len > 0)
		return mri_error_set(MR_EINVAL, "pac audit: no text");
	memset(&sb, 0, sizeof(sb));
	if ((rc = check_opts(o, &sb, &dns, direct, sizeof(direct))) != MR_OK)
		return rc;
	if ((a = calloc(1, sizeof(*a))) == NULL ||
	    mri_arena_create(&a->arena) != 0) {
		free(a);
		free(dns);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	a->name = adup(a, name, strlen(name));
	if (d != NULL && len <= max_size)
		a->st.src = mr_diags_add_source(d, name, js ? js : "", len);
	if (len > max_size) {
		set_load(a, MR_AUDIT_LOAD_TOO_LARGE,
		         "the file is larger than "
		         "the audit accepts",
		         0);
		rc = MR_EPARSE;
		goto done;
	}

	/* Syntax newer than ES5. */
	n_iss = mri_pac_es5_scan(js, len, NULL, 0);
	if (n_iss > 0) {
		if ((iss = calloc(n_iss, sizeof(*iss))) == NULL)
			goto nomem;
		mri_pac_es5_scan(js, len, iss, n_iss);
		for (k = 0; k < n_iss; k++) {
			struct mr_pac_audit_finding *f =
			    add_finding(a, MR_AUDIT_NOT_ES5);
			if (f == NULL)
				goto nomem;
			f->result = iss[k].what;
			f->line = iss[k].line;
			f->col = iss[k].col;
		}
	}

	sb.limit = o->mem_limit ? o->mem_limit : MEM_DEFAULT;
	sb.wall_ms = o->wall_ms ? o->wall_ms : WALL_DEFAULT_MS;
	sb.now_ms = (double)(o->now ? o->now : NOW_DEFAULT) * 1000.0;
	sb.tz_minutes = o->tz_minutes;
	arm(&sb, STEP_DEFAULT_LOAD);
	ctx = duk_create_heap(sb_alloc, sb_realloc, sb_free, &sb, sb_fatal);
	if (ctx == NULL)
		goto nomem;
	if (duk_safe_call(ctx, setup, NULL, 0, 1) != DUK_EXEC_SUCCESS) {
		rc = mri_error_set(MR_ENOMEM,
		                   "pac audit: cannot set up the "
		                   "sandbox: %s",
		                   duk_safe_to_string(ctx, -1));
		goto done;
	}
	duk_pop(ctx);

	lc.name = name;
	lc.js = js ? js : "";
	lc.len = len;
	lc.compiled = 0;
	arm(&sb, o->load_budget ? o->load_budget : STEP_DEFAULT_LOAD);
	if (duk_safe_call(ctx, load, &lc, 0, 1) != DUK_EXEC_SUCCESS) {
		struct err_info e;
		int timed_out = sb.timed_out, oom = sb.oom;
		error_of(ctx, &sb, name, &e);
		if (!lc.compiled) {
			uint32_t line = line_in_message(e.msg);
			if (oom)
				set_load(a, MR_AUDIT_LOAD_NO_MEMORY, e.msg,
				         line);
			else if (n_iss > 0)
				set_load(a, MR_AUDIT_LOAD_NOT_ES5, e.msg, line);
			else
				set_load(a, MR_AUDIT_LOAD_NOT_JS, e.msg, line);
		} else {
			set_load(a,
			         timed_out ? MR_AUDIT_LOAD_TIMEOUT
			         : oom     ? MR_AUDIT_LOAD_NO_MEMORY
			                   : MR_AUDIT_LOAD_THREW,
			         e.msg, e.line);
		}
		rc = a->st.load == MR_AUDIT_LOAD_NOT_ES5 ? MR_OK : MR_EPARSE;
		goto done;
	}
	duk_pop(ctx);
	arm(&sb, STEP_DEFAULT_LOAD);
	if (duk_safe_call(ctx, find_function, &fn, 0, 1) != DUK_EXEC_SUCCESS ||
	    fn == NULL) {
		duk_pop(ctx);
		set_load(a, MR_AUDIT_LOAD_NO_FUNC,
		         "the file defines no function FindProxyForURL", 0);
		rc = MR_EPARSE;
		goto done;
	}
	duk_pop(ctx);
	a->st.function = fn;
	rc = evaluate(a, ctx, &sb, m, fn, direct,
	              o->call_budget ? o->call_budget : STEP_DEFAULT_CALL,
	              o->max_timeouts ? o->max_timeouts : TIMEOUTS_DEFAULT,
	              name);
	if (rc != MR_OK)
		goto nomem;
	a->st.load = MR_AUDIT_LOAD_OK;
	goto done;
nomem:
	rc = mri_error_set(MR_ENOMEM, "out of memory");
done:
	if (ctx != NULL) {
		/* Nothing of the PAC's may run while the heap is torn down. */
		sb.timed_out = 1;
		duk_destroy_heap(ctx);
	}
	free(iss);
	free(dns);
	if (rc == MR_ENOMEM) {
		mr_pac_audit_free(a);
		return rc;
	}
	if (a->st.load != MR_AUDIT_LOAD_OK && a->st.hosts == 0) {
		/* Nothing evaluated: every catalog host counts as skipped. */
		struct host *h;
		size_t nh;
		if (collect_hosts(a, m, &h, &nh) == MR_OK) {
			a->st.hosts = nh;
			a->st.skipped = nh;
			free(h);
		}
	}
	*out = a;
	return rc;
}

void
mr_pac_audit_free(struct mr_pac_audit *a)
{
	size_t g;

	if (a == NULL)
		return;
	for (g = 0; g < MR_AUDIT_GROUP_COUNT; g++)
		free(a->f[g]);
	mri_arena_destroy(a->arena);
	free(a);
}

void
mr_pac_audit_stats(const struct mr_pac_audit *a, struct mr_pac_audit_stats *out)
{
	*out = a->st;
}

size_t
mr_pac_audit_count(const struct mr_pac_audit *a, enum mr_pac_audit_group g)
{
	return (unsigned)g < MR_AUDIT_GROUP_COUNT ? a->n[g] : 0;
}

const struct mr_pac_audit_finding *
mr_pac_audit_get(const struct mr_pac_audit *a, enum mr_pac_audit_group g,
                 size_t i)
{
	if ((unsigned)g >= MR_AUDIT_GROUP_COUNT || i >= a->n[g])
		return NULL;
	return &a->f[g][i];
}

const char *
mr_pac_audit_group_name(enum mr_pac_audit_group g)
{
	switch (g) {
	case MR_AUDIT_ER_NOT_DIRECT:
		return "expressroute-not-direct";
	case MR_AUDIT_INET_DIRECT:
		return "internet-direct";
	case MR_AUDIT_BAD_RESULT:
		return "bad-result";
	case MR_AUDIT_NOT_ES5:
		return "not-es5";
	default:
		return "?";
	}
}
