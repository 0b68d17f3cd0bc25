/*
 * cfg_nft.c - the nftables emitter (docs/config.md): one router's source
 * NAT as an `nft -f` ruleset. For a circuit's router: the sources whose
 * traffic the model sends over the circuit, translated to the circuit's
 * pool when they leave by its links; for an Internet edge, the same with
 * its own pool on its uplink. Spells the representation (config_int.h),
 * decides nothing; the table and chain names are constants, the interface
 * names the representation's.
 *
 * One source NAT statement takes one address range, so the pool of a
 * family must be one range (contiguous prefixes); a pool that is not is
 * something this format cannot express, and nothing is written.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config_int.h"
#include "error.h"

static void note(struct mri_buf *o, const struct mr_config *c, uint32_t line,
                 const char *indent, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
note(struct mri_buf *o, const struct mr_config *c, uint32_t line,
     const char *indent, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	mri_buf_printf(o, "%s# %s:%u: %s\n", indent, c->source, line, text);
}

/* The last address of p. */
static struct mr_addr
last_of(const struct mr_prefix *p)
{
	struct mr_addr a = p->addr;
	unsigned bits = p->addr.family == MR_AF_INET ? 32 : 128, i;

	for (i = p->len; i < bits; i++)
		a.bytes[i / 8] |= (uint8_t)(0x80u >> (i % 8));
	return a;
}

/* a + 1 == b */
static bool
next_to(const struct mr_addr *a, const struct mr_addr *b)
{
	struct mr_addr x = *a;
	int i = a->family == MR_AF_INET ? 3 : 15;

	for (; i >= 0; i--)
		if (++x.bytes[i] != 0)
			break;
	return i >= 0 && memcmp(x.bytes, b->bytes, sizeof(x.bytes)) == 0;
}

/* The pool of one family as one range [*lo, *hi]: false when it is not
 * one (disjoint prefixes); *n the prefixes of the family. */
static bool
pool_range(const struct mri_cfg_router *r, uint8_t fam, struct mr_addr *lo,
           struct mr_addr *hi, size_t *n)
{
	const struct mri_cfg_pfx *v[64];
	size_t i, j, k = 0;

	*n = 0;
	for (i = 0; i < r->n_pool; i++)
		if (r->pool[i].p.addr.family == fam) {
			if (k == sizeof(v) / sizeof(v[0]))
				return false;
			v[k++] = &r->pool[i];
		}
	*n = k;
	if (k == 0)
		return true;
	for (i = 1; i < k; i++) /* by prefix; few entries */
		for (j = i; j > 0 && mr_prefix_cmp(&v[j - 1]->p, &v[j]->p) > 0;
		     j--) {
			const struct mri_cfg_pfx *t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	for (i = 1; i < k; i++) {
		struct mr_addr end = last_of(&v[i - 1]->p);
		if (!next_to(&end, &v[i]->p.addr))
			return false;
	}
	*lo = v[0]->p.addr;
	*hi = last_of(&v[k - 1]->p);
	return true;
}

static void
rule(struct mri_buf *o, const struct mr_config *c,
     const struct mri_cfg_router *r, uint8_t fam, const char *oifs,
     const struct mr_addr *lo, const struct mr_addr *hi)
{
	const char *k = fam == MR_AF_INET ? "ip" : "ip6";
	char b[MR_PREFIX_STRLEN], l[MR_ADDR_STRLEN], h[MR_ADDR_STRLEN];
	size_t i, n = 0;

	for (i = 0; i < r->n_nat_src; i++)
		if (r->nat_src[i].p.addr.family == fam)
			note(o, c, r->nat_src[i].line, "\t\t", "source %s",
			     mri_cfg_pfx(&r->nat_src[i].p, b));
	for (i = 0; i < r->n_nat_src; i++) {
		if (r->nat_src[i].p.addr.family != fam)
			continue;
		if (n++ == 0)
			mri_buf_printf(o, "\t\toifname { %s } %s saddr { ",
			               oifs, k);
		else
			mri_buf_puts(o, ", ");
		mri_buf_puts(o, mri_cfg_pfx(&r->nat_src[i].p, b));
	}
	if (n == 0) {
		note(o, c, r->line, "\t\t",
		     "no %s source leaves by this router: no rule", k);
		return;
	}
	mri_cfg_addr(lo, l);
	mri_cfg_addr(hi, h);
	if (fam == MR_AF_INET)
		mri_buf_printf(o, " } snat ip to %s-%s\n", l, h);
	else
		mri_buf_printf(o, " } snat ip6 to [%s]-[%s]\n", l, h);
}

int
mri_cfg_emit_nft(const struct mr_config *c, const struct mri_cfg_router *r,
                 struct mri_buf *out)
{
	static const uint8_t fams[2] = {MR_AF_INET, MR_AF_INET6};
	struct mr_addr lo[2], hi[2];
	size_t np[2], f, k;
	char oifs[128] = "";
	char b[MR_PREFIX_STRLEN];

	for (f = 0; f < 2; f++)
		if (!pool_range(r, fams[f], &lo[f], &hi[f], &np[f]))
			return mri_error_set(
			    MR_EINVAL,
			    "nftables cannot express the NAT pool of circuit "
			    "%s: its %s prefixes are not one address range, "
			    "and a source NAT rule takes one",
			    r->name, f == 0 ? "IPv4" : "IPv6");
	if (r->kind == MRI_CFG_ER) {
		for (k = 0; k < 2; k++) {
			const struct mri_cfg_link *l = &r->link[k];
			size_t len = strlen(oifs);
			if (!l->has4 && !l->has6)
				continue;
			if (l->vlan)
				snprintf(oifs + len, sizeof(oifs) - len,
				         "%s\"%s.%u\"", len ? ", " : "",
				         l->port, l->vlan);
			else
				snprintf(oifs + len, sizeof(oifs) - len,
				         "%s\"%s\"", len ? ", " : "", l->port);
		}
	} else {
		snprintf(oifs, sizeof(oifs), "\"%s\"", r->link[0].port);
	}
	mri_buf_puts(out, "#!/usr/sbin/nft -f\n");
	mri_cfg_banner(out, c, r,
	               r->kind == MRI_CFG_ER ? "ExpressRoute circuit"
	                                     : "Internet circuit",
	               "# ", "", "nftables (nft -f)", NULL);
	/* Replaces an earlier copy of the table, leaves every other alone. */
	mri_buf_puts(out, "table inet m365route\ndelete table inet m365route\n"
	                  "table inet m365route {\n"
	                  "\tchain postrouting {\n"
	                  "\t\ttype nat hook postrouting priority srcnat; "
	                  "policy accept;\n");
	if (!oifs[0] || (!r->n_pool)) {
		note(out, c, r->line, "\t\t", "%s: no source NAT",
		     !oifs[0] ? "no link" : "no NAT pool");
	} else {
		note(out, c, r->line, "\t\t",
		     "source NAT of the traffic leaving by %s %s to its "
		     "pool",
		     r->kind == MRI_CFG_ER ? "the links of circuit"
		                           : "the uplink of",
		     r->name);
		for (k = 0; k < r->n_pool; k++)
			note(out, c, r->pool[k].line, "\t\t", "NAT pool %s",
			     mri_cfg_pfx(&r->pool[k].p, b));
		for (f = 0; f < 2; f++)
			if (np[f] > 0)
				rule(out, c, r, fams[f], oifs, &lo[f], &hi[f]);
	}
	mri_buf_puts(out, "\t}\n}\n");
	return MR_OK;
}
