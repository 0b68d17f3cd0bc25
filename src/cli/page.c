/*
 * page.c - the report (report.html of plan, check --format html): one
 * self-contained HTML page, readable with scripting disabled (there is no
 * script), with inline CSS (a print stylesheet included) and inline SVG,
 * and no request of any kind (no fonts, images or links outside the page).
 *
 * Sections, each read from what is already decided:
 *   verdict    mr_plan_verdict() over the findings' counts, the flows and
 *              the single failures that blackhole flows
 *   findings   the diagnostics, each with its design excerpt as check
 *              prints it
 *   topology   topo.c (Graphviz's dot via libgvc)
 *   geography  sites and peering locations by latitude/longitude
 *              (equirectangular, scaled by the cosine of the mean
 *              latitude), the backhaul paths flows take, their round trips
 *              against the real-time targets (the simulation's)
 *   flows      every flow both ways (struct mr_sim_flow), a path diagram
 *              for each that is not ok
 *   failures   the single-failure matrix (struct mr_sim_matrix)
 *   capacity   demand (the design's) on the circuits the resolved network
 *              carries it over (mr_net_carriers_*), and with each other
 *              circuit failed: N-1
 *   PAC, DNS   the resolved PAC groups, failover lists and DNS chains
 *   provenance design and catalog digests, tool version, time
 *              (SOURCE_DATE_EPOCH)
 * Every string from the design, the feed or the command line goes through
 * html_text(); ids are made from indexes. Output depends only on the
 * inputs: loops run in design, element or flow order.
 */
#include "page.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "topo.h"

#define T html_text
#define R html_raw

