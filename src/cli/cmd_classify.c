/*
 * cmd_classify.c - m365route classify: hosts, URLs and addresses to
 * expressroute / internet / unknown, with the rule that decided.
 *
 * Bulk mode (no TARGET: one per line from stdin) streams in constant memory:
 * input is read in blocks of about 1 MiB and split in place; each decided
 * rule's TSV tail ("\troute\tcategory\t...\n") is formatted once, so a TSV
 * row costs a target parse, one matcher lookup and two copies. A line over
 * 1 MiB (content, line end not counted) is one invalid target under its
 * true line number, skipped to its LF without being kept.
 *
 * Text and JSON list every matching rule (mr_match_host_all(), through the
 * host index; mr_match_addr_all(), the longest match's cover list).
 * M365ROUTE_CLASSIFY_SCAN=1 in the environment selects the linear
 * enumerations they replaced (mr_match_host_all_scan(),
 * mr_match_addr_all_scan()) instead: the same bytes out, slower;
 * tests/scripts/test-classify-enum.sh compares the two.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "json.h"

enum fmt { FMT_TEXT, FMT_TSV, FMT_JSON };

/* A rendered piece of output (cached()). */
struct piece {
	char *s;
	size_t n;
};

struct ctx {
	const struct mr_catalog *cat;
	const struct mr_matcher *m;
	enum fmt fmt;
	struct out out;
	char **tail;   /* per rule TSV tail, built on first use */
	char *unknown; /* the tail of an unknown target */
	size_t n_bad;  /* invalid targets */
	size_t shown;  /* invalid targets reported on stderr */
	const char *input_name;
	bool scan; /* M365ROUTE_CLASSIFY_SCAN: the linear enumeration */
	struct piece *piece[4]; /* cached(): per rule id, built on first use */
	struct {
		const char *s;
		size_t n;
	} route_name[3]; /* mr_route_name() by route */
};

static const struct cli_value formats[] = {{"text", CLI_FMT_TEXT},
                                           {"tsv", CLI_FMT_TSV},
                                           {"json", CLI_FMT_JSON},
                                           {NULL, 0}};

static const struct cli_opt opts[] = {
    CLI_OPT_FORMAT(formats, "text (default), tsv or json (one object a line)\n"
                            "tsv: target route category service_area set_ids\n"
                            "decided_by"),
    CLI_OPT_OUTPUT("FILE", "write to FILE (atomically) instead of stdout"),
    CLI_OPTS_COMMON, CLI_OPT_END};

const struct cli_verb cli_verb_classify = {
    "classify",
    "usage: m365route classify [options] [TARGET...]\n"
    "\n"
    "Decide, for each TARGET, whether Microsoft 365 advertises it over\n"
    "ExpressRoute (and the Internet) or over the Internet only, from the\n"
    "endpoint feed. A TARGET is a hostname, a URL (its host is used; IPv6\n"
    "literals in brackets work), host:port, or an IPv4/IPv6 address. With no\n"
    "TARGET, targets are read one per line from standard input (blank lines\n"
    "and lines starting with '#' are skipped; a line of more than 1 MiB,\n"
    "its LF or CR LF not counted, is an invalid target).\n"
    "\n"
    "The most specific pattern decides: an exact name beats any wildcard,\n"
    "more literal characters beat fewer; on a tie ExpressRoute wins if any\n"
    "tied set is ExpressRoute-advertised. Addresses: longest prefix.\n"
    "\n",
    opts,
    "\n"
    "exit status: 0 all targets valid, 1 some target invalid (reported, the\n"
    "others still classified), 2 usage, I/O or feed errors.\n"};

/* ---- what a decision says ---- */

static void
append(char *buf, size_t cap, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n >= cap)
		n = *len + 1 < cap ? cap - *len - 1 : 0;
	memcpy(buf + *len, s, n);
	*len += n;
	buf[*len] = '\0';
}

