/*
 * rib_mrt.c - MRT (RFC 6396): TABLE_DUMP_V2 (PEER_INDEX_TABLE,
 * RIB_IPV4_UNICAST, RIB_IPV6_UNICAST) and BGP4MP / BGP4MP_ET (MESSAGE,
 * MESSAGE_AS4 and their _LOCAL forms) carrying BGP UPDATEs. Path
 * attributes: ORIGIN, AS_PATH (2- or 4-byte), NEXT_HOP, LOCAL_PREF,
 * COMMUNITIES, MP_REACH_NLRI, MP_UNREACH_NLRI, AS4_PATH; others skipped.
 * A record that is wrong is reported at its byte offset and skipped; a
 * truncated last record ends the file.
 *
 * The input is a stream (struct rib_in): one record is in memory at a
 * time, so a table is read in memory bounded by its largest record plus
 * the routes the rib's filter keeps (rib_keep()). A route is built on the
 * stack with its arrays pointing into the record's parsed attributes and
 * copied into the rib's arena only when kept; peer addresses of BGP4MP
 * records are formatted into a buffer and copied once per run of kept
 * routes from the same peer. O(input) time.
 */
#include <stdio.h>
#include <string.h>

#include "rib_int.h"

enum {
	MRT_TABLE_DUMP_V2 = 13,
	MRT_BGP4MP = 16,
	MRT_BGP4MP_ET = 17,
};

/* The peers of the last PEER_INDEX_TABLE. */
struct peer {
	const char *addr;
};

struct mrt {
	struct mr_rib *rib;
	const uint8_t *base; /* the record in memory, at input offset */
	size_t base_off;     /* base_off */
	size_t rec;          /* the offset of the record being read */
	char peer_buf[MR_ADDR_STRLEN]; /* a BGP4MP record's peer */
	const char *peer_last;         /* its last copy in the arena */
	struct peer *peers;
	size_t n_peers;
	bool have_index;
};

/* A parsed attribute set, before it is copied onto each prefix. */
struct attrs {
	uint32_t path[1024];
	size_t path_len;
	uint32_t path4[1024];
	size_t path4_len;
	bool has_path4;
	uint32_t comm[1024];
	size_t n_comm;
	struct mr_addr nh;
	uint32_t lp;
	bool has_lp;
	uint8_t origin;
	/* MP_REACH / MP_UNREACH NLRI (a BGP4MP UPDATE's IPv6 routes). */
	const uint8_t *mp_nlri;
	size_t mp_nlri_len;
	uint8_t mp_family;
	const uint8_t *mp_unreach;
	size_t mp_unreach_len;
	uint8_t mp_unreach_family;
};

static uint16_t
g16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static uint32_t
g32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static size_t
off(struct mrt *m, const uint8_t *p)
{
	return m->base_off + (size_t)(p - m->base);
}

static void
set_addr(struct mr_addr *a, uint8_t fam, const uint8_t *p)
{
	memset(a, 0, sizeof(*a));
	a->family = fam;
	memcpy(a->bytes, p, fam == MR_AF_INET ? 4 : 16);
}

static const char *
addr_str(struct mr_rib *rib, uint8_t fam, const uint8_t *p)
{
	struct mr_addr a;
	char s[MR_ADDR_STRLEN];
	set_addr(&a, fam, p);
	size_t n = mr_addr_format(&a, s, sizeof(s));
	return rib_strndup(rib, s, n);
}

/* One NLRI prefix at *p (length byte, then the bytes); false when it
 * runs past end or is too long for the family. */
static bool
read_prefix(const uint8_t **p, const uint8_t *end, uint8_t fam,
            struct mr_prefix *out)
{
	if (*p >= end)
		return false;
	unsigned len = **p;
	unsigned max = fam == MR_AF_INET ? 32 : 128;
	size_t nb = (len + 7) / 8;
	if (len > max || (size_t)(end - *p - 1) < nb)
		return false;
	memset(out, 0, sizeof(*out));
	out->addr.family = fam;
	out->len = (uint8_t)len;
	memcpy(out->addr.bytes, *p + 1, nb);
	if (len % 8)
		out->addr.bytes[nb - 1] &= (uint8_t)(0xff << (8 - len % 8));
	*p += 1 + nb;
	return true;
}