static const char css[] =
    ":root{--ok:#1b7f3b;--deg:#9a6700;--asym:#8250df;--bh:#cf222e;"
    "--er:#0b5cad;--inet:#6e7781;--proxy:#8a4b08;--site:#24292f;"
    "--ms:#0b5cad;--line:#d0d7de}\n"
    "body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",sans-serif;"
    "color:#1f2328;margin:0 auto;max-width:1200px;padding:0 16px 48px}\n"
    "h1{font-size:24px;margin:20px 0 4px}h2{font-size:19px;"
    "border-bottom:1px solid var(--line);padding-bottom:4px;"
    "margin-top:32px}h3{font-size:15px;margin:18px 0 6px}\n"
    "nav ol{columns:3;padding-left:20px;margin:6px 0}\n"
    ".sub{color:#57606a}\n"
    ".verdict{border:2px solid;border-radius:6px;padding:10px 14px;"
    "margin:12px 0}\n"
    ".verdict strong{font-size:20px}\n"
    ".v-pass{border-color:var(--ok)}.v-warn{border-color:var(--deg)}"
    ".v-fail{border-color:var(--bh)}\n"
    "table{border-collapse:collapse;margin:6px 0;font-size:13px}\n"
    "th,td{border:1px solid var(--line);padding:3px 6px;text-align:left;"
    "vertical-align:top}\n"
    "th{background:#f6f8fa}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "pre{background:#f6f8fa;padding:6px 8px;overflow-x:auto;"
    "font-size:12px;margin:2px 0 8px}\n"
    ".sev-error{color:var(--bh);font-weight:600}"
    ".sev-warning{color:var(--deg);font-weight:600}"
    ".sev-note{color:#57606a}\n"
    ".ok{color:var(--ok)}.degraded{color:var(--deg)}"
    ".asymmetric{color:var(--asym)}.blackholed,.blackhole{color:var(--bh);"
    "font-weight:600}\n"
    "td.m{text-align:center;white-space:nowrap}\n"
    "td.m a{text-decoration:none;color:inherit}\n"
    "td.m-ok{background:#e6f4ea}td.m-degraded{background:#fff4d6}"
    "td.m-asymmetric{background:#f1e8ff}td.m-blackholed{background:#ffe3e3}"
    "\n"
    ".scroll{overflow-x:auto}\n"
    "svg{max-width:100%;height:auto}\n"
    "svg text{font:10px system-ui,sans-serif;fill:#1f2328}\n"
    "svg .t1{font-weight:600}\n"
    ".n rect,.n ellipse{fill:#fff;stroke:var(--site);stroke-width:1.2}\n"
    ".n-group rect{stroke-dasharray:2 2;fill:#f6f8fa}\n"
    ".n-proxy rect{stroke:var(--proxy);fill:#fff8f0}\n"
    ".n-inet rect{stroke:var(--inet);stroke-dasharray:6 3;fill:#f6f8fa}\n"
    ".n-er rect{stroke:var(--er);stroke-width:2.5;fill:#eef5ff}\n"
    ".n-loc ellipse{stroke:var(--er);fill:#eef5ff}\n"
    ".n-ms ellipse{stroke:var(--ms);stroke-width:2.5;fill:#dbeafe}\n"
    ".n-net ellipse{stroke:var(--inet);stroke-dasharray:2 3;fill:#f6f8fa}\n"
    ".e{fill:none;stroke:#57606a;stroke-width:1.2}\n"
    ".e-wan{stroke:var(--site);stroke-width:2}\n"
    ".el{fill:#57606a;font-size:9px}\n"
    ".legend span{display:inline-block;margin-right:14px}\n"
    ".sw{display:inline-block;width:22px;height:12px;vertical-align:middle;"
    "margin-right:4px;border:1.5px solid var(--site);background:#fff}\n"
    ".sw-er{border:3px solid var(--er);background:#eef5ff}\n"
    ".sw-inet{border:1.5px dashed var(--inet);background:#f6f8fa}\n"
    ".sw-proxy{border-color:var(--proxy);border-radius:5px;"
    "background:#fff8f0}\n"
    ".sw-group{border-style:dotted;background:#f6f8fa}\n"
    ".sw-loc{border-color:var(--er);border-radius:50%;background:#eef5ff}\n"
    ".geo .grid{stroke:#eaeef2;stroke-width:1;fill:none}\n"
    ".geo .site{fill:#fff;stroke:var(--site);stroke-width:2}\n"
    ".geo .loc{fill:#eef5ff;stroke:var(--er);stroke-width:2}\n"
    ".geo .er{stroke:var(--er);stroke-width:2.5;fill:none}\n"
    ".geo .bh{stroke:#57606a;stroke-width:1.5;stroke-dasharray:6 4;"
    "fill:none}\n"
    ".geo .over{stroke:var(--bh)}\n"
    ".path rect{fill:#fff;stroke:#57606a}.path line{stroke:#57606a}\n"
    ".path .cut{stroke:var(--bh);stroke-dasharray:4 3}\n"
    ".bar-load{fill:var(--er)}.bar-n1{fill:url(#hatch);stroke:var(--er)}\n"
    ".bar-cap{stroke:var(--bh);stroke-width:2}\n"
    ".usage .axis{stroke:#57606a}.usage .series{fill:none;stroke:var(--er);"
    "stroke-width:1.5}.usage .peak{stroke:var(--bh);stroke-dasharray:6 3}"
    ".usage .p95{stroke:var(--deg);stroke-dasharray:2 2}\n"
    "footer{margin-top:40px;color:#57606a;font-size:12px}\n"
    "@media print{body{max-width:none;font-size:11px;padding:0}"
    "nav{display:none}h2{break-after:avoid}"
    "section,table,svg,pre{break-inside:avoid}"
    ".scroll{overflow:visible}a{color:inherit;text-decoration:none}"
    "@page{margin:14mm}}\n";

/* ---- small helpers ---- */

static const char *
vclass(enum mr_sim_verdict v)
{
	return v == MR_SIM_OK           ? "ok"
	       : v == MR_SIM_DEGRADED   ? "degraded"
	       : v == MR_SIM_ASYMMETRIC ? "asymmetric"
	                                : "blackholed";
}

/* A verdict as text and a mark, never colour alone. */
static void
verdict_cell(struct html *h, enum mr_sim_verdict v, const char *why)
{
	static const char *const mark[] = {"\xe2\x9c\x93", "~", "\xe2\x87\x84",
	                                   "\xe2\x9c\x97"};
	html_rawf(h, "<span class=\"%s\">%s %s</span>", vclass(v), mark[v],
	          vclass(v));
	if (why && *why && v != MR_SIM_OK) {
		R(h, " <span class=\"sub\">(");
		T(h, why);
		R(h, ")</span>");
	}
}

static const char *
sev_name(int s)
{
	return s == MR_SEV_ERROR     ? "error"
	       : s == MR_SEV_WARNING ? "warning"
	                             : "note";
}

static void
mbps(struct html *h, double v)
{
	if (v >= 1000)
		html_rawf(h, "%.2f Gbps", v / 1000.0);
	else
		html_rawf(h, "%.0f Mbps", v);
}

static void
circuit_name(struct html *h, const struct mr_design *dsg, enum mr_sim_via v,
             uint32_t idx)
{
	const char *n = mr_sim_via_circuit(dsg, v, idx);
	if (n == NULL) {
		R(h, "—");
		return;
	}
	R(h, v == MR_SIM_VIA_ER ? "ExpressRoute " : "Internet ");
	T(h, n);
}

static const char *
site_name(const struct mr_design *dsg, uint32_t i)
{
	return i < dsg->n_sites ? dsg->sites[i].name : "?";
}

/* ---- verdict ---- */

static enum mr_verdict
verdict(const struct page_in *in, size_t *n_bh)
{
	size_t none[4] = {0, 0, 0, 0};

	*n_bh = in->r ? mr_sim_matrix_blackholing(in->mx, in->r) : 0;
	return mr_plan_verdict(in->counts.errors, in->counts.warnings,
	                       in->r ? in->r->count : none, *n_bh);
}

static void
sec_verdict(struct html *h, const struct page_in *in)
{
	size_t n_bh, i;
	enum mr_verdict v = verdict(in, &n_bh);
	char cnt[128];

	html_rawf(h, "<div class=\"verdict %s\" id=\"verdict\">",
	          v == MR_VERDICT_PASS   ? "v-pass"
	          : v == MR_VERDICT_FAIL ? "v-fail"
	                                 : "v-warn");
	R(h, "<strong>Verdict: ");
	T(h, mr_verdict_name(v));
	R(h, "</strong><ul><li>findings: ");
	T(h, report_counts(cnt, sizeof(cnt), in->counts));
	R(h, "</li><li>flows: ");
	if (in->r == NULL) {
		R(h, in->counts.errors ? "not simulated: fix the errors first"
		                       : "not simulated (check)");
	} else {
		const size_t *c = in->r->count;
		html_rawf(h,
		          "%zu flows: %zu ok, %zu degraded, %zu asymmetric, "
		          "%zu blackholed",
		          c[0] + c[1] + c[2] + c[3], c[0], c[1], c[2], c[3]);
	}
	R(h, "</li><li>single failures: ");
	if (in->r == NULL) {
		R(h, "not simulated");
	} else if (n_bh == 0) {
		R(h, "no single failure blackholes a flow");
	} else {
		size_t first = 1;
		html_rawf(h, "%zu blackhole flows: ", n_bh);
		for (i = 0; i < in->mx->n_rows; i++) {
			size_t k =
			    mr_sim_row_blackholes(&in->mx->rows[i], in->r);
			if (k == 0)
				continue;
			html_rawf(h, "%s<a href=\"#fail-%zu\">",
			          first ? "" : ", ", i);
			T(h,
			  mr_sim_element(in->s, in->mx->rows[i].element)->name);
			html_rawf(h, "</a> (%zu flow%s)", k, k == 1 ? "" : "s");
			first = 0;
		}
	}
	R(h, "</li></ul></div>\n");
}

/* ---- findings ---- */

static void
excerpt(struct html *h, const struct mr_diags *d, const struct mr_diag *r,
        uint32_t line, uint32_t col)
{
	const char *t;
	size_t len, i, from = 0, to, caret, width = 1;
	uint32_t eline, ecol;
	char num[32];

	if (mr_diags_line_text(d, r->at.src, line, &t, &len) != MR_OK)
		return;
	caret = col ? col - 1 : 0;
	if (caret > len)
		caret = len;
	if (r->at.end > r->at.start &&
	    mr_diags_locate(d, r->at.src, r->at.end, &eline, &ecol) == MR_OK &&
	    eline == line && ecol > col)
		width = ecol - col;
	if (caret > 100)
		from = caret - 100;
	to = len - from > 200 ? from + 200 : len;
	snprintf(num, sizeof(num), "%5u | ", line);
	R(h, num);
	html_textn(h, t + from, to - from);
	R(h, "\n      | ");
	for (i = from; i < caret; i++)
		R(h, t[i] == '\t' ? "\t" : " ");
	R(h, "^");
	for (i = 1; i < width && caret + i < to; i++)
		R(h, "~");
	R(h, "\n");
}

static void
sec_findings(struct html *h, const struct page_in *in)
{
	size_t i, n = mr_diags_count(in->d), shown = 0;
	int sev;

	R(h, "<section id=\"findings\"><h2>Findings</h2>\n");
	for (sev = MR_SEV_ERROR; sev >= MR_SEV_NOTE; sev--) {
		for (i = 0; i < n; i++) {
			const struct mr_diag *r = mr_diags_get(in->d, i);
			const char *name =
			    mr_diags_source_name(in->d, r->at.src);
			uint32_t line = 0, col = 0;
			if (cli_diag_severity(in->dopt, r) != sev)
				continue;
			if (shown++ == 0)
				R(h, "<div class=\"findings\">\n");
			if (name != NULL)
				mr_diags_locate(in->d, r->at.src, r->at.start,
				                &line, &col);
			html_rawf(h,
			          "<div class=\"finding\" id=\"finding-%zu\">"
			          "<h3><span class=\"sev-%s\">%s</span> "
			          "<code class=\"code\">",
			          i, sev_name(sev), sev_name(sev));
			T(h, r->code);
			R(h, "</code> ");
			T(h, r->msg);
			R(h, "</h3><pre>");
			if (name != NULL) {
				T(h, name);
				html_rawf(h, ":%u:%u: ", line, col);
			}
			html_rawf(h, "%s: ", sev_name(sev));
			T(h, r->msg);
			R(h, " [");
			T(h, r->code);
			R(h, "]\n");
			if (name != NULL)
				excerpt(h, in->d, r, line, col);
			if (r->note) {
				R(h, "note: ");
				T(h, r->note);
				R(h, "\n");
			}
			if (r->hint) {
				R(h, "hint: ");
				T(h, r->hint);
				R(h, "\n");
			}
			R(h, "</pre></div>\n");
		}
	}
	if (shown)
		R(h, "</div>\n");
	else
		R(h, "<p>No findings.</p>\n");
	R(h, "</section>\n");
}

/* ---- topology ---- */

static int
sec_topology(struct html *h, const struct page_in *in)
{
	struct topo *t = NULL;
	int rc;

	R(h, "<section id=\"topology\"><h2>Topology</h2>\n"
	     "<p class=\"legend\"><span><i class=\"sw\"></i>site</span>"
	     "<span><i class=\"sw sw-group\"></i>branches behind a hub "
	     "(grouped)</span>"
	     "<span><i class=\"sw sw-proxy\"></i>proxy</span>"
	     "<span><i class=\"sw sw-inet\"></i>Internet circuit "
	     "(dashed)</span>"
	     "<span><i class=\"sw sw-er\"></i>ExpressRoute circuit "
	     "(thick)</span>"
	     "<span><i class=\"sw sw-loc\"></i>peering location, Microsoft, "
	     "the Internet</span></p>\n"
	     "<p class=\"sub\">Each box names its role on its first line; "
	     "WAN links carry their one-way latency. Laid out by Graphviz "
	     "(dot).</p>\n<div class=\"scroll\">");
	if (topo_build(&t, in->net) != 0) {
		cli_error("out of memory");
		return -1;
	}
	rc = topo_svg(h, t);
	if (topo_groups(t) > 0)
		html_rawf(h,
		          "<p class=\"sub\">%zu group%s of branch sites (a "
		          "single WAN link, no circuit or proxy of their own) "
		          "drawn as one box behind their hub.</p>",
		          topo_groups(t), topo_groups(t) == 1 ? "" : "s");
	topo_free(t);
	R(h, "</div></section>\n");
	return rc;
}

/* ---- geography ---- */

struct proj {
	double lat0, lat1, lon0, lon1, k, w, hgt;
};

static void
pt(const struct proj *p, double lat, double lon, double *x, double *y)
{
	*x = (lon - p->lon0) * p->k + 20;
	*y = (p->lat1 - lat) * (p->hgt - 40) / (p->lat1 - p->lat0) + 20;
}

static void
bound(struct proj *p, int *any, double lat, double lon)
{
	if (!*any) {
		p->lat0 = p->lat1 = lat;
		p->lon0 = p->lon1 = lon;
		*any = 1;
	}
	p->lat0 = fmin(p->lat0, lat);
	p->lat1 = fmax(p->lat1, lat);
	p->lon0 = fmin(p->lon0, lon);
	p->lon1 = fmax(p->lon1, lon);
}

static const struct mr_peering_location *
er_loc(const struct mr_design *dsg, uint32_t c)
{
	if (c >= dsg->n_er || dsg->er[c].peering_location == NULL)
		return NULL;
	return mr_peering_find(dsg->er[c].peering_location);
}

static void
line_(struct html *h, const char *cls, double x1, double y1, double x2,
      double y2)
{
	html_rawf(h, "<line class=\"%s\" x1=\"", cls);
	html_num(h, x1);
	R(h, "\" y1=\"");
	html_num(h, y1);
	R(h, "\" x2=\"");
	html_num(h, x2);
	R(h, "\" y2=\"");
	html_num(h, y2);
	R(h, "\"/>");
}

static void
label_at(struct html *h, double x, double y, const char *anchor)
{
	R(h, "<text x=\"");
	html_num(h, x);
	R(h, "\" y=\"");
	html_num(h, y);
	html_rawf(h, "\" text-anchor=\"%s\">", anchor);
}

static void
sec_geography(struct html *h, const struct page_in *in)
{
	const struct mr_design *dsg = mr_net_design(in->net);
	struct proj p;
	int any = 0;
	size_t i, j;
	double x, y, x2, y2, g, step;

	R(h, "<section id=\"geography\"><h2>Geography</h2>\n");
	for (i = 0; i < dsg->n_sites; i++)
		if (dsg->sites[i].has_coords)
			bound(&p, &any, dsg->sites[i].lat, dsg->sites[i].lon);
	for (i = 0; i < dsg->n_er; i++) {
		const struct mr_peering_location *l = er_loc(dsg, (uint32_t)i);
		if (l)
			bound(&p, &any, l->lat, l->lon);
	}
	if (!any) {
		R(h, "<p>No site has coordinates (location: {lat, lon}).</p>"
		     "</section>\n");
		return;
	}
	p.lat0 = fmax(-85, p.lat0 - 8);
	p.lat1 = fmin(85, p.lat1 + 8);
	p.lon0 = fmax(-180, p.lon0 - 12);
	p.lon1 = fmin(180, p.lon1 + 12);
	p.w = 1000;
	p.k = (p.w - 40) / (p.lon1 - p.lon0);
	/* equirectangular at the mean latitude: y degrees shrink by cos */
	p.hgt =
	    (p.lat1 - p.lat0) * p.k /
	        fmax(0.3, cos((p.lat0 + p.lat1) / 2 * 3.14159265358979 / 180)) +
	    40;
	p.hgt = fmin(fmax(p.hgt, 260), 620);
	R(h, "<p class=\"sub\">Sites (circles) and the peering locations of "
	     "their ExpressRoute circuits (squares) by latitude and "
	     "longitude, on an equirectangular grid (lines every ");
	step = p.lon1 - p.lon0 > 90 ? 30 : 10;
	html_rawf(h, "%.0f", step);
	R(h, "°). Thick lines: a circuit to its peering location; dashed: "
	     "backhaul over the WAN to the site a flow leaves by, with the "
	     "longest round trip of its flows from the clients to "
	     "Microsoft's edge (red and marked 'over' when a real-time flow "
	     "breaks the 100 ms target).</p>\n"
	     "<div class=\"scroll\"><svg class=\"geo\" role=\"img\" "
	     "aria-label=\"Map of sites and peering locations\" "
	     "xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
	html_num(h, p.w);
	R(h, " ");
	html_num(h, p.hgt);
	R(h, "\" width=\"");
	html_num(h, p.w);
	R(h, "\">");
	for (g = ceil(p.lon0 / step) * step; g <= p.lon1; g += step) {
		pt(&p, p.lat0, g, &x, &y);
		pt(&p, p.lat1, g, &x2, &y2);
		line_(h, "grid", x, y, x2, y2);
	}
	for (g = ceil(p.lat0 / step) * step; g <= p.lat1; g += step) {
		pt(&p, g, p.lon0, &x, &y);
		pt(&p, g, p.lon1, &x2, &y2);
		line_(h, "grid", x, y, x2, y2);
	}
	/* circuits to their peering locations */
	for (i = 0; i < dsg->n_er; i++) {
		const struct mr_peering_location *l = er_loc(dsg, (uint32_t)i);
		uint32_t s = dsg->er[i].site.idx;
		if (!l || s >= dsg->n_sites || !dsg->sites[s].has_coords)
			continue;
		pt(&p, dsg->sites[s].lat, dsg->sites[s].lon, &x, &y);
		pt(&p, l->lat, l->lon, &x2, &y2);
		line_(h, "er", x, y, x2, y2);
	}
	/* backhaul: each (site, egress site) pair of the flows, once, with
	 * the worst client round trip among its flows */
	if (in->r != NULL) {
		for (i = 0; i < in->r->n_flows; i++) {
			const struct mr_sim_flow *f = &in->r->flows[i];
			const struct mr_site *a, *b;
			double worst = -1;
			int first = 1, rt = 0, over;
			if (f->egress_site == MR_NONE ||
			    f->egress_site == f->site ||
			    f->site >= dsg->n_sites ||
			    f->egress_site >= dsg->n_sites)
				continue;
			for (j = 0; j < i; j++)
				if (in->r->flows[j].site == f->site &&
				    in->r->flows[j].egress_site ==
				        f->egress_site) {
					first = 0;
					break;
				}
			if (!first)
				continue;
			a = &dsg->sites[f->site];
			b = &dsg->sites[f->egress_site];
			if (!a->has_coords || !b->has_coords)
				continue;
			for (j = i; j < in->r->n_flows; j++) {
				const struct mr_sim_flow *o = &in->r->flows[j];
				if (o->site == f->site &&
				    o->egress_site == f->egress_site &&
				    o->has_rtt && o->rtt_client > worst) {
					worst = o->rtt_client;
					rt = o->realtime;
				}
			}
			/* the targets judge real-time media only */
			over = rt && worst >= MR_NET_CLIENT_RTT_MS;
			pt(&p, a->lat, a->lon, &x, &y);
			pt(&p, b->lat, b->lon, &x2, &y2);
			line_(h, over ? "bh over" : "bh", x, y, x2, y2);
			if (worst >= 0) {
				label_at(h, (x + x2) / 2, (y + y2) / 2 - 4,
				         "middle");
				T(h, a->name);
				R(h, " → ");
				T(h, b->name);
				html_rawf(h, ": %.0f ms%s%s</text>", worst,
				          rt ? " real-time, target 100 ms" : "",
				          over ? ": over" : "");
			}
		}
	}
	for (i = 0; i < dsg->n_er; i++) {
		const struct mr_peering_location *l = er_loc(dsg, (uint32_t)i);
		int dup = 0;
		if (!l)
			continue;
		for (j = 0; j < i; j++)
			dup |= er_loc(dsg, (uint32_t)j) == l;
		if (dup)
			continue;
		pt(&p, l->lat, l->lon, &x, &y);
		R(h, "<g><title>peering location ");
		T(h, l->name);
		R(h, "</title><rect class=\"loc\" x=\"");
		html_num(h, x - 5);
		R(h, "\" y=\"");
		html_num(h, y - 5);
		R(h, "\" width=\"10\" height=\"10\"/>");
		label_at(h, x, y + 17, "middle");
		T(h, l->name);
		R(h, "</text></g>");
	}
	for (i = 0; i < dsg->n_sites; i++) {
		const struct mr_site *s = &dsg->sites[i];
		if (!s->has_coords)
			continue;
		pt(&p, s->lat, s->lon, &x, &y);
		R(h, "<g><title>site ");
		T(h, s->name);
		R(h, "</title><circle class=\"site\" cx=\"");
		html_num(h, x);
		R(h, "\" cy=\"");
		html_num(h, y);
		R(h, "\" r=\"5\"/>");
		if (dsg->n_sites <= 40) {
			label_at(h, x + 8, y - 6, "start");
			T(h, s->name);
			R(h, "</text>");
		}
		R(h, "</g>");
	}
	R(h, "</svg></div></section>\n");
}

/* ---- flows ---- */

static void
pac_cell(struct html *h, const struct mr_design *dsg,
         const struct mr_sim_flow *f)
{
	T(h, mr_sim_pac_name(f->pac));
	if (f->pac == MR_SIM_PAC_OVERRIDE && f->pac_rule < dsg->n_overrides) {
		R(h, " <code>");
		T(h, dsg->overrides[f->pac_rule].host);
		R(h, "</code>");
	}
	if (f->proxy != MR_NONE && f->proxy < dsg->n_proxies) {
		R(h, " → proxy ");
		T(h, dsg->proxies[f->proxy].name);
	} else if (f->pac != MR_SIM_PAC_NONE) {
		R(h, " → DIRECT");
	}
}

/* A small path: site -> [proxy] -> egress -> Microsoft, and the way back. */
static void
path_svg(struct html *h, const struct mr_design *dsg,
         const struct mr_sim_flow *f)
{
	const char *box[4];
	char b[4][160];
	size_t n = 0, i;

	snprintf(b[n], sizeof(b[n]), "site %s", site_name(dsg, f->site));
	box[n] = b[n];
	n++;
	if (f->proxy != MR_NONE && f->proxy < dsg->n_proxies) {
		snprintf(b[n], sizeof(b[n]), "proxy %s",
		         dsg->proxies[f->proxy].name);
		box[n] = b[n];
		n++;
	}
	snprintf(
	    b[n], sizeof(b[n]), "%s",
	    f->via == MR_SIM_VIA_NONE
	        ? "no egress"
	        : mr_sim_via_circuit(dsg, (enum mr_sim_via)f->via, f->egress));
	box[n] = b[n];
	n++;
	snprintf(b[n], sizeof(b[n]), "%s", f->target ? f->target : "Microsoft");
	box[n] = b[n];
	n++;
	html_rawf(h,
	          "<svg class=\"path\" xmlns=\"http://www.w3.org/2000/svg\" "
	          "viewBox=\"0 0 %zu 58\" width=\"%zu\" role=\"img\" "
	          "aria-label=\"path of the flow\">",
	          n * 170, n * 170);
	for (i = 0; i < n; i++) {
		html_rawf(h,
		          "<rect x=\"%zu\" y=\"4\" width=\"150\" height=\"22\" "
		          "rx=\"3\"/>",
		          i * 170 + 2);
		label_at(h, (double)(i * 170 + 77), 19, "middle");
		html_textn(h, box[i],
		           strlen(box[i]) > 26 ? 26 : strlen(box[i]));
		R(h, "</text>");
		if (i + 1 < n)
			html_rawf(h,
			          "<line x1=\"%zu\" y1=\"15\" x2=\"%zu\" "
			          "y2=\"15\"%s/>",
			          i * 170 + 152, i * 170 + 172,
			          i + 2 == n && f->via == MR_SIM_VIA_NONE
			              ? " class=\"cut\""
			              : "");
	}
	label_at(h, 4, 48, "start");
	R(h, "back: ");
	if (f->ret_via == MR_SIM_VIA_NONE || f->n_ret == 0)
		R(h, "no way back");
	else
		for (i = 0; i < f->n_ret; i++) {
			if (i)
				R(h, ", ");
			T(h, mr_sim_via_circuit(dsg, f->ret_via, f->ret[i]));
		}
	R(h, " · ");
	T(h, mr_sim_why_name(f->why));
	R(h, "</text></svg>");
}

static void
flow_row(struct html *h, const struct mr_design *dsg,
         const struct mr_sim_flow *f, size_t idx)
{
	char buf[96];
	size_t k;

	html_rawf(h, "<tr id=\"flow-%zu\"><td>", idx);
	T(h, site_name(dsg, f->site));
	R(h, "</td><td>");
	T(h, mr_sim_dest_name(f->dest));
	if (f->target) {
		R(h, " <code>");
		T(h, f->target);
		R(h, "</code>");
	}
	R(h, f->udp ? " <span class=\"sub\">(UDP)</span>" : "");
	R(h, "</td><td>");
	pac_cell(h, dsg, f);
	R(h, "</td><td>");
	circuit_name(h, dsg, f->via, f->egress);
	if (f->egress_site != MR_NONE && f->egress_site != f->site) {
		R(h, " <span class=\"sub\">at ");
		T(h, site_name(dsg, f->egress_site));
		R(h, "</span>");
	}
	R(h, "</td><td>");
	if (f->has_nat) {
		mr_prefix_format(&f->nat, buf, sizeof(buf));
		T(h, buf);
	} else {
		R(h, "—");
	}
	R(h, "</td><td>");
	if (f->ret_via == MR_SIM_VIA_NONE || f->n_ret == 0)
		R(h, "none");
	for (k = 0; k < f->n_ret; k++) {
		if (k)
			R(h, ", ");
		circuit_name(h, dsg, f->ret_via, f->ret[k]);
	}
	R(h, "</td><td class=\"num\">");
	if (f->has_rtt)
		html_rawf(h, "%.0f ms%s", f->rtt_client,
		          f->realtime ? " <span class=\"sub\">(RT)</span>"
		                      : "");
	else
		R(h, "—");
	R(h, "</td><td>");
	verdict_cell(h, f->verdict, mr_sim_why_name(f->why));
	R(h, "</td></tr>\n");
}

static void
sec_flows(struct html *h, const struct page_in *in)
{
	const struct mr_design *dsg = mr_net_design(in->net);
	size_t i, bad = 0;

	R(h, "<section id=\"flows\"><h2>Flows</h2>\n"
	     "<p class=\"sub\">Every flow of every site, both ways, nothing "
	     "failed: what the site's PAC file decides, where it leaves, its "
	     "source NAT pool, the circuits Microsoft sends the replies back "
	     "over, the round trip from the clients to Microsoft's edge (RT: "
	     "real-time media, target 100 ms) and the verdict.</p>\n"
	     "<div class=\"scroll\"><table class=\"flows\"><thead><tr>"
	     "<th>site</th><th>destination</th><th>PAC</th><th>egress</th>"
	     "<th>NAT pool</th><th>Microsoft's return</th><th>round trip</th>"
	     "<th>verdict</th></tr></thead><tbody>\n");
	for (i = 0; i < in->r->n_flows; i++) {
		flow_row(h, dsg, &in->r->flows[i], i);
		bad += in->r->flows[i].verdict != MR_SIM_OK;
	}
	R(h, "</tbody></table></div>\n");
	if (in->r->n_inbound) {
		R(h, "<h3>Inbound services</h3><table><thead><tr><th>service"
		     "</th><th>in</th><th>reply</th><th>verdict</th></tr>"
		     "</thead><tbody>\n");
		for (i = 0; i < in->r->n_inbound; i++) {
			const struct mr_sim_inbound *b = &in->r->inbound[i];
			R(h, "<tr><td>");
			if (b->idx < dsg->n_inbound)
				T(h, dsg->inbound[b->idx].name);
			R(h, "</td><td>");
			if (b->n_in == 0)
				R(h, "unreachable");
			else
				circuit_name(h, dsg, b->in_via, b->in[0]);
			R(h, b->snat ? " (source NAT)" : "");
			R(h, "</td><td>");
			circuit_name(h, dsg, b->out_via, b->out);
			R(h, "</td><td>");
			verdict_cell(h, b->verdict, mr_sim_why_name(b->why));
			R(h, "</td></tr>\n");
		}
		R(h, "</tbody></table>\n");
	}
	if (bad) {
		html_rawf(h, "<h3>Flows that are not ok (%zu)</h3>\n", bad);
		for (i = 0; i < in->r->n_flows && i < 2000; i++) {
			const struct mr_sim_flow *f = &in->r->flows[i];
			if (f->verdict == MR_SIM_OK)
				continue;
			html_rawf(h, "<p><a href=\"#flow-%zu\">", i);
			T(h, site_name(dsg, f->site));
			R(h, " → ");
			T(h, f->target ? f->target : mr_sim_dest_name(f->dest));
			R(h, "</a>: ");
			verdict_cell(h, f->verdict, mr_sim_why_name(f->why));
			R(h, "</p>");
			if (bad <= 50)
				path_svg(h, dsg, f);
			R(h, "\n");
		}
	}
	R(h, "</section>\n");
}

/* ---- failures ---- */

static void
sec_failures(struct html *h, const struct page_in *in)
{
	const struct mr_design *dsg = mr_net_design(in->net);
	const struct mr_sim_result *r = in->r;
	size_t ns = dsg->n_sites, i, k, quiet = 0;
	int wide = ns > 40;
	unsigned char *base = calloc(ns + 1, 1), *cell = calloc(ns + 1, 1);
	unsigned char *touched = calloc(ns + 1, 1), *col = calloc(ns + 1, 1);
	unsigned char *chg = calloc(r->n_flows + 1, 1);
	static const char *const mark[] = {"\xe2\x9c\x93", "~", "\xe2\x87\x84",
	                                   "\xe2\x9c\x97"};

	R(h, "<section id=\"failures\"><h2>Single failures</h2>\n");
	if (!base || !cell || !touched || !col || !chg) {
		R(h, "<p>out of memory</p></section>\n");
		goto out;
	}
	for (i = 0; i < r->n_flows; i++)
		if (r->flows[i].site < ns &&
		    r->flows[i].verdict > base[r->flows[i].site])
			base[r->flows[i].site] =
			    (unsigned char)r->flows[i].verdict;
	/* columns: every site, or on a large design the sites some failure
	 * changes */
	for (i = 0; i < in->mx->n_rows; i++) {
		const struct mr_sim_change_row *w = &in->mx->rows[i];
		if (w->n_changed == 0 && w->n_in_changed == 0)
			quiet++;
		for (k = 0; k < w->n_changed; k++)
			col[r->flows[w->flows[k]].site % (ns + 1)] = 1;
	}
	for (i = 0; i < ns; i++)
		col[i] |= ns <= 40;
	R(h, "<p class=\"sub\">Each failure (row) against each site (column): "
	     "the worst verdict of the site's flows with that element down "
	     "(✓ ok, ~ degraded, ⇄ asymmetric, ✗ blackholed; bold where the "
	     "failure changes a flow). A cell links to what changed.");
	if (quiet)
		html_rawf(h,
		          " %zu failure%s change%s no flow and %s not "
		          "listed.",
		          quiet, quiet == 1 ? "" : "s", quiet == 1 ? "s" : "",
		          quiet == 1 ? "is" : "are");
	if (wide)
		R(h, " On a design of more than 40 sites each failure has one "
		     "row: the worst verdict among the sites whose flows it "
		     "changes, how many they are and the first of them.");
	R(h, "</p>\n<div class=\"scroll\"><table class=\"matrix\"><thead><tr>"
	     "<th>failed element</th>");
	if (wide)
		R(h, "<th>worst, sites it changes</th><th>sites</th>"
		     "<th>first sites</th>");
	for (i = 0; i < ns && !wide; i++)
		if (col[i]) {
			R(h, "<th>");
			T(h, dsg->sites[i].name);
			R(h, "</th>");
		}
	R(h, "</tr></thead><tbody>\n");
	for (i = 0; i < in->mx->n_rows; i++) {
		const struct mr_sim_change_row *w = &in->mx->rows[i];
		const struct mr_sim_element *el =
		    mr_sim_element(in->s, w->element);
		size_t s;
		if (w->n_changed == 0 && w->n_in_changed == 0)
			continue;
		memset(cell, 0, ns + 1);
		memset(touched, 0, ns + 1);
		for (k = 0; k < w->n_changed; k++)
			chg[w->flows[k]] = 1;
		for (k = 0; k < r->n_flows; k++)
			if (!chg[k] && r->flows[k].site < ns &&
			    r->flows[k].verdict > cell[r->flows[k].site])
				cell[r->flows[k].site] =
				    (unsigned char)r->flows[k].verdict;
		for (k = 0; k < w->n_changed; k++) {
			uint32_t st = r->flows[w->flows[k]].site;
			chg[w->flows[k]] = 0;
			if (st >= ns)
				continue;
			touched[st] = 1;
			if (w->after[k].verdict > cell[st])
				cell[st] = (unsigned char)w->after[k].verdict;
		}
		html_rawf(h, "<tr><th><a href=\"#fail-%zu\">", i);
		T(h, mr_sim_elem_kind_name(el->kind));
		R(h, " ");
		T(h, el->name);
		R(h, "</a></th>");
		if (wide) {
			/* a design too large for a column per site: the
			 * sites the failure changes, and their worst */
			size_t nt = 0, shown = 0;
			unsigned char worst = 0;
			for (s = 0; s < ns; s++)
				if (touched[s]) {
					nt++;
					if (cell[s] > worst)
						worst = cell[s];
				}
			html_rawf(
			    h,
			    "<td class=\"m m-%s\"><a href=\"#fail-%zu\">"
			    "%s %s</a></td><td class=\"num\">%zu</td><td>",
			    vclass((enum mr_sim_verdict)worst), i, mark[worst],
			    vclass((enum mr_sim_verdict)worst), nt);
			for (s = 0; s < ns && shown < 4; s++)
				if (touched[s]) {
					R(h, shown++ ? ", " : "");
					T(h, dsg->sites[s].name);
				}
			if (nt > shown)
				html_rawf(h, ", +%zu more", nt - shown);
			R(h, "</td></tr>\n");
			continue;
		}
		for (s = 0; s < ns; s++) {
			if (!col[s])
				continue;
			html_rawf(h,
			          "<td class=\"m m-%s\"><a href=\"#fail-%zu\">"
			          "%s%s %s%s</a></td>",
			          vclass((enum mr_sim_verdict)cell[s]), i,
			          touched[s] ? "<b>" : "", mark[cell[s]],
			          vclass((enum mr_sim_verdict)cell[s]),
			          touched[s] ? "</b>" : "");
		}
		R(h, "</tr>\n");
	}
	R(h, "</tbody></table></div>\n");
	(void)base;
	/* what changed, per failure */
	for (i = 0; i < in->mx->n_rows; i++) {
		const struct mr_sim_change_row *w = &in->mx->rows[i];
		const struct mr_sim_element *el =
		    mr_sim_element(in->s, w->element);
		if (w->n_changed == 0 && w->n_in_changed == 0)
			continue;
		html_rawf(h, "<div class=\"change\" id=\"fail-%zu\"><h3>", i);
		T(h, mr_sim_elem_kind_name(el->kind));
		R(h, " ");
		T(h, el->name);
		html_rawf(
		    h,
		    " down: %zu flow%s change</h3>\n<table><thead><tr>"
		    "<th>flow</th><th>before</th><th>after</th><th>egress "
		    "after</th></tr></thead><tbody>\n",
		    w->n_changed + w->n_in_changed,
		    w->n_changed + w->n_in_changed == 1 ? "" : "s");
		for (k = 0; k < w->n_changed && k < (wide ? 10 : 500); k++) {
			const struct mr_sim_flow *b = &r->flows[w->flows[k]];
			const struct mr_sim_flow *a = &w->after[k];
			html_rawf(h, "<tr><td><a href=\"#flow-%u\">",
			          w->flows[k]);
			T(h, site_name(dsg, b->site));
			R(h, " → ");
			T(h, b->target ? b->target : mr_sim_dest_name(b->dest));
			R(h, "</a></td><td>");
			verdict_cell(h, b->verdict, mr_sim_why_name(b->why));
			R(h, "</td><td>");
			verdict_cell(h, a->verdict, mr_sim_why_name(a->why));
			R(h, "</td><td>");
			circuit_name(h, dsg, a->via, a->egress);
			R(h, "</td></tr>\n");
		}
		if (k < w->n_changed)
			html_rawf(h,
			          "<tr><td colspan=\"4\">and %zu more flows "
			          "(simulate.json has them all)</td></tr>\n",
			          w->n_changed - k);
		for (k = 0; k < w->n_in_changed; k++) {
			const struct mr_sim_inbound *a = &w->in_after[k];
			R(h, "<tr><td>inbound ");
			if (a->idx < dsg->n_inbound)
				T(h, dsg->inbound[a->idx].name);
			R(h, "</td><td>");
			if (w->in_idx[k] < r->n_inbound)
				verdict_cell(h,
				             r->inbound[w->in_idx[k]].verdict,
				             mr_sim_why_name(
				                 r->inbound[w->in_idx[k]].why));
			R(h, "</td><td>");
			verdict_cell(h, a->verdict, mr_sim_why_name(a->why));
			R(h, "</td><td>");
			circuit_name(h, dsg, a->out_via, a->out);
			R(h, "</td></tr>\n");
		}
		R(h, "</tbody></table></div>\n");
	}
	R(h, "</section>\n");
out:
	free(base);
	free(cell);
	free(touched);
	free(col);
	free(chg);
}

/* ---- capacity ---- */

/* The design's demand carried by each ExpressRoute circuit with `down`
 * failed (MR_NONE: nothing), as the resolved network attributes it. */
static int
loads(const struct mr_net *net, uint32_t down,
      const struct mr_net_carriers *base, double *load)
{
	const struct mr_design *dsg = mr_net_design(net);
	struct mr_net_carriers *c = NULL;
	size_t i, k;
	unsigned sa;

	if (mr_net_carriers_new(&c, net, down, base) != MR_OK)
		return -1;
	memset(load, 0, dsg->n_er * sizeof(*load));
	for (i = 0; i < dsg->n_demand; i++) {
		const struct mr_demand *dm = &dsg->demand[i];
		if (dm->site.idx >= dsg->n_sites)
			continue;
		for (sa = 0; sa < MR_SA__COUNT; sa++) {
			struct mr_net_carry cr;
			if (dm->mbps[sa] <= 0)
				continue;
			mr_net_carriers_get(c, dm->site.idx,
			                    (enum mr_service_area)sa, &cr);
			for (k = 0; k < cr.n; k++)
				if (cr.circuit[k] < dsg->n_er)
					load[cr.circuit[k]] +=
					    dm->mbps[sa] / cr.n;
		}
	}
	mr_net_carriers_free(c);
	return 0;
}

static void
sec_capacity(struct html *h, const struct page_in *in)
{
	const struct mr_design *dsg = mr_net_design(in->net);
	size_t n = dsg->n_er, i, k;
	double *base = calloc(n + 1, sizeof(double));
	double *n1 = calloc(n + 1, sizeof(double));
	double *tmp = calloc(n + 1, sizeof(double));
	uint32_t *worst = calloc(n + 1, sizeof(uint32_t));
	double top = 1;

	R(h, "<section id=\"capacity\"><h2>Capacity</h2>\n");
	if (n == 0 || dsg->n_demand == 0) {
		R(h, n == 0 ? "<p>The design has no ExpressRoute circuit.</p>"
		            : "<p>The design gives no demand (demand:), so no "
		              "circuit's load is known.</p>");
		R(h, "</section>\n");
		goto out;
	}
	if (!base || !n1 || !tmp || !worst ||
	    loads(in->net, MR_NONE, NULL, base) != 0) {
		R(h, "<p>The load could not be computed.</p></section>\n");
		goto out;
	}
	for (i = 0; i < n; i++)
		worst[i] = MR_NONE;
	for (k = 0; k < n; k++) {
		if (loads(in->net, (uint32_t)k, NULL, tmp) != 0)
			break;
		for (i = 0; i < n; i++)
			if (i != k && tmp[i] > n1[i]) {
				n1[i] = tmp[i];
				worst[i] = (uint32_t)k;
			}
	}
	for (i = 0; i < n; i++) {
		top = fmax(top, fmax(base[i], n1[i]));
		top = fmax(top, dsg->er[i].bandwidth_mbps);
	}
	R(h, "<p class=\"sub\">The design's demand (demand:, Mbps per service "
	     "area) on the ExpressRoute circuits the resolved network carries "
	     "each site's traffic over, shared evenly across a multipath set; "
	     "N-1: the circuit's load with the worst single other circuit "
	     "failed. Solid bar: nothing failed; hatched: N-1; red line: the "
	     "circuit's bandwidth.</p>\n<table><thead><tr><th>circuit</th>"
	     "<th>bandwidth</th><th>demand</th><th>use</th><th>N-1 demand</th>"
	     "<th>N-1 use</th><th>worst failure</th></tr></thead><tbody>\n");
	for (i = 0; i < n; i++) {
		const struct mr_er_circuit *e = &dsg->er[i];
		double bwm = e->bandwidth_mbps;
		R(h, "<tr><td>");
		T(h, e->name);
		R(h, "</td><td class=\"num\">");
		mbps(h, bwm);
		R(h, "</td><td class=\"num\">");
		mbps(h, base[i]);
		html_rawf(h, "</td><td class=\"num%s\">%.0f%%%s</td>",
		          bwm > 0 && base[i] > bwm ? " blackhole" : "",
		          bwm > 0 ? 100 * base[i] / bwm : 0,
		          bwm > 0 && base[i] > bwm ? " over" : "");
		R(h, "<td class=\"num\">");
		mbps(h, n1[i]);
		html_rawf(h, "</td><td class=\"num%s\">%.0f%%%s</td><td>",
		          bwm > 0 && n1[i] > bwm ? " blackhole" : "",
		          bwm > 0 ? 100 * n1[i] / bwm : 0,
		          bwm > 0 && n1[i] > bwm ? " over" : "");
		if (worst[i] != MR_NONE)
			T(h, dsg->er[worst[i]].name);
		else
			R(h, "—");
		R(h, "</td></tr>\n");
	}
	R(h, "</tbody></table>\n");
	html_rawf(h,
	          "<svg class=\"cap\" xmlns=\"http://www.w3.org/2000/svg\" "
	          "role=\"img\" aria-label=\"Circuit load against bandwidth\" "
	          "viewBox=\"0 0 820 %zu\" width=\"820\"><defs><pattern "
	          "id=\"hatch\" width=\"6\" height=\"6\" "
	          "patternUnits=\"userSpaceOnUse\" "
	          "patternTransform=\"rotate(45)\"><rect width=\"6\" "
	          "height=\"6\" fill=\"#eef5ff\"/><line x1=\"0\" y1=\"0\" "
	          "x2=\"0\" y2=\"6\" stroke=\"#0b5cad\" stroke-width=\"3\"/>"
	          "</pattern></defs>",
	          n * 44 + 10);
	for (i = 0; i < n; i++) {
		double y = (double)i * 44 + 6, sc = 600 / top;
		label_at(h, 190, y + 15, "end");
		T(h, dsg->er[i].name);
		R(h, "</text><rect class=\"bar-load\" x=\"200\" y=\"");
		html_num(h, y);
		R(h, "\" height=\"14\" width=\"");
		html_num(h, base[i] * sc);
		R(h, "\"/><rect class=\"bar-n1\" x=\"200\" y=\"");
		html_num(h, y + 16);
		R(h, "\" height=\"14\" width=\"");
		html_num(h, n1[i] * sc);
		R(h, "\"/>");
		if (dsg->er[i].bandwidth_mbps)
			line_(h, "bar-cap",
			      200 + dsg->er[i].bandwidth_mbps * sc, y - 2,
			      200 + dsg->er[i].bandwidth_mbps * sc, y + 32);
		label_at(h, 204 + fmax(base[i], n1[i]) * sc, y + 26, "start");
		html_rawf(h, "%.0f / N-1 %.0f Mbps</text>", base[i], n1[i]);
	}
	R(h, "</svg></section>\n");
out:
	free(base);
	free(n1);
	free(tmp);
	free(worst);
}

/* ---- measured usage (plan --usage FILE.json) ---- */

static double
jnum(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);
	return json_is_number(v) ? json_number_value(v) : 0;
}

int
page_usage_load(struct json_t **out, const char *path)
{
	json_error_t e;
	json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &e);

	*out = NULL;
	if (j == NULL) {
		cli_error("--usage: %s:%d:%d: %s", path, e.line, e.column,
		          e.text);
		return -1;
	}
	if (!json_is_object(j) || !json_is_array(json_object_get(j, "sites")) ||
	    !json_is_number(json_object_get(j, "bucket_s")) ||
	    jnum(j, "bucket_s") <= 0) {
		cli_error("--usage: %s: not the JSON of 'm365route usage "
		          "--format json' (no sites or bucket_s)",
		          path);
		json_decref(j);
		return -1;
	}
	*out = j;
	return 0;
}

