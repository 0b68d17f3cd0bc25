/*
 * prefix.c - strict IPv4/IPv6 address and prefix parsing, canonical output,
 * containment (prefix.h).
 *
 * Input is (ptr, len), never NUL-terminated; no inet_pton, no locale.
 * Accepted forms:
 *   IPv4  dotted quad, four decimal octets 0..255, no leading zeros
 *         ("0" is fine, "01" is not), nothing else (no "1.2.3", no hex).
 *   IPv6  RFC 4291 section 2.2: eight groups of 1..4 hex digits (either
 *         case), at most one "::" standing for one or more zero groups,
 *         and optionally an IPv4 dotted quad in place of the last two
 *         groups ("::ffff:1.2.3.4", "64:ff9b::192.0.2.1"). No zone ids.
 *   prefix "addr/len", len decimal without leading zeros, 0..32 or 0..128.
 *         Host bits are cleared and reported through *host_bits.
 * Output is RFC 5952 section 4: lowercase hex, no leading zeros in a group,
 * the longest run of two or more zero groups replaced by "::" (the leftmost
 * one on a tie), a single zero group written "0". IPv4-mapped and other
 * special addresses are printed in plain hex as well (RFC 5952 section 5 is
 * a recommendation; one uniform form keeps the output canonical).
 *
 * Layout: struct mr_addr holds the address in network byte order in
 * bytes[]; IPv4 uses bytes[0..3] and leaves the rest zero, so two equal
 * addresses compare equal with memcmp().
 * Complexity: every function is one pass, O(len), with no allocation; the
 * parsers sit on the target-matching hot path, so failures only return
 * MR_EINVAL and do not touch mr_error_last().
 */
#include "m365route/prefix.h"

#include <string.h>

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20; /* fold to lowercase; digits were handled above */
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Parse exactly s[0..len) as a dotted quad into out[0..3]. */
static int
parse_v4(uint8_t out[4], const char *s, size_t len)
{
	size_t i = 0;
	int k;

	for (k = 0; k < 4; k++) {
		unsigned v;
		size_t start = i;

		if (k > 0) {
			if (i >= len || s[i] != '.')
				return -1;
			start = ++i;
		}
		if (i >= len || s[i] < '0' || s[i] > '9')
			return -1;
		v = (unsigned)(s[i++] - '0');
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			if (v == 0 || i - start >= 3)
				return -1; /* leading zero or 4 digits */
			v = v * 10 + (unsigned)(s[i++] - '0');
		}
		if (v > 255)
			return -1;
		out[k] = (uint8_t)v;
	}
	return i == len ? 0 : -1;
}

/* Parse exactly s[0..len) as an IPv6 address into out[0..15]. */
static int
parse_v6(uint8_t out[16], const char *s, size_t len)
{
	uint16_t g[8];
	size_t i = 0;
	int n = 0, gap = -1, k;

	if (len < 2)
		return -1;
	if (s[0] == ':') {
		if (s[1] != ':')
			return -1;
		gap = 0;
		i = 2;
		if (i == len)
			goto done;
	}
	for (;;) {
		size_t start = i;
		unsigned v = 0;
		int h;

		while (i < len && i - start < 4 &&
		       (h = hexval((unsigned char)s[i])) >= 0) {
			v = (v << 4) | (unsigned)h;
			i++;
		}
		if (i < len && s[i] == '.') {
			/* An IPv4 tail: must end the text, fill two groups. */
			if (i == start || n > 6)
				return -1;
			if (parse_v4(out, s + start, len - start) != 0)
				return -1;
			g[n++] = (uint16_t)(out[0] << 8 | out[1]);
			g[n++] = (uint16_t)(out[2] << 8 | out[3]);
			break;
		}
		if (i == start || n == 8)
			return -1;
		g[n++] = (uint16_t)v;
		if (i == len)
			break;
		if (s[i] != ':')
			return -1; /* a fifth hex digit or a stray character */
		if (++i == len)
			return -1; /* trailing single ':' */
		if (s[i] == ':') {
			if (gap >= 0)
				return -1; /* a second "::" */
			gap = n;
			if (++i == len)
				break;
		}
	}
done:
	if (gap >= 0) {
		if (n > 7)
			return -1; /* "::" stands for at least one group */
	} else if (n != 8) {
		return -1;
	}
	memset(out, 0, 16);
	if (gap < 0)
		gap = n;
	for (k = 0; k < gap; k++) {
		out[2 * k] = (uint8_t)(g[k] >> 8);
		out[2 * k + 1] = (uint8_t)g[k];
	}
	for (k = gap; k < n; k++) {
		int at = 8 - (n - k);
		out[2 * at] = (uint8_t)(g[k] >> 8);
		out[2 * at + 1] = (uint8_t)g[k];
	}
	return 0;
}

