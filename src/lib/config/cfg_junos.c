/*
 * cfg_junos.c - the Junos emitter (docs/config.md): one router of the
 * representation (config_int.h) as a Junos configuration in the
 * hierarchical (curly-brace) format `load merge` reads, in the order of
 * Microsoft's "Router configuration samples to set up and manage routing"
 * for Juniper MX (learn.microsoft.com/azure/expressroute/
 * expressroute-config-samples-routing, read 2026-12-05): interfaces with
 * vlan-tagging and one unit per link, routing-options (autonomous-system),
 * protocols bgp with one group towards AS 12076 (export and import
 * policies, bfd-liveness-detection 300 ms x 3), policy-options (prefix
 * lists, communities, policy statements); then source NAT rules in the
 * SRX form (`security nat source`: a pool and a rule set from the site's
 * zone to the links; an MX does the same with its services NAT).
 *
 * No Junos parser runs here: the output is checked structurally
 * (tests/unit/test_config_struct.c: every BGP group has an import and an
 * export policy, every prefix list, community and policy statement
 * defined is referenced and every one referenced is defined) and by
 * golden files. Spells, decides nothing: names of lists, policies and
 * groups are constants of this file (one router per file); the design's
 * names appear only in quoted descriptions and comments, checked by the
 * representation (mri_cfg_ident_ok). The ports are the representation's
 * ethN spelled ge-0/0/N.
 */
#include <stdio.h>
#include <string.h>

#include "config_int.h"
#include "error.h"

#define NOTE(o, c, line, ind, ...)                                             \
	mri_cfg_note(o, c, line, ind "/* ", " */", __VA_ARGS__)

static const uint8_t fams[2] = {MR_AF_INET, MR_AF_INET6};
static const char *const sfx[2] = {"", "6"};
static const char *const inet[2] = {"inet", "inet6"};

/* The logical interface of a link: ge-0/0/N.VLAN (unit = the VLAN), or
 * unit 0 untagged. */
static void
unit_name(const struct mri_cfg_link *l, unsigned k, char *buf, size_t n)
{
	char p[32];

	mri_cfg_port(l->port, k, "ge-0/0/", p, sizeof(p));
	snprintf(buf, n, "%s.%u", p, l->vlan);
}

static void
header(struct mri_buf *o, const struct mr_config *c,
       const struct mri_cfg_router *r, const char *what)
{
	mri_cfg_banner(o, c, r, what, "/* ", " */", "Junos (load merge)",
	               "Checked structurally, not by a Junos parser "
	               "(docs/config.md).");
	mri_buf_printf(o, "system {\n    host-name %s;\n}\n", r->name);
}

/* "prefix-list NAME { p; ... }" of v (both families): false, nothing
 * written, when v is empty. */
static bool
plist(struct mri_buf *o, const struct mr_config *c, const char *name,
      const struct mri_cfg_pfx *v, size_t n)
{
	char b[MR_PREFIX_STRLEN];
	size_t i;

	if (n == 0)
		return false;
	mri_buf_printf(o, "    prefix-list %s {\n", name);
	for (i = 0; i < n; i++) {
		NOTE(o, c, v[i].line, "        ", "%s",
		     mri_cfg_pfx(&v[i].p, b));
		mri_buf_printf(o, "        %s;\n", b);
	}
	mri_buf_puts(o, "    }\n");
	return true;
}

/* routing-options: the AS, the router id, discard routes originating the
 * advertised prefixes, multipath into the forwarding table. */
static void
routing_options(struct mri_buf *o, const struct mr_config *c,
                const struct mri_cfg_router *r, const struct mri_cfg_pfx *v,
                size_t n)
{
	char b[MR_PREFIX_STRLEN];
	size_t i, f, k;

	mri_buf_puts(o, "routing-options {\n");
	NOTE(o, c, r->asn_line, "    ", "the customer's AS on this router");
	mri_buf_printf(o, "    autonomous-system %u;\n", r->asn);
	for (k = 0; r->kind == MRI_CFG_ER && k < 2; k++)
		if (r->link[k].has4) {
			mri_buf_printf(o, "    router-id %s;\n",
			               mri_cfg_addr(&r->link[k].cust4, b));
			break;
		}
	for (f = 0; f < 2; f++) {
		if (!mri_cfg_has_fam(v, n, fams[f]))
			continue;
		NOTE(o, c, r->line, "    ",
		     "the advertised prefixes exist in the routing table "
		     "(discard aggregates)");
		if (f == 1)
			mri_buf_puts(o, "    rib inet6.0 {\n");
		mri_buf_printf(o, "%s    static {\n", f == 1 ? "    " : "");
		for (i = 0; i < n; i++)
			if (v[i].p.addr.family == fams[f])
				mri_buf_printf(o,
				               "%s        route %s discard;\n",
				               f == 1 ? "    " : "",
				               mri_cfg_pfx(&v[i].p, b));
		mri_buf_printf(o, "%s    }\n", f == 1 ? "    " : "");
		if (f == 1)
			mri_buf_puts(o, "    }\n");
	}
	NOTE(o, c, r->line, "    ",
	     "multipath: equal paths into the forwarding table, up to %u",
	     r->max_paths);
	mri_buf_puts(o, "    forwarding-table {\n        export M365-ECMP;\n"
	                "    }\n}\n");
}

