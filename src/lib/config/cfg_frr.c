/*
 * cfg_frr.c - the FRR emitter (docs/config.md): one router of the
 * representation (config_int.h) as an frr.conf that `vtysh -f` and
 * frr-reload.py accept. Spells, decides nothing: every value comes from
 * the representation; the names of lists and maps are constants of this
 * file (one router per file), so no name of the design is part of the
 * syntax. Every block starts with a comment naming its design line.
 */
#include <stdarg.h>
#include <stdio.h>

#include "config_int.h"
#include "error.h"

/* "! FILE:LINE text" */
static void note(struct mri_buf *o, const struct mr_config *c, uint32_t line,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
note(struct mri_buf *o, const struct mr_config *c, uint32_t line,
     const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	mri_buf_printf(o, "! %s:%u: %s\n", c->source, line, text);
}

static bool
is4(const struct mr_prefix *p)
{
	return p->addr.family == MR_AF_INET;
}

static const char *
ipk(bool v4)
{
	return v4 ? "ip" : "ipv6";
}

/* A prefix list of v[0..n) of one family: `permit P` (or `permit P le
 * MAX` when sub) per entry, numbered by 5. Returns the entries written. */
static size_t
plist(struct mri_buf *o, const struct mr_config *c, const char *name, bool v4,
      const struct mri_cfg_pfx *v, size_t n, bool sub)
{
	size_t i, k = 0;
	char b[MR_PREFIX_STRLEN];

	for (i = 0; i < n; i++) {
		if (is4(&v[i].p) != v4)
			continue;
		note(o, c, v[i].line, "%s", mri_cfg_pfx(&v[i].p, b));
		mri_buf_printf(o, "%s prefix-list %s seq %zu permit %s",
		               ipk(v4), name, 5 * ++k, b);
		if (sub && v[i].p.len < (v4 ? 32 : 128))
			mri_buf_printf(o, " le %d", v4 ? 32 : 128);
		mri_buf_puts(o, "\n");
	}
	return k;
}

static size_t
count_fam(const struct mri_cfg_pfx *v, size_t n, bool v4)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += is4(&v[i].p) == v4;
	return k;
}

static void
header(struct mri_buf *o, const struct mr_config *c,
       const struct mri_cfg_router *r, const char *what)
{
	mri_cfg_banner(o, c, r, what, "! ", "",
	               "FRR (frr.conf for vtysh -f / frr-reload.py)",
	               "Edit the design and generate again rather than this "
	               "file (docs/config.md).");
	mri_buf_printf(o,
	               "frr defaults traditional\nhostname %s\n"
	               "service integrated-vtysh-config\n!\n",
	               r->name);
}

static void
iface(struct mri_buf *o, const struct mr_config *c,
      const struct mri_cfg_router *r, const struct mri_cfg_link *l)
{
	char b[MR_ADDR_STRLEN], m[MR_ADDR_STRLEN], p[MR_PREFIX_STRLEN];

	if (!l->has4 && !l->has6)
		return;
	if (l->vlan)
		note(o, c, l->vlan_line, "%s link: 802.1Q VLAN %u on port %s",
		     l->role, l->vlan, l->port);
	if (l->has4)
		note(o, c, l->line4,
		     "%s link %s: customer %s (first usable), Microsoft %s "
		     "(second)",
		     l->role, mri_cfg_pfx(&l->net4, p),
		     mri_cfg_addr(&l->cust4, b), mri_cfg_addr(&l->ms4, m));
	if (l->has6)
		note(o, c, l->line6,
		     "%s link %s: customer %s (first usable), Microsoft %s "
		     "(second)",
		     l->role, mri_cfg_pfx(&l->net6, p),
		     mri_cfg_addr(&l->cust6, b), mri_cfg_addr(&l->ms6, m));
	if (l->vlan)
		mri_buf_printf(o, "interface %s.%u\n", l->port, l->vlan);
	else
		mri_buf_printf(o, "interface %s\n", l->port);
	mri_buf_printf(o, " description ExpressRoute %s %s link to Microsoft\n",
	               r->name, l->role);
	if (l->has4)
		mri_buf_printf(o, " ip address %s/%u\n",
		               mri_cfg_addr(&l->cust4, b), l->net4.len);
	if (l->has6)
		mri_buf_printf(o, " ipv6 address %s/%u\n",
		               mri_cfg_addr(&l->cust6, b), l->net6.len);
	mri_buf_puts(o, "exit\n!\n");
}

/* The import filters: no default route, no special-purpose space, only
 * the route filter's communities. */
