import { EcrPullThroughCacheRule } from "@cdktf/provider-aws/lib/ecr-pull-through-cache-rule";
import { EcrRepositoryCreationTemplate } from "@cdktf/provider-aws/lib/ecr-repository-creation-template";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ACCOUNT_ID_PATTERN, partitionOf, SECRETS_MANAGER_ARN } from "../shared/arn";
import { PropProblem, propProblems, PropsValidator } from "../shared/errors";
import { isKnownRegion, regionProblem } from "../shared/regions";
import { isValidNamePrefix, NAME_PREFIX_RULE } from "../_internal/naming";
import { keepNewestImagesPolicy } from "../_internal/ecr";

/** Docker Hub's registry, as ECR's pull-through cache names the upstream. */
export const DOCKER_HUB_REGISTRY = "registry-1.docker.io";

/** The upstream registries the cache can front. Only Docker Hub for now. */
export type PullThroughCacheUpstream = "docker-hub";

/** Each upstream's registry URL, as a pull-through cache rule takes it. */
export const UPSTREAM_REGISTRIES: Readonly<Record<PullThroughCacheUpstream, string>> = {
  "docker-hub": DOCKER_HUB_REGISTRY,
};

/** The name prefix ECR requires of a secret holding upstream credentials for a pull-through cache rule. */
export const CREDENTIALS_SECRET_NAME_PREFIX = "ecr-pullthroughcache/";

export interface EcrPullThroughCacheProps {
  /** Prefix of the resources' descriptions, `${project}-${environment}` (e.g. `acme-staging`). */
  readonly name: string;

  /** The AWS region of the registry the cache is in (tasks of this region pull from it). */
  readonly region: string;

  /** The AWS account of the registry (12 digits). */
  readonly accountId: string;

  /**
   * The ECR repository prefix the cache's repositories are created under, without the trailing
   * slash (`docker-hub`: `python` is cached as `docker-hub/library/python`). 2 to 30 characters,
   * ECR's rule: lowercase letters and digits, separated by single `.`, `_`, `-` or `/`. One rule per
   * prefix in a registry: environments sharing an account need distinct prefixes.
   */
  readonly repositoryPrefix: string;

  /** The registry the cache pulls from: `docker-hub` ({@link DOCKER_HUB_REGISTRY}). */
  readonly upstream: PullThroughCacheUpstream;

  /**
   * The Secrets Manager secret ECR authenticates to the upstream with; required for Docker Hub.
   * Its name must start with `ecr-pullthroughcache/` (ECR refuses any other), it must be in the
   * cache's account and region, and its value is JSON `{"username": "...", "accessToken": "..."}`
   * (a Docker Hub access token, not the password). The full ARN, with the 6 characters AWS
   * appends to the name.
   */
  readonly credentialsSecretArn: string;

  /**
   * How many images each cached repository keeps; older ones are expired (a later pull of an
   * expired image imports it again from upstream).
   * @default 20
   */
  readonly keepImages?: number;
}

/**
 * What a service needs of a cache to pull through it: the prefix, the repositories' ARN pattern,
 * the registry, and how an image of it is named. An {@link EcrPullThroughCache} is one (with its
 * `rule`); {@link pullThroughCacheImages} builds one from the props alone, for a check run before
 * any construct exists. It fits `FargateService`'s `pullThroughCache`.
 */
export interface PullThroughCacheImages {
  /** The ECR repository prefix, without the trailing slash. */
  readonly repositoryPrefix: string;
  /** `arn:<partition>:ecr:<region>:<account>:repository/<prefix>/*`: every repository of the cache. */
  readonly repositoryArnPattern: string;
  /** The private registry, `<account>.dkr.ecr.<region>.amazonaws.com` (`.amazonaws.com.cn` in China). */
  readonly registry: string;
  /**
   * The URI of an upstream image in the cache: `<registry>/<prefix>/<image>:<tag>`, or
   * `...@sha256:<digest>` for a digest (`tagOrDigest` of `sha256:<64 hex>`). Docker Hub's official
   * images live under `library/`: `"python"` is `<prefix>/library/python`; `"owner/name"` stays.
   * Builds the string only: the service that runs it checks it.
   */
  imageUri(image: string, tagOrDigest: string): string;
}