/* Source NAT rules (SRX): the sources leaving by the zone `to`'s
 * interfaces, to the pool. */
static void
nat(struct mri_buf *o, const struct mr_config *c,
    const struct mri_cfg_router *r, const char *const *ifs, size_t n_ifs)
{
	char b[MR_PREFIX_STRLEN];
	size_t i, f;

	if (r->n_pool == 0 || r->n_nat_src == 0 || n_ifs == 0) {
		NOTE(o, c, r->line, "", "%s: no source NAT",
		     r->n_pool == 0 ? "no NAT pool" : "no source leaves here");
		return;
	}
	NOTE(o, c, r->line, "",
	     "source NAT of the traffic leaving by %s to its pool; trust: "
	     "the zone of the site's network",
	     r->kind == MRI_CFG_ER ? "the circuit's links"
	                           : "the Internet uplink");
	mri_buf_puts(o, "security {\n    zones {\n        security-zone "
	                "m365-out {\n            interfaces {\n");
	for (i = 0; i < n_ifs; i++)
		mri_buf_printf(o, "                %s;\n", ifs[i]);
	mri_buf_puts(o, "            }\n        }\n    }\n    nat {\n"
	                "        source {\n");
	for (f = 0; f < 2; f++) {
		if (!mri_cfg_has_fam(r->pool, r->n_pool, fams[f]) ||
		    !mri_cfg_has_fam(r->nat_src, r->n_nat_src, fams[f]))
			continue;
		mri_buf_printf(o,
		               "            pool M365-POOL%s {\n"
		               "                address {\n",
		               sfx[f]);
		for (i = 0; i < r->n_pool; i++)
			if (r->pool[i].p.addr.family == fams[f]) {
				NOTE(o, c, r->pool[i].line,
				     "                    ", "NAT pool %s",
				     mri_cfg_pfx(&r->pool[i].p, b));
				mri_buf_printf(o, "                    %s;\n",
				               b);
			}
		mri_buf_puts(o, "                }\n            }\n");
	}
	mri_buf_puts(o, "            rule-set M365-SNAT {\n"
	                "                from zone trust;\n"
	                "                to zone m365-out;\n");
	for (f = 0; f < 2; f++) {
		if (!mri_cfg_has_fam(r->pool, r->n_pool, fams[f]) ||
		    !mri_cfg_has_fam(r->nat_src, r->n_nat_src, fams[f]))
			continue;
		mri_buf_printf(o,
		               "                rule M365-SNAT%s {\n"
		               "                    match {\n",
		               sfx[f]);
		for (i = 0; i < r->n_nat_src; i++)
			if (r->nat_src[i].p.addr.family == fams[f])
				NOTE(o, c, r->nat_src[i].line,
				     "                        ", "source %s",
				     mri_cfg_pfx(&r->nat_src[i].p, b));
		mri_buf_puts(o, "                        source-address [");
		for (i = 0; i < r->n_nat_src; i++)
			if (r->nat_src[i].p.addr.family == fams[f])
				mri_buf_printf(
				    o, " %s", mri_cfg_pfx(&r->nat_src[i].p, b));
		mri_buf_printf(
		    o,
		    " ];\n                        destination-address "
		    "%s;\n                    }\n"
		    "                    then {\n"
		    "                        source-nat {\n"
		    "                            pool {\n"
		    "                                M365-POOL%s;\n"
		    "                            }\n"
		    "                        }\n"
		    "                    }\n                }\n",
		    f == 0 ? "0.0.0.0/0" : "::/0", sfx[f]);
	}
	mri_buf_puts(o, "            }\n        }\n    }\n}\n");
}

