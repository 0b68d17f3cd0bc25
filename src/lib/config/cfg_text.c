/*
 * cfg_text.c - the few spelling helpers the bird, ios-xe and junos
 * emitters share (config_int.h): the comment naming a block's design line,
 * the last address of a prefix, whether a list holds a family, a port
 * in a vendor's spelling. They decide nothing; every value is the
 * representation's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"
#include "error.h"

void
mri_cfg_note(struct mri_buf *o, const struct mr_config *c, uint32_t line,
             const char *open, const char *close, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	mri_buf_printf(o, "%s%s:%u: %s%s\n", open, c->source, line, text,
	               close);
}

void
mri_cfg_banner(struct mri_buf *o, const struct mr_config *c,
               const struct mri_cfg_router *r, const char *what,
               const char *open, const char *close, const char *dialect,
               const char *tail)
{
	mri_buf_printf(o,
	               "%sm365route config: router %s, %s, %s%s\n"
	               "%sGenerated from %s; every block names the design line "
	               "it comes from.%s\n",
	               open, r->name, what, dialect, close, open, c->source,
	               close);
	if (tail != NULL)
		mri_buf_printf(o, "%s%s%s\n", open, tail, close);
	mri_cfg_note(o, c, r->line, open, close, "%s %s at site %s", what,
	             r->name, r->site);
}

int
mri_cfg_er_families(const struct mri_cfg_router *r, const char *format,
                    bool fam[2])
{
	if (r->n_links == 0)
		return mri_error_set(MR_EINVAL,
		                     "%s cannot express circuit %s: its "
		                     "Microsoft peering has no link addresses",
		                     format, r->name);
	fam[0] = r->link[0].has4 || r->link[1].has4;
	fam[1] = r->link[0].has6 || r->link[1].has6;
	return MR_OK;
}

struct mr_addr
mri_cfg_last(const struct mr_prefix *p)
{
	struct mr_addr a = p->addr;
	unsigned bits = p->addr.family == MR_AF_INET ? 32 : 128, i;

	for (i = p->len; i < bits; i++)
		a.bytes[i / 8] |= (uint8_t)(0x80u >> (i % 8));
	return a;
}

bool
mri_cfg_has_fam(const struct mri_cfg_pfx *v, size_t n, uint8_t fam)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].p.addr.family == fam)
			return true;
	return false;
}

void
mri_cfg_port(const char *port, unsigned dflt, const char *vendor, char *buf,
             size_t n)
{
	unsigned k = dflt;

	if (port != NULL && strncmp(port, "eth", 3) == 0 && port[3] != '\0')
		k = (unsigned)strtoul(port + 3, NULL, 10);
	snprintf(buf, n, "%s%u", vendor, k);
}
