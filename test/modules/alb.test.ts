import { TerraformLocal, TerraformStack, Testing } from "cdktf";
import { applyPolicyPack, errorsOf, evaluate, StackJson as PolicyStackJson } from "../../policies";
import {
  ACCESS_LOG_PREFIX,
  ALB_TLS_POLICIES,
  ALB_TLS_POLICY,
  ApplicationLoadBalancer,
  ApplicationLoadBalancerProps,
  albPropProblems,
} from "../../modules/alb";
import { FargateService } from "../../modules/fargate-service";
import { DEFAULT_ALARM_THRESHOLDS, Monitoring } from "../../modules/monitoring";
import { AlarmThresholds } from "../../modules/shared/monitorable";
import { AWS_REGIONS, ELB_ACCOUNT_IDS, ELB_LOG_DELIVERY_SERVICE, elbLogDeliveryPrincipal, KNOWN_REGIONS } from "../../modules/shared/regions";
import { Vpc2Az } from "../../modules/vpc-2az";
import { testRefusedProps } from "../support/refuses-props";
import {
  addressOf,
  countOf,
  onlyResource,
  parseJsonAttribute,
  refTo,
  resourceCounts,
  resourceList,
  resourcesOf,
  SynthesizedStack,
  synthJson,
  testStack,
} from "../support/synth";

const CERTIFICATE_ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
const CLOUDFRONT_ORIGIN_FACING = "pl-4fa04526";

const network = {
  vpcId: "vpc-0123456789abcdef0",
  publicSubnetIds: ["subnet-public-a", "subnet-public-b"],
  privateSubnetIds: ["subnet-private-a", "subnet-private-b"],
};

const base: ApplicationLoadBalancerProps = {
  name: "acme-test",
  region: "eu-west-1",
  accountId: "123456789012",
  network,
  certificateArn: CERTIFICATE_ARN,
  deletionProtection: false,
  accessLogBucketName: "acme-test-alb-logs-123456789012",
  targetPort: 8000,
};

function build(overrides: Partial<ApplicationLoadBalancerProps> = {}, region = "eu-west-1"): { stack: TerraformStack; alb: ApplicationLoadBalancer } {
  const stack = testStack(region);
  const alb = new ApplicationLoadBalancer(stack, "Alb", { ...base, ...overrides });
  return { stack, alb };
}

function synthWith(overrides: Partial<ApplicationLoadBalancerProps> = {}, region?: string): SynthesizedStack {
  return synthJson(build(overrides, region).stack);
}

interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: unknown;
}

function bucketStatements(json: SynthesizedStack): Statement[] {
  return parseJsonAttribute<{ Statement: Statement[] }>(onlyResource(json, "aws_s3_bucket_policy").policy).Statement;
}

/** A value as Terraform sees it: its tokens turned into references, through a local of the stack. */
function resolvedIn<T>(stack: TerraformStack, value: T): T {
  const id = `Resolved${stack.node.children.length}`;
  new TerraformLocal(stack, id, value);
  return (JSON.parse(Testing.synth(stack)) as { locals: Record<string, T> }).locals[id]!;
}

function listener(json: SynthesizedStack, namePrefix: string): Record<string, unknown> {
  const [, name] = addressOf(json, "aws_lb_listener", namePrefix).split(".");
  return resourcesOf(json, "aws_lb_listener")[name!]!;
}

