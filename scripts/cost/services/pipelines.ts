/** Prices of the pipelines: CodeBuild minutes and CodePipeline pipelines or action minutes. */
import { block, stringOf } from "../../../inspect";
import { ASSUMPTIONS } from "../assumptions";
import { address, PriceRule } from "../context";

export const PIPELINE_RULES: Readonly<Record<string, PriceRule>> = {
  aws_codebuild_project: (ctx, name, project) => {
    const at = address("aws_codebuild_project", name);
    const environment = block(project.environment);
    const envType = stringOf(environment?.type) ?? "LINUX_CONTAINER";
    const size = /^BUILD_GENERAL1_(SMALL|MEDIUM|LARGE)$/.exec(stringOf(environment?.compute_type) ?? "")?.[1];
    const family = envType === "ARM_CONTAINER" ? "arm1" : envType === "LINUX_CONTAINER" ? "general1" : undefined;
    if (size === undefined || family === undefined) {
      return [ctx.notPriced(at, "aws_codebuild_project", `CodeBuild ${envType} ${stringOf(environment?.compute_type) ?? "?"} is not priced`)];
    }
    const minutes = ctx.usage.buildMinutesPerMonth / ctx.of("aws_codebuild_project").length;
    return [
      ctx.line(at, "aws_codebuild_project", `CodeBuild ${family}.${size.toLowerCase()} (usage.buildMinutesPerMonth)`, [
        { key: `codebuild-${family}.${size.toLowerCase()}-minute`, quantity: minutes, what: "build minutes" },
      ]),
    ];
  },

  aws_codepipeline: (ctx, name, pipeline) => {
    const at = address("aws_codepipeline", name);
    if (pipeline.pipeline_type === "V2") {
      const buildMinutes = ctx.usage.buildMinutesPerMonth / ctx.of("aws_codepipeline").length;
      const actionMinutes = buildMinutes + buildMinutes / ASSUMPTIONS.buildMinutesPerRun;
      return [
        ctx.line(at, "aws_codepipeline", `CodePipeline V2: the build minutes plus a source action-minute per run (${ASSUMPTIONS.buildMinutesPerRun}-minute runs)`, [
          { key: "codepipeline-v2-action-minute", quantity: actionMinutes, what: "action minutes" },
        ]),
      ];
    }
    return [ctx.line(at, "aws_codepipeline", "CodePipeline V1 active pipeline", [{ key: "codepipeline-v1-pipeline-month", quantity: 1, what: "pipeline-month" }])];
  },
};