/* Distinct service areas of the deciding sets, in set order. */
static void
service_areas(const struct ctx *c, const struct mr_match *mt, char *buf,
              size_t cap)
{
	size_t len = 0, r, k, q;

	buf[0] = '\0';
	for (r = 0; r < mt->n; r++) {
		const struct mr_rule *rule =
		    mr_matcher_rule(c->m, mt->rules[r]);
		for (k = 0; k < rule->n_sets; k++) {
			const char *sa =
			    mr_catalog_set(c->cat, rule->sets[k])->service_area;
			int seen = 0;
			/* Small lists: a substring test on the joined text
			 * would be wrong for "Skype" in "SkypeX", so compare
			 * items. */
			const char *p = buf;
			for (q = 0; *p; q++) {
				const char *e = strchr(p, ',');
				size_t n = e ? (size_t)(e - p) : strlen(p);
				if (n == strlen(sa) && strncmp(p, sa, n) == 0)
					seen = 1;
				p += n + (e ? 1 : 0);
			}
			if (seen)
				continue;
			if (len > 0)
				append(buf, cap, &len, ",");
			append(buf, cap, &len, sa);
		}
	}
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Ids of the deciding sets, ascending, distinct. */
static size_t
set_ids(const struct ctx *c, const struct mr_match *mt, int64_t *ids,
        size_t cap)
{
	size_t n = 0, r, k, i, w = 0;

	for (r = 0; r < mt->n; r++) {
		const struct mr_rule *rule =
		    mr_matcher_rule(c->m, mt->rules[r]);
		for (k = 0; k < rule->n_sets && n < cap; k++)
			ids[n++] = mr_catalog_set(c->cat, rule->sets[k])->id;
	}
	qsort(ids, n, sizeof(*ids), cmp_i64);
	for (i = 0; i < n; i++)
		if (w == 0 || ids[w - 1] != ids[i])
			ids[w++] = ids[i];
	return w;
}

static enum mr_category
category(const struct ctx *c, const struct mr_match *mt)
{
	enum mr_category best = MR_CAT_DEFAULT;
	size_t r;

	for (r = 0; r < mt->n; r++) {
		const struct mr_rule *rule =
		    mr_matcher_rule(c->m, mt->rules[r]);
		if (rule->category > best)
			best = rule->category;
	}
	return best;
}

/* "\troute\tcategory\tareas\tids\tdecided_by\n" for a decision. */
static char *
make_tail(const struct ctx *c, const struct mr_match *mt)
{
	char areas[512], buf[4096], num[32];
	int64_t ids[256];
	size_t n, i, len = 0, r;

	if (mt->n == 0)
		return strdup("\tunknown\t-\t-\t-\t-\n");
	service_areas(c, mt, areas, sizeof(areas));
	n = set_ids(c, mt, ids, 256);
	append(buf, sizeof(buf), &len, "\t");
	append(buf, sizeof(buf), &len, mr_route_name(mt->route));
	append(buf, sizeof(buf), &len, "\t");
	append(buf, sizeof(buf), &len, mr_category_name(category(c, mt)));
	append(buf, sizeof(buf), &len, "\t");
	append(buf, sizeof(buf), &len, areas);
	append(buf, sizeof(buf), &len, "\t");
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof(num), "%s%lld", i ? "," : "",
		         (long long)ids[i]);
		append(buf, sizeof(buf), &len, num);
	}
	append(buf, sizeof(buf), &len, "\t");
	for (r = 0; r < mt->n; r++) {
		if (r > 0)
			append(buf, sizeof(buf), &len, ",");
		append(buf, sizeof(buf), &len,
		       mr_matcher_rule(c->m, mt->rules[r])->text);
	}
	append(buf, sizeof(buf), &len, "\n");
	return strdup(buf);
}

static const char *
tail_for(struct ctx *c, const struct mr_match *mt)
{
	char **slot;

	if (mt->n != 1) {
		/* Unknown is one shared tail; ties are formatted each time
		 * (rare). */
		if (mt->n == 0) {
			if (c->unknown == NULL)
				c->unknown = make_tail(c, mt);
			return c->unknown;
		}
		return NULL;
	}
	slot = &c->tail[mt->rules[0]];
	if (*slot == NULL)
		*slot = make_tail(c, mt);
	return *slot;
}

