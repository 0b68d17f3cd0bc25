/*
 * test_net_dns.c - where a site's Microsoft 365 names are resolved
 * (resolve/net_dns.c): the forwarding chain and what it depends on with
 * nothing failed (mr_net_dns()), and under failures (mri_route_dns()):
 * a rerouted hop, a cut hop with and without a fallback along the chain,
 * a forwarder down, the asking site down, a forwarder never reachable, a
 * loop; and that the dependencies it reports are exactly what a failure
 * can change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "m365route/design.h"
#include "m365route/resolve.h"
#include "net_dns.h"

/*
 * hq resolves locally. reg forwards to hq and falls back to its own
 * resolution; br and br2 forward to reg, br without a fallback, br2 with
 * one. iso forwards to hq with no WAN link at all. l1 and l2 forward to
 * each other (a loop), l3 into it. b3 forwards to r2, which forwards to
 * hq: r2 without a fallback, b3 with one.
 *
 * WAN (one-way ms):  0 hq-reg 10   1 reg-mid 5   2 mid-br 5
 *                    3 reg-br2 20  4 br2-br 1  5 hq-r2 10  6 r2-b3 10
 * so br reaches reg through mid (10 ms), else through br2 (21 ms); br2
 * reaches it through br and mid (11 ms), else directly (20 ms).
 */
static const char DESIGN[] =
    "organization:\n"
    "  name: Test\n"
    "  asns: [65540]\n"
    "  address_space: [185.112.84.0/22]\n"
    "sites:\n"
    "  - name: hq\n"
    "  - name: reg\n"
    "    dns: {microsoft365: forward, forward_to: hq, fallback: local}\n"
    "  - name: mid\n"
    "  - name: br\n"
    "    dns: {microsoft365: forward, forward_to: reg}\n"
    "  - name: br2\n"
    "    dns: {microsoft365: forward, forward_to: reg, fallback: local}\n"
    "  - name: iso\n"
    "    dns: {microsoft365: forward, forward_to: hq}\n"
    "  - name: l1\n"
    "    dns: {microsoft365: forward, forward_to: l2}\n"
    "  - name: l2\n"
    "    dns: {microsoft365: forward, forward_to: l1}\n"
    "  - name: l3\n"
    "    dns: {microsoft365: forward, forward_to: l1}\n"
    "  - name: r2\n"
    "    dns: {microsoft365: forward, forward_to: hq}\n"
    "  - name: b3\n"
    "    dns: {microsoft365: forward, forward_to: r2, fallback: local}\n"
    "wan_links:\n"
    "  - {between: [hq, reg], latency_ms: 10}\n"
    "  - {between: [reg, mid], latency_ms: 5}\n"
    "  - {between: [mid, br], latency_ms: 5}\n"
    "  - {between: [reg, br2], latency_ms: 20}\n"
    "  - {between: [br2, br], latency_ms: 1}\n"
    "  - {between: [hq, r2], latency_ms: 10}\n"
    "  - {between: [r2, b3], latency_ms: 10}\n";

enum { HQ, REG, MID, BR, BR2, ISO, L1, L2, L3, R2, B3 };

struct fix {
	struct mr_design *dsg;
	struct mr_net *net;
};

static int
setup(void **state)
{
	static struct fix f;
	struct mr_diags *d;

	assert_int_equal(mr_diags_new(&d), MR_OK);
	assert_int_equal(
	    mr_design_load_buffer(&f.dsg, "t.yaml", DESIGN, strlen(DESIGN), d),
	    MR_OK);
	assert_int_equal(mr_diags_errors(d), 0);
	mr_diags_free(d);
	assert_string_equal(f.dsg->sites[B3].name, "b3");
	assert_int_equal(mr_net_resolve(&f.net, f.dsg), MR_OK);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	mr_net_free(f->net);
	mr_design_free(f->dsg);
	return 0;
}

static void
want_list(const uint32_t *got, size_t n, const uint32_t *want, size_t nw)
{
	size_t i;

	assert_int_equal(n, nw);
	for (i = 0; i < n; i++)
		assert_int_equal(got[i], want[i]);
}

