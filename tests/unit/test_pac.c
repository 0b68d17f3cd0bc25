/*
 * test_pac.c - PAC generation (pac_gen.c) and PAC strings (pac_str.c).
 *
 * Generated files are evaluated in Duktape 2.7 (the engine libproxy uses;
 * Debian's libduktape207, pulled in by duktape-dev, loaded with dlopen() so
 * this test needs no link flag of its own) with the standard helpers of
 * tests/pac/pac-helpers.js, and
 * each answer is compared with an oracle computed here:
 * - --type expressroute: mr_match_host() on the lowercased host;
 * - types 1/2: a direct re-implementation of Get-PacFile's first-match
 *   chains (exceptions -> proxy, direct -> direct, else proxy) with
 *   mr_glob_match() as shExpMatch.
 * Catalogs: both worldwide snapshots, the embedded instances and an
 * adversarial feed with nested wildcards of alternating routes, "*suffix",
 * "a*b", several stars and a trailing star (the fallback path).
 * tests/scripts/test-pac-parity.sh does the same at scale in pacparser,
 * Duktape and Node against Microsoft's reference files.
 */
#include <dlfcn.h>
#include <duktape.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "m365route/m365route.h"
#include "m365route/pac.h"
#include "m365route/pacaudit.h"
#include "pac_str.h"
#include "testutil.h"

/* ---- return strings and escaping ---- */

static void
test_return_valid(void **state)
{
	static const char *const ok[] = {
	    "DIRECT",
	    "PROXY 10.10.10.10:8080",
	    "PROXY proxy.example.com:3128",
	    "HTTPS p-1.example.com:443",
	    "SOCKS 10.0.0.1:1080",
	    "SOCKS5 [2001:db8::1]:1080",
	    "PROXY a:1; DIRECT",
	    "PROXY a.b:65535;PROXY c.d:8080;  DIRECT",
	    "PROXY Proxy.Example.COM:80",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		assert_null(mr_pac_return_check(ok[i], strlen(ok[i]), NULL));
}

static void
test_return_invalid(void **state)
{
	static const struct {
		const char *s;
		size_t bad;
	} bad[] = {
	    {"", 0},
	    {"direct", 0},
	    {"PROXY", 0},
	    {"PROXY ", 6},
	    {"PROXY  a:1", 6},
	    {"PROXY a", 7},
	    {"PROXY a:", 8},
	    {"PROXY a:0", 8},
	    {"PROXY a:08080", 8},
	    {"PROXY a:65536", 12},
	    {"PROXY a:80x", 10},
	    {"PROXY -a:80", 6},
	    {"PROXY a..b:80", 8},
	    {"PROXY a_b:80", 7},
	    {"PROXY 1.2.3:80", 6},
	    {"PROXY 1.2.3.256:80", 6},
	    {"PROXY [1.2.3.4]:80", 7},
	    {"PROXY [::1]", 11},
	    {"PROXY [::1:80", 6},
	    {"PROXY a:80;", 11},
	    {"PROXY a:80;;DIRECT", 11},
	    {";DIRECT", 0},
	    {" DIRECT", 0},
	    {"DIRECT ", 0},
	    {"HTTP a:80", 0},
	    {"SOCKS4 a:80", 0},
	    {"PROXY a:80\"; alert(1); \"", 10},
	    {"PROXY a:80\n", 10},
	    {"DIRECT\"+x+\"", 0},
	};
	size_t i, at;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		at = 9999;
		if (mr_pac_return_check(bad[i].s, strlen(bad[i].s), &at) ==
		    NULL)
			fail_msg("accepted '%s'", bad[i].s);
		if (at != bad[i].bad)
			fail_msg("'%s': offset %zu, want %zu", bad[i].s, at,
			         bad[i].bad);
	}
	assert_non_null(mr_pac_return_check(NULL, 0, NULL));
}

/*
 * One grammar, two modes (pac_str.c): every row is read strictly (what we
 * write: the reason and its offset) and leniently (what we audit: the
 * reason, or the normalised first entry). The expectations are what the
 * two parsers that came before gave: the inputs of fuzz/corpus/pacopts,
 * of tests/golden/pac (return-strings, bad-*), and one or more per reason.
 */
#define KW_STRICT                                                              \
	"expected DIRECT, or PROXY, HTTPS, SOCKS or SOCKS5 followed by one "   \
	"space and host:port"
#define KW_LENIENT                                                             \
	"an entry is not DIRECT, PROXY, HTTP, HTTPS, SOCKS, SOCKS4 or SOCKS5"
#define PORT_CHAR  "unexpected character after the port number"
#define PORT_RANGE "port number must be 1..65535 without leading zero"

