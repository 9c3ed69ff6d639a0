export * from "./c4";
export * from "./check";
export * from "./connections";
export * from "./containers";
export * from "./stack";