/* One site's ExpressRoute-eligible Mbps per bucket, with its peak and
 * 95th percentile as usage measured them. */
static void
usage_chart(struct html *h, const json_t *site, double bucket_s)
{
	const json_t *mb = json_object_get(site, "mbps");
	const json_t *er = json_object_get(mb, "expressroute");
	const json_t *series = json_object_get(site, "series");
	const char *key;
	const json_t *v;
	size_t col = 0, k = 0, i, n = json_array_size(series), step;
	double top = 0, peak = jnum(er, "peak"), p95 = jnum(er, "p95");
	double W = 820, H = 150, x0 = 60, y0 = 10, pw = 740, ph = 110;

	json_object_foreach((json_t *)(uintptr_t)mb, key, v)
	{
		if (strcmp(key, "expressroute") == 0)
			col = k + 1; /* [0] is the bucket's start */
		k++;
	}
	html_rawf(h,
	          "<p>peak %.1f Mbps, 95th percentile %.1f Mbps, mean "
	          "%.1f Mbps (ExpressRoute-eligible)</p>",
	          peak, p95, jnum(er, "mean"));
	if (col == 0 || n == 0)
		return;
	step = n > 800 ? (n + 799) / 800 : 1;
	for (i = 0; i < n; i++) {
		double b = json_number_value(
		    json_array_get(json_array_get(series, i), col));
		top = fmax(top, b * 8 / bucket_s / 1e6);
	}
	top = fmax(top, fmax(peak, 1));
	html_rawf(h,
	          "<svg class=\"usage\" xmlns=\"http://www.w3.org/2000/svg\" "
	          "role=\"img\" aria-label=\"Mbps per bucket\" viewBox=\"0 0 "
	          "%.0f %.0f\" width=\"%.0f\">",
	          W, H, W);
	line_(h, "axis", x0, y0 + ph, x0 + pw, y0 + ph);
	line_(h, "axis", x0, y0, x0, y0 + ph);
	label_at(h, x0 - 4, y0 + 8, "end");
	html_rawf(h, "%.0f</text>", top);
	label_at(h, x0 - 4, y0 + ph, "end");
	R(h, "0 Mbps</text>");
	R(h, "<polyline class=\"series\" points=\"");
	for (i = 0; i < n; i += step) {
		double b = 0;
		size_t j;
		for (j = i; j < i + step && j < n; j++)
			b = fmax(b, json_number_value(json_array_get(
			                json_array_get(series, j), col)));
		html_num(h, x0 + pw * (double)i / (double)(n > 1 ? n - 1 : 1));
		R(h, ",");
		html_num(h, y0 + ph - ph * (b * 8 / bucket_s / 1e6) / top);
		R(h, " ");
	}
	R(h, "\"/>");
	line_(h, "peak", x0, y0 + ph - ph * peak / top, x0 + pw,
	      y0 + ph - ph * peak / top);
	label_at(h, x0 + pw, y0 + ph - ph * peak / top - 3, "end");
	R(h, "peak</text>");
	line_(h, "p95", x0, y0 + ph - ph * p95 / top, x0 + pw,
	      y0 + ph - ph * p95 / top);
	label_at(h, x0 + pw, y0 + ph - ph * p95 / top + 11, "end");
	R(h, "95th percentile</text>");
	label_at(h, x0, y0 + ph + 14, "start");
	html_rawf(h, "%zu buckets of %.0f s</text></svg>\n", n, bucket_s);
}

