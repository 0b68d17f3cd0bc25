/*
 * pac_str.c - the strings a PAC file is made of: the return strings of
 * FindProxyForURL(), read by one grammar in two modes, and JavaScript
 * string literals (escaped).
 *
 * Grammar (Netscape "Navigator Proxy Auto-Config File Format", 1996, and
 * Chromium's net/proxy_resolution/proxy_list.cc), in its strict mode,
 * MRI_PAC_STRICT, for the strings we write (--direct, --proxy):
 *   list     = item *( ";" *SP item )
 *   item     = "DIRECT" / scheme SP host ":" port
 *   scheme   = "PROXY" / "HTTPS" / "SOCKS" / "SOCKS5"
 *   host     = dns-name / ipv4 / "[" ipv6 "]"
 *   port     = 1..65535, decimal, no leading zero
 * No leading or trailing blanks, no empty item, no lower-case keyword, no
 * default port, at most 1024 bytes: a string that a browser might read
 * another way is refused. Invariant: a string this mode accepts holds only
 * [A-Za-z0-9.:;[\] -], so it cannot end a JavaScript string literal or
 * comment.
 *
 * Its lenient mode, MRI_PAC_LENIENT, reads the results of a PAC file we
 * audit the way browsers do: blanks (SP, HT, CR, LF) around keywords and
 * arguments, empty or blank entries skipped (one entry needed), keywords
 * in any case and also "HTTP" and "SOCKS4", host any run of
 * [A-Za-z0-9._-] (253 at most) or a bracketed IPv6 address, the port
 * optional and leading zeros allowed; no NUL byte.
 *
 * The modes differ only where the functions below test `strict`; each
 * failure is one enum reason with a text per mode (reasons[]), so both
 * modes keep the wording they have always had. In strict mode *bad is the
 * offending offset; the lenient callers do not report one.
 *
 * Complexity: O(n), no allocation.
 */
#include "pac_str.h"

#include <stdbool.h>
#include <string.h>

#include "m365route/match.h"
#include "m365route/pac.h"
#include "m365route/pacaudit.h"
#include "m365route/prefix.h"

#define STRICT_MAX 1024 /* longest string the strict mode accepts */

enum reason {
	R_NULL,
	R_EMPTY,
	R_TOO_LONG,
	R_NUL,
	R_EMPTY_ITEM,
	R_EMPTY_AFTER_SEMI,
	R_KEYWORD,
	R_DIRECT_ARG,
	R_TWO_ARGS,
	R_NO_HOST,
	R_NO_HOST_BEFORE_COLON,
	R_NO_BRACKET,
	R_NOT_IPV6,
	R_NOT_IPV4,
	R_HOST_LONG,
	R_HOST_CHAR,
	R_EMPTY_LABEL,
	R_LABEL_LONG,
	R_LABEL_DASH,
	R_NO_COLON,
	R_NO_PORT,
	R_PORT_START,
	R_PORT_CHAR,
	R_PORT_RANGE,
	R_PORT_ZERO,
};

/* The text of each reason: [strict, lenient]; NULL where a mode never
 * fails that way. */
