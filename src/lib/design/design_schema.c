/*
 * design_schema.c - the design's schema and the walker that decodes a
 * mapping by it (design.c has the flow, docs/design-format.md the format).
 *
 * Layout: each mapping kind (the design, organization, site, dns,
 * location, proxy, circuits, microsoft_peering, WAN link, inbound service,
 * demand, policy, override, PAC group) is a struct schema: an array of
 * struct field {key, decoder (design_decode.c), required, offsets into the
 * C struct, range, aux table}, an optional init (defaults written before
 * the walk) and check (cross-field rules after it). The enum tables the
 * fields name live here too, with the public accessors that read them
 * (mr_inbound_kind_name(), mr_sku_name()).
 *
 * Invariants: a schema has at most 32 fields (the walker's seen[] array);
 * a key appears once per mapping; a required key that is missing or null
 * is reported at the mapping's first key; unknown keys get a "did you
 * mean" from the same schema, else a "belongs under" from a schema nested
 * up to two levels below.
 *
 * Complexity: O(keys x fields) per mapping (fields <= 32), so O(nodes)
 * for the walk; the hints for an unknown key cost O(fields) edit
 * distances, on the error path only.
 */
#include <stddef.h>
#include <string.h>

#include "design_load.h"

/*
 * The schema.
 */

#define FLD(k, d, fl, o, o2, lo, hi, aux)                                      \
	{                                                                      \
		k, d, fl, o, o2, lo, hi, aux                                   \
	}
#define SCHEMA(w, t, at, in, ck)                                               \
	{                                                                      \
		w, t, sizeof(t) / sizeof(t[0]), at, in, ck                     \
	}

static const struct field org_fields[] = {
    FLD("name", mri_dec_text, F_REQUIRED,
        offsetof(struct mr_organization, name), NOOFF, 0, 0, NULL),
    FLD("tenant", mri_dec_tenant, 0, offsetof(struct mr_organization, tenant),
        NOOFF, 0, 0, NULL),
    FLD("asns", mri_dec_org_asns, 0, 0, NOOFF, 0, 0, NULL),
    FLD("address_space", mri_dec_prefixes, 0,
        offsetof(struct mr_organization, address_space), NOOFF, 0, 0, NULL),
};
static const struct schema org_schema =
    SCHEMA("the organization", org_fields, offsetof(struct mr_organization, at),
           NULL, NULL);

static const struct enumval continents[] = {
    {"africa", 0},        {"antarctica", 1},
    {"asia", 2},          {"europe", 3},
    {"north-america", 4}, {"oceania", 5},
    {"south-america", 6}, {NULL, 0}};

static const struct field loc_fields[] = {
    FLD("lat", mri_dec_double, F_REQUIRED, offsetof(struct mr_site, lat), NOOFF,
        -90, 90, NULL),
    FLD("lon", mri_dec_double, F_REQUIRED, offsetof(struct mr_site, lon), NOOFF,
        -180, 180, NULL),
};
static const struct schema loc_schema =
    SCHEMA("a location", loc_fields, NOOFF, NULL, NULL);

static const struct enumval dns_modes[] = {
    {"local", MR_DNS_LOCAL}, {"forward", MR_DNS_FORWARD}, {NULL, 0}};

static const struct enumval dns_fallbacks[] = {{"none", MR_DNS_FALLBACK_NONE},
                                               {"local", MR_DNS_FALLBACK_LOCAL},
                                               {NULL, 0}};

static void check_dns(struct loader *L, void *obj, const struct ynode *map);

static const struct field dns_fields[] = {
    FLD("resolvers", mri_dec_addrs, 0, offsetof(struct mr_site, n_resolvers),
        offsetof(struct mr_site, resolvers), 0, 0, NULL),
    FLD("microsoft365", mri_dec_enum, 0, offsetof(struct mr_site, dns_mode),
        NOOFF, 0, 0, dns_modes),
    FLD("forward_to", mri_dec_ref, 0, offsetof(struct mr_site, dns_forward_to),
        NOOFF, 0, 0, NULL),
    FLD("fallback", mri_dec_enum, 0, offsetof(struct mr_site, dns_fallback),
        offsetof(struct mr_site, dns_fallback_at), 0, 0, dns_fallbacks),
};
static const struct schema dns_schema =
    SCHEMA("dns", dns_fields, NOOFF, NULL, check_dns);