#define WANT(got, n, ...)                                                      \
	do {                                                                   \
		static const uint32_t w_[] = {__VA_ARGS__};                    \
		want_list(got, n, w_, sizeof(w_) / sizeof(w_[0]));             \
	} while (0)

/* The chains, the failure-free paths, the DNS site. */
static void
test_chain(void **state)
{
	struct fix *f = *state;
	struct mr_net_dns d;

	assert_int_equal(mr_net_dns(f->net, HQ, &d), MR_OK);
	WANT(d.chain, d.n_chain, HQ);
	WANT(d.sites, d.n_sites, HQ);
	assert_int_equal(d.n_wan, 0);
	assert_true(d.reachable);

	/* br -> reg through mid (links 2, 1), reg -> hq (link 0) */
	assert_int_equal(mr_net_dns(f->net, BR, &d), MR_OK);
	WANT(d.chain, d.n_chain, BR, REG, HQ);
	WANT(d.wan, d.n_wan, 2, 1, 0);
	WANT(d.sites, d.n_sites, BR, MID, REG, HQ);
	assert_true(d.reachable);
	assert_int_equal(mr_net_site(f->net, BR)->dns_site, HQ);

	assert_int_equal(mr_net_dns(f->net, BR2, &d), MR_OK);
	/* br2 -> reg is shorter through br and mid (11 ms) than direct */
	WANT(d.chain, d.n_chain, BR2, REG, HQ);
	WANT(d.wan, d.n_wan, 4, 2, 1, 0);
	WANT(d.sites, d.n_sites, BR2, BR, MID, REG, HQ);

	/* no WAN path: the chain still says where it goes */
	assert_int_equal(mr_net_dns(f->net, ISO, &d), MR_OK);
	WANT(d.chain, d.n_chain, ISO, HQ);
	assert_int_equal(d.n_wan, 0);
	assert_false(d.reachable);
	assert_int_equal(mr_net_site(f->net, ISO)->dns_site, HQ);

	/* a loop stops where it would close */
	assert_int_equal(mr_net_dns(f->net, L1, &d), MR_OK);
	WANT(d.chain, d.n_chain, L1, L2);
	assert_int_equal(mr_net_site(f->net, L1)->dns_site, L2);
	assert_int_equal(mr_net_dns(f->net, L3, &d), MR_OK);
	WANT(d.chain, d.n_chain, L3, L1, L2);
	assert_int_equal(mr_net_site(f->net, L3)->dns_site, L2);

	assert_int_equal(mr_net_dns(f->net, 99, &d), MR_EINVAL);
	assert_int_equal(d.n_chain, 0);
	assert_int_equal(mr_net_dns(NULL, 0, &d), MR_EINVAL);
}

/* What mri_route_dns() says it depends on: sites and WAN links. */
struct deps {
	bool site[16], wan[16];
};

static void
dep(void *ctx, uint32_t s, const struct mri_tree *t, uint32_t from)
{
	struct deps *d = ctx;

	if (t == NULL) {
		assert_true(s < 16);
		d->site[s] = true;
		return;
	}
	assert_int_equal(s, MR_NONE);
	for (; from != t->src && t->pwan[from] != MR_NONE;
	     from = t->pnode[from]) {
		d->wan[t->pwan[from]] = true;
		d->site[from] = true;
	}
}

/* Resolve at site with the WAN links in down_wan (bit i: link i) and the
 * sites in down_site down. */
static void
resolve(const struct fix *f, uint32_t site, unsigned down_wan,
        unsigned down_site, struct mri_dns *out, struct deps *d)
{
	struct mri_route r;
	size_t i;

	assert_int_equal(mri_route_init(&r, f->net), MR_OK);
	for (i = 0; i < f->dsg->n_wan; i++)
		r.wan_up[i] = !(down_wan & (1u << i)) &&
		              !(down_site & (1u << f->dsg->wan[i].a.idx)) &&
		              !(down_site & (1u << f->dsg->wan[i].b.idx));
	for (i = 0; i < f->dsg->n_sites; i++)
		r.site_up[i] = !(down_site & (1u << i));
	if (d != NULL)
		memset(d, 0, sizeof(*d));
	mri_route_dns(&r, site, d != NULL ? dep : NULL, d, out);
	assert_false(r.oom);
	mri_route_fini(&r);
}