/* ---- output formats ---- */

static void
emit_tsv(struct ctx *c, const char *t, size_t tlen, const struct mr_match *mt)
{
	const char *tail = tail_for(c, mt);

	out_safe(&c->out, t, tlen);
	if (tail != NULL) {
		out_puts(&c->out, tail);
	} else {
		char *s = make_tail(c, mt);
		if (s != NULL)
			out_puts(&c->out, s);
		free(s);
	}
}

/* One rule of a JSON rule list: {"rule":...,"route":...,"sets":[...]}. */
static void
json_rule(struct ctx *c, struct out *o, uint32_t id)
{
	const struct mr_rule *r = mr_matcher_rule(c->m, id);
	size_t k;

	out_puts(o, "{\"rule\":\"");
	json_escape(o, r->text, strlen(r->text));
	out_printf(o, "\",\"route\":\"%s\",\"sets\":[",
	           r->express_route ? "expressroute" : "internet");
	for (k = 0; k < r->n_sets; k++)
		out_printf(o, "%s%lld", k ? "," : "",
		           (long long)mr_catalog_set(c->cat, r->sets[k])->id);
	out_puts(o, "]}");
}

/* What JSON says of a decision found in the catalog (mt->n > 0):
 * ,"category":...,"service_areas":[...],"sets":[...],"decided_by":[...] */
static void
json_decision(struct ctx *c, struct out *o, const struct mr_match *mt)
{
	char areas[512];
	int64_t ids[256];
	size_t n, i;

	service_areas(c, mt, areas, sizeof(areas));
	out_printf(o, ",\"category\":\"%s\",\"service_areas\":[",
	           mr_category_name(category(c, mt)));
	for (const char *p = areas; *p;) {
		const char *e = strchr(p, ',');
		size_t k = e ? (size_t)(e - p) : strlen(p);
		out_puts(o, p == areas ? "\"" : ",\"");
		json_escape(o, p, k);
		out_puts(o, "\"");
		p += k + (e ? 1 : 0);
	}
	out_puts(o, "],\"sets\":[");
	n = set_ids(c, mt, ids, 256);
	for (i = 0; i < n; i++)
		out_printf(o, "%s%lld", i ? "," : "", (long long)ids[i]);
	out_puts(o, "],\"decided_by\":[");
	for (i = 0; i < mt->n; i++) {
		if (i > 0)
			out_putc(o, ',');
		json_rule(c, o, mt->rules[i]);
	}
	out_puts(o, "]");
}

static void
ports_of(struct out *o, const struct mr_endpoint_set *s)
{
	if (s->tcp_ports)
		out_printf(o, ", tcp %s", s->tcp_ports);
	if (s->udp_ports)
		out_printf(o, ", udp %s", s->udp_ports);
}

/* What text says of a decision found in the catalog (mt->n > 0): the
 * "decided by", "category" and "sets" lines. */
static void
text_decision(struct ctx *c, struct out *o, const struct mr_match *mt)
{
	size_t k, r;
	int first = 1;

	for (r = 0; r < mt->n; r++) {
		const struct mr_rule *rule =
		    mr_matcher_rule(c->m, mt->rules[r]);
		out_printf(o, "  %-14s%s (%s)\n", r ? "" : "decided by",
		           rule->text,
		           rule->is_prefix     ? "longest prefix"
		           : rule->is_wildcard ? "most specific wildcard"
		                               : "exact name");
	}
	out_printf(o, "  %-14s%s\n", "category",
	           mr_category_name(category(c, mt)));
	for (r = 0; r < mt->n; r++) {
		const struct mr_rule *rule =
		    mr_matcher_rule(c->m, mt->rules[r]);
		for (k = 0; k < rule->n_sets; k++) {
			const struct mr_endpoint_set *s =
			    mr_catalog_set(c->cat, rule->sets[k]);
			out_printf(o, "  %-14sset %lld: %s, %s, %s",
			           first ? "sets" : "", (long long)s->id,
			           s->service_area,
			           mr_category_name(s->category),
			           s->express_route ? "ExpressRoute"
			                            : "Internet only");
			ports_of(o, s);
			out_putc(o, '\n');
			first = 0;
		}
	}
}