describe("ApplicationLoadBalancer defaults (internet-facing)", () => {
  const { stack, alb } = build();
  const json = synthJson(stack);
  const lb = onlyResource(json, "aws_lb");

  test("creates the load balancer, two listeners, a target group, its security group with four ingress rules, and the log bucket", () => {
    expect(resourceCounts(json)).toEqual({
      aws_lb: 1,
      aws_lb_listener: 2,
      aws_lb_target_group: 1,
      aws_security_group: 1,
      aws_vpc_security_group_ingress_rule: 4,
      aws_s3_bucket: 1,
      aws_s3_bucket_policy: 1,
      aws_s3_bucket_public_access_block: 1,
      aws_s3_bucket_ownership_controls: 1,
      aws_s3_bucket_server_side_encryption_configuration: 1,
      aws_s3_bucket_lifecycle_configuration: 1,
    });
  });

  test("an internet-facing application load balancer in the public subnets, behind its own group", () => {
    expect(lb).toMatchObject({
      name: "acme-test",
      load_balancer_type: "application",
      internal: false,
      subnets: network.publicSubnetIds,
      security_groups: [refTo(json, "aws_security_group", "Alb_SecurityGroup", "id")],
      idle_timeout: 60,
    });
  });

  test("hardened attributes: invalid headers dropped, defensive desync mitigation, X-Forwarded-For appended, WAF fails closed, HTTP/2", () => {
    expect(lb).toMatchObject({
      drop_invalid_header_fields: true,
      desync_mitigation_mode: "defensive",
      xff_header_processing_mode: "append",
      enable_waf_fail_open: false,
      enable_http2: true,
      enable_deletion_protection: false,
    });
  });

  test("access logs go to the module's bucket under its prefix, once the bucket policy lets ELB write", () => {
    expect(lb.access_logs).toEqual({ enabled: true, bucket: refTo(json, "aws_s3_bucket", "Alb_AccessLogs_Bucket", "bucket"), prefix: ACCESS_LOG_PREFIX });
    expect(lb.depends_on).toEqual([addressOf(json, "aws_s3_bucket_policy", "Alb_AccessLogs_Policy")]);
  });

  test("HTTPS on 443 with the certificate and the TLS 1.3 policy, forwarding to the target group", () => {
    expect(ALB_TLS_POLICY).toBe("ELBSecurityPolicy-TLS13-1-2-2021-06");
    expect(listener(json, "Alb_HttpsListener")).toMatchObject({
      load_balancer_arn: refTo(json, "aws_lb", "Alb_LoadBalancer", "arn"),
      port: 443,
      protocol: "HTTPS",
      ssl_policy: ALB_TLS_POLICY,
      certificate_arn: CERTIFICATE_ARN,
      default_action: [{ type: "forward", target_group_arn: refTo(json, "aws_lb_target_group", "Alb_TargetGroup", "arn") }],
    });
  });

  test("HTTP on 80 does nothing but redirect to HTTPS, permanently (301)", () => {
    expect(listener(json, "Alb_HttpListener")).toMatchObject({
      port: 80,
      protocol: "HTTP",
      default_action: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }],
    });
  });

  test("an ip target group on the container port with the health check defaults, replaced before it is destroyed", () => {
    expect(onlyResource(json, "aws_lb_target_group")).toEqual(
      expect.objectContaining({
        name_prefix: "api-",
        target_type: "ip",
        protocol: "HTTP",
        port: 8000,
        vpc_id: network.vpcId,
        deregistration_delay: "30",
        health_check: {
          enabled: true,
          protocol: "HTTP",
          port: "traffic-port",
          path: "/health",
          matcher: "200-399",
          interval: 15,
          timeout: 5,
          healthy_threshold: 2,
          unhealthy_threshold: 3,
        },
        lifecycle: { create_before_destroy: true },
        tags: { Name: "acme-test-api" },
      }),
    );
    expect(onlyResource(json, "aws_lb_target_group").name).toBeUndefined();
  });

  test("the security group admits 443 and 80 from anywhere (IPv4 and IPv6), and nothing goes out by default", () => {
    const group = onlyResource(json, "aws_security_group");
    expect(group).toMatchObject({ name_prefix: "acme-test-alb-", vpc_id: network.vpcId, lifecycle: { create_before_destroy: true } });
    expect(group.egress).toBeUndefined();
    expect(countOf(json, "aws_vpc_security_group_egress_rule")).toBe(0);
    const openings = resourceList(json, "aws_vpc_security_group_ingress_rule").map((r) => [r.from_port, r.to_port, r.cidr_ipv4 ?? r.cidr_ipv6]);
    expect(openings).toEqual(
      expect.arrayContaining([
        [443, 443, "0.0.0.0/0"],
        [443, 443, "::/0"],
        [80, 80, "0.0.0.0/0"],
        [80, 80, "::/0"],
      ]),
    );
    for (const rule of resourceList(json, "aws_vpc_security_group_ingress_rule")) {
      expect(rule.security_group_id).toBe(refTo(json, "aws_security_group", "Alb_SecurityGroup", "id"));
    }
  });

  test("the log bucket: SSE-S3, public access blocked, TLS only, logs expire after 90 days, Terraform may empty it", () => {
    expect(onlyResource(json, "aws_s3_bucket")).toMatchObject({ bucket: "acme-test-alb-logs-123456789012", force_destroy: true });
    expect(onlyResource(json, "aws_s3_bucket").lifecycle).toBeUndefined();
    expect(onlyResource(json, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    expect(onlyResource(json, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(onlyResource(json, "aws_s3_bucket_lifecycle_configuration").rule).toEqual([
      expect.objectContaining({ status: "Enabled", expiration: [{ days: 90 }], abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }] }),
    ]);
    expect(bucketStatements(json).map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "DenyOutdatedTls", "ElbAccessLogDelivery"]);
  });

  test("in eu-west-1 (opened before August 2022) the regional ELB account may put objects under <prefix>/AWSLogs/<account>/ only", () => {
    const bucketArn = refTo(json, "aws_s3_bucket", "Alb_AccessLogs_Bucket", "arn");
    expect(bucketStatements(json).find((s) => s.Sid === "ElbAccessLogDelivery")).toEqual({
      Sid: "ElbAccessLogDelivery",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::156460612806:root" },
      Action: "s3:PutObject",
      Resource: `${bucketArn}/alb/AWSLogs/123456789012/*`,
    });
  });

  test("fields: the target FargateService takes, the URL, the handles for aliases and metrics", () => {
    expect(alb.target.listener).toBe(alb.httpsListener);
    expect(alb.target.containerPort).toBe(8000);
    const lbRef = (attribute: string) => refTo(json, "aws_lb", "Alb_LoadBalancer", attribute);
    expect(resolvedIn(stack, {
      targetGroupArn: alb.target.targetGroupArn,
      targetGroupArnField: alb.targetGroupArn,
      targetGroupArnSuffix: alb.targetGroupArnSuffix,
      loadBalancerArn: alb.loadBalancerArn,
      arnSuffix: alb.arnSuffix,
      dnsName: alb.dnsName,
      zoneId: alb.zoneId,
      securityGroupId: alb.securityGroupId,
      url: alb.url,
    })).toEqual({
      targetGroupArn: refTo(json, "aws_lb_target_group", "Alb_TargetGroup", "arn"),
      targetGroupArnField: refTo(json, "aws_lb_target_group", "Alb_TargetGroup", "arn"),
      targetGroupArnSuffix: refTo(json, "aws_lb_target_group", "Alb_TargetGroup", "arn_suffix"),
      loadBalancerArn: lbRef("arn"),
      arnSuffix: lbRef("arn_suffix"),
      dnsName: lbRef("dns_name"),
      zoneId: lbRef("zone_id"),
      securityGroupId: refTo(json, "aws_security_group", "Alb_SecurityGroup", "id"),
      url: `https://${lbRef("dns_name")}`,
    });
    expect(alb.httpListener).toBeDefined();
    expect(alb.logDeliveryPrincipal).toEqual({ AWS: "arn:aws:iam::156460612806:root" });
  });
});