static void
check_dns(struct loader *L, void *obj, const struct ynode *map)
{
	struct mr_site *s = obj;

	uint32_t end = map->child != YNONE ? L->t.v[map->child].end : map->end;

	if (s->dns_mode == MR_DNS_FORWARD && s->dns_forward_to.name == NULL)
		mri_dreport(&L->r, MR_D_KEY_MISSING, map->start, end,
		            "'forward_to' is required when 'microsoft365' is "
		            "forward");
	/* Forwarding keys on a site that resolves locally do nothing. */
	if (s->dns_mode != MR_DNS_FORWARD && s->dns_forward_to.name != NULL)
		mri_dreport(&L->r, MR_D_KEY_IGNORED, s->dns_forward_to.at.start,
		            s->dns_forward_to.at.end,
		            "'forward_to' has no effect unless 'microsoft365' "
		            "is forward");
	if (s->dns_mode != MR_DNS_FORWARD &&
	    s->dns_fallback_at.end > s->dns_fallback_at.start)
		mri_dreport(&L->r, MR_D_KEY_IGNORED, s->dns_fallback_at.start,
		            s->dns_fallback_at.end,
		            "'fallback' has no effect unless 'microsoft365' is "
		            "forward");
}

static const struct field site_fields[] = {
    FLD("name", mri_dec_name, F_REQUIRED, offsetof(struct mr_site, name), NOOFF,
        0, 0, NULL),
    FLD("city", mri_dec_text, 0, offsetof(struct mr_site, city), NOOFF, 0, 0,
        NULL),
    FLD("location", mri_dec_sub, 0, 0, offsetof(struct mr_site, has_coords), 0,
        0, &loc_schema),
    FLD("continent", mri_dec_continent, 0, offsetof(struct mr_site, continent),
        NOOFF, 0, 0, continents),
    FLD("users", mri_dec_u32, 0, offsetof(struct mr_site, users), NOOFF, 0,
        10000000, NULL),
    FLD("subnets", mri_dec_prefixes, 0, offsetof(struct mr_site, subnets),
        NOOFF, 0, 0, NULL),
    FLD("dns", mri_dec_sub, 0, 0, NOOFF, 0, 0, &dns_schema),
    FLD("proxies", mri_dec_refs, 0, offsetof(struct mr_site, n_proxies),
        offsetof(struct mr_site, proxies), 0, 0, NULL),
    FLD("expressroute_routes", mri_dec_site_er, 0,
        offsetof(struct mr_site, receives_er_routes), NOOFF, 0, 0, NULL),
    FLD("realtime_media", mri_dec_bool, 0,
        offsetof(struct mr_site, realtime_media), NOOFF, 0, 0, NULL),
    FLD("access_rtt_ms", mri_dec_double, 0,
        offsetof(struct mr_site, access_rtt_ms), NOOFF, 1, 1000, NULL),
    FLD("local_internet", mri_dec_site_li, 0,
        offsetof(struct mr_site, local_internet), NOOFF, 0, 0, NULL),
};

static void
init_site(void *obj)
{
	struct mr_site *s = obj;

	s->dns_mode = MR_DNS_LOCAL;
	s->dns_forward_to.idx = MR_NONE;
	s->access_rtt_ms = MR_SITE_ACCESS_RTT_MS;
}

static const struct schema site_schema = SCHEMA(
    "a site", site_fields, offsetof(struct mr_site, at), init_site, NULL);

static const struct field proxy_fields[] = {
    FLD("name", mri_dec_name, F_REQUIRED, offsetof(struct mr_proxy, name),
        NOOFF, 0, 0, NULL),
    FLD("site", mri_dec_ref, F_REQUIRED, offsetof(struct mr_proxy, site), NOOFF,
        0, 0, NULL),
    FLD("listen", mri_dec_listen, F_REQUIRED, 0, NOOFF, 0, 0, NULL),
    FLD("egress", mri_dec_ref, F_REQUIRED, offsetof(struct mr_proxy, egress),
        NOOFF, 0, 0, NULL),
};