/* AS_PATH or AS4_PATH: segments of (type, count, count ASNs of asz). */
static bool
read_path(struct mrt *m, const uint8_t *p, size_t len, size_t asz,
          uint32_t *out, size_t *n)
{
	const uint8_t *end = p + len;
	*n = 0;
	while (p < end) {
		if (end - p < 2) {
			rib_err(m->rib, off(m, p), 0,
			        "AS_PATH: a segment header runs past the "
			        "attribute");
			return false;
		}
		unsigned type = p[0], cnt = p[1];
		if (type < 1 || type > 4) {
			rib_err(m->rib, off(m, p), 0,
			        "AS_PATH: unknown segment type %u", type);
			return false;
		}
		p += 2;
		if ((size_t)(end - p) < cnt * asz) {
			rib_err(
			    m->rib, off(m, p), 0,
			    "AS_PATH: %u ASNs of %zu bytes run past the "
			    "attribute (%zu bytes left; 2- vs 4-byte ASNs?)",
			    cnt, asz, (size_t)(end - p));
			return false;
		}
		for (unsigned i = 0; i < cnt; i++, p += asz) {
			if (*n < 1024)
				out[(*n)++] = asz == 4 ? g32(p) : g16(p);
		}
	}
	return true;
}

/* Path attributes [p, p+len). asz: the AS_PATH's ASN size. rib_entry: a
 * TABLE_DUMP_V2 entry (MP_REACH holds only the next hop). */
static bool
read_attrs(struct mrt *m, const uint8_t *p, size_t len, size_t asz,
           bool rib_entry, struct attrs *a)
{
	const uint8_t *end = p + len;
	a->path_len = a->path4_len = a->n_comm = 0;
	a->has_path4 = a->has_lp = false;
	a->lp = 0;
	memset(&a->nh, 0, sizeof(a->nh));
	a->origin = MR_ORIGIN_UNKNOWN;
	a->mp_nlri = a->mp_unreach = NULL;
	a->mp_nlri_len = a->mp_unreach_len = 0;
	while (p < end) {
		const uint8_t *at = p;
		if (end - p < 3) {
			rib_err(m->rib, off(m, at), 0,
			        "path attribute header truncated");
			return false;
		}
		unsigned flags = p[0], type = p[1];
		size_t alen;
		if (flags & 0x10) {
			if (end - p < 4) {
				rib_err(m->rib, off(m, at), 0,
				        "path attribute header truncated");
				return false;
			}
			alen = g16(p + 2);
			p += 4;
		} else {
			alen = p[2];
			p += 3;
		}
		if ((size_t)(end - p) < alen) {
			rib_err(m->rib, off(m, at), 0,
			        "path attribute %u: %zu bytes run past the "
			        "attributes (%zu left)",
			        type, alen, (size_t)(end - p));
			return false;
		}
		const uint8_t *v = p;
		p += alen;
		switch (type) {
		case 1: /* ORIGIN */
			if (alen != 1) {
				rib_err(m->rib, off(m, at), 0,
				        "ORIGIN: length %zu, not 1", alen);
				return false;
			}
			a->origin = v[0] <= 2 ? v[0] : MR_ORIGIN_UNKNOWN;
			break;
		case 2: /* AS_PATH */
			if (!read_path(m, v, alen, asz, a->path, &a->path_len))
				return false;
			break;
		case 17: /* AS4_PATH */
			if (!read_path(m, v, alen, 4, a->path4, &a->path4_len))
				return false;
			a->has_path4 = true;
			break;
		case 3: /* NEXT_HOP */
			if (alen != 4) {
				rib_err(m->rib, off(m, at), 0,
				        "NEXT_HOP: length %zu, not 4", alen);
				return false;
			}
			set_addr(&a->nh, MR_AF_INET, v);
			break;
		case 5: /* LOCAL_PREF */
			if (alen != 4) {
				rib_err(m->rib, off(m, at), 0,
				        "LOCAL_PREF: length %zu, not 4", alen);
				return false;
			}
			a->lp = g32(v);
			a->has_lp = true;
			break;
		case 8: /* COMMUNITIES */
			if (alen % 4) {
				rib_err(
				    m->rib, off(m, at), 0,
				    "COMMUNITIES: length %zu, not a multiple "
				    "of 4",
				    alen);
				return false;
			}
			for (size_t i = 0; i < alen && a->n_comm < 1024; i += 4)
				a->comm[a->n_comm++] = g32(v + i);
			break;
		case 14: { /* MP_REACH_NLRI */
			const uint8_t *q = v, *qe = v + alen;
			if (!rib_entry) {
				if (alen < 5)
					goto mp_bad;
				unsigned afi = g16(q);
				q += 3; /* AFI, SAFI */
				a->mp_family =
				    afi == 2 ? MR_AF_INET6 : MR_AF_INET;
			}
			if (q >= qe)
				goto mp_bad;
			size_t nhl = *q++;
			if ((size_t)(qe - q) < nhl)
				goto mp_bad;
			if (nhl == 16 || nhl == 32)
				set_addr(&a->nh, MR_AF_INET6, q);
			else if (nhl == 4)
				set_addr(&a->nh, MR_AF_INET, q);
			q += nhl;
			if (!rib_entry) {
				if (q >= qe)
					goto mp_bad;
				q++; /* reserved */
				a->mp_nlri = q;
				a->mp_nlri_len = (size_t)(qe - q);
			}
			break;
		mp_bad:
			rib_err(m->rib, off(m, at), 0,
			        "MP_REACH_NLRI: truncated (%zu bytes)", alen);
			return false;
		}
		case 15: /* MP_UNREACH_NLRI */
			if (alen < 3) {
				rib_err(
				    m->rib, off(m, at), 0,
				    "MP_UNREACH_NLRI: truncated (%zu bytes)",
				    alen);
				return false;
			}
			a->mp_unreach_family =
			    g16(v) == 2 ? MR_AF_INET6 : MR_AF_INET;
			a->mp_unreach = v + 3;
			a->mp_unreach_len = alen - 3;
			break;
		default: /* MED, ATOMIC_AGGREGATE, AGGREGATOR, ...: not used */
			break;
		}
	}
	/* RFC 6793: a 2-byte AS_PATH with AS4_PATH: the leading ASNs the
	 * AS4_PATH does not cover, then the AS4_PATH. */
	if (asz == 2 && a->has_path4 && a->path4_len <= a->path_len) {
		size_t keep = a->path_len - a->path4_len;
		memcpy(a->path + keep, a->path4,
		       a->path4_len * sizeof(uint32_t));
	}
	return true;
}