static void
test_return_modes(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		const char *strict; /* reason, NULL when valid */
		size_t bad;
		const char *lenient; /* reason, NULL when valid */
		const char *first;   /* lenient: the first entry */
	} rows[] = {
	    {"DIRECT\n", 7, KW_STRICT, 0, NULL, "DIRECT"},
	    {"PROXY a.example:3128; PROXY b.example:3128; DIRECT\n", 51,
	     KW_STRICT, 44, NULL, "PROXY a.example:3128"},
	    {"HTTPS [2001:db8::1]:443;SOCKS5 10.0.0.1:1080\n", 45, PORT_CHAR,
	     44, NULL, "HTTPS [2001:db8::1]:443"},
	    {"PROXY a:80\"; return \"DIRECT\n", 28, PORT_CHAR, 10,
	     "a proxy port is not a number", ""},
	    {"proxy a:0080;\n", 14, KW_STRICT, 0, NULL, "PROXY a:0080"},
	    {"PROXY a:80\n// x\r\n\n", 18, PORT_CHAR, 10,
	     "a proxy entry has more than one host:port", ""},
	    {"PROXY 10.10.10.10:8080\n", 23, PORT_CHAR, 22, NULL,
	     "PROXY 10.10.10.10:8080"},
	    {"\xe2"
	     "\x80"
	     "\xa8"
	     "PROXY a:1<\\>\n",
	     16, KW_STRICT, 0, KW_LENIENT, ""},
	    {"SOCKS [::ffff:1.2.3.4]:1\n", 25, PORT_CHAR, 24, NULL,
	     "SOCKS [::ffff:1.2.3.4]:1"},
	    {"PROXY er-gw.example.net:8080; DIRECT", 36, NULL, 0, NULL,
	     "PROXY er-gw.example.net:8080"},
	    {"HTTPS [2001:db8::1]:443;SOCKS5 10.0.0.1:1080", 44, NULL, 0, NULL,
	     "HTTPS [2001:db8::1]:443"},
	    {"DIRECT;", 7, "empty item after ';' in PAC return string", 7, NULL,
	     "DIRECT"},
	    {"PROXY a:80\"; return \"DIRECT", 27, PORT_CHAR, 10,
	     "a proxy port is not a number", ""},
	    {"proxy a:80", 10, KW_STRICT, 0, NULL, "PROXY a:80"},
	    {"PROXY 10.0.0.1", 14, "missing ':port' after the proxy host", 14,
	     NULL, "PROXY 10.0.0.1"},
	    {"PROXY er-proxy.contoso.com:8080", 31, NULL, 0, NULL,
	     "PROXY er-proxy.contoso.com:8080"},
	    {"PROXY", 5, KW_STRICT, 0, "a proxy entry has no host", ""},
	    {"DIRECT", 6, NULL, 0, NULL, "DIRECT"},
	    {"PROXY p.example:8080; DIRECT", 28, NULL, 0, NULL,
	     "PROXY p.example:8080"},
	    {"SOCKS5 10.0.0.1:1080", 20, NULL, 0, NULL, "SOCKS5 10.0.0.1:1080"},
	    {"PROXY a.b:65535;PROXY c.d:8080;  DIRECT", 39, NULL, 0, NULL,
	     "PROXY a.b:65535"},
	    {"SOCKS [::1]:1", 13, NULL, 0, NULL, "SOCKS [::1]:1"},
	    {"direct", 6, KW_STRICT, 0, NULL, "DIRECT"},
	    {" PROXY [2001:db8::1]:80 ;", 25, KW_STRICT, 0, NULL,
	     "PROXY [2001:db8::1]:80"},
	    {"PROXY host", 10, "missing ':port' after the proxy host", 10, NULL,
	     "PROXY host"},
	    {"HTTP a:80", 9, KW_STRICT, 0, NULL, "HTTP a:80"},
	    {"SOCKS4 a:80", 11, KW_STRICT, 0, NULL, "SOCKS4 a:80"},
	    {"PROXY a_b:80", 12, "character not allowed in a proxy host name",
	     7, NULL, "PROXY a_b:80"},
	    {"PROXY a:08080", 13, PORT_RANGE, 8, NULL, "PROXY a:08080"},
	    {"PROXY -a:80", 11,
	     "label starts or ends with '-' in proxy host name", 6, NULL,
	     "PROXY -a:80"},
	    {"PROXY a..b:80", 13, "empty label in proxy host name", 8, NULL,
	     "PROXY a..b:80"},
	    {"PROXY 1.2.3.256:80", 18, "not a valid IPv4 address", 6, NULL,
	     "PROXY 1.2.3.256:80"},
	    {"PROXY [::1]", 11, "missing ':port' after the proxy host", 11,
	     NULL, "PROXY [::1]"},
	    {"\tPROXY\t P.Example:81 \r\n", 23, KW_STRICT, 0, NULL,
	     "PROXY p.example:81"},
	    {"PROXY a:80;;DIRECT", 18, "empty item in PAC return string", 11,
	     NULL, "PROXY a:80"},
	    {";DIRECT", 7, "empty item in PAC return string", 0, NULL,
	     "DIRECT"},
	    {" DIRECT", 7, KW_STRICT, 0, NULL, "DIRECT"},
	    {"DIRECT ", 7, KW_STRICT, 0, NULL, "DIRECT"},
	    {"PROXY  a:1", 10, "character not allowed in a proxy host name", 6,
	     NULL, "PROXY a:1"},
	    {" ; proxy P.Example:81; DIRECT", 29, KW_STRICT, 0, NULL,
	     "PROXY p.example:81"},
	    {"", 0, "empty PAC return string", 0,
	     "the result is an empty string", ""},
	    {" ; ", 3, KW_STRICT, 0, "the result is an empty string", ""},
	    {"PROXY ", 6, "missing host:port after the keyword", 6,
	     "a proxy entry has no host", ""},
	    {"PROXY=h:1", 9, KW_STRICT, 0, KW_LENIENT, ""},
	    {"PROXY h:0", 9, PORT_RANGE, 8, "a proxy port is 0", ""},
	    {"PROXY h:65536", 13, PORT_RANGE, 12,
	     "a proxy port is larger than 65535", ""},
	    {"PROXY h:1 x", 11, PORT_CHAR, 9,
	     "a proxy entry has more than one host:port", ""},
	    {"DIRECT x", 8, KW_STRICT, 0, "DIRECT takes no argument", ""},
	    {"PROXY [::1:80", 13, "'[' without ']' in proxy address", 6,
	     "an IPv6 proxy address lacks its ']'", ""},
	    {"PROXY a\"b:1", 11, "character not allowed in a proxy host name",
	     7, "a proxy host holds a character no host name has", ""},
	    {"DIRECT\x00"
	     "",
	     7, KW_STRICT, 0, "the result holds a NUL byte", ""},
	    {"PROXY a:", 8, "missing port number after ':'", 8,
	     "a proxy port is missing after ':'", ""},
	    {"PROXY a:80x", 11, PORT_CHAR, 10, "a proxy port is not a number",
	     ""},
	    {"PROXY a:x", 9, PORT_RANGE, 8, "a proxy port is not a number", ""},
	    {"PROXY [1.2.3.4]:80", 18, "not an IPv6 address in brackets", 7,
	     "a bracketed proxy address is not IPv6", ""},
	    {"PROXY [::1]x", 12, "missing ':port' after the proxy host", 11,
	     "a proxy port is missing after ':'", ""},
	    {"PROXY :80", 9, "missing proxy host before ':'", 6,
	     "a proxy entry has no host", ""},
	    {"bogus", 5, KW_STRICT, 0, KW_LENIENT, ""},
	    {"PROXY a:80\"; alert(1); \"", 24, PORT_CHAR, 10,
	     "a proxy port is not a number", ""},
	    {"DIRECT\"+x+\"", 11, KW_STRICT, 0, KW_LENIENT, ""},
	    {"PROXY a:00", 10, PORT_RANGE, 8, "a proxy port is 0", ""},
	    {"PROXY a.-b:1", 12,
	     "label starts or ends with '-' in proxy host name", 8, NULL,
	     "PROXY a.-b:1"},
	    {"PROXY 1.2.3:80", 14, "not a valid IPv4 address", 6, NULL,
	     "PROXY 1.2.3:80"},
	};
	struct mri_pac_entry e;
	const char *why;
	size_t i, at;
	char buf[64];

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *s = rows[i].s;
		size_t n = rows[i].len;

		at = 9999;
		why = mri_pac_return_parse(s, n, MRI_PAC_STRICT, &at, NULL);
		if (rows[i].strict == NULL
		        ? why != NULL
		        : why == NULL || strcmp(why, rows[i].strict) != 0 ||
		              at != rows[i].bad)
			fail_msg("row %zu strict: '%s' at %zu", i,
			         why ? why : "valid", at);
		why = mr_pac_return_check(s, n, &at);
		assert_true(why == rows[i].strict ||
		            strcmp(why, rows[i].strict) == 0);

		why = mri_pac_return_parse(s, n, MRI_PAC_LENIENT, &at, &e);
		if (rows[i].lenient == NULL
		        ? why != NULL
		        : why == NULL || strcmp(why, rows[i].lenient) != 0)
			fail_msg("row %zu lenient: '%s'", i,
			         why ? why : "valid");
		why = mr_pac_audit_check_return(s, n);
		assert_true(why == rows[i].lenient ||
		            strcmp(why, rows[i].lenient) == 0);
		assert_int_equal(
		    mr_pac_audit_first_entry(s, n, buf, sizeof(buf)),
		    strlen(rows[i].first));
		if (rows[i].lenient == NULL)
			assert_string_equal(buf, rows[i].first);
	}
	at = 9999;
	assert_string_equal(
	    mri_pac_return_parse(NULL, 0, MRI_PAC_STRICT, &at, NULL),
	    "empty PAC return string");
	assert_int_equal(at, 0);
	assert_string_equal(
	    mri_pac_return_parse(NULL, 0, MRI_PAC_LENIENT, &at, NULL),
	    "no result");
}