static void
sec_usage(struct html *h, const json_t *u)
{
	const json_t *sites = json_object_get(u, "sites");
	const json_t *circ = json_object_get(u, "circuits");
	double bucket_s = jnum(u, "bucket_s");
	size_t i;

	R(h,
	  "<section id=\"usage\"><h2>Measured usage</h2>\n<p class=\"sub\">"
	  "From m365route usage (proxy logs): ExpressRoute-eligible Mbps per "
	  "bucket for each site, with the peak and the 95th percentile; "
	  "solid: the series, dashed: peak, dotted: 95th percentile.</p>\n");
	if (json_array_size(circ)) {
		R(h, "<table><thead><tr><th>circuit</th><th>site</th><th>"
		     "bandwidth</th><th>peak</th><th>p95</th><th>N-1 peak</th>"
		     "<th>recommended</th></tr></thead><tbody>\n");
		for (i = 0; i < json_array_size(circ); i++) {
			const json_t *c = json_array_get(circ, i);
			R(h, "<tr><td>");
			T(h, json_string_value(json_object_get(c, "name")));
			if (json_is_true(json_object_get(c, "would_be")))
				R(h, " (would-be)");
			R(h, "</td><td>");
			T(h, json_string_value(json_object_get(c, "site")));
			R(h, "</td><td class=\"num\">");
			mbps(h, jnum(c, "bandwidth_mbps"));
			R(h, "</td><td class=\"num\">");
			html_rawf(h, "%.1f Mbps", jnum(c, "peak_mbps"));
			R(h, "</td><td class=\"num\">");
			html_rawf(h, "%.1f Mbps", jnum(c, "p95_mbps"));
			R(h, "</td><td class=\"num\">");
			html_rawf(h, "%.1f Mbps", jnum(c, "n1_peak_mbps"));
			R(h, "</td><td class=\"num\">");
			mbps(h, jnum(c, "recommended_mbps"));
			R(h, "</td></tr>\n");
		}
		R(h, "</tbody></table>\n");
	}
	for (i = 0; i < json_array_size(sites) && i < 50; i++) {
		const json_t *st = json_array_get(sites, i);
		R(h, "<h3>");
		T(h, json_string_value(json_object_get(st, "site")));
		R(h, "</h3>");
		usage_chart(h, st, bucket_s);
	}
	R(h, "</section>\n");
}

