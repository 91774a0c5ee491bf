import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@underlay/netlink": fileURLToPath(new URL("./packages/netlink/src/index.ts", import.meta.url)),
      "@underlay/state": fileURLToPath(new URL("./packages/state/src/index.ts", import.meta.url)),
      "@underlay/sriov/sysfs": fileURLToPath(new URL("./packages/sriov/src/sysfs.ts", import.meta.url)),
      "@underlay/sriov": fileURLToPath(new URL("./packages/sriov/src/index.ts", import.meta.url)),
      "@underlay/driver": fileURLToPath(new URL("./packages/driver/src/index.ts", import.meta.url)),
    },
  },
  test: {
    include: ["packages/*/test/**/*.test.ts"],
    // Live tests setns and create namespaces: one process per file keeps that contained.
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ["verbose"],
  },
});
