/*
 * cfg_iosxe.c - the Cisco IOS-XE emitter (docs/config.md): one router of
 * the representation (config_int.h) as configuration-mode commands, in
 * the order of Microsoft's "Router configuration samples to set up and
 * manage routing" (learn.microsoft.com/azure/expressroute/
 * expressroute-config-samples-routing, read 2026-12-05): dot1Q
 * sub-interfaces with BFD at the interface, the eBGP session per link
 * with `fall-over bfd`, the advertised prefixes as `network` statements,
 * route maps and prefix lists; then source NAT with `ip nat` (a route
 * map matching the sources and the links as outgoing interfaces, a pool,
 * overload), as in Microsoft's NAT samples for ExpressRoute.
 *
 * No IOS-XE parser runs here: the output is checked structurally
 * (tests/unit/test_config_struct.c: every neighbour has an inbound and an
 * outbound route map, every list defined is referenced and every one
 * referenced is defined) and by golden files. Spells, decides nothing:
 * names of lists and maps are constants of this file (one router per
 * file); the design's names appear only in descriptions and comments,
 * checked by the representation (mri_cfg_ident_ok). The ports are the
 * representation's ethN spelled GigabitEthernet0/0/N.
 *
 * `ip nat` translates IPv4; an IPv6 NAT pool with IPv6 sources is
 * something this format cannot express (MR_EINVAL, nothing written).
 */
#include <stdio.h>
#include <string.h>

#include "config_int.h"
#include "error.h"

#define NOTE(o, c, line, ...) mri_cfg_note(o, c, line, "! ", "", __VA_ARGS__)

static const uint8_t fams[2] = {MR_AF_INET, MR_AF_INET6};
static const char *const sfx[2] = {"", "6"};
static const char *const ipk[2] = {"ip", "ipv6"};

static void
link_ifname(const struct mri_cfg_link *l, unsigned k, char *buf, size_t n)
{
	char p[48];

	mri_cfg_port(l->port, k, "GigabitEthernet0/0/", p, sizeof(p));
	if (l->vlan)
		snprintf(buf, n, "%s.%u", p, l->vlan);
	else
		snprintf(buf, n, "%s", p);
}

/* The dotted mask of a prefix length; wild: its complement. */
static const char *
mask4(unsigned len, bool wild, char *buf)
{
	uint32_t m = len == 0 ? 0 : 0xffffffffu << (32 - len);

	if (wild)
		m = ~m;
	snprintf(buf, 16, "%u.%u.%u.%u", m >> 24, (m >> 16) & 0xff,
	         (m >> 8) & 0xff, m & 0xff);
	return buf;
}

static void
header(struct mri_buf *o, const struct mr_config *c,
       const struct mri_cfg_router *r, const char *what)
{
	mri_cfg_banner(o, c, r, what, "! ", "",
	               "Cisco IOS-XE (configuration mode)",
	               "Checked structurally, not by an IOS-XE parser "
	               "(docs/config.md).");
	mri_buf_printf(o, "hostname %s\n!\nip bgp-community new-format\n!\n",
	               r->name);
}

/* "ip prefix-list NAME seq N permit P [le MAX]" for v's family f. */
static void
plist(struct mri_buf *o, const struct mr_config *c, const char *name, size_t f,
      const struct mri_cfg_pfx *v, size_t n, bool sub)
{
	char b[MR_PREFIX_STRLEN];
	unsigned max = f == 0 ? 32 : 128;
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (v[i].p.addr.family != fams[f])
			continue;
		NOTE(o, c, v[i].line, "%s", mri_cfg_pfx(&v[i].p, b));
		mri_buf_printf(o, "%s prefix-list %s%s seq %zu permit %s",
		               ipk[f], name, sfx[f], 5 * ++k, b);
		if (sub && v[i].p.len < max)
			mri_buf_printf(o, " le %u", max);
		mri_buf_puts(o, "\n");
	}
	if (k > 0)
		mri_buf_puts(o, "!\n");
}

/* "network" statements in an address family for v's family f. */
static void
networks(struct mri_buf *o, size_t f, const struct mri_cfg_pfx *v, size_t n)
{
	char b[MR_PREFIX_STRLEN], a[MR_ADDR_STRLEN], m[16];
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i].p.addr.family != fams[f])
			continue;
		if (f == 0)
			mri_buf_printf(o, "  network %s mask %s\n",
			               mri_cfg_addr(&v[i].p.addr, a),
			               mask4(v[i].p.len, false, m));
		else
			mri_buf_printf(o, "  network %s\n",
			               mri_cfg_pfx(&v[i].p, b));
	}
}

