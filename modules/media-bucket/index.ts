export * from "./media-bucket";
