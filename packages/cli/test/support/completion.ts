// Runs the generated completion in a real shell: the script that `underlay completion bash|zsh`
// prints, the completion function called on a command line as the shell would call it, and the
// candidates it leaves (bash: COMPREPLY; zsh: what reaches compadd, kept by the word's prefix as
// compadd keeps them). `underlay` on the PATH is the built CLI (the script calls it for -n NS).
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI } from "./cli.js";

export type Shell = "bash" | "zsh";

export interface CompletionShell {
  /** The candidates for `words` (the command first, the word being completed last), sorted. */
  complete(...words: string[]): string[];
  dispose(): void;
}

// bash: COMP_WORDS and COMP_CWORD as bash-completion sets them, then the function `complete -F` names.
const BASH = `source "$1"; shift
COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
_underlay
printf '%s\\n' "\${COMPREPLY[@]}"`;

// zsh: the #compdef file autoloaded from $fpath, with words/CURRENT set and compadd and _files
// standing in for the completion system's (outside a completion widget they do not exist).
const ZSH = `fpath=("$1" $fpath); shift
autoload -Uz _underlay
compadd() {
  local -a found
  [[ $1 == -a ]] && found=("\${(@P)2}") || found=("$@")
  print -rl -- \${(M)found:#\${PREFIX}*}
}
_files() { print -r -- "<files $*>"; }
words=("$@"); CURRENT=$#; PREFIX=$words[CURRENT]
_underlay`;

export function completionShell(shell: Shell): CompletionShell {
  const dir = mkdtempSync(join(tmpdir(), "ul-completion-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  const underlay = join(bin, "underlay");
  writeFileSync(underlay, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(underlay, 0o755);
  const script = execFileSync(process.execPath, [CLI, "completion", shell], { encoding: "utf8" });
  const file = join(dir, shell === "bash" ? "underlay.bash" : "_underlay");
  writeFileSync(file, script);
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
  return {
    complete(...words) {
      const args =
        shell === "bash"
          ? ["--norc", "--noprofile", "-c", BASH, "bash", file, ...words]
          : ["-f", "-c", ZSH, "zsh", dir, ...words];
      const out = execFileSync(shell, args, { encoding: "utf8", env });
      return [...new Set(out.split("\n").filter(Boolean))].sort();
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