/* Null0 routes so that the network statements find their prefixes. */
static void
null_routes(struct mri_buf *o, const struct mr_config *c, uint32_t line,
            const struct mri_cfg_pfx *v, size_t n)
{
	char b[MR_PREFIX_STRLEN], a[MR_ADDR_STRLEN], m[16];
	size_t i;

	if (n == 0)
		return;
	NOTE(o, c, line,
	     "the advertised prefixes exist in the routing table (Null0 "
	     "aggregates)");
	for (i = 0; i < n; i++)
		if (v[i].p.addr.family == MR_AF_INET)
			mri_buf_printf(o, "ip route %s %s Null0\n",
			               mri_cfg_addr(&v[i].p.addr, a),
			               mask4(v[i].p.len, false, m));
		else
			mri_buf_printf(o, "ipv6 route %s Null0\n",
			               mri_cfg_pfx(&v[i].p, b));
	mri_buf_puts(o, "!\n");
}

/* The longest length l such that every IPv4 pool prefix lies in one /l:
 * the pool's prefix-length. */
static unsigned
pool_len(const struct mri_cfg_router *r)
{
	unsigned len = 32, i, b;
	const struct mr_prefix *first = NULL;

	for (i = 0; i < r->n_pool; i++) {
		const struct mr_prefix *p = &r->pool[i].p;
		if (p->addr.family != MR_AF_INET)
			continue;
		if (p->len < len)
			len = p->len;
		if (first == NULL) {
			first = p;
			continue;
		}
		for (b = 0; b < len; b++)
			if ((first->addr.bytes[b / 8] ^ p->addr.bytes[b / 8]) &
			    (0x80u >> (b % 8)))
				break;
		len = b;
	}
	return len;
}

/* Source NAT with ip nat: the sources leaving by oifs, to the pool. */
static int
nat(struct mri_buf *o, const struct mr_config *c,
    const struct mri_cfg_router *r, const char *oifs)
{
	char a[MR_ADDR_STRLEN], z[MR_ADDR_STRLEN], m[16], b[MR_PREFIX_STRLEN];
	size_t i, np = 0;

	if (mri_cfg_has_fam(r->pool, r->n_pool, MR_AF_INET6) &&
	    mri_cfg_has_fam(r->nat_src, r->n_nat_src, MR_AF_INET6))
		return mri_error_set(
		    MR_EINVAL,
		    "ios-xe cannot express the IPv6 source NAT "
		    "of %s: ip nat translates IPv4 only",
		    r->name);
	for (i = 0; i < r->n_pool; i++)
		np += r->pool[i].p.addr.family == MR_AF_INET;
	if (np == 0 || !mri_cfg_has_fam(r->nat_src, r->n_nat_src, MR_AF_INET)) {
		NOTE(o, c, r->line, "%s: no source NAT",
		     np == 0 ? "no IPv4 NAT pool"
		             : "no IPv4 source leaves here");
		mri_buf_puts(o, "!\n");
		return MR_OK;
	}
	NOTE(o, c, r->line,
	     "source NAT of the traffic leaving by %s to its pool (ip nat)",
	     r->kind == MRI_CFG_ER ? "the circuit's links"
	                           : "the Internet uplink");
	for (i = 0; i < r->n_pool; i++)
		if (r->pool[i].p.addr.family == MR_AF_INET)
			NOTE(o, c, r->pool[i].line, "NAT pool %s",
			     mri_cfg_pfx(&r->pool[i].p, b));
	if (np == 1) {
		for (i = 0; r->pool[i].p.addr.family != MR_AF_INET; i++)
			;
		struct mr_addr last = mri_cfg_last(&r->pool[i].p);
		mri_buf_printf(o,
		               "ip nat pool M365-POOL %s %s prefix-length %u\n",
		               mri_cfg_addr(&r->pool[i].p.addr, a),
		               mri_cfg_addr(&last, z), r->pool[i].p.len);
	} else {
		mri_buf_printf(o, "ip nat pool M365-POOL prefix-length %u\n",
		               pool_len(r));
		for (i = 0; i < r->n_pool; i++) {
			struct mr_addr last;
			if (r->pool[i].p.addr.family != MR_AF_INET)
				continue;
			last = mri_cfg_last(&r->pool[i].p);
			mri_buf_printf(o, " address %s %s\n",
			               mri_cfg_addr(&r->pool[i].p.addr, a),
			               mri_cfg_addr(&last, z));
		}
	}
	mri_buf_puts(o, "!\n");
	for (i = 0; i < r->n_nat_src; i++)
		if (r->nat_src[i].p.addr.family == MR_AF_INET)
			NOTE(o, c, r->nat_src[i].line, "source %s",
			     mri_cfg_pfx(&r->nat_src[i].p, b));
	mri_buf_puts(o, "ip access-list standard M365-NAT-SRC\n");
	for (i = 0; i < r->n_nat_src; i++)
		if (r->nat_src[i].p.addr.family == MR_AF_INET)
			mri_buf_printf(o, " permit %s %s\n",
			               mri_cfg_addr(&r->nat_src[i].p.addr, a),
			               mask4(r->nat_src[i].p.len, true, m));
	mri_buf_printf(o,
	               "!\nroute-map M365-NAT permit 10\n"
	               " match ip address M365-NAT-SRC\n"
	               " match interface %s\n!\n"
	               "! the interfaces towards the site's network take `ip "
	               "nat inside` (the design\n! does not name them)\n"
	               "ip nat inside source route-map M365-NAT pool M365-POOL "
	               "overload\n!\n",
	               oifs);
	return MR_OK;
}

