import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { buildApp } from "../environments";
import { COMMENTED_OUTPUTS } from "../scripts/preview";
import { testOutdir } from "./support/outdir";

const root = path.resolve(__dirname, "..");
const workflowDir = path.join(root, ".github", "workflows");

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly name?: string;
  readonly needs?: string | string[];
  readonly environment?: string | { name: string };
  readonly permissions?: Record<string, string>;
  readonly strategy?: { matrix?: Record<string, unknown> };
  readonly steps: Step[];
}
interface Workflow {
  readonly name: string;
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

function load(file: string): Workflow {
  return parse(fs.readFileSync(path.join(workflowDir, file), "utf8")) as Workflow;
}

/** Compares dotted versions part by part ("20.19" < "20.19.1" < "22"); a missing part counts as 0. */
function compareVersions(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The commit each action's release tag resolves to, read from the action's repository
 * (`git rev-parse 'refs/tags/<tag>^{commit}'`); a new pin is added here with the same check, so
 * a typo in a SHA or a comment naming another release fails.
 */
const VERIFIED_ACTION_PINS: Record<string, true> = {
  "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2": true,
  "actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0": true,
  "hashicorp/setup-terraform@b9cd54a3c349d3f38e8881555d616ced269862dd # v3.1.2": true,
  "aws-actions/configure-aws-credentials@b47578312673ae6fa5b5096b330d9fbac3d116df # v4.2.1": true,
};

/**
 * `uses:` lines (as written) left on a release tag because the commit of that tag could not be
 * verified, each with the reason. Empty: every action is pinned by commit.
 */
const UNVERIFIED_ACTION_PINS: Record<string, string> = {};

/** Each `uses:` of a workflow as written, comment included (a YAML parser drops the comment). */
function usesOf(file: string): string[] {
  return fs
    .readFileSync(path.join(workflowDir, file), "utf8")
    .split("\n")
    .filter((line) => /^\s*(-\s+)?uses:/.test(line))
    .map((line) => line.replace(/^\s*(-\s+)?uses:\s*/, "").trim());
}

const runs = (job: Job) => job.steps.map((s) => s.run).filter((r): r is string => r !== undefined);
const environments = buildApp({ outdir: testOutdir() }).environments.map((e) => e.node.id);

describe("workflows", () => {
  const files = fs.readdirSync(workflowDir).filter((f) => f.endsWith(".yml"));
  const all = files.map((file) => ({ file, workflow: load(file) }));

  test("there are the pull-request, deploy and preview workflows", () => {
    expect(files.sort()).toEqual(["deploy.yml", "developer-preview.yml", "preview-cleanup.yml", "preview.yml", "pull-request.yml"]);
  });

  test.each(files)("%s: every action is pinned to a full commit SHA, with its release in a comment", (file) => {
    const uses = usesOf(file);
    // As many as the parsed workflow has: the line match misses none.
    expect(uses).toHaveLength(Object.values(load(file).jobs).flatMap((job) => job.steps.filter((s) => s.uses !== undefined)).length);
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) {
      const reason = UNVERIFIED_ACTION_PINS[use];
      if (reason !== undefined) {
        expect({ use, reason: reason.length > 0 }).toEqual({ use, reason: true });
      } else {
        expect({ file, use }).toEqual({ file, use: expect.stringMatching(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/) });
      }
    }
  });

  test("every pin is a verified release commit, and each action is pinned to one commit everywhere", () => {
    const uses = files.flatMap(usesOf).filter((use) => UNVERIFIED_ACTION_PINS[use] === undefined);
    expect([...new Set(uses)].sort()).toEqual(Object.keys(VERIFIED_ACTION_PINS).sort());
    const byAction = new Map<string, Set<string>>();
    for (const use of uses) byAction.set(use.split("@")[0]!, (byAction.get(use.split("@")[0]!) ?? new Set()).add(use));
    for (const [action, pins] of byAction) expect({ action, pins: pins.size }).toEqual({ action, pins: 1 });
  });

  test.each(files)("%s: the token may read the code and nothing else, unless a job says why", (file) => {
    const workflow = load(file);
    expect(workflow.permissions).toEqual({ "contents": "read" });
    for (const job of Object.values(workflow.jobs)) {
      expect(job.permissions).toBeDefined();
      for (const [scope, level] of Object.entries(job.permissions ?? {})) {
        expect(`${scope}: ${level}`).toMatch(/^(contents: read|id-token: write|pull-requests: (read|write))$/);
      }
    }
  });

  test("every job that runs Terraform (tests, plans, deploys) installs Node and Terraform 1.10 or later first", () => {
    for (const { file, workflow } of all) {
      for (const [id, job] of Object.entries(workflow.jobs)) {
        const terraformAt = job.steps.findIndex((s) => s.uses?.startsWith("hashicorp/setup-terraform@"));
        const nodeAt = job.steps.findIndex((s) => s.uses?.startsWith("actions/setup-node@"));
        const firstNpm = job.steps.findIndex((s) => s.run?.startsWith("npm "));
        expect({ file, id, terraform: terraformAt >= 0 && terraformAt < firstNpm, node: nodeAt >= 0 && nodeAt < firstNpm }).toEqual({ file, id, terraform: true, node: true });
        const version = String(job.steps[terraformAt]!.with?.terraform_version);
        const [major, minor] = version.split(".").map(Number);
        expect({ file, id, version, ok: major! > 1 || (major === 1 && minor! >= 10) }).toEqual({ file, id, version, ok: true });
        expect(job.steps[terraformAt]!.with?.terraform_wrapper).toBe(false);
      }
    }
  });

  test("every setup-node step takes the Node version from .nvmrc, none names one of its own", () => {
    const setups = all.flatMap(({ file, workflow }) =>
      Object.entries(workflow.jobs).flatMap(([id, job]) => job.steps.filter((s) => s.uses?.startsWith("actions/setup-node@")).map((s) => ({ file, id, with: s.with }))),
    );
    expect(setups.length).toBeGreaterThan(0);
    for (const setup of setups) {
      expect(setup).toEqual({ file: setup.file, id: setup.id, with: { "node-version-file": ".nvmrc", cache: "npm" } });
    }
  });

  test(".nvmrc holds the lowest Node that package.json's engines allow", () => {
    const nvmrc = fs.readFileSync(path.join(root, ".nvmrc"), "utf8").trim();
    const engines = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { engines: { node: string } }).engines.node;
    expect(nvmrc).toMatch(/^\d+\.\d+(\.\d+)?$/);
    // engines is a floor (">=major.minor"): CI runs its lowest version, the one .nvmrc names.
    expect(engines).toMatch(/^>=\d+\.\d+(\.\d+)?$/);
    const floor = engines.slice(">=".length);
    expect({ nvmrc, engines, satisfies: compareVersions(nvmrc, floor) >= 0 }).toEqual({ nvmrc, engines, satisfies: true });
    expect(nvmrc).toBe(floor);
  });

  test("only jobs that assume an AWS role may ask for an OIDC token, and no workflow holds AWS keys", () => {
    for (const { file, workflow } of all) {
      for (const [id, job] of Object.entries(workflow.jobs)) {
        const assumes = job.steps.some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
        expect({ file, id, idToken: job.permissions?.["id-token"] === "write" }).toEqual({ file, id, idToken: assumes });
        for (const step of job.steps.filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))) {
          expect(Object.keys(step.with ?? {}).sort()).toEqual(["aws-region", "role-to-assume"]);
        }
      }
      expect(fs.readFileSync(path.join(workflowDir, file), "utf8")).not.toMatch(/aws-access-key-id|aws-secret-access-key|secrets\.AWS_/i);
    }
  });
});

