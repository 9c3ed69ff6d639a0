import { EcrPullThroughCacheRule } from "@cdktf/provider-aws/lib/ecr-pull-through-cache-rule";
import { EcrRepositoryCreationTemplate } from "@cdktf/provider-aws/lib/ecr-repository-creation-template";
import { Lazy } from "cdktf";
import {
  DOCKER_HUB_REGISTRY,
  EcrPullThroughCache,
  ecrPullThroughCachePropProblems,
  EcrPullThroughCacheProps,
  pullThroughCacheImages,
} from "../../modules/ecr-pull-through-cache";
import { FargateService } from "../../modules/fargate-service";
import { Vpc2Az } from "../../modules/vpc-2az";
import { testRefusedProps } from "../support/refuses-props";
import { addressOf, countOf, onlyResource, parseJsonAttribute, resourceCounts, synthJson, testStack } from "../support/synth";

const CREDENTIALS = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf";
const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;

const base: EcrPullThroughCacheProps = {
  name: "acme-test",
  region: "eu-west-1",
  accountId: "123456789012",
  repositoryPrefix: "docker-hub",
  upstream: "docker-hub",
  credentialsSecretArn: CREDENTIALS,
};

function build(overrides: Partial<EcrPullThroughCacheProps> = {}) {
  const stack = testStack(overrides.region ?? "eu-west-1");
  const cache = new EcrPullThroughCache(stack, "Cache", { ...base, ...overrides });
  return { stack, cache };
}

interface LifecyclePolicy {
  rules: { rulePriority: number; selection: Record<string, unknown>; action: unknown }[];
}

describe("EcrPullThroughCache defaults", () => {
  const { stack, cache } = build();
  const json = synthJson(stack);
  const synthesized = JSON.stringify(json);

  test("creates a pull-through cache rule and a repository creation template, nothing else", () => {
    expect(resourceCounts(json)).toEqual({ aws_ecr_pull_through_cache_rule: 1, aws_ecr_repository_creation_template: 1 });
  });

  test("the rule caches Docker Hub under the prefix, with the credentials secret, once the template exists", () => {
    expect(synthesized).toHaveResourceWithProperties(EcrPullThroughCacheRule, {
      ecr_repository_prefix: "docker-hub",
      upstream_registry_url: "registry-1.docker.io",
      credential_arn: CREDENTIALS,
    });
    expect(DOCKER_HUB_REGISTRY).toBe("registry-1.docker.io");
    expect(onlyResource(json, "aws_ecr_pull_through_cache_rule").depends_on).toEqual([
      addressOf(json, "aws_ecr_repository_creation_template", "Cache_RepositoryTemplate"),
    ]);
  });

  test("the template gives the cache's repositories AES256, mutable tags (they follow the upstream) and a description", () => {
    expect(synthesized).toHaveResourceWithProperties(EcrRepositoryCreationTemplate, {
      prefix: "docker-hub",
      applied_for: ["PULL_THROUGH_CACHE"],
      image_tag_mutability: "MUTABLE",
      encryption_configuration: [{ encryption_type: "AES256" }],
      description: "acme-test: docker-hub images cached under docker-hub/",
    });
    const template = onlyResource(json, "aws_ecr_repository_creation_template");
    // No tags and no custom role: tags in a template would need a role for ECR to assume.
    expect(template.resource_tags).toBeUndefined();
    expect(template.custom_role_arn).toBeUndefined();
  });

  test("each cached repository keeps the last 20 images", () => {
    const policy = parseJsonAttribute<LifecyclePolicy>(onlyResource(json, "aws_ecr_repository_creation_template").lifecycle_policy);
    expect(policy.rules).toEqual([
      expect.objectContaining({
        rulePriority: 1,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 20 },
        action: { type: "expire" },
      }),
    ]);
  });

  test("exposes the registry, the prefix, the repositories' ARN pattern and the upstream", () => {
    expect(cache.registry).toBe("123456789012.dkr.ecr.eu-west-1.amazonaws.com");
    expect(cache.repositoryPrefix).toBe("docker-hub");
    expect(cache.repositoryArnPattern).toBe("arn:aws:ecr:eu-west-1:123456789012:repository/docker-hub/*");
    expect(cache.upstreamRegistryUrl).toBe("registry-1.docker.io");
    expect(cache.rule).toBeInstanceOf(EcrPullThroughCacheRule);
    expect(cache.repositoryCreationTemplate).toBeInstanceOf(EcrRepositoryCreationTemplate);
  });
});