static bool
er_nat_on(const struct mri_cfg_router *r)
{
	return mri_cfg_has_fam(r->pool, r->n_pool, MR_AF_INET) &&
	       mri_cfg_has_fam(r->nat_src, r->n_nat_src, MR_AF_INET);
}

static void
iface(struct mri_buf *o, const struct mr_config *c,
      const struct mri_cfg_router *r, const struct mri_cfg_link *l, unsigned k)
{
	char a[MR_ADDR_STRLEN], ms[MR_ADDR_STRLEN], p[MR_PREFIX_STRLEN];
	char ifn[64], m[16];

	if (!l->has4 && !l->has6)
		return;
	link_ifname(l, k, ifn, sizeof(ifn));
	if (l->vlan)
		NOTE(o, c, l->vlan_line, "%s link: 802.1Q VLAN %u (port %s)",
		     l->role, l->vlan, l->port);
	if (l->has4)
		NOTE(o, c, l->line4,
		     "%s link %s: customer %s (first usable), Microsoft %s "
		     "(second)",
		     l->role, mri_cfg_pfx(&l->net4, p),
		     mri_cfg_addr(&l->cust4, a), mri_cfg_addr(&l->ms4, ms));
	if (l->has6)
		NOTE(o, c, l->line6,
		     "%s link %s: customer %s (first usable), Microsoft %s "
		     "(second)",
		     l->role, mri_cfg_pfx(&l->net6, p),
		     mri_cfg_addr(&l->cust6, a), mri_cfg_addr(&l->ms6, ms));
	if (r->bfd)
		NOTE(o, c, r->bfd_line,
		     "BFD with Microsoft's MSEEs: %d ms x %d", MRI_CFG_BFD_MS,
		     MRI_CFG_BFD_MULT);
	mri_buf_printf(o, "interface %s\n", ifn);
	mri_buf_printf(o, " description ExpressRoute %s %s link to Microsoft\n",
	               r->name, l->role);
	if (l->vlan)
		mri_buf_printf(o, " encapsulation dot1Q %u\n", l->vlan);
	if (l->has4)
		mri_buf_printf(o, " ip address %s %s\n",
		               mri_cfg_addr(&l->cust4, a),
		               mask4(l->net4.len, false, m));
	if (l->has6)
		mri_buf_printf(o, " ipv6 address %s/%u\n",
		               mri_cfg_addr(&l->cust6, a), l->net6.len);
	if (r->bfd)
		mri_buf_printf(o, " bfd interval %d min_rx %d multiplier %d\n",
		               MRI_CFG_BFD_MS, MRI_CFG_BFD_MS,
		               MRI_CFG_BFD_MULT);
	if (er_nat_on(r))
		mri_buf_puts(o, " ip nat outside\n");
	mri_buf_puts(o, "!\n");
}

/* The import route maps: no default route, no special-purpose space, only
 * the route filter's communities with the local preference. */
