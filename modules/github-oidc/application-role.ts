import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { ECR_PUSH_ACTIONS } from "../_internal/ecr";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { ACCOUNT_ID_PATTERN, partitionOf } from "../shared/arn";
import { PropProblem, propProblems, PropsValidator } from "../shared/errors";
import { isKnownRegion, regionProblem } from "../shared/regions";
import { inlinePolicy } from "../_internal/iam";
import { isValidNamePrefix, NAME_PREFIX_RULE } from "../_internal/naming";
import { policyDocument, PolicyStatement } from "../_internal/policy";
import { GITHUB_OIDC_HOST } from "./github-oidc";

export interface GithubApplicationRoleProps {
  /** The project: prefix of the role's name (`<project>-github-app-<environment>`) and of the environment's resource names (`<project>-<environment>`). */
  readonly project: string;
  /**
   * The environment the role delivers to: the stack's environment name and the GitHub
   * environment of the application's repository whose jobs may assume the role
   * (`repo:<owner>/<name>:environment:<environment>`).
   */
  readonly environment: string;
  /** The application's repository, `owner/name`, without wildcards. */
  readonly repository: string;
  /** The account of the environment (every ARN the role is granted is in it). */
  readonly accountId: string;
  /** The environment's region (every ECS, ECR and Logs ARN the role is granted is in it). */
  readonly region: string;
  /** The account's GitHub OIDC provider (a `GithubOidc`'s `providerArn`). */
  readonly providerArn: string;
  /** The environment's permissions boundary (a `PermissionsBoundary`'s `policyArn`), which the role carries. */
  readonly permissionsBoundaryArn: string;
  /**
   * Whether CI pushes the images to the service's ECR repository (`<project>-<environment>/<serviceName>`).
   * @default true
   */
  readonly pushImagesToEcr?: boolean;
  /**
   * The FargateService's `serviceName` in the environment's stack: it names the ECS service,
   * its task definition families, its roles, its repository and its log group.
   * @default "api"
   */
  readonly serviceName?: string;
}

/** The ECR actions that push and pull an image's layers and manifest, on the one repository. */
const APPLICATION_IMAGE_ACTIONS = [...ECR_PUSH_ACTIONS, "ecr:DescribeImages"] as const;

/** The names of what the role works on: those the environment stack's FargateService gives them. */
export interface ApplicationResourceNames {
  /** The environment's ECS cluster, `<prefix>`. */
  readonly clusterArn: string;
  /** The one ECS service, `service/<prefix>/<prefix>-<service>` (the new ARN format). */
  readonly serviceArn: string;
  /** The service's task definition family (`<prefix>-<service>`). */
  readonly serviceFamily: string;
  /** The one-off tasks' family (`<prefix>-<service>-oneoff`): migrations and other commands. */
  readonly oneOffFamily: string;
  /** The service's execution role, `<prefix>-<service>-execution`. */
  readonly executionRoleArn: string;
  /** The service's task role, `<prefix>-<service>-task`. */
  readonly taskRoleArn: string;
  /** The service's ECR repository, `<prefix>/<service>`. */
  readonly repositoryArn: string;
  /** The service's log group, `/<prefix>/ecs/<service>`. */
  readonly logGroupArn: string;
}

/**
 * The role the application's own repository (not this one) uses from GitHub Actions to deliver
 * one environment's container: push the image, register the service's and the one-off task's
 * task definitions, run the one-off task (migrations) and read its log, and point the one
 * service at the new revision. Only jobs of the repository's GitHub environment of the same name
 * may assume it; it carries the environment's permissions boundary, and may pass only the
 * service's execution and task roles, to ECS tasks only. It changes no infrastructure: that is
 * the deploy role's work (`GithubOidc`).
 */