static void
test_js_escape(void **state)
{
	char buf[64];
	size_t n;

	(void)state;
	n = mr_pac_js_escape(buf, sizeof(buf), "a\"b'c\\d", 7);
	assert_string_equal(buf, "a\\\"b\\'c\\\\d");
	assert_int_equal(n, 10);
	n = mr_pac_js_escape(buf, sizeof(buf), "\n\r</script>\xe2\x80\xa8", 14);
	assert_string_equal(buf, "\\x0a\\x0d\\x3c/script\\x3e\\xe2\\x80\\xa8");
	assert_int_equal(n, strlen(buf));
	/* truncation: NUL-terminated, the needed length returned */
	n = mr_pac_js_escape(buf, 4, "abcdef", 6);
	assert_int_equal(n, 6);
	assert_string_equal(buf, "abc");
	n = mr_pac_js_escape(buf, 0, "abc", 3);
	assert_int_equal(n, 3);
	n = mr_pac_js_escape(buf, sizeof(buf), "x", 0);
	assert_int_equal(n, 0);
	assert_string_equal(buf, "");
}

/* ---- Duktape, from libduktape.so.207 ---- */

#define DUK_FNS(X)                                                             \
	X(duk_create_heap)                                                     \
	X(duk_destroy_heap)                                                    \
	X(duk_eval_raw)                                                        \
	X(duk_pop)                                                             \
	X(duk_safe_to_lstring)                                                 \
	X(duk_get_global_string)                                               \
	X(duk_push_string)                                                     \
	X(duk_pcall)                                                           \
	X(duk_is_string)                                                       \
	X(duk_get_string)
