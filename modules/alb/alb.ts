import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { suppress } from "../../policies/suppressions";
import type { LoadBalancerTarget, SecurityGroupPeer } from "../fargate-service/props";
import { isValidNamePrefix, NAME_PREFIX_RULE, resourceName } from "../_internal/naming";
import { PrivateBucket } from "../_internal/private-bucket";
import { replaceableSecurityGroup, tcpEgressToGroup, tcpIngressFromGroup } from "../_internal/security-group";
import { ACCOUNT_ID_PATTERN, partitionOf } from "../shared/arn";
import { PropProblem, PropsValidator, propProblems } from "../shared/errors";
import { AlarmThresholds, Monitorable, MonitoringSpec } from "../shared/monitorable";
import { elbLogDeliveryPrincipal, ElbLogDeliveryPrincipal, regionProblem } from "../shared/regions";
import { bucketNameProblem } from "../shared/s3-names";
import { ACCESS_LOG_PREFIX, accessLogBucket } from "./access-logs";
import { albMonitoringSpec } from "./monitoring";
import { ALB_TLS_POLICIES, ALB_TLS_POLICY, ApplicationLoadBalancerProps, AttachableService } from "./props";

/** The rules {@link ApplicationLoadBalancer.attachService} creates: the load balancer's way out, and the service's way in. */
export interface AttachedService<R> {
  /** The load balancer's egress to the service's group on `targetPort`. */
  readonly egress: VpcSecurityGroupEgressRule;
  /** The service's ingress from the load balancer's group on `targetPort`, as the service's `allowFrom` returned it. */
  readonly ingress: R;
}

const HTTPS_PORT = 443;
const HTTP_PORT = 80;

/**
 * An Application Load Balancer in front of a container service: HTTPS only (a listener on 443
 * with an ACM certificate and a TLS 1.3 policy, forwarding to one `ip` target group; on an
 * internet-facing one, port 80 only redirects to HTTPS with a 301), access logs in an S3 bucket
 * of its own, invalid headers dropped, deletion protection from the environment. Its security
 * group admits the internet (or only managed prefix lists such as CloudFront's, or on an internal
 * one only the groups `allowFrom` names) and reaches nothing until `attachService` or `allowTo`
 * opens a path. `target` is what a `FargateService`'s `loadBalancerTargets` takes.
 */
export class ApplicationLoadBalancer extends Construct implements Monitorable {
  readonly loadBalancer: Lb;
  readonly loadBalancerArn: string;
  /** `app/<name>/<id>`: the `LoadBalancer` dimension of its CloudWatch metrics. */
  readonly arnSuffix: string;
  readonly dnsName: string;
  /** The load balancer's canonical hosted zone, for a Route 53 alias record. */
  readonly zoneId: string;
  readonly httpsListener: LbListener;
  /** The port 80 listener that redirects to HTTPS (internet-facing, without `allowedPrefixListIds`, only). */
  readonly httpListener?: LbListener;
  readonly targetGroup: LbTargetGroup;
  readonly targetGroupArn: string;
  /** `targetgroup/<name>/<id>`: the `TargetGroup` dimension of its CloudWatch metrics. */
  readonly targetGroupArnSuffix: string;
  readonly securityGroup: SecurityGroup;
  readonly securityGroupId: string;
  readonly accessLogBucket: PrivateBucket;
  /** The target group, its port and the HTTPS listener: what `FargateService`'s `loadBalancerTargets` takes. */
  readonly target: LoadBalancerTarget;
  /** `https://<domainName>`, or `https://<dnsName>` without `domainName`. */
  readonly url: string;
  /** The container port the target group sends to. */
  readonly targetPort: number;
  /** Who may write the access logs in this region (the bucket policy's principal). */
  readonly logDeliveryPrincipal: ElbLogDeliveryPrincipal;

