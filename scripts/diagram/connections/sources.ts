/** The repositories the pipelines fetch, and the team's pushes to them. */
import { block, blocks, literal } from "../../../inspect";
import { resourceName } from "../containers";
import { StackModel, StackResource, unique } from "../stack";
import { Connection, paths, SOURCE, TEAM } from "./connection";

export interface PipelineSource {
  readonly pipeline: StackResource;
  readonly provider: string;
  readonly repository: string;
  readonly connection?: StackResource;
}

/** The repository each pipeline's source action reads, and the connection it reads through. */
export function pipelineSources(model: StackModel): PipelineSource[] {
  const sources: PipelineSource[] = [];
  for (const pipeline of model.ofType("aws_codepipeline")) {
    for (const stage of blocks(pipeline.values.stage)) {
      for (const action of blocks(stage.action)) {
        if (literal(action.category) !== "Source") continue;
        const configuration = block(action.configuration) ?? {};
        const connection = model.target(configuration.ConnectionArn);
        const repository = literal(configuration.FullRepositoryId) ?? literal(configuration.RepositoryName) ?? literal(configuration.S3Bucket) ?? "a repository";
        const branch = literal(configuration.BranchName);
        const provider = literal(connection?.values.provider_type) ?? (literal(action.provider) === "CodeStarSourceConnection" ? "Git host" : (literal(action.provider) ?? "Source"));
        sources.push({ pipeline, provider, repository: branch !== undefined ? `${repository}@${branch}` : repository, connection });
      }
    }
  }
  return sources;
}

export function sourceConnections(model: StackModel): Connection[] {
  const sources = pipelineSources(model);
  const connections: Connection[] = sources.map((s) => ({
    from: s.pipeline.module,
    to: SOURCE,
    label: `Fetches ${s.repository}`,
    technology: s.connection !== undefined ? "CodeStar connection" : "pipeline source",
    detail: `Fetches ${s.repository} on every push, then runs pipeline ${resourceName(s.pipeline)}`,
    via: s.connection !== undefined ? `CodeStar connection ${resourceName(s.connection)} (${s.provider})` : "pipeline source action",
    evidence: paths([s.pipeline, ...(s.connection !== undefined ? [s.connection] : [])]),
    order: 1,
  }));
  if (sources.length > 0) {
    connections.push({
      from: TEAM,
      to: SOURCE,
      label: "Pushes commits",
      technology: "git",
      detail: `Pushes to ${unique(sources.map((s) => s.repository)).join(", ")}, which starts the pipeline`,
      via: "git",
      evidence: paths(sources.map((s) => s.pipeline)),
      order: 1,
    });
  }
  return connections;
}
