/*
 * report.c - a design's findings for machines: JSON, and SARIF 2.1.0
 * (OASIS Static Analysis Results Interchange Format, version 2.1.0, section
 * 3: sarifLog, run, tool.driver with reportingDescriptor rules, results
 * with ruleId/ruleIndex, level, message and physicalLocation/region), so CI
 * systems show the findings inline. Also loading a design for the design
 * verbs (file, --example, or a default example).
 */
#include <string.h>

#include "cli.h"
#include "json.h"

static const char *
level(int sev)
{
	return sev == MR_SEV_ERROR     ? "error"
	       : sev == MR_SEV_WARNING ? "warning"
	                               : "note";
}

int
cli_load_design(const struct cli_opts *opt, int nargs, char **args,
                const char *dflt, struct mr_design **out, struct mr_diags *d,
                const char **name)
{
	const char *ex = opt->example;
	const char *text;
	size_t len;
	static char label[128];

	*out = NULL;
	if (nargs > 1 || (nargs == 1 && ex != NULL)) {
		cli_error("give one design: a file or --example NAME");
		return MR_EINVAL;
	}
	if (nargs == 1) {
		*name = args[0];
		return mr_design_load_file(out, args[0], d);
	}
	if (ex == NULL)
		ex = dflt;
	if (ex == NULL) {
		cli_error("no design given (a file, or --example NAME)");
		return MR_EINVAL;
	}
	text = mr_example_text(ex, &len);
	if (text == NULL) {
		size_t i;
		fprintf(stderr, "%s: error: no example '", cli_prog);
		cli_fputs_safe(stderr, ex);
		fputs("'; the examples are:", stderr);
		for (i = 0; i < mr_example_count(); i++)
			fprintf(stderr, " %s", mr_example_name(i));
		fputc('\n', stderr);
		return MR_EINVAL;
	}
	/* The examples ship in the source tree under this name. */
	snprintf(label, sizeof(label), "data/examples/%s.yaml", ex);
	*name = label;
	return mr_design_load_buffer(out, label, text, len, d);
}

void
cli_design_failed(const struct mr_diags *d, const struct cli_diag_opts *dopt,
                  int rc)
{
	cli_render_diags(d, dopt);
	if (mr_diags_count(d) == 0 && rc != MR_EINVAL)
		cli_error("%s", mr_error_last());
}

static void
str(struct out *o, const char *s)
{
	out_putc(o, '"');
	if (s != NULL)
		json_escape(o, s, strlen(s));
	out_putc(o, '"');
}

/* A path as a URI reference (RFC 3986 section 2): unreserved characters
 * (ALPHA DIGIT - . _ ~) and '/' as they are, every other byte, UTF-8 ones
 * too, percent-encoded. The result is plain ASCII, safe in a JSON string,
 * and a relative path cannot be mistaken for a scheme. */
static void
uri(struct out *o, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == '/') {
			out_putc(o, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			out_write(o, e, 3);
		}
	}
}

static void
position(const struct mr_diags *d, const struct mr_diag *r, uint32_t *l,
         uint32_t *c, uint32_t *el, uint32_t *ec)
{
	*l = *c = *el = *ec = 0;
	if (mr_diags_locate(d, r->at.src, r->at.start, l, c) != MR_OK)
		return;
	*el = *l;
	*ec = *c + 1;
	if (r->at.end > r->at.start)
		mr_diags_locate(d, r->at.src, r->at.end, el, ec);
}

void
report_json(struct out *o, const struct mr_diags *d,
            const struct cli_diag_opts *dopt, const char *design)
{
	report_json_with(o, d, dopt, design, NULL, NULL);
}

void
report_json_with(struct out *o, const struct mr_diags *d,
                 const struct cli_diag_opts *dopt, const char *design,
                 void (*extra)(struct out *o, void *ctx), void *ctx)
{
	struct cli_counts c = cli_diag_count(d, dopt);
	size_t i, k = 0;

	out_puts(o, "{\"tool\":\"m365route\",\"version\":");
	str(o, mr_version());
	out_puts(o, ",\"design\":");
	str(o, design);
	out_puts(o, ",\"diagnostics\":[");
	for (i = 0; i < mr_diags_count(d); i++) {
		const struct mr_diag *r = mr_diags_get(d, i);
		int sev = cli_diag_severity(dopt, r);
		uint32_t l, col, el, ec;

		if (sev < 0)
			continue;
		position(d, r, &l, &col, &el, &ec);
		out_puts(o, k++ ? ",\n{\"file\":" : "\n{\"file\":");
		str(o, mr_diags_source_name(d, r->at.src));
		out_printf(o,
		           ",\"line\":%u,\"column\":%u,\"end_line\":%u,"
		           "\"end_column\":%u,\"severity\":\"%s\",\"code\":",
		           l, col, el, ec, level(sev));
		str(o, r->code);
		out_puts(o, ",\"slug\":");
		str(o, r->slug);
		out_puts(o, ",\"message\":");
		str(o, r->msg);
		if (r->note) {
			out_puts(o, ",\"note\":");
			str(o, r->note);
		}
		if (r->hint) {
			out_puts(o, ",\"hint\":");
			str(o, r->hint);
		}
		out_putc(o, '}');
	}
	out_printf(o, "],\n\"errors\":%zu,\"warnings\":%zu,\"notes\":%zu",
	           c.errors, c.warnings, c.notes);
	if (extra != NULL)
		extra(o, ctx);
	out_puts(o, "}\n");
}