static void
init_proxy(void *obj)
{
	struct mr_proxy *p = obj;

	p->site.idx = p->egress.idx = MR_NONE;
}

static const struct schema proxy_schema = SCHEMA(
    "a proxy", proxy_fields, offsetof(struct mr_proxy, at), init_proxy, NULL);

static const struct field inet_fields[] = {
    FLD("name", mri_dec_name, F_REQUIRED,
        offsetof(struct mr_internet_circuit, name), NOOFF, 0, 0, NULL),
    FLD("site", mri_dec_ref, F_REQUIRED,
        offsetof(struct mr_internet_circuit, site), NOOFF, 0, 0, NULL),
    FLD("isp", mri_dec_text, 0, offsetof(struct mr_internet_circuit, isp),
        NOOFF, 0, 0, NULL),
    FLD("bandwidth", mri_dec_bw, 0,
        offsetof(struct mr_internet_circuit, bandwidth_mbps), NOOFF, 0, 0,
        NULL),
    FLD("advertised", mri_dec_prefixes, 0,
        offsetof(struct mr_internet_circuit, advertised), NOOFF, 0, 0, NULL),
    FLD("nat_pool", mri_dec_prefixes, 0,
        offsetof(struct mr_internet_circuit, nat_pool), NOOFF, 0, 0, NULL),
};

static void
init_inet(void *obj)
{
	struct mr_internet_circuit *c = obj;

	c->site.idx = MR_NONE;
}

static const struct schema inet_schema =
    SCHEMA("an Internet circuit", inet_fields,
           offsetof(struct mr_internet_circuit, at), init_inet, NULL);

#define MSF(k, d, fl, m, o2, lo, hi, aux)                                      \
	FLD(k, d, fl, offsetof(struct mr_ms_peering, m), o2, lo, hi, aux)
#define MSO(m) offsetof(struct mr_ms_peering, m)

static const struct field ms_fields[] = {
    MSF("peer_asn", mri_dec_asn, F_REQUIRED, peer_asn, MSO(peer_asn_at), 0, 0,
        NULL),
    MSF("customer_asn", mri_dec_asn, 0, customer_asn, MSO(customer_asn_at), 0,
        0, NULL),
    MSF("primary", mri_dec_prefix, 0, primary, MSO(has_primary), 0, 0,
        (void *)(intptr_t)MR_AF_INET),
    MSF("secondary", mri_dec_prefix, 0, secondary, MSO(has_secondary), 0, 0,
        (void *)(intptr_t)MR_AF_INET),
    MSF("subnet", mri_dec_prefix, 0, subnet, MSO(has_subnet), 0, 0,
        (void *)(intptr_t)MR_AF_INET),
    MSF("primary_v6", mri_dec_prefix, 0, primary6, MSO(has_primary6), 0, 0,
        (void *)(intptr_t)MR_AF_INET6),
    MSF("secondary_v6", mri_dec_prefix, 0, secondary6, MSO(has_secondary6), 0,
        0, (void *)(intptr_t)MR_AF_INET6),
    MSF("subnet_v6", mri_dec_prefix, 0, subnet6, MSO(has_subnet6), 0, 0,
        (void *)(intptr_t)MR_AF_INET6),
    MSF("vlan", mri_dec_u16, F_REQUIRED, vlan, MSO(vlan_at), 1, 4094, NULL),
    MSF("secondary_vlan", mri_dec_u16, 0, secondary_vlan,
        MSO(secondary_vlan_at), 1, 4094, NULL),
    MSF("sessions", mri_dec_u32, 0, sessions, MSO(sessions_at), 1, 2, NULL),
    MSF("advertised", mri_dec_prefixes, 0, advertised, NOOFF, 0, 0, NULL),
    MSF("nat_pool", mri_dec_prefixes, 0, nat_pool, NOOFF, 0, 0, NULL),
    FLD("route_filter", mri_dec_route_filter, 0, 0, NOOFF, 0, 0, NULL),
    MSF("bfd", mri_dec_bool, 0, bfd, NOOFF, 0, 0, NULL),
    MSF("local_preference", mri_dec_u32, 0, local_preference,
        MSO(local_preference_at), 1, 4294967295.0, NULL),
    FLD("as_path_prepend", mri_dec_prepend, 0, 0, NOOFF, 0, 0, NULL),
};

