export * from "./vpc-2az";
