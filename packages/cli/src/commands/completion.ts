// `underlay completion bash|zsh|man`: the bash and zsh completion scripts and the man page,
// generated from the CLI's own tables when asked (scripts/install-completion installs them). The
// generator is imported here, when this object runs, never on the start-up path.
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { examples, group } from "./examples.js";

type Output = "bash" | "zsh" | "man";

async function print(ctx: CliContext, what: Output) {
  const [{ loadModel }, shells, man] = await Promise.all([
    import("../completion/model.js"),
    import("../completion/shells.js"),
    import("../completion/man.js"),
  ]);
  const model = await loadModel();
  ctx.out.write(what === "bash" ? shells.bashScript(model) : what === "zsh" ? shells.zshScript(model) : man.manPage(model));
}

export function registerCompletion(completion: Command, ctx: CliContext): void {
  group(completion, "completion bash > /usr/share/bash-completion/completions/underlay", "completion man | man -l -");
  completion
    .command("bash")
    .description("the bash completion script (source it, or install it as completions/underlay)")
    .addHelpText("after", examples("completion bash > ~/.local/share/bash-completion/completions/underlay"))
    .action(() => print(ctx, "bash"));
  completion
    .command("zsh")
    .description("the zsh completion function (install it as _underlay in a folder of $fpath)")
    .addHelpText("after", examples("completion zsh > /usr/local/share/zsh/site-functions/_underlay"))
    .action(() => print(ctx, "zsh"));
  completion
    .command("man")
    .description("the manual page underlay(8), in roff")
    .addHelpText("after", examples("completion man > /usr/local/share/man/man8/underlay.8"))
    .action(() => print(ctx, "man"));
}
