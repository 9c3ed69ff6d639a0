/**
 * Prices of the pipelines: CodeBuild minutes and CodePipeline pipelines or action minutes.
 *
 * Two kinds of pipeline are priced from different usage settings:
 * - a delivery pipeline (a V2 pipeline with more than one CodeBuild action: build, migrate,
 *   deploy) runs `usage.deliveryRunsPerMonth` times, each of its CodeBuild actions taking
 *   `ASSUMPTIONS.deliveryMinutesPerAction`; its projects are priced from those runs;
 * - every other pipeline and project (the migrations pipeline: one CodeBuild action) shares
 *   `usage.buildMinutesPerMonth`, as before delivery pipelines existed.
 */
import { block, blocks, referencedName, stringOf } from "../../../inspect";
import { ASSUMPTIONS } from "../assumptions";
import { address, Context, PriceRule } from "../context";
import { formatQuantity } from "../format";
import type { TerraformResource } from "../types";

/** One action of a pipeline, as the estimate reads it. */
interface PipelineAction {
  readonly provider?: string;
  readonly category?: string;
  readonly owner?: string;
  /** The CodeBuild project a CodeBuild action runs, by Terraform name. */
  readonly project?: string;
}

function actionsOf(ctx: Context, pipeline: TerraformResource): PipelineAction[] {
  return blocks(pipeline.stage).flatMap((stage) =>
    blocks(stage.action).map((action) => {
      const projectName = block(action.configuration)?.ProjectName;
      const project =
        referencedName(projectName, "aws_codebuild_project") ?? ctx.of("aws_codebuild_project").find(([, p]) => p.name !== undefined && p.name === projectName)?.[0];
      return { provider: stringOf(action.provider), category: stringOf(action.category), owner: stringOf(action.owner), project };
    }),
  );
}

const isCodeBuild = (action: PipelineAction): boolean => action.provider === "CodeBuild";
/** CodePipeline V2 bills every action type but manual approvals and custom actions. */
const isCharged = (action: PipelineAction): boolean => action.category !== "Approval" && action.owner !== "Custom";

/** Whether a pipeline is a delivery pipeline: V2, with more than one CodeBuild action. */
function isDelivery(ctx: Context, pipeline: TerraformResource): boolean {
  return pipeline.pipeline_type === "V2" && actionsOf(ctx, pipeline).filter(isCodeBuild).length > 1;
}

/** How many times a month the delivery pipelines run each project (a project may be several actions). */
function deliveryRunsByProject(ctx: Context): Map<string, number> {
  const runs = new Map<string, number>();
  for (const [, pipeline] of ctx.of("aws_codepipeline")) {
    if (!isDelivery(ctx, pipeline)) continue;
    for (const action of actionsOf(ctx, pipeline).filter(isCodeBuild)) {
      if (action.project !== undefined) runs.set(action.project, (runs.get(action.project) ?? 0) + ctx.usage.deliveryRunsPerMonth);
    }
  }
  return runs;
}

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
    const kind = `${family}.${size.toLowerCase()}`;
    const delivery = deliveryRunsByProject(ctx);
    const runs = delivery.get(name);
    if (runs !== undefined) {
      const minutes = ASSUMPTIONS.deliveryMinutesPerAction;
      return [
        ctx.line(at, "aws_codebuild_project", `CodeBuild ${kind}, an action of the delivery pipeline: ${formatQuantity(runs)} runs (usage.deliveryRunsPerMonth) × ${minutes} min (ASSUMPTIONS.deliveryMinutesPerAction)`, [
          { key: `codebuild-${kind}-minute`, quantity: runs * minutes, what: "build minutes" },
        ]),
      ];
    }
    const others = ctx.of("aws_codebuild_project").filter(([n]) => !delivery.has(n)).length;
    const minutes = ctx.usage.buildMinutesPerMonth / others;
    return [
      ctx.line(at, "aws_codebuild_project", `CodeBuild ${kind} (usage.buildMinutesPerMonth)`, [
        { key: `codebuild-${kind}-minute`, quantity: minutes, what: "build minutes" },
      ]),
    ];
  },

  aws_codepipeline: (ctx, name, pipeline) => {
    const at = address("aws_codepipeline", name);
    if (pipeline.pipeline_type === "V2" && isDelivery(ctx, pipeline)) {
      const actions = actionsOf(ctx, pipeline).filter(isCharged);
      const builds = actions.filter(isCodeBuild).length;
      const others = actions.length - builds;
      const runs = ctx.usage.deliveryRunsPerMonth;
      const perRun = builds * ASSUMPTIONS.deliveryMinutesPerAction + others;
      return [
        ctx.line(
          at,
          "aws_codepipeline",
          `CodePipeline V2 delivery: ${formatQuantity(runs)} runs (usage.deliveryRunsPerMonth) × (${builds} CodeBuild actions × ${ASSUMPTIONS.deliveryMinutesPerAction} min + ${others} other action-minute${others === 1 ? "" : "s"}); ` +
            "before the 100 free action minutes a month, shared by the account",
          [{ key: "codepipeline-v2-action-minute", quantity: runs * perRun, what: "action minutes" }],
        ),
      ];
    }
    if (pipeline.pipeline_type === "V2") {
      const pipelines = ctx.of("aws_codepipeline").filter(([, p]) => !isDelivery(ctx, p)).length;
      const buildMinutes = ctx.usage.buildMinutesPerMonth / pipelines;
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