export class GithubApplicationRole extends Construct {
  readonly role: IamRole;
  /** The role's ARN: the application repository's `AWS_ROLE_ARN` in this GitHub environment. */
  readonly roleArn: string;
  /** `<project>-github-app-<environment>`. */
  readonly roleName: string;
  /** The environment (stack and GitHub environment) the role delivers to. */
  readonly environment: string;
  /** The `sub` claim the role accepts: `repo:<owner>/<name>:environment:<environment>`. */
  readonly subject: string;
  /** The role's one inline policy (images, task definitions, the one-off task, the service, the two roles). */
  readonly policy: IamRolePolicy;
  /** The ARNs and families the policy names. */
  readonly resources: ApplicationResourceNames;

  constructor(scope: Construct, id: string, props: GithubApplicationRoleProps) {
    super(scope, id);
    const { serviceName, pushImagesToEcr } = validate(this, props);
    const partition = partitionOf(props.region);
    const prefix = `${props.project}-${props.environment}`;
    const service = `${prefix}-${serviceName}`;
    const arn = (svc: string, resource: string) => `arn:${partition}:${svc}:${props.region}:${props.accountId}:${resource}`;
    const roleArn = (name: string) => `arn:${partition}:iam::${props.accountId}:role/${name}`;
    this.resources = {
      clusterArn: arn("ecs", `cluster/${prefix}`),
      serviceArn: arn("ecs", `service/${prefix}/${service}`),
      serviceFamily: service,
      oneOffFamily: `${service}-oneoff`,
      executionRoleArn: roleArn(`${service}-execution`),
      taskRoleArn: roleArn(`${service}-task`),
      repositoryArn: arn("ecr", `repository/${prefix}/${serviceName}`),
      logGroupArn: arn("logs", `log-group:/${prefix}/ecs/${serviceName}`),
    };
    const r = this.resources;
    const taskDefinitions = (family: string) => arn("ecs", `task-definition/${family}:*`);

    this.environment = props.environment;
    this.roleName = `${props.project}-github-app-${props.environment}`;
    this.subject = `repo:${props.repository}:environment:${props.environment}`;
    this.role = new IamRole(this, "Role", {
      name: this.roleName,
      description: `GitHub Actions of ${props.repository}: delivers ${service} from the ${props.environment} environment`,
      assumeRolePolicy: policyDocument([
        {
          Effect: "Allow",
          Principal: { Federated: props.providerArn },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com", [`${GITHUB_OIDC_HOST}:sub`]: [this.subject] },
          },
        },
      ]),
      maxSessionDuration: 3600,
      permissionsBoundary: props.permissionsBoundaryArn,
      tags: { Name: this.roleName },
    });
    this.roleArn = this.role.arn;

    const images: PolicyStatement[] = pushImagesToEcr
      ? [
          // GetAuthorizationToken takes no resource: the token is the registry's, and the
          // statement below decides which repository it can push to or pull from.
          { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
          { Sid: "PushAndPullServiceImages", Effect: "Allow", Action: [...APPLICATION_IMAGE_ACTIONS], Resource: r.repositoryArn },
        ]
      : [];
    this.policy = inlinePolicy(this, "Policy", this.role, "application-delivery", [
      ...images,
      {
        // The Service Authorization Reference lists the task-definition resource for
        // RegisterTaskDefinition: new revisions of the two families only. What a registered task
        // may do is bounded by iam:PassRole below (ECS checks it for the task's two roles).
        Sid: "RegisterTaskDefinitions",
        Effect: "Allow",
        Action: "ecs:RegisterTaskDefinition",
        Resource: [taskDefinitions(r.serviceFamily), taskDefinitions(r.oneOffFamily)],
      },
      {
        // DescribeTaskDefinition takes no resource (Resource "*" only): CI reads the current
        // revision to render the next one. It returns configuration only (the task definitions
        // of the stacks hold no secret: the policy pack refuses secret-looking variables).
        Sid: "DescribeTaskDefinitions",
        Effect: "Allow",
        Action: "ecs:DescribeTaskDefinition",
        Resource: "*",
      },
      {
        Sid: "RunOneOffTask",
        Effect: "Allow",
        Action: "ecs:RunTask",
        Resource: taskDefinitions(r.oneOffFamily),
        Condition: { ArnEquals: { "ecs:cluster": r.clusterArn } },
      },
      {
        // Only watching: stopping would reach the service's own tasks too.
        Sid: "WatchTasks",
        Effect: "Allow",
        Action: "ecs:DescribeTasks",
        Resource: arn("ecs", `task/${prefix}/*`),
      },
      {
        // The one-off task's output (its awslogs stream prefix is "oneoff"), for CI to show.
        Sid: "ReadOneOffTaskLog",
        Effect: "Allow",
        Action: "logs:GetLogEvents",
        Resource: `${r.logGroupArn}:log-stream:oneoff/*`,
      },
      { Sid: "DeployService", Effect: "Allow", Action: ["ecs:UpdateService", "ecs:DescribeServices"], Resource: r.serviceArn },
      {
        Sid: "PassServiceRoles",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: [r.executionRoleArn, r.taskRoleArn],
        Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
      },
    ]);
  }
}

