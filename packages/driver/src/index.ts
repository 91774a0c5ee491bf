export { type DaemonOptions, startDaemon } from "./daemon.js";
export { type HostOptions, HostResources } from "./host-resources.js";
export { createLogger, type Logger } from "./logger.js";
export { type DriverOptions, UnderlayDriver } from "./network-driver.js";
export { DRIVER_MODES, type DriverMode, MTU_OPTION, type NetworkOptions, OptionError, parseNetworkOptions } from "./options.js";
export * from "./protocol/api.js";
export { METHODS, RequestError, type ServeOptions, serve, stopServing } from "./protocol/server.js";
export { type DriverStatus, driverNames, readDriverStatus } from "./status.js";
export type { EndpointRecord, IpamData, NetworkRecord } from "./store.js";
