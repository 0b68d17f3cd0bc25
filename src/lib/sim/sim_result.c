/*
 * sim_result.c - running the simulation for a failure set (mr_sim_run) and
 * for every single failure (mr_sim_failures_single), and the names of the
 * result's enums.
 *
 * Data layout: a result owns its arrays (malloc), freed by
 * mr_sim_result_free(). The matrix keeps, per element, only the flows that
 * change: their base index and their new outcome.
 *
 * The single-failure matrix recomputes only what can change. The base run
 * records, per simulated site, every element its flows depend on (the
 * site, proxies tried, egress and return circuits with their links and
 * sites, WAN links and transit sites of the paths); a failure of an
 * element nothing depends on cannot change a flow, because failures only
 * remove paths: BGP's best survives the loss of a path that lost, a
 * longest-prefix match the loss of a shorter or unchosen prefix, and a
 * shortest path the loss of a link it does not use. One exception: an
 * edge advertises into iBGP only a path tying the best anywhere, so when
 * a circuit (or its site) fails, edges may start advertising; then every
 * site is recomputed for that failure (mri_route_adv_grew(); random
 * designs found it, the previous version missed those changes). Inbound
 * flows (a few) are recomputed for every failure.
 *
 * Which sites a failure affects is thus the set recorded in the base run;
 * what made the matrix grow as sites^2 was recomputing each of them: one
 * Dijkstra over the whole WAN from every dependent site whose trees the
 * failure touched (MRI_SIM_SINGLE_PER_SITE, kept for comparison). Now
 * (MRI_SIM_SINGLE_FAST) one run serves every failure (sim_run_next():
 * only the up flags the element decides change, the memos filled are
 * cleared), and the trees are the base's, repaired in place for the
 * failure (mri_route_repair_from(), route.c): only the subtree of each
 * consulted tree under the failed link or site is settled again, which
 * gives exactly the tree a fresh Dijkstra would, so the matrix is
 * brute force's (MRI_SIM_SINGLE_BRUTE: every site, every tree from
 * scratch, per failure) field for field. tests/unit/model_props.c checks
 * both on random designs and every suite design.
 *
 * Complexity: base run as sim_run.c; then per element, its dependent
 * sites' flows (the decisions, O(D * (E + K)) each) and, per tree they
 * consult, O(A log A) for the A sites under the failed element in it. On
 * the benchmark designs (docs/PERFORMANCE.md) the sum grows about as
 * S log S; O(F * I) for I inbound flows.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "sim_int.h"

static int
run_all(struct mr_sim *s, const uint8_t *down, struct mr_sim_flow *flows,
        struct mr_sim_inbound *in, uint32_t **used, size_t *n_used,
        size_t *cap_used)
{
	struct sim_run *r;
	size_t k, i;
	int rc = MR_OK;

	if (sim_run_new(&r, s, down) != MR_OK)
		return MR_ENOMEM;
	for (k = 0; k < s->n_src && rc == MR_OK; k++)
		rc = sim_site_flows(
		    r, k, flows + k * s->n_dest, used ? &used[k] : NULL,
		    used ? &n_used[k] : NULL, used ? &cap_used[k] : NULL);
	if (in != NULL)
		for (i = 0; i < s->dsg->n_inbound; i++)
			sim_inbound(r, i, &in[i]);
	sim_run_free(r);
	return rc;
}

/* The failure-free run fixes the NAT configuration: which ExpressRoute
 * circuit each direct flow is translated for. */
static int
configure(struct mr_sim *s)
{
	size_t n = s->n_src * s->n_dest, i;
	struct mr_sim_flow *f;
	uint8_t *down;
	int rc;

	if (s->have_cfg)
		return MR_OK;
	f = calloc(n + 1, sizeof(*f));
	down = calloc(s->n_el + 1, 1);
	if (f == NULL || down == NULL) {
		free(f);
		free(down);
		return MR_ENOMEM;
	}
	rc = run_all(s, down, f, NULL, NULL, NULL, NULL);
	for (i = 0; i < n && rc == MR_OK; i++)
		s->cfg[i] = f[i].via == MR_SIM_VIA_ER && f[i].proxy == MR_NONE
		                ? f[i].egress
		                : MR_NONE;
	if (rc == MR_OK)
		s->have_cfg = true;
	free(f);
	free(down);
	return rc;
}