describe("pull-request.yml", () => {
  const workflow = load("pull-request.yml");

  test("runs on pull requests to main", () => {
    expect(workflow.on).toEqual({ pull_request: { branches: ["main"] } });
  });

  test("installs, lints, tests and synthesizes", () => {
    expect(runs(workflow.jobs.check!)).toEqual(["npm ci", "npm run lint", "npm test", "npm run synth"]);
  });

  test("then plans every environment, through the plan role when one is configured and offline otherwise", () => {
    const plan = workflow.jobs.plan!;
    expect(plan.needs).toBe("check");
    expect(plan.strategy?.matrix?.environment).toEqual(environments);
    const byName = (name: string) => plan.steps.find((s) => s.name === name)!;
    expect(byName("AWS credentials from the plan role")).toMatchObject({
      if: "vars.AWS_PLAN_ROLE_ARN != ''",
      with: { "role-to-assume": "${{ vars.AWS_PLAN_ROLE_ARN }}" },
    });
    expect(byName("Plan against the real state")).toMatchObject({ if: "vars.AWS_PLAN_ROLE_ARN != ''", run: 'npm run plan -- "${{ matrix.environment }}" --remote' });
    expect(byName("Plan offline (no AWS role configured)")).toMatchObject({ if: "vars.AWS_PLAN_ROLE_ARN == ''", run: 'npm run plan -- "${{ matrix.environment }}"' });
    expect(plan.permissions).toEqual({ contents: "read", "id-token": "write", "pull-requests": "write" });
  });

  test("one run per pull request: a new push cancels the one before", () => {
    expect((workflow as unknown as { concurrency: unknown }).concurrency).toEqual({
      group: "pull-request-${{ github.event.pull_request.number }}",
      "cancel-in-progress": true,
    });
  });

  test("a failed plan is announced on the pull request too", () => {
    const note = workflow.jobs.plan!.steps.find((s) => s.name === "Say so on the pull request when the plan failed")!;
    expect(note.if).toMatch(/^failure\(\) && /);
    expect(note.run).toContain('gh pr comment "$PR_NUMBER" --body');
  });

  test("posts each plan's markdown on the pull request, from the repository's own branches only", () => {
    const post = workflow.jobs.plan!.steps.find((s) => s.name === "Post the plan on the pull request")!;
    expect(post.if).toBe("github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]'");
    expect(post.run).toBe('gh pr comment "$PR_NUMBER" --body-file "plan-$ENVIRONMENT.md"');
    // Values from the event reach the shell as environment variables, never spliced into the script.
    expect(post.env).toMatchObject({ PR_NUMBER: "${{ github.event.pull_request.number }}", ENVIRONMENT: "${{ matrix.environment }}" });
  });
});