static void
test_failures(void **state)
{
	struct fix *f = *state;
	struct mri_dns x;
	struct deps d;

	/* nothing failed: hq answers; the dependencies are the chain and
	 * the failure-free paths */
	resolve(f, BR, 0, 0, &x, &d);
	assert_int_equal(x.how, MRI_DNS_ANSWERED);
	assert_int_equal(x.site, HQ);
	assert_int_equal(x.cut_from, MR_NONE);
	assert_int_equal(x.cut_to, MR_NONE);
	assert_true(d.site[BR] && d.site[MID] && d.site[REG] && d.site[HQ]);
	assert_false(d.site[BR2]);
	assert_true(d.wan[0] && d.wan[1] && d.wan[2]);
	assert_false(d.wan[3] || d.wan[4]);

	/* reg-mid down: br reaches reg through br2, hq still answers */
	resolve(f, BR, 1u << 1, 0, &x, &d);
	assert_int_equal(x.how, MRI_DNS_ANSWERED);
	assert_int_equal(x.site, HQ);
	assert_true(d.wan[4] && d.wan[3] && d.site[BR2]);

	/* both of br's ways to reg down: br -> reg cut, br has no
	 * fallback: the name does not resolve */
	resolve(f, BR, 1u << 1 | 1u << 3, 0, &x, NULL);
	assert_int_equal(x.how, MRI_DNS_FAILED);
	assert_int_equal(x.site, MR_NONE);
	assert_int_equal(x.cut_from, BR);
	assert_int_equal(x.cut_to, REG);

	/* hq-reg down: reg -> hq cut; reg falls back and answers br */
	resolve(f, BR, 1u << 0, 0, &x, NULL);
	assert_int_equal(x.how, MRI_DNS_FALLBACK);
	assert_int_equal(x.site, REG);
	assert_int_equal(x.cut_from, REG);
	assert_int_equal(x.cut_to, HQ);

	/* reg down: br gives up (no fallback), br2 resolves itself */
	resolve(f, BR, 0, 1u << REG, &x, NULL);
	assert_int_equal(x.how, MRI_DNS_FAILED);
	assert_int_equal(x.cut_from, BR);
	assert_int_equal(x.cut_to, REG);
	resolve(f, BR2, 0, 1u << REG, &x, NULL);
	assert_int_equal(x.how, MRI_DNS_FALLBACK);
	assert_int_equal(x.site, BR2);

	/* hq down: reg falls back, for br2 as for br */
	resolve(f, BR2, 0, 1u << HQ, &x, NULL);
	assert_int_equal(x.how, MRI_DNS_FALLBACK);
	assert_int_equal(x.site, REG);
	assert_int_equal(x.cut_to, HQ);

	/* hq-r2 down: r2 gives up without a fallback; b3, before it on
	 * the chain, gets SERVFAIL and resolves itself */
	resolve(f, B3, 1u << 5, 0, &x, NULL);
	assert_int_equal(x.how, MRI_DNS_FALLBACK);
	assert_int_equal(x.site, B3);
	assert_int_equal(x.cut_from, R2);
	assert_int_equal(x.cut_to, HQ);
	resolve(f, R2, 1u << 5, 0, &x, NULL);
	assert_int_equal(x.how, MRI_DNS_FAILED);

	/* the asking site down */
	resolve(f, BR, 0, 1u << BR, &x, NULL);
	assert_int_equal(x.how, MRI_DNS_FAILED);
	assert_int_equal(x.cut_from, MR_NONE);
	assert_int_equal(x.cut_to, BR);

	/* never reachable, even with nothing failed */
	resolve(f, ISO, 0, 0, &x, NULL);
	assert_int_equal(x.how, MRI_DNS_FAILED);
	assert_int_equal(x.cut_from, ISO);
	assert_int_equal(x.cut_to, HQ);

	/* a local site answers itself whatever else fails */
	resolve(f, HQ, 0x1f, 1u << REG, &x, &d);
	assert_int_equal(x.how, MRI_DNS_ANSWERED);
	assert_int_equal(x.site, HQ);
	assert_true(d.site[HQ]);
	assert_false(d.site[REG] || d.wan[0]);

	/* out of range */
	resolve(f, 99, 0, 0, &x, NULL);
	assert_int_equal(x.how, MRI_DNS_FAILED);
}

