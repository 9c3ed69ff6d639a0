/**
 * What the suite plans offline, in one place: the project's own app as it deploys (S3 backend),
 * and an app of the network layouts the environments do not use. The background runner
 * (offline-runner.ts) synthesizes these once per test run; the test files read the results.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack } from "cdktf";
import * as fs from "node:fs";
import * as path from "node:path";
import { AppStack, buildApp, parseProjectConfig, PreviewRequest, projectConfig, withPreview } from "../../environments";
import { buildExample, EXAMPLES, exampleStackName, ExampleSystem } from "../../examples";
import { serverlessDynamodb } from "../../examples/serverless-dynamodb";
import { Vpc2Az } from "../../modules/vpc-2az";
import type { StackToCheck } from "../../scripts/offline-batch";
import { COMPOSITIONS, synthesizeCompositions } from "./compositions";
import { synthesizeModuleStacks } from "./module-stacks";

/** An app the suite checks offline: how to synthesize it into a folder. */
export interface OfflineApp {
  readonly name: string;
  /** Its stacks' names, each checked by test/terraform/<app name>.test.ts. @default [name] */
  readonly stacks?: readonly string[];
  readonly synthesize: (outdir: string) => void;
}

/**
 * The network layouts the environments do not use, planned by Terraform too: NAT instances and
 * NAT gateways in every AZ, flow logs off and on, every interface endpoint, a small VPC, and a
 * second, aliased provider.
 */
export function synthesizeVpcVariants(outdir: string): void {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "vpc-variants");
  new AwsProvider(stack, "Aws", { region: "eu-west-1", allowedAccountIds: ["123456789012"] });
  new AwsProvider(stack, "AwsUsEast1", { region: "us-east-1", alias: "us_east_1", allowedAccountIds: ["123456789012"] });
  new Vpc2Az(stack, "InstancesPerAz", {
    name: "variants-instances",
    region: "eu-west-1",
    cidr: "10.30.0.0/24",
    availabilityZones: ["eu-west-1a", "eu-west-1b"],
    egress: "nat-instance",
    natLayout: "per-az",
    flowLogs: "off",
    interfaceEndpoints: ["logs", "secretsmanager", "ssm", "ecr.api", "ecr.dkr", "sts", "kms"],
  });
  new Vpc2Az(stack, "GatewaysPerAz", {
    name: "variants-gateways",
    region: "eu-west-1",
    cidr: "10.40.0.0/16",
    availabilityZones: ["eu-west-1b", "eu-west-1c"],
    subnetPrefixLength: 20,
    egress: "nat-gateway",
    natLayout: "per-az",
    flowLogs: "all",
    flowLogRetentionDays: 7,
  });
  app.synth();
}

/**
 * The preview the suite synthesizes and plans: from a branch name with characters to clean, on a
 * fixed day (so the expiry, a tag, is the same in every run).
 */
export const SAMPLE_PREVIEW: PreviewRequest = { source: "Feature/Checkout_Flow#42", expires: "2026-12-08", today: new Date("2026-12-01T00:00:00Z") };

/** The preview's stack of a set of configs alone (not the environments it copies, which the suite plans already). */
function synthesizePreview(outdir: string, configs: { bootstrap: unknown; environments: readonly unknown[] }, stackName?: (environment: string) => string): void {
  const parsed = parseProjectConfig(withPreview(configs, SAMPLE_PREVIEW));
  const preview = parsed.environments[parsed.environments.length - 1]!;
  const app = new App({ outdir });
  new AppStack(app, preview, { stackName: stackName?.(preview.name) });
  app.synth();
}

/** The name of the sample preview's stack: of the project's staging, or of an example's. */
export function samplePreviewStackName(example?: ExampleSystem): string {
  const configs = example === undefined ? projectConfig : { bootstrap: example.bootstrap, environments: example.environments };
  const parsed = parseProjectConfig(withPreview(configs, SAMPLE_PREVIEW));
  const name = parsed.environments[parsed.environments.length - 1]!.name;
  return example === undefined ? name : exampleStackName(example, name);
}

export const OFFLINE_APPS: readonly OfflineApp[] = [
  { name: "project", synthesize: (outdir) => buildApp({ outdir }).app.synth() },
  { name: "vpc-variants", synthesize: synthesizeVpcVariants },
  { name: "compositions", stacks: Object.keys(COMPOSITIONS), synthesize: (outdir) => void synthesizeCompositions(outdir) },
  // Modules alone, in settings the environments do not use (module-stacks.ts).
  { name: "modules", stacks: ["domain-protected"], synthesize: synthesizeModuleStacks },
  // Every example system, as `npm run examples` synthesizes it (S3 backend, as it deploys).
  ...EXAMPLES.map(
    (example): OfflineApp => ({
      name: example.system,
      stacks: example.environments.map((env) => exampleStackName(example, String(env.name))),
      synthesize: (outdir) => buildExample(example, { outdir }).app.synth(),
    }),
  ),
  // Previews (environments/preview.ts) of the project's staging and of the serverless example's.
  { name: "preview-project", stacks: [samplePreviewStackName()], synthesize: (outdir) => synthesizePreview(outdir, projectConfig) },
  {
    name: "preview-serverless",
    stacks: [samplePreviewStackName(serverlessDynamodb)],
    synthesize: (outdir) =>
      synthesizePreview(outdir, { bootstrap: serverlessDynamodb.bootstrap, environments: serverlessDynamodb.environments }, (env) => exampleStackName(serverlessDynamodb, env)),
  },
];

/** A synthesized stack of one of the offline apps. */
export interface OfflineStack extends StackToCheck {
  /** The app it belongs to (`project` for the project's own stacks). */
  readonly app: string;
}

/** Synthesizes every offline app under `outdir/<app>/` and lists their stacks. */
export function synthesizeOfflineApps(outdir: string, apps: readonly OfflineApp[] = OFFLINE_APPS): OfflineStack[] {
  return apps.flatMap((app) => {
    const appDir = path.join(outdir, app.name);
    fs.mkdirSync(appDir, { recursive: true });
    app.synthesize(appDir);
    const manifest = JSON.parse(fs.readFileSync(path.join(appDir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { synthesizedStackPath: string }>;
    };
    return Object.entries(manifest.stacks).map(([name, stack]) => ({
      app: app.name,
      name,
      dir: path.dirname(path.join(appDir, stack.synthesizedStackPath)),
    }));
  });
}