static void
init_ms(void *obj)
{
	struct mr_ms_peering *m = obj;

	m->sessions = 2;
}

_Static_assert(sizeof(ms_fields) / sizeof(ms_fields[0]) <= 32,
               "mri_design_walk() tracks at most 32 keys");

static const struct schema ms_schema =
    SCHEMA("microsoft_peering", ms_fields, MSO(at), init_ms, NULL);

static const struct enumval skus[] = {{"local", MR_SKU_LOCAL},
                                      {"standard", MR_SKU_STANDARD},
                                      {"premium", MR_SKU_PREMIUM},
                                      {NULL, 0}};

#define ERO(m) offsetof(struct mr_er_circuit, m)

static const struct field er_fields[] = {
    FLD("name", mri_dec_name, F_REQUIRED, ERO(name), NOOFF, 0, 0, NULL),
    FLD("site", mri_dec_ref, F_REQUIRED, ERO(site), NOOFF, 0, 0, NULL),
    FLD("peering_location", mri_dec_text, F_REQUIRED, ERO(peering_location),
        ERO(peering_location_at), 0, 0, NULL),
    FLD("provider", mri_dec_text, 0, ERO(provider), NOOFF, 0, 0, NULL),
    FLD("bandwidth", mri_dec_bw, F_REQUIRED, ERO(bandwidth_mbps),
        ERO(bandwidth_at), 0, 0, NULL),
    FLD("direct", mri_dec_bool, 0, ERO(direct), NOOFF, 0, 0, NULL),
    FLD("sku", mri_dec_enum, 0, ERO(sku), ERO(sku_at), 0, 0, skus),
    FLD("service_key", mri_dec_service_key, 0, 0, NOOFF, 0, 0, NULL),
    FLD("m365_authorized", mri_dec_bool, 0, ERO(m365_authorized), NOOFF, 0, 0,
        NULL),
    FLD("private_peering", mri_dec_bool, 0, ERO(private_peering), NOOFF, 0, 0,
        NULL),
    FLD("microsoft_peering", mri_dec_sub, 0, ERO(ms), ERO(ms.present), 0, 0,
        &ms_schema),
};

static void
init_er(void *obj)
{
	struct mr_er_circuit *c = obj;

	c->site.idx = MR_NONE;
}

static const struct schema er_schema =
    SCHEMA("an ExpressRoute circuit", er_fields, ERO(at), init_er, NULL);

static const struct field wan_fields[] = {
    FLD("between", mri_dec_between, F_REQUIRED, 0, NOOFF, 0, 0, NULL),
    FLD("latency_ms", mri_dec_double, 0,
        offsetof(struct mr_wan_link, latency_ms), NOOFF, 0, 10000, NULL),
    FLD("bandwidth", mri_dec_bw, 0,
        offsetof(struct mr_wan_link, bandwidth_mbps), NOOFF, 0, 0, NULL),
};

static void
init_wan(void *obj)
{
	struct mr_wan_link *w = obj;

	w->a.idx = w->b.idx = MR_NONE;
	w->latency_ms = -1;
}

static const struct schema wan_schema = SCHEMA(
    "a WAN link", wan_fields, offsetof(struct mr_wan_link, at), init_wan, NULL);

static const struct enumval inbound_kinds[] = {
    {"smtp", MR_IN_SMTP},
    {"adfs", MR_IN_ADFS},
    {"exchange-hybrid", MR_IN_EXCHANGE_HYBRID},
    {"sharepoint-hybrid-search", MR_IN_SHAREPOINT_HYBRID_SEARCH},
    {"sharepoint-hybrid-bcs", MR_IN_SHAREPOINT_HYBRID_BCS},
    {"skype-hybrid", MR_IN_SKYPE_HYBRID},
    {"cloud-connector", MR_IN_CLOUD_CONNECTOR},
    {"other", MR_IN_OTHER},
    {NULL, 0}};

static const struct enumval paths[] = {{"internet", MR_PATH_INTERNET},
                                       {"expressroute", MR_PATH_EXPRESSROUTE},
                                       {NULL, 0}};

