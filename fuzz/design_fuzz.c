/*
 * design_fuzz.c - fuzz target for the YAML design loader: any bytes go to
 * mr_design_load_buffer(). A success must yield a design with no errors
 * whose references are all resolved in range and whose spans lie in the
 * input; a failure no design and at least one error (or an operational
 * error code). Every finding's span must lie in the input. Everything is
 * freed each round.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "m365route/design.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
ref_ok(const struct mr_ref *r, size_t n, size_t size)
{
	if (r->name == NULL ? r->idx != MR_NONE : r->idx >= n)
		abort();
	if (r->name != NULL && r->at.end > size)
		abort();
}

static void
check(const struct mr_design *g, size_t size)
{
	size_t i, k;

	for (i = 0; i < g->n_sites; i++) {
		const struct mr_site *s = &g->sites[i];
		if (s->name == NULL || s->at.end > size)
			abort();
		ref_ok(&s->dns_forward_to, g->n_sites, size);
		for (k = 0; k < s->n_proxies; k++)
			ref_ok(&s->proxies[k], g->n_proxies, size);
	}
	for (i = 0; i < g->n_proxies; i++) {
		const struct mr_proxy *p = &g->proxies[i];
		ref_ok(&p->site, g->n_sites, size);
		ref_ok(&p->egress, p->egress_is_er ? g->n_er : g->n_inet, size);
		if (p->port == 0)
			abort();
	}
	for (i = 0; i < g->n_inet; i++)
		ref_ok(&g->inet[i].site, g->n_sites, size);
	for (i = 0; i < g->n_er; i++) {
		const struct mr_er_circuit *e = &g->er[i];
		ref_ok(&e->site, g->n_sites, size);
		if (e->bandwidth_mbps == 0 || e->peering_location == NULL)
			abort();
		if (e->ms.present &&
		    (e->ms.vlan == 0 || e->ms.vlan > 4094 ||
		     e->ms.secondary_vlan == 0 || e->ms.peer_asn == 0))
			abort();
	}
	for (i = 0; i < g->n_wan; i++) {
		ref_ok(&g->wan[i].a, g->n_sites, size);
		ref_ok(&g->wan[i].b, g->n_sites, size);
	}
	for (i = 0; i < g->n_inbound; i++)
		ref_ok(&g->inbound[i].site, g->n_sites, size);
	for (i = 0; i < g->n_demand; i++)
		ref_ok(&g->demand[i].site, g->n_sites, size);
	for (i = 0; i < g->n_pac_groups; i++) {
		const struct mr_pac_group *p = &g->pac_groups[i];
		ref_ok(&p->proxy, g->n_proxies, size);
		for (k = 0; k < p->n_sites; k++)
			ref_ok(&p->sites[k], g->n_sites, size);
	}
	for (i = 0; i < g->n_overrides; i++)
		if (g->overrides[i].host == NULL)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mr_design *g = NULL;
	struct mr_diags *d = NULL;
	size_t i;
	int rc;

	if (mr_diags_new(&d) != MR_OK)
		return 0;
	rc =
	    mr_design_load_buffer(&g, "fuzz.yaml", (const char *)data, size, d);
	if (rc == MR_OK) {
		if (g == NULL || mr_diags_errors(d) != 0)
			abort();
		check(g, size);
	} else if (g != NULL || (rc == MR_EPARSE && mr_diags_errors(d) == 0)) {
		abort();
	}
	for (i = 0; i < mr_diags_count(d); i++) {
		const struct mr_diag *x = mr_diags_get(d, i);
		uint32_t line, col;
		if (x->at.start > x->at.end || x->at.end > size ||
		    mr_diags_locate(d, x->at.src, x->at.start, &line, &col) !=
		        MR_OK ||
		    x->msg == NULL)
			abort();
	}
	mr_design_free(g);
	mr_diags_free(d);
	return 0;
}