#define DUK_DECL(f) static __typeof__(f) *p_##f;
DUK_FNS(DUK_DECL)
#undef DUK_DECL

static int
duk_open(void)
{
	void *h = dlopen("libduktape.so.207", RTLD_NOW | RTLD_LOCAL);

	if (h == NULL)
		h = dlopen("libduktape.so", RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		fprintf(stderr,
		        "test_pac: cannot load Duktape (%s); install "
		        "duktape-dev (scripts/install-deps)\n",
		        dlerror());
		return -1;
	}
#define DUK_LOAD(f)                                                            \
	if ((*(void **)&p_##f = dlsym(h, #f)) == NULL)                         \
		return -1;
	DUK_FNS(DUK_LOAD)
#undef DUK_LOAD
	return 0;
}

/* From here on the API macros of duktape.h call through the pointers. */
#define duk_create_heap       (*p_duk_create_heap)
#define duk_destroy_heap      (*p_duk_destroy_heap)
#define duk_eval_raw          (*p_duk_eval_raw)
#define duk_pop               (*p_duk_pop)
#define duk_safe_to_lstring   (*p_duk_safe_to_lstring)
#define duk_get_global_string (*p_duk_get_global_string)
#define duk_push_string       (*p_duk_push_string)
#define duk_pcall             (*p_duk_pcall)
#define duk_is_string         (*p_duk_is_string)
#define duk_get_string        (*p_duk_get_string)

static char *helpers;

static duk_context *
js_load(const char *pac)
{
	duk_context *ctx = duk_create_heap_default();

	assert_non_null(ctx);
	if (duk_peval_string(ctx, helpers) != 0)
		fail_msg("helpers: %s", duk_safe_to_string(ctx, -1));
	duk_pop(ctx);
	if (duk_peval_string(ctx, pac) != 0)
		fail_msg("PAC does not load in Duktape: %s\n%s",
		         duk_safe_to_string(ctx, -1), pac);
	duk_pop(ctx);
	return ctx;
}

/* 1 DIRECT, 0 the proxy string, fails otherwise. */
static int
js_call(duk_context *ctx, const char *host, const char *proxy)
{
	char url[600];
	const char *r;
	int d = -1;

	snprintf(url, sizeof(url), "http://%s/", host);
	duk_get_global_string(ctx, "FindProxyForURL");
	duk_push_string(ctx, url);
	duk_push_string(ctx, host);
	if (duk_pcall(ctx, 2) != 0 || !duk_is_string(ctx, -1))
		fail_msg("FindProxyForURL(%s) failed: %s", host,
		         duk_safe_to_string(ctx, -1));
	r = duk_get_string(ctx, -1);
	if (strcmp(r, "DIRECT") == 0)
		d = 1;
	else if (strcmp(r, proxy) == 0)
		d = 0;
	else
		fail_msg("FindProxyForURL(%s) = '%s'", host, r);
	duk_pop(ctx);
	return d;
}

/* ---- oracles ---- */

static int
oracle_er(const struct mr_matcher *m, const char *host)
{
	char h[300];
	size_t n = strlen(host), i;
	struct mr_match mm;

	if (n >= sizeof(h))
		return 0;
	for (i = 0; i < n; i++)
		h[i] = (host[i] >= 'A' && host[i] <= 'Z')
		           ? (char)(host[i] - 'A' + 'a')
		           : host[i];
	if (n > 0 && h[n - 1] == '.')
		n--;
	h[n] = '\0';
	return mr_match_host(m, h, n, &mm) == MR_ROUTE_EXPRESSROUTE;
}

/*
 * Get-PacFile, spelled out. exc[] flags, per url of the catalog in order,
 * the exceptions: non-direct urls whose text a different direct url
 * matches (Match-RegexList). A host is direct iff no exception and some
 * direct url matches it: the first match of the script's two chains.
 */
static bool
is_direct(const struct mr_endpoint_set *s, int type)
{
	return s->category == MR_CAT_OPTIMIZE ||
	       (type == 2 && s->category == MR_CAT_ALLOW);
}

static unsigned char *
ms_exceptions(const struct mr_catalog *c, int type)
{
	size_t i, k, j, l, n = 0, total = 0;
	unsigned char *exc;

	for (i = 0; i < mr_catalog_count(c); i++)
		total += mr_catalog_set(c, i)->n_urls;
	exc = calloc(total + 1, 1);
	assert_non_null(exc);
	for (i = 0; i < mr_catalog_count(c); i++) {
		const struct mr_endpoint_set *s = mr_catalog_set(c, i);
		for (k = 0; k < s->n_urls; k++, n++) {
			const char *u = s->urls[k];
			if (is_direct(s, type))
				continue;
			for (j = 0; j < mr_catalog_count(c) && !exc[n]; j++) {
				const struct mr_endpoint_set *t =
				    mr_catalog_set(c, j);
				if (!is_direct(t, type))
					continue;
				for (l = 0; l < t->n_urls; l++) {
					const char *p = t->urls[l];
					if (strcmp(p, u) != 0 &&
					    mr_glob_match(p, strlen(p), u,
					                  strlen(u))) {
						exc[n] = 1;
						break;
					}
				}
			}
		}
	}
	return exc;
}

static int
oracle_ms(const struct mr_catalog *c, int type, const unsigned char *exc,
          const char *host)
{
	size_t i, k, n = 0, hl = strlen(host);
	int in_exc = 0, in_dir = 0;

	for (i = 0; i < mr_catalog_count(c); i++) {
		const struct mr_endpoint_set *s = mr_catalog_set(c, i);
		for (k = 0; k < s->n_urls; k++, n++) {
			const char *u = s->urls[k];
			if (!mr_glob_match(u, strlen(u), host, hl))
				continue;
			if (is_direct(s, type))
				in_dir = 1;
			else if (exc[n])
				in_exc = 1;
		}
	}
	return !in_exc && in_dir;
}

/* ---- host lists ---- */

struct hosts {
	char **v;
	size_t n, cap;
};

static void
hosts_add(struct hosts *h, const char *s)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 256;
		h->v = realloc(h->v, h->cap * sizeof(*h->v));
		assert_non_null(h->v);
	}
	h->v[h->n] = strdup(s);
	assert_non_null(h->v[h->n]);
	h->n++;
}