/* One route: offered to the filter as it is, stored (with copies of its
 * arrays and, for a BGP4MP peer, of its peer) when kept. */
static void
emit(struct mrt *m, const struct mr_prefix *pfx, const struct attrs *a,
     const char *peer)
{
	struct mr_rib *rib = m->rib;
	struct mr_rib_route t;
	memset(&t, 0, sizeof(t));
	t.prefix = *pfx;
	t.peer = peer;
	t.offset = m->rec;
	if (a == NULL) {
		t.withdrawn = true;
		t.origin = MR_ORIGIN_UNKNOWN;
	} else {
		t.next_hop = a->nh;
		t.origin = a->origin;
		t.local_pref = a->lp;
		t.has_local_pref = a->has_lp;
		t.as_path = a->path_len ? a->path : NULL;
		t.as_path_len = a->path_len;
		t.communities = a->n_comm ? a->comm : NULL;
		t.n_communities = a->n_comm;
	}
	if (!rib_keep(rib, &t))
		return;
	struct mr_rib_route *r = rib_add(rib);
	if (r == NULL)
		return;
	*r = t;
	r->as_path = NULL;
	r->as_path_len = 0;
	r->communities = NULL;
	r->n_communities = 0;
	if (peer == m->peer_buf) {
		if (m->peer_last == NULL || strcmp(m->peer_last, peer) != 0)
			m->peer_last = rib_strndup(rib, peer, strlen(peer));
		r->peer = m->peer_last;
	}
	if (t.as_path_len) {
		uint32_t *v = rib_alloc(rib, t.as_path_len * sizeof(*v));
		if (v) {
			memcpy(v, t.as_path, t.as_path_len * sizeof(*v));
			r->as_path = v;
			r->as_path_len = t.as_path_len;
		}
	}
	if (t.n_communities) {
		uint32_t *v = rib_alloc(rib, t.n_communities * sizeof(*v));
		if (v) {
			memcpy(v, t.communities, t.n_communities * sizeof(*v));
			r->communities = v;
			r->n_communities = t.n_communities;
		}
	}
}

