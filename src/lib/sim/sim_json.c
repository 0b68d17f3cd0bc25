/*
 * sim_json.c - a simulation as JSON (docs/simulate-json.md is the
 * contract): the object `simulate --format json` prints and `plan` writes
 * as simulate.json, built here so both verbs share it.
 *
 * Layout: compact, with a line break before each top-level member after
 * "failed" and before each flow, inbound flow and single failure, which
 * the writer (util/json.c) does on request. Milliseconds have one
 * decimal (rounded to tenths, -0 printed as 0). Complexity: linear in the
 * flows of the result and the matrix.
 */
#include <math.h>
#include <stdlib.h>

#include "buf.h"
#include "error.h"
#include "json.h"
#include "m365route/bgp.h"
#include "m365route/endpoints.h"
#include "sim_int.h"

static void
prefix(struct mr_json *j, const struct mr_prefix *p)
{
	char b[MR_PREFIX_STRLEN];

	mr_prefix_format(p, b, sizeof(b));
	mr_json_str(j, b);
}

static void
ms(struct mr_json *j, const char *key, double v)
{
	mr_json_key(j, key);
	mr_json_num(j, round(v * 10) / 10 + 0.0, 1);
}

static void
kstr(struct mr_json *j, const char *key, const char *v)
{
	mr_json_key(j, key);
	mr_json_str(j, v);
}

const char *
mr_sim_sa_name(enum mr_service_area sa)
{
	static const char *const n[] = {"exchange", "sharepoint", "skype",
	                                "common"};

	return (unsigned)sa < MR_SA__COUNT ? n[sa] : NULL;
}

static const char *
circ(const struct mr_design *g, enum mr_sim_via v, uint32_t c)
{
	const char *n = mr_sim_via_circuit(g, v, c);

	return n ? n : "-";
}

/* A flow's "dns": null when it resolves no Microsoft 365 name. */
static void
dns(struct mr_json *j, const struct mr_design *g, const struct mr_net *net,
    const struct mr_sim_flow *f)
{
	struct mr_net_dns d;
	size_t k;

	mr_json_key(j, "dns");
	if (!f->dns || mr_net_dns(net, f->dns_from, &d) != MR_OK) {
		mr_json_null(j);
		return;
	}
	mr_json_obj(j);
	kstr(j, "asked", g->sites[f->dns_from].name);
	mr_json_key(j, "chain");
	mr_json_arr(j);
	for (k = 0; k < d.n_chain; k++)
		mr_json_str(j, g->sites[d.chain[k]].name);
	mr_json_arr_end(j);
	kstr(j, "answered_by",
	     f->dns_site != MR_NONE ? g->sites[f->dns_site].name : NULL);
	mr_json_key(j, "fallback");
	mr_json_bool(j, f->dns_fallback);
	mr_json_key(j, "cut");
	if (f->dns_cut_to == MR_NONE) {
		mr_json_null(j);
	} else {
		mr_json_obj(j);
		kstr(j, "from",
		     f->dns_cut_from != MR_NONE ? g->sites[f->dns_cut_from].name
		                                : NULL);
		kstr(j, "to", g->sites[f->dns_cut_to].name);
		mr_json_obj_end(j);
	}
	mr_json_obj_end(j);
}