static void
er_interfaces(struct mri_buf *o, const struct mr_config *c,
              const struct mri_cfg_router *r)
{
	char a[MR_ADDR_STRLEN], m[MR_ADDR_STRLEN], p[MR_PREFIX_STRLEN];
	char port[32];
	unsigned k;

	mri_buf_puts(o, "interfaces {\n");
	for (k = 0; k < 2; k++) {
		const struct mri_cfg_link *l = &r->link[k];
		if (!l->has4 && !l->has6)
			continue;
		mri_cfg_port(l->port, k, "ge-0/0/", port, sizeof(port));
		if (l->vlan)
			NOTE(o, c, l->vlan_line, "    ",
			     "%s link: 802.1Q VLAN %u (port %s)", l->role,
			     l->vlan, l->port);
		mri_buf_printf(o, "    %s {\n", port);
		if (l->vlan)
			mri_buf_puts(o, "        vlan-tagging;\n");
		mri_buf_printf(o,
		               "        unit %u {\n            description "
		               "\"ExpressRoute %s %s link to Microsoft\";\n",
		               l->vlan, r->name, l->role);
		if (l->vlan)
			mri_buf_printf(o, "            vlan-id %u;\n", l->vlan);
		if (l->has4) {
			NOTE(o, c, l->line4, "            ",
			     "%s link %s: customer %s (first usable), "
			     "Microsoft %s (second)",
			     l->role, mri_cfg_pfx(&l->net4, p),
			     mri_cfg_addr(&l->cust4, a),
			     mri_cfg_addr(&l->ms4, m));
			mri_buf_printf(o,
			               "            family inet {\n"
			               "                address %s/%u;\n"
			               "            }\n",
			               a, l->net4.len);
		}
		if (l->has6) {
			NOTE(o, c, l->line6, "            ",
			     "%s link %s: customer %s (first usable), "
			     "Microsoft %s (second)",
			     l->role, mri_cfg_pfx(&l->net6, p),
			     mri_cfg_addr(&l->cust6, a),
			     mri_cfg_addr(&l->ms6, m));
			mri_buf_printf(o,
			               "            family inet6 {\n"
			               "                address %s/%u;\n"
			               "            }\n",
			               a, l->net6.len);
		}
		mri_buf_puts(o, "        }\n    }\n");
	}
	mri_buf_puts(o, "}\n");
}

static void
er_bgp(struct mri_buf *o, const struct mr_config *c,
       const struct mri_cfg_router *r, const bool fam[2])
{
	char a[MR_ADDR_STRLEN], m[MR_ADDR_STRLEN];
	size_t f, k;

	mri_buf_puts(o, "protocols {\n    bgp {\n");
	for (f = 0; f < 2; f++) {
		if (!fam[f])
			continue;
		NOTE(o, c, r->asn_line, "        ",
		     "eBGP with Microsoft (AS %u) on both links",
		     MRI_CFG_MS_ASN);
		mri_buf_printf(o,
		               "        group MSEE%s {\n"
		               "            type external;\n"
		               "            description \"Microsoft peering of "
		               "%s\";\n"
		               "            import M365-IN;\n"
		               "            export M365-OUT;\n"
		               "            peer-as %u;\n"
		               "            multipath;\n",
		               sfx[f], r->name, MRI_CFG_MS_ASN);
		mri_buf_printf(
		    o,
		    "            family %s {\n"
		    "                unicast {\n"
		    "                    /* %u catalog prefixes x %d, "
		    "at least %d */\n"
		    "                    prefix-limit {\n"
		    "                        maximum %u;\n"
		    "                        teardown %d;\n"
		    "                    }\n"
		    "                }\n            }\n",
		    inet[f], r->catalog_prefixes[f], MRI_CFG_MAXPFX_FACTOR,
		    MRI_CFG_MAXPFX_MIN, r->max_prefix[f], MRI_CFG_MAXPFX_WARN);
		if (r->bfd) {
			NOTE(o, c, r->bfd_line, "            ",
			     "BFD with Microsoft's MSEEs: %d ms x %d",
			     MRI_CFG_BFD_MS, MRI_CFG_BFD_MULT);
			mri_buf_printf(o,
			               "            bfd-liveness-detection {\n"
			               "                minimum-interval %d;\n"
			               "                multiplier %d;\n"
			               "            }\n",
			               MRI_CFG_BFD_MS, MRI_CFG_BFD_MULT);
		}
		mri_buf_puts(o, "            /* MD5 (optional): the key set on "
		                "the circuit's Microsoft peering,\n"
		                "               never stored here: "
		                "authentication-key \"KEY\"; */\n");
		for (k = 0; k < 2; k++) {
			const struct mri_cfg_link *l = &r->link[k];
			if (f == 0 ? !l->has4 : !l->has6)
				continue;
			mri_buf_printf(
			    o,
			    "            neighbor %s {\n"
			    "                description \"%s link\";\n"
			    "                local-address %s;\n"
			    "            }\n",
			    mri_cfg_addr(f == 0 ? &l->ms4 : &l->ms6, m),
			    l->role,
			    mri_cfg_addr(f == 0 ? &l->cust4 : &l->cust6, a));
		}
		mri_buf_puts(o, "        }\n");
	}
	mri_buf_puts(o, "    }\n}\n");
}