/* An "also matched" line of text after its 16-column label: the rule,
 * its route and its sets. */
static void
text_also(struct ctx *c, struct out *o, uint32_t id)
{
	const struct mr_rule *rule = mr_matcher_rule(c->m, id);
	size_t k;

	out_printf(o, "%s (%s; set", rule->text,
	           rule->express_route ? "expressroute" : "internet");
	for (k = 0; k < rule->n_sets; k++)
		out_printf(
		    o, "%s %lld", k ? "," : "",
		    (long long)mr_catalog_set(c->cat, rule->sets[k])->id);
	out_puts(o, ")\n");
}

/*
 * The caches of what JSON and text say of a rule and of a decision by one
 * rule: each is rendered once by the functions above, into a string,
 * and copied for every line after that, so the bytes are theirs.
 */
enum piece_kind { P_JRULE, P_JDEC, P_TALSO, P_TDEC, P_N };

static const struct piece *
cached(struct ctx *c, enum piece_kind k, uint32_t id, const struct mr_match *mt)
{
	struct piece *slot = &c->piece[k][id];
	struct out *o;
	char *s = NULL;
	size_t n = 0;
	FILE *f;

	if (slot->s != NULL)
		return slot;
	o = malloc(sizeof(*o));
	f = open_memstream(&s, &n);
	if (o == NULL || f == NULL) {
		free(o);
		if (f != NULL)
			fclose(f);
		free(s);
		return NULL;
	}
	out_attach(o, f);
	switch (k) {
	case P_JRULE:
		json_rule(c, o, id);
		break;
	case P_JDEC:
		json_decision(c, o, mt);
		break;
	case P_TALSO:
		text_also(c, o, id);
		break;
	case P_TDEC:
	case P_N:
		text_decision(c, o, mt);
		break;
	}
	out_flush(o);
	if (fclose(f) != 0 || o->failed) {
		free(o);
		free(s);
		return NULL;
	}
	free(o);
	slot->s = s;
	slot->n = n;
	return slot;
}

static void
json_rule_list(struct ctx *c, const uint32_t *ids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct piece *p = cached(c, P_JRULE, ids[i], NULL);
		if (i > 0)
			out_putc(&c->out, ',');
		if (p != NULL)
			out_write(&c->out, p->s, p->n);
		else
			json_rule(c, &c->out, ids[i]);
	}
}

static void
emit_json(struct ctx *c, const char *in, size_t inlen,
          const struct mr_target *t, const struct mr_match *mt,
          const uint32_t *all, size_t n_all)
{
	char abuf[MR_ADDR_STRLEN];

	out_puts(&c->out, "{\"target\":\"");
	json_escape(&c->out, in, inlen);
	if (t->kind == MR_TARGET_HOST) {
		out_puts(&c->out, "\",\"host\":\"");
		out_write(&c->out, t->host, t->host_len);
	} else {
		mr_addr_format(&t->addr, abuf, sizeof(abuf));
		out_puts(&c->out, "\",\"address\":\"");
		out_puts(&c->out, abuf);
	}
	out_puts(&c->out, "\",\"route\":\"");
	out_write(&c->out, c->route_name[mt->route].s,
	          c->route_name[mt->route].n);
	out_putc(&c->out, '"');
	if (mt->n > 0) {
		const struct piece *p =
		    mt->n == 1 ? cached(c, P_JDEC, mt->rules[0], mt) : NULL;
		if (p != NULL)
			out_write(&c->out, p->s, p->n);
		else
			json_decision(c, &c->out, mt);
	}
	out_puts(&c->out, ",\"matched\":[");
	json_rule_list(c, all, n_all);
	out_puts(&c->out, "]}\n");
}

