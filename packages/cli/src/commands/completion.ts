// `underlay completion bash|zsh|man`: the bash and zsh completion scripts and the man page,
// generated from the CLI's own tables when asked (scripts/install-completion installs them). The
// generator (../completion/) is imported here, when this object runs, never on the start-up path;
// the tables are handed to it from here, so that the bundle's completion.js holds no second copy.
import { Command } from "commander";
import type { Output } from "../completion/index.js";
import type { CliContext } from "../context.js";
import { defaultOptions, FAMILIES, OPTIONS } from "../dispatch/global-options.js";
import { OBJECTS } from "../dispatch/objects.js";
import { usage } from "../dispatch/usage.js";
import { COLOR_WHEN } from "../output.js";
import { VERSION } from "../version.js";
import { examples, group } from "./examples.js";

async function print(ctx: CliContext, what: Output) {
  const { generate } = await import("../completion/index.js");
  const text = await generate(what, {
    objects: OBJECTS,
    options: OPTIONS,
    defaultOptions,
    families: FAMILIES,
    colors: COLOR_WHEN,
    usage: usage(),
    version: VERSION,
    ctx,
    newCommand: (name) => new Command(name),
  });
  ctx.out.write(text);
}

const OUTPUTS: [Output, string, string][] = [
  [
    "bash",
    "the bash completion script (source it, or install it as completions/underlay)",
    "completion bash > ~/.local/share/bash-completion/completions/underlay",
  ],
  [
    "zsh",
    "the zsh completion function (install it as _underlay in a folder of $fpath)",
    "completion zsh > /usr/local/share/zsh/site-functions/_underlay",
  ],
  ["man", "the manual page underlay(8), in roff", "completion man > /usr/local/share/man/man8/underlay.8"],
];

export function registerCompletion(completion: Command, ctx: CliContext): void {
  group(completion, "completion bash > /usr/share/bash-completion/completions/underlay", "completion man | man -l -");
  for (const [what, description, example] of OUTPUTS)
    completion
      .command(what)
      .description(description)
      .addHelpText("after", examples(example))
      .action(() => print(ctx, what));
}
