// The thread that deletes links set aside (LinkReaper). The kernel runs an rtnetlink request in
// the sending thread: a delete holds it for ~20 ms (an RCU grace period, then an rcu_barrier), so
// the thread answering Docker must never send one. A fresh socket per request: between batches
// this thread holds nothing, not even the netns it deletes in.
import { parentPort, workerData } from "node:worker_threads";
import { Handle, type NetlinkError } from "@underlay/netlink";
import { type ReapRequest, reapOp } from "./link-group.js";

parentPort?.on("message", (req: ReapRequest) => {
  const h = new Handle(workerData?.netns ? { netns: workerData.netns } : {});
  try {
    h.run(reapOp(req));
    parentPort?.postMessage({});
  } catch (e) {
    parentPort?.postMessage({ code: (e as NetlinkError).code, message: (e as Error).message });
  } finally {
    h.close();
  }
});