static void
flow(struct mr_json *j, const struct mr_design *g, const struct mr_net *net,
     const struct mr_sim_flow *f)
{
	uint32_t k;

	mr_json_obj(j);
	kstr(j, "site", g->sites[f->site].name);
	mr_json_key(j, "destination");
	mr_json_obj(j);
	kstr(j, "kind", mr_sim_dest_name(f->dest));
	kstr(j, "target", f->target);
	kstr(j, "service_area", mr_sim_sa_name(f->sa));
	kstr(j, "protocol", f->udp ? "udp" : "https");
	kstr(j, "route", mr_route_name(f->route));
	mr_json_key(j, "address");
	if (f->has_addr)
		prefix(j, &f->addr);
	else
		mr_json_null(j);
	mr_json_obj_end(j);
	mr_json_key(j, "pac");
	mr_json_obj(j);
	kstr(j, "decision", mr_sim_pac_name(f->pac));
	kstr(j, "group",
	     f->pac_group != MR_NONE ? g->pac_groups[f->pac_group].name : NULL);
	kstr(j, "override",
	     f->pac == MR_SIM_PAC_OVERRIDE ? g->overrides[f->pac_rule].host
	                                   : NULL);
	kstr(j, "proxy",
	     f->proxy != MR_NONE ? g->proxies[f->proxy].name : NULL);
	mr_json_obj_end(j);
	mr_json_key(j, "egress");
	if (f->egress == MR_NONE || f->egress_site == MR_NONE) {
		mr_json_null(j);
	} else {
		mr_json_obj(j);
		kstr(j, "via", mr_sim_via_name(f->via));
		kstr(j, "circuit", circ(g, f->via, f->egress));
		kstr(j, "site", g->sites[f->egress_site].name);
		mr_json_key(j, "prefix");
		if (f->proxy != MR_NONE)
			mr_json_null(j);
		else
			prefix(j, &f->route_prefix);
		mr_json_key(j, "bgp");
		if (f->proxy != MR_NONE) {
			mr_json_null(j);
		} else {
			mr_json_obj(j);
			mr_json_key(j, "paths");
			mr_json_uint(j, f->n_paths);
			kstr(j, "reason", mr_bgp_reason_name(f->bgp_why));
			kstr(j, "runner_up",
			     f->runner_up != MR_NONE
			         ? circ(g, f->runner_via, f->runner_up)
			         : NULL);
			mr_json_key(j, "multipath");
			mr_json_arr(j);
			for (k = 0; k < f->n_multi; k++)
				mr_json_str(j, circ(g, f->via, f->multi[k]));
			mr_json_arr_end(j);
			mr_json_obj_end(j);
		}
		mr_json_obj_end(j);
	}
	mr_json_key(j, "nat");
	if (f->has_nat) {
		mr_json_obj(j);
		mr_json_key(j, "pool");
		prefix(j, &f->nat);
		kstr(j, "owner", circ(g, f->nat_via, f->nat_owner));
		mr_json_obj_end(j);
	} else {
		mr_json_null(j);
	}
	mr_json_key(j, "return");
	if (!f->has_nat) {
		mr_json_null(j);
	} else {
		mr_json_obj(j);
		kstr(j, "via", mr_sim_via_name(f->ret_via));
		mr_json_key(j, "circuits");
		mr_json_arr(j);
		for (k = 0; k < f->n_ret; k++)
			mr_json_str(j, circ(g, f->ret_via, f->ret[k]));
		mr_json_arr_end(j);
		mr_json_key(j, "prefix");
		if (f->ret_via != MR_SIM_VIA_NONE)
			prefix(j, &f->ret_prefix);
		else
			mr_json_null(j);
		mr_json_key(j, "as_path");
		if (f->ret_via == MR_SIM_VIA_ER)
			mr_json_uint(j, f->ret_as_path);
		else
			mr_json_null(j);
		mr_json_obj_end(j);
	}
	mr_json_key(j, "rtt_ms");
	if (!f->has_rtt) {
		mr_json_null(j);
	} else {
		mr_json_obj(j);
		ms(j, "access", f->rtt_access);
		ms(j, "wan", f->rtt_wan);
		ms(j, "edge", f->rtt_edge);
		ms(j, "client_to_edge", f->rtt_client);
		if (f->fe_unknown) {
			mr_json_key(j, "front_end");
			mr_json_null(j);
		} else
			ms(j, "front_end", f->rtt_fe);
		kstr(j, "front_end_site",
		     f->fe_site != MR_NONE ? g->sites[f->fe_site].name : NULL);
		mr_json_key(j, "realtime");
		mr_json_bool(j, f->realtime);
		mr_json_obj_end(j);
	}
	dns(j, g, net, f);
	kstr(j, "verdict", mr_sim_verdict_name(f->verdict));
	kstr(j, "why", mr_sim_why_name(f->why));
	mr_json_obj_end(j);
}

/* {"via":...,"circuit":...} of a reply, or null. */
static void
reply(struct mr_json *j, const struct mr_design *g, enum mr_sim_via via,
      uint32_t c, int has)
{
	if (!has || c == MR_NONE) {
		mr_json_null(j);
		return;
	}
	mr_json_obj(j);
	kstr(j, "via", mr_sim_via_name(via));
	kstr(j, "circuit", circ(g, via, c));
	mr_json_obj_end(j);
}

static void
inbound(struct mr_json *j, const struct mr_design *g,
        const struct mr_sim_inbound *x)
{
	const struct mr_inbound *in = &g->inbound[x->idx];
	char b[MR_PREFIX_STRLEN];
	uint32_t k;

	mr_json_obj(j);
	kstr(j, "name", in->name);
	kstr(j, "kind", mr_inbound_kind_name(in->kind));
	kstr(j, "site", g->sites[in->site.idx].name);
	mr_addr_format(&in->address.p.addr, b, sizeof(b));
	kstr(j, "address", b);
	kstr(j, "designed_path",
	     in->path == MR_PATH_EXPRESSROUTE ? "expressroute" : "internet");
	mr_json_key(j, "expressroute_routes");
	mr_json_bool(j, x->er_routes);
	mr_json_key(j, "snat");
	mr_json_bool(j, x->snat);
	mr_json_key(j, "in");
	mr_json_obj(j);
	kstr(j, "via", mr_sim_via_name(x->in_via));
	mr_json_key(j, "circuits");
	mr_json_arr(j);
	for (k = 0; k < x->n_in; k++)
		mr_json_str(j, circ(g, x->in_via, x->in[k]));
	mr_json_arr_end(j);
	mr_json_key(j, "prefix");
	if (x->in_via != MR_SIM_VIA_NONE)
		prefix(j, &x->in_prefix);
	else
		mr_json_null(j);
	mr_json_obj_end(j);
	mr_json_key(j, "reply");
	reply(j, g, x->out_via, x->out, 1);
	mr_json_key(j, "reply_other_senders");
	reply(j, g, x->out2_via, x->out2, x->has_out2);
	kstr(j, "verdict", mr_sim_verdict_name(x->verdict));
	kstr(j, "why", mr_sim_why_name(x->why));
	mr_json_obj_end(j);
}