static void
er_policies(struct mri_buf *o, const struct mr_config *c,
            const struct mri_cfg_router *r, const bool fam[2])
{
	char b[MR_PREFIX_STRLEN];
	size_t i, f;
	bool out;

	mri_buf_puts(o, "policy-options {\n");
	mri_buf_puts(o, "    /* Microsoft peering accepts no default route and "
	                "no private or special-purpose\n       space; neither "
	                "is taken from it (ExpressRoute routing "
	                "requirements). */\n    prefix-list M365-BOGONS {\n");
	for (i = 0; i < mri_cfg_bogon_count(); i++) {
		struct mr_prefix p;
		const char *what = mri_cfg_bogon_at(i, &p);
		if (!fam[p.addr.family == MR_AF_INET ? 0 : 1])
			continue;
		mri_buf_printf(o, "        /* %s */\n        %s;\n", what,
		               mri_cfg_pfx(&p, b));
	}
	mri_buf_puts(o, "    }\n");
	NOTE(o, c, r->line, "    ",
	     "export: exactly the prefixes Microsoft accepts from this circuit "
	     "(its NAT pools and inbound servers); everything else is "
	     "denied");
	if (r->session_down)
		NOTE(o, c, r->line, "    ",
		     "more than 200 prefixes of a family: Microsoft drops the "
		     "session, nothing is advertised");
	out = plist(o, c, "M365-OUT", r->export, r->n_export);
	if (r->n_import > 0)
		NOTE(o, c, r->import_line, "    ",
		     "route filter: only routes carrying its communities are "
		     "taken (one community each: a route needs only one)");
	for (i = 0; i < r->n_import; i++) {
		NOTE(o, c, r->import[i].line, "    ", "%s", r->import[i].name);
		mri_buf_printf(o, "    community M365-%u-%u members %u:%u;\n",
		               r->import[i].asn, r->import[i].value,
		               r->import[i].asn, r->import[i].value);
	}
	NOTE(o, c, r->import_line, "    ",
	     "import: no default route, no private or special-purpose space, "
	     "only the route filter's communities");
	mri_buf_puts(o, "    policy-statement M365-IN {\n"
	                "        term NO-DEFAULT {\n            from {\n");
	for (f = 0; f < 2; f++)
		if (fam[f])
			mri_buf_printf(
			    o, "                route-filter %s exact;\n",
			    f == 0 ? "0.0.0.0/0" : "::/0");
	mri_buf_puts(o, "            }\n            then reject;\n        }\n"
	                "        term NO-BOGONS {\n            from {\n"
	                "                prefix-list-filter M365-BOGONS "
	                "orlonger;\n            }\n            then reject;\n"
	                "        }\n");
	if (r->n_import > 0) {
		mri_buf_puts(o, "        term SERVICES {\n            from {\n"
		                "                community [");
		for (i = 0; i < r->n_import; i++)
			mri_buf_printf(o, " M365-%u-%u", r->import[i].asn,
			               r->import[i].value);
		mri_buf_puts(o, " ];\n            }\n            then {\n");
		NOTE(o, c, r->local_pref_line, "                ",
		     "local preference %u for the routes taken", r->local_pref);
		mri_buf_printf(o,
		               "                local-preference %u;\n"
		               "                accept;\n            }\n"
		               "        }\n",
		               r->local_pref);
	} else {
		mri_buf_puts(o,
		             "        /* the route filter admits no Microsoft "
		             "365 community: nothing is taken */\n");
	}
	mri_buf_puts(o, "        term REST {\n            then reject;\n"
	                "        }\n    }\n    policy-statement M365-OUT {\n");
	if (out) {
		mri_buf_puts(o, "        term CIRCUIT {\n            from {\n"
		                "                prefix-list M365-OUT;\n"
		                "            }\n            then {\n");
		if (r->n_prepend > 0) {
			NOTE(o, c, r->prepend_line, "                ",
			     "AS-path prepend towards Microsoft (public ASNs "
			     "only: Microsoft strips private ones)");
			mri_buf_puts(o, "                as-path-prepend \"");
			for (i = 0; i < r->n_prepend; i++)
				mri_buf_printf(o, "%s%u", i ? " " : "",
				               r->prepend[i]);
			mri_buf_puts(o, "\";\n");
		}
		mri_buf_puts(o, "                accept;\n            }\n"
		                "        }\n");
	}
	mri_buf_puts(o, "        term REST {\n            then reject;\n"
	                "        }\n    }\n");
}