static void
hosts_free(struct hosts *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->v[i]);
	free(h->v);
}

/* Every pattern with its stars filled, plus look-alikes and case. */
static void
hosts_from(struct hosts *h, const struct mr_catalog *c)
{
	static const char *const fill[] = {"",    "x",   "a.b", "f",  "-f",
	                                   "cdn", "p.q", "n",   "X.y"};
	static const char *const extra[] = {
	    "example.com",    "localhost", "com", "constructor", "__proto__",
	    "hasOwnProperty", ".",         "",    "x..y"};
	size_t i, k, f, j, o;
	char buf[600];

	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		hosts_add(h, extra[i]);
	for (i = 0; i < mr_catalog_count(c); i++) {
		const struct mr_endpoint_set *s = mr_catalog_set(c, i);
		for (k = 0; k < s->n_urls; k++) {
			const char *u = s->urls[k];
			for (f = 0; f < sizeof(fill) / sizeof(fill[0]); f++) {
				o = 0;
				for (j = 0; u[j] && o + 8 < sizeof(buf); j++) {
					if (u[j] == '*') {
						o += (size_t)snprintf(
						    buf + o, sizeof(buf) - o,
						    "%s", fill[f]);
					} else {
						buf[o++] = u[j];
					}
				}
				buf[o] = '\0';
				hosts_add(h, buf);
				if (f == 1) {
					char v[640];
					snprintf(v, sizeof(v), "x%s", buf);
					hosts_add(h, v);
					snprintf(v, sizeof(v), "%s.", buf);
					hosts_add(h, v);
					snprintf(v, sizeof(v), "%s.evil", buf);
					hosts_add(h, v);
					for (j = 0; v[j]; j++)
						if (j % 3 == 0 && v[j] >= 'a' &&
						    v[j] <= 'z')
							v[j] =
							    (char)(v[j] - 32);
					hosts_add(h, v);
					if (strchr(buf, '.'))
						hosts_add(h,
						          strchr(buf, '.') + 1);
				}
			}
		}
	}
}