describe("deploy.yml", () => {
  const workflow = load("deploy.yml");

  test("runs on pushes to main, one deployment at a time", () => {
    expect(workflow.on).toEqual({ push: { branches: ["main"] } });
    expect((workflow as unknown as { concurrency: unknown }).concurrency).toEqual({ group: "deploy", "cancel-in-progress": false });
  });

  test("checks, deploys staging, then production in its GitHub environment (required reviewers)", () => {
    expect(runs(workflow.jobs.check!)).toEqual(["npm ci", "npm run lint", "npm test"]);
    expect(Object.keys(workflow.jobs)).toEqual(["check", ...environments]);
    let previous = "check";
    for (const env of environments) {
      const job = workflow.jobs[env]!;
      expect({ env, needs: job.needs, environment: job.environment }).toEqual({ env, needs: previous, environment: env });
      expect(runs(job)).toEqual(["npm ci", `npm run deploy -- ${env} --auto-approve`]);
      expect(job.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))?.with).toEqual({
        "role-to-assume": "${{ vars.AWS_DEPLOY_ROLE_ARN }}",
        "aws-region": "${{ vars.AWS_REGION }}",
      });
      previous = env;
    }
  });

  test("the deploy roles trust exactly the GitHub environments the deploy jobs run in, one each", () => {
    const { bootstrap } = buildApp({ outdir: testOutdir() });
    const repository = bootstrap.github?.planSubjects[0]?.replace(/^repo:/, "").replace(/:pull_request$/, "");
    const jobEnvironments = Object.values(workflow.jobs)
      .map((job) => job.environment)
      .filter((e): e is string => typeof e === "string");
    expect(bootstrap.github?.deployRoles.map((r) => r.subject)).toEqual(jobEnvironments.map((env) => `repo:${repository}:environment:${env}`));
  });
});

