/*
 * pacaudit.c - m365route pac audit: evaluate an existing PAC file for
 * every catalog host in a sandbox and report where its answers disagree
 * with the seed's routing decision.
 *
 * Purpose. Organisations already have PAC files, often hand-edited from
 * Microsoft's Get-PacFile output. This module loads one, calls
 * FindProxyForURL("https://<host>/", "<host>") for every host derived from
 * the catalog (exact names; wildcards filled with sample labels) and
 * groups the disagreements: ExpressRoute-advertised hosts not sent the
 * ExpressRoute way, Internet-only hosts sent that way, results that are
 * errors or not PAC return strings, and syntax newer than ES5.
 *
 * Files. This one is the audit: options, sample hosts, the evaluation
 * loop and the findings. The Duktape sandbox and its bounds are in
 * pacaudit_engine.c, the ES5 scanner in pacaudit_scan.c (pacaudit_int.h
 * between them); results are read with the lenient PAC return-string
 * grammar of pac_str.c.
 *
 * Layout: struct mr_pac_audit owns an arena (host names, result texts)
 * and one growing array of findings per group. Invariants: evaluated +
 * skipped == hosts; the groups' sizes add up to stats.findings; after
 * max_timeouts calls ran out of budget the remaining hosts are skipped.
 *
 * Complexity: O(h log h) to collect and sort the h sample hosts, then h
 * calls of FindProxyForURL, each bounded by the call budget; the ES5 scan
 * is linear in the file. Input size is capped by opts->max_size.
 */
