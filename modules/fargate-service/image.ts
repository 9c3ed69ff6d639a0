import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { Construct } from "constructs";
import { ecrRepositoryArnOf } from "../shared/arn";
import type { FargateServiceProps } from "./props";
import type { Settings } from "./validate";
import { keepNewestImagesPolicy } from "../_internal/ecr";

/** The image the app container runs, and the ECR repositories the execution role may pull from. */
export interface ServiceImage {
  readonly image: string;
  readonly pullRepositoryArns: readonly string[];
  /** The pull-through cache's repositories (their ARN pattern), which the role may create and import into. */
  readonly cacheRepositoryArnPattern?: string;
  /** The repository created for the service (only with `imageTag`). */
  readonly repository?: EcrRepository;
}

/**
 * With `imageTag`: an ECR repository for the service (`Repository`: immutable tags, scan on
 * push) with a lifecycle keeping the last `keepImages` (`RepositoryLifecycle`), and the tagged
 * image in it. With `imageUri`: that image, and its repository when it is a private ECR one; with
 * `pullThroughCache`, every repository of the cache's prefix (the first pull creates the image's).
 */
export function serviceImage(scope: Construct, props: FargateServiceProps, s: Settings, prefix: string): ServiceImage {
  if (props.imageTag === undefined) {
    const image = props.imageUri!;
    if (props.pullThroughCache !== undefined) {
      const pattern = props.pullThroughCache.repositoryArnPattern;
      return { image, pullRepositoryArns: [pattern], cacheRepositoryArnPattern: pattern };
    }
    const arn = ecrRepositoryArnOf(image);
    return { image, pullRepositoryArns: arn === undefined ? [] : [arn] };
  }
  const repository = new EcrRepository(scope, "Repository", {
    name: `${props.name}/${props.serviceName}`,
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfiguration: [{ encryptionType: "AES256" }],
    forceDelete: false,
    lifecycle: s.retainRepository ? { preventDestroy: true } : undefined,
    tags: { Name: prefix },
  });
  new EcrLifecyclePolicy(scope, "RepositoryLifecycle", {
    repository: repository.name,
    policy: keepNewestImagesPolicy(s.keepImages),
  });
  return { image: `${repository.repositoryUrl}:${props.imageTag}`, pullRepositoryArns: [repository.arn], repository };
}