/* ---- PAC and DNS ---- */

static int
written(const char *files, const char *name)
{
	char want[512];
	size_t n;
	const char *p;

	if (files == NULL)
		return 0;
	n = (size_t)snprintf(want, sizeof(want), "%s", name);
	for (p = files; (p = strstr(p, want)) != NULL; p += n)
		if ((p == files || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

static void
proxies_of(struct html *h, const struct mr_net *net, uint32_t site)
{
	const struct mr_design *dsg = mr_net_design(net);
	size_t n = 0, k;
	const uint32_t *fo = mr_net_failover(net, site, &n);

	if (n == 0)
		R(h, "DIRECT (no proxy)");
	for (k = 0; k < n; k++) {
		if (k)
			R(h, "; ");
		R(h, "PROXY ");
		if (fo[k] < dsg->n_proxies)
			T(h, dsg->proxies[fo[k]].name);
	}
}

static void
sec_pac_dns(struct html *h, const struct page_in *in)
{
	const struct mr_design *dsg = mr_net_design(in->net);
	size_t g, i, k;
	char file[512], buf[64];

	R(h, "<section id=\"pac-dns\"><h2>PAC and DNS</h2>\n");
	if (dsg->n_pac_groups) {
		R(h, "<table><thead><tr><th>PAC group</th><th>clients</th>"
		     "<th>sites</th><th>proxies (failover order)</th>"
		     "<th>ExpressRoute names</th><th>file</th></tr></thead>"
		     "<tbody>\n");
		for (g = 0; g < dsg->n_pac_groups; g++) {
			const struct mr_pac_group *pg = &dsg->pac_groups[g];
			int first = 1;
			R(h, "<tr><td>");
			T(h, pg->name);
			R(h, "</td><td>");
			for (k = 0; k < pg->clients.n; k++) {
				mr_prefix_format(&pg->clients.v[k].p, buf,
				                 sizeof(buf));
				if (k)
					R(h, ", ");
				T(h, buf);
			}
			R(h, "</td><td>");
			for (i = 0; i < dsg->n_sites; i++)
				if (mr_net_site(in->net, (uint32_t)i)->group ==
				    g) {
					if (!first)
						R(h, ", ");
					T(h, dsg->sites[i].name);
					first = 0;
				}
			R(h, "</td><td>");
			for (k = 0; k < pg->n_proxies; k++) {
				if (k)
					R(h, "; ");
				T(h, pg->proxies[k].name);
			}
			R(h, "</td><td>");
			R(h, pg->expressroute ? "DIRECT" : "to the proxy");
			R(h, "</td><td>");
			snprintf(file, sizeof(file), "pac-%s.pac", pg->name);
			if (in->pac_files == NULL) {
				R(h, "—"); /* check: no files */
			} else if (written(in->pac_files, file)) {
				R(h, "<code>");
				T(h, file);
				R(h, "</code>");
			} else {
				R(h, "not written");
			}
			R(h, "</td></tr>\n");
		}
		R(h, "</tbody></table>\n");
	} else {
		R(h, "<p>The design has no PAC groups: each site with a proxy "
		     "has its own PAC file.</p>\n");
	}
	R(h, "<h3>Per site</h3><div class=\"scroll\"><table><thead><tr>"
	     "<th>site</th><th>PAC group</th><th>PAC file returns</th>"
	     "<th>ExpressRoute names</th><th>Microsoft 365 names resolved "
	     "by</th></tr></thead><tbody>\n");
	for (i = 0; i < dsg->n_sites; i++) {
		const struct mr_net_site *ns =
		    mr_net_site(in->net, (uint32_t)i);
		struct mr_net_dns dns;
		R(h, "<tr><td>");
		T(h, dsg->sites[i].name);
		R(h, "</td><td>");
		if (ns->group < dsg->n_pac_groups)
			T(h, dsg->pac_groups[ns->group].name);
		else
			R(h, "none");
		R(h, "</td><td>");
		proxies_of(h, in->net, (uint32_t)i);
		R(h, "</td><td>");
		R(h, ns->er_direct ? "DIRECT" : "proxy or default route");
		R(h, "</td><td>");
		if (mr_net_dns(in->net, (uint32_t)i, &dns) == MR_OK) {
			for (k = 0; k < dns.n_chain; k++) {
				if (k)
					R(h, " → ");
				T(h, site_name(dsg, dns.chain[k]));
			}
			if (dns.n_chain <= 1)
				R(h, " (its own resolvers)");
			if (!dns.reachable)
				R(h, " <span class=\"blackhole\">✗ not "
				     "reachable</span>");
		}
		R(h, "</td></tr>\n");
	}
	R(h, "</tbody></table></div></section>\n");
}

/* ---- provenance and the page ---- */

static void
sec_provenance(struct html *h, const struct page_in *in)
{
	char digest[MR_DIGEST_LEN + 1], when[64];
	time_t t = (time_t)in->generated;
	struct tm tm;

	R(h, "<section id=\"provenance\"><h2>Provenance</h2><table><tbody>"
	     "<tr><th>design</th><td>");
	T(h, in->design_name);
	R(h, "</td></tr><tr><th>design SHA-256</th><td><code>");
	T(h, in->design_digest ? in->design_digest : "unknown");
	R(h, "</code></td></tr><tr><th>catalog</th><td>");
	T(h, mr_catalog_source(in->cat));
	if (mr_catalog_instance(in->cat)) {
		R(h, " (instance ");
		T(h, mr_catalog_instance(in->cat));
		R(h, ")");
	}
	if (mr_catalog_date(in->cat)) {
		R(h, ", snapshot of ");
		T(h, mr_catalog_date(in->cat));
	}
	R(h, "</td></tr><tr><th>catalog digest</th><td><code>");
	if (mr_catalog_digest(digest, in->cat) == MR_OK)
		T(h, digest);
	R(h, "</code></td></tr><tr><th>tool</th><td>m365route ");
	T(h, mr_version());
	R(h, "</td></tr><tr><th>generated</th><td>");
	if (gmtime_r(&t, &tm) != NULL &&
	    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
		T(h, when);
	R(h, " <span class=\"sub\">(SOURCE_DATE_EPOCH when set)</span>"
	     "</td></tr></tbody></table></section>\n");
}

int
page_write(struct html *h, const struct page_in *in)
{
	R(h, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	     "charset=\"utf-8\">\n<meta name=\"viewport\" "
	     "content=\"width=device-width, initial-scale=1\">\n"
	     "<meta http-equiv=\"Content-Security-Policy\" "
	     "content=\"default-src 'none'; style-src 'unsafe-inline'; "
	     "img-src data:\">\n<title>m365route ");
	T(h, in->verb);
	R(h, ": ");
	T(h, in->design_name);
	R(h, "</title>\n<style>\n");
	R(h, css);
	R(h, "</style></head>\n<body>\n<header><h1>m365route ");
	T(h, in->verb);
	R(h, ": ");
	T(h, mr_net_design(in->net)->org.name ? mr_net_design(in->net)->org.name
	                                      : in->design_name);
	R(h, "</h1><p class=\"sub\">");
	T(h, in->design_name);
	R(h, "</p></header>\n");
	sec_verdict(h, in);
	R(h, "<nav><ol><li><a href=\"#findings\">Findings</a></li>"
	     "<li><a href=\"#topology\">Topology</a></li>"
	     "<li><a href=\"#geography\">Geography</a></li>");
	if (in->r)
		R(h, "<li><a href=\"#flows\">Flows</a></li>"
		     "<li><a href=\"#failures\">Single failures</a></li>");
	R(h, "<li><a href=\"#capacity\">Capacity</a></li>");
	if (in->usage)
		R(h, "<li><a href=\"#usage\">Measured usage</a></li>");
	R(h, "<li><a href=\"#pac-dns\">PAC and DNS</a></li>"
	     "<li><a href=\"#provenance\">Provenance</a></li></ol></nav>\n");
	sec_findings(h, in);
	if (sec_topology(h, in) != 0)
		return -1;
	sec_geography(h, in);
	if (in->r) {
		sec_flows(h, in);
		sec_failures(h, in);
	}
	sec_capacity(h, in);
	if (in->usage)
		sec_usage(h, in->usage);
	sec_pac_dns(h, in);
	sec_provenance(h, in);
	R(h, "<footer>Written by m365route from the resolved network and its "
	     "simulation; nothing on this page is computed twice.</footer>\n"
	     "</body></html>\n");
	if (h->failed) {
		cli_error("out of memory writing the report");
		return -1;
	}
	return 0;
}

int
page_plan(struct outdir *od, const struct page_in *in)
{
	struct html h;
	char path[4096];
	struct out o;
	int rc = -1;

	html_init(&h);
	if (page_write(&h, in) == 0 &&
	    outdir_file(od, "report.html", path, sizeof(path)) == 0 &&
	    out_open(&o, path) == 0) {
		out_write(&o, h.p, h.n);
		rc = out_close(&o);
	}
	html_free(&h);
	return rc;
}

int
page_design_digest(char out[65], const struct cli_opts *opt, int nargs,
                   char **args, const char *dflt)
{
	const char *ex = opt->example ? opt->example : dflt;
	size_t len, cap = 1 << 16;
	char *buf;
	FILE *f;

	out[0] = '\0';
	if (nargs < 1) {
		const char *t = ex ? mr_example_text(ex, &len) : NULL;
		if (t == NULL)
			return -1;
		mr_sha256_hex(out, t, len);
		return 0;
	}
	if ((f = fopen(args[0], "rb")) == NULL)
		return -1;
	buf = malloc(cap);
	len = 0;
	while (buf != NULL) {
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (len < cap)
			break;
		cap *= 2;
		{
			char *p = realloc(buf, cap);
			if (p == NULL) {
				free(buf);
				buf = NULL;
			} else {
				buf = p;
			}
		}
	}
	if (buf == NULL || ferror(f)) {
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	mr_sha256_hex(out, buf, len);
	free(buf);
	return 0;
}