static const char *const reasons[][2] = {
    [R_NULL] = {"empty PAC return string", "no result"},
    [R_EMPTY] = {"empty PAC return string", "the result is an empty string"},
    [R_TOO_LONG] = {"PAC return string longer than 1024 characters", NULL},
    [R_NUL] = {NULL, "the result holds a NUL byte"},
    [R_EMPTY_ITEM] = {"empty item in PAC return string", NULL},
    [R_EMPTY_AFTER_SEMI] = {"empty item after ';' in PAC return string", NULL},
    [R_KEYWORD] = {"expected DIRECT, or PROXY, HTTPS, SOCKS or SOCKS5 "
                   "followed by one space and host:port",
                   "an entry is not DIRECT, PROXY, HTTP, HTTPS, SOCKS, "
                   "SOCKS4 or SOCKS5"},
    [R_DIRECT_ARG] = {NULL, "DIRECT takes no argument"},
    [R_TWO_ARGS] = {NULL, "a proxy entry has more than one host:port"},
    [R_NO_HOST] = {"missing host:port after the keyword",
                   "a proxy entry has no host"},
    [R_NO_HOST_BEFORE_COLON] = {"missing proxy host before ':'",
                                "a proxy entry has no host"},
    [R_NO_BRACKET] = {"'[' without ']' in proxy address",
                      "an IPv6 proxy address lacks its ']'"},
    [R_NOT_IPV6] = {"not an IPv6 address in brackets",
                    "a bracketed proxy address is not IPv6"},
    [R_NOT_IPV4] = {"not a valid IPv4 address", NULL},
    [R_HOST_LONG] = {"proxy host name longer than 253 characters",
                     "a proxy host is too long"},
    [R_HOST_CHAR] = {"character not allowed in a proxy host name",
                     "a proxy host holds a character no host name has"},
    [R_EMPTY_LABEL] = {"empty label in proxy host name", NULL},
    [R_LABEL_LONG] = {"label longer than 63 characters in proxy host name",
                      NULL},
    [R_LABEL_DASH] = {"label starts or ends with '-' in proxy host name", NULL},
    [R_NO_COLON] = {"missing ':port' after the proxy host",
                    "a proxy port is missing after ':'"},
    [R_NO_PORT] = {"missing port number after ':'",
                   "a proxy port is missing after ':'"},
    [R_PORT_START] = {"port number must be 1..65535 without leading zero",
                      "a proxy port is not a number"},
    [R_PORT_CHAR] = {"unexpected character after the port number",
                     "a proxy port is not a number"},
    [R_PORT_RANGE] = {"port number must be 1..65535 without leading zero",
                      "a proxy port is larger than 65535"},
    [R_PORT_ZERO] = {"port number must be 1..65535 without leading zero",
                     "a proxy port is 0"},
};

/* The keywords; strict names those the strict mode accepts. */
static const struct {
	const char *name;
	bool strict;
} keywords[] = {
    {"DIRECT", true}, {"PROXY", true},   {"HTTP", false},  {"HTTPS", true},
    {"SOCKS", true},  {"SOCKS4", false}, {"SOCKS5", true},
};

struct parse {
	const char *s;
	size_t len;
	bool strict;
	enum reason why; /* when a function below returns false */
	size_t bad;
};

static bool
fail(struct parse *p, enum reason r, size_t at)
{
	p->why = r;
	p->bad = at;
	return false;
}

static int
upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 32 : c;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* A blank between tokens: SP in strict mode, any blank in lenient. */
static bool
is_blank(const struct parse *p, char c)
{
	return p->strict ? c == ' ' : is_space(c);
}

/* The keyword s[from..to) names in this mode (strict: exact case), or -1. */
static int
keyword(const struct parse *p, size_t from, size_t to)
{
	size_t k, i, n = to - from;

	for (k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++) {
		if (strlen(keywords[k].name) != n ||
		    (p->strict && !keywords[k].strict))
			continue;
		for (i = 0; i < n; i++) {
			char c = p->s[from + i];
			if ((p->strict ? c : upper(c)) != keywords[k].name[i])
				break;
		}
		if (i == n)
			return (int)k;
	}
	return -1;
}

/* Strict: a DNS name, labels of [A-Za-z0-9-], 1..63, no '-' at either end,
 * 253 at most. Lenient: [A-Za-z0-9._-], 253 at most (checked after the
 * characters, as it always was). */
