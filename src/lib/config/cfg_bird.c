/*
 * cfg_bird.c - the BIRD 2 emitter (docs/config.md): one router of the
 * representation (config_int.h) as a bird.conf that `bird -p -c FILE`
 * accepts (BIRD 2.0, "BIRD 2 User's Guide": protocols bgp, bfd, static,
 * kernel; filters). Spells, decides nothing: every value comes from the
 * representation; protocol, filter and set names are constants of this
 * file (one router per file), so no name of the design is part of the
 * syntax, and the design's names appear only inside comments and quoted
 * descriptions, which the representation has checked (mri_cfg_ident_ok).
 *
 * BIRD configures no interfaces: the links' 802.1Q sub-interfaces and
 * their addresses, and the source NAT, are the Linux side's (ip, and the
 * nftables format of the same router). This file names them in comments
 * and uses the sub-interface names for BFD.
 *
 * Layout: for a circuit's router, router id, device, BFD (300 ms x 3),
 * the filter sets (bogons, the circuit's prefixes, the route filter's
 * communities), the import and export filters, static routes originating
 * the circuit's prefixes, the kernel protocol (multipath: merge paths),
 * then one BGP session per link and family to AS 12076. For an Internet
 * edge: its prefixes, the deny list of everything ExpressRoute carries,
 * and a BGP template for the ISP (whose address the design does not give).
 */
#include <stdio.h>

#include "config_int.h"
#include "error.h"

#define NOTE(o, c, line, ind, ...)                                             \
	mri_cfg_note(o, c, line, ind "# ", "", __VA_ARGS__)

static const char *const sfx[2] = {"4", "6"};
static const uint8_t fams[2] = {MR_AF_INET, MR_AF_INET6};

static void
header(struct mri_buf *o, const struct mr_config *c,
       const struct mri_cfg_router *r, const char *what)
{
	mri_cfg_banner(o, c, r, what, "# ", "",
	               "BIRD 2 (bird -c; checked with bird -p -c)",
	               "Edit the design and generate again rather than this "
	               "file (docs/config.md).");
	mri_buf_puts(o,
	             "#\n# BIRD configures no interfaces: the sub-interfaces, "
	             "their addresses and the\n# source NAT are set up on "
	             "the Linux side (ip link/ip address, and the\n"
	             "# nftables format of this router).\n");
}

/* A prefix set "define NAME = [ p, p+ ];" of v's family f; false (and
 * nothing written) when v holds none of it. */
static bool
pset(struct mri_buf *o, const struct mr_config *c, const char *name, size_t f,
     const struct mri_cfg_pfx *v, size_t n, bool sub)
{
	char b[MR_PREFIX_STRLEN];
	size_t i, k = 0;

	if (!mri_cfg_has_fam(v, n, fams[f]))
		return false;
	for (i = 0; i < n; i++)
		if (v[i].p.addr.family == fams[f])
			NOTE(o, c, v[i].line, "", "%s",
			     mri_cfg_pfx(&v[i].p, b));
	mri_buf_printf(o, "define %s%s = [", name, sfx[f]);
	for (i = 0; i < n; i++)
		if (v[i].p.addr.family == fams[f])
			mri_buf_printf(o, "%s\n\t%s%s", k++ ? "," : "",
			               mri_cfg_pfx(&v[i].p, b), sub ? "+" : "");
	mri_buf_puts(o, "\n];\n\n");
	return true;
}

/* Static routes originating v's prefixes of family f (blackhole: the
 * more specific routes inside carry the traffic), as FRR's network
 * statements do. */
static void
origin(struct mri_buf *o, const struct mr_config *c, uint32_t line, size_t f,
       const struct mri_cfg_pfx *v, size_t n)
{
	char b[MR_PREFIX_STRLEN];
	size_t i;

	if (!mri_cfg_has_fam(v, n, fams[f]))
		return;
	NOTE(o, c, line, "",
	     "the advertised prefixes exist in the routing table "
	     "(blackhole aggregates)");
	mri_buf_printf(o, "protocol static m365_origin%s {\n\tipv%s;\n", sfx[f],
	               sfx[f]);
	for (i = 0; i < n; i++)
		if (v[i].p.addr.family == fams[f])
			mri_buf_printf(o, "\troute %s blackhole;\n",
			               mri_cfg_pfx(&v[i].p, b));
	mri_buf_puts(o, "}\n\n");
}