static void
er_import(struct mri_buf *o, const struct mr_config *c,
          const struct mri_cfg_router *r, bool fam[2])
{
	size_t i, f;
	char b[MR_PREFIX_STRLEN];

	mri_buf_puts(o, "! Microsoft peering accepts no default route and no "
	                "private or special-purpose\n! space; neither is "
	                "taken from it (ExpressRoute routing requirements).\n");
	for (f = 0; f < 2; f++) {
		bool v4 = f == 0;
		size_t k = 0;
		if (!fam[f])
			continue;
		mri_buf_printf(
		    o, "%s prefix-list M365-DEFAULT%s seq 5 permit %s\n",
		    ipk(v4), v4 ? "" : "6", v4 ? "0.0.0.0/0" : "::/0");
		for (i = 0; i < mri_cfg_bogon_count(); i++) {
			struct mr_prefix p;
			const char *what = mri_cfg_bogon_at(i, &p);
			if (is4(&p) != v4)
				continue;
			mri_buf_printf(o, "! %s\n", what);
			mri_buf_printf(o,
			               "%s prefix-list M365-BOGONS%s seq %zu "
			               "permit %s",
			               ipk(v4), v4 ? "" : "6", 5 * ++k,
			               mri_cfg_pfx(&p, b));
			if (p.len < (v4 ? 32 : 128))
				mri_buf_printf(o, " le %d", v4 ? 32 : 128);
			mri_buf_printf(o, "\n");
		}
	}
	mri_buf_puts(o, "!\n");
	note(o, c, r->import_line,
	     "route filter: only routes carrying its communities are taken");
	for (i = 0; i < r->n_import; i++) {
		note(o, c, r->import[i].line, "%s", r->import[i].name);
		mri_buf_printf(o,
		               "bgp community-list standard M365-SERVICES seq "
		               "%zu permit %u:%u\n",
		               5 * (i + 1), r->import[i].asn,
		               r->import[i].value);
	}
	if (r->n_import == 0)
		mri_buf_puts(o, "! the route filter admits no Microsoft 365 "
		                "community: nothing is taken\n");
	mri_buf_puts(o, "!\n");
	for (f = 0; f < 2; f++) {
		bool v4 = f == 0;
		const char *sfx = v4 ? "" : "6";
		if (!fam[f])
			continue;
		mri_buf_printf(o,
		               "route-map M365-IN%s deny 10\n match %s address "
		               "prefix-list M365-DEFAULT%s\nexit\n"
		               "route-map M365-IN%s deny 20\n match %s address "
		               "prefix-list M365-BOGONS%s\nexit\n",
		               sfx, ipk(v4), sfx, sfx, ipk(v4), sfx);
		if (r->n_import > 0) {
			note(o, c, r->local_pref_line,
			     "local preference %u for the routes taken",
			     r->local_pref);
			mri_buf_printf(o,
			               "route-map M365-IN%s permit 30\n match "
			               "community M365-SERVICES\n set "
			               "local-preference %u\nexit\n",
			               sfx, r->local_pref);
		}
		mri_buf_printf(o, "route-map M365-IN%s deny 40\nexit\n!\n",
		               sfx);
	}
}

/* The export filter: exactly the circuit's prefixes, with the prepends. */
static void
er_export(struct mri_buf *o, const struct mr_config *c,
          const struct mri_cfg_router *r, bool fam[2])
{
	size_t f, i;

	if (r->session_down)
		note(o, c, r->line,
		     "more than 200 prefixes of a family: Microsoft drops the "
		     "session, nothing is advertised");
	note(o, c, r->line,
	     "export: exactly the prefixes Microsoft accepts from this "
	     "circuit (its NAT pools and inbound servers); everything "
	     "else is denied");
	for (f = 0; f < 2; f++) {
		bool v4 = f == 0;
		const char *sfx = v4 ? "" : "6";
		size_t k;
		if (!fam[f])
			continue;
		k = plist(o, c, v4 ? "M365-OUT" : "M365-OUT6", v4, r->export,
		          r->n_export, false);
		if (k > 0) {
			mri_buf_printf(o,
			               "route-map M365-OUT%s permit 10\n match "
			               "%s address prefix-list M365-OUT%s\n",
			               sfx, ipk(v4), sfx);
			if (r->n_prepend > 0) {
				mri_buf_puts(o, " set as-path prepend");
				for (i = 0; i < r->n_prepend; i++)
					mri_buf_printf(o, " %u", r->prepend[i]);
				mri_buf_puts(o, "\n");
			}
			mri_buf_puts(o, "exit\n");
		}
		mri_buf_printf(o, "route-map M365-OUT%s deny 20\nexit\n!\n",
		               sfx);
	}
	if (r->n_prepend > 0)
		note(o, c, r->prepend_line,
		     "AS-path prepend towards Microsoft (public ASNs only: "
		     "Microsoft strips private ones)");
}