#define INO(m) offsetof(struct mr_inbound, m)

static const struct field inbound_fields[] = {
    FLD("name", mri_dec_name, F_REQUIRED, INO(name), NOOFF, 0, 0, NULL),
    FLD("kind", mri_dec_enum, F_REQUIRED, INO(kind), INO(kind_at), 0, 0,
        inbound_kinds),
    FLD("site", mri_dec_ref, F_REQUIRED, INO(site), NOOFF, 0, 0, NULL),
    FLD("address", mri_dec_addr, F_REQUIRED, INO(address), NOOFF, 0, 0, NULL),
    FLD("path", mri_dec_enum, 0, INO(path), NOOFF, 0, 0, paths),
    FLD("snat", mri_dec_bool, 0, INO(snat), NOOFF, 0, 0, NULL),
    FLD("expressroute_routes", mri_dec_bool, 0, INO(er_routes),
        INO(has_er_routes), 0, 0, NULL),
};

static void
init_inbound(void *obj)
{
	struct mr_inbound *i = obj;

	i->site.idx = MR_NONE;
	i->path = MR_PATH_INTERNET;
}

static const struct schema inbound_schema =
    SCHEMA("an inbound service", inbound_fields, INO(at), init_inbound, NULL);

#define DMO(m) offsetof(struct mr_demand, m)

static const struct field demand_fields[] = {
    FLD("site", mri_dec_ref, F_REQUIRED, DMO(site), NOOFF, 0, 0, NULL),
    FLD("exchange", mri_dec_double, 0, DMO(mbps[MR_SA_EXCHANGE]), NOOFF, 0, 1e7,
        NULL),
    FLD("sharepoint", mri_dec_double, 0, DMO(mbps[MR_SA_SHAREPOINT]), NOOFF, 0,
        1e7, NULL),
    FLD("skype", mri_dec_double, 0, DMO(mbps[MR_SA_SKYPE]), NOOFF, 0, 1e7,
        NULL),
    FLD("common", mri_dec_double, 0, DMO(mbps[MR_SA_COMMON]), NOOFF, 0, 1e7,
        NULL),
};

static void
init_demand(void *obj)
{
	struct mr_demand *d = obj;
	int i;

	d->site.idx = MR_NONE;
	for (i = 0; i < MR_SA__COUNT; i++)
		d->mbps[i] = -1;
}

static const struct schema demand_schema =
    SCHEMA("a demand entry", demand_fields, DMO(at), init_demand, NULL);

static const struct enumval actions[] = {
    {"proxy", MR_OVERRIDE_PROXY}, {"direct", MR_OVERRIDE_DIRECT}, {NULL, 0}};

static const struct field override_fields[] = {
    FLD("host", mri_dec_host, F_REQUIRED, 0, NOOFF, 0, 0, NULL),
    FLD("action", mri_dec_enum, F_REQUIRED,
        offsetof(struct mr_override, action), NOOFF, 0, 0, actions),
};
static const struct schema override_schema =
    SCHEMA("an override", override_fields, offsetof(struct mr_override, at),
           NULL, NULL);

#define PGO(m) offsetof(struct mr_pac_group, m)

static const struct field pac_fields[] = {
    FLD("name", mri_dec_name, F_REQUIRED, PGO(name), NOOFF, 0, 0, NULL),
    FLD("clients", mri_dec_prefixes, 0, PGO(clients), NOOFF, 0, 0, NULL),
    FLD("sites", mri_dec_refs, 0, PGO(n_sites), PGO(sites), 0, 0, NULL),
    FLD("proxy", mri_dec_pac_proxy, F_REQUIRED, 0, NOOFF, 0, 0, NULL),
    FLD("expressroute", mri_dec_bool, 0, PGO(expressroute), NOOFF, 0, 0, NULL),
};

static void
init_pac(void *obj)
{
	struct mr_pac_group *p = obj;

	p->proxy.idx = MR_NONE;
}

static const struct schema pac_schema =
    SCHEMA("a PAC group", pac_fields, PGO(at), init_pac, NULL);

#define DSO(m) offsetof(struct mr_design, m)
#define LIST(sch, T, n, v)                                                     \
	{                                                                      \
		&sch, sizeof(T), DSO(n), DSO(v)                                \
	}