  constructor(scope: Construct, id: string, props: ApplicationLoadBalancerProps) {
    super(scope, id);
    const s = validate(this, props);
    this.targetPort = props.targetPort;
    this.logDeliveryPrincipal = s.principal;

    this.accessLogBucket = accessLogBucket(this, "AccessLogs", {
      bucketName: props.accessLogBucketName,
      accountId: props.accountId,
      retentionDays: s.accessLogRetentionDays,
      principal: s.principal,
      keep: props.deletionProtection,
    });

    this.securityGroup = replaceableSecurityGroup(this, "SecurityGroup", {
      name: resourceName(props.name, "alb"),
      description: s.internal
        ? `Load balancer of ${props.name} (internal): HTTPS from the groups it names, out to its targets`
        : `Load balancer of ${props.name}: HTTPS from the internet, out to its targets`,
      vpcId: props.network.vpcId,
    });
    this.securityGroupId = this.securityGroup.id;
    this.ingressRules(s);

    this.loadBalancer = new Lb(this, "LoadBalancer", {
      name: props.name,
      loadBalancerType: "application",
      internal: s.internal,
      subnets: [...(s.internal ? props.network.privateSubnetIds : props.network.publicSubnetIds)],
      securityGroups: [this.securityGroup.id],
      idleTimeout: s.idleTimeoutSeconds,
      enableDeletionProtection: props.deletionProtection,
      // Requests whose header names are not valid HTTP (request-smuggling material) are dropped,
      // and requests that do not follow RFC 7230 are handled in the desync-safe way.
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "defensive",
      enableHttp2: true,
      // The client's address is added to X-Forwarded-For, never replaced by what the client sent.
      xffHeaderProcessingMode: "append",
      // With a WAF attached, a WAF outage refuses requests instead of letting them through unchecked.
      enableWafFailOpen: false,
      accessLogs: { enabled: true, bucket: this.accessLogBucket.bucketName, prefix: ACCESS_LOG_PREFIX },
      // ELB checks that it may write to the bucket when access logs are turned on.
      dependsOn: [this.accessLogBucket.policy],
      tags: { Name: props.name },
    });
    this.loadBalancerArn = this.loadBalancer.arn;
    this.arnSuffix = this.loadBalancer.arnSuffix;
    this.dnsName = this.loadBalancer.dnsName;
    this.zoneId = this.loadBalancer.zoneId;

    this.targetGroup = new LbTargetGroup(this, "TargetGroup", {
      // A changed port, protocol or VPC replaces a target group, and the listener forwards to it,
      // so the old one can be deleted only once the listener uses the new one: create_before_destroy.
      // Two target groups of one name cannot exist side by side, so a fixed name would make that
      // replacement fail (DuplicateTargetGroupName); name_prefix (AWS allows 6 characters) gives
      // each a generated suffix. The Name tag carries the environment.
      namePrefix: "api-",
      targetType: "ip",
      protocol: "HTTP",
      port: props.targetPort,
      vpcId: props.network.vpcId,
      deregistrationDelay: String(s.deregistrationDelaySeconds),
      healthCheck: {
        enabled: true,
        protocol: "HTTP",
        port: "traffic-port",
        path: s.healthCheckPath,
        matcher: s.healthCheckMatcher,
        interval: s.healthCheckIntervalSeconds,
        timeout: s.healthCheckTimeoutSeconds,
        healthyThreshold: s.healthyThreshold,
        unhealthyThreshold: s.unhealthyThreshold,
      },
      lifecycle: { createBeforeDestroy: true },
      tags: { Name: resourceName(props.name, "api") },
    });
    this.targetGroupArn = this.targetGroup.arn;
    this.targetGroupArnSuffix = this.targetGroup.arnSuffix;

    this.httpsListener = new LbListener(this, "HttpsListener", {
      loadBalancerArn: this.loadBalancer.arn,
      port: HTTPS_PORT,
      protocol: "HTTPS",
      sslPolicy: s.sslPolicy,
      certificateArn: props.certificateArn,
      defaultAction: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
      tags: { Name: resourceName(props.name, "alb-https") },
    });
    if (s.httpRedirect) {
      this.httpListener = new LbListener(this, "HttpListener", {
        loadBalancerArn: this.loadBalancer.arn,
        port: HTTP_PORT,
        protocol: "HTTP",
        // Nothing is served over plain HTTP: a permanent redirect to the same URL on HTTPS.
        defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: String(HTTPS_PORT), statusCode: "HTTP_301" } }],
        tags: { Name: resourceName(props.name, "alb-http") },
      });
    }

    this.target = { targetGroupArn: this.targetGroupArn, containerPort: props.targetPort, listener: this.httpsListener };
    this.url = `https://${props.domainName ?? this.loadBalancer.dnsName}`;
  }

  /** Admits a security group's members on the HTTPS port (443): callers of an internal load balancer. Returns the rule. */
  allowFrom(id: string, peer: SecurityGroupPeer, description: string): VpcSecurityGroupIngressRule {
    return tcpIngressFromGroup(this, `Ingress${id}`, {
      securityGroupId: this.securityGroup.id,
      peerSecurityGroupId: peer.securityGroupId,
      port: HTTPS_PORT,
      description,
    });
  }

  /** Lets the load balancer open connections to a security group's members on one TCP port. Returns the rule. */
  allowTo(id: string, peer: SecurityGroupPeer, port: number, description: string): VpcSecurityGroupEgressRule {
    return tcpEgressToGroup(this, `Egress${id}`, { securityGroupId: this.securityGroup.id, peerSecurityGroupId: peer.securityGroupId, port, description });
  }

  /**
   * Opens the path to a service behind the load balancer on `targetPort`: the load balancer's
   * egress to the service's group (`Egress<id>` here) and the service's ingress from the load
   * balancer's group (the service's `allowFrom`, with this construct's id). Returns both rules.
   * The service still registers its tasks through `target` (`loadBalancerTargets`).
   */
  attachService<R>(service: AttachableService<R>, id: string = "Service"): AttachedService<R> {
    const egress = this.allowTo(id, service, this.targetPort, `Requests to the ${id === "Service" ? "service" : id} on its container port`);
    const ingress = service.allowFrom(this.node.id, this, `The load balancer ${this.node.path}`, this.targetPort);
    return { egress, ingress };
  }

  /**
   * Alarms on 5xx answers of the load balancer and of its targets (above `api5xxPerMinute` in a
   * minute), the targets' p99 response time (above `apiLatencyP99Ms`) and unhealthy targets, and
   * a dashboard row (`Monitoring.watch(alb)`).
   */
  monitoringSpec(thresholds: AlarmThresholds): MonitoringSpec {
    return albMonitoringSpec({ id: this.node.id, loadBalancerArnSuffix: this.arnSuffix, targetGroupArnSuffix: this.targetGroupArnSuffix }, thresholds);
  }

  private ingressRules(s: Settings): void {
    for (const [i, prefixListId] of s.prefixListIds.entries()) {
      new VpcSecurityGroupIngressRule(this, `HttpsFromPrefixList${i}`, {
        securityGroupId: this.securityGroup.id,
        description: `HTTPS from the managed prefix list ${prefixListId}`,
        ipProtocol: "tcp",
        fromPort: HTTPS_PORT,
        toPort: HTTPS_PORT,
        prefixListId,
      });
    }
    if (!s.openToInternet) return;
    // IPv6 rules too, so turning on dual-stack addressing needs no change to the group.
    const openings = [
      { id: "HttpsFromAnywhereIpv4", port: HTTPS_PORT, cidr: { cidrIpv4: "0.0.0.0/0" }, what: "HTTPS from anywhere (IPv4)" },
      { id: "HttpsFromAnywhereIpv6", port: HTTPS_PORT, cidr: { cidrIpv6: "::/0" }, what: "HTTPS from anywhere (IPv6)" },
      { id: "HttpFromAnywhereIpv4", port: HTTP_PORT, cidr: { cidrIpv4: "0.0.0.0/0" }, what: "HTTP from anywhere (IPv4), redirected to HTTPS" },
      { id: "HttpFromAnywhereIpv6", port: HTTP_PORT, cidr: { cidrIpv6: "::/0" }, what: "HTTP from anywhere (IPv6), redirected to HTTPS" },
    ];
    for (const o of openings) {
      const rule = new VpcSecurityGroupIngressRule(this, o.id, {
        securityGroupId: this.securityGroup.id,
        description: o.what,
        ipProtocol: "tcp",
        fromPort: o.port,
        toPort: o.port,
        ...o.cidr,
      });
      suppress(rule, [
        {
          id: "sg-no-world-ingress",
          reason:
            "An internet-facing load balancer is the public entry point: it answers HTTPS (port 80 only redirects to HTTPS) and reaches its targets only through the egress rules attachService adds.",
        },
      ]);
    }
  }
}