static void
emit_text(struct ctx *c, const char *in, size_t inlen,
          const struct mr_match *mt, const uint32_t *all, size_t n_all)
{
	size_t i, r;
	const struct piece *p;
	int first = 1;

	out_safe(&c->out, in, inlen);
	out_write(&c->out, ": ", 2);
	out_write(&c->out, c->route_name[mt->route].s,
	          c->route_name[mt->route].n);
	out_putc(&c->out, '\n');
	if (mt->n == 0) {
		out_printf(&c->out, "  not in the %s catalog\n",
		           mr_catalog_instance(c->cat)
		               ? mr_catalog_instance(c->cat)
		               : mr_catalog_source(c->cat));
		return;
	}
	p = mt->n == 1 ? cached(c, P_TDEC, mt->rules[0], mt) : NULL;
	if (p != NULL)
		out_write(&c->out, p->s, p->n);
	else
		text_decision(c, &c->out, mt);
	for (i = 0; i < n_all; i++) {
		int deciding = 0;
		for (r = 0; r < mt->n; r++)
			if (mt->rules[r] == all[i])
				deciding = 1;
		if (deciding)
			continue;
		out_puts(&c->out,
		         first ? "  also matched  " : "                ");
		p = cached(c, P_TALSO, all[i], NULL);
		if (p != NULL)
			out_write(&c->out, p->s, p->n);
		else
			text_also(c, &c->out, all[i]);
		first = 0;
	}
}

static void
report_invalid(struct ctx *c, const char *in, size_t inlen, size_t line,
               const char *why)
{
	c->n_bad++;
	if (++c->shown > 50) {
		if (c->shown == 51)
			fprintf(stderr,
			        "%s: further invalid targets not shown\n",
			        cli_prog);
		return;
	}
	if (line > 0)
		fprintf(stderr, "%s:%zu: error: ", c->input_name, line);
	else
		fprintf(stderr, "%s: error: ", cli_prog);
	fputc('\'', stderr);
	for (size_t i = 0; i < inlen && i < 200; i++) {
		unsigned char ch = (unsigned char)in[i];
		if (ch < 0x20 || ch >= 0x7f || ch == '\\')
			fprintf(stderr, "\\x%02x", ch);
		else
			fputc(ch, stderr);
	}
	fprintf(stderr, "%s': %s (not a hostname, URL or address)\n",
	        inlen > 200 ? "..." : "", why);
}

/* An invalid target: on stderr, and one "invalid" row in tsv and json. */
static void
invalid(struct ctx *c, const char *in, size_t inlen, size_t line,
        const char *why)
{
	report_invalid(c, in, inlen, line, why);
	if (c->fmt == FMT_TSV) {
		out_safe(&c->out, in, inlen);
		out_printf(&c->out, "\tinvalid\t-\t-\t-\t%s\n", why);
	} else if (c->fmt == FMT_JSON) {
		out_puts(&c->out, "{\"target\":\"");
		json_escape(&c->out, in, inlen);
		out_puts(&c->out, "\",\"route\":\"invalid\",\"error\":\"");
		out_puts(&c->out, why);
		out_puts(&c->out, "\"}\n");
	}
}