static void
count(const struct mr_sim_flow *f, size_t n, size_t c[4])
{
	size_t i;

	memset(c, 0, 4 * sizeof(*c));
	for (i = 0; i < n; i++)
		c[f[i].verdict]++;
}

int
mr_sim_run(struct mr_sim_result **out, struct mr_sim *s, const uint32_t *failed,
           size_t n_failed)
{
	struct mr_sim_result *res;
	struct mr_sim_flow *flows;
	struct mr_sim_inbound *in;
	uint32_t *fl;
	uint8_t *down;
	size_t i, n = s->n_src * s->n_dest;
	int rc;

	*out = NULL;
	if ((rc = configure(s)) != MR_OK)
		return mri_error_set(rc, "out of memory");
	res = calloc(1, sizeof(*res));
	flows = calloc(n + 1, sizeof(*flows));
	in = calloc(s->dsg->n_inbound + 1, sizeof(*in));
	fl = calloc(n_failed + 1, sizeof(*fl));
	down = calloc(s->n_el + 1, 1);
	if (res == NULL || flows == NULL || in == NULL || fl == NULL ||
	    down == NULL) {
		rc = MR_ENOMEM;
		goto fail;
	}
	for (i = 0; i < n_failed; i++) {
		if (failed[i] >= s->n_el) {
			rc = mri_error_set(MR_EINVAL, "mr_sim_run: element %u",
			                   failed[i]);
			goto fail;
		}
		down[failed[i]] = 1;
		fl[i] = failed[i];
	}
	if ((rc = run_all(s, down, flows, in, NULL, NULL, NULL)) != MR_OK)
		goto fail;
	res->flows = flows;
	res->n_flows = n;
	res->inbound = in;
	res->n_inbound = s->dsg->n_inbound;
	res->failed = fl;
	res->n_failed = n_failed;
	count(flows, n, res->count);
	free(down);
	*out = res;
	return MR_OK;
fail:
	free(res);
	free(flows);
	free(in);
	free(fl);
	free(down);
	return rc == MR_ENOMEM ? mri_error_set(MR_ENOMEM, "out of memory") : rc;
}

void
mr_sim_result_free(struct mr_sim_result *r)
{
	if (r == NULL)
		return;
	free((void *)(uintptr_t)r->flows);
	free((void *)(uintptr_t)r->inbound);
	free((void *)(uintptr_t)r->failed);
	free(r);
}

bool
sim_flow_differs(const struct mr_sim_flow *a, const struct mr_sim_flow *b)
{
	return a->verdict != b->verdict || a->why != b->why ||
	       a->via != b->via || a->egress != b->egress ||
	       a->proxy != b->proxy || a->ret_via != b->ret_via ||
	       a->n_ret != b->n_ret ||
	       memcmp(a->ret, b->ret, a->n_ret * sizeof(a->ret[0])) != 0 ||
	       a->dns_site != b->dns_site ||
	       a->dns_fallback != b->dns_fallback || a->has_rtt != b->has_rtt ||
	       (a->has_rtt &&
	        (a->rtt_client + a->rtt_fe) - (b->rtt_client + b->rtt_fe) >
	            0.5) ||
	       (a->has_rtt &&
	        (b->rtt_client + b->rtt_fe) - (a->rtt_client + a->rtt_fe) >
	            0.5);
}

bool
sim_inbound_differs(const struct mr_sim_inbound *a,
                    const struct mr_sim_inbound *b)
{
	return a->verdict != b->verdict || a->why != b->why ||
	       a->in_via != b->in_via || a->n_in != b->n_in ||
	       memcmp(a->in, b->in, a->n_in * sizeof(a->in[0])) != 0 ||
	       a->out_via != b->out_via || a->out != b->out ||
	       a->out2_via != b->out2_via || a->out2 != b->out2;
}

/* ---- the single-failure matrix ------------------------------------------- */

struct row_buf {
	size_t n, cap;
	uint32_t *idx;
	struct mr_sim_flow *after;
};