describe("ApplicationLoadBalancer options", () => {
  test("in ap-southeast-4 (opened after August 2022) the log delivery service principal may write", () => {
    const json = synthWith({ region: "ap-southeast-4", certificateArn: "arn:aws:acm:ap-southeast-4:123456789012:certificate/abc-123" }, "ap-southeast-4");
    expect(bucketStatements(json).find((s) => s.Sid === "ElbAccessLogDelivery")?.Principal).toEqual({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" });
  });

  test("deletion protection turns on ELB deletion protection and keeps the log bucket", () => {
    const json = synthWith({ deletionProtection: true });
    expect(onlyResource(json, "aws_lb").enable_deletion_protection).toBe(true);
    expect(onlyResource(json, "aws_s3_bucket")).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
  });

  test("settings reach the resources: TLS policy, idle timeout, retention, health check, deregistration delay, domain name", () => {
    const { stack, alb } = build({
      sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06",
      idleTimeoutSeconds: 120,
      accessLogRetentionDays: 30,
      healthCheckPath: "/healthz",
      healthCheckIntervalSeconds: 30,
      healthCheckTimeoutSeconds: 10,
      healthyThreshold: 3,
      unhealthyThreshold: 5,
      healthCheckMatcher: "200,204",
      deregistrationDelaySeconds: 0,
      domainName: "api.example.com",
    });
    const json = synthJson(stack);
    expect(listener(json, "Alb_HttpsListener").ssl_policy).toBe("ELBSecurityPolicy-TLS13-1-3-2021-06");
    expect(onlyResource(json, "aws_lb").idle_timeout).toBe(120);
    expect(onlyResource(json, "aws_s3_bucket_lifecycle_configuration").rule).toEqual([expect.objectContaining({ expiration: [{ days: 30 }] })]);
    expect(onlyResource(json, "aws_lb_target_group")).toMatchObject({
      deregistration_delay: "0",
      health_check: { path: "/healthz", interval: 30, timeout: 10, healthy_threshold: 3, unhealthy_threshold: 5, matcher: "200,204" },
    });
    expect(alb.url).toBe("https://api.example.com");
  });

  test("internal: private subnets, only the HTTPS listener, no ingress until allowFrom admits a group on 443", () => {
    const { stack, alb } = build({ internal: true });
    const before = synthJson(stack);
    expect(onlyResource(before, "aws_lb")).toMatchObject({ internal: true, subnets: network.privateSubnetIds });
    expect(countOf(before, "aws_lb_listener")).toBe(1);
    expect(alb.httpListener).toBeUndefined();
    expect(countOf(before, "aws_vpc_security_group_ingress_rule")).toBe(0);

    const rule = alb.allowFrom("VpcLink", { securityGroupId: "sg-0123456789abcdef0" }, "The API's VPC link");
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_vpc_security_group_ingress_rule")).toMatchObject({
      security_group_id: refTo(json, "aws_security_group", "Alb_SecurityGroup", "id"),
      referenced_security_group_id: "sg-0123456789abcdef0",
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
      description: "The API's VPC link",
    });
    expect(rule.node.id).toBe("IngressVpcLink");
  });

  test("allowed prefix lists: 443 from each list only, nothing from anywhere, no HTTP listener", () => {
    const { stack, alb } = build({ allowedPrefixListIds: [CLOUDFRONT_ORIGIN_FACING] });
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_vpc_security_group_ingress_rule")).toMatchObject({
      prefix_list_id: CLOUDFRONT_ORIGIN_FACING,
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
    });
    expect(JSON.stringify(resourcesOf(json, "aws_vpc_security_group_ingress_rule"))).not.toMatch(/0\.0\.0\.0\/0|::\/0/);
    expect(countOf(json, "aws_lb_listener")).toBe(1);
    expect(alb.httpListener).toBeUndefined();
    expect(onlyResource(json, "aws_lb")).toMatchObject({ internal: false, subnets: network.publicSubnetIds });
  });
});