static void
classify_one(struct ctx *c, const char *in, size_t inlen, size_t line)
{
	struct mr_target t;
	struct mr_match mt;
	uint32_t all[64];
	size_t n_all;

	/* Trim here so that what is echoed is what was classified. */
	while (inlen > 0 && (in[0] == ' ' || in[0] == '\t')) {
		in++;
		inlen--;
	}
	while (inlen > 0 && (in[inlen - 1] == ' ' || in[inlen - 1] == '\t' ||
	                     in[inlen - 1] == '\r'))
		inlen--;
	if (mr_target_parse(&t, in, inlen) != MR_OK) {
		invalid(c, in, inlen, line, t.why);
		return;
	}
	if (c->fmt == FMT_TSV) {
		if (t.kind == MR_TARGET_HOST)
			mr_match_host(c->m, t.host, t.host_len, &mt);
		else
			mr_match_addr(c->m, &t.addr, &mt);
		emit_tsv(c, in, inlen, &mt);
		return;
	}
	/* Text and JSON: the decision and every match (at most 64 shown). */
	if (t.kind == MR_TARGET_HOST && !c->scan) {
		n_all = mr_match_host_explain(c->m, t.host, t.host_len, &mt,
		                              all, 64);
	} else if (t.kind == MR_TARGET_HOST) {
		mr_match_host(c->m, t.host, t.host_len, &mt);
		n_all =
		    mr_match_host_all_scan(c->m, t.host, t.host_len, all, 64);
	} else {
		mr_match_addr(c->m, &t.addr, &mt);
		n_all = c->scan ? mr_match_addr_all_scan(c->m, &t.addr, all, 64)
		                : mr_match_addr_all(c->m, &t.addr, all, 64);
	}
	if (n_all > 64)
		n_all = 64;
	if (c->fmt == FMT_JSON)
		emit_json(c, in, inlen, &t, &mt, all, n_all);
	else
		emit_text(c, in, inlen, &mt, all, n_all);
}

/* ---- bulk input ---- */

/*
 * A line holds at most MAX_LINE bytes of content: its LF is not counted,
 * nor a CR that ends it (the CR of CR LF, or a last CR before the end of
 * the input), so a line of exactly 1 MiB is accepted in either line-end
 * convention. The read buffer holds MAX_LINE + 2 bytes, one longest line
 * with its CR LF: a buffer full of one partial line is over the limit,
 * whatever follows.
 */
#define MAX_LINE   ((size_t)1 << 20)
#define LONG_WHY   "line longer than 1 MiB"
#define LONG_SHOWN 64 /* bytes of a long line shown in its row */

/*
 * Whether the n bytes at l (a whole line without its LF, or the start of
 * one) hold more than MAX_LINE bytes of content.
 */
static int
over_limit(const char *l, size_t n)
{
	return n > MAX_LINE && n - (l[n - 1] == '\r') > MAX_LINE;
}

/*
 * A line over the limit, of which l holds the first n (> MAX_LINE) bytes:
 * one invalid target, shown by its first LONG_SHOWN bytes and "...". A
 * comment stays a comment whatever its length.
 */
static void
long_line(struct ctx *c, const char *l, size_t n, size_t line)
{
	char head[LONG_SHOWN + 3];

	if (l[0] == '#')
		return;
	while (n > 0 && (l[0] == ' ' || l[0] == '\t')) {
		l++;
		n--;
	}
	if (n > LONG_SHOWN)
		n = LONG_SHOWN;
	memcpy(head, l, n);
	memcpy(head + n, "...", 3);
	invalid(c, head, n + 3, line, LONG_WHY);
}

/* Physical line number line, n bytes at l without its LF. */
static void
one_line(struct ctx *c, const char *l, size_t n, size_t line)
{
	if (n == 0 || l[0] == '#' || (n == 1 && l[0] == '\r'))
		return;
	if (over_limit(l, n))
		long_line(c, l, n, line);
	else
		classify_one(c, l, n, line);
}

/*
 * One target per line from fd, streaming in constant memory: a line over
 * the limit is reported once and skipped to its LF without being kept.
 * Returns 0 or -1 (read error).
 */
