/*
 * html.c - the report's writer: a growable buffer (doubling, so appends
 * are amortised O(1)) and escaping for HTML and inline SVG.
 *
 * Escaping (HTML Living Standard, "Serializing HTML fragments", with the
 * quote characters added so one function serves content and attributes):
 * & -> &amp;  < -> &lt;  > -> &gt;  " -> &quot;  ' -> &#39;. Control
 * characters (C0 but tab and newline, DEL, C1) and ill-formed UTF-8
 * (mr_utf8_len(), the library's one validator) each become U+FFFD, so the page is well-formed UTF-8 whatever the input held.
 * Every string that does not come from this program goes through it; ids
 * and classes are made from indexes, never from names.
 */
#include "html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "m365route/common.h"

void
html_init(struct html *h)
{
	h->p = NULL;
	h->n = h->cap = 0;
	h->failed = 0;
}

void
html_free(struct html *h)
{
	free(h->p);
	html_init(h);
}

static int
grow(struct html *h, size_t more)
{
	size_t cap = h->cap ? h->cap : 4096;
	char *p;

	if (h->failed)
		return -1;
	if (h->n + more + 1 <= h->cap)
		return 0;
	while (cap < h->n + more + 1) {
		if (cap > ((size_t)-1) / 2) {
			h->failed = 1;
			return -1;
		}
		cap *= 2;
	}
	if ((p = realloc(h->p, cap)) == NULL) {
		h->failed = 1;
		return -1;
	}
	h->p = p;
	h->cap = cap;
	return 0;
}

void
html_rawn(struct html *h, const char *s, size_t n)
{
	if (n == 0 || grow(h, n) != 0)
		return;
	memcpy(h->p + h->n, s, n);
	h->n += n;
	h->p[h->n] = '\0';
}

void
html_raw(struct html *h, const char *s)
{
	html_rawn(h, s, strlen(s));
}

static char *vfmt(const char *fmt, va_list ap, size_t *len)
    __attribute__((format(printf, 1, 0)));

static char *
vfmt(const char *fmt, va_list ap, size_t *len)
{
	va_list aq;
	char *s;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
		return NULL;
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	*len = (size_t)n;
	return s;
}

void
html_rawf(struct html *h, const char *fmt, ...)
{
	va_list ap;
	size_t n;
	char *s;

	va_start(ap, fmt);
	s = vfmt(fmt, ap, &n);
	va_end(ap);
	if (s == NULL) {
		h->failed = 1;
		return;
	}
	html_rawn(h, s, n);
	free(s);
}

void
html_textn(struct html *h, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0;

	if (s == NULL)
		return;
	while (i < n) {
		unsigned c = u[i];
		const char *rep = NULL;
		size_t step = 1;

		switch (c) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			if (c >= 0x80) {
				step = mr_utf8_len(u + i, n - i);
				if (step == 0) {
					rep = "\xef\xbf\xbd";
					step = 1;
				} else if (c == 0xc2 && u[i + 1] < 0xa0) {
					rep = "\xef\xbf\xbd"; /* C1 */
				}
			} else if ((c < 0x20 && c != '\t' && c != '\n') ||
			           c == 0x7f) {
				rep = "\xef\xbf\xbd";
			}
		}
		if (rep != NULL) {
			html_rawn(h, s + run, i - run);
			html_raw(h, rep);
			run = i + step;
		}
		i += step;
	}
	html_rawn(h, s + run, n - run);
}

void
html_text(struct html *h, const char *s)
{
	if (s != NULL)
		html_textn(h, s, strlen(s));
}

void
html_vtextf(struct html *h, const char *fmt, va_list ap)
{
	size_t n;
	char *s = vfmt(fmt, ap, &n);

	if (s == NULL) {
		h->failed = 1;
		return;
	}
	html_textn(h, s, n);
	free(s);
}

void
html_textf(struct html *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	html_vtextf(h, fmt, ap);
	va_end(ap);
}

void
html_num(struct html *h, double v)
{
	long t = (long)(v * 10.0 + (v < 0 ? -0.5 : 0.5));
	unsigned long a = t < 0 ? (unsigned long)-t : (unsigned long)t;

	html_rawf(h, "%s%lu", t < 0 ? "-" : "", a / 10);
	if (a % 10)
		html_rawf(h, ".%lu", a % 10);
}
