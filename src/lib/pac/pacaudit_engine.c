/*
 * pacaudit_engine.c - the pac audit's sandbox: a Duktape heap that loads
 * a PAC file and calls its FindProxyForURL() under bounds, with the PAC
 * helper functions and nothing else.
 *
 * Engine. Duktape 2.7, compiled into this translation unit from Debian's
 * duktape-dev amalgamation (MR_DUKTAPE_C, /usr/share/duktape/duktape.c)
 * rather than linked from libduktape.so, because the shared library is
 * built without DUK_USE_INTERRUPT_COUNTER and so cannot bound execution.
 * Every Duktape symbol is made static here (DUK_SINGLE_FILE, DUK_EXTERNAL
 * = static): the engine is private to this file and clashes with no other
 * copy. Only this file includes Duktape; the audit (pacaudit.c) sees the
 * struct mri_pac_engine handle of pacaudit_int.h.
 *
 * Sandbox. One heap per audit. Its global object holds the ECMAScript
 * built-ins and the PAC helper functions of pacaudit_helpers.js (embedded
 * at build time as mr_embed_pacaudit_helpers); the Duktape object is
 * deleted, and there is no I/O of any kind. DNS helpers answer from the
 * caller's table, then from the caller's resolver when it gives one
 * (verify --client: the system resolver; the audit gives none);
 * myIpAddress() from the options; the date helpers from a fixed "now". The helpers are written from the Netscape (1996) and
 * Microsoft ("IPv6-aware proxy helper API", FindProxyForURLEx)
 * definitions, in the way the common engines behave: dnsDomainIs and
 * shExpMatch are case sensitive, isInNet resolves a name first and is
 * false when it cannot, shExpMatch supports '*' and '?'.
 *
 * Bounds (the invariants that make a hostile PAC file safe to load):
 * - execution: DUK_USE_EXEC_TIMEOUT_CHECK is called every 262144 bytecode
 *   instructions; exec_check() counts those calls against the budget of
 *   the current load or call (deterministic), with a CPU-time cap as
 *   backstop. Once over budget it keeps answering "timeout" until control
 *   is back in C, so catch blocks cannot swallow the RangeError; the heap
 *   is torn down with the budget closed;
 * - memory: every allocation goes through sb_alloc() & co., which refuse
 *   past the cap (Duktape then throws a RangeError, caught like any error);
 * - stack: Duktape's own C and value stack limits.
 * All Duktape API use happens inside duk_safe_call(), so no error can
 * escape to the fatal handler.
 *
 * Layout: struct mri_pac_engine holds the heap and struct sandbox, the
 * allocator's and the natives' state (its address is the heap's udata).
 * A string result stays on the value stack until the next call.
 *
 * Complexity: each load and call bounded by its budget in bytecode
 * instructions x 262144 and by the CPU-time cap; memory by the cap.
 */

/* ---- the embedded engine --------------------------------------------- */

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

/* ---- the sandbox -------------------------------------------------------- */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "m365route/match.h"
#include "m365route/prefix.h"
#include "pacaudit_int.h"

#define STEP_SETUP   32 /* budget of the helpers' setup and of the lookup */
#define HELPERS_NAME "<pac-helpers>"

/* pacaudit_helpers.js, embedded by cmake/embed.cmake. */
extern const unsigned char mr_embed_pacaudit_helpers[];
extern const size_t mr_embed_pacaudit_helpers_len;

struct sandbox {
	size_t used, limit;
	int oom;
	uint32_t steps, budget;
	int64_t deadline_ms;
	uint32_t wall_ms;
	int timed_out;
	char my_ip[MR_ADDR_STRLEN];
	const struct mri_pac_dns *dns;
	size_t n_dns;
	int (*resolve)(void *ctx, const char *name, char *addr, size_t n);
	void *resolve_ctx;
	double now_ms;
	int32_t tz_minutes;
};

struct mri_pac_engine {
	duk_context *ctx;
	struct sandbox sb;
	const char *name; /* the PAC file's, for the lines of its errors */
	int pending;      /* a call's result is on the value stack */
};

#define HDR 16 /* keeps max_align_t alignment */

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* The thread's CPU time: the backstop measures work done, so a loaded
 * machine (time spent descheduled) cannot fire it before the
 * deterministic budget, and results do not depend on the machine's load. */