static bool
check_name(struct parse *p, size_t from, size_t to)
{
	const char *s = p->s;
	size_t i, start = from;

	if (p->strict && to - from > MR_HOST_MAX)
		return fail(p, R_HOST_LONG, from + MR_HOST_MAX);
	for (i = from; i <= to; i++) {
		if (i < to && s[i] != '.') {
			if (!is_alnum(s[i]) && s[i] != '-' &&
			    (p->strict || s[i] != '_'))
				return fail(p, R_HOST_CHAR, i);
			continue;
		}
		if (!p->strict)
			continue;
		if (i == start)
			return fail(p, R_EMPTY_LABEL, i);
		if (i - start > 63)
			return fail(p, R_LABEL_LONG, start);
		if (s[start] == '-' || s[i - 1] == '-')
			return fail(p, R_LABEL_DASH,
			            s[start] == '-' ? start : i - 1);
		start = i + 1;
	}
	if (to - from > MR_HOST_MAX)
		return fail(p, R_HOST_LONG, from + MR_HOST_MAX);
	return true;
}

/* All digits and dots: in strict mode, then a dotted-quad IPv4 address. */
static bool
looks_numeric(const char *s, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
			return false;
	return true;
}

/* host[:port] in s[from..to): the port is optional in lenient mode. */
static bool
check_hostport(struct parse *p, size_t from, size_t to)
{
	const char *s = p->s;
	struct mr_addr a;
	size_t i, k;
	unsigned long port = 0;

	if (from == to)
		return fail(p, R_NO_HOST, from);
	if (s[from] == '[') {
		const char *e = memchr(s + from, ']', to - from);
		if (e == NULL)
			return fail(p, R_NO_BRACKET, from);
		i = (size_t)(e - s);
		if (mr_addr_parse(&a, s + from + 1, i - from - 1) != MR_OK ||
		    a.family != MR_AF_INET6)
			return fail(p, R_NOT_IPV6, from + 1);
		i++;
	} else {
		const char *c = memchr(s + from, ':', to - from);
		i = c ? (size_t)(c - s) : to;
		if (p->strict && i == to)
			return fail(p, R_NO_COLON, to);
		if (i == from)
			return fail(p, R_NO_HOST_BEFORE_COLON, from);
		if (p->strict && looks_numeric(s, from, i)) {
			if (mr_addr_parse(&a, s + from, i - from) != MR_OK ||
			    a.family != MR_AF_INET)
				return fail(p, R_NOT_IPV4, from);
		} else if (!check_name(p, from, i)) {
			return false;
		}
	}
	if (i == to)
		return p->strict ? fail(p, R_NO_COLON, i) : true;
	if (s[i] != ':')
		return fail(p, R_NO_COLON, i);
	if (++i == to)
		return fail(p, R_NO_PORT, i);
	if (p->strict && s[i] == '0')
		return fail(p, R_PORT_ZERO, i);
	for (k = i; i < to; i++) {
		if (s[i] < '0' || s[i] > '9')
			return fail(p, i > k ? R_PORT_CHAR : R_PORT_START, i);
		port = port * 10 + (unsigned long)(s[i] - '0');
		if (port > 65535)
			return fail(p, R_PORT_RANGE, i);
	}
	if (port == 0)
		return fail(p, R_PORT_ZERO, k);
	return true;
}

/* One entry, s[from..to), not empty. */
static bool
check_entry(struct parse *p, size_t from, size_t to, struct mri_pac_entry *e)
{
	const char *s = p->s;
	size_t k = from, t, a, z;
	int kw;

	while (!p->strict && k < to && is_space(s[k]))
		k++;
	for (t = k; t < to && !is_blank(p, s[t]); t++)
		;
	if ((kw = keyword(p, k, t)) < 0)
		return fail(p, R_KEYWORD, from);
	if (p->strict) {
		/* One SP after a proxy keyword, nothing after DIRECT. */
		if ((kw == 0) != (t == to))
			return fail(p, R_KEYWORD, from);
		a = t < to ? t + 1 : t;
		z = to;
	} else {
		for (a = t; a < to && is_space(s[a]); a++)
			;
		for (z = to; z > a && is_space(s[z - 1]); z--)
			;
		if (kw == 0 && z > a)
			return fail(p, R_DIRECT_ARG, a);
		for (t = a; kw != 0 && t < z; t++)
			if (is_space(s[t]))
				return fail(p, R_TWO_ARGS, t);
	}
	e->keyword = keywords[kw].name;
	e->arg = a;
	e->arg_end = z;
	return kw == 0 || check_hostport(p, a, z);
}

