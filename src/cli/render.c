/*
 * render.c - diagnostics on stderr (GNU "file:line:col: severity: message
 * [CODE]" with the source line and a caret, as compilers print them; or one
 * JSON object per line with --diag-format=json), and the option and catalog
 * handling every verb shares. Paths and other input in text output go
 * through cli_fputs_safe()/cli_safe(), messages through the same escaper
 * minus quotes, so no input byte can break a line or reach the terminal as
 * a control sequence.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "feed_cli.h"
#include "json.h"
#include "m365route/feed.h"

const char *cli_prog = "m365route";

void
cli_diag_opts_init(struct cli_diag_opts *o)
{
	const char *nc = getenv("NO_COLOR");

	memset(o, 0, sizeof(*o));
	o->max_errors = 50;
	o->color = isatty(STDERR_FILENO) && (nc == NULL || nc[0] == '\0');
}

int
cli_diag_severity(const struct cli_diag_opts *o, const struct mr_diag *r)
{
	size_t i = mr_diag_code_find(r->code);
	int sev = (int)r->sev;

	if (i < CLI_MAX_CODES) {
		if (o->policy[i] == 1)
			return -1;
		if (o->policy[i] == 2 && sev == MR_SEV_NOTE)
			sev = MR_SEV_WARNING;
	}
	if (o->werror && sev == MR_SEV_WARNING)
		sev = MR_SEV_ERROR;
	return sev;
}

struct cli_counts
cli_diag_count(const struct mr_diags *d, const struct cli_diag_opts *o)
{
	struct cli_counts c = {0, 0, 0};
	size_t i;

	for (i = 0; i < mr_diags_count(d); i++) {
		int sev = cli_diag_severity(o, mr_diags_get(d, i));
		if (sev == MR_SEV_ERROR)
			c.errors++;
		else if (sev == MR_SEV_WARNING)
			c.warnings++;
		else if (sev == MR_SEV_NOTE)
			c.notes++;
	}
	return c;
}

/*
 * Terminal-safe text. Paths and other input-derived strings are shown with
 * each byte of a control character (C0, DEL, and C1 in its UTF-8 form
 * U+0080..U+009F), each byte that is not part of well-formed UTF-8 (RFC
 * 3629), and '\'' and '\\' written as \xNN, as the library's "cannot open
 * '...'" errors do; printable UTF-8 is kept. No byte that a terminal
 * interprets (ESC, CSI, newline, carriage return) gets through, and the
 * output reads back unambiguously. SAFE_TEXT leaves '\'' and '\\' alone:
 * it is the backstop for text the library or the CLI has already built from
 * escaped pieces (messages), where they are part of the wording.
 */
enum { SAFE_INPUT = 0, SAFE_TEXT = 1 };

/*
 * One step over s[0..n), n >= 1: the bytes to show in out (at most 4) and
 * their count in *olen; returns how many bytes of s they stand for.
 */
static size_t
safe_step(const char *s, size_t n, int mode, char out[4], size_t *olen)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t len;

	if (u[0] >= 0x20 && u[0] < 0x7f &&
	    (mode == SAFE_TEXT || (u[0] != '\'' && u[0] != '\\'))) {
		out[0] = s[0];
		*olen = 1;
		return 1;
	}
	/* C1 controls (0xc2 0x80..0x9f) are escaped byte by byte. */
	if (u[0] >= 0x80 && !(u[0] == 0xc2 && n > 1 && u[1] <= 0x9f) &&
	    (len = mr_utf8_len(u, n)) > 0) {
		memcpy(out, s, len);
		*olen = len;
		return len;
	}
	out[0] = '\\';
	out[1] = 'x';
	out[2] = hex[u[0] >> 4];
	out[3] = hex[u[0] & 15];
	*olen = 4;
	return 1;
}

static void
fput_safe(FILE *f, const char *s, size_t n, int mode)
{
	char e[4];
	size_t i = 0, k;

	while (i < n) {
		i += safe_step(s + i, n - i, mode, e, &k);
		fwrite(e, 1, k, f);
	}
}

void
cli_fputs_safe(FILE *f, const char *s)
{
	if (s != NULL)
		fput_safe(f, s, strlen(s), SAFE_INPUT);
}

const char *
cli_safe(char *buf, size_t cap, const char *s)
{
	size_t i = 0, k = 0, n, len, step;
	char e[4];

	if (cap == 0)
		return buf;
	n = s != NULL ? strlen(s) : 0;
	while (i < n) {
		step = safe_step(s + i, n - i, SAFE_INPUT, e, &len);
		/* Each piece leaves room for "..." while more follows, so
		 * the mark fits at a cut unless cap is tiny. */
		if (k + len + (i + step < n ? 3 : 0) >= cap) {
			if (k + 3 < cap) {
				memcpy(buf + k, "...", 3);
				k += 3;
			}
			break;
		}
		memcpy(buf + k, e, len);
		k += len;
		i += step;
	}
	buf[k] = '\0';
	return buf;
}