static const struct list_of sites_list =
    LIST(site_schema, struct mr_site, n_sites, sites);
static const struct list_of proxies_list =
    LIST(proxy_schema, struct mr_proxy, n_proxies, proxies);
static const struct list_of inet_list =
    LIST(inet_schema, struct mr_internet_circuit, n_inet, inet);
static const struct list_of er_list =
    LIST(er_schema, struct mr_er_circuit, n_er, er);
static const struct list_of wan_list =
    LIST(wan_schema, struct mr_wan_link, n_wan, wan);
static const struct list_of inbound_list =
    LIST(inbound_schema, struct mr_inbound, n_inbound, inbound);
static const struct list_of demand_list =
    LIST(demand_schema, struct mr_demand, n_demand, demand);
static const struct list_of override_list =
    LIST(override_schema, struct mr_override, n_overrides, overrides);
static const struct list_of pac_list =
    LIST(pac_schema, struct mr_pac_group, n_pac_groups, pac_groups);

static const struct field policy_fields[] = {
    FLD("overrides", mri_dec_list, 0, 0, NOOFF, 0, 0, &override_list),
    FLD("pac_groups", mri_dec_list, 0, 0, NOOFF, 0, 0, &pac_list),
};
static const struct schema policy_schema =
    SCHEMA("policy", policy_fields, NOOFF, NULL, NULL);

static const struct field top_fields[] = {
    FLD("organization", mri_dec_sub, F_REQUIRED, DSO(org), NOOFF, 0, 0,
        &org_schema),
    FLD("sites", mri_dec_list, F_REQUIRED, 0, NOOFF, 0, 0, &sites_list),
    FLD("proxies", mri_dec_list, 0, 0, NOOFF, 0, 0, &proxies_list),
    FLD("internet_circuits", mri_dec_list, 0, 0, NOOFF, 0, 0, &inet_list),
    FLD("expressroute_circuits", mri_dec_list, 0, 0, NOOFF, 0, 0, &er_list),
    FLD("wan_links", mri_dec_list, 0, 0, NOOFF, 0, 0, &wan_list),
    FLD("inbound_services", mri_dec_list, 0, 0, NOOFF, 0, 0, &inbound_list),
    FLD("demand", mri_dec_list, 0, 0, NOOFF, 0, 0, &demand_list),
    FLD("policy", mri_dec_sub, 0, 0, NOOFF, 0, 0, &policy_schema),
};
const struct schema mri_design_top_schema =
    SCHEMA("the design", top_fields, NOOFF, NULL, NULL);

/*
 * The walker.
 */

/* A key known in a mapping nested in s (for "belongs under" hints). */
static const char *
nested_home(const struct schema *s, const char *key, size_t len, int depth)
{
	size_t i, k;

	for (i = 0; i < s->n; i++) {
		const struct schema *sub = NULL;
		if (s->f[i].dec == mri_dec_sub)
			sub = s->f[i].aux;
		else if (s->f[i].dec == mri_dec_list)
			sub = ((const struct list_of *)s->f[i].aux)->item;
		if (sub == NULL)
			continue;
		for (k = 0; k < sub->n; k++)
			if (strlen(sub->f[k].key) == len &&
			    memcmp(sub->f[k].key, key, len) == 0)
				return s->f[i].key;
		if (depth > 0 && nested_home(sub, key, len, depth - 1) != NULL)
			return s->f[i].key;
	}
	return NULL;
}

static void
unknown_key(struct loader *L, const struct schema *s, const struct ynode *k)
{
	char b[QBUF];
	const char *best = NULL, *home;
	size_t i, bd = 3;

	if (k->len == 2 && memcmp(k->text, "<<", 2) == 0) {
		mri_dreport(&L->r, MR_D_YAML_UNSUPPORTED, k->start, k->end,
		            "YAML merge keys ('<<') are not used in designs");
		mri_diag_hint(L->r.d, "write the keys out, or use an alias for "
		                      "the whole value");
		return;
	}
	mri_dreport(&L->r, MR_D_KEY_UNKNOWN, k->start, k->end,
	            "unknown key '%s' in %s", mri_design_q(b, k), s->what);
	for (i = 0; i < s->n; i++) {
		size_t d = mri_edit_distance(k->text, k->len, s->f[i].key,
		                             strlen(s->f[i].key), bd);
		if (d < bd && d < k->len) {
			bd = d;
			best = s->f[i].key;
		}
	}
	if (best != NULL) {
		mri_diag_hint(L->r.d, "did you mean '%s'?", best);
		return;
	}
	home = nested_home(s, k->text, k->len, 1);
	if (home != NULL)
		mri_diag_hint(L->r.d, "'%s' belongs under '%s'",
		              mri_design_q(b, k), home);
}