/* ---- generation checked in Duktape ---- */

static const char *const proxy_s = "PROXY 10.10.10.10:8080";

static size_t
check_catalog(const struct mr_catalog *c, const struct mr_matcher *m, int type,
              int style, bool lower)
{
	struct mr_pac_opts o = MR_PAC_OPTS_INIT;
	struct mr_pac_info info;
	struct hosts h = {0};
	duk_context *ctx;
	unsigned char *exc;
	char *text, lh[600];
	size_t len, i, k, direct = 0;
	int want, got;

	o.type = (enum mr_pac_type)type;
	o.style = (enum mr_pac_style)style;
	o.lowercase = lower;
	o.generated = 0;
	assert_int_equal(mr_pac_generate(&text, &len, m, &o, &info), MR_OK);
	assert_int_equal(strlen(text), len);
	/* ES5 only */
	assert_null(strstr(text, "let "));
	assert_null(strstr(text, "const "));
	assert_null(strstr(text, "=>"));
	assert_null(strstr(text, "endsWith"));
	ctx = js_load(text);
	hosts_from(&h, c);
	exc = type ? ms_exceptions(c, type) : NULL;
	/* compat files are shExpMatch chains, slow in Duktape: every 4th
	 * host here; test-pac-parity.sh evaluates them all */
	for (i = 0; i < h.n; i += style == MR_PAC_COMPAT ? 4 : 1) {
		const char *q = h.v[i];
		if (type == MR_PAC_EXPRESSROUTE) {
			want = oracle_er(m, q);
		} else if (lower) {
			for (k = 0; q[k] && k + 1 < sizeof(lh); k++)
				lh[k] = (q[k] >= 'A' && q[k] <= 'Z')
				            ? (char)(q[k] + 32)
				            : q[k];
			lh[k] = '\0';
			want = oracle_ms(c, type, exc, lh);
		} else {
			want = oracle_ms(c, type, exc, q);
		}
		got = js_call(ctx, q, proxy_s);
		if (got != want)
			fail_msg("type %d style %d lower %d: '%s': PAC %s, "
			         "oracle %s",
			         type, style, lower, q,
			         got ? "DIRECT" : "PROXY",
			         want ? "DIRECT" : "PROXY");
		direct += (size_t)got;
	}
	duk_destroy_heap(ctx);
	hosts_free(&h);
	free(exc);
	mr_pac_free(text);
	return direct;
}

static void
check_all(const struct mr_catalog *c, const struct mr_matcher *m)
{
	int type, style, lower;

	for (type = 0; type <= 2; type++)
		for (style = 0; style <= 1; style++)
			for (lower = 0; lower <= (type ? 1 : 0); lower++)
				check_catalog(c, m, type, style, lower != 0);
}

static void
with_file(const char *name)
{
	struct mr_catalog *c = tu_load_data(name);
	struct mr_matcher *m;

	assert_int_equal(mr_matcher_build(&m, c), MR_OK);
	check_all(c, m);
	mr_matcher_free(m);
	mr_catalog_free(c);
}

static void
test_worldwide_2025(void **state)
{
	(void)state;
	with_file("worldwide-2025-11-14.json");
}

static void
test_worldwide_2020(void **state)
{
	(void)state;
	with_file("worldwide-2020092900.json");
}

static void
test_instances(void **state)
{
	static const char *const inst[] = {"china", "usgovdod", "usgovgcchigh"};
	struct mr_diags *d;
	struct mr_catalog *c;
	struct mr_matcher *m;
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		assert_int_equal(mr_diags_new(&d), MR_OK);
		assert_int_equal(mr_catalog_load_embedded(&c, inst[i], d),
		                 MR_OK);
		assert_int_equal(mr_matcher_build(&m, c), MR_OK);
		check_all(c, m);
		mr_matcher_free(m);
		mr_catalog_free(c);
		mr_diags_free(d);
	}
}

