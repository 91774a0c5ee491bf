// The remote driver protocol from dockerd's side, for the protocol tests: a POST over the unix
// socket with only an Accept header, and a recording test double for the driver behind it.
import { request } from "node:http";
import type { RemoteDriver } from "@underlay/driver";

export interface Answer {
  status: number;
  type: string;
  /** The Connection header: "close" once the server is stopping. */
  connection: string | undefined;
  json: unknown;
}

/** keepAlive: on the global agent's kept-alive connection (the stop test wants to see it closed). */
export function postTo(socketPath: string, method: string, body?: string, verb = "POST", keepAlive = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        path: `/${method}`,
        method: verb,
        // Otherwise a connection per request: Node 20's global agent keeps connections alive, and
        // one the server closes after its 5 s idle timeout just as the next request goes out
        // resets (ECONNRESET) on a loaded machine.
        ...(keepAlive ? {} : { agent: false }),
        headers: { Host: "plugin.moby.localhost", Accept: "application/vnd.docker.plugins.v1.2+json" },
      },
      (res) => {
        let text = "";
        res.on("data", (c) => {
          text += c;
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers["content-type"]),
            connection: res.headers.connection,
            json: JSON.parse(text),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** A request body as Go's encoder writes it: JSON and a newline. */
export const go = (v: unknown) => `${JSON.stringify(v)}\n`;

export interface Recorder {
  driver: RemoteDriver;
  /** Each driver call, in order: [name, the request it was handed]. */
  calls: [string, unknown][];
}

/** A recording double: records each call; fails when the NetworkID is "fail". */
export function recorder(): Recorder {
  const calls: [string, unknown][] = [];
  const record = (name: string, r: { NetworkID: string }) => {
    if (r.NetworkID === "fail") throw new Error(`${name} refused: no such parent eth9`);
    calls.push([name, r]);
  };
  const driver: RemoteDriver = {
    capabilities: () => ({ Scope: "local", ConnectivityScope: "global" }),
    createNetwork: async (r) => void record("createNetwork", r),
    deleteNetwork: async (r) => void record("deleteNetwork", r),
    createEndpoint: async (r) => {
      record("createEndpoint", r);
      return {};
    },
    endpointOperInfo: async () => ({}),
    deleteEndpoint: async (r) => void record("deleteEndpoint", r),
    join: async (r) => {
      record("join", r);
      return { InterfaceName: { SrcName: "ulx1", DstPrefix: "eth" }, Gateway: "192.0.2.1" };
    },
    leave: async (r) => void record("leave", r),
  };
  return { driver, calls };
}