static void
kernel(struct mri_buf *o, const struct mr_config *c,
       const struct mri_cfg_router *r, size_t f)
{
	NOTE(o, c, r->line, "",
	     "the BGP routes into the kernel; multipath: equal paths merged, "
	     "up to %u",
	     r->max_paths);
	mri_buf_printf(o,
	               "protocol kernel kernel%s {\n\tipv%s {\n\t\timport "
	               "none;\n\t\texport where source = RTS_BGP;\n\t};\n"
	               "\tmerge paths on limit %u;\n}\n\n",
	               sfx[f], sfx[f], r->max_paths);
}

static void
link_comments(struct mri_buf *o, const struct mr_config *c,
              const struct mri_cfg_link *l)
{
	char b[MR_ADDR_STRLEN], m[MR_ADDR_STRLEN], p[MR_PREFIX_STRLEN];

	if (!l->has4 && !l->has6)
		return;
	if (l->vlan)
		NOTE(o, c, l->vlan_line, "",
		     "%s link: 802.1Q VLAN %u, sub-interface %s.%u", l->role,
		     l->vlan, l->port, l->vlan);
	if (l->has4)
		NOTE(o, c, l->line4, "",
		     "%s link %s: customer %s (first usable), Microsoft %s "
		     "(second)",
		     l->role, mri_cfg_pfx(&l->net4, p),
		     mri_cfg_addr(&l->cust4, b), mri_cfg_addr(&l->ms4, m));
	if (l->has6)
		NOTE(o, c, l->line6, "",
		     "%s link %s: customer %s (first usable), Microsoft %s "
		     "(second)",
		     l->role, mri_cfg_pfx(&l->net6, p),
		     mri_cfg_addr(&l->cust6, b), mri_cfg_addr(&l->ms6, m));
}

/* The sub-interface a link is on: "eth0.300", or the port untagged. */
static void
ifname(const struct mri_cfg_link *l, char *buf, size_t n)
{
	if (l->vlan)
		snprintf(buf, n, "%s.%u", l->port, l->vlan);
	else
		snprintf(buf, n, "%s", l->port);
}

static void
er_bfd(struct mri_buf *o, const struct mr_config *c,
       const struct mri_cfg_router *r)
{
	char ifn[64];
	size_t k;

	NOTE(o, c, r->bfd_line, "", "BFD with Microsoft's MSEEs: %d ms x %d",
	     MRI_CFG_BFD_MS, MRI_CFG_BFD_MULT);
	mri_buf_puts(o, "protocol bfd m365_bfd {\n");
	for (k = 0; k < 2; k++) {
		const struct mri_cfg_link *l = &r->link[k];
		if (!l->has4 && !l->has6)
			continue;
		ifname(l, ifn, sizeof(ifn));
		mri_buf_printf(
		    o,
		    "\tinterface \"%s\" {\n\t\tmin rx interval %d "
		    "ms;\n\t\tmin tx interval %d ms;\n\t\tmultiplier "
		    "%d;\n\t};\n",
		    ifn, MRI_CFG_BFD_MS, MRI_CFG_BFD_MS, MRI_CFG_BFD_MULT);
	}
	mri_buf_puts(o, "}\n\n");
}

/* The import filter of family f: no default route, no special-purpose
 * space, only the route filter's communities, with the local
 * preference. */
static void
er_import(struct mri_buf *o, const struct mr_config *c,
          const struct mri_cfg_router *r, size_t f)
{
	NOTE(o, c, r->import_line, "",
	     "import: no default route, no private or special-purpose space, "
	     "only the route filter's communities");
	mri_buf_printf(o,
	               "filter m365_in%s\n{\n\t# ExpressRoute routing "
	               "requirements: neither is taken from Microsoft\n"
	               "\tif net.len = 0 then reject;\n"
	               "\tif net ~ M365_BOGONS%s then reject;\n",
	               sfx[f], sfx[f]);
	if (r->n_import > 0) {
		NOTE(o, c, r->local_pref_line, "\t",
		     "local preference %u for the routes taken", r->local_pref);
		mri_buf_printf(o,
		               "\tif bgp_community ~ M365_SERVICES then {\n"
		               "\t\tbgp_local_pref = %u;\n\t\taccept;\n\t}\n",
		               r->local_pref);
	} else {
		mri_buf_puts(o, "\t# the route filter admits no Microsoft 365 "
		                "community: nothing is taken\n");
	}
	mri_buf_puts(o, "\treject;\n}\n\n");
}

/* The export filter of family f: exactly the circuit's prefixes, with the
 * prepends. */