describe("ApplicationLoadBalancer in front of a FargateService", () => {
  test("README example: attachService opens the load balancer's egress to the service and the service's ingress from it, both on the target port", () => {
    const stack = testStack();
    const vpc = new Vpc2Az(stack, "Network", {
      name: "acme-staging",
      region: "eu-west-1",
      cidr: "10.0.0.0/16",
      availabilityZones: ["eu-west-1a", "eu-west-1b"],
    });
    const alb = new ApplicationLoadBalancer(stack, "Alb", {
      name: "acme-staging",
      region: "eu-west-1",
      accountId: "123456789012",
      network: vpc,
      certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
      deletionProtection: false,
      accessLogBucketName: "acme-staging-alb-logs-123456789012",
      targetPort: 8000,
    });
    const service = new FargateService(stack, "Api", {
      name: "acme-staging",
      serviceName: "api",
      region: "eu-west-1",
      accountId: "123456789012",
      network: vpc,
      imageTag: "1.0.0",
      containerPort: 8000,
      serviceDiscovery: false,
      loadBalancerTargets: [alb.target],
    });
    const { egress, ingress } = alb.attachService(service);
    const json = synthJson(stack);

    const albGroup = refTo(json, "aws_security_group", "Alb_SecurityGroup", "id");
    const serviceGroup = refTo(json, "aws_security_group", "Api_SecurityGroup", "id");
    const egressRules = resourceList(json, "aws_vpc_security_group_egress_rule").filter((r) => r.security_group_id === albGroup);
    expect(egressRules).toEqual([expect.objectContaining({ referenced_security_group_id: serviceGroup, ip_protocol: "tcp", from_port: 8000, to_port: 8000 })]);
    const ingressRules = resourceList(json, "aws_vpc_security_group_ingress_rule").filter((r) => r.security_group_id === serviceGroup);
    expect(ingressRules).toEqual([expect.objectContaining({ referenced_security_group_id: albGroup, ip_protocol: "tcp", from_port: 8000, to_port: 8000 })]);
    expect(egress.node.path).toBe("test/Alb/EgressService");
    expect(ingress.node.path).toBe("test/Api/IngressAlb");

    // The service registers its tasks in the target group and waits for the HTTPS listener.
    const ecs = onlyResource(json, "aws_ecs_service");
    expect(ecs.load_balancer).toEqual([
      { target_group_arn: refTo(json, "aws_lb_target_group", "Alb_TargetGroup", "arn"), container_name: "app", container_port: 8000 },
    ]);
    expect(ecs.depends_on).toContain(addressOf(json, "aws_lb_listener", "Alb_HttpsListener"));
    expect(onlyResource(json, "aws_lb").subnets).toEqual([
      refTo(json, "aws_subnet", "Network_PublicSubnetA", "id"),
      refTo(json, "aws_subnet", "Network_PublicSubnetB", "id"),
    ]);
  });
});

