/**
 * Evaluates the synthesized IAM documents the way AWS does, with an IAM policy simulator
 * (@cloud-copilot/iam-simulate): a role's inline and attached policies, its permissions
 * boundary, and a resource's policy, against one request. Terraform references in the
 * documents (`${aws_s3_bucket.X.arn}`) become the ARNs those resources will have, derived from
 * their configuration; a reference the resolver does not know fails the test rather than
 * being skipped.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";

/** A synthesized stack (cdk.tf.json), as far as these helpers read it. */
export interface StackJson {
  readonly provider?: { readonly aws?: readonly { readonly region?: string; readonly allowed_account_ids?: readonly string[] }[] };
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
}

/** AWS managed policies the stacks attach, as AWS publishes them. */
const AWS_MANAGED_POLICIES = (
  JSON.parse(readFileSync(path.join(__dirname, "..", "fixtures", "aws-managed-policies.json"), "utf8")) as {
    policies: Record<string, { version: string; document: Document }>;
  }
).policies;

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  /** Request context beyond what the principal implies (tags, `s3:prefix`, `iam:PermissionsBoundary`, ...). */
  readonly context?: Record<string, string | string[]>;
}

interface Document {
  readonly Version: string;
  readonly Statement: readonly Record<string, unknown>[];
}

/** The stacks a role's documents may refer to (an environment's roles carry the bootstrap stack's boundary). */
export class IamModel {
  private readonly stacks: readonly StackJson[];

  constructor(...stacks: readonly StackJson[]) {
    if (stacks.length === 0) throw new Error("IamModel needs at least one stack");
    this.stacks = stacks;
  }

  /** The role named `roleName` (its `name` attribute), in whichever stack has it. */
  role(roleName: string): SimulatedRole {
    for (const stack of this.stacks) {
      for (const [address, role] of Object.entries(stack.resource?.aws_iam_role ?? {})) {
        if (role.name === roleName) return new SimulatedRole(this, stack, address, role);
      }
    }
    throw new Error(`no aws_iam_role named ${roleName} in the stacks given (${this.roleNames().join(", ")})`);
  }

  roleNames(): string[] {
    return this.stacks.flatMap((stack) => Object.values(stack.resource?.aws_iam_role ?? {}).map((role) => String(role.name)));
  }

  /** The policy of the bucket named `bucketName`, resolved. */
  bucketPolicy(bucketName: string): Document {
    for (const stack of this.stacks) {
      const buckets = stack.resource?.aws_s3_bucket ?? {};
      const address = Object.entries(buckets).find(([, bucket]) => bucket.bucket === bucketName)?.[0];
      if (address === undefined) continue;
      const policy = Object.values(stack.resource?.aws_s3_bucket_policy ?? {}).find((p) =>
        [`\${aws_s3_bucket.${address}.id}`, `\${aws_s3_bucket.${address}.bucket}`, bucketName].includes(String(p.bucket)),
      );
      if (policy === undefined) throw new Error(`bucket ${bucketName} has no aws_s3_bucket_policy`);
      return resolveDocument(stack, String(policy.policy));
    }
    throw new Error(`no aws_s3_bucket named ${bucketName} in the stacks given`);
  }

  /** A managed policy by ARN, from any of the stacks (a boundary lives in the bootstrap stack). */
  managedPolicy(arn: string, from: StackJson): Document {
    const reference = /^\$\{aws_iam_policy\.([A-Za-z0-9_-]+)\.arn\}$/.exec(arn);
    if (reference !== null) {
      const policy = from.resource?.aws_iam_policy?.[reference[1]!];
      if (policy === undefined) throw new Error(`no aws_iam_policy.${reference[1]} in the role's stack`);
      return resolveDocument(from, String(policy.policy));
    }
    const awsManaged = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (awsManaged !== null) {
      const known = AWS_MANAGED_POLICIES[awsManaged[1]!];
      if (known === undefined) throw new Error(`cannot evaluate ${arn}: add its published document to test/fixtures/aws-managed-policies.json`);
      return known.document;
    }
    const name = /^arn:aws[a-z-]*:iam::(\d{12}):policy\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (name === null) throw new Error(`cannot evaluate the policy ${arn}`);
    for (const stack of this.stacks) {
      const policy = Object.values(stack.resource?.aws_iam_policy ?? {}).find((p) => p.name === name[2]);
      if (policy !== undefined) return resolveDocument(stack, String(policy.policy));
    }
    throw new Error(`no aws_iam_policy named ${name[2]} in the stacks given (for ${arn})`);
  }
}