static void
er_export(struct mri_buf *o, const struct mr_config *c,
          const struct mri_cfg_router *r, size_t f, bool any)
{
	size_t i;

	if (r->session_down)
		NOTE(o, c, r->line, "",
		     "more than 200 prefixes of a family: Microsoft drops the "
		     "session, nothing is advertised");
	NOTE(o, c, r->line, "",
	     "export: exactly the prefixes Microsoft accepts from this "
	     "circuit (its NAT pools and inbound servers); everything else "
	     "is denied");
	mri_buf_printf(o, "filter m365_out%s\n{\n", sfx[f]);
	if (any) {
		mri_buf_printf(o, "\tif net ~ M365_OUT%s then {\n", sfx[f]);
		if (r->n_prepend > 0)
			NOTE(o, c, r->prepend_line, "\t\t",
			     "AS-path prepend towards Microsoft (public ASNs "
			     "only: Microsoft strips private ones)");
		for (i = 0; i < r->n_prepend; i++)
			mri_buf_printf(o, "\t\tbgp_path.prepend(%u);\n",
			               r->prepend[i]);
		mri_buf_puts(o, "\t\taccept;\n\t}\n");
	}
	mri_buf_puts(o, "\treject;\n}\n\n");
}

static void
er_session(struct mri_buf *o, const struct mr_config *c,
           const struct mri_cfg_router *r, const struct mri_cfg_link *l,
           size_t f)
{
	char a[MR_ADDR_STRLEN], m[MR_ADDR_STRLEN];
	const struct mr_addr *cust = f == 0 ? &l->cust4 : &l->cust6;
	const struct mr_addr *ms = f == 0 ? &l->ms4 : &l->ms6;

	NOTE(o, c, r->asn_line, "",
	     "eBGP with Microsoft (AS %u) on the %s link, AS %u here",
	     MRI_CFG_MS_ASN, l->role, r->asn);
	mri_buf_printf(o,
	               "protocol bgp msee%s_%s {\n"
	               "\tdescription \"ExpressRoute %s %s link to "
	               "Microsoft\";\n"
	               "\tlocal %s as %u;\n\tneighbor %s as %u;\n",
	               f == 0 ? "" : "6", l->role, r->name, l->role,
	               mri_cfg_addr(cust, a), r->asn, mri_cfg_addr(ms, m),
	               MRI_CFG_MS_ASN);
	if (r->bfd)
		mri_buf_puts(o, "\tbfd on;\n");
	mri_buf_puts(o, "\t# MD5 (optional): the key set on the circuit's "
	                "Microsoft peering, never\n\t# stored here\n"
	                "\t# password \"KEY\";\n");
	mri_buf_printf(o,
	               "\tipv%s {\n\t\timport filter m365_in%s;\n"
	               "\t\texport filter m365_out%s;\n"
	               "\t\t# %u catalog prefixes x %d, at least %d\n"
	               "\t\timport limit %u action disable;\n\t};\n}\n\n",
	               sfx[f], sfx[f], sfx[f], r->catalog_prefixes[f],
	               MRI_CFG_MAXPFX_FACTOR, MRI_CFG_MAXPFX_MIN,
	               r->max_prefix[f]);
}

static int
emit_er(const struct mr_config *c, const struct mri_cfg_router *r,
        struct mri_buf *o)
{
	bool fam[2], out[2];
	int rc;
	size_t k, f, i;
	char b[MR_ADDR_STRLEN];