/**
 * Every problem with the props, without building anything (none when they hold): what the
 * constructor would refuse.
 */
export function githubApplicationRolePropProblems(props: GithubApplicationRoleProps): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props));
}

const REPOSITORY = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;
const SERVICE_NAME = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;
const PERMISSIONS_BOUNDARY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):policy\/[A-Za-z0-9+=,.@_/-]+$/;
const PROVIDER_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):oidc-provider\/token\.actions\.githubusercontent\.com$/;

interface Settings {
  readonly serviceName: string;
  readonly pushImagesToEcr: boolean;
}

function validate(scope: Construct | undefined, props: GithubApplicationRoleProps): Settings {
  const v = new PropsValidator(scope, "GithubApplicationRole");
  v.requireLiterals(props, ["project", "environment", "repository", "serviceName", "pushImagesToEcr"]);
  const serviceName = props.serviceName ?? "api";
  const pushImagesToEcr = props.pushImagesToEcr ?? true;
  v.check(isValidNamePrefix(props.project), "project", NAME_PREFIX_RULE, props.project);
  // Within the 32 characters of a name prefix, the role name (<project>-github-app-<environment>) keeps within IAM's 64.
  v.check(
    isValidNamePrefix(`${props.project}-${props.environment}`),
    "environment",
    `must be a lowercase environment name that, after "${props.project}-", ${NAME_PREFIX_RULE.replace(/^must be /, "is ")}`,
    props.environment,
  );
  v.check(REPOSITORY.test(props.repository), "repository", 'must be "owner/name" of a GitHub repository, without wildcards', props.repository);
  v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", "must be a 12-digit AWS account id", props.accountId);
  v.check(isKnownRegion(props.region), "region", regionProblem(props.region) ?? "", props.region);
  v.check(
    SERVICE_NAME.test(serviceName),
    "serviceName",
    'must be the FargateService\'s serviceName: a DNS label of 2 to 20 lowercase letters, digits and hyphens, starting with a letter (e.g. "api")',
    serviceName,
  );
  const provider = PROVIDER_ARN.exec(props.providerArn);
  v.check(
    provider !== null,
    "providerArn",
    "must be the ARN of the account's GitHub OIDC provider (arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com), e.g. a GithubOidc's providerArn",
    props.providerArn,
  );
  if (provider !== null && ACCOUNT_ID_PATTERN.test(props.accountId)) {
    v.check(provider[1] === props.accountId, "providerArn", `must be a provider of account ${props.accountId} (accountId)`, props.providerArn);
  }
  const boundary = PERMISSIONS_BOUNDARY_ARN.exec(props.permissionsBoundaryArn);
  v.check(
    boundary !== null,
    "permissionsBoundaryArn",
    "must be the ARN of a customer managed policy (arn:aws:iam::<account>:policy/<name>), e.g. the environment's PermissionsBoundary's policyArn",
    props.permissionsBoundaryArn,
  );
  if (boundary !== null && ACCOUNT_ID_PATTERN.test(props.accountId)) {
    v.check(boundary[1] === props.accountId, "permissionsBoundaryArn", `must be a policy of account ${props.accountId} (accountId)`, props.permissionsBoundaryArn);
  }
  v.throwIfInvalid();
  return { serviceName, pushImagesToEcr };
}