static void
er_bgp(struct mri_buf *o, const struct mr_config *c,
       const struct mri_cfg_router *r, bool fam[2])
{
	size_t f, i, k;
	char b[MR_ADDR_STRLEN];

	note(o, c, r->asn_line, "eBGP with Microsoft (AS %u) on both links",
	     MRI_CFG_MS_ASN);
	mri_buf_printf(o, "router bgp %u\n", r->asn);
	for (k = 0; k < 2; k++)
		if (r->link[k].has4) {
			mri_buf_printf(o, " bgp router-id %s\n",
			               mri_cfg_addr(&r->link[k].cust4, b));
			break;
		}
	mri_buf_puts(o, " no bgp default ipv4-unicast\n"
	                " no bgp network import-check\n");
	for (f = 0; f < 2; f++) {
		const char *pg = f == 0 ? "MSEE" : "MSEE6";
		if (!fam[f])
			continue;
		mri_buf_printf(o,
		               " neighbor %s peer-group\n neighbor %s "
		               "remote-as %u\n neighbor %s description "
		               "Microsoft peering of %s\n",
		               pg, pg, MRI_CFG_MS_ASN, pg, r->name);
		if (r->bfd)
			mri_buf_printf(o, " neighbor %s bfd profile msee\n",
			               pg);
		mri_buf_printf(o,
		               " ! MD5 (optional): the key set on the "
		               "circuit's Microsoft peering, never stored "
		               "here\n ! neighbor %s password KEY\n",
		               pg);
		for (k = 0; k < 2; k++) {
			const struct mri_cfg_link *l = &r->link[k];
			if (f == 0 ? !l->has4 : !l->has6)
				continue;
			mri_buf_printf(
			    o, " neighbor %s peer-group %s\n",
			    mri_cfg_addr(f == 0 ? &l->ms4 : &l->ms6, b), pg);
		}
	}
	for (f = 0; f < 2; f++) {
		bool v4 = f == 0;
		const char *pg = v4 ? "MSEE" : "MSEE6", *sfx = v4 ? "" : "6";
		char p[MR_PREFIX_STRLEN];
		if (!fam[f])
			continue;
		mri_buf_printf(o, " !\n address-family %s unicast\n",
		               v4 ? "ipv4" : "ipv6");
		for (i = 0; i < r->n_export; i++)
			if (is4(&r->export[i].p) == v4)
				mri_buf_printf(o, "  network %s\n",
				               mri_cfg_pfx(&r->export[i].p, p));
		mri_buf_printf(
		    o,
		    "  neighbor %s activate\n  neighbor %s "
		    "route-map M365-IN%s in\n  neighbor %s route-map "
		    "M365-OUT%s out\n"
		    "  ! keeps what Microsoft sends before policy: "
		    "received-routes "
		    "for m365route verify\n"
		    "  neighbor %s soft-reconfiguration inbound\n",
		    pg, pg, sfx, pg, sfx, pg);
		mri_buf_printf(o,
		               "  ! %u catalog prefixes x %d, at least %d\n"
		               "  neighbor %s maximum-prefix %u %d\n",
		               r->catalog_prefixes[f], MRI_CFG_MAXPFX_FACTOR,
		               MRI_CFG_MAXPFX_MIN, pg, r->max_prefix[f],
		               MRI_CFG_MAXPFX_WARN);
		mri_buf_printf(o, "  maximum-paths %u\n exit-address-family\n",
		               r->max_paths);
	}
	mri_buf_puts(o, "exit\n!\n");
}

static int
emit_er(const struct mr_config *c, const struct mri_cfg_router *r,
        struct mri_buf *o)
{
	bool fam[2];
	int rc;
	size_t k;