/** The private ECR registry of an account and region. */
function registryOf(accountId: string, region: string): string {
  return `${accountId}.dkr.ecr.${region}.${partitionOf(region) === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}`;
}

/** The image's path in the cache: Docker Hub's official images (one path component) are `library/<name>`. */
function upstreamPath(image: string): string {
  return image.includes("/") ? image : `library/${image}`;
}

/** The cache's names, from its props alone: no construct, no validation (run {@link ecrPullThroughCachePropProblems} first). */
export function pullThroughCacheImages(props: EcrPullThroughCacheProps): PullThroughCacheImages {
  const registry = registryOf(props.accountId, props.region);
  const prefix = props.repositoryPrefix;
  return {
    repositoryPrefix: prefix,
    repositoryArnPattern: `arn:${partitionOf(props.region)}:ecr:${props.region}:${props.accountId}:repository/${prefix}/*`,
    registry,
    imageUri: (image: string, tagOrDigest: string) =>
      `${registry}/${prefix}/${upstreamPath(image)}${tagOrDigest.startsWith("sha256:") ? "@" : ":"}${tagOrDigest}`,
  };
}

/** ECR's rule for a repository prefix (without the trailing slash). */
const REPOSITORY_PREFIX = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const REPOSITORY_PREFIX_RULE =
  'must be 2 to 30 characters, ECR\'s rule for a repository prefix: lowercase letters and digits in groups separated by single ".", "_", "-" or "/", without a trailing slash (e.g. "docker-hub")';

/** The props with every default filled in, once checked. */
interface Settings {
  readonly keepImages: number;
  readonly upstreamRegistryUrl: string;
}

/**
 * Every problem with an `EcrPullThroughCache`'s props, without building anything (none when
 * they hold): what the constructor would refuse.
 */
export function ecrPullThroughCachePropProblems(props: EcrPullThroughCacheProps): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props));
}

function validate(scope: Construct | undefined, props: EcrPullThroughCacheProps): Settings {
  const v = new PropsValidator(scope, "EcrPullThroughCache");
  v.requireLiterals(props, ["name", "repositoryPrefix", "upstream", "keepImages"]);
  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
  v.check(isKnownRegion(props.region), "region", regionProblem(props.region) ?? "", props.region);
  v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", 'must be a 12-digit AWS account id (e.g. "123456789012")', props.accountId);

  const prefix = props.repositoryPrefix;
  v.check(prefix.length >= 2 && prefix.length <= 30 && REPOSITORY_PREFIX.test(prefix) && prefix !== "ROOT", "repositoryPrefix", REPOSITORY_PREFIX_RULE, prefix);

  const upstream = props.upstream;
  const upstreamRegistryUrl = Object.hasOwn(UPSTREAM_REGISTRIES, upstream) ? UPSTREAM_REGISTRIES[upstream] : undefined;
  v.check(upstreamRegistryUrl !== undefined, "upstream", `must be one of the upstreams this module fronts: ${Object.keys(UPSTREAM_REGISTRIES).map((u) => JSON.stringify(u)).join(", ")}`, upstream);

  const secretArn = props.credentialsSecretArn;
  if (upstream === "docker-hub" && (secretArn === undefined || secretArn === "")) {
    v.fail(
      "credentialsSecretArn",
      `is required for upstream "docker-hub" (ECR pulls from Docker Hub only with credentials): store a Docker Hub username and access token as JSON {"username": "...", "accessToken": "..."} in a Secrets Manager secret named ${CREDENTIALS_SECRET_NAME_PREFIX}<name>, in the cache's account and region, and pass its ARN`,
      secretArn,
    );
  } else if (secretArn !== undefined && !Token.isUnresolved(secretArn)) {
    if (!SECRETS_MANAGER_ARN.test(secretArn)) {
      v.fail(
        "credentialsSecretArn",
        `must be the full ARN of a Secrets Manager secret named ${CREDENTIALS_SECRET_NAME_PREFIX}<name>, with the 6-character suffix AWS adds (arn:aws:secretsmanager:<region>:<account>:secret:${CREDENTIALS_SECRET_NAME_PREFIX}docker-hub-AbCdEf), never the credentials themselves`,
        "a value that is not such an ARN (not shown: it may be the credentials)",
      );
    } else {
      const [, , , secretRegion, secretAccount, , secretName = ""] = secretArn.split(":");
      v.check(
        secretName.startsWith(CREDENTIALS_SECRET_NAME_PREFIX),
        "credentialsSecretArn",
        `must name a secret whose name starts with "${CREDENTIALS_SECRET_NAME_PREFIX}" (ECR refuses any other for a pull-through cache rule): create the secret as ${CREDENTIALS_SECRET_NAME_PREFIX}${secretName.replace(/-[A-Za-z0-9]{6}$/, "")} and pass its ARN`,
        secretArn,
      );
      v.check(
        // Checked against a valid account and region only: a wrong one is reported above.
        !isKnownRegion(props.region) || !ACCOUNT_ID_PATTERN.test(props.accountId) || (secretRegion === props.region && secretAccount === props.accountId),
        "credentialsSecretArn",
        `must be a secret in the cache's own account and region (${props.accountId}, ${props.region}), as ECR requires`,
        secretArn,
      );
    }
  }

  const keepImages = props.keepImages ?? 20;
  v.checkWholeNumber("keepImages", keepImages, 1, 1000);
  v.throwIfInvalid();
  return { keepImages, upstreamRegistryUrl: upstreamRegistryUrl! };
}

