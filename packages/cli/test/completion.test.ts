// bash completion (`underlay completion bash`) run in a real bash: see support/completion-cases.ts.
import { completionCases } from "./support/completion-cases.js";

completionCases("bash");