/* The rules reported: every code that occurs, in table order, so that
 * ruleIndex is stable for a given set of findings. */
static size_t
rule_index(const struct mr_diags *d, const struct cli_diag_opts *dopt,
           unsigned char *used, size_t *index_of)
{
	size_t i, n = 0, count = mr_diag_code_count();

	memset(used, 0, count);
	for (i = 0; i < mr_diags_count(d); i++) {
		const struct mr_diag *r = mr_diags_get(d, i);
		size_t k = mr_diag_code_find(r->code);
		if (k < count && cli_diag_severity(dopt, r) >= 0)
			used[k] = 1;
	}
	for (i = 0; i < count; i++)
		index_of[i] = used[i] ? n++ : SIZE_MAX;
	return n;
}

void
report_sarif(struct out *o, const struct mr_diags *d,
             const struct cli_diag_opts *dopt)
{
	unsigned char used[CLI_MAX_CODES];
	size_t index_of[CLI_MAX_CODES], i, k = 0, n = 0;
	size_t count = mr_diag_code_count();

	if (count > CLI_MAX_CODES)
		count = CLI_MAX_CODES;
	rule_index(d, dopt, used, index_of);
	out_puts(o, "{\n\"$schema\":\"https://json.schemastore.org/"
	            "sarif-2.1.0.json\",\n\"version\":\"2.1.0\",\n\"runs\":[{"
	            "\n\"tool\":{\"driver\":{\"name\":\"m365route\","
	            "\"version\":");
	str(o, mr_version());
	out_puts(o, ",\"informationUri\":\"https://github.com/m365route/"
	            "m365route\",\"rules\":[");
	for (i = 0; i < count; i++) {
		const char *rat = mr_diag_code_rationale(i);
		const char *src = mr_diag_code_source(i);
		if (!used[i])
			continue;
		out_puts(o, n++ ? ",\n{\"id\":" : "\n{\"id\":");
		str(o, mr_diag_code_name(i));
		out_puts(o, ",\"name\":");
		str(o, mr_diag_code_slug(i));
		out_puts(o, ",\"shortDescription\":{\"text\":");
		str(o, mr_diag_code_summary(i));
		out_puts(o, "}");
		if (rat != NULL) {
			out_puts(o, ",\"fullDescription\":{\"text\":");
			str(o, rat);
			out_puts(o, "}");
		}
		if (src != NULL) {
			out_puts(o, ",\"help\":{\"text\":\"Source: ");
			json_escape(o, src, strlen(src));
			out_puts(o, "\"}");
		}
		out_printf(o, ",\"defaultConfiguration\":{\"level\":\"%s\"}}",
		           level(mr_diag_code_severity(i)));
	}
	out_puts(o, "]}},\n\"results\":[");
	for (i = 0; i < mr_diags_count(d); i++) {
		const struct mr_diag *r = mr_diags_get(d, i);
		int sev = cli_diag_severity(dopt, r);
		size_t code = mr_diag_code_find(r->code);
		const char *file = mr_diags_source_name(d, r->at.src);
		uint32_t l, c, el, ec;

		if (sev < 0 || code >= count)
			continue;
		position(d, r, &l, &c, &el, &ec);
		out_puts(o, k++ ? ",\n{\"ruleId\":" : "\n{\"ruleId\":");
		str(o, r->code);
		out_printf(o,
		           ",\"ruleIndex\":%zu,\"level\":\"%s\","
		           "\"message\":{\"text\":",
		           index_of[code], level(sev));
		if (r->note != NULL || r->hint != NULL) {
			char buf[2048];
			snprintf(
			    buf, sizeof(buf), "%s%s%s%s%s", r->msg,
			    r->note ? "\nnote: " : "", r->note ? r->note : "",
			    r->hint ? "\nhint: " : "", r->hint ? r->hint : "");
			str(o, buf);
		} else {
			str(o, r->msg);
		}
		out_puts(o, "}");
		if (file != NULL && l > 0) {
			out_puts(o, ",\"locations\":[{\"physicalLocation\":{"
			            "\"artifactLocation\":{\"uri\":\"");
			uri(o, file);
			out_putc(o, '"');
			out_printf(o,
			           "},\"region\":{\"startLine\":%u,"
			           "\"startColumn\":%u,\"endLine\":%u,"
			           "\"endColumn\":%u}}}]",
			           l, c, el, ec);
		}
		out_putc(o, '}');
	}
	out_puts(o, "]\n}]\n}\n");
}

const char *
report_counts(char *buf, size_t n, struct cli_counts c)
{
	snprintf(buf, n, "%zu error%s, %zu warning%s, %zu note%s", c.errors,
	         c.errors == 1 ? "" : "s", c.warnings,
	         c.warnings == 1 ? "" : "s", c.notes, c.notes == 1 ? "" : "s");
	return buf;
}

void
report_summary(FILE *f, const char *design, struct cli_counts c)
{
	char buf[128];

	cli_fputs_safe(f, design);
	fprintf(f, ": %s\n", report_counts(buf, sizeof(buf), c));
}