static void
er_import(struct mri_buf *o, const struct mr_config *c,
          const struct mri_cfg_router *r, const bool fam[2])
{
	size_t i, f, k;
	char b[MR_PREFIX_STRLEN];

	mri_buf_puts(o, "! Microsoft peering accepts no default route and no "
	                "private or special-purpose\n! space; neither is "
	                "taken from it (ExpressRoute routing requirements).\n");
	for (f = 0; f < 2; f++) {
		unsigned max = f == 0 ? 32 : 128;
		if (!fam[f])
			continue;
		mri_buf_printf(
		    o, "%s prefix-list M365-DEFAULT%s seq 5 permit %s\n",
		    ipk[f], sfx[f], f == 0 ? "0.0.0.0/0" : "::/0");
		for (i = 0, k = 0; i < mri_cfg_bogon_count(); i++) {
			struct mr_prefix p;
			const char *what = mri_cfg_bogon_at(i, &p);
			if (p.addr.family != fams[f])
				continue;
			mri_buf_printf(o, "! %s\n", what);
			mri_buf_printf(o,
			               "%s prefix-list M365-BOGONS%s seq %zu "
			               "permit %s",
			               ipk[f], sfx[f], 5 * ++k,
			               mri_cfg_pfx(&p, b));
			if (p.len < max)
				mri_buf_printf(o, " le %u", max);
			mri_buf_puts(o, "\n");
		}
		mri_buf_puts(o, "!\n");
	}
	if (r->n_import > 0) {
		NOTE(o, c, r->import_line,
		     "route filter: only routes carrying its communities are "
		     "taken");
		for (i = 0; i < r->n_import; i++) {
			NOTE(o, c, r->import[i].line, "%s", r->import[i].name);
			mri_buf_printf(
			    o,
			    "ip community-list standard M365-SERVICES "
			    "permit %u:%u\n",
			    r->import[i].asn, r->import[i].value);
		}
		mri_buf_puts(o, "!\n");
	}
	for (f = 0; f < 2; f++) {
		if (!fam[f])
			continue;
		NOTE(o, c, r->import_line,
		     "import: no default route, no private or special-purpose "
		     "space, only the route filter's communities");
		mri_buf_printf(o,
		               "route-map M365-IN%s deny 10\n match %s address "
		               "prefix-list M365-DEFAULT%s\n!\n"
		               "route-map M365-IN%s deny 20\n match %s address "
		               "prefix-list M365-BOGONS%s\n!\n",
		               sfx[f], ipk[f], sfx[f], sfx[f], ipk[f], sfx[f]);
		if (r->n_import > 0) {
			NOTE(o, c, r->local_pref_line,
			     "local preference %u for the routes taken",
			     r->local_pref);
			mri_buf_printf(o,
			               "route-map M365-IN%s permit 30\n match "
			               "community M365-SERVICES\n set "
			               "local-preference %u\n!\n",
			               sfx[f], r->local_pref);
		} else {
			mri_buf_puts(o,
			             "! the route filter admits no Microsoft "
			             "365 community: nothing is taken\n");
		}
		mri_buf_printf(o, "route-map M365-IN%s deny 40\n!\n", sfx[f]);
	}
}

/* The export route maps: exactly the circuit's prefixes, the prepends. */
static void
er_export(struct mri_buf *o, const struct mr_config *c,
          const struct mri_cfg_router *r, const bool fam[2])
{
	size_t f, i;

	if (r->session_down)
		NOTE(o, c, r->line,
		     "more than 200 prefixes of a family: Microsoft drops the "
		     "session, nothing is advertised");
	for (f = 0; f < 2; f++) {
		bool any = mri_cfg_has_fam(r->export, r->n_export, fams[f]);
		if (!fam[f])
			continue;
		NOTE(o, c, r->line,
		     "export: exactly the prefixes Microsoft accepts from this "
		     "circuit (its NAT pools and inbound servers); everything "
		     "else is denied");
		plist(o, c, "M365-OUT", f, r->export, r->n_export, false);
		if (any) {
			mri_buf_printf(o,
			               "route-map M365-OUT%s permit 10\n match "
			               "%s address prefix-list M365-OUT%s\n",
			               sfx[f], ipk[f], sfx[f]);
			if (r->n_prepend > 0) {
				NOTE(o, c, r->prepend_line,
				     "AS-path prepend towards Microsoft "
				     "(public ASNs only: Microsoft strips "
				     "private ones)");
				mri_buf_puts(o, " set as-path prepend");
				for (i = 0; i < r->n_prepend; i++)
					mri_buf_printf(o, " %u", r->prepend[i]);
				mri_buf_puts(o, "\n");
			}
			mri_buf_puts(o, "!\n");
		}
		mri_buf_printf(o, "route-map M365-OUT%s deny 20\n!\n", sfx[f]);
	}
}