int
mr_addr_parse(struct mr_addr *out, const char *s, size_t len)
{
	struct mr_addr a;

	if (out == NULL || (s == NULL && len > 0))
		return MR_EINVAL;
	memset(&a, 0, sizeof(a));
	if (len == 0)
		return MR_EINVAL;
	if (memchr(s, ':', len) != NULL) {
		if (parse_v6(a.bytes, s, len) != 0)
			return MR_EINVAL;
		a.family = MR_AF_INET6;
	} else {
		if (parse_v4(a.bytes, s, len) != 0)
			return MR_EINVAL;
		a.family = MR_AF_INET;
	}
	*out = a;
	return MR_OK;
}

/* Clear the bits after the first len; return whether any was set. */
static bool
clear_host_bits(uint8_t *b, unsigned nbytes, unsigned len)
{
	unsigned i = len / 8;
	bool had = false;

	if (i < nbytes && (len % 8) != 0) {
		uint8_t mask = (uint8_t)(0xffu << (8 - len % 8));
		if (b[i] & (uint8_t)~mask)
			had = true;
		b[i] &= mask;
		i++;
	}
	for (; i < nbytes; i++) {
		if (b[i] != 0)
			had = true;
		b[i] = 0;
	}
	return had;
}

int
mr_prefix_parse(struct mr_prefix *out, const char *s, size_t len,
                bool *host_bits)
{
	struct mr_prefix p;
	size_t slash, i;
	unsigned plen = 0, max;
	bool had;

	if (out == NULL || s == NULL || len < 3)
		return MR_EINVAL;
	/* The length has at most three digits: look for '/' near the end. */
	for (slash = len - 1;; slash--) {
		if (s[slash] == '/')
			break;
		if (slash == 0 || len - slash > 4)
			return MR_EINVAL;
	}
	if (slash == 0 || slash + 1 == len)
		return MR_EINVAL;
	for (i = slash + 1; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return MR_EINVAL;
		if (i > slash + 1 && plen == 0)
			return MR_EINVAL; /* leading zero */
		plen = plen * 10 + (unsigned)(s[i] - '0');
	}
	memset(&p, 0, sizeof(p));
	if (mr_addr_parse(&p.addr, s, slash) != MR_OK)
		return MR_EINVAL;
	max = p.addr.family == MR_AF_INET ? 32 : 128;
	if (plen > max)
		return MR_EINVAL;
	p.len = (uint8_t)plen;
	had = clear_host_bits(p.addr.bytes, max / 8, plen);
	if (host_bits != NULL)
		*host_bits = had;
	*out = p;
	return MR_OK;
}

static const char hexdig[] = "0123456789abcdef";

/* Decimal 0..255 into p; returns the new end. */
static char *
put_u8(char *p, unsigned v)
{
	if (v >= 100) {
		*p++ = (char)('0' + v / 100);
		*p++ = (char)('0' + v / 10 % 10);
	} else if (v >= 10) {
		*p++ = (char)('0' + v / 10);
	}
	*p++ = (char)('0' + v % 10);
	return p;
}