	if ((rc = mri_cfg_er_families(r, "frr", fam)) != MR_OK)
		return rc;
	header(o, c, r, "ExpressRoute circuit");
	for (k = 0; k < 2; k++)
		iface(o, c, r, &r->link[k]);
	if (r->bfd) {
		note(o, c, r->bfd_line,
		     "BFD with Microsoft's MSEEs: %d ms x %d", MRI_CFG_BFD_MS,
		     MRI_CFG_BFD_MULT);
		mri_buf_printf(o,
		               "bfd\n profile msee\n  detect-multiplier %d\n"
		               "  receive-interval %d\n  transmit-interval %d\n"
		               " exit\nexit\n!\n",
		               MRI_CFG_BFD_MULT, MRI_CFG_BFD_MS,
		               MRI_CFG_BFD_MS);
	}
	er_import(o, c, r, fam);
	er_export(o, c, r, fam);
	er_bgp(o, c, r, fam);
	mri_buf_puts(o, "end\n");
	return MR_OK;
}

static int
emit_inet(const struct mr_config *c, const struct mri_cfg_router *r,
          struct mri_buf *o)
{
	size_t f, i;
	char p[MR_PREFIX_STRLEN];

	header(o, c, r, "Internet circuit");
	if (r->asn == 0) {
		note(o, c, r->line,
		     "the design gives no ASN (organization.asns, or a peer "
		     "ASN): no BGP towards the ISP");
		mri_buf_puts(o, "end\n");
		return MR_OK;
	}
	note(o, c, r->line,
	     "never to the Internet: every prefix and NAT pool of every "
	     "ExpressRoute peering");
	for (f = 0; f < 2; f++) {
		bool v4 = f == 0;
		const char *sfx = v4 ? "" : "6";
		bool deny = count_fam(r->deny, r->n_deny, v4) > 0;
		bool adv = count_fam(r->adv, r->n_adv, v4) > 0;
		if (f == 1 && !deny && !adv)
			continue;
		plist(o, c, v4 ? "M365-ER-ONLY" : "M365-ER-ONLY6", v4, r->deny,
		      r->n_deny, true);
		plist(o, c, v4 ? "M365-INET-OUT" : "M365-INET-OUT6", v4, r->adv,
		      r->n_adv, false);
		if (deny)
			mri_buf_printf(o,
			               "route-map M365-INET-OUT%s deny 10\n "
			               "match %s address prefix-list "
			               "M365-ER-ONLY%s\nexit\n",
			               sfx, ipk(v4), sfx);
		if (adv)
			mri_buf_printf(o,
			               "route-map M365-INET-OUT%s permit 20\n "
			               "match %s address prefix-list "
			               "M365-INET-OUT%s\nexit\n",
			               sfx, ipk(v4), sfx);
		mri_buf_printf(
		    o, "route-map M365-INET-OUT%s deny 30\nexit\n!\n", sfx);
	}
	/* Explicit, so that every neighbour has an import and an export
	 * policy (docs/config.md; test_config_struct.c). */
	mri_buf_puts(o, "! whatever the ISP sends (normally a default route)\n"
	                "route-map M365-ISP-IN permit 10\nexit\n!\n");
	note(o, c, r->asn_line,
	     "eBGP with the ISP; the design names no ISP address: add "
	     "`neighbor ADDRESS peer-group ISP`");
	mri_buf_printf(o,
	               "router bgp %u\n no bgp default ipv4-unicast\n"
	               " no bgp network import-check\n"
	               " neighbor ISP peer-group\n"
	               " neighbor ISP remote-as external\n"
	               " neighbor ISP description Internet circuit %s\n",
	               r->asn, r->name);
	for (f = 0; f < 2; f++) {
		bool v4 = f == 0;
		if (f == 1 && count_fam(r->adv, r->n_adv, false) == 0 &&
		    count_fam(r->deny, r->n_deny, false) == 0)
			continue;
		mri_buf_printf(o, " !\n address-family %s unicast\n",
		               v4 ? "ipv4" : "ipv6");
		for (i = 0; i < r->n_adv; i++)
			if (is4(&r->adv[i].p) == v4)
				mri_buf_printf(o, "  network %s\n",
				               mri_cfg_pfx(&r->adv[i].p, p));
		mri_buf_printf(o,
		               "  neighbor ISP activate\n"
		               "  neighbor ISP route-map M365-ISP-IN in\n"
		               "  neighbor ISP route-map M365-INET-OUT%s out\n"
		               "  maximum-paths %u\n exit-address-family\n",
		               v4 ? "" : "6", r->max_paths);
	}
	mri_buf_puts(o, "exit\n!\nend\n");
	return MR_OK;
}

int
mri_cfg_emit_frr(const struct mr_config *c, const struct mri_cfg_router *r,
                 struct mri_buf *out)
{
	return r->kind == MRI_CFG_ER ? emit_er(c, r, out)
	                             : emit_inet(c, r, out);
}