/* Are a and b connected over the WAN links and sites not down? (BFS) */
static bool
connected(const struct mr_design *g, uint32_t a, uint32_t b, unsigned dw,
          unsigned ds)
{
	bool seen[16] = {false};
	uint32_t q[16], n = 0, k = 0;
	size_t i;

	if (ds & (1u << a) || ds & (1u << b))
		return false;
	seen[a] = true;
	q[n++] = a;
	while (k < n) {
		uint32_t v = q[k++];
		if (v == b)
			return true;
		for (i = 0; i < g->n_wan; i++) {
			uint32_t x = g->wan[i].a.idx, y = g->wan[i].b.idx, o;
			if (dw & (1u << i) || (x != v && y != v))
				continue;
			o = x == v ? y : x;
			if (!seen[o] && !(ds & (1u << o))) {
				seen[o] = true;
				q[n++] = o;
			}
		}
	}
	return false;
}

/* The rule of docs/simulate.md, by hand: walk the chain; at the first
 * hop not connected, the nearest site back along it with fallback local
 * answers, else nobody. */
static uint32_t
oracle(const struct fix *f, uint32_t s, unsigned dw, unsigned ds)
{
	struct mr_net_dns d;
	size_t i, j;

	assert_int_equal(mr_net_dns(f->net, s, &d), MR_OK);
	if (ds & (1u << s))
		return MR_NONE;
	for (i = 0; i + 1 < d.n_chain; i++) {
		if (connected(f->dsg, d.chain[i], d.chain[i + 1], dw, ds))
			continue;
		for (j = i + 1; j-- > 0;)
			if (f->dsg->sites[d.chain[j]].dns_fallback ==
			    MR_DNS_FALLBACK_LOCAL)
				return d.chain[j];
		return MR_NONE;
	}
	return d.chain[d.n_chain - 1];
}

/* Every single and double failure of WAN links and sites agrees with the
 * oracle; and the dependencies are complete: failing anything a
 * resolution does not depend on leaves its answer as it was. */
static void
test_dependencies(void **state)
{
	struct fix *f = *state;
	unsigned nw = (unsigned)f->dsg->n_wan, ns = (unsigned)f->dsg->n_sites;
	unsigned a, b;
	uint32_t s;

	for (s = 0; s < ns; s++) {
		struct mri_dns base, x;
		struct deps d;
		resolve(f, s, 0, 0, &base, &d);
		assert_int_equal(base.site, oracle(f, s, 0, 0));
		/* element e < nw: WAN link e; else site e - nw */
		for (a = 0; a < nw + ns; a++)
			for (b = a; b < nw + ns; b++) {
				unsigned dw = 0, ds = 0;
				dw |= a < nw ? 1u << a : 0;
				ds |= a >= nw ? 1u << (a - nw) : 0;
				dw |= b < nw ? 1u << b : 0;
				ds |= b >= nw ? 1u << (b - nw) : 0;
				resolve(f, s, dw, ds, &x, NULL);
				assert_int_equal(x.site, oracle(f, s, dw, ds));
				assert_true((x.how == MRI_DNS_FAILED) ==
				            (x.site == MR_NONE));
				if (a == b &&
				    (a < nw ? !d.wan[a] : !d.site[a - nw])) {
					assert_int_equal(x.how, base.how);
					assert_int_equal(x.site, base.site);
				}
			}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_chain),
	    cmocka_unit_test(test_failures),
	    cmocka_unit_test(test_dependencies),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