/* Format into tmp (at least MR_ADDR_STRLEN bytes); return the length. */
static size_t
format_addr(const struct mr_addr *a, char *tmp)
{
	char *p = tmp;
	unsigned g[8];
	int i, best = -1, bestlen = 1, run = 0;

	if (a->family == MR_AF_INET) {
		for (i = 0; i < 4; i++) {
			if (i > 0)
				*p++ = '.';
			p = put_u8(p, a->bytes[i]);
		}
		return (size_t)(p - tmp);
	}
	if (a->family != MR_AF_INET6)
		return 0;
	/* RFC 5952 section 5: IPv4-mapped addresses keep the dotted tail. */
	if (memcmp(a->bytes, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0) {
		memcpy(p, "::ffff:", 7);
		p += 7;
		for (i = 12; i < 16; i++) {
			if (i > 12)
				*p++ = '.';
			p = put_u8(p, a->bytes[i]);
		}
		return (size_t)(p - tmp);
	}
	for (i = 0; i < 8; i++) {
		g[i] = (unsigned)a->bytes[2 * i] << 8 | a->bytes[2 * i + 1];
		if (g[i] == 0) {
			/* Strictly longer wins, so the leftmost run wins ties. */
			if (++run > bestlen) {
				bestlen = run;
				best = i - run + 1;
			}
		} else {
			run = 0;
		}
	}
	for (i = 0; i < 8; i++) {
		unsigned v = g[i];
		int shift;

		if (i == best) {
			*p++ = ':';
			*p++ = ':';
			i += bestlen - 1;
			continue;
		}
		if (i > 0 && i != best + bestlen)
			*p++ = ':';
		for (shift = 12; shift > 0 && (v >> shift) == 0; shift -= 4)
			;
		for (; shift >= 0; shift -= 4)
			*p++ = hexdig[(v >> shift) & 0xf];
	}
	return (size_t)(p - tmp);
}

static size_t
copy_out(const char *tmp, size_t n, char *buf, size_t size)
{
	if (size > 0) {
		size_t k = n < size - 1 ? n : size - 1;
		memcpy(buf, tmp, k);
		buf[k] = '\0';
	}
	return n;
}

size_t
mr_addr_format(const struct mr_addr *a, char *buf, size_t n)
{
	char tmp[MR_ADDR_STRLEN + 8];

	return copy_out(tmp, format_addr(a, tmp), buf, n);
}

size_t
mr_prefix_format(const struct mr_prefix *p, char *buf, size_t n)
{
	char tmp[MR_PREFIX_STRLEN + 8];
	size_t k = format_addr(&p->addr, tmp);
	char *e = tmp + k;

	if (k == 0)
		return copy_out(tmp, 0, buf, n);
	*e++ = '/';
	if (p->len >= 100) {
		*e++ = (char)('0' + p->len / 100);
		*e++ = (char)('0' + p->len / 10 % 10);
	} else if (p->len >= 10) {
		*e++ = (char)('0' + p->len / 10);
	}
	*e++ = (char)('0' + p->len % 10);
	return copy_out(tmp, (size_t)(e - tmp), buf, n);
}

int
mr_prefix_cmp(const struct mr_prefix *a, const struct mr_prefix *b)
{
	int c;

	if (a->addr.family != b->addr.family)
		return a->addr.family < b->addr.family ? -1 : 1;
	c = memcmp(a->addr.bytes, b->addr.bytes, sizeof(a->addr.bytes));
	if (c != 0)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

bool
mr_prefix_contains(const struct mr_prefix *p, const struct mr_addr *a)
{
	unsigned len = p->len, i, max;

	if (p->addr.family != a->family)
		return false;
	max = a->family == MR_AF_INET ? 32 : 128;
	if (len > max)
		len = max;
	for (i = 0; i < len / 8; i++)
		if (p->addr.bytes[i] != a->bytes[i])
			return false;
	if (len % 8) {
		uint8_t mask = (uint8_t)(0xffu << (8 - len % 8));
		if ((p->addr.bytes[i] ^ a->bytes[i]) & mask)
			return false;
	}
	return true;
}
