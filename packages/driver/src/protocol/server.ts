// The libnetwork remote driver protocol over HTTP on a unix socket, as dockerd speaks it: every
// call is POST /<Method>, bodies may be empty and carry no Content-Type, success is 200 with a
// JSON body, failure is {"Err": "..."}. A bad request never takes the daemon down.
import { chmodSync, existsSync, lstatSync, mkdirSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, type Socket } from "node:net";
import { dirname } from "node:path";
import type { ZodType } from "zod";
import * as api from "./api.js";

const MAX_BODY = 1 << 20;
const CONTENT_TYPE = "application/vnd.docker.plugins.v1.1+json";
/** A client gets this long to send a whole request; shutdown never waits for it (stopServing). */
const REQUEST_TIMEOUT_MS = 60_000;

type Route = { schema?: ZodType; call: (d: api.RemoteDriver, body: never) => Promise<unknown> | unknown };
const ok = async () => ({});

const ROUTES: Record<string, Route> = {
  "Plugin.Activate": { call: () => ({ Implements: ["NetworkDriver"] }) },
  "NetworkDriver.GetCapabilities": { call: (d) => d.capabilities() },
  "NetworkDriver.CreateNetwork": { schema: api.CreateNetworkRequest, call: (d, b) => d.createNetwork(b).then(ok) },
  "NetworkDriver.DeleteNetwork": { schema: api.NetworkRequest, call: (d, b) => d.deleteNetwork(b).then(ok) },
  "NetworkDriver.CreateEndpoint": { schema: api.CreateEndpointRequest, call: (d, b) => d.createEndpoint(b) },
  "NetworkDriver.EndpointOperInfo": {
    schema: api.EndpointRequest,
    call: (d, b) => d.endpointOperInfo(b).then((Value) => ({ Value })),
  },
  "NetworkDriver.DeleteEndpoint": { schema: api.EndpointRequest, call: (d, b) => d.deleteEndpoint(b).then(ok) },
  "NetworkDriver.Join": { schema: api.JoinRequest, call: (d, b) => d.join(b) },
  "NetworkDriver.Leave": { schema: api.EndpointRequest, call: (d, b) => d.leave(b).then(ok) },
  // No port publishing, swarm discovery or swarm allocation in our modes: accept and do nothing.
  "NetworkDriver.ProgramExternalConnectivity": { schema: api.ExternalConnectivityRequest, call: ok },
  "NetworkDriver.RevokeExternalConnectivity": { schema: api.EndpointRequest, call: ok },
  "NetworkDriver.DiscoverNew": { schema: api.DiscoveryRequest, call: ok },
  "NetworkDriver.DiscoverDelete": { schema: api.DiscoveryRequest, call: ok },
  "NetworkDriver.AllocateNetwork": { schema: api.AllocateNetworkRequest, call: () => ({ Options: {} }) },
  "NetworkDriver.FreeNetwork": { schema: api.NetworkRequest, call: ok },
  // Ours, outside libnetwork's namespace: read by `underlay driver status`.
  "Underlay.Status": { call: (d) => d.status?.() ?? {} },
};

export const METHODS = Object.keys(ROUTES);

export interface ServeOptions {
  socketPath: string;
  driver: api.RemoteDriver;
  /** Called for every failed request, with the method and the error. */
  onError?: (method: string, err: unknown) => void;
  /** Called for every answered request: its method, body, and how long it took (a debug log). */
  onDone?: (method: string, body: unknown, ms: number) => void;
}

