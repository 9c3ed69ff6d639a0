import type { SecurityGroupPeer } from "../fargate-service/props";
import { CURRENT_TLS_POLICIES } from "../../policies/rules/elb/elb-https-listener-tls-policy";

/**
 * The listener's TLS policy unless `sslPolicy` says otherwise: TLS 1.3 and 1.2 with forward-secret
 * ciphers only (no CBC, no SHA-1), which every current browser and HTTP client speaks.
 */
export const ALB_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/**
 * The TLS policies `sslPolicy` may name (the policy pack's list, `elb-https-listener-tls-policy`): the current policies that offer TLS 1.3, with TLS 1.2 or
 * without it, and no legacy ciphers (the `Ext` variants, and every `ELBSecurityPolicy-2016-08`-era
 * policy that still offers TLS 1.0 and 1.1, are left out). `Res` is restricted to AEAD ciphers;
 * `FIPS` uses FIPS 140-validated cryptography; `PQ` adds hybrid post-quantum key exchange (ML-KEM)
 * for the clients that offer it.
 */
export const ALB_TLS_POLICIES: readonly string[] = CURRENT_TLS_POLICIES;

/** What the load balancer reads of the network; a `Vpc2Az` fits. */
export interface AlbNetwork {
  /** The VPC of the load balancer's security group and target group. */
  readonly vpcId: string;
  /** The subnets of an internet-facing load balancer: at least two, in different availability zones. */
  readonly publicSubnetIds: readonly string[];
  /** The subnets of an internal load balancer (`internal: true`): at least two, in different availability zones. */
  readonly privateSubnetIds: readonly string[];
}

/**
 * A service behind the load balancer, as {@link ApplicationLoadBalancer.attachService} opens the
 * path to it: its security group, and a way to admit a peer on a port. A `FargateService` fits.
 */
export interface AttachableService<R = unknown> {
  readonly securityGroupId: string;
  /** Admits the peer's members on `port`; returns what it created (a `FargateService` returns the ingress rule). */
  allowFrom(id: string, peer: SecurityGroupPeer, description: string, port?: number): R;
}

export interface ApplicationLoadBalancerProps {
  /**
   * Prefix of every resource name, `${project}-${environment}` (e.g. `acme-staging`). The load
   * balancer is named after it (AWS allows 32 characters, and no name starting with `internal-`);
   * the target group's Name tag is `<name>-api`.
   */
  readonly name: string;

  /** The AWS region of the load balancer: it decides who may write the access logs, and where the certificate must be. */
  readonly region: string;

  /** The AWS account (12 digits) the load balancer runs in: its access logs are written under `AWSLogs/<accountId>/`. */
  readonly accountId: string;

  /** The VPC and its subnets; a `Vpc2Az` fits. */
  readonly network: AlbNetwork;

  /**
   * An internal load balancer: in the private subnets, with a private DNS name only, no HTTP
   * listener, and no ingress at all until callers admit their security groups with `allowFrom`
   * (an API Gateway VPC link, another service). Otherwise internet-facing, in the public subnets.
   * @default false
   */
  readonly internal?: boolean;

  /**
   * The ACM certificate of the HTTPS listener: `arn:<partition>:acm:<region>:<account>:certificate/<id>`,
   * issued and validated, in the load balancer's region. There is no plain-HTTP listener that
   * serves requests: HTTP only redirects to HTTPS.
   */
  readonly certificateArn: string;

  /**
   * The HTTPS listener's TLS policy: one of {@link ALB_TLS_POLICIES}.
   * @default ALB_TLS_POLICY - "ELBSecurityPolicy-TLS13-1-2-2021-06": TLS 1.3 and 1.2, forward-secret ciphers
   */
  readonly sslPolicy?: string;

  /**
   * Admit only these managed prefix lists (`pl-` ids) on port 443, e.g. CloudFront's origin-facing
   * list (`com.amazonaws.global.cloudfront.origin-facing`) so only CloudFront reaches the load
   * balancer. Given by id: looking a list up by name calls AWS at plan time. Then there is no
   * HTTP listener (CloudFront connects over HTTPS). Not with `internal`.
   * @default - an internet-facing load balancer admits ports 443 and 80 from anywhere (0.0.0.0/0 and ::/0)
   */
  readonly allowedPrefixListIds?: readonly string[];

  /**
   * ELB deletion protection: AWS refuses to delete the load balancer until it is turned off. Pass
   * the environment's `protected`. It also keeps the access-log bucket: Terraform `prevent_destroy`
   * on it, and no `force_destroy` (unprotected, Terraform empties the bucket when destroying it).
   */
  readonly deletionProtection: boolean;

  /**
   * Seconds a connection may stay idle before the load balancer closes it, 1 to 4000. Keep it
   * above the longest request the app serves and below the app server's keep-alive timeout.
   * @default 60
   */
  readonly idleTimeoutSeconds?: number;

  /**
   * The S3 bucket the module creates for the access logs: a globally unique name (S3 naming rules),
   * e.g. `acme-staging-alb-logs-123456789012`. Encrypted with SSE-S3 (the only encryption ELB log
   * delivery supports), public access blocked, TLS-only.
   */
  readonly accessLogBucketName: string;

  /**
   * Days an access log object is kept before it expires, 1 to 3650.
   * @default 90
   */
  readonly accessLogRetentionDays?: number;

  /** The container port the target group sends requests to (HTTP), 1 to 65535: the service's `containerPort`. */
  readonly targetPort: number;

  /**
   * The path of the target group's health check (HTTP GET), starting with `/`.
   * @default "/health"
   */
  readonly healthCheckPath?: string;

  /**
   * Seconds between health checks of each target, 5 to 300.
   * @default 15
   */
  readonly healthCheckIntervalSeconds?: number;

  /**
   * Seconds a health check waits for an answer, 2 to 120, and less than the interval.
   * @default 5
   */
  readonly healthCheckTimeoutSeconds?: number;

  /**
   * Consecutive passed checks that make a target healthy, 2 to 10.
   * @default 2
   */
  readonly healthyThreshold?: number;

  /**
   * Consecutive failed checks that make a target unhealthy, 2 to 10.
   * @default 3
   */
  readonly unhealthyThreshold?: number;

  /**
   * The HTTP codes a healthy target answers: codes from 200 to 499, as `200`, `200,204` or `200-399`.
   * @default "200-399"
   */
  readonly healthCheckMatcher?: string;

  /**
   * Seconds the load balancer lets in-flight requests finish on a target being deregistered
   * (a task stopping in a deployment), 0 to 3600.
   * @default 30
   */
  readonly deregistrationDelaySeconds?: number;

  /**
   * The domain name clients use (an alias record made by another module): only `url` reads it.
   * @default - `url` is the load balancer's own DNS name
   */
  readonly domainName?: string;
}