	if ((rc = mri_cfg_er_families(r, "bird", fam)) != MR_OK)
		return rc;
	header(o, c, r, "ExpressRoute circuit");
	for (k = 0; k < 2; k++)
		link_comments(o, c, &r->link[k]);
	for (k = 0; k < 2; k++)
		if (r->link[k].has4) {
			mri_buf_printf(o, "router id %s;\n",
			               mri_cfg_addr(&r->link[k].cust4, b));
			break;
		}
	mri_buf_puts(o, "\nprotocol device {\n}\n\n");
	if (r->bfd)
		er_bfd(o, c, r);
	mri_buf_puts(o, "# Microsoft peering accepts no default route and no "
	                "private or special-purpose\n# space; neither is taken "
	                "from it (ExpressRoute routing requirements).\n");
	for (f = 0; f < 2; f++) {
		if (!fam[f])
			continue;
		mri_buf_printf(o, "define M365_BOGONS%s = [", sfx[f]);
		for (i = 0, k = 0; i < mri_cfg_bogon_count(); i++) {
			struct mr_prefix p;
			char pb[MR_PREFIX_STRLEN];
			const char *what = mri_cfg_bogon_at(i, &p);
			if (p.addr.family != fams[f])
				continue;
			mri_buf_printf(o, "%s\n\t# %s\n\t%s+", k++ ? "," : "",
			               what, mri_cfg_pfx(&p, pb));
		}
		mri_buf_puts(o, "\n];\n\n");
	}
	if (r->n_import > 0) {
		NOTE(o, c, r->import_line, "",
		     "route filter: only routes carrying its communities are "
		     "taken");
		for (i = 0; i < r->n_import; i++)
			NOTE(o, c, r->import[i].line, "", "%s: %u:%u",
			     r->import[i].name, r->import[i].asn,
			     r->import[i].value);
		mri_buf_puts(o, "define M365_SERVICES = [");
		for (i = 0; i < r->n_import; i++)
			mri_buf_printf(o, "%s (%u,%u)", i ? "," : "",
			               r->import[i].asn, r->import[i].value);
		mri_buf_puts(o, " ];\n\n");
	}
	for (f = 0; f < 2; f++) {
		if (!fam[f])
			continue;
		out[f] =
		    pset(o, c, "M365_OUT", f, r->export, r->n_export, false);
		er_import(o, c, r, f);
		er_export(o, c, r, f, out[f]);
		origin(o, c, r->line, f, r->export, r->n_export);
		kernel(o, c, r, f);
	}
	for (f = 0; f < 2; f++)
		for (k = 0; k < 2; k++)
			if (f == 0 ? r->link[k].has4 : r->link[k].has6)
				er_session(o, c, r, &r->link[k], f);
	return MR_OK;
}

static int
emit_inet(const struct mr_config *c, const struct mri_cfg_router *r,
          struct mri_buf *o)
{
	size_t f;

	header(o, c, r, "Internet circuit");
	if (r->asn == 0) {
		NOTE(o, c, r->line, "",
		     "the design gives no ASN (organization.asns, or a peer "
		     "ASN): no BGP towards the ISP");
		return MR_OK;
	}
	mri_buf_puts(o, "\nprotocol device {\n}\n\n");
	NOTE(o, c, r->line, "",
	     "never to the Internet: every prefix and NAT pool of every "
	     "ExpressRoute peering");
	for (f = 0; f < 2; f++) {
		bool deny, adv;
		deny = pset(o, c, "M365_ER_ONLY", f, r->deny, r->n_deny, true);
		adv = pset(o, c, "M365_INET_OUT", f, r->adv, r->n_adv, false);
		if (f == 1 && !deny && !adv)
			continue;
		NOTE(o, c, r->line, "",
		     "export to the ISP: the circuit's advertisements, never "
		     "what ExpressRoute carries");
		mri_buf_printf(o, "filter m365_inet_out%s\n{\n", sfx[f]);
		if (deny)
			mri_buf_printf(
			    o, "\tif net ~ M365_ER_ONLY%s then reject;\n",
			    sfx[f]);
		if (adv)
			mri_buf_printf(
			    o, "\tif net ~ M365_INET_OUT%s then accept;\n",
			    sfx[f]);
		mri_buf_puts(o, "\treject;\n}\n\n");
		origin(o, c, r->line, f, r->adv, r->n_adv);
		kernel(o, c, r, f);
		NOTE(o, c, r->asn_line, "",
		     "eBGP with the ISP, AS %u here; the design names no ISP "
		     "address: add `protocol bgp isp%s_1 from isp%s { neighbor "
		     "ADDRESS as ASN; }`",
		     r->asn, sfx[f], sfx[f]);
		mri_buf_printf(o,
		               "template bgp isp%s {\n\tdescription \"Internet "
		               "circuit %s\";\n\tlocal as %u;\n"
		               "\tipv%s {\n\t\t# whatever the ISP sends "
		               "(normally a default route)\n"
		               "\t\timport all;\n\t\texport filter "
		               "m365_inet_out%s;\n\t};\n}\n\n",
		               sfx[f], r->name, r->asn, sfx[f], sfx[f]);
	}
	return MR_OK;
}

int
mri_cfg_emit_bird(const struct mr_config *c, const struct mri_cfg_router *r,
                  struct mri_buf *out)
{
	return r->kind == MRI_CFG_ER ? emit_er(c, r, out)
	                             : emit_inet(c, r, out);
}