export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new RequestError(413, `request body over ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parse(route: Route, text: string): unknown {
  if (!route.schema) return undefined;
  let json: unknown;
  try {
    json = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new RequestError(400, "invalid request: the body is not JSON");
  }
  const r = route.schema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new RequestError(400, `invalid request: ${first?.path.join(".") || "body"}: ${first?.message ?? "malformed"}`);
  }
  return r.data;
}

/** A server's open connections, and those whose request is in the driver's hands. */
interface Connections {
  sockets: Set<Socket>;
  busy: Set<Socket>;
  stopping?: Promise<void>;
}
const connectionsOf = new WeakMap<Server, Connections>();

async function handle(o: ServeOptions, c: Connections, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.url ?? "/").replace(/^\//, "").split("?")[0] ?? "";
  const reply = (status: number, body: unknown) => {
    c.busy.delete(req.socket);
    // Once stopping, the connection ends with this answer.
    res.writeHead(status, { "Content-Type": CONTENT_TYPE, ...(c.stopping ? { Connection: "close" } : {}) });
    res.end(JSON.stringify(body));
  };
  try {
    const route = Object.hasOwn(ROUTES, method) ? ROUTES[method] : undefined;
    if (!route) throw new RequestError(404, `unknown method ${JSON.stringify(method)}`);
    if (req.method !== "POST") throw new RequestError(405, `${method} takes POST, not ${req.method}`);
    const body = parse(route, await readBody(req));
    c.busy.add(req.socket);
    const start = performance.now();
    reply(200, await route.call(o.driver, body as never));
    o.onDone?.(method, body, Math.round(performance.now() - start));
  } catch (e) {
    o.onError?.(method, e);
    reply(e instanceof RequestError ? e.status : 500, { Err: e instanceof Error ? e.message : String(e) });
  }
}

/** Whether a process accepts connections on the socket file (a stale one refuses them). */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = connect(socketPath);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", (e: NodeJS.ErrnoException) => {
      // EAGAIN: its backlog is full, so it is alive (and busy).
      if (e.code === "ECONNREFUSED" || e.code === "ENOENT") resolve(false);
      else if (e.code === "EAGAIN") resolve(true);
      else reject(new Error(`cannot tell whether ${socketPath} is in use: ${e.message}`));
    });
  });
}

/**
 * Listens on the socket (mode 0600). A socket file left by a crash (nothing answers on it) is
 * replaced; one a live process answers on is refused, as is any other kind of file.
 */
export async function serve(o: ServeOptions): Promise<Server> {
  mkdirSync(dirname(o.socketPath), { recursive: true });
  if (existsSync(o.socketPath)) {
    if (!lstatSync(o.socketPath).isSocket())
      throw new Error(`${o.socketPath} exists and is not a socket; refusing to replace it`);
    if (await answers(o.socketPath))
      throw new Error(`another driver is already serving on ${o.socketPath} (it answers there); stop it first`);
    rmSync(o.socketPath, { force: true });
  }
  const c: Connections = { sockets: new Set(), busy: new Set() };
  const server = createServer({ headersTimeout: REQUEST_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS }, (req, res) => {
    handle(o, c, req, res).catch((e) => {
      o.onError?.("response", e);
      res.destroy();
    });
  });
  server.on("connection", (socket: Socket) => {
    c.sockets.add(socket);
    socket.once("close", () => {
      c.sockets.delete(socket);
      c.busy.delete(socket);
    });
  });
  connectionsOf.set(server, c);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.socketPath, () => {
      server.off("error", reject);
      resolve();
    });
  });
  chmodSync(o.socketPath, 0o600);
  return server;
}

/**
 * Stops a server from serve(): no new connections; idle ones, and those still sending a request
 * (the driver has not been called), are closed at once; requests the driver is working on get
 * up to graceMs to be answered (with Connection: close), then whatever remains is destroyed.
 * Resolves when every connection is gone. Calling it again returns the same promise.
 */
export function stopServing(server: Server, graceMs = 8000): Promise<void> {
  const c = connectionsOf.get(server) ?? { sockets: new Set(), busy: new Set() };
  c.stopping ??= new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      for (const socket of c.sockets) socket.destroy();
      server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    for (const socket of c.sockets) if (!c.busy.has(socket)) socket.destroy();
  });
  return c.stopping;
}