static int64_t
mono_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
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
	char addr[MR_ADDR_STRLEN];
	if (sb->resolve != NULL &&
	    sb->resolve(sb->resolve_ctx, name, addr, sizeof(addr)) == 0) {
		duk_push_string(ctx, addr);
		return 1;
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
 * The PAC helper functions (pacaudit_helpers.js), ES5, compiled as one
 * function expression that receives the global object and the natives,
 * so the natives stay out of the PAC's reach.
 */
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
	duk_compile_lstring_filename(ctx, DUK_COMPILE_EVAL,
	                             (const char *)mr_embed_pacaudit_helpers,
	                             mr_embed_pacaudit_helpers_len);
	duk_call(ctx, 0); /* the eval yields the function expression */
	duk_push_global_object(ctx);
	duk_push_object(ctx);
	duk_put_function_list(ctx, -1, natives);
	duk_call(ctx, 2);
	return 0;
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

struct describe {
	struct mri_pac_error *e;
	const char *file;
};

/* The error on the stack top: its text and, when it points into the PAC
 * file, its line. Called through duk_safe_call() with the error as
 * argument. */
static duk_ret_t
describe_error(duk_context *ctx, void *udata)
{
	struct describe *dsc = udata;
	struct mri_pac_error *e = dsc->e;
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
			if (strcmp(duk_get_string(ctx, -1), dsc->file) != 0)
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

/* The error on the stack top, popped, into *e. */
static void
error_of(struct mri_pac_engine *eng, struct mri_pac_error *e)
{
	struct describe dsc = {e, eng->name};
	size_t i;

	memset(e, 0, sizeof(*e));
	e->timed_out = eng->sb.timed_out;
	e->oom = eng->sb.oom;
	/* Keep the budget closed while describing a timeout: a getter or
	 * toString() of the PAC's own cannot run on. */
	if (duk_safe_call(eng->ctx, describe_error, &dsc, 1, 1) !=
	    DUK_EXEC_SUCCESS)
		snprintf(e->msg, sizeof(e->msg), "Error");
	duk_pop(eng->ctx);
	if (e->timed_out)
		snprintf(e->msg, sizeof(e->msg),
		         "execution budget exceeded (an endless loop?)");
	else if (e->oom)
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

/* ---- the interface (pacaudit_int.h) ------------------------------------ */

static void
destroy(struct mri_pac_engine *e)
{
	if (e->ctx != NULL) {
		/* Nothing of the PAC's may run while the heap is torn down. */
		e->sb.timed_out = 1;
		duk_destroy_heap(e->ctx);
	}
	free(e);
}

int
mri_pac_engine_new(struct mri_pac_engine **out,
                   const struct mri_pac_engine_opts *o)
{
	struct mri_pac_engine *e;
	int rc;

	*out = NULL;
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return mri_error_set(MR_ENOMEM, "out of memory");
	snprintf(e->sb.my_ip, sizeof(e->sb.my_ip), "%s", o->my_ip);
	e->sb.dns = o->dns;
	e->sb.n_dns = o->n_dns;
	e->sb.resolve = o->resolve;
	e->sb.resolve_ctx = o->resolve_ctx;
	e->sb.limit = o->mem_limit;
	e->sb.wall_ms = o->wall_ms;
	e->sb.now_ms = o->now_ms;
	e->sb.tz_minutes = o->tz_minutes;
	arm(&e->sb, STEP_SETUP);
	e->ctx =
	    duk_create_heap(sb_alloc, sb_realloc, sb_free, &e->sb, sb_fatal);
	if (e->ctx == NULL) {
		destroy(e);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	if (duk_safe_call(e->ctx, setup, NULL, 0, 1) != DUK_EXEC_SUCCESS) {
		rc = mri_error_set(MR_ENOMEM,
		                   "pac audit: cannot set up the "
		                   "sandbox: %s",
		                   duk_safe_to_string(e->ctx, -1));
		destroy(e);
		return rc;
	}
	duk_pop(e->ctx);
	*out = e;
	return MR_OK;
}

void
mri_pac_engine_free(struct mri_pac_engine *e)
{
	if (e != NULL)
		destroy(e);
}

int
mri_pac_engine_load(struct mri_pac_engine *e, const char *name, const char *js,
                    size_t len, uint32_t budget, struct mri_pac_error *err)
{
	struct load_ctx lc = {name, js, len, 0};

	e->name = name;
	arm(&e->sb, budget);
	if (duk_safe_call(e->ctx, load, &lc, 0, 1) != DUK_EXEC_SUCCESS) {
		error_of(e, err);
		err->compiled = lc.compiled;
		if (!lc.compiled)
			err->line = line_in_message(err->msg);
		return -1;
	}
	duk_pop(e->ctx);
	return 0;
}

const char *
mri_pac_engine_entry(struct mri_pac_engine *e)
{
	const char *fn = NULL;

	arm(&e->sb, STEP_SETUP);
	if (duk_safe_call(e->ctx, find_function, &fn, 0, 1) != DUK_EXEC_SUCCESS)
		fn = NULL;
	duk_pop(e->ctx);
	return fn;
}

enum mri_pac_call_result
mri_pac_engine_call(struct mri_pac_engine *e, const char *fn, const char *url,
                    const char *host, uint32_t budget, struct mri_pac_call *out)
{
	struct call_ctx c = {fn, url, host};
	duk_size_t n = 0;

	if (e->pending) {
		duk_pop(e->ctx);
		e->pending = 0;
	}
	arm(&e->sb, budget);
	if (duk_safe_call(e->ctx, call_one, &c, 0, 1) != DUK_EXEC_SUCCESS) {
		error_of(e, &out->err);
		return MRI_PAC_THREW;
	}
	if (!duk_is_string(e->ctx, -1)) {
		describe_value(e->ctx, out->desc, sizeof(out->desc));
		duk_pop(e->ctx);
		return MRI_PAC_NOT_STRING;
	}
	out->s = duk_get_lstring(e->ctx, -1, &n);
	out->len = n;
	e->pending = 1;
	return MRI_PAC_STRING;
}