/* The list: entries separated by ';'. */
static bool
check_list(struct parse *p, struct mri_pac_entry *first)
{
	const char *s = p->s, *nul;
	size_t i = 0, end, j, entries = 0;
	struct mri_pac_entry e;

	if (s == NULL)
		return fail(p, R_NULL, 0);
	if (p->strict && p->len == 0)
		return fail(p, R_EMPTY, 0);
	if (p->strict && p->len > STRICT_MAX)
		return fail(p, R_TOO_LONG, STRICT_MAX);
	if (!p->strict && (nul = memchr(s, '\0', p->len)) != NULL)
		return fail(p, R_NUL, (size_t)(nul - s));
	for (;;) {
		const char *semi = memchr(s + i, ';', p->len - i);
		end = semi ? (size_t)(semi - s) : p->len;
		if (p->strict && end == i)
			return fail(p, R_EMPTY_ITEM, i);
		for (j = i; j < end && is_space(s[j]); j++)
			;
		if (j < end || p->strict) { /* lenient: skip a blank entry */
			if (!check_entry(p, i, end, &e))
				return false;
			if (entries++ == 0 && first != NULL)
				*first = e;
		}
		if (end == p->len)
			break;
		i = end + 1;
		while (p->strict && i < p->len && s[i] == ' ')
			i++;
		if (p->strict && i == p->len)
			return fail(p, R_EMPTY_AFTER_SEMI, i);
	}
	return entries > 0 ? true : fail(p, R_EMPTY, 0);
}

const char *
mri_pac_return_parse(const char *s, size_t len, enum mri_pac_strictness mode,
                     size_t *bad, struct mri_pac_entry *first)
{
	struct parse p = {s, len, mode == MRI_PAC_STRICT, R_NULL, 0};

	if (check_list(&p, first)) {
		*bad = 0;
		return NULL;
	}
	*bad = p.bad;
	return reasons[p.why][p.strict ? 0 : 1];
}

const char *
mr_pac_return_check(const char *s, size_t len, size_t *bad)
{
	size_t dummy;

	return mri_pac_return_parse(s, len, MRI_PAC_STRICT, bad ? bad : &dummy,
	                            NULL);
}

const char *
mr_pac_audit_check_return(const char *s, size_t len)
{
	size_t bad;

	return mri_pac_return_parse(s, len, MRI_PAC_LENIENT, &bad, NULL);
}

size_t
mr_pac_audit_first_entry(const char *s, size_t len, char *buf, size_t cap)
{
	struct mri_pac_entry e;
	size_t bad, k, i, w;

	if (cap == 0 ||
	    mri_pac_return_parse(s, len, MRI_PAC_LENIENT, &bad, &e) != NULL)
		return 0;
	k = strlen(e.keyword);
	if (k + 1 > cap)
		return 0;
	memcpy(buf, e.keyword, k);
	w = k;
	if (e.arg < e.arg_end) {
		if (w + 1 < cap)
			buf[w++] = ' ';
		for (i = e.arg; i < e.arg_end && w + 1 < cap; i++)
			buf[w++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32
			                                             : s[i]);
	}
	buf[w] = '\0';
	return w;
}

size_t
mr_pac_js_escape(char *dst, size_t cap, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, k = 0;
	char e[4];
	size_t el, j;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\'' || c == '\\') {
			e[0] = '\\';
			e[1] = (char)c;
			el = 2;
		} else if (c < 0x20 || c > 0x7e || c == '<' || c == '>') {
			e[0] = '\\';
			e[1] = 'x';
			e[2] = hex[c >> 4];
			e[3] = hex[c & 15];
			el = 4;
		} else {
			e[0] = (char)c;
			el = 1;
		}
		for (j = 0; j < el; j++, k++)
			if (k + 1 < cap)
				dst[k] = e[j];
	}
	if (cap > 0)
		dst[k < cap ? k : cap - 1] = '\0';
	return k;
}
