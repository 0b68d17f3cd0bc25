/*
 * target.c - what `classify` accepts: a hostname, a URL, "host:port" or an
 * IP address, turned into a normalised host or an address.
 *
 * URL: scheme "://" [userinfo "@"] host [":" port] [path/query/fragment],
 * RFC 3986 section 3.2; an IPv6 literal is bracketed (section 3.2.2).
 * Hostnames: letters, digits, '-', '_' (seen in real DNS, e.g. SRV names) and
 * '.', labels of 1..63 characters, 253 characters in all; lowercased, one
 * trailing dot dropped. Complexity: O(len), no allocation.
 */
#include <string.h>

#include "m365route/match.h"

static int
fail(struct mr_target *out, const char *why)
{
	out->kind = MR_TARGET_INVALID;
	out->why = why;
	return MR_EINVAL;
}

static bool
is_port(const char *s, size_t len)
{
	size_t i;
	unsigned v = 0;

	if (len == 0 || len > 5)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	return v <= 65535;
}

/* Host part (no brackets): an IPv4 address or a hostname. */
static int
take_host(struct mr_target *out, const char *s, size_t len)
{
	size_t i, label = 0;

	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len == 0)
		return fail(out, "empty host name");
	if (mr_addr_parse(&out->addr, s, len) == MR_OK) {
		out->kind = MR_TARGET_ADDR;
		return MR_OK;
	}
	if (len > MR_HOST_MAX)
		return fail(out, "host name longer than 253 characters");
	for (i = 0; i < len; i++) {
		char c = s[i];
		if (c == '.') {
			if (label == 0)
				return fail(out, "empty label in host name");
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		           c == '-' || c == '_') {
			label++;
		} else if (c >= 'A' && c <= 'Z') {
			c = (char)(c - 'A' + 'a');
			label++;
		} else {
			return fail(out,
			            "character not allowed in a host name");
		}
		if (label > 63)
			return fail(out, "label longer than 63 characters");
		out->host[i] = c;
	}
	if (label == 0)
		return fail(out, "empty label in host name");
	out->host[len] = '\0';
	out->host_len = len;
	out->kind = MR_TARGET_HOST;
	return MR_OK;
}

/* "[v6]" followed by nothing or ":port". */
static int
take_bracketed(struct mr_target *out, const char *s, size_t len)
{
	const char *end = memchr(s, ']', len);
	size_t rest;

	if (end == NULL)
		return fail(out, "'[' without ']'");
	rest = len - (size_t)(end - s) - 1;
	if (rest > 0 && (end[1] != ':' || !is_port(end + 2, rest - 1)))
		return fail(out, "junk after ']'");
	if (mr_addr_parse(&out->addr, s + 1, (size_t)(end - s) - 1) != MR_OK ||
	    out->addr.family != MR_AF_INET6)
		return fail(out, "not an IPv6 address in brackets");
	out->kind = MR_TARGET_ADDR;
	return MR_OK;
}

int
mr_target_parse(struct mr_target *out, const char *s, size_t len)
{
	const char *p, *colon;
	size_t i;

	out->kind = MR_TARGET_INVALID;
	out->why = NULL;
	out->host_len = 0;
	out->host[0] = '\0';
	while (len > 0 && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	                   s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	if (len == 0)
		return fail(out, "empty target");

	/* A URL: scheme "://" authority. */
	p = NULL;
	for (i = 0; i + 2 < len; i++) {
		char c = s[i];
		if (c == ':' && s[i + 1] == '/' && s[i + 2] == '/') {
			p = s + i + 3;
			break;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (i > 0 && ((c >= '0' && c <= '9') || c == '+' ||
		                 c == '-' || c == '.'))))
			break;
	}
	if (p != NULL) {
		const char *end = s + len, *q, *at = NULL;
		size_t n;
		for (q = p; q < end && *q != '/' && *q != '?' && *q != '#'; q++)
			if (*q == '@')
				at = q;
		if (at != NULL)
			p = at + 1;
		n = (size_t)(q - p);
		if (n > 0 && *p == '[')
			return take_bracketed(out, p, n);
		colon = memchr(p, ':', n);
		if (colon != NULL) {
			if (!is_port(colon + 1, n - (size_t)(colon - p) - 1))
				return fail(out, "bad port in URL");
			n = (size_t)(colon - p);
		}
		return take_host(out, p, n);
	}
	if (s[0] == '[')
		return take_bracketed(out, s, len);
	colon = memchr(s, ':', len);
	if (colon != NULL) {
		/* Two colons or more: an IPv6 address; one: host:port. */
		if (memchr(colon + 1, ':', len - (size_t)(colon - s) - 1)) {
			if (mr_addr_parse(&out->addr, s, len) != MR_OK)
				return fail(out, "not a valid IPv6 address");
			out->kind = MR_TARGET_ADDR;
			return MR_OK;
		}
		if (!is_port(colon + 1, len - (size_t)(colon - s) - 1))
			return fail(out, "not a hostname, URL or address");
		len = (size_t)(colon - s);
	}
	return take_host(out, s, len);
}