describe("ApplicationLoadBalancer monitoring", () => {
  const thresholds: AlarmThresholds = { ...DEFAULT_ALARM_THRESHOLDS, api5xxPerMinute: 25, apiLatencyP99Ms: 1500 };

  test("alarms on ELB and target 5xx per minute, target p99 in seconds and unhealthy targets, on the arn suffixes", () => {
    const { stack, alb } = build();
    const spec = alb.monitoringSpec(thresholds);
    const json = synthJson(stack);
    const lbDim = { LoadBalancer: alb.arnSuffix };
    const tgDim = { TargetGroup: alb.targetGroupArnSuffix, LoadBalancer: alb.arnSuffix };
    expect(spec.alarms.map((a) => [a.id, a.name, a.namespace, a.metricName, a.statistic ?? a.extendedStatistic, a.threshold, a.dimensions])).toEqual([
      ["AlbElb5xx", "alb-elb-5xx", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "Sum", 25, lbDim],
      ["AlbTarget5xx", "alb-target-5xx", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", 25, tgDim],
      ["AlbLatencyP99", "alb-latency-p99", "AWS/ApplicationELB", "TargetResponseTime", "p99", 1.5, tgDim],
      ["AlbUnhealthyTargets", "alb-unhealthy-targets", "AWS/ApplicationELB", "UnHealthyHostCount", "Maximum", 0, tgDim],
    ]);
    for (const alarm of spec.alarms) {
      expect(alarm).toMatchObject({ comparison: "GreaterThanThreshold", treatMissingData: "notBreaching", periodSeconds: 60 });
    }
    expect(spec.alarms.map((a) => a.evaluationPeriods)).toEqual([1, 1, 5, 2]);
    expect(spec.title).toBe("Load balancer (Alb)");
    expect(spec.graphs.map((g) => g.title)).toEqual(["Requests", "Errors", "Target response time (s)", "Targets"]);
    // The dimensions are the arn_suffix attributes, not the ARNs.
    expect(JSON.stringify(spec.graphs)).not.toContain(alb.loadBalancerArn);
    expect(countOf(json, "aws_cloudwatch_metric_alarm")).toBe(0);
  });

  test("Monitoring.watch creates the four alarms on the resources' arn_suffix", () => {
    const { stack, alb } = build();
    const monitoring = new Monitoring(stack, "Monitoring", { name: "acme-test", region: "eu-west-1", accountId: "123456789012" });
    expect(monitoring.watch(alb)).toHaveLength(4);
    const json = synthJson(stack);
    const alarms = resourceList(json, "aws_cloudwatch_metric_alarm");
    expect(alarms.map((a) => a.alarm_name).sort()).toEqual(["acme-test-alb-elb-5xx", "acme-test-alb-latency-p99", "acme-test-alb-target-5xx", "acme-test-alb-unhealthy-targets"]);
    const latency = alarms.find((a) => a.metric_name === "TargetResponseTime")!;
    expect(latency).toMatchObject({
      extended_statistic: "p99",
      threshold: 2,
      dimensions: {
        LoadBalancer: refTo(json, "aws_lb", "Alb_LoadBalancer", "arn_suffix"),
        TargetGroup: refTo(json, "aws_lb_target_group", "Alb_TargetGroup", "arn_suffix"),
      },
    });
  });
});

describe("elbLogDeliveryPrincipal (modules/shared/regions.ts)", () => {
  test("regions opened before August 2022 have their ELB account; the account's root in the region's partition", () => {
    expect(elbLogDeliveryPrincipal("us-east-1")).toEqual({ AWS: "arn:aws:iam::127311923021:root" });
    expect(elbLogDeliveryPrincipal("eu-west-1")).toEqual({ AWS: "arn:aws:iam::156460612806:root" });
    expect(elbLogDeliveryPrincipal("ap-southeast-3")).toEqual({ AWS: "arn:aws:iam::589379963580:root" });
    expect(elbLogDeliveryPrincipal("us-gov-west-1")).toEqual({ AWS: "arn:aws-us-gov:iam::048591011584:root" });
    expect(elbLogDeliveryPrincipal("cn-north-1")).toEqual({ AWS: "arn:aws-cn:iam::638102146993:root" });
  });

  test("regions opened since use the log delivery service principal", () => {
    for (const region of ["me-central-1", "eu-central-2", "eu-south-2", "ap-south-2", "ap-southeast-4", "il-central-1", "ca-west-1", "mx-central-1", "ap-southeast-7"]) {
      expect(elbLogDeliveryPrincipal(region)).toEqual({ Service: ELB_LOG_DELIVERY_SERVICE });
    }
    expect(ELB_LOG_DELIVERY_SERVICE).toBe("logdelivery.elasticloadbalancing.amazonaws.com");
  });

  test("every known region has a principal, every ELB account is of a known region, and an unknown region has none", () => {
    for (const region of KNOWN_REGIONS) expect(elbLogDeliveryPrincipal(region)).toBeDefined();
    for (const [region, account] of Object.entries(ELB_ACCOUNT_IDS)) {
      expect(AWS_REGIONS[region]).toBeDefined();
      expect(account).toMatch(/^\d{12}$/);
    }
    expect(new Set(Object.values(ELB_ACCOUNT_IDS)).size).toBe(Object.keys(ELB_ACCOUNT_IDS).length);
    expect(Object.keys(ELB_ACCOUNT_IDS)).toHaveLength(26);
    expect(elbLogDeliveryPrincipal("us-east-9")).toBeUndefined();
    expect(elbLogDeliveryPrincipal("toString")).toBeUndefined();
  });
});

describe("ApplicationLoadBalancer and the policy pack", () => {
  const errorsIn = (stack: TerraformStack, isProtected: boolean) => errorsOf(evaluate(stack.toTerraform() as PolicyStackJson, { protected: isProtected }));

  test("internet-facing, internal and prefix-list load balancers pass with no errors; the world ingress is a suppressed design choice", () => {
    const { stack } = build();
    expect(errorsIn(stack, false)).toEqual([]);
    expect(errorsIn(build({ internal: true }).stack, false)).toEqual([]);
    expect(errorsIn(build({ allowedPrefixListIds: [CLOUDFRONT_ORIGIN_FACING] }).stack, false)).toEqual([]);
    const report = evaluate(stack.toTerraform() as PolicyStackJson, { protected: false });
    const world = report.results.filter((r) => r.rule.id === "sg-no-world-ingress" && r.subject.path.includes("Alb/Http"));
    expect(world.map((r) => r.status)).toEqual(["suppressed", "suppressed", "suppressed", "suppressed"]);
    // Synth with the pack applied fails on any error.
    applyPolicyPack(stack, { protected: false, onWarning: () => undefined });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test("in a protected environment, with deletion protection (the log bucket kept), behind a service", () => {
    const { stack, alb } = build({ deletionProtection: true });
    const service = new FargateService(stack, "Api", {
      name: "acme-test",
      serviceName: "api",
      region: "eu-west-1",
      accountId: "123456789012",
      network: { ...network, egress: "none" },
      imageTag: "1.0.0",
      containerPort: 8000,
      serviceDiscovery: false,
      loadBalancerTargets: [alb.target],
      retainRepository: true,
    });
    alb.attachService(service);
    expect(errorsIn(stack, true)).toEqual([]);
    // Without deletion protection the protected pack refuses the bucket Terraform may destroy.
    const unprotected = errorsIn(build().stack, true).map((e) => /^policy (\S+) \(error\):.* at (\S+):/.exec(e)?.slice(1, 3));
    expect(unprotected).toEqual(
      expect.arrayContaining([
        ["data-prevent-destroy", "test/Alb/AccessLogs/Bucket"],
        ["s3-bucket-no-force-destroy", "test/Alb/AccessLogs/Bucket"],
      ]),
    );
  });
});

describe("ApplicationLoadBalancer prop checks", () => {
  test("the exported check finds nothing in valid props, and skips values known only at apply", () => {
    expect(albPropProblems(base)).toEqual([]);
    const stack = testStack();
    const vpc = new Vpc2Az(stack, "Network", { name: "acme-test", region: "eu-west-1", cidr: "10.0.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"] });
    expect(albPropProblems({ ...base, network: vpc, accountId: vpc.vpcId, certificateArn: vpc.vpcId, accessLogBucketName: vpc.vpcId })).toEqual([]);
  });

  test("reports every problem at once", () => {
    const problems = albPropProblems({ ...base, targetPort: 0, idleTimeoutSeconds: 0, sslPolicy: "ELBSecurityPolicy-2016-08" });
    expect(problems.map((p) => p.prop)).toEqual(["sslPolicy", "idleTimeoutSeconds", "targetPort"]);
  });

  test("the allow-list holds TLS 1.3 policies only", () => {
    for (const policy of ALB_TLS_POLICIES) expect(policy).toMatch(/^ELBSecurityPolicy-TLS13-1-[23]-/);
    expect(ALB_TLS_POLICIES).toContain(ALB_TLS_POLICY);
  });

  testRefusedProps<ApplicationLoadBalancerProps>(
    [
      ["a name that is not a name prefix", { name: "Acme_Test" }, /name must be 2 to 32 lowercase letters/],
      ["a name too long for the load balancer", { name: "acme-a-very-long-environment-name1" }, /name must be 2 to 32 lowercase letters.*got "acme-a-very-long-environment-name1"/],
      ["a name starting with internal-", { name: "internal-acme" }, /name must not start with "internal-"/],
      ["an unknown region", { region: "eu-wset-1" }, /region must be a known AWS region: "eu-wset-1" is not an AWS region; did you mean eu-west-1\?/],
      ["an account id that is not 12 digits", { accountId: "1234" }, /accountId must be a 12-digit AWS account id.*got "1234"/],
      ["one public subnet", { network: { ...network, publicSubnetIds: ["subnet-public-a"] } }, /network\.publicSubnetIds must list at least two subnets.*internet-facing/],
      [
        "one private subnet for an internal load balancer",
        { internal: true, network: { ...network, privateSubnetIds: ["subnet-private-a"] } },
        /network\.privateSubnetIds must list at least two subnets.*internal/,
      ],
      ["a subnet listed twice", { network: { ...network, publicSubnetIds: ["subnet-public-a", "subnet-public-a"] } }, /network\.publicSubnetIds must not list a subnet twice/],
      ["a certificate ARN that is not one", { certificateArn: "my-certificate" }, /certificateArn must be the ARN of an ACM certificate in the load balancer's region \(arn:aws:acm:eu-west-1:<account>:certificate\/<id>\); got "my-certificate"/],
      [
        "a certificate in another region",
        { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d" },
        /certificateArn must be the ARN of an ACM certificate in the load balancer's region/,
      ],
      [
        "a certificate of another partition",
        { certificateArn: "arn:aws-cn:acm:eu-west-1:123456789012:certificate/0a1b2c3d" },
        /certificateArn must be the ARN of an ACM certificate in the load balancer's region \(arn:aws:acm/,
      ],
      [
        "a TLS policy that offers TLS 1.0",
        { sslPolicy: "ELBSecurityPolicy-2016-08" },
        /sslPolicy must be a current TLS 1\.3 policy: ELBSecurityPolicy-TLS13-1-2-2021-06, .*; got "ELBSecurityPolicy-2016-08"/,
      ],
      ["a TLS policy with legacy ciphers", { sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06" }, /sslPolicy must be a current TLS 1\.3 policy/],
      ["prefix lists on an internal load balancer", { internal: true, allowedPrefixListIds: [CLOUDFRONT_ORIGIN_FACING] }, /allowedPrefixListIds applies only to an internet-facing load balancer/],
      ["an empty list of prefix lists", { allowedPrefixListIds: [] }, /allowedPrefixListIds must list at least one prefix list/],
      ["a prefix list id of the wrong shape", { allowedPrefixListIds: ["com.amazonaws.global.cloudfront.origin-facing"] }, /allowedPrefixListIds\[0\] must be a managed prefix list id: "pl-" and 8 or 17 hexadecimal digits/],
      ["a prefix list listed twice", { allowedPrefixListIds: [CLOUDFRONT_ORIGIN_FACING, CLOUDFRONT_ORIGIN_FACING] }, /allowedPrefixListIds must not list a prefix list twice/],
      ["an idle timeout of 0", { idleTimeoutSeconds: 0 }, /idleTimeoutSeconds must be a whole number of seconds from 1 to 4000; got 0/],
      ["an idle timeout above 4000", { idleTimeoutSeconds: 4001 }, /idleTimeoutSeconds must be a whole number of seconds from 1 to 4000; got 4001/],
      ["a bucket name S3 refuses", { accessLogBucketName: "Acme_Logs" }, /accessLogBucketName must be a valid S3 bucket name: it may hold only lowercase letters/],
      ["a retention of 0 days", { accessLogRetentionDays: 0 }, /accessLogRetentionDays must be a whole number of days from 1 to 3650; got 0/],
      ["a target port of 0", { targetPort: 0 }, /targetPort must be a whole number from 1 to 65535; got 0/],
      ["a target port above 65535", { targetPort: 70000 }, /targetPort must be a whole number from 1 to 65535; got 70000/],
      ["a health check path without a slash", { healthCheckPath: "health" }, /healthCheckPath must be a path starting with "\/"/],
      ["a health check path with a space", { healthCheckPath: "/health check" }, /healthCheckPath must be a path starting with "\/", without spaces/],
      ["a health check interval of 4 seconds", { healthCheckIntervalSeconds: 4 }, /healthCheckIntervalSeconds must be a whole number of seconds from 5 to 300; got 4/],
      ["a health check interval above 300 seconds", { healthCheckIntervalSeconds: 301 }, /healthCheckIntervalSeconds must be a whole number of seconds from 5 to 300; got 301/],
      ["a health check timeout of 1 second", { healthCheckTimeoutSeconds: 1 }, /healthCheckTimeoutSeconds must be a whole number of seconds from 2 to 120; got 1/],
      ["a timeout as long as the interval", { healthCheckIntervalSeconds: 10, healthCheckTimeoutSeconds: 10 }, /healthCheckTimeoutSeconds must be less than healthCheckIntervalSeconds \(10\); got 10/],
      ["a healthy threshold of 1", { healthyThreshold: 1 }, /healthyThreshold must be a whole number of checks from 2 to 10; got 1/],
      ["an unhealthy threshold of 11", { unhealthyThreshold: 11 }, /unhealthyThreshold must be a whole number of checks from 2 to 10; got 11/],
      ["a matcher that is not HTTP codes", { healthCheckMatcher: "ok" }, /healthCheckMatcher must be HTTP codes from 200 to 499.*got "ok"/],
      ["a matcher with a 5xx code", { healthCheckMatcher: "200-599" }, /healthCheckMatcher must be HTTP codes from 200 to 499.*got "200-599"/],
      ["a deregistration delay above an hour", { deregistrationDelaySeconds: 3601 }, /deregistrationDelaySeconds must be a whole number of seconds from 0 to 3600; got 3601/],
      ["a domain name with a scheme", { domainName: "https://api.example.com" }, /domainName must be a lowercase DNS name.*got "https:\/\/api.example.com"/],
    ],
    { build: (overrides) => build(overrides), check: (overrides) => albPropProblems({ ...base, ...overrides }) },
  );

  test("fails on a region that is a reference (the log principal and the names are decided at synth)", () => {
    const stack = testStack();
    const vpc = new Vpc2Az(stack, "Network", { name: "acme-test", region: "eu-west-1", cidr: "10.0.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"] });
    expect(() => new ApplicationLoadBalancer(stack, "Alb", { ...base, region: vpc.vpcId })).toThrow(/region must be a literal value known at synth/);
  });
});
