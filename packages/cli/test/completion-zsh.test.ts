// zsh completion (`underlay completion zsh`) run in a real zsh, when there is one (scripts/setup
// installs it): the same cases as bash's, in support/completion-cases.ts.
import { execFileSync } from "node:child_process";
import { completionCases } from "./support/completion-cases.js";

function missingZsh(): string | undefined {
  try {
    execFileSync("zsh", ["-fc", "true"]);
    return undefined;
  } catch {
    return "zsh is not installed (scripts/setup installs it)";
  }
}

completionCases("zsh", missingZsh());
