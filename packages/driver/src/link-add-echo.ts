// `ip link add` that also says which ifindex the new link got. Join records the ifindex (it finds
// the link again after Docker renames it); asking for it by name after the add cost a second
// request on the request path, which waits for RTNL whenever a background delete holds it. With
// NLM_F_ECHO the kernel (6.3 and later) sends the new link back to the sender before the ACK, so
// the add answers both; an older kernel ignores the flag and sends only the ACK.
import { constants as C, type LinkAddOptions, linkAdd, linkMessage, NLM_F_ECHO, type Op, type Reply } from "@underlay/netlink";

/** The add's ifindex from the kernel's echo; undefined when the kernel echoes nothing. */
export function* linkAddEcho(o: LinkAddOptions): Op<number | undefined> {
  const add = linkAdd(o);
  let index: number | undefined;
  let step = add.next();
  while (!step.done) {
    const req = step.value;
    // Only the add itself: linkAdd may first look up the parent by name.
    const isAdd = req.type === C.RTM_NEWLINK;
    let reply: Reply;
    try {
      reply = yield isAdd ? { ...req, flags: req.flags | NLM_F_ECHO } : req;
    } catch (e) {
      step = add.throw(e);
      continue;
    }
    if (isAdd) {
      const echo = reply.messages.find((m) => m.header.type === C.RTM_NEWLINK);
      if (echo) index = linkMessage.decode(echo.payload).header.index;
    }
    step = add.next(reply);
  }
  return index;
}
