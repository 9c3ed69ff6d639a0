export * from "./ecr-pull-through-cache";