static int
row_add(struct row_buf *b, uint32_t i, const struct mr_sim_flow *f)
{
	if (b->n == b->cap) {
		/* Two arrays, one capacity: grow the second to the first's. */
		size_t cap = b->cap, cap2 = b->cap;
		uint32_t *v =
		    mri_vec_grow(b->idx, &cap, b->n + 1, sizeof(*v), 16);
		struct mr_sim_flow *a;
		if (v == NULL)
			return MR_ENOMEM;
		b->idx = v;
		a = mri_vec_grow(b->after, &cap2, cap, sizeof(*a), cap);
		if (a == NULL)
			return MR_ENOMEM;
		b->after = a;
		b->cap = cap;
	}
	b->idx[b->n] = i;
	b->after[b->n++] = *f;
	return MR_OK;
}

int
mr_sim_failures_single(struct mr_sim_matrix **out, struct mr_sim *s,
                       const struct mr_sim_result *base)
{
	return mri_sim_failures_single_with(out, s, base, MRI_SIM_SINGLE_FAST);
}

int
mri_sim_failures_single_with(struct mr_sim_matrix **out, struct mr_sim *s,
                             const struct mr_sim_result *base,
                             enum mri_sim_single how)
{
	size_t nsrc = s->n_src, nd = s->n_dest, ni = s->dsg->n_inbound;
	struct mr_sim_flow *bf = NULL, *tmp = NULL;
	struct mr_sim_inbound *bi = NULL, *itmp = NULL;
	uint32_t **used = NULL;
	size_t *n_used = NULL, *cap_used = NULL;
	uint32_t *dep_off = NULL, *dep = NULL, *stamp = NULL;
	uint8_t *down = NULL;
	struct mr_sim_matrix *mx = NULL;
	struct mr_sim_change_row *rows = NULL;
	struct sim_run *r0 = NULL, *rf = NULL;
	uint8_t *base_down = NULL;
	uint32_t prev = MR_NONE;
	size_t e, k, i, total = 0, nrows = 0;
	int rc = MR_ENOMEM;