describe("EcrPullThroughCache image URIs", () => {
  const { cache } = build();

  test("an official image lives under library/", () => {
    expect(cache.imageUri("python", "3.12-slim")).toBe("123456789012.dkr.ecr.eu-west-1.amazonaws.com/docker-hub/library/python:3.12-slim");
  });

  test("an owner/name image stays as it is", () => {
    expect(cache.imageUri("bitnami/redis", "7.4.1")).toBe("123456789012.dkr.ecr.eu-west-1.amazonaws.com/docker-hub/bitnami/redis:7.4.1");
    expect(cache.imageUri("library/nginx", "1.27")).toBe("123456789012.dkr.ecr.eu-west-1.amazonaws.com/docker-hub/library/nginx:1.27");
  });

  test("a digest is pinned with @", () => {
    expect(cache.imageUri("python", DIGEST)).toBe(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/docker-hub/library/python@${DIGEST}`);
  });

  test("pullThroughCacheImages gives the same names from the props alone", () => {
    const names = pullThroughCacheImages(base);
    expect(names.registry).toBe(cache.registry);
    expect(names.repositoryArnPattern).toBe(cache.repositoryArnPattern);
    expect(names.repositoryPrefix).toBe(cache.repositoryPrefix);
    expect(names.imageUri("python", "3.12-slim")).toBe(cache.imageUri("python", "3.12-slim"));
  });

  test("in China the registry is under amazonaws.com.cn and the ARNs in aws-cn", () => {
    const { cache: china } = build({
      region: "cn-north-1",
      credentialsSecretArn: "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf",
    });
    expect(china.registry).toBe("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn");
    expect(china.repositoryArnPattern).toBe("arn:aws-cn:ecr:cn-north-1:123456789012:repository/docker-hub/*");
  });

  test("in GovCloud the ARNs are in aws-us-gov", () => {
    const { cache: gov } = build({
      region: "us-gov-west-1",
      credentialsSecretArn: "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:ecr-pullthroughcache/hub-AbCdEf",
    });
    expect(gov.registry).toBe("123456789012.dkr.ecr.us-gov-west-1.amazonaws.com");
    expect(gov.repositoryArnPattern).toBe("arn:aws-us-gov:ecr:us-gov-west-1:123456789012:repository/docker-hub/*");
  });
});

describe("EcrPullThroughCache options", () => {
  test("keepImages sets the template's lifecycle", () => {
    const policy = parseJsonAttribute<LifecyclePolicy>(onlyResource(synthJson(build({ keepImages: 5 }).stack), "aws_ecr_repository_creation_template").lifecycle_policy);
    expect(policy.rules[0]!.selection.countNumber).toBe(5);
  });

  test("a nested prefix is a prefix", () => {
    const json = synthJson(build({ repositoryPrefix: "acme/hub" }).stack);
    expect(onlyResource(json, "aws_ecr_pull_through_cache_rule").ecr_repository_prefix).toBe("acme/hub");
    expect(onlyResource(json, "aws_ecr_repository_creation_template").prefix).toBe("acme/hub");
  });
});

describe("ecrPullThroughCachePropProblems, the check run before any construct exists", () => {
  test("none for valid props", () => {
    expect(ecrPullThroughCachePropProblems(base)).toEqual([]);
  });

  test("every problem at once, each naming its prop", () => {
    const problems = ecrPullThroughCachePropProblems({ ...base, accountId: "1", repositoryPrefix: "X", keepImages: 0 });
    expect(problems.map((p) => p.prop)).toEqual(["accountId", "repositoryPrefix", "keepImages"]);
  });

  test("a secret ARN known only at apply is not checked", () => {
    expect(ecrPullThroughCachePropProblems({ ...base, credentialsSecretArn: Lazy.stringValue({ produce: () => CREDENTIALS }) })).toEqual([]);
  });

  test("stops at a prefix that is an unresolved token", () => {
    expect(ecrPullThroughCachePropProblems({ ...base, repositoryPrefix: Lazy.stringValue({ produce: () => "docker-hub" }) })).toEqual([
      { prop: "repositoryPrefix", expected: "must be a literal value known at synth, not a reference resolved at apply", given: "an unresolved token" },
    ]);
  });
});

describe("EcrPullThroughCache README example", () => {
  test("compiles and synthesizes", () => {
    // The same code as the usage example in modules/ecr-pull-through-cache/README.md.
    const stack = testStack("eu-west-1");
    const network = new Vpc2Az(stack, "Network", {
      name: "acme-staging",
      region: "eu-west-1",
      cidr: "10.10.0.0/16",
      availabilityZones: ["eu-west-1a", "eu-west-1b"],
    });
    const dockerHub = new EcrPullThroughCache(stack, "DockerHub", {
      name: "acme-staging",
      region: "eu-west-1",
      accountId: "123456789012",
      repositoryPrefix: "acme-staging-hub",
      upstream: "docker-hub",
      credentialsSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf",
    });
    const worker = new FargateService(stack, "Worker", {
      name: "acme-staging",
      serviceName: "worker",
      region: "eu-west-1",
      accountId: "123456789012",
      network,
      imageUri: dockerHub.imageUri("python", "3.12-slim"),
      pullThroughCache: dockerHub,
      containerPort: 8000,
      serviceDiscovery: false,
    });
    const json = synthJson(stack);
    expect(countOf(json, "aws_ecr_pull_through_cache_rule")).toBe(1);
    expect(countOf(json, "aws_ecr_repository")).toBe(0);
    expect(worker.serviceName).toBeDefined();
    expect(onlyResource(json, "aws_ecs_service").depends_on).toContain(addressOf(json, "aws_ecr_pull_through_cache_rule", "DockerHub_Rule"));
  });
});

describe("EcrPullThroughCache refuses bad props, naming the prop", () => {
  testRefusedProps<EcrPullThroughCacheProps>(
    [
      ["a bad name", { name: "Acme_Test" }, /name must be 2 to 32 lowercase letters/],
      ["a region that does not exist", { region: "eu-west-9" }, /region "eu-west-9" is not an AWS region; did you mean/],
      ["a malformed account id", { accountId: "1234" }, /accountId must be a 12-digit AWS account id/],
      ["a one-character prefix", { repositoryPrefix: "d" }, /repositoryPrefix must be 2 to 30 characters, ECR's rule .*; got "d"/],
      ["a prefix over 30 characters", { repositoryPrefix: "a".repeat(31) }, /repositoryPrefix must be 2 to 30 characters/],
      ["an uppercase prefix", { repositoryPrefix: "DockerHub" }, /repositoryPrefix must be 2 to 30 characters.*lowercase/],
      ["a prefix with a trailing slash", { repositoryPrefix: "docker-hub/" }, /repositoryPrefix .*without a trailing slash/],
      ["a prefix of two separators in a row", { repositoryPrefix: "docker--hub" }, /repositoryPrefix must be 2 to 30 characters/],
      ["an upstream the module does not front", { upstream: "quay" as "docker-hub" }, /upstream must be one of the upstreams this module fronts: "docker-hub"; got "quay"/],
      [
        "Docker Hub without credentials",
        { credentialsSecretArn: undefined as unknown as string },
        /credentialsSecretArn is required for upstream "docker-hub" .*Secrets Manager secret named ecr-pullthroughcache\/<name>/,
      ],
      [
        "credentials given as a plain value",
        { credentialsSecretArn: "dckr_pat_abc123" },
        /credentialsSecretArn must be the full ARN of a Secrets Manager secret named ecr-pullthroughcache\/<name>.*; got "a value that is not such an ARN \(not shown: it may be the credentials\)"/,
      ],
      [
        "a secret whose name lacks the ecr-pullthroughcache/ prefix",
        { credentialsSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:docker-hub-AbCdEf" },
        /credentialsSecretArn must name a secret whose name starts with "ecr-pullthroughcache\/" .*create the secret as ecr-pullthroughcache\/docker-hub and pass its ARN/,
      ],
      [
        "a secret in another region",
        { credentialsSecretArn: CREDENTIALS.replace("eu-west-1", "us-east-1") },
        /credentialsSecretArn must be a secret in the cache's own account and region \(123456789012, eu-west-1\)/,
      ],
      [
        "a secret of another account",
        { credentialsSecretArn: CREDENTIALS.replace("123456789012", "210987654321") },
        /credentialsSecretArn must be a secret in the cache's own account and region/,
      ],
      ["keepImages of 0", { keepImages: 0 }, /keepImages must be a whole number from 1 to 1000; got 0/],
    ],
    {
      build: (overrides) => build(overrides),
      check: (overrides) => ecrPullThroughCachePropProblems({ ...base, ...overrides }),
    },
  );

  test("never echoes credentials given in place of the ARN", () => {
    expect(() => build({ credentialsSecretArn: "dckr_pat_abc123" })).not.toThrow(/dckr_pat_abc123/);
  });
});
