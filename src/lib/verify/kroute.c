/*
 * kroute.c - the kernel's route for one address, over rtnetlink with
 * libmnl (Debian's libmnl-dev): what `ip route get ADDR` and `ip route
 * get fibmatch ADDR` print, without running ip.
 *
 * Spec: rtnetlink(7) (RTM_GETROUTE, struct rtmsg, RTA_DST, RTA_OIF,
 * RTA_GATEWAY, RTA_PREFSRC, RTA_TABLE); RTM_F_FIB_MATCH (Linux 4.13,
 * include/uapi/linux/rtnetlink.h) returns the routing entry that matched
 * rather than the resolved route, with its real prefix length.
 *
 * One socket per call, one request and one answer each (NLM_F_REQUEST,
 * no dump): O(1) per address. The kernel's error answers (no route, an
 * unreachable or prohibit route) are results, not failures.
 */
#include <sys/socket.h>

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "client_int.h"
#include "error.h"

#ifndef RTM_F_FIB_MATCH
#define RTM_F_FIB_MATCH 0x2000
#endif

struct answer {
	struct mr_vclient_route *out;
	uint8_t family;
	int dst_len;
};

static void
addr_of(const void *p, uint8_t family, struct mr_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->family = family == AF_INET ? MR_AF_INET : MR_AF_INET6;
	memcpy(a->bytes, p, family == AF_INET ? 4 : 16);
}

static int
on_attr(const struct nlattr *at, void *data)
{
	struct answer *ans = data;
	struct mr_vclient_route *r = ans->out;
	size_t alen = ans->family == AF_INET ? 4 : 16;
	uint16_t type = mnl_attr_get_type(at);

	if (mnl_attr_type_valid(at, RTA_MAX) < 0)
		return MNL_CB_OK;
	switch (type) {
	case RTA_OIF:
		if (mnl_attr_validate(at, MNL_TYPE_U32) == 0) {
			char name[IF_NAMESIZE];
			uint32_t idx = mnl_attr_get_u32(at);
			if (if_indextoname(idx, name) != NULL)
				snprintf(r->ifname, sizeof(r->ifname), "%s",
				         name);
			else
				snprintf(r->ifname, sizeof(r->ifname), "if%u",
				         idx);
		}
		break;
	case RTA_GATEWAY:
		if (mnl_attr_get_payload_len(at) == alen) {
			addr_of(mnl_attr_get_payload(at), ans->family, &r->gw);
			r->has_gw = true;
		}
		break;
	case RTA_PREFSRC:
		if (mnl_attr_get_payload_len(at) == alen) {
			addr_of(mnl_attr_get_payload(at), ans->family, &r->src);
			r->has_src = true;
		}
		break;
	case RTA_TABLE:
		if (mnl_attr_validate(at, MNL_TYPE_U32) == 0)
			r->table = mnl_attr_get_u32(at);
		break;
	default:
		break;
	}
	return MNL_CB_OK;
}

static int
on_msg(const struct nlmsghdr *nlh, void *data)
{
	struct answer *ans = data;
	const struct rtmsg *rm = mnl_nlmsg_get_payload(nlh);

	if (ans->out == NULL) { /* the FIB_MATCH query: only the length */
		ans->dst_len = rm->rtm_dst_len;
		return MNL_CB_OK;
	}
	if (ans->out->table == 0)
		ans->out->table = rm->rtm_table;
	return mnl_attr_parse(nlh, sizeof(*rm), on_attr, ans);
}

/* One RTM_GETROUTE; 0 with the answer parsed, a positive errno the
 * kernel answered, or -1 (socket failure, message set). */
static int
query(const struct mr_addr *dst, unsigned flags, struct answer *ans)
{
	char
	    buf[8192]; /* MNL_SOCKET_BUFFER_SIZE is a VLA: one page is plenty */
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct rtmsg *rm;
	unsigned seq = (unsigned)time(NULL), portid;
	uint8_t fam = dst->family == MR_AF_INET ? AF_INET : AF_INET6;
	int ret, rc = 0;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	rm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rm));
	rm->rtm_family = fam;
	rm->rtm_dst_len = fam == AF_INET ? 32 : 128;
	rm->rtm_flags = flags;
	mnl_attr_put(nlh, RTA_DST, fam == AF_INET ? 4 : 16, dst->bytes);
	ans->family = fam;

	if ((nl = mnl_socket_open(NETLINK_ROUTE)) == NULL)
		return mri_error_set(MR_EIO, "rtnetlink: %s", strerror(errno)),
		       -1;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		mri_error_set(MR_EIO, "rtnetlink: %s", strerror(errno));
		mnl_socket_close(nl);
		return -1;
	}
	portid = mnl_socket_get_portid(nl);
	ret = (int)mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (ret < 0) {
		mri_error_set(MR_EIO, "rtnetlink: %s", strerror(errno));
		rc = -1;
	} else if (mnl_cb_run(buf, (size_t)ret, seq, portid, on_msg, ans) ==
	           MNL_CB_ERROR) {
		rc = errno > 0 ? errno : EINVAL; /* the kernel's answer */
	}
	mnl_socket_close(nl);
	return rc;
}

int
mri_kroute_get(const struct mr_addr *dst, struct mr_vclient_route *out)
{
	struct answer ans = {out, 0, -1};
	int rc;

	memset(out, 0, sizeof(*out));
	out->dst_len = -1;
	if ((rc = query(dst, 0, &ans)) < 0)
		return MR_EIO;
	if (rc > 0) {
		out->err = rc;
		return MR_OK;
	}
	ans.out = NULL;
	if (query(dst, RTM_F_FIB_MATCH, &ans) == 0)
		out->dst_len = ans.dst_len;
	return MR_OK;
}
