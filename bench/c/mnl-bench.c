// The C contenders for bench/run: the same rtnetlink operations through libmnl. Prints
// nanoseconds per operation.
//   mnl-bench NETNS get NAME N      RTM_GETLINK by IFLA_IFNAME, N times
//   mnl-bench NETNS veth N          create a veth pair, set it up, delete it, N times
//   mnl-bench NETNS dump N          dump every link, N times (prints the link count too)
// The floor decodes nothing. With DECODE=1 in the environment each reply does the useful work our
// public API does: every attribute into a table with mnl_attr_parse (IFLA_LINKINFO's nest too),
// then ifname, MTU and address read from it, as a program using libmnl for real would.
#define _GNU_SOURCE
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct mnl_socket *nl;
static unsigned int portid, seq;
static char buf[1 << 16];
static int links;
static int decode;
static volatile unsigned long long sink; // keeps the compiler from dropping the reads

struct link_row {
  const struct nlattr *tb[IFLA_MAX + 1];
  const struct nlattr *info[IFLA_INFO_MAX + 1];
};

static int attr_cb(const struct nlattr *attr, void *data) {
  const struct nlattr **tb = data;
  int type = mnl_attr_get_type(attr);
  if (mnl_attr_type_valid(attr, IFLA_MAX) > 0) tb[type] = attr;
  return MNL_CB_OK;
}

static int info_cb(const struct nlattr *attr, void *data) {
  const struct nlattr **tb = data;
  int type = mnl_attr_get_type(attr);
  if (mnl_attr_type_valid(attr, IFLA_INFO_MAX) > 0) tb[type] = attr;
  return MNL_CB_OK;
}

static void decode_link(const struct nlmsghdr *nlh) {
  struct link_row row;
  memset(&row, 0, sizeof(row));
  mnl_attr_parse(nlh, sizeof(struct ifinfomsg), attr_cb, row.tb);
  if (row.tb[IFLA_LINKINFO]) mnl_attr_parse_nested(row.tb[IFLA_LINKINFO], info_cb, row.info);
  const char *name = row.tb[IFLA_IFNAME] ? mnl_attr_get_str(row.tb[IFLA_IFNAME]) : "";
  unsigned mtu = row.tb[IFLA_MTU] ? mnl_attr_get_u32(row.tb[IFLA_MTU]) : 0;
  const unsigned char *mac = row.tb[IFLA_ADDRESS] ? mnl_attr_get_payload(row.tb[IFLA_ADDRESS]) : NULL;
  sink += strlen(name) + mtu + (mac ? mac[5] : 0) + (row.info[IFLA_INFO_KIND] != NULL);
}

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int count_cb(const struct nlmsghdr *nlh, void *data) {
  (void)data;
  if (decode && nlh->nlmsg_type == RTM_NEWLINK) decode_link(nlh);
  links++;
  return MNL_CB_OK;
}

static struct nlmsghdr *start(int type, int flags, struct ifinfomsg **ifm) {
  struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
  nlh->nlmsg_type = type;
  nlh->nlmsg_flags = NLM_F_REQUEST | flags;
  nlh->nlmsg_seq = ++seq;
  *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(**ifm));
  (*ifm)->ifi_family = AF_UNSPEC;
  return nlh;
}

// single: a GET without NLM_F_ACK, whose one reply message ends the exchange.
static void transact(struct nlmsghdr *nlh, int single) {
  if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) { perror("sendto"); exit(1); }
  int ret;
  do {
    ret = mnl_socket_recvfrom(nl, buf, sizeof(buf));
    if (ret < 0) { perror("recv"); exit(1); }
    ret = mnl_cb_run(buf, ret, seq, portid, count_cb, NULL);
  } while (ret > 0 && !single);
  if (ret < 0) { perror("netlink"); exit(1); }
}

static void get(const char *name) {
  struct ifinfomsg *ifm;
  struct nlmsghdr *nlh = start(RTM_GETLINK, 0, &ifm);
  mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
  mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
  transact(nlh, 1);
}

static void veth_cycle(void) {
  struct ifinfomsg *ifm, *peer;
  struct nlmsghdr *nlh = start(RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, &ifm);
  mnl_attr_put_strz(nlh, IFLA_IFNAME, "bv0");
  struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
  mnl_attr_put_str(nlh, IFLA_INFO_KIND, "veth");
  struct nlattr *data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
  struct nlattr *p = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
  peer = mnl_nlmsg_put_extra_header(nlh, sizeof(*peer));
  memset(peer, 0, sizeof(*peer));
  mnl_attr_put_strz(nlh, IFLA_IFNAME, "bv1");
  mnl_attr_nest_end(nlh, p);
  mnl_attr_nest_end(nlh, data);
  mnl_attr_nest_end(nlh, info);
  transact(nlh, 0);
  nlh = start(RTM_NEWLINK, NLM_F_ACK, &ifm);
  ifm->ifi_flags = IFF_UP;
  ifm->ifi_change = IFF_UP;
  mnl_attr_put_strz(nlh, IFLA_IFNAME, "bv0");
  transact(nlh, 0);
  nlh = start(RTM_DELLINK, NLM_F_ACK, &ifm);
  mnl_attr_put_strz(nlh, IFLA_IFNAME, "bv0");
  transact(nlh, 0);
}

static void dump(void) {
  struct ifinfomsg *ifm;
  struct nlmsghdr *nlh = start(RTM_GETLINK, NLM_F_DUMP, &ifm);
  mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
  links = 0;
  transact(nlh, 0);
}

int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: mnl-bench NETNS get NAME N | veth N | dump N\n"); return 2; }
  char path[256];
  snprintf(path, sizeof(path), "/run/netns/%s", argv[1]);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) { perror(path); return 1; }
  nl = mnl_socket_open(NETLINK_ROUTE);
  if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) { perror("mnl"); return 1; }
  portid = mnl_socket_get_portid(nl);
  decode = getenv("DECODE") && !strcmp(getenv("DECODE"), "1");
  const char *mode = argv[2];
  int n = atoi(argv[argc - 1]);
  long long t0 = now_ns();
  for (int i = 0; i < n; i++) {
    if (!strcmp(mode, "get")) get(argv[3]);
    else if (!strcmp(mode, "veth")) veth_cycle();
    else if (!strcmp(mode, "dump")) dump();
    else { fprintf(stderr, "unknown mode %s\n", mode); return 2; }
  }
  long long per = (now_ns() - t0) / n;
  printf("%lld %d\n", per, links);
  mnl_socket_close(nl);
  return 0;
}