/* Microsoft's address of link l in family f into b; false when the link
 * has none. */
static bool
ms_addr(const struct mri_cfg_link *l, size_t f, char *b)
{
	if (f == 0 ? !l->has4 : !l->has6)
		return false;
	mri_cfg_addr(f == 0 ? &l->ms4 : &l->ms6, b);
	return true;
}

static void
er_bgp(struct mri_buf *o, const struct mr_config *c,
       const struct mri_cfg_router *r, const bool fam[2])
{
	size_t f, k;
	char b[MR_ADDR_STRLEN];

	NOTE(o, c, r->asn_line, "eBGP with Microsoft (AS %u) on both links",
	     MRI_CFG_MS_ASN);
	mri_buf_printf(o, "router bgp %u\n", r->asn);
	for (k = 0; k < 2; k++)
		if (r->link[k].has4) {
			mri_buf_printf(o, " bgp router-id %s\n",
			               mri_cfg_addr(&r->link[k].cust4, b));
			break;
		}
	mri_buf_puts(o, " bgp log-neighbor-changes\n"
	                " no bgp default ipv4-unicast\n");
	for (f = 0; f < 2; f++)
		for (k = 0; k < 2; k++) {
			const struct mri_cfg_link *l = &r->link[k];
			if (!ms_addr(l, f, b))
				continue;
			mri_buf_printf(
			    o,
			    " neighbor %s remote-as %u\n"
			    " neighbor %s description ExpressRoute %s "
			    "%s link\n",
			    b, MRI_CFG_MS_ASN, b, r->name, l->role);
			if (r->bfd)
				mri_buf_printf(
				    o, " neighbor %s fall-over bfd\n", b);
			mri_buf_printf(o,
			               " ! MD5 (optional): the key set on the "
			               "circuit's Microsoft peering, never\n"
			               " ! stored here: neighbor %s password "
			               "KEY\n",
			               b);
		}
	for (f = 0; f < 2; f++) {
		if (!fam[f])
			continue;
		mri_buf_printf(o, " !\n address-family %s\n",
		               f == 0 ? "ipv4" : "ipv6");
		networks(o, f, r->export, r->n_export);
		mri_buf_printf(o, "  maximum-paths %u\n", r->max_paths);
		for (k = 0; k < 2; k++) {
			if (!ms_addr(&r->link[k], f, b))
				continue;
			mri_buf_printf(
			    o,
			    "  neighbor %s activate\n"
			    "  neighbor %s route-map M365-IN%s in\n"
			    "  neighbor %s route-map M365-OUT%s out\n"
			    "  ! %u catalog prefixes x %d, at least %d\n"
			    "  neighbor %s maximum-prefix %u %d\n",
			    b, b, sfx[f], b, sfx[f], r->catalog_prefixes[f],
			    MRI_CFG_MAXPFX_FACTOR, MRI_CFG_MAXPFX_MIN, b,
			    r->max_prefix[f], MRI_CFG_MAXPFX_WARN);
		}
		mri_buf_puts(o, " exit-address-family\n");
	}
	mri_buf_puts(o, "!\n");
}

static int
emit_er(const struct mr_config *c, const struct mri_cfg_router *r,
        struct mri_buf *o)
{
	char oifs[160] = "", ifn[64];
	bool fam[2];
	unsigned k;
	int rc;

	if ((rc = mri_cfg_er_families(r, "ios-xe", fam)) != MR_OK)
		return rc;
	header(o, c, r, "ExpressRoute circuit");
	for (k = 0; k < 2; k++) {
		size_t len = strlen(oifs);
		iface(o, c, r, &r->link[k], k);
		if (!r->link[k].has4 && !r->link[k].has6)
			continue;
		link_ifname(&r->link[k], k, ifn, sizeof(ifn));
		snprintf(oifs + len, sizeof(oifs) - len, "%s%s", len ? " " : "",
		         ifn);
	}
	er_import(o, c, r, fam);
	er_export(o, c, r, fam);
	er_bgp(o, c, r, fam);
	null_routes(o, c, r->line, r->export, r->n_export);
	if ((rc = nat(o, c, r, oifs)) != MR_OK)
		return rc;
	mri_buf_puts(o, "end\n");
	return MR_OK;
}