void
mri_design_walk(struct loader *L, const struct schema *s,
                const struct ynode *map, void *obj)
{
	uint32_t seen[32], c, first_key = YNONE;
	size_t i;
	char b[QBUF], w[64];

	if (s->n > sizeof(seen) / sizeof(seen[0]))
		return; /* a schema bug: see the _Static_assert on ms_fields */
	for (i = 0; i < s->n; i++)
		seen[i] = YNONE;
	if (s->at_off != NOOFF)
		*AT(obj, s->at_off, struct mr_span) = mri_design_span(L, map);
	if (s->init != NULL)
		s->init(obj);
	for (c = map->child; c != YNONE && !mri_diag_stopped(L->r.d);
	     c = L->t.v[L->t.v[c].next].next) {
		const struct ynode *k = mri_design_node(L, c), *v;
		uint32_t vi = L->t.v[c].next;
		if (k == NULL || vi == YNONE)
			break;
		if (first_key == YNONE)
			first_key = c;
		if (k->kind != Y_SCALAR) {
			mri_dreport(&L->r, MR_D_YAML_UNSUPPORTED, k->start,
			            k->end, "keys must be plain words, not %s",
			            mri_design_kind_name(k));
			continue;
		}
		for (i = 0; i < s->n; i++)
			if (strlen(s->f[i].key) == k->len &&
			    memcmp(s->f[i].key, k->text, k->len) == 0)
				break;
		if (i == s->n) {
			unknown_key(L, s, k);
			continue;
		}
		if (seen[i] != YNONE) {
			mri_design_where(L, L->t.v[seen[i]].start, w,
			                 sizeof(w));
			mri_dreport(&L->r, MR_D_KEY_DUPLICATE, k->start, k->end,
			            "key '%s' appears twice in %s",
			            mri_design_q(b, k), s->what);
			mri_diag_note(L->r.d, "first at %s", w);
			continue;
		}
		seen[i] = c;
		v = mri_design_node(L, vi);
		if (v == NULL)
			break;
		if (mri_design_is_null(v)) {
			if (s->f[i].flags & F_REQUIRED)
				mri_dreport(&L->r, MR_D_KEY_MISSING, k->start,
				            k->end, "'%s' has no value",
				            mri_design_q(b, k));
			continue;
		}
		s->f[i].dec(L, &s->f[i], v, obj);
	}
	if (mri_diag_stopped(L->r.d))
		return;
	for (i = 0; i < s->n; i++) {
		uint32_t st = map->start, en = map->end;
		if (!(s->f[i].flags & F_REQUIRED) || seen[i] != YNONE)
			continue;
		if (first_key != YNONE) {
			st = L->t.v[first_key].start;
			en = L->t.v[first_key].end;
		}
		mri_dreport(&L->r, MR_D_KEY_MISSING, st, en, "%s has no '%s'",
		            s->what, s->f[i].key);
		if (s == &mri_design_top_schema)
			mri_diag_note(L->r.d, "a design needs at least "
			                      "'organization' and 'sites'");
	}
	if (s->check != NULL)
		s->check(L, obj, map);
}

const char *
mr_inbound_kind_name(enum mr_inbound_kind k)
{
	size_t i;

	for (i = 0; inbound_kinds[i].name != NULL; i++)
		if (inbound_kinds[i].value == (int)k)
			return inbound_kinds[i].name;
	return "?";
}

const char *
mr_sku_name(enum mr_sku s)
{
	size_t i;

	for (i = 0; skus[i].name != NULL; i++)
		if (skus[i].value == (int)s)
			return skus[i].name;
	return "none";
}