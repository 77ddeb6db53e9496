// Public surface of the engine: see docs/dev/engine-contract.md.
export * from "./errors";
export * from "./types";
export * from "./decay";
export * from "./rebalance";
export * from "./path";
export * from "./simulate";
export * from "./carry";
export * from "./cppi";
export * from "./cppi-path";
export * from "./liquidation";
export * from "./venues";
export * from "./lending";
export * from "./performance";
export * from "./kelly";
export * from "./funding";
export * from "./defi-rates";
export * from "./loop";