static void
counts(struct mr_json *j, const size_t c[4])
{
	static const char *const names[] = {"ok", "degraded", "asymmetric",
	                                    "blackhole"};
	int i;

	mr_json_obj(j);
	for (i = 0; i < 4; i++) {
		mr_json_key(j, names[i]);
		mr_json_uint(j, c[i]);
	}
	mr_json_obj_end(j);
}

static void
matrix(struct mr_json *j, const struct mr_design *g, const struct mr_sim *s,
       const struct mr_sim_matrix *mx)
{
	size_t i, k;

	mr_json_nl(j);
	mr_json_key(j, "single_failures");
	mr_json_arr(j);
	for (i = 0; i < mx->n_rows; i++) {
		const struct mr_sim_change_row *row = &mx->rows[i];
		const struct mr_sim_element *e =
		    mr_sim_element(s, row->element);
		mr_json_nl(j);
		mr_json_obj(j);
		kstr(j, "failure", e->name);
		kstr(j, "kind", mr_sim_elem_kind_name(e->kind));
		mr_json_key(j, "summary");
		counts(j, row->count);
		mr_json_key(j, "changed");
		mr_json_arr(j);
		for (k = 0; k < row->n_changed; k++) {
			mr_json_obj(j);
			mr_json_key(j, "flow");
			mr_json_uint(j, row->flows[k]);
			mr_json_key(j, "after");
			flow(j, g, s->net, &row->after[k]);
			mr_json_obj_end(j);
		}
		mr_json_arr_end(j);
		mr_json_key(j, "inbound_changed");
		mr_json_arr(j);
		for (k = 0; k < row->n_in_changed; k++) {
			mr_json_obj(j);
			mr_json_key(j, "inbound");
			mr_json_uint(j, row->in_idx[k]);
			mr_json_key(j, "after");
			inbound(j, g, &row->in_after[k]);
			mr_json_obj_end(j);
		}
		mr_json_arr_end(j);
		mr_json_obj_end(j);
	}
	mr_json_arr_end(j);
}

int
mr_sim_json(char **out, size_t *len, const struct mr_design *dsg,
            const struct mr_sim *s, const struct mr_sim_result *r,
            const struct mr_sim_matrix *mx, const char *design_name,
            const struct mr_catalog *cat)
{
	struct mri_buf b = MRI_BUF_INIT;
	struct mr_json j;
	size_t i;

	*out = NULL;
	*len = 0;
	mr_json_init(&j, mri_json_buf_sink, &b);
	mr_json_obj(&j);
	kstr(&j, "tool", "m365route");
	kstr(&j, "version", mr_version());
	mr_json_key(&j, "schema");
	mr_json_uint(&j, 1);
	kstr(&j, "design", design_name);
	mr_json_key(&j, "catalog");
	mr_json_obj(&j);
	kstr(&j, "instance", mr_catalog_instance(cat));
	kstr(&j, "date", mr_catalog_date(cat));
	mr_json_obj_end(&j);
	mr_json_key(&j, "targets_ms");
	mr_json_obj(&j);
	mr_json_key(&j, "edge_to_microsoft");
	mr_json_num(&j, MR_SIM_EDGE_RTT_MS, 0);
	mr_json_key(&j, "client_to_microsoft");
	mr_json_num(&j, MR_SIM_CLIENT_RTT_MS, 0);
	mr_json_obj_end(&j);
	mr_json_key(&j, "failed");
	mr_json_arr(&j);
	for (i = 0; i < r->n_failed; i++)
		mr_json_str(&j, mr_sim_element(s, r->failed[i])->name);
	mr_json_arr_end(&j);
	mr_json_nl(&j);
	mr_json_key(&j, "flows");
	mr_json_arr(&j);
	for (i = 0; i < r->n_flows; i++) {
		mr_json_nl(&j);
		flow(&j, dsg, s->net, &r->flows[i]);
	}
	mr_json_arr_end(&j);
	mr_json_nl(&j);
	mr_json_key(&j, "inbound");
	mr_json_arr(&j);
	for (i = 0; i < r->n_inbound; i++) {
		mr_json_nl(&j);
		inbound(&j, dsg, &r->inbound[i]);
	}
	mr_json_arr_end(&j);
	mr_json_nl(&j);
	mr_json_key(&j, "summary");
	counts(&j, r->count);
	if (mx != NULL)
		matrix(&j, dsg, s, mx);
	mr_json_obj_end(&j);
	mri_buf_putc(&b, '\n');
	if (b.oom) {
		mri_buf_free(&b);
		return mri_error_set(MR_ENOMEM, "out of memory");
	}
	*out = b.p;
	*len = b.n;
	return MR_OK;
}

void
mr_sim_json_free(char *json)
{
	free(json);
}