/** One role's identity policies and boundary, ready to answer requests. */
export class SimulatedRole {
  readonly name: string;
  readonly arn: string;
  readonly accountId: string;
  readonly identityPolicies: readonly { readonly name: string; readonly policy: Document }[];
  readonly boundary?: Document;

  constructor(model: IamModel, stack: StackJson, address: string, role: Record<string, unknown>) {
    this.name = String(role.name);
    this.accountId = accountOf(stack);
    this.arn = `arn:aws:iam::${this.accountId}:role/${this.name}`;
    const refersToRole = (value: unknown) =>
      [`\${aws_iam_role.${address}.id}`, `\${aws_iam_role.${address}.name}`, this.name].includes(String(value));
    const inline = Object.entries(stack.resource?.aws_iam_role_policy ?? {})
      .filter(([, policy]) => refersToRole(policy.role))
      .map(([key, policy]) => ({ name: `inline:${String(policy.name ?? key)}`, policy: resolveDocument(stack, String(policy.policy)) }));
    const attached = Object.entries(stack.resource?.aws_iam_role_policy_attachment ?? {})
      .filter(([, attachment]) => refersToRole(attachment.role))
      .map(([key, attachment]) => ({ name: `attached:${key}`, policy: model.managedPolicy(String(attachment.policy_arn), stack) }));
    if (role.inline_policy !== undefined || role.managed_policy_arns !== undefined) {
      throw new Error(`role ${this.name}: inline_policy / managed_policy_arns are not evaluated by this model`);
    }
    this.identityPolicies = [...inline, ...attached];
    if (role.permissions_boundary !== undefined) this.boundary = model.managedPolicy(String(role.permissions_boundary), stack);
  }

  /** The same role (trust, boundary) with other identity policies: what the boundary allows whatever is put on the role. */
  withIdentityPolicies(policies: readonly { readonly name: string; readonly policy: Document }[]): SimulatedRole {
    return Object.assign(Object.create(SimulatedRole.prototype) as SimulatedRole, this, { identityPolicies: policies });
  }

