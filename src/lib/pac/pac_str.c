/*
 * pac_str.c - the strings a generated PAC file is made of: the return
 * strings of FindProxyForURL() (checked against a strict grammar) and
 * JavaScript string literals (escaped).
 *
 * Grammar (a strict subset of what browsers accept; Netscape "Navigator
 * Proxy Auto-Config File Format", 1996, and Chromium's
 * net/proxy_resolution/proxy_list.cc):
 *   list     = item *( ";" *SP item )
 *   item     = "DIRECT" / scheme SP host ":" port
 *   scheme   = "PROXY" / "HTTPS" / "SOCKS" / "SOCKS5"
 *   host     = dns-name / ipv4 / "[" ipv6 "]"
 *   port     = 1..65535, decimal, no leading zero
 * No leading or trailing blanks, no empty item, no lower-case keyword, no
 * default port: a string that a browser might read another way is refused.
 * Invariant: a string this file accepts holds only [A-Za-z0-9.:;[\] -],
 * so it cannot end a JavaScript string literal or comment.
 * Complexity: O(n), no allocation.
 */
#include <string.h>

#include "m365route/pac.h"
#include "m365route/prefix.h"

static int
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* A DNS name: labels of [A-Za-z0-9-], 1..63, no '-' at either end. */
static const char *
check_name(const char *s, size_t len, size_t *bad)
{
	size_t i, start = 0;

	if (len > 253) {
		*bad = 253;
		return "proxy host name longer than 253 characters";
	}
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '.') {
			if (!is_alnum(s[i]) && s[i] != '-') {
				*bad = i;
				return "character not allowed in a proxy host "
				       "name";
			}
			continue;
		}
		if (i == start) {
			*bad = i;
			return "empty label in proxy host name";
		}
		if (i - start > 63) {
			*bad = start;
			return "label longer than 63 characters in proxy host "
			       "name";
		}
		if (s[start] == '-' || s[i - 1] == '-') {
			*bad = s[start] == '-' ? start : i - 1;
			return "label starts or ends with '-' in proxy host "
			       "name";
		}
		start = i + 1;
	}
	return NULL;
}

/* All digits and dots: must then be a dotted-quad IPv4 address. */
static int
looks_numeric(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
			return 0;
	return 1;
}

static const char *
check_hostport(const char *s, size_t len, size_t *bad)
{
	const char *colon, *why;
	struct mr_addr a;
	size_t hl, i, k;
	unsigned port = 0;

	if (len == 0) {
		*bad = 0;
		return "missing host:port after the keyword";
	}
	if (s[0] == '[') {
		const char *end = memchr(s, ']', len);
		if (end == NULL) {
			*bad = 0;
			return "'[' without ']' in proxy address";
		}
		hl = (size_t)(end - s) + 1;
		if (mr_addr_parse(&a, s + 1, hl - 2) != MR_OK ||
		    a.family != MR_AF_INET6) {
			*bad = 1;
			return "not an IPv6 address in brackets";
		}
		if (hl == len || s[hl] != ':') {
			*bad = hl;
			return "missing ':port' after the proxy host";
		}
		colon = s + hl;
	} else {
		colon = memchr(s, ':', len);
		if (colon == NULL) {
			*bad = len;
			return "missing ':port' after the proxy host";
		}
		hl = (size_t)(colon - s);
		if (hl == 0) {
			*bad = 0;
			return "missing proxy host before ':'";
		}
		if (looks_numeric(s, hl)) {
			if (mr_addr_parse(&a, s, hl) != MR_OK ||
			    a.family != MR_AF_INET) {
				*bad = 0;
				return "not a valid IPv4 address";
			}
		} else if ((why = check_name(s, hl, bad)) != NULL) {
			return why;
		}
	}
	i = (size_t)(colon - s) + 1;
	if (i == len) {
		*bad = i;
		return "missing port number after ':'";
	}
	if (s[i] == '0') {
		*bad = i;
		return "port number must be 1..65535 without leading zero";
	}
	for (k = i; i < len; i++) {
		if (s[i] < '0' || s[i] > '9') {
			*bad = i;
			return i > k ? "unexpected character after the port "
			               "number"
			             : "port number must be 1..65535 without "
			               "leading zero";
		}
		port = port * 10 + (unsigned)(s[i] - '0');
		if (port > 65535) {
			*bad = i;
			return "port number must be 1..65535 without leading "
			       "zero";
		}
	}
	return NULL;
}

static const char *const schemes[] = {"PROXY", "HTTPS", "SOCKS5", "SOCKS"};

static const char *
check_item(const char *s, size_t len, size_t *bad)
{
	size_t k, kl;
	const char *why;

	if (len == 6 && memcmp(s, "DIRECT", 6) == 0)
		return NULL;
	for (k = 0; k < sizeof(schemes) / sizeof(schemes[0]); k++) {
		kl = strlen(schemes[k]);
		if (len > kl && memcmp(s, schemes[k], kl) == 0 && s[kl] == ' ')
			break;
	}
	if (k == sizeof(schemes) / sizeof(schemes[0])) {
		*bad = 0;
		return "expected DIRECT, or PROXY, HTTPS, SOCKS or SOCKS5 "
		       "followed by one space and host:port";
	}
	why = check_hostport(s + kl + 1, len - kl - 1, bad);
	if (why != NULL)
		*bad += kl + 1;
	return why;
}

const char *
mr_pac_return_check(const char *s, size_t len, size_t *bad)
{
	size_t i = 0, end, dummy;
	const char *why;

	if (bad == NULL)
		bad = &dummy;
	*bad = 0;
	if (s == NULL || len == 0)
		return "empty PAC return string";
	if (len > 1024) {
		*bad = 1024;
		return "PAC return string longer than 1024 characters";
	}
	for (;;) {
		const char *semi = memchr(s + i, ';', len - i);
		end = semi ? (size_t)(semi - s) : len;
		if (end == i) {
			*bad = i;
			return "empty item in PAC return string";
		}
		if ((why = check_item(s + i, end - i, bad)) != NULL) {
			*bad += i;
			return why;
		}
		if (end == len)
			return NULL;
		i = end + 1;
		while (i < len && s[i] == ' ')
			i++;
		if (i == len) {
			*bad = i;
			return "empty item after ';' in PAC return string";
		}
	}
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