static void
peer_index(struct mrt *m, const uint8_t *p, size_t len)
{
	const uint8_t *end = p + len, *start = p;
	if (len < 6)
		goto trunc;
	size_t vlen = g16(p + 4);
	p += 6;
	if ((size_t)(end - p) < vlen + 2)
		goto trunc;
	p += vlen;
	size_t n = g16(p);
	p += 2;
	m->peers = rib_alloc(m->rib, (n ? n : 1) * sizeof(*m->peers));
	m->n_peers = 0;
	m->have_index = true;
	if (m->peers == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		if (end - p < 1)
			goto trunc;
		unsigned t = p[0];
		size_t need = 1 + 4 + (t & 1 ? 16 : 4) + (t & 2 ? 4 : 2);
		if ((size_t)(end - p) < need)
			goto trunc;
		/* The all-zero peer is the router itself (its own
		 * routes): "" as in every format. */
		static const uint8_t zero[16];
		m->peers[i].addr =
		    memcmp(p + 5, zero, t & 1 ? 16 : 4) == 0
		        ? ""
		        : addr_str(m->rib, t & 1 ? MR_AF_INET6 : MR_AF_INET,
		                   p + 5);
		m->n_peers = i + 1;
		p += need;
	}
	return;
trunc:
	rib_err(m->rib, off(m, p > start ? p : start), 0,
	        "PEER_INDEX_TABLE truncated (%zu of %zu peers read)",
	        m->n_peers, m->n_peers);
}

static void
rib_entries(struct mrt *m, const uint8_t *p, size_t len, uint8_t fam,
            struct attrs *a)
{
	const uint8_t *end = p + len;
	struct mr_prefix pfx;
	if (len < 4) {
		rib_err(m->rib, off(m, p), 0, "RIB record truncated");
		return;
	}
	p += 4; /* sequence number */
	if (!read_prefix(&p, end, fam, &pfx)) {
		rib_err(m->rib, off(m, p), 0,
		        "RIB record: a bad or truncated prefix");
		return;
	}
	if (end - p < 2) {
		rib_err(m->rib, off(m, p), 0, "RIB record truncated");
		return;
	}
	size_t n = g16(p);
	p += 2;
	if (!m->have_index)
		rib_err(m->rib, off(m, p), 0,
		        "RIB record before any PEER_INDEX_TABLE");
	for (size_t i = 0; i < n; i++) {
		if (end - p < 8) {
			rib_err(m->rib, off(m, p), 0,
			        "RIB entry %zu of %zu truncated", i + 1, n);
			return;
		}
		size_t pi = g16(p), alen = g16(p + 6);
		p += 8;
		if ((size_t)(end - p) < alen) {
			rib_err(
			    m->rib, off(m, p), 0,
			    "RIB entry %zu: %zu attribute bytes run past the "
			    "record",
			    i + 1, alen);
			return;
		}
		const char *peer = "";
		if (pi < m->n_peers)
			peer = m->peers[pi].addr;
		else if (m->have_index)
			rib_err(m->rib, off(m, p - 8), 0,
			        "RIB entry: peer index %zu, the table has %zu",
			        pi, m->n_peers);
		if (read_attrs(m, p, alen, 4, true, a))
			emit(m, &pfx, a, peer);
		p += alen;
	}
}

static void
nlri_list(struct mrt *m, const uint8_t *p, size_t len, uint8_t fam,
          const struct attrs *a, const char *peer)
{
	const uint8_t *end = p + len;
	struct mr_prefix pfx;
	while (p < end) {
		if (!read_prefix(&p, end, fam, &pfx)) {
			rib_err(m->rib, off(m, p), 0,
			        "UPDATE: a bad or truncated prefix");
			return;
		}
		emit(m, &pfx, a, peer);
	}
}