/*
 * Nested wildcards of alternating routes and categories, every shape the
 * fast style handles, and shapes it leaves to shExpMatch.
 */
static const char adversarial[] =
    "[{\"id\":1,\"serviceArea\":\"Common\",\"category\":\"Optimize\","
    "\"expressRoute\":true,\"required\":true,\"urls\":[\"*.a.example\","
    "\"x.b.a.example\",\"*-f.c.example\",\"p*.d.example\","
    "\"m*n*.e.example\",\"q.*\",\"abc.x*z\",\"*.y.b.a.example\","
    "\"w*.f.example\"]},"
    "{\"id\":2,\"serviceArea\":\"Common\",\"category\":\"Allow\","
    "\"expressRoute\":true,\"required\":true,\"urls\":[\"*.c.example\","
    "\"*x.g.example\",\"*.d.example\"]},"
    "{\"id\":3,\"serviceArea\":\"Common\",\"category\":\"Default\","
    "\"expressRoute\":false,\"required\":true,\"urls\":["
    "\"*.b.a.example\",\"y.a.example\",\"*f.c.example\",\"d.example\","
    "\"*.f.example\",\"*.e.example\",\"*cdn.g.example\",\"x.b.a.example\","
    "\"*.a.example\",\"q.*.h\",\"abc.x*\",\"*.z\",\"pz.d.example\"]},"
    "{\"id\":4,\"serviceArea\":\"Common\",\"category\":\"Default\","
    "\"expressRoute\":true,\"required\":true,\"urls\":["
    "\"*.x.b.a.example\",\"*cdn.g.example\"]}]";

static void
test_adversarial(void **state)
{
	struct mr_diags *d;
	struct mr_catalog *c;
	struct mr_matcher *m;
	struct mr_pac_opts o = MR_PAC_OPTS_INIT;
	struct mr_pac_info info;
	char *text;
	size_t len;

	(void)state;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	if (mr_catalog_load_buffer(&c, "adversarial", adversarial,
	                           strlen(adversarial), d) != MR_OK)
		fail_msg("adversarial feed rejected (%zu findings)",
		         mr_diags_count(d));
	assert_int_equal(mr_matcher_build(&m, c), MR_OK);
	check_all(c, m);
	/* the fallback path is used */
	assert_int_equal(mr_pac_generate(&text, &len, m, &o, &info), MR_OK);
	assert_true(info.n_fallback > 0);
	assert_true(info.n_suffix > 0);
	mr_pac_free(text);
	o.style = MR_PAC_COMPAT;
	assert_int_equal(mr_pac_generate(&text, &len, m, &o, &info), MR_OK);
	assert_true(info.n_blocks >= 3); /* proxy, direct, proxy, ... */
	mr_pac_free(text);
	mr_matcher_free(m);
	mr_catalog_free(c);
	mr_diags_free(d);
}

/* ---- options, header, empty types ---- */

struct fx {
	struct mr_catalog *c;
	struct mr_matcher *m;
};

static struct fx wfx;

static int
setup_ww(void **state)
{
	(void)state;
	return tu_load_worldwide(&wfx.c, &wfx.m);
}

static int
teardown_ww(void **state)
{
	(void)state;
	mr_matcher_free(wfx.m);
	mr_catalog_free(wfx.c);
	return 0;
}

static void
test_bad_options(void **state)
{
	struct mr_pac_opts o = MR_PAC_OPTS_INIT;
	char *text = (char *)1;
	size_t len = 7;

	(void)state;
	o.proxy = "PROXY a:80\"; return \"DIRECT";
	assert_int_equal(mr_pac_generate(&text, &len, wfx.m, &o, NULL),
	                 MR_EINVAL);
	assert_null(text);
	assert_int_equal(len, 0);
	assert_non_null(strstr(mr_error_last(), "proxy return string"));
	o.proxy = NULL;
	o.direct = "direct";
	assert_int_equal(mr_pac_generate(&text, &len, wfx.m, &o, NULL),
	                 MR_EINVAL);
	o.direct = NULL;
	o.type = (enum mr_pac_type)7;
	assert_int_equal(mr_pac_generate(&text, &len, wfx.m, &o, NULL),
	                 MR_EINVAL);
	o.type = MR_PAC_TYPE1;
	o.style = (enum mr_pac_style)3;
	assert_int_equal(mr_pac_generate(&text, &len, wfx.m, &o, NULL),
	                 MR_EINVAL);
	o.style = MR_PAC_FAST;
	o.version = 99;
	assert_int_equal(mr_pac_generate(&text, &len, wfx.m, &o, NULL),
	                 MR_EINVAL);
	assert_null(mr_pac_type_name((enum mr_pac_type)5));
	assert_string_equal(mr_pac_type_name(MR_PAC_TYPE2), "2");
}