	*out = NULL;
	if ((rc = configure(s)) != MR_OK)
		goto done;
	rc = MR_ENOMEM;
	bf = calloc(nsrc * nd + 1, sizeof(*bf));
	tmp = calloc(nd + 1, sizeof(*tmp));
	bi = calloc(ni + 1, sizeof(*bi));
	itmp = calloc(ni + 1, sizeof(*itmp));
	used = calloc(nsrc + 1, sizeof(*used));
	n_used = calloc(nsrc + 1, sizeof(*n_used));
	cap_used = calloc(nsrc + 1, sizeof(*cap_used));
	down = calloc(s->n_el + 1, 1);
	stamp = calloc(s->n_el + 1, sizeof(*stamp));
	dep_off = calloc(s->n_el + 2, sizeof(*dep_off));
	mx = calloc(1, sizeof(*mx));
	rows = calloc(s->n_el + 1, sizeof(*rows));
	if (bf == NULL || tmp == NULL || bi == NULL || itmp == NULL ||
	    used == NULL || n_used == NULL || cap_used == NULL ||
	    down == NULL || stamp == NULL || dep_off == NULL || mx == NULL ||
	    rows == NULL)
		goto done;
	for (i = 0; i < base->n_failed; i++)
		down[base->failed[i]] = 1;
	if ((base_down = malloc(s->n_el + 1)) == NULL)
		goto done;
	memcpy(base_down, down, s->n_el + 1);
	/* the base again, recording dependencies; its trees are lent to
	 * the failure runs they stay valid for */
	if (sim_run_new(&r0, s, down) != MR_OK)
		goto done;
	for (k = 0; k < nsrc; k++)
		if (sim_site_flows(r0, k, bf + k * nd, &used[k], &n_used[k],
		                   &cap_used[k]) != MR_OK)
			goto done;
	for (i = 0; i < ni; i++)
		sim_inbound(r0, i, &bi[i]);
	/* invert: element -> sites depending on it (each site once) */
	for (k = 0; k < nsrc; k++)
		for (i = 0; i < n_used[k]; i++) {
			uint32_t el = used[k][i];
			if (stamp[el] == k + 1)
				continue;
			stamp[el] = (uint32_t)(k + 1);
			dep_off[el + 1]++;
			total++;
		}
	for (e = 0; e < s->n_el; e++)
		dep_off[e + 1] += dep_off[e];
	if ((dep = calloc(total + 1, sizeof(*dep))) == NULL)
		goto done;
	memset(stamp, 0, (s->n_el + 1) * sizeof(*stamp));
	{
		uint32_t *fill = calloc(s->n_el + 1, sizeof(*fill));
		if (fill == NULL)
			goto done;
		for (k = 0; k < nsrc; k++)
			for (i = 0; i < n_used[k]; i++) {
				uint32_t el = used[k][i];
				if (stamp[el] == k + 1)
					continue;
				stamp[el] = (uint32_t)(k + 1);
				dep[dep_off[el] + fill[el]++] = (uint32_t)k;
			}
		free(fill);
	}
	for (e = 0; e < s->n_el; e++) {
		struct mr_sim_change_row *row = &rows[nrows];
		struct row_buf fb = {0, 0, NULL, NULL};
		struct sim_run *r;
		size_t nin = 0, n_dep;
		bool all;
		int frc = MR_OK;
		uint32_t *iidx;
		struct mr_sim_inbound *iafter;

		if (down[e])
			continue;
		down[e] = 1;
		if (how == MRI_SIM_SINGLE_FAST) {
			/* one run for every failure, the base's trees
			 * repaired for each */
			if ((rf == NULL &&
			     sim_run_new(&rf, s, base_down) != MR_OK) ||
			    sim_run_next(rf, r0, down, prev, (uint32_t)e) !=
			        MR_OK) {
				down[e] = 0;
				goto done;
			}
			prev = (uint32_t)e;
			r = rf;
		} else {
			if (sim_run_new(&r, s, down) != MR_OK) {
				down[e] = 0;
				goto done;
			}
			if (how == MRI_SIM_SINGLE_PER_SITE)
				sim_run_inherit(r, r0, (uint32_t)e);
		}
		memcpy(row->count, base->count, sizeof(row->count));
		row->element = (uint32_t)e;
		/* every site when the failure makes an edge advertise
		 * what it did not (route.h, mri_route_adv_grew()) */
		all = how == MRI_SIM_SINGLE_BRUTE ||
		      ((e < s->el_wan0 || e >= s->el_site0) &&
		       sim_run_adv_grew(r, r0));
		n_dep = all ? nsrc : dep_off[e + 1] - dep_off[e];
		for (i = 0; i < n_dep; i++) {
			size_t src = all ? i : dep[dep_off[e] + i], d;
			if (sim_site_flows(r, src, tmp, NULL, NULL, NULL) !=
			    MR_OK) {
				frc = MR_ENOMEM;
				break;
			}
			for (d = 0; d < nd; d++) {
				const struct mr_sim_flow *b = &bf[src * nd + d];
				if (!sim_flow_differs(b, &tmp[d]))
					continue;
				row->count[b->verdict]--;
				row->count[tmp[d].verdict]++;
				if (row_add(&fb, (uint32_t)(src * nd + d),
				            &tmp[d]) != MR_OK) {
					frc = MR_ENOMEM;
					break;
				}
			}
		}
		for (i = 0; i < ni; i++) {
			sim_inbound(r, i, &itmp[i]);
			if (sim_inbound_differs(&bi[i], &itmp[i]))
				nin++;
		}
		iidx = calloc(nin + 1, sizeof(*iidx));
		iafter = calloc(nin + 1, sizeof(*iafter));
		if (r != rf)
			sim_run_free(r);
		down[e] = 0;
		row->flows = fb.idx;
		row->after = fb.after;
		row->n_changed = fb.n;
		row->in_idx = iidx;
		row->in_after = iafter;
		nrows++;
		if (iidx == NULL || iafter == NULL || frc != MR_OK)
			goto done;
		for (i = 0, nin = 0; i < ni; i++)
			if (sim_inbound_differs(&bi[i], &itmp[i])) {
				iidx[nin] = (uint32_t)i;
				iafter[nin++] = itmp[i];
			}
		row->n_in_changed = nin;
	}
	mx->rows = rows;
	mx->n_rows = nrows;
	*out = mx;
	mx = NULL;
	rows = NULL;
	rc = MR_OK;
done:
	/* the failure run first: finishing it undoes its repairs */
	sim_run_free(rf);
	sim_run_free(r0);
	free(base_down);
	if (rows != NULL) {
		for (i = 0; i < nrows; i++) {
			free((void *)(uintptr_t)rows[i].flows);
			free((void *)(uintptr_t)rows[i].after);
			free((void *)(uintptr_t)rows[i].in_idx);
			free((void *)(uintptr_t)rows[i].in_after);
		}
		free(rows);
	}
	free(mx);
	if (used != NULL)
		for (k = 0; k < nsrc; k++)
			free(used[k]);
	free(used);
	free(n_used);
	free(cap_used);
	free(bf);
	free(tmp);
	free(bi);
	free(itmp);
	free(down);
	free(stamp);
	free(dep_off);
	free(dep);
	return rc == MR_OK ? MR_OK : mri_error_set(rc, "out of memory");
}