static void
ecmp_policy(struct mri_buf *o)
{
	mri_buf_puts(o, "    policy-statement M365-ECMP {\n        then {\n"
	                "            load-balance per-packet;\n        }\n"
	                "    }\n}\n");
}

static int
emit_er(const struct mr_config *c, const struct mri_cfg_router *r,
        struct mri_buf *o)
{
	char units[2][48];
	const char *ifs[2];
	size_t n_ifs = 0;
	bool fam[2];
	int rc;
	unsigned k;

	if ((rc = mri_cfg_er_families(r, "junos", fam)) != MR_OK)
		return rc;
	header(o, c, r, "ExpressRoute circuit");
	er_interfaces(o, c, r);
	routing_options(o, c, r, r->export, r->n_export);
	er_bgp(o, c, r, fam);
	er_policies(o, c, r, fam);
	ecmp_policy(o);
	for (k = 0; k < 2; k++)
		if (r->link[k].has4 || r->link[k].has6) {
			unit_name(&r->link[k], k, units[n_ifs],
			          sizeof(units[n_ifs]));
			ifs[n_ifs] = units[n_ifs];
			n_ifs++;
		}
	nat(o, c, r, ifs, n_ifs);
	return MR_OK;
}

static int
emit_inet(const struct mr_config *c, const struct mri_cfg_router *r,
          struct mri_buf *o)
{
	char up[32], unit[40];
	const char *ifs[1];
	bool deny, adv;

	header(o, c, r, "Internet circuit");
	mri_cfg_port(r->link[0].port, 0, "ge-0/0/", up, sizeof(up));
	snprintf(unit, sizeof(unit), "%s.0", up);
	ifs[0] = unit;
	if (r->asn == 0) {
		NOTE(o, c, r->line, "",
		     "the design gives no ASN (organization.asns, or a peer "
		     "ASN): no BGP towards the ISP");
		nat(o, c, r, ifs, 1);
		return MR_OK;
	}
	routing_options(o, c, r, r->adv, r->n_adv);
	NOTE(o, c, r->asn_line, "",
	     "eBGP with the ISP; the design names no ISP address: add "
	     "`neighbor ADDRESS { peer-as ASN; }` to group ISP");
	mri_buf_printf(o,
	               "protocols {\n    bgp {\n        group ISP {\n"
	               "            type external;\n"
	               "            description \"Internet circuit %s\";\n"
	               "            import M365-ISP-IN;\n"
	               "            export M365-INET-OUT;\n"
	               "            multipath;\n        }\n    }\n}\n",
	               r->name);
	mri_buf_puts(o, "policy-options {\n");
	NOTE(o, c, r->line, "    ",
	     "never to the Internet: every prefix and NAT pool of every "
	     "ExpressRoute peering");
	deny = plist(o, c, "M365-ER-ONLY", r->deny, r->n_deny);
	adv = plist(o, c, "M365-INET-OUT", r->adv, r->n_adv);
	mri_buf_puts(o, "    policy-statement M365-INET-OUT {\n");
	if (deny)
		mri_buf_puts(o,
		             "        term ER-ONLY {\n            from {\n"
		             "                prefix-list-filter M365-ER-ONLY "
		             "orlonger;\n            }\n"
		             "            then reject;\n        }\n");
	if (adv)
		mri_buf_puts(o, "        term INTERNET {\n            from {\n"
		                "                prefix-list M365-INET-OUT;\n"
		                "            }\n            then accept;\n"
		                "        }\n");
	mri_buf_puts(o, "        term REST {\n            then reject;\n"
	                "        }\n    }\n"
	                "    /* whatever the ISP sends (normally a default "
	                "route) */\n"
	                "    policy-statement M365-ISP-IN {\n"
	                "        then accept;\n    }\n");
	ecmp_policy(o);
	nat(o, c, r, ifs, 1);
	return MR_OK;
}

int
mri_cfg_emit_junos(const struct mr_config *c, const struct mri_cfg_router *r,
                   struct mri_buf *out)
{
	return r->kind == MRI_CFG_ER ? emit_er(c, r, out)
	                             : emit_inet(c, r, out);
}
