/**
 * A Fargate service's execution role, evaluated as AWS would (policy simulator), for the two ways
 * of running a Docker Hub image: through an ECR pull-through cache (pull, create and import under
 * the cache's prefix, nowhere else), or directly with registry credentials (read that secret,
 * and decrypt it with its key through Secrets Manager only).
 */
import { EcrPullThroughCache } from "../../modules/ecr-pull-through-cache";
import { FargateService, FargateServiceProps } from "../../modules/fargate-service";
import { IamModel, SimulatedRole, StackJson } from "../support/iam-simulator";
import { synthJson, testStack } from "../support/synth";

const account = "123456789012";
const region = "eu-west-1";
const REGISTRY_SECRET = `arn:aws:secretsmanager:${region}:${account}:secret:acme/test/docker-hub-AbCdEf`;
const OTHER_SECRET = `arn:aws:secretsmanager:${region}:${account}:secret:acme/test/db-GhIjKl`;
const KEY = `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KEY = `arn:aws:kms:${region}:${account}:key/9876fedc-12ab-34cd-56ef-1234567890ab`;
const repository = (name: string) => `arn:aws:ecr:${region}:${account}:repository/${name}`;

const base: FargateServiceProps = {
  name: "acme-test",
  serviceName: "api",
  region,
  accountId: account,
  network: { vpcId: "vpc-0123456789abcdef0", publicSubnetIds: ["subnet-a"], privateSubnetIds: ["subnet-b"], egress: "none" },
  containerPort: 8000,
};

/** The roles of a service built with these props (beside a Docker Hub cache), ready to answer requests. */
function rolesOf(props: Partial<FargateServiceProps>, withCache: boolean): { execution: SimulatedRole; task: SimulatedRole } {
  const stack = testStack(region, account);
  let cacheProps: Partial<FargateServiceProps> = {};
  if (withCache) {
    const cache = new EcrPullThroughCache(stack, "DockerHub", {
      name: "acme-test",
      region,
      accountId: account,
      repositoryPrefix: "docker-hub",
      upstream: "docker-hub",
      credentialsSecretArn: `arn:aws:secretsmanager:${region}:${account}:secret:ecr-pullthroughcache/docker-hub-AbCdEf`,
    });
    cacheProps = { imageUri: cache.imageUri("python", "3.12-slim"), pullThroughCache: cache };
  }
  new FargateService(stack, "Api", { ...base, ...cacheProps, ...props });
  const model = new IamModel(synthJson(stack) as unknown as StackJson);
  return { execution: model.role("acme-test-api-execution"), task: model.role("acme-test-api-task") };
}

describe("through the pull-through cache", () => {
  const { execution, task } = rolesOf({}, true);
  const cached = repository("docker-hub/library/python");

  test("the first pull may create the image's repository and import it from Docker Hub, under the prefix", async () => {
    for (const action of ["ecr:CreateRepository", "ecr:BatchImportUpstreamImage"]) {
      expect({ action, decision: await execution.decide({ action, resource: cached }) }).toEqual({ action, decision: "Allowed" });
      expect({ action, decision: await execution.decide({ action, resource: repository("docker-hub/bitnami/redis") }) }).toEqual({ action, decision: "Allowed" });
    }
  });

  test("and nowhere else: not another prefix, not a repository named like the prefix", async () => {
    for (const action of ["ecr:CreateRepository", "ecr:BatchImportUpstreamImage"]) {
      for (const resource of [repository("other-hub/library/python"), repository("acme-test/api"), repository("docker-hub-evil/x")]) {
        expect({ action, resource, decision: await execution.decide({ action, resource }) }).toEqual({ action, resource, decision: "ImplicitlyDenied" });
      }
    }
  });

  test("pulls from the cache's repositories, and from no other", async () => {
    for (const action of ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]) {
      expect({ action, decision: await execution.decide({ action, resource: cached }) }).toEqual({ action, decision: "Allowed" });
      expect({ action, decision: await execution.decide({ action, resource: repository("acme-test/api") }) }).toEqual({ action, decision: "ImplicitlyDenied" });
    }
    expect(await execution.decide({ action: "ecr:GetAuthorizationToken", resource: "*" })).toBe("Allowed");
  });

  test("may not push, delete or change the cache's repositories", async () => {
    for (const action of ["ecr:PutImage", "ecr:BatchDeleteImage", "ecr:DeleteRepository", "ecr:SetRepositoryPolicy"]) {
      expect({ action, decision: await execution.decide({ action, resource: cached }) }).toEqual({ action, decision: "ImplicitlyDenied" });
    }
  });

  test("the application's own role pulls nothing", async () => {
    expect(await task.decide({ action: "ecr:BatchImportUpstreamImage", resource: cached })).toBe("ImplicitlyDenied");
    expect(await task.decide({ action: "ecr:BatchGetImage", resource: cached })).toBe("ImplicitlyDenied");
  });
});

describe("directly from Docker Hub with registry credentials", () => {
  const direct = { imageUri: "docker.io/library/python:3.12-slim", registryCredentialsSecretArn: REGISTRY_SECRET };

  test("the execution role reads the registry secret, and no other", async () => {
    const { execution, task } = rolesOf(direct, false);
    expect(await execution.decide({ action: "secretsmanager:GetSecretValue", resource: REGISTRY_SECRET })).toBe("Allowed");
    expect(await execution.decide({ action: "secretsmanager:GetSecretValue", resource: OTHER_SECRET })).toBe("ImplicitlyDenied");
    expect(await execution.decide({ action: "secretsmanager:PutSecretValue", resource: REGISTRY_SECRET })).toBe("ImplicitlyDenied");
    expect(await task.decide({ action: "secretsmanager:GetSecretValue", resource: REGISTRY_SECRET })).toBe("ImplicitlyDenied");
  });

  test("without a key, it may decrypt nothing, even where the key's policy leaves it to IAM", async () => {
    const { execution } = rolesOf(direct, false);
    const viaSecretsManager = { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` };
    const keyPolicy = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" }],
    };
    expect(await execution.decide({ action: "kms:Decrypt", resource: KEY, context: viaSecretsManager }, keyPolicy)).toBe("ImplicitlyDenied");
  });

  test("with a customer-managed key, it decrypts with that key through Secrets Manager only", async () => {
    const { execution } = rolesOf({ ...direct, registryCredentialsKmsKeyArn: KEY }, false);
    const via = (service: string) => ({ "kms:ViaService": `${service}.${region}.amazonaws.com` });
    // A key's default policy: the account's IAM policies decide.
    const keyPolicy = {
      Version: "2012-10-17",
      Statement: [{ Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" }],
    };
    const decrypt = (resource: string, context?: Record<string, string>) => execution.decide({ action: "kms:Decrypt", resource, context }, keyPolicy);
    expect(await decrypt(KEY, via("secretsmanager"))).toBe("Allowed");
    expect(await decrypt(KEY, via("s3"))).toBe("ImplicitlyDenied");
    expect(await decrypt(KEY)).toBe("ImplicitlyDenied");
    expect(await decrypt(OTHER_KEY, via("secretsmanager"))).toBe("ImplicitlyDenied");
    expect(await execution.decide({ action: "kms:Encrypt", resource: KEY, context: via("secretsmanager") }, keyPolicy)).toBe("ImplicitlyDenied");
  });

  test("pulls nothing from ECR: the image is not there", async () => {
    const { execution } = rolesOf(direct, false);
    expect(await execution.decide({ action: "ecr:BatchGetImage", resource: repository("docker-hub/library/python") })).toBe("ImplicitlyDenied");
    expect(await execution.decide({ action: "ecr:GetAuthorizationToken", resource: "*" })).toBe("ImplicitlyDenied");
  });
});
