/** Controls at the edge: AWS WAF (on the distribution, and the HTTP API behind it), origin failover, a custom domain certificate. */
import { blocks, referencedName, stringOf } from "../../../inspect";
import { CONTROL_ASSUMPTIONS } from "../assumptions";
import { bucketRole } from "../buckets";
import type { Context } from "../context";
import { joinAnd } from "../format";
import { httpApiCount } from "../services/api";
import type { ControlLine, TerraformResource } from "../types";
import { replicaComponents } from "./buckets";
import { controlLine, controlNote } from "./lines";

export function wafDistributionControl(ctx: Context): ControlLine {
  const control = "AWS WAF on the CloudFront distribution";
  const distributions = ctx.of("aws_cloudfront_distribution");
  if (distributions.length === 0) return controlNote(control, "not applicable", "the stack has no CloudFront distribution");
  if (distributions.every(([, d]) => stringOf(d.web_acl_id) !== undefined)) return controlNote(control, "in use", "every distribution has a web ACL (web_acl_id); npm run cost prices it");
  const groups = CONTROL_ASSUMPTIONS.wafManagedRuleGroups;
  const shared = distributions.length > 1 ? `, shared by the ${distributions.length} distributions` : "";
  return controlLine(ctx, control, `one web ACL (CloudFront scope${shared}) with the AWS managed ${joinAnd(groups.map((g) => g.label))} rule groups (700 + 200 + 25 WCU, within the 1,500 the base price covers), inspecting usage.siteRequestsPerMonth`, [
    { key: "waf-web-acl-month", quantity: 1, what: "web ACL-month" },
    { key: "waf-rule-month", quantity: groups.length, what: "rule group-months" },
    { key: "waf-million-requests", quantity: ctx.usage.siteRequestsPerMonth / 1e6, what: "million requests" },
  ]);
}

export function wafApiControl(ctx: Context): ControlLine {
  const control = "AWS WAF on the HTTP API";
  if (httpApiCount(ctx) === 0) return controlNote(control, "not applicable", "the stack has no HTTP API");
  const requests = ctx.usage.apiRequestsPerMonth;
  return controlLine(
    ctx,
    control,
    "HTTP APIs cannot take a web ACL (API Gateway REST APIs can); the API is covered only behind the CloudFront distribution, by the same web ACL: its requests (usage.apiRequestsPerMonth) inspected there and served through CloudFront",
    [
      { key: "waf-million-requests", quantity: requests / 1e6, what: "million requests inspected" },
      { key: "cloudfront-10k-https-requests", quantity: requests / 1e4, what: "× 10,000 HTTPS requests through CloudFront" },
    ],
    ["the web ACL itself (priced on the distribution's line)", "the API's data out at CloudFront's rate instead of API Gateway's (not compared)"],
  );
}

export function originFailoverControl(ctx: Context): ControlLine {
  const control = "CloudFront origin failover";
  const distributions = ctx.of("aws_cloudfront_distribution");
  if (distributions.length === 0) return controlNote(control, "not applicable", "the stack has no CloudFront distribution");
  if (distributions.every(([, d]) => blocks(d.origin_group).length > 0)) return controlNote(control, "in use", "every distribution has an origin group");
  const names = new Set<string>();
  for (const [, d] of distributions) {
    for (const origin of blocks(d.origin)) {
      const name = referencedName(origin.domain_name, "aws_s3_bucket");
      if (name !== undefined) names.add(name);
    }
  }
  const buckets = ctx.of("aws_s3_bucket").map(([name]) => name).filter((name) => names.has(name));
  if (buckets.length === 0) return controlNote(control, "not applicable", "the distribution has no S3 origin");
  const replica = replicaComponents(ctx, buckets);
  return controlLine(
    ctx,
    control,
    `an origin group per S3 origin (${joinAnd(buckets.map((name) => bucketRole(ctx, name)))}) with a second origin bucket in another region, kept in step by replication (${replica.storage}): the same replicas as cross-region replication, not on top of it`,
    replica.components,
    replica.plus,
  );
}

export function certificateControl(ctx: Context): ControlLine {
  const control = "Custom domain certificate (CloudFront refuses TLS 1.0/1.1)";
  const configSwitch = "`site.aliases` + `site.certificateArn`";
  const distributions = ctx.of("aws_cloudfront_distribution");
  if (distributions.length === 0) return controlNote(control, "not applicable", "the stack has no CloudFront distribution", configSwitch);
  const custom = (d: TerraformResource) => blocks(d.viewer_certificate).some((v) => stringOf(v.acm_certificate_arn) !== undefined || stringOf(v.iam_certificate_id) !== undefined);
  if (distributions.every(([, d]) => custom(d))) return controlNote(control, "in use", "the distribution serves its own certificate", configSwitch);
  return controlLine(
    ctx,
    control,
    "with the default *.cloudfront.net certificate CloudFront's security policy stays TLSv1 whatever minimum_protocol_version says; an ACM certificate (in us-east-1) for the site's domain allows TLSv1.2_2021; the domain's hosted zone, if Route 53 hosts it",
    [
      { key: "acm-public-certificate-month", quantity: 1, what: "public certificate" },
      { key: "route53-hosted-zone-month", quantity: 1, what: "hosted zone-month" },
    ],
    ["the domain's registration and DNS queries (not priced)"],
    configSwitch,
  );
}