static int
bulk(struct ctx *c, int fd)
{
	size_t cap = MAX_LINE + 2, have = 0, seen = 0, line = 0;
	char *buf = malloc(cap);
	int skipping = 0, rc = 0;

	if (buf == NULL) {
		cli_error("out of memory");
		return -1;
	}
	/* buf[0, have) is input not yet used; buf[0, seen) holds no LF. */
	for (;;) {
		ssize_t r = read(fd, buf + have, cap - have);
		size_t start = 0;
		char *nl;

		if (r < 0) {
			if (errno == EINTR)
				continue;
			cli_error("reading %s: %s", c->input_name,
			          strerror(errno));
			rc = -1;
			break;
		}
		have += (size_t)r;
		if (skipping) {
			/* The rest of a long line, already reported. */
			nl = memchr(buf, '\n', have);
			if (nl == NULL) {
				have = 0;
				if (r == 0)
					break;
				continue;
			}
			start = seen = (size_t)(nl - buf) + 1;
			skipping = 0;
		}
		while ((nl = memchr(buf + seen, '\n', have - seen)) != NULL) {
			size_t end = (size_t)(nl - buf);
			line++;
			one_line(c, buf + start, end - start, line);
			start = seen = end + 1;
		}
		if (r == 0) {
			/* Last line without a LF. */
			if (start < have)
				one_line(c, buf + start, have - start, ++line);
			break;
		}
		have -= start;
		memmove(buf, buf + start, have);
		seen = have;
		if (over_limit(buf, have)) {
			long_line(c, buf, have, ++line);
			have = seen = 0;
			skipping = 1;
		}
	}
	free(buf);
	return rc;
}

int
cmd_classify(int argc, char **argv)
{
	struct cli_opts opt;
	struct mr_catalog *cat;
	struct mr_matcher *m;
	struct ctx c;
	int i, rc, first_target;
	size_t r;

	if ((rc = cli_parse(argc, argv, &cli_verb_classify, &opt, &first_target,
	                    NULL, NULL)) >= 0)
		return rc;
	memset(&c, 0, sizeof(c));
	c.fmt = opt.fmt == CLI_FMT_TSV    ? FMT_TSV
	        : opt.fmt == CLI_FMT_JSON ? FMT_JSON
	                                  : FMT_TEXT;
	c.input_name = "<stdin>";
	for (i = 0; i < 3; i++) {
		c.route_name[i].s = mr_route_name((enum mr_route)i);
		c.route_name[i].n = strlen(c.route_name[i].s);
	}
	{
		const char *e = getenv("M365ROUTE_CLASSIFY_SCAN");
		c.scan = e != NULL && strcmp(e, "1") == 0;
	}
	if (first_target >= argc && opt.co.file != NULL &&
	    strcmp(opt.co.file, "-") == 0) {
		cli_error("classify: the feed and the targets cannot both come "
		          "from stdin");
		return EXIT_USAGE;
	}
	if ((rc = cli_load(&opt.co, &opt.dopt, &cat, &m)) != EXIT_OK)
		return rc;
	c.cat = cat;
	c.m = m;
	c.tail = calloc(mr_matcher_rule_count(m) + 1, sizeof(*c.tail));
	for (i = 0; i < P_N; i++)
		c.piece[i] =
		    calloc(mr_matcher_rule_count(m) + 1, sizeof(*c.piece[i]));
	if (c.tail == NULL || c.piece[0] == NULL || c.piece[1] == NULL ||
	    c.piece[2] == NULL || c.piece[3] == NULL ||
	    out_open(&c.out, opt.output) != 0) {
		free(c.tail);
		for (i = 0; i < P_N; i++)
			free(c.piece[i]);
		cli_unload(cat, m);
		return EXIT_USAGE;
	}
	rc = 0;
	if (first_target < argc) {
		for (i = first_target; i < argc; i++)
			classify_one(&c, argv[i], strlen(argv[i]), 0);
	} else {
		rc = bulk(&c, STDIN_FILENO);
	}
	if (rc != 0) {
		out_abort(&c.out);
	} else if (out_close(&c.out) != 0) {
		rc = -1;
	}
	for (r = 0; r < mr_matcher_rule_count(m); r++) {
		free(c.tail[r]);
		for (i = 0; i < P_N; i++)
			free(c.piece[i][r].s);
	}
	free(c.tail);
	for (i = 0; i < P_N; i++)
		free(c.piece[i]);
	free(c.unknown);
	cli_unload(cat, m);
	if (rc != 0)
		return EXIT_USAGE;
	return c.n_bad > 0 ? EXIT_FINDINGS : EXIT_OK;
}