void
mr_sim_matrix_free(struct mr_sim_matrix *mx)
{
	size_t i;

	if (mx == NULL)
		return;
	for (i = 0; i < mx->n_rows; i++) {
		free((void *)(uintptr_t)mx->rows[i].flows);
		free((void *)(uintptr_t)mx->rows[i].after);
		free((void *)(uintptr_t)mx->rows[i].in_idx);
		free((void *)(uintptr_t)mx->rows[i].in_after);
	}
	free((void *)(uintptr_t)mx->rows);
	free(mx);
}

/* ---- names (stable: they are the JSON values, docs/simulate-json.md) ---- */

/* n[i] of a name table, "?" past its end. */
#define NAME_OF(n, i)                                                          \
	((unsigned)(i) < sizeof(n) / sizeof((n)[0]) ? (n)[i] : "?")

const char *
mr_sim_verdict_name(enum mr_sim_verdict v)
{
	static const char *const n[] = {"ok", "degraded", "asymmetric",
	                                "blackhole"};

	return NAME_OF(n, v);
}

const char *
mr_sim_why_name(enum mr_sim_why w)
{
	static const char *const n[] = {"none",
	                                "site-down",
	                                "no-route",
	                                "no-proxy",
	                                "proxy-egress-down",
	                                "no-nat-pool",
	                                "nat-pool-unreachable",
	                                "expressroute-pool-on-internet",
	                                "return-over-expressroute",
	                                "return-over-internet",
	                                "return-other-circuit",
	                                "return-load-shared",
	                                "edge-rtt",
	                                "client-rtt",
	                                "unreachable-inbound",
	                                "smtp-over-expressroute",
	                                "dns-unreachable"};

	return NAME_OF(n, w);
}

const char *
mr_sim_dest_name(enum mr_sim_dest d)
{
	static const char *const n[] = {
	    "expressroute-host", "media", "microsoft-internet-host",
	    "other-host",        "host",  "address"};

	return NAME_OF(n, d);
}

const char *
mr_sim_pac_name(enum mr_sim_pac p)
{
	static const char *const n[] = {
	    "none",     "no-policy",           "site-proxy",
	    "override", "expressroute-direct", "group-proxy"};

	return NAME_OF(n, p);
}

const char *
mr_sim_flow_label(const struct mr_sim_flow *f)
{
	switch (f->dest) {
	case MR_SIM_DEST_ER_HOST:
		return mr_sim_sa_name(f->sa);
	case MR_SIM_DEST_MEDIA:
		return "teams-media";
	case MR_SIM_DEST_MS_HOST:
		return "m365-internet";
	case MR_SIM_DEST_OTHER_HOST:
		return "non-microsoft";
	case MR_SIM_DEST_HOST:
		return "host";
	case MR_SIM_DEST_ADDR:
		return "address";
	}
	return "?";
}

const char *
mr_sim_via_name(enum mr_sim_via v)
{
	static const char *const n[] = {"none", "expressroute", "internet"};

	return NAME_OF(n, v);
}

const char *
mr_sim_via_circuit(const struct mr_design *dsg, enum mr_sim_via v, uint32_t idx)
{
	if (v == MR_SIM_VIA_ER && idx < dsg->n_er)
		return dsg->er[idx].name;
	if (v == MR_SIM_VIA_INTERNET && idx < dsg->n_inet)
		return dsg->inet[idx].name;
	return NULL;
}
