export * from "./codebuild-migrations";
