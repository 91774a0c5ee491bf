// scripts/systemd/underlay.service, as far as a machine without systemd can check it: ordered
// before docker.service and restarted on failure; its ExecStart (the built CLI in place of
// /usr/local/bin/underlay, the folders moved to a temp one) serves the socket; SIGTERM stops it
// cleanly.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { IS_ROOT, NOT_ROOT_REASON } from "../../netlink/test/support/live.js";
import { missingCli } from "./support/plugin-process.js";

const UNIT = join(import.meta.dirname, "../../../scripts/systemd/underlay.service");
const CLI = join(import.meta.dirname, "../../cli/dist/main.js");
const why = IS_ROOT ? missingCli() : NOT_ROOT_REASON;
const unit = readFileSync(UNIT, "utf8");
const values = (key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, "gm"))].map((m) => m[1] as string);
const dir = mkdtempSync(join(tmpdir(), "ulunit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the systemd unit", () => {
  it("is ordered before docker.service, restarted on failure, stopped by SIGTERM", () => {
    expect(values("Before")).toEqual(["docker.service"]);
    expect(values("Restart")).toEqual(["on-failure"]);
    expect(values("KillSignal")).toEqual(["SIGTERM"]);
  });

  it.skipIf(why !== undefined)(
    `its ExecStart serves, and SIGTERM ends it cleanly${why ? ` (skipped: ${why})` : ""}`,
    async () => {
      const [bin, ...args] = (values("ExecStart")[0] ?? "").split(/\s+/);
      expect(bin).toBe("/usr/local/bin/underlay");
      const env = Object.fromEntries(values("Environment").flatMap((e) => e.split(/\s+/).map((kv) => kv.split(/=(.*)/s, 2))));
      const child = spawn(process.execPath, [CLI, ...args, "--state-dir", join(dir, "state"), "--socket-dir", dir], {
        env: { ...process.env, ...env },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let log = "";
      child.stderr?.on("data", (c) => {
        log += c;
      });
      const exited = new Promise<number | null>((r) => child.once("exit", r));
      for (let i = 0; !/"msg":"serving"/.test(log) && child.exitCode === null && i < 300; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(existsSync(join(dir, "underlay.sock"))).toBe(true);
      const start = Date.now();
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(Date.now() - start).toBeLessThan(Number(values("TimeoutStopSec")[0]) * 1000);
    },
    60_000,
  );
});
