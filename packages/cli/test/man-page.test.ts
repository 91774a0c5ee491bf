// underlay(8) as `underlay completion man` generates it and scripts/install-completion installs it:
// rendered by a real formatter (man -l, else groff, else mandoc), its sections there, and every
// object, option and ip object's usage of the CLI's tables in it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPTIONS } from "../src/dispatch/global-options.js";
import { OBJECTS } from "../src/dispatch/objects.js";
import { CLI, missingCliBuild } from "./support/cli.js";

const REPO = join(import.meta.dirname, "../../..");
const has = (cmd: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`]);
    return true;
  } catch {
    return false;
  }
};
/** The formatter, as a command that renders the roff file it is given to plain text. */
const FORMATTER = has("man") ? "man" : has("groff") ? "groff" : has("mandoc") ? "mandoc" : undefined;

function render(file: string): string {
  const env = { ...process.env, MANWIDTH: "200", MAN_KEEP_FORMATTING: "", LANG: "C.UTF-8" };
  const args =
    FORMATTER === "man" ? ["-l", file] : FORMATTER === "groff" ? ["-man", "-Tutf8", "-P-cbou", file] : ["-Tutf8", file];
  // col -b: no overstrike, whatever the formatter's defaults.
  return execFileSync("sh", ["-c", `"$0" "$@" | col -bx`, FORMATTER as string, ...args], { encoding: "utf8", env });
}

const missing = missingCliBuild() ?? (FORMATTER ? undefined : "no man, groff or mandoc to render it with");

describe.skipIf(missing !== undefined)(`underlay(8)${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let dir: string;
  let page: string;
  let text: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ul-man-"));
    page = join(dir, "underlay.8");
    execFileSync("sh", ["-c", `"$0" "$1" completion man > "$2"`, process.execPath, CLI, page]);
    text = render(page);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`renders with ${FORMATTER}, with its sections in order`, () => {
    const sections = ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "OBJECTS", "EXIT STATUS", "EXAMPLES", "SEE ALSO"];
    const at = sections.map((s) => text.search(new RegExp(`^${s}$`, "m")));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toMatch(/^UNDERLAY\(8\)/);
    expect(text).toMatch(/^\s+underlay - /m);
    expect(text).toMatch(/ip\(8\)/);
  });

  it("groff reads it without a warning", (ctx) => {
    ctx.skip(!has("groff"), "groff is not installed");
    const warnings = execFileSync("sh", ["-c", 'groff -man -Tutf8 -ww -z "$0" 2>&1', page], { encoding: "utf8" });
    expect(warnings).toBe("");
  });

  it("every option of the table, as -s[tats] or whole", () => {
    const options = text.slice(text.search(/^OPTIONS$/m), text.search(/^OBJECTS$/m)).replace(/[[\]]/g, "");
    for (const o of OPTIONS) expect({ o: o.name, found: options.includes(o.name) }).toEqual({ o: o.name, found: true });
    expect(options).toContain("-color=");
  });

  it("every object underlay implements, with an ip object's usage and an own object's subcommands", async () => {
    const objects = text.slice(text.search(/^OBJECTS$/m), text.search(/^EXIT STATUS$/m));
    for (const entry of OBJECTS) {
      if (entry.kind === "ip-only") {
        expect(text).toContain(entry.names[0]);
        continue;
      }
      expect(objects).toMatch(new RegExp(`^ {3}${entry.names.join(", ")}$`, "m"));
      if (entry.kind === "ip") {
        const { usage } = await entry.load();
        const first = (usage.split("\n")[0] as string).replace(/\s+/g, " ").trim();
        expect(objects.replace(/\s+/g, " ")).toContain(first);
      }
    }
    for (const sub of ["vf show", "sriov enable", "driver serve", "completion man"]) expect(objects).toContain(`underlay ${sub}`);
  });

  it("exit status: 255 usage, 2 kernel refused, 1 other", () => {
    const exit = text.slice(text.search(/^EXIT STATUS$/m), text.search(/^EXAMPLES$/m));
    expect(exit).toMatch(/^\s+255\s+the command line could not be read/m);
    expect(exit).toMatch(/^\s+2\s+the kernel refused/m);
    expect(exit).toMatch(/^\s+1\s+any other failure/m);
  });

  it("scripts/install-completion installs it (and the shell scripts), once", () => {
    const root = join(dir, "root");
    const env = { ...process.env, UNDERLAY_CLI: CLI };
    const install = () => execFileSync(join(REPO, "scripts/install-completion"), ["--root", root], { encoding: "utf8", env });
    const first = install();
    const man = join(root, "usr/local/share/man/man8/underlay.8");
    const files = [
      man,
      join(root, "usr/share/bash-completion/completions/underlay"),
      join(root, "usr/local/share/zsh/site-functions/_underlay"),
    ];
    expect(first.trim().split("\n")).toHaveLength(3);
    expect(readFileSync(man, "utf8")).toBe(readFileSync(page, "utf8"));
    expect(render(man)).toBe(text);
    const times = files.map((f) => statSync(f).mtimeMs);
    // Idempotent: nothing to say and nothing rewritten the second time.
    expect(install()).toBe("");
    expect(files.map((f) => statSync(f).mtimeMs)).toEqual(times);
    if (FORMATTER === "man")
      expect(execFileSync("man", ["-M", join(root, "usr/local/share/man"), "-w", "underlay"], { encoding: "utf8" }).trim()).toBe(
        man,
      );
  });

  it("scripts/setup runs scripts/install-completion", () => {
    expect(readFileSync(join(REPO, "scripts/setup"), "utf8")).toMatch(/^scripts\/install-completion$/m);
  });
});