/**
 * An ECR pull-through cache of Docker Hub: a rule that makes `<registry>/<prefix>/<image>:<tag>`
 * pull `<image>:<tag>` from Docker Hub with the account's credentials on first use and serve it
 * from ECR after, and a repository creation template that gives every repository the cache
 * creates under the prefix AES256 encryption, mutable tags (cached tags follow the upstream's)
 * and a lifecycle keeping `keepImages` images. A {@link PullThroughCacheImages}: pass it to a
 * `FargateService` as `pullThroughCache`.
 */
export class EcrPullThroughCache extends Construct implements PullThroughCacheImages {
  /** The pull-through cache rule (a service pulling through the cache depends on it). */
  readonly rule: EcrPullThroughCacheRule;
  /** The settings of the repositories the cache creates. */
  readonly repositoryCreationTemplate: EcrRepositoryCreationTemplate;
  readonly repositoryPrefix: string;
  readonly repositoryArnPattern: string;
  readonly registry: string;
  /** The upstream registry's URL (`registry-1.docker.io`). */
  readonly upstreamRegistryUrl: string;
  private readonly names: PullThroughCacheImages;

  constructor(scope: Construct, id: string, props: EcrPullThroughCacheProps) {
    super(scope, id);
    const s = validate(this, props);
    this.names = pullThroughCacheImages(props);
    this.repositoryPrefix = this.names.repositoryPrefix;
    this.repositoryArnPattern = this.names.repositoryArnPattern;
    this.registry = this.names.registry;
    this.upstreamRegistryUrl = s.upstreamRegistryUrl;

    // Repositories the cache creates get these settings (before the rule: the first pull may
    // follow it at once). ECR creates them, not Terraform: they are in no state, and no tags
    // reach them (tags in a template need a custom role for ECR).
    this.repositoryCreationTemplate = new EcrRepositoryCreationTemplate(this, "RepositoryTemplate", {
      prefix: this.repositoryPrefix,
      appliedFor: ["PULL_THROUGH_CACHE"],
      description: `${props.name}: ${props.upstream} images cached under ${this.repositoryPrefix}/`.slice(0, 256),
      // A cached tag moves when the upstream moves it (ECR refreshes it from upstream): an
      // immutable tag could not follow.
      imageTagMutability: "MUTABLE",
      encryptionConfiguration: [{ encryptionType: "AES256" }],
      lifecyclePolicy: keepNewestImagesPolicy(s.keepImages),
    });
    this.rule = new EcrPullThroughCacheRule(this, "Rule", {
      ecrRepositoryPrefix: this.repositoryPrefix,
      upstreamRegistryUrl: s.upstreamRegistryUrl,
      credentialArn: props.credentialsSecretArn,
      dependsOn: [this.repositoryCreationTemplate],
    });
  }

  imageUri(image: string, tagOrDigest: string): string {
    return this.names.imageUri(image, tagOrDigest);
  }
}
