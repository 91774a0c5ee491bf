// @underlay/netlink: rtnetlink for Node.js over libmnl through koffi.

export * from "./codec.js";
export { type AsyncApi, Handle, type HandleOptions, type MonitorOptions, type SyncApi } from "./handle.js";
export { decodeEvent, MONITOR_TOPICS, type MonitorEvent, type MonitorTopic, monitorGroups } from "./monitor.js";
export { type Announced, type AnnounceOptions, announceAddresses } from "./neighbour/announce.js";
export { DEFAULT_PROBE_TIMEOUT_MS, type ProbeAnswer, type ProbeOptions, probeAddress } from "./neighbour/probe.js";
export * from "./ops/addr.js";
export * from "./ops/link.js";
export * from "./ops/neigh.js";
export * from "./ops/nexthop.js";
export { netnsidOf } from "./ops/nsid.js";
export type { Op, Request } from "./ops/op.js";
export { ack, dump, encodeRequest, getOne } from "./ops/op.js";
export { addressFamily, type Prefix, parsePrefix } from "./ops/prefix.js";
export * from "./ops/route.js";
export * from "./ops/rule.js";
export * from "./ops/vf.js";
export * as neighConstants from "./rtnl/neigh.js";
export { type NdaCacheinfo, type NdMsg, NEIGH, type NeighAttrs, type NeighMessage, neighMessage } from "./rtnl/neigh.js";
export { Connection, type ConnectionOptions, type Tap } from "./transport/connection.js";
// The fake socket (like mdlayher's nltest): other packages unit-test against a responder, without root.
export { type FakeRequest, FakeSocket, fakeAck, fakeDump, fakeError, fakeMessage, type Responder } from "./transport/fake.js";
export { flockExclusive, flockRelease } from "./transport/flock.js";
export { NetlinkSocket } from "./transport/netlink-socket.js";
export { closeFd, inNetns, type NetnsRef, netnsAdd, netnsDel, netnsList, netnsPath, openNetns } from "./transport/netns.js";
export { PacketSocket, type PacketSocketOptions } from "./transport/packet-socket.js";
export type { Reply } from "./transport/reply.js";
export type { Socket } from "./transport/socket.js";
