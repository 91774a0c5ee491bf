// Which networks are swarm-scoped. The remote protocol does not say; the ID does: swarmkit names a
// network with 25 characters of [0-9a-z] (identity.NewID) and the worker's dockerd keeps that ID,
// while a local network's ID is 64 hex digits.
export const isSwarmScoped = (networkId: string): boolean => /^[0-9a-z]{25}$/.test(networkId);

/**
 * A swarm-scoped network reaches the driver with options only through `--config-from`: the manager
 * drops a local-scope driver's `-o` (moby/moby#34203). Without them the network would sit on nothing.
 */
export function checkSwarmOptions(networkId: string, generic: Record<string, unknown>): void {
  if (!isSwarmScoped(networkId) || Object.keys(generic).length) return;
  throw new Error(
    "a swarm-scoped network reaches this driver without options unless they come from a configuration network: " +
      "on every node `docker network create --config-only -o parent=IFACE --subnet … --ip-range <that node's range> CFG`, " +
      "then on a manager `docker network create -d underlay:latest --scope swarm --config-from CFG NAME` " +
      "(-o given to a swarm network directly is dropped by the manager)",
  );
}