#include "m365route/pacaudit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "error.h"
#include "m365route/endpoints.h"
#include "m365route/match.h"
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
		f = mri_vec_grow(a->f[g], &a->cap[g], a->n[g] + 1, sizeof(*f),
		                 16);
		if (f == NULL)
			return NULL;
		a->f[g] = f;
	}
	f = &a->f[g][a->n[g]++];
	memset(f, 0, sizeof(*f));
	f->group = g;
	a->st.findings++;
	return f;
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
				t = mri_vec_grow(h, &cap, n + 1, sizeof(*h),
				                 256);
				if (t == NULL)
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
evaluate(struct mr_pac_audit *a, struct mri_pac_engine *eng,
         const struct mr_matcher *m, const char *fn, const char *direct,
         uint32_t budget, uint32_t max_timeouts)
{
	struct host *hosts;
	size_t n, i;
	uint32_t timeouts = 0;
	char url[MR_HOST_MAX + 16], first[RESULT_MAX];
	int rc;

	if ((rc = collect_hosts(a, m, &hosts, &n)) != MR_OK)
		return rc;
	a->st.hosts = n;
	for (i = 0; i < n; i++) {
		struct mri_pac_call c;
		struct mr_match mt;
		struct mr_pac_audit_finding *f = NULL;
		const char *why = NULL;
		enum mr_route route;
		int is_direct;

		if (timeouts >= max_timeouts) {
			a->st.skipped = n - i;
			break;
		}
		route =
		    mr_match_host(m, hosts[i].host, strlen(hosts[i].host), &mt);
		snprintf(url, sizeof(url), "https://%s/", hosts[i].host);
		a->st.evaluated++;
		switch (mri_pac_engine_call(eng, fn, url, hosts[i].host, budget,
		                            &c)) {
		case MRI_PAC_THREW:
			if (c.err.timed_out) {
				timeouts++;
				a->st.timeouts++;
			}
			if ((f = add_finding(a, MR_AUDIT_BAD_RESULT)) == NULL)
				goto nomem;
			f->result = adup(a, c.err.msg, strlen(c.err.msg));
			f->why = "FindProxyForURL threw";
			f->line = c.err.line;
			goto fill;
		case MRI_PAC_NOT_STRING:
			if ((f = add_finding(a, MR_AUDIT_BAD_RESULT)) == NULL)
				goto nomem;
			f->result = adup(a, c.desc, strlen(c.desc));
			f->why = "not a string";
			goto fill;
		case MRI_PAC_STRING:
			break;
		}
		why = mr_pac_audit_check_return(c.s, c.len);
		if (why != NULL) {
			if ((f = add_finding(a, MR_AUDIT_BAD_RESULT)) == NULL)
				goto nomem;
			f->result = adup(
			    a, c.s, c.len < RESULT_MAX ? c.len : RESULT_MAX);
			f->why = why;
			goto fill;
		}
		mr_pac_audit_first_entry(c.s, c.len, first, sizeof(first));
		is_direct = strcmp(first, direct) == 0;
		if (is_direct)
			a->st.first_direct++;
		else
			a->st.first_other++;
		if (route == MR_ROUTE_EXPRESSROUTE && !is_direct)
			f = add_finding(a, MR_AUDIT_ER_NOT_DIRECT);
		else if (route != MR_ROUTE_EXPRESSROUTE && is_direct)
			f = add_finding(a, MR_AUDIT_INET_DIRECT);
		else
			continue;
		if (f == NULL)
			goto nomem;
		f->result =
		    adup(a, c.s, c.len < RESULT_MAX ? c.len : RESULT_MAX);
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

/* Check the options; fill the sandbox's DNS table (*dns, to be freed) and
 * address, and the first entry of the ExpressRoute result (direct). */
static int
check_opts(const struct mr_pac_audit_opts *o, struct mri_pac_engine_opts *eo,
           char *my_ip, struct mri_pac_dns **dns, char *direct, size_t dcap)
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
	mr_addr_format(&ad, my_ip, MR_ADDR_STRLEN);
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
	eo->my_ip = my_ip;
	eo->resolve = NULL;
	eo->resolve_ctx = NULL;
	eo->dns = *dns;
	eo->n_dns = o->n_dns;
	eo->mem_limit = o->mem_limit ? o->mem_limit : MEM_DEFAULT;
	eo->wall_ms = o->wall_ms ? o->wall_ms : WALL_DEFAULT_MS;
	eo->now_ms = (double)(o->now ? o->now : NOW_DEFAULT) * 1000.0;
	eo->tz_minutes = o->tz_minutes;
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
	struct mri_pac_engine_opts eo;
	struct mri_pac_engine *eng = NULL;
	struct mri_pac_dns *dns = NULL;
	struct mri_pac_error e;
	struct mr_es5_issue *iss = NULL;
	char direct[RESULT_MAX], my_ip[MR_ADDR_STRLEN];
	size_t n_iss, k, max_size = o->max_size ? o->max_size : SIZE_DEFAULT;
	const char *fn = NULL;
	int rc = MR_OK;

	*out = NULL;
	if (name == NULL)
		name = "<pac>";
	if (js == NULL && len > 0)
		return mri_error_set(MR_EINVAL, "pac audit: no text");
	rc = check_opts(o, &eo, my_ip, &dns, direct, sizeof(direct));
	if (rc != MR_OK)
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

	if ((rc = mri_pac_engine_new(&eng, &eo)) != MR_OK)
		goto done;
	if (mri_pac_engine_load(
	        eng, name, js ? js : "", len,
	        o->load_budget ? o->load_budget : STEP_DEFAULT_LOAD, &e) != 0) {
		if (!e.compiled)
			set_load(a,
			         e.oom       ? MR_AUDIT_LOAD_NO_MEMORY
			         : n_iss > 0 ? MR_AUDIT_LOAD_NOT_ES5
			                     : MR_AUDIT_LOAD_NOT_JS,
			         e.msg, e.line);
		else
			set_load(a,
			         e.timed_out ? MR_AUDIT_LOAD_TIMEOUT
			         : e.oom     ? MR_AUDIT_LOAD_NO_MEMORY
			                     : MR_AUDIT_LOAD_THREW,
			         e.msg, e.line);
		rc = a->st.load == MR_AUDIT_LOAD_NOT_ES5 ? MR_OK : MR_EPARSE;
		goto done;
	}
	if ((fn = mri_pac_engine_entry(eng)) == NULL) {
		set_load(a, MR_AUDIT_LOAD_NO_FUNC,
		         "the file defines no function FindProxyForURL", 0);
		rc = MR_EPARSE;
		goto done;
	}
	a->st.function = fn;
	rc = evaluate(a, eng, m, fn, direct,
	              o->call_budget ? o->call_budget : STEP_DEFAULT_CALL,
	              o->max_timeouts ? o->max_timeouts : TIMEOUTS_DEFAULT);
	if (rc != MR_OK)
		goto nomem;
	a->st.load = MR_AUDIT_LOAD_OK;
	goto done;
nomem:
	rc = mri_error_set(MR_ENOMEM, "out of memory");
done:
	mri_pac_engine_free(eng);
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
