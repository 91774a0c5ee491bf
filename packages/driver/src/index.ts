export * from "./protocol/api.js";
export { METHODS, RequestError, type ServeOptions, serve } from "./protocol/server.js";