/* printf to stderr, the result written through the SAFE_TEXT backstop. */
static void vsafe(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

static void
vsafe(const char *fmt, va_list ap)
{
	char tmp[1024], *big = NULL;
	const char *p = tmp;
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(tmp, sizeof(tmp), fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(tmp)) {
		if ((big = malloc((size_t)n + 1)) != NULL &&
		    vsnprintf(big, (size_t)n + 1, fmt, ap) >= 0)
			p = big;
		else
			n = (int)sizeof(tmp) - 1;
	}
	fput_safe(stderr, p, (size_t)n, SAFE_TEXT);
	free(big);
}

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: error: ", cli_prog);
	va_start(ap, fmt);
	vsafe(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: warning: ", cli_prog);
	va_start(ap, fmt);
	vsafe(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_note(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: note: ", cli_prog);
	va_start(ap, fmt);
	vsafe(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const char *
sev_name(enum mr_severity s)
{
	return s == MR_SEV_ERROR     ? "error"
	       : s == MR_SEV_WARNING ? "warning"
	                             : "note";
}

static const char *
sev_color(enum mr_severity s)
{
	return s == MR_SEV_ERROR     ? "\033[1;31m"
	       : s == MR_SEV_WARNING ? "\033[1;35m"
	                             : "\033[1;36m";
}

/* Print a source line with tabs kept (so the caret lines up) and other
 * control bytes as '?'; at most 200 columns around the caret. */
static void
excerpt(FILE *f, const struct mr_diags *d, const struct mr_diag *r,
        uint32_t line, uint32_t col, const struct cli_diag_opts *o)
{
	const char *t;
	size_t len, i, from = 0, to, caret, width = 1;
	uint32_t eline, ecol;

	if (mr_diags_line_text(d, r->at.src, line, &t, &len) != MR_OK)
		return;
	caret = col - 1;
	if (caret > len)
		caret = len;
	if (r->at.end > r->at.start &&
	    mr_diags_locate(d, r->at.src, r->at.end, &eline, &ecol) == MR_OK &&
	    eline == line && ecol > col)
		width = ecol - col;
	if (caret > 100)
		from = caret - 100;
	to = len - from > 200 ? from + 200 : len;
	fprintf(f, "%5u | ", line);
	for (i = from; i < to; i++) {
		unsigned char c = (unsigned char)t[i];
		fputc(c == '\t' || (c >= 0x20 && c < 0x7f) ? c : '?', f);
	}
	fputs("\n      | ", f);
	for (i = from; i < caret; i++)
		fputc(t[i] == '\t' ? '\t' : ' ', f);
	if (o->color)
		fputs("\033[1;32m", f);
	fputc('^', f);
	for (i = 1; i < width && caret + i < to; i++)
		fputc('~', f);
	if (o->color)
		fputs("\033[0m", f);
	fputc('\n', f);
}

/* One record as a line of JSON (--diag-format=json). */
static void
diag_json(FILE *f, const char *name, uint32_t line, uint32_t col,
          enum mr_severity sev, const struct mr_diag *r)
{
	struct out o;
	struct mr_json j;

	out_attach(&o, f);
	mr_json_init(&j, out_sink, &o);
	mr_json_obj(&j);
	mr_json_key(&j, "file");
	mr_json_str(&j, name ? name : "");
	mr_json_key(&j, "line");
	mr_json_uint(&j, line);
	mr_json_key(&j, "column");
	mr_json_uint(&j, col);
	mr_json_key(&j, "severity");
	mr_json_str(&j, sev_name(sev));
	mr_json_key(&j, "code");
	mr_json_str(&j, r->code);
	mr_json_key(&j, "slug");
	mr_json_str(&j, r->slug);
	mr_json_key(&j, "message");
	mr_json_str(&j, r->msg);
	if (r->note) {
		mr_json_key(&j, "note");
		mr_json_str(&j, r->note);
	}
	if (r->hint) {
		mr_json_key(&j, "hint");
		mr_json_str(&j, r->hint);
	}
	mr_json_obj_end(&j);
	out_putc(&o, '\n');
	out_flush(&o);
}

void
cli_render_diags(const struct mr_diags *d, const struct cli_diag_opts *o)
{
	cli_render_diags_to(stderr, d, o);
}

void
cli_render_diags_to(FILE *f, const struct mr_diags *d,
                    const struct cli_diag_opts *o)
{
	size_t i, n = mr_diags_count(d), errors = 0;

	for (i = 0; i < n; i++) {
		const struct mr_diag *r = mr_diags_get(d, i);
		const char *name = mr_diags_source_name(d, r->at.src);
		uint32_t line = 0, col = 0;
		int sevi = cli_diag_severity(o, r);
		enum mr_severity sev;

		if (sevi < 0 || (sevi == MR_SEV_NOTE && !o->verbose))
			continue;
		sev = (enum mr_severity)sevi;
		if (sev == MR_SEV_ERROR && ++errors > (size_t)o->max_errors) {
			fprintf(f, "%s: too many errors, stopping\n", cli_prog);
			return;
		}
		if (name != NULL)
			mr_diags_locate(d, r->at.src, r->at.start, &line, &col);
		if (o->json) {
			diag_json(f, name, line, col, sev, r);
			continue;
		}
		if (name != NULL) {
			cli_fputs_safe(f, name);
			fprintf(f, ":%u:%u: ", line, col);
		} else {
			fprintf(f, "%s: ", cli_prog);
		}
		if (o->color)
			fprintf(f, "%s%s:\033[0m ", sev_color(sev),
			        sev_name(sev));
		else
			fprintf(f, "%s: ", sev_name(sev));
		fput_safe(f, r->msg, strlen(r->msg), SAFE_TEXT);
		fprintf(f, " [%s]\n", r->code);
		if (name != NULL)
			excerpt(f, d, r, line, col, o);
		if (r->note) {
			fputs("note: ", f);
			fput_safe(f, r->note, strlen(r->note), SAFE_TEXT);
			fputc('\n', f);
		}
		if (r->hint) {
			fputs("hint: ", f);
			fput_safe(f, r->hint, strlen(r->hint), SAFE_TEXT);
			fputc('\n', f);
		}
	}
}

int
cli_epoch_parse(const char *v, int64_t *out)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno != 0 || n < 0 ||
	    n > 253402300799LL) /* 9999-12-31T23:59:59Z */
		return -1;
	*out = (int64_t)n;
	return 0;
}

int
cli_generated_time(int64_t *out)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");

	if (sde == NULL || *sde == '\0') {
		*out = (int64_t)time(NULL);
		return 0;
	}
	if (cli_epoch_parse(sde, out) != 0) {
		cli_error("SOURCE_DATE_EPOCH must be seconds since the epoch, "
		          "not '%s'",
		          sde);
		return -1;
	}
	return 0;
}

int
cli_load(const struct cli_catalog_opts *co, const struct cli_diag_opts *dopt,
         struct mr_catalog **cat, struct mr_matcher **m)
{
	struct mr_catalog_choice ch = {co->file, co->instance, NULL,
	                               co->embedded != 0};
	struct mr_catalog_used used;
	struct mr_diags *d;
	char dbuf[4096];
	const char *what;
	int rc;

	*cat = NULL;
	*m = NULL;
	if (co->file != NULL && (co->instance != NULL || co->embedded)) {
		cli_error("--catalog excludes --instance and --embedded");
		return EXIT_USAGE;
	}
	if (mr_diags_new(&d) != MR_OK) {
		cli_error("out of memory");
		return EXIT_USAGE;
	}
	/* The library chooses (mr_catalog_open()); this says which. */
	if (co->file == NULL && !co->embedded)
		ch.data_dir = cli_data_dir(NULL, dbuf, sizeof(dbuf));
	rc = mr_catalog_open(cat, &used, &ch, d);
	if (used.source == MR_CATALOG_FROM_NONE) {
		cli_error("stored catalog: %s (use --embedded to run "
		          "on the built-in snapshot, or 'm365route "
		          "endpoints rollback')",
		          mr_error_last());
		mr_diags_free(d);
		return EXIT_USAGE;
	}
	what = used.source == MR_CATALOG_FROM_FILE     ? co->file
	       : used.source == MR_CATALOG_FROM_STORED ? used.path
	                                               : "embedded feed";
	if (rc == MR_OK && used.source == MR_CATALOG_FROM_STORED) {
		fprintf(stderr,
		        "%s: note: using the stored %s catalog, version ",
		        cli_prog, used.instance);
		cli_fputs_safe(stderr, used.version);
		fputs(" (", stderr);
		cli_fputs_safe(stderr, used.path);
		fputs(")\n", stderr);
	} else if (rc == MR_OK && used.source == MR_CATALOG_FROM_EMBEDDED &&
	           dopt->verbose) {
		fprintf(
		    stderr, "%s: note: using the embedded %s snapshot of %s\n",
		    cli_prog, mr_catalog_instance(*cat), mr_catalog_date(*cat));
	}
	cli_render_diags(d, dopt);
	if (rc == MR_EPARSE) {
		size_t e = mr_diags_errors(d);
		fprintf(stderr, "%s: error: ", cli_prog);
		cli_fputs_safe(stderr, what);
		fprintf(stderr, ": endpoint feed rejected (%zu error%s)\n", e,
		        e == 1 ? "" : "s");
	} else if (rc != MR_OK) {
		cli_error("%s", mr_error_last());
	}
	mr_diags_free(d);
	if (rc != MR_OK)
		return EXIT_USAGE;
	if (mr_matcher_build(m, *cat) != MR_OK) {
		cli_error("%s", mr_error_last());
		mr_catalog_free(*cat);
		*cat = NULL;
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

void
cli_unload(struct mr_catalog *cat, struct mr_matcher *m)
{
	mr_matcher_free(m);
	mr_catalog_free(cat);
}

const char *
cli_catalog_name(char *buf, size_t cap, const struct mr_catalog *cat)
{
	if (mr_catalog_instance(cat) != NULL)
		snprintf(buf, cap, "%s %s", mr_catalog_instance(cat),
		         mr_catalog_date(cat) ? mr_catalog_date(cat) : "");
	else
		snprintf(buf, cap, "%s",
		         mr_catalog_source(cat) ? mr_catalog_source(cat)
		                                : "(stdin)");
	return buf;
}