interface Settings {
  readonly internal: boolean;
  readonly openToInternet: boolean;
  readonly httpRedirect: boolean;
  readonly prefixListIds: readonly string[];
  readonly sslPolicy: string;
  readonly idleTimeoutSeconds: number;
  readonly accessLogRetentionDays: number;
  readonly healthCheckPath: string;
  readonly healthCheckIntervalSeconds: number;
  readonly healthCheckTimeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  readonly healthCheckMatcher: string;
  readonly deregistrationDelaySeconds: number;
  readonly principal: ElbLogDeliveryPrincipal;
}

/**
 * Every problem with an `ApplicationLoadBalancer`'s props, found before anything is built (none
 * when they hold). The environment config runs it to report the load balancer's problems with the others'.
 */
export function albPropProblems(props: ApplicationLoadBalancerProps): readonly PropProblem[] {
  return propProblems(() => validate(undefined, props));
}

/** `arn:<partition>:acm:<region>:<account>:certificate/<id>` */
const CERTIFICATE_ARN = /^arn:(aws[a-z-]*):acm:([a-z0-9-]+):(\d{12}):certificate\/[A-Za-z0-9-]+$/;
/** A managed prefix list id: `pl-` and 8 (AWS-managed lists) or 17 hexadecimal digits. */
const PREFIX_LIST_ID = /^pl-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
/** A health check path: `/` and printable ASCII without spaces, at most 1024 characters in all. */
const HEALTH_CHECK_PATH = /^\/[\x21-\x7e]{0,1023}$/;
/** HTTP codes as a target group's matcher takes them: `200`, `200,204`, `200-399`. */
const MATCHER = /^\d{3}(?:-\d{3})?(?:,\d{3}(?:-\d{3})?)*$/;
/** A DNS name of two labels or more, lowercase. */
const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