static void
bgp4mp(struct mrt *m, unsigned sub, const uint8_t *p, size_t len,
       struct attrs *a)
{
	const uint8_t *end = p + len, *start = p;
	bool as4 = sub == 4 || sub == 7;
	if (sub != 1 && sub != 4 && sub != 6 && sub != 7)
		return; /* state changes; ADD-PATH forms are not read */
	size_t asz = as4 ? 4 : 2;
	if (len < 2 * asz + 4)
		goto trunc;
	p += 2 * asz + 2; /* peer AS, local AS, interface */
	unsigned afi = g16(p);
	p += 2;
	uint8_t fam = afi == 2 ? MR_AF_INET6 : MR_AF_INET;
	size_t alen = fam == MR_AF_INET ? 4 : 16;
	if (afi != 1 && afi != 2) {
		rib_err(m->rib, off(m, p - 2), 0, "BGP4MP: unknown AFI %u",
		        afi);
		return;
	}
	if ((size_t)(end - p) < 2 * alen + 19)
		goto trunc;
	struct mr_addr pa;
	set_addr(&pa, fam, p);
	mr_addr_format(&pa, m->peer_buf, sizeof(m->peer_buf));
	const char *peer = m->peer_buf;
	p += 2 * alen;
	/* The BGP message: marker, length, type. */
	size_t mlen = g16(p + 16);
	unsigned type = p[18];
	if (mlen < 19 || mlen > (size_t)(end - p)) {
		rib_err(m->rib, off(m, p + 16), 0,
		        "BGP message length %zu; the record holds %zu", mlen,
		        (size_t)(end - p));
		return;
	}
	if (type != 2)
		return; /* OPEN, KEEPALIVE, NOTIFICATION */
	end = p + mlen;
	p += 19;
	if (end - p < 2)
		goto trunc;
	size_t wlen = g16(p);
	p += 2;
	if ((size_t)(end - p) < wlen + 2)
		goto trunc;
	nlri_list(m, p, wlen, MR_AF_INET, NULL, peer);
	p += wlen;
	size_t tlen = g16(p);
	p += 2;
	if ((size_t)(end - p) < tlen)
		goto trunc;
	if (!read_attrs(m, p, tlen, asz, false, a))
		return;
	p += tlen;
	if (a->mp_unreach)
		nlri_list(m, a->mp_unreach, a->mp_unreach_len,
		          a->mp_unreach_family, NULL, peer);
	if (a->mp_nlri)
		nlri_list(m, a->mp_nlri, a->mp_nlri_len, a->mp_family, a, peer);
	nlri_list(m, p, (size_t)(end - p), MR_AF_INET, a, peer);
	return;
trunc:
	rib_err(m->rib, off(m, start), 0, "BGP4MP record truncated");
}

/* One record, its header at p and its rlen-byte body after it. */
static void
record(struct mrt *m, struct attrs *a, const uint8_t *p, size_t rlen)
{
	struct mr_rib *rib = m->rib;
	unsigned type = g16(p + 4), sub = g16(p + 6);
	const uint8_t *body = p + 12;
	m->rec = off(m, p);
	switch (type) {
	case MRT_TABLE_DUMP_V2:
		if (sub == 1)
			peer_index(m, body, rlen);
		else if (sub == 2)
			rib_entries(m, body, rlen, MR_AF_INET, a);
		else if (sub == 4)
			rib_entries(m, body, rlen, MR_AF_INET6, a);
		break;
	case MRT_BGP4MP_ET:
		if (rlen < 4) {
			rib_err(rib, off(m, p), 0,
			        "BGP4MP_ET record truncated");
			break;
		}
		rib->updates = true;
		bgp4mp(m, sub, body + 4, rlen - 4, a);
		break;
	case MRT_BGP4MP:
		rib->updates = true;
		bgp4mp(m, sub, body, rlen, a);
		break;
	default:
		rib_err(rib, off(m, p), 0, "MRT type %u subtype %u not read",
		        type, sub);
		break;
	}
}

void
rib_stream_mrt(struct mr_rib *rib, struct rib_in *in)
{
	struct mrt m = {.rib = rib};
	struct attrs *a = rib_alloc(rib, sizeof(*a));
	if (a == NULL)
		return;
	for (;;) {
		const uint8_t *p;
		size_t have = rib_in_peek(in, 12, &p);
		if (have == 0)
			return;
		m.base = p;
		m.base_off = rib_in_offset(in);
		if (have < 12) {
			rib_err(rib, off(&m, p), 0,
			        "MRT header truncated (%zu bytes left)", have);
			return;
		}
		size_t rlen = g32(p + 8);
		have = rib_in_peek(in, 12 + rlen, &p);
		m.base = p;
		if (have - 12 < rlen) {
			rib_err(rib, off(&m, p), 0,
			        "MRT record of %zu bytes truncated (%zu left)",
			        rlen, have - 12);
			return;
		}
		record(&m, a, p, rlen);
		rib_in_skip(in, 12 + rlen);
	}
}

void
rib_parse_mrt(struct mr_rib *rib, const uint8_t *p, size_t len)
{
	struct rib_in in;
	rib_in_mem(&in, p, len);
	rib_stream_mrt(rib, &in);
}
