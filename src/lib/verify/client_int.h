/*
 * client_int.h - the parts of `verify --client` that touch the machine,
 * each in its own file behind a small interface so that tests can run
 * them alone (in a network namespace, against a loopback HTTP server):
 * the kernel's route for an address (kroute.c, rtnetlink through libmnl)
 * and the PAC file from a file or a URL (pacfetch.c, libcurl).
 */
#ifndef MR_VERIFY_CLIENT_INT_H
#define MR_VERIFY_CLIENT_INT_H

#include <stddef.h>

#include "m365route/verify.h"

/**
 * The kernel's route for dst, as `ip route get` asks for it (RTM_GETROUTE
 * with RTA_DST): the egress interface (RTA_OIF, named), the next hop
 * (RTA_GATEWAY), the preferred source (RTA_PREFSRC) and the table; then,
 * with RTM_F_FIB_MATCH, the length of the routing entry that matched
 * (out->dst_len; -1 when the kernel does not say). out->err is 0, or the
 * errno the kernel answered (ENETUNREACH for no route, EHOSTUNREACH,
 * EACCES for a prohibit route...). Returns MR_OK (out filled, whatever
 * the kernel answered), or MR_EIO when the netlink socket cannot be
 * used (message set).
 */
int mri_kroute_get(const struct mr_addr *dst, struct mr_vclient_route *out);

#endif
