/*
 * html.h - a small writer for the report's HTML and SVG: a growable buffer
 * and the one escaping rule every string from the design, the feed or the
 * command line goes through (html_text()).
 */
#ifndef MR_CLI_HTML_H
#define MR_CLI_HTML_H

#include <stdarg.h>
#include <stddef.h>

struct html {
	char *p;
	size_t n, cap;
	int failed; /* out of memory: everything after is dropped */
};

void html_init(struct html *h);
void html_free(struct html *h);
/** Markup written as is: only ever literals of this program. */
void html_raw(struct html *h, const char *s);
void html_rawn(struct html *h, const char *s, size_t n);
/** printf of markup; %s arguments are NOT escaped: use html_textf(). */
void html_rawf(struct html *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/**
 * Text for an HTML or SVG element's content or a quoted attribute value:
 * & < > " ' become entities; control characters other than tab and
 * newline, and bytes that are not well-formed UTF-8, become U+FFFD. So a
 * design's string can neither close an element or an attribute nor start
 * one. NULL writes nothing.
 */
void html_text(struct html *h, const char *s);
void html_textn(struct html *h, const char *s, size_t n);
/** printf, the whole result escaped as html_text() does. */
void html_textf(struct html *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void html_vtextf(struct html *h, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/** A number in SVG coordinates: one decimal, no locale, "-0" never. */
void html_num(struct html *h, double v);

#endif