describe("preview.yml, developer-preview.yml and preview-cleanup.yml", () => {
  const preview = load("preview.yml");
  const cleanup = load("preview-cleanup.yml");
  const developer = load("developer-preview.yml");
  const built = buildApp({ outdir: testOutdir(), preview: { source: "42" } });
  const previewStack = built.environments[built.environments.length - 1]!;
  const previewJson = previewStack.toTerraform() as { output?: Record<string, unknown> };
  const text = (file: string) => fs.readFileSync(path.join(workflowDir, file), "utf8");

  test("deploys on a pull request opened, reopened or pushed to, destroys it on close; never for a fork", () => {
    expect(preview.on).toEqual({ pull_request: { types: ["opened", "reopened", "synchronize", "closed"] } });
    expect(preview.jobs.deploy!.steps.some((s) => s.run?.includes("npm run deploy --"))).toBe(true);
    expect(preview.jobs.destroy!.steps.some((s) => s.run?.includes("cdktf destroy"))).toBe(true);
    const conditions = (preview.jobs as Record<string, { if?: string }>);
    expect(conditions.deploy!.if).toBe("github.event.action != 'closed' && github.event.pull_request.head.repo.full_name == github.repository");
    expect(conditions.destroy!.if).toBe("github.event.action == 'closed' && github.event.pull_request.head.repo.full_name == github.repository");
  });

  test("one concurrency group per pull request, never cancelling a running apply", () => {
    const concurrency = (preview as unknown as { concurrency: { group: string; "cancel-in-progress": boolean } }).concurrency;
    expect(concurrency).toEqual({ group: "preview-${{ github.event.pull_request.number }}", "cancel-in-progress": false });
    expect((cleanup as unknown as { concurrency: { "cancel-in-progress": boolean } }).concurrency["cancel-in-progress"]).toBe(false);
  });

  test("every job runs in the preview environment with the preview role, which trusts that environment only", () => {
    const { bootstrap } = built;
    const repository = bootstrap.github?.planSubjects[0]?.replace(/^repo:/, "").replace(/:pull_request$/, "");
    for (const workflow of [preview, cleanup, developer]) {
      for (const job of Object.values(workflow.jobs)) {
        expect(job.environment).toBe("preview");
        const assume = job.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
        expect(assume?.with?.["role-to-assume"]).toBe("${{ vars.AWS_PREVIEW_ROLE_ARN }}");
      }
    }
    expect(bootstrap.github?.previewRole?.subject).toBe(`repo:${repository}:environment:preview`);
    // The variable the jobs read is what the bootstrap stack outputs.
    expect(Object.keys((bootstrap.toTerraform() as { output?: object }).output ?? {})).toContain("github_preview_role_arn");
  });

  test("names the stack as synth does, from the pull request's number", () => {
    expect((preview as unknown as { env: Record<string, string> }).env.PREVIEW).toBe("${{ github.event.pull_request.number }}");
    expect(previewStack.node.id).toBe("pv-pr-42");
    expect(text("preview.yml")).toContain('npm run --silent preview -- name "$PREVIEW"');
    expect(text("preview-cleanup.yml")).toContain('npm run --silent preview -- name "$name"');
  });

  test("the comment reads outputs the preview stack has, and the cost of that stack", () => {
    const outputs = Object.keys(previewJson.output ?? {});
    expect(outputs).toEqual(expect.arrayContaining(["api_endpoint", "site_domain_name", "preview"]));
    for (const [name] of COMMENTED_OUTPUTS.slice(0, 2)) expect(outputs).toContain(name);
    expect(text("preview.yml")).toMatch(/npm run --silent cost -- "\$\{\{ steps\.stack\.outputs\.name \}\}" > preview-cost\.txt/);
    expect(text("preview.yml")).toContain("--outputs-file preview-outputs.json");
  });

  test("a developer's own preview is deployed or destroyed by hand, by CI, named dev-<name> as synth names it", () => {
    const dispatch = (developer.on as { workflow_dispatch: { inputs: Record<string, { required?: boolean; type: string; options?: string[] }> } }).workflow_dispatch;
    expect(Object.keys(developer.on as object)).toEqual(["workflow_dispatch"]);
    expect(dispatch.inputs.developer).toMatchObject({ required: true, type: "string" });
    expect(dispatch.inputs.action).toMatchObject({ type: "choice", options: ["deploy", "destroy"] });
    const env = (developer as unknown as { env: Record<string, string> }).env;
    expect(env.PREVIEW).toBe("dev-${{ inputs.developer }}");
    expect((developer as unknown as { concurrency: unknown }).concurrency).toEqual({ group: "preview-dev-${{ inputs.developer }}", "cancel-in-progress": false });
    const script = developer.jobs.preview!.steps.map((s) => s.run ?? "").join("\n");
    // The name is checked before anything runs, and reaches the shell only through PREVIEW.
    const check = /\[\[ "\$PREVIEW" =~ (\S+) \]\]/.exec(script)?.[1];
    expect(check).toBeDefined();
    const pattern = new RegExp(check!);
    for (const name of ["alice", "dana-2"]) expect(pattern.test(`dev-${name}`)).toBe(true);
    for (const name of ["Alice", "a;rm -rf", "-x", ""]) expect(pattern.test(`dev-${name}`)).toBe(false);
    expect(script).not.toContain("${{ inputs.");
    expect(script).toContain('npm run --silent preview -- name "$PREVIEW"');
    expect(script).toContain('npm run deploy -- "${{ steps.stack.outputs.name }}" --auto-approve');
    expect(script).toContain('npx cdktf destroy "${{ steps.stack.outputs.name }}" --auto-approve');
    const built = buildApp({ outdir: testOutdir(), preview: { source: "dev-alice" } });
    expect(built.environments[built.environments.length - 1]!.node.id).toBe("pv-dev-alice");
  });

  test("the clean-up runs nightly, finds previews by their state keys and reads each one's expiry from its preview output", () => {
    expect(cleanup.on).toEqual({ schedule: [{ cron: "17 3 * * *" }], workflow_dispatch: {} });
    const script = cleanup.jobs.cleanup!.steps.map((s) => s.run ?? "").join("\n");
    expect(script).toContain('--prefix "$PROJECT/pv-"');
    expect(script).toContain(".outputs.preview.value.expires");
    expect(script).toContain('gh pr view "$source" --json state');
    expect(script).toContain('PREVIEW="$name" npx cdktf destroy "$stack" --auto-approve');
    expect(script).toContain("name=$(jq -r '.outputs.preview.value.name // empty' state.json)");
    expect(previewJson.output?.preview).toMatchObject({ value: { name: "pv-pr-42", source: "42" } });
  });
});