function isValidMatcher(matcher: string): boolean {
  if (!MATCHER.test(matcher)) return false;
  return matcher.split(",").every((part) => {
    const [from, to = from] = part.split("-").map(Number) as [number, number?];
    return from >= 200 && to <= 499 && from <= to;
  });
}

function validate(scope: Construct | undefined, props: ApplicationLoadBalancerProps): Settings {
  const v = new PropsValidator(scope, "ApplicationLoadBalancer");
  // The names, the region's log principal, and which rules and listeners exist are decided at synth.
  v.requireLiterals(props, ["name", "region", "internal"]);
  if (props.allowedPrefixListIds !== undefined && Token.isUnresolved(props.allowedPrefixListIds)) {
    v.fail("allowedPrefixListIds", "must be a list known at synth (one ingress rule is made per entry); its entries may be references", "an unresolved token");
    v.throwIfInvalid();
  }

  v.check(isValidNamePrefix(props.name), "name", NAME_PREFIX_RULE, props.name);
  v.check(
    !props.name.startsWith("internal-"),
    "name",
    'must not start with "internal-" (AWS reserves it for internal load balancers\' DNS names; the load balancer is named after it)',
    props.name,
  );
  const regionIssue = regionProblem(props.region);
  if (regionIssue !== undefined) v.fail("region", `must be a known AWS region: ${regionIssue}`, props.region);
  v.check(ACCOUNT_ID_PATTERN.test(props.accountId), "accountId", 'must be a 12-digit AWS account id (e.g. "123456789012")', props.accountId);
  v.check(typeof props.deletionProtection === "boolean", "deletionProtection", "must be true or false (pass the environment's protected)", props.deletionProtection);

  const internal = props.internal ?? false;
  const subnetsProp = internal ? "network.privateSubnetIds" : "network.publicSubnetIds";
  const subnets = internal ? props.network.privateSubnetIds : props.network.publicSubnetIds;
  if (!Token.isUnresolved(subnets)) {
    v.check(
      subnets.length >= 2,
      subnetsProp,
      `must list at least two subnets, in different availability zones, for ${internal ? "an internal" : "an internet-facing"} load balancer`,
      subnets,
    );
    v.check(new Set(subnets).size === subnets.length, subnetsProp, "must not list a subnet twice", subnets);
  }

  const cert = CERTIFICATE_ARN.exec(props.certificateArn);
  const partition = partitionOf(props.region);
  v.check(
    cert !== null && cert[1] === partition && cert[2] === props.region,
    "certificateArn",
    `must be the ARN of an ACM certificate in the load balancer's region (arn:${partition}:acm:${props.region}:<account>:certificate/<id>)`,
    props.certificateArn,
  );

  const sslPolicy = props.sslPolicy ?? ALB_TLS_POLICY;
  v.check(ALB_TLS_POLICIES.includes(sslPolicy), "sslPolicy", `must be a current TLS 1.3 policy: ${ALB_TLS_POLICIES.join(", ")}`, sslPolicy);

  const prefixListIds = props.allowedPrefixListIds ?? [];
  if (props.allowedPrefixListIds !== undefined) {
    v.check(
      !internal,
      "allowedPrefixListIds",
      "applies only to an internet-facing load balancer; an internal one admits security groups with allowFrom",
      props.allowedPrefixListIds,
    );
    v.check(prefixListIds.length > 0, "allowedPrefixListIds", "must list at least one prefix list (leave it out to admit the internet)", prefixListIds);
    prefixListIds.forEach((id, i) =>
      v.check(PREFIX_LIST_ID.test(id), `allowedPrefixListIds[${i}]`, 'must be a managed prefix list id: "pl-" and 8 or 17 hexadecimal digits (e.g. "pl-3b927c52")', id),
    );
    v.check(new Set(prefixListIds).size === prefixListIds.length, "allowedPrefixListIds", "must not list a prefix list twice", prefixListIds);
  }

  const idleTimeoutSeconds = props.idleTimeoutSeconds ?? 60;
  v.checkWholeNumber("idleTimeoutSeconds", idleTimeoutSeconds, 1, 4000, { unit: "seconds" });

  const bucketIssue = bucketNameProblem(props.accessLogBucketName);
  if (!Token.isUnresolved(props.accessLogBucketName) && bucketIssue !== undefined) {
    v.fail("accessLogBucketName", `must be a valid S3 bucket name: it ${bucketIssue}`, props.accessLogBucketName);
  }
  const accessLogRetentionDays = props.accessLogRetentionDays ?? 90;
  v.checkWholeNumber("accessLogRetentionDays", accessLogRetentionDays, 1, 3650, { unit: "days" });

  v.checkWholeNumber("targetPort", props.targetPort, 1, 65535);
  const healthCheckPath = props.healthCheckPath ?? "/health";
  v.check(HEALTH_CHECK_PATH.test(healthCheckPath), "healthCheckPath", 'must be a path starting with "/", without spaces, at most 1024 characters', healthCheckPath);
  const healthCheckIntervalSeconds = props.healthCheckIntervalSeconds ?? 15;
  v.checkWholeNumber("healthCheckIntervalSeconds", healthCheckIntervalSeconds, 5, 300, { unit: "seconds" });
  const healthCheckTimeoutSeconds = props.healthCheckTimeoutSeconds ?? 5;
  v.checkWholeNumber("healthCheckTimeoutSeconds", healthCheckTimeoutSeconds, 2, 120, { unit: "seconds" });
  if (Number.isFinite(healthCheckTimeoutSeconds) && Number.isFinite(healthCheckIntervalSeconds)) {
    v.check(
      healthCheckTimeoutSeconds < healthCheckIntervalSeconds,
      "healthCheckTimeoutSeconds",
      `must be less than healthCheckIntervalSeconds (${healthCheckIntervalSeconds})`,
      healthCheckTimeoutSeconds,
    );
  }
  const healthyThreshold = props.healthyThreshold ?? 2;
  v.checkWholeNumber("healthyThreshold", healthyThreshold, 2, 10, { unit: "checks" });
  const unhealthyThreshold = props.unhealthyThreshold ?? 3;
  v.checkWholeNumber("unhealthyThreshold", unhealthyThreshold, 2, 10, { unit: "checks" });
  const healthCheckMatcher = props.healthCheckMatcher ?? "200-399";
  v.check(
    isValidMatcher(healthCheckMatcher),
    "healthCheckMatcher",
    'must be HTTP codes from 200 to 499: one ("200"), a list ("200,204") or a range ("200-399")',
    healthCheckMatcher,
  );
  const deregistrationDelaySeconds = props.deregistrationDelaySeconds ?? 30;
  v.checkWholeNumber("deregistrationDelaySeconds", deregistrationDelaySeconds, 0, 3600, { unit: "seconds" });
  if (props.domainName !== undefined) {
    v.check(DOMAIN_NAME.test(props.domainName), "domainName", 'must be a lowercase DNS name (e.g. "api.example.com")', props.domainName);
  }

  v.throwIfInvalid();
  return {
    internal,
    openToInternet: !internal && props.allowedPrefixListIds === undefined,
    httpRedirect: !internal && props.allowedPrefixListIds === undefined,
    prefixListIds,
    sslPolicy,
    idleTimeoutSeconds,
    accessLogRetentionDays,
    healthCheckPath,
    healthCheckIntervalSeconds,
    healthCheckTimeoutSeconds,
    healthyThreshold,
    unhealthyThreshold,
    healthCheckMatcher,
    deregistrationDelaySeconds,
    // The region was checked, and is known here: it has a principal.
    principal: elbLogDeliveryPrincipal(props.region)!,
  };
}