static void
inet_bgp(struct mri_buf *o, const struct mr_config *c,
         const struct mri_cfg_router *r)
{
	size_t f;

	NOTE(o, c, r->line,
	     "never to the Internet: every prefix and NAT pool of every "
	     "ExpressRoute peering");
	for (f = 0; f < 2; f++) {
		bool deny = mri_cfg_has_fam(r->deny, r->n_deny, fams[f]);
		bool adv = mri_cfg_has_fam(r->adv, r->n_adv, fams[f]);
		if (f == 1 && !deny && !adv)
			continue;
		plist(o, c, "M365-ER-ONLY", f, r->deny, r->n_deny, true);
		plist(o, c, "M365-INET-OUT", f, r->adv, r->n_adv, false);
		if (deny)
			mri_buf_printf(o,
			               "route-map M365-INET-OUT%s deny 10\n "
			               "match %s address prefix-list "
			               "M365-ER-ONLY%s\n!\n",
			               sfx[f], ipk[f], sfx[f]);
		if (adv)
			mri_buf_printf(o,
			               "route-map M365-INET-OUT%s permit 20\n "
			               "match %s address prefix-list "
			               "M365-INET-OUT%s\n!\n",
			               sfx[f], ipk[f], sfx[f]);
		mri_buf_printf(o,
		               "route-map M365-INET-OUT%s deny 30\n!\n"
		               "! whatever the ISP sends (normally a default "
		               "route)\nroute-map M365-ISP-IN%s permit 10\n!\n",
		               sfx[f], sfx[f]);
	}
	NOTE(o, c, r->asn_line,
	     "eBGP with the ISP; the design names no ISP address: add "
	     "`neighbor ADDRESS remote-as ASN` and `neighbor ADDRESS "
	     "peer-group ISP`");
	mri_buf_printf(o,
	               "router bgp %u\n bgp log-neighbor-changes\n"
	               " no bgp default ipv4-unicast\n"
	               " neighbor ISP peer-group\n"
	               " neighbor ISP description Internet circuit %s\n",
	               r->asn, r->name);
	for (f = 0; f < 2; f++) {
		if (f == 1 && !mri_cfg_has_fam(r->adv, r->n_adv, fams[f]) &&
		    !mri_cfg_has_fam(r->deny, r->n_deny, fams[f]))
			continue;
		mri_buf_printf(o, " !\n address-family %s\n",
		               f == 0 ? "ipv4" : "ipv6");
		networks(o, f, r->adv, r->n_adv);
		mri_buf_printf(o,
		               "  maximum-paths %u\n  neighbor ISP activate\n"
		               "  neighbor ISP route-map M365-ISP-IN%s in\n"
		               "  neighbor ISP route-map M365-INET-OUT%s out\n"
		               " exit-address-family\n",
		               r->max_paths, sfx[f], sfx[f]);
	}
	mri_buf_puts(o, "!\n");
	null_routes(o, c, r->line, r->adv, r->n_adv);
}

static int
emit_inet(const struct mr_config *c, const struct mri_cfg_router *r,
          struct mri_buf *o)
{
	char up[48];
	int rc;

	header(o, c, r, "Internet circuit");
	mri_cfg_port(r->link[0].port, 0, "GigabitEthernet0/0/", up, sizeof(up));
	if (er_nat_on(r)) {
		NOTE(
		    o, c, r->line,
		    "the uplink to the ISP (its address is not in the design)");
		mri_buf_printf(o,
		               "interface %s\n description Internet circuit %s "
		               "uplink to the ISP\n ip nat outside\n!\n",
		               up, r->name);
	}
	if (r->asn == 0)
		NOTE(o, c, r->line,
		     "the design gives no ASN (organization.asns, or a peer "
		     "ASN): no BGP towards the ISP");
	else
		inet_bgp(o, c, r);
	if ((rc = nat(o, c, r, up)) != MR_OK)
		return rc;
	mri_buf_puts(o, "end\n");
	return MR_OK;
}

int
mri_cfg_emit_iosxe(const struct mr_config *c, const struct mri_cfg_router *r,
                   struct mri_buf *out)
{
	return r->kind == MRI_CFG_ER ? emit_er(c, r, out)
	                             : emit_inet(c, r, out);
}