static void
test_header_and_strings(void **state)
{
	struct mr_pac_opts o = MR_PAC_OPTS_INIT;
	struct mr_pac_info info;
	duk_context *ctx;
	char *text;
	size_t len;

	(void)state;
	o.generated = 1764547200; /* 2025-12-01T00:00:00Z */
	o.direct = "PROXY er-gw.example.net:8080; DIRECT";
	o.proxy = "HTTPS [2001:db8::1]:443; SOCKS5 10.0.0.1:1080";
	assert_int_equal(mr_pac_generate(&text, &len, wfx.m, &o, &info), MR_OK);
	assert_non_null(strstr(text, "// m365route generated: "
	                             "2025-12-01T00:00:00Z\n"));
	assert_non_null(strstr(text, "snapshot 2025-11-14, 64 endpoint sets"));
	assert_non_null(strstr(text, "type: expressroute"));
	assert_true(info.n_direct > 0);
	assert_int_equal(info.n_fallback, 0);
	ctx = js_load(text);
	duk_get_global_string(ctx, "FindProxyForURL");
	duk_push_string(ctx, "https://outlook.office365.com/");
	duk_push_string(ctx, "outlook.office365.com");
	assert_int_equal(duk_pcall(ctx, 2), 0);
	assert_string_equal(duk_get_string(ctx, -1), o.direct);
	duk_pop(ctx);
	duk_get_global_string(ctx, "FindProxyForURL");
	duk_push_string(ctx, "https://example.com/");
	duk_push_string(ctx, "example.com");
	assert_int_equal(duk_pcall(ctx, 2), 0);
	assert_string_equal(duk_get_string(ctx, -1), o.proxy);
	duk_pop(ctx);
	/* a host with a line terminator matches no shExpMatch wildcard */
	duk_get_global_string(ctx, "FindProxyForURL");
	duk_push_string(ctx, "http://x/");
	duk_push_string(ctx, "a\nb.sharepoint.com");
	assert_int_equal(duk_pcall(ctx, 2), 0);
	assert_string_equal(duk_get_string(ctx, -1), o.proxy);
	duk_pop(ctx);
	duk_destroy_heap(ctx);
	mr_pac_free(text);
	/* no generated line */
	o.generated = -1;
	assert_int_equal(mr_pac_generate(&text, &len, wfx.m, &o, NULL), MR_OK);
	assert_null(strstr(text, "generated:"));
	mr_pac_free(text);
}

static void
test_empty_type(void **state)
{
	struct mr_diags *d;
	struct mr_catalog *c;
	struct mr_matcher *m;
	struct mr_pac_opts o = MR_PAC_OPTS_INIT;
	struct mr_pac_info info;
	duk_context *ctx;
	char *text;
	size_t len;
	int style;

	(void)state;
	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(mr_catalog_load_embedded(&c, "china", d), MR_OK);
	assert_int_equal(mr_matcher_build(&m, c), MR_OK);
	for (style = 0; style <= 1; style++) {
		o.style = (enum mr_pac_style)style;
		assert_int_equal(mr_pac_generate(&text, &len, m, &o, &info),
		                 MR_OK);
		assert_int_equal(info.n_direct, 0);
		ctx = js_load(text);
		assert_int_equal(
		    js_call(ctx, "login.partner.microsoftonline.cn", proxy_s),
		    0);
		duk_destroy_heap(ctx);
		mr_pac_free(text);
	}
	mr_matcher_free(m);
	mr_catalog_free(c);
	mr_diags_free(d);
}

int
main(void)
{
	char path[1024];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_return_valid),
	    cmocka_unit_test(test_return_invalid),
	    cmocka_unit_test(test_return_modes),
	    cmocka_unit_test(test_js_escape),
	    cmocka_unit_test(test_worldwide_2025),
	    cmocka_unit_test(test_worldwide_2020),
	    cmocka_unit_test(test_instances),
	    cmocka_unit_test(test_adversarial),
	    cmocka_unit_test_setup_teardown(test_bad_options, setup_ww,
	                                    teardown_ww),
	    cmocka_unit_test_setup_teardown(test_header_and_strings, setup_ww,
	                                    teardown_ww),
	    cmocka_unit_test(test_empty_type),
	};
	int rc;

	snprintf(path, sizeof(path), "%s/tests/pac/pac-helpers.js",
	         MR_SOURCE_DIR);
	helpers = tu_slurp(path);
	if (duk_open() != 0)
		return 1;
	if (helpers == NULL) {
		fprintf(stderr, "test_pac: cannot read %s\n", path);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(helpers);
	return rc;
}
