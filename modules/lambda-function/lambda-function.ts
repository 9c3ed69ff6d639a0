import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { LambdaAlias } from "@cdktf/provider-aws/lib/lambda-alias";
import { LambdaFunction as LambdaFunctionResource } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaFunctionRecursionConfig } from "@cdktf/provider-aws/lib/lambda-function-recursion-config";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { App, AssetType, ITerraformDependable, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { suppress } from "../../policies/suppressions";
import { PropsValidator } from "../shared/errors";
import type { Grantee, GranteeRole } from "../shared/grants";
import type { AlarmThresholds, Monitorable, MonitoringSpec } from "../shared/monitorable";
import { inlinePolicy } from "../_internal/iam";
import { policyDocument } from "../_internal/policy";
import { httpsEgressAnywhere, replaceableSecurityGroup, tcpEgressToGroup } from "../_internal/security-group";
import { functionStatements, lambdaRole, vpcStatements } from "./iam";
import { functionMonitoringSpec } from "./monitoring";
import { packageEntry } from "./bundle";
import { FolderPackage, packageFolder, packageSizeProblems, writePackage } from "./package";
import type { LambdaArchitecture, LambdaFunctionProps, SecurityGroupPeer } from "./props";
import { Settings, validate } from "./validate";

/** How long the failure queue keeps a failed event: 14 days, SQS's longest. */
export const FAILURE_QUEUE_RETENTION_SECONDS = 14 * 24 * 3600;

/**
 * A Lambda function and what it needs to run safely: its code (a folder zipped deterministically
 * at synth, a TypeScript handler bundled by esbuild at synth and zipped the same way, or an ECR
 * image by digest), a least-privilege execution role, its own log group with
 * retention and JSON logs, X-Ray tracing, published versions behind an alias (what integrations
 * invoke), an encrypted failure queue for asynchronous events, recursive-loop termination, and
 * optionally a place in a VPC's private subnets with a security group of its own. A
 * {@link Grantee} (grants go to its role), a {@link Monitorable}, and a Lambda backend for an
 * HTTP API's `LambdaIntegration` (it invokes the alias).
 */
export class LambdaFunction extends Construct implements Grantee, Monitorable {
  /** The function resource. */
  readonly function: LambdaFunctionResource;
  /** The function's name, `${name}-${functionName}`. */
  readonly functionName: string;
  /** The function's ARN, unqualified. */
  readonly functionArn: string;
  /** The alias callers invoke, on the latest published version (or the pipeline's, with `codeUpdates: "pipeline"`). */
  readonly alias: LambdaAlias;
  readonly aliasName: string;
  /** The alias's ARN: `<functionArn>:<aliasName>`. */
  readonly aliasArn: string;
  /** The alias's invoke ARN (API Gateway's form). */
  readonly invokeArn: string;
  /** The alias name, as a `LambdaIntegration` takes it: the integration invokes the alias, and its permission is for the alias. */
  readonly qualifier: string;
  /** The execution role: grant it what the code needs. */
  readonly role: IamRole;
  /** The execution role, as grants take it (`role` itself). */
  readonly grantRole: GranteeRole;
  /** `/aws/lambda/<function name>`. */
  readonly logGroup: CloudwatchLogGroup;
  /** The function's security group (only with `network`). */
  readonly securityGroup?: SecurityGroup;
  /** The function's security group id (undefined without `network`). */
  readonly securityGroupId: string | undefined;
  /** Asynchronous events that failed every attempt, or expired, land here (`<function name>-failed`). */
  readonly failureQueue: SqsQueue;
  readonly failureQueueArn: string;
  readonly failureQueueName: string;
  readonly architecture: LambdaArchitecture;
  /** The runtime (undefined for an image). */
  readonly runtime: string | undefined;
  readonly memoryMiB: number;
  readonly timeoutSeconds: number;
  /** The reserved concurrency (undefined: the account's unreserved pool). */
  readonly reservedConcurrency: number | undefined;

  constructor(scope: Construct, id: string, props: LambdaFunctionProps) {
    super(scope, id);
    const s = validate(this, props);
    const name = s.functionName;
    this.architecture = s.architecture;
    this.runtime = s.runtime;
    this.memoryMiB = s.memoryMiB;
    this.timeoutSeconds = s.timeoutSeconds;
    this.reservedConcurrency = s.reservedConcurrency;

    const code = this.code(props, s);

    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: `/aws/lambda/${name}`,
      retentionInDays: s.logRetentionDays,
      tags: { Name: name },
    });

    this.failureQueue = new SqsQueue(this, "FailureQueue", {
      name: `${name}-failed`,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: FAILURE_QUEUE_RETENTION_SECONDS,
      lifecycle: s.preventDestroy ? { preventDestroy: true } : undefined,
      tags: { Name: `${name}-failed` },
    });
    this.failureQueueArn = this.failureQueue.arn;
    this.failureQueueName = this.failureQueue.name;
    new SqsQueuePolicy(this, "FailureQueuePolicy", {
      queueUrl: this.failureQueue.url,
      policy: policyDocument([
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "sqs:*",
          Resource: this.failureQueue.arn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]),
    });

    this.role = lambdaRole(this, "Role", { name, description: `The Lambda function ${name} runs as this role` });
    this.grantRole = this.role;
    const rolePolicy = inlinePolicy(
      this,
      "RolePolicy",
      this.role,
      "run-function",
      functionStatements({
        region: props.region,
        accountId: props.accountId,
        logGroupArn: this.logGroup.arn,
        failureQueueArn: this.failureQueue.arn,
        parameterArns: s.parameterArns,
        secretArns: s.secretArns,
        tracing: s.tracing,
      }),
    );
    const dependsOn: ITerraformDependable[] = [this.logGroup, rolePolicy];

    const network = props.network;
    if (network !== undefined) {
      this.securityGroup = replaceableSecurityGroup(this, "SecurityGroup", {
        name,
        description: `${name} Lambda function: no inbound, outbound as its rules allow`,
        vpcId: network.vpcId,
      });
      if (s.httpsEgress) {
        const services = s.awsServices.length > 0 ? `AWS APIs (${s.awsServices.join(", ")})` : "AWS APIs";
        httpsEgressAnywhere(this, "EgressHttps", this.securityGroup.id, `HTTPS: ${services}${network.egress === "none" ? "" : " and the internet through NAT"}`);
      }
      // A policy of its own, so the policy-pack suppression below covers these statements and no other.
      const vpcPolicy = inlinePolicy(this, "VpcPolicy", this.role, "run-in-vpc", vpcStatements());
      suppress(vpcPolicy, [
        {
          id: "iam-no-wildcard-resource",
          reason:
            "Lambda creates, describes and deletes the function's network interfaces in its subnets with this role, and AWS documents these calls on Resource * for VPC functions (the interfaces do not exist yet to be named).",
        },
      ]);
      // Lambda creates the interfaces as the role when the function is created, and deletes them
      // (slowly) after it: the policy must exist first and go last.
      dependsOn.push(vpcPolicy);
    }
    this.securityGroupId = this.securityGroup?.id;

    const ignoreChanges = s.codeUpdates === "pipeline" ? (s.codeKind === "image" ? ["image_uri"] : ["filename", "source_code_hash"]) : undefined;
    this.function = new LambdaFunctionResource(this, "Function", {
      functionName: name,
      role: this.role.arn,
      architectures: [s.architecture],
      memorySize: s.memoryMiB,
      timeout: s.timeoutSeconds,
      publish: true,
      ...code,
      environment: Object.keys(s.variables).length > 0 ? { variables: { ...s.variables } } : undefined,
      loggingConfig: {
        logFormat: "JSON",
        logGroup: this.logGroup.name,
        applicationLogLevel: s.applicationLogLevel,
        systemLogLevel: s.systemLogLevel,
      },
      tracingConfig: { mode: s.tracing ? "Active" : "PassThrough" },
      vpcConfig:
        network === undefined
          ? undefined
          : { subnetIds: [...network.privateSubnetIds], securityGroupIds: [this.securityGroup!.id] },
      reservedConcurrentExecutions: s.reservedConcurrency,
      dependsOn,
      lifecycle: ignoreChanges === undefined ? undefined : { ignoreChanges },
      tags: { Name: name },
    });
    this.functionName = this.function.functionName;
    this.functionArn = this.function.arn;

    this.alias = new LambdaAlias(this, "Alias", {
      name: s.aliasName,
      description: s.codeUpdates === "pipeline" ? "The version the delivery pipeline deployed last" : "The latest version Terraform published",
      functionName: this.function.functionName,
      functionVersion: this.function.version,
      lifecycle: s.codeUpdates === "pipeline" ? { ignoreChanges: ["function_version"] } : undefined,
    });
    this.aliasName = this.alias.name;
    this.qualifier = this.alias.name;
    this.aliasArn = this.alias.arn;
    this.invokeArn = this.alias.invokeArn;

    // Asynchronous invocations go through the alias, as every caller's do.
    new LambdaFunctionEventInvokeConfig(this, "AsyncInvokeConfig", {
      functionName: this.function.functionName,
      qualifier: this.alias.name,
      maximumRetryAttempts: s.asyncRetryAttempts,
      maximumEventAgeInSeconds: s.asyncMaxEventAgeSeconds,
      destinationConfig: { onFailure: { destination: this.failureQueue.arn } },
      // Lambda checks it may send to the queue when the destination is set.
      dependsOn: [rolePolicy],
    });
    new LambdaFunctionRecursionConfig(this, "RecursionConfig", {
      functionName: this.function.functionName,
      recursiveLoop: "Terminate",
    });
  }

  /** The function's code settings: the folder's package or the entry's bundle as a file asset, or the image. */
  private code(props: LambdaFunctionProps, s: Settings): Partial<{ packageType: string; runtime: string; handler: string; filename: string; sourceCodeHash: string; imageUri: string }> {
    if ("imageUri" in props.code) return { packageType: "Image", imageUri: props.code.imageUri };
    const v = new PropsValidator(this, "LambdaFunction");
    let pkg: FolderPackage;
    if ("entry" in props.code) {
      // Bundled (or found bundled) by validate(), which checked the handler against its exports.
      const { entry, sourceMap, minify } = props.code;
      pkg = packageEntry(entry, { runtime: s.runtime!, sourceMap: sourceMap === true, minify: minify === true }).pkg;
      for (const problem of packageSizeProblems(entry, pkg, "code.entry")) v.fail(problem.prop, problem.expected, problem.given);
    } else {
      pkg = packageFolder(props.code.folder);
      for (const problem of packageSizeProblems(props.code.folder, pkg)) v.fail(problem.prop, problem.expected, problem.given);
    }
    v.throwIfInvalid();
    const file = writePackage(App.of(this).outdir, pkg);
    const asset = new TerraformAsset(this, "Code", { path: file, type: AssetType.FILE, assetHash: pkg.sha256Hex.slice(0, 32) });
    return { packageType: "Zip", runtime: s.runtime!, handler: s.handler!, filename: asset.path, sourceCodeHash: pkg.sha256Base64 };
  }

  /**
   * Lets the function open connections to a security group's members on one TCP port (the
   * database's `allowFrom` calls this). Only for a function in a VPC (`network`). Returns the rule.
   */
  allowTo(id: string, peer: SecurityGroupPeer, port: number, description: string): VpcSecurityGroupEgressRule {
    if (this.securityGroup === undefined) {
      new PropsValidator(this, "LambdaFunction")
        .fail("network", `is needed by allowTo("${id}", ...): a function outside a VPC has no security group, and reaches nothing inside one; give the function a network`, undefined)
        .throwIfInvalid();
    }
    return tcpEgressToGroup(this, `Egress${id}`, { securityGroupId: this.securityGroup!.id, peerSecurityGroupId: peer.securityGroupId, port, description });
  }

  /**
   * The function's alarms (errors, throttles, p99 duration against the timeout, concurrency
   * against the reservation when there is one, failed asynchronous events) and its dashboard row.
   */
  monitoringSpec(thresholds: AlarmThresholds): MonitoringSpec {
    return functionMonitoringSpec(this, thresholds);
  }
}