  /** AWS's decision on one request by this role, optionally against a resource policy. */
  async decide(request: IamRequest, resourcePolicy?: Document): Promise<Decision> {
    const simulation: Simulation = {
      request: {
        principal: this.arn,
        action: request.action,
        resource: { resource: request.resource, accountId: this.accountId },
        contextVariables: {
          "aws:PrincipalArn": this.arn,
          "aws:PrincipalAccount": this.accountId,
          "aws:PrincipalType": "AssumedRole",
          "aws:SecureTransport": "true",
          ...request.context,
        },
      },
      identityPolicies: this.identityPolicies.map((p) => ({ name: p.name, policy: p.policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy === undefined ? {} : { resourcePolicy }),
      ...(this.boundary === undefined ? {} : { permissionBoundaryPolicies: [{ name: "boundary", policy: this.boundary }] }),
    };
    return decision(simulation, `${this.name} ${request.action} on ${request.resource}`);
  }
}

/** AWS's decision on a request by a service principal (CloudFront, log delivery) or another account, against a resource policy. */
export async function decideForService(
  principal: string,
  accountId: string,
  request: IamRequest,
  resourcePolicy: Document,
): Promise<Decision> {
  const simulation: Simulation = {
    request: {
      principal,
      action: request.action,
      resource: { resource: request.resource, accountId },
      contextVariables: { "aws:SecureTransport": "true", ...request.context },
    },
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy,
  };
  return decision(simulation, `${principal} ${request.action} on ${request.resource}`);
}

async function decision(simulation: Simulation, what: string): Promise<Decision> {
  const result = await runSimulation(simulation, {});
  if (result.resultType === "error") throw new Error(`the simulator refused ${what}: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}

function accountOf(stack: StackJson): string {
  const account = stack.provider?.aws?.[0]?.allowed_account_ids?.[0];
  if (account === undefined) throw new Error("the stack's aws provider has no allowed_account_ids");
  return account;
}

function regionOf(stack: StackJson): string {
  const region = stack.provider?.aws?.[0]?.region;
  if (region === undefined) throw new Error("the stack's aws provider has no region");
  return region;
}

/** A policy document with every Terraform reference replaced by the value the resource will have. */
export function resolveDocument(stack: StackJson, json: string): Document {
  const resolved = json.replace(/\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+(?:\[0\]\.[a-z_]+)?)\}/g, (_, type: string, name: string, attribute: string) =>
    attributeOf(stack, type, name, attribute),
  );
  if (resolved.includes("${")) throw new Error(`cannot resolve every reference in ${json.slice(0, 300)}`);
  return JSON.parse(resolved) as Document;
}

/** A stand-in for an apply-time id: stable, and unique per resource address. */
function fakeId(address: string, length: number): string {
  return createHash("sha256").update(address).digest("hex").slice(0, length);
}

function attributeOf(stack: StackJson, type: string, name: string, attribute: string): string {
  const resource = stack.resource?.[type]?.[name];
  if (resource === undefined) throw new Error(`the document refers to ${type}.${name}, which the stack does not have`);
  const account = accountOf(stack);
  const region = regionOf(stack);
  const id = fakeId(`${type}.${name}`, 17);
  const field = (key: string) => {
    const value = resource[key];
    if (typeof value !== "string" || value.includes("${")) throw new Error(`${type}.${name}.${key} is not a literal: cannot derive ${attribute}`);
    return value;
  };
  const arns: Record<string, () => Record<string, string>> = {
    aws_s3_bucket: () => ({ arn: `arn:aws:s3:::${field("bucket")}`, id: field("bucket"), bucket: field("bucket") }),
    aws_iam_role: () => ({ arn: `arn:aws:iam::${account}:role/${field("name")}`, id: field("name"), name: field("name") }),
    aws_iam_policy: () => ({ arn: `arn:aws:iam::${account}:policy/${field("name")}` }),
    aws_iam_openid_connect_provider: () => ({
      arn: `arn:aws:iam::${account}:oidc-provider/${field("url").replace(/^https:\/\//, "")}`,
    }),
    aws_cloudwatch_log_group: () => ({ arn: `arn:aws:logs:${region}:${account}:log-group:${field("name")}` }),
    aws_ecr_repository: () => ({ arn: `arn:aws:ecr:${region}:${account}:repository/${field("name")}` }),
    aws_ssm_parameter: () => ({ arn: `arn:aws:ssm:${region}:${account}:parameter/${field("name").replace(/^\//, "")}` }),
    aws_db_instance: () => ({
      arn: `arn:aws:rds:${region}:${account}:db:${field("identifier")}`,
      resource_id: `db-${id.toUpperCase()}`,
      "master_user_secret[0].secret_arn": `arn:aws:secretsmanager:${region}:${account}:secret:rds!db-${id}-AbCdEf`,
    }),
    aws_codebuild_project: () => ({ arn: `arn:aws:codebuild:${region}:${account}:project/${field("name")}` }),
    aws_codepipeline: () => ({ arn: `arn:aws:codepipeline:${region}:${account}:${field("name")}` }),
    aws_codestarconnections_connection: () => ({ arn: `arn:aws:codestar-connections:${region}:${account}:connection/${id}` }),
    aws_cloudfront_distribution: () => ({ arn: `arn:aws:cloudfront::${account}:distribution/E${id.toUpperCase().slice(0, 13)}` }),
    aws_sns_topic: () => ({ arn: `arn:aws:sns:${region}:${account}:${field("name")}` }),
    aws_sqs_queue: () => ({ arn: `arn:aws:sqs:${region}:${account}:${field("name")}` }),
    aws_lambda_function: () => ({ arn: `arn:aws:lambda:${region}:${account}:function:${field("function_name")}` }),
    aws_kms_key: () => ({ arn: `arn:aws:kms:${region}:${account}:key/${id}` }),
    aws_subnet: () => ({ id: `subnet-${id}` }),
    aws_vpc: () => ({ id: `vpc-${id}`, owner_id: account }),
    aws_ecs_cluster: () => ({ arn: `arn:aws:ecs:${region}:${account}:cluster/${field("name")}` }),
    aws_cloudwatch_event_rule: () => ({ arn: `arn:aws:events:${region}:${account}:rule/${field("name")}` }),
  };
  const values = arns[type]?.();
  const value = values?.[attribute];
  if (value === undefined) throw new Error(`the IAM model cannot derive ${type}.${attribute} (referenced as ${type}.${name}.${attribute}); add it to attributeOf`);
  return value;
}
