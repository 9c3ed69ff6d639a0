/** Connections that carry requests: API Gateway integrations and CloudFront origins in another module. */
import { block, blocks, literal } from "../../../inspect";
import { bucketRole, resourceName } from "../containers";
import type { StackModel } from "../stack";
import { Connection, paths } from "./connection";

/** API Gateway integrations whose target (a Cloud Map service, a load balancer listener, a function) is in another module. */
export function integrationConnections(model: StackModel): Connection[] {
  return model.ofType("aws_apigatewayv2_integration").flatMap((integration) => {
    const target = model.target(integration.values.integration_uri);
    if (target === undefined || target.module === integration.module) return [];
    const kind =
      target.type === "aws_service_discovery_service"
        ? "Cloud Map"
        : target.type === "aws_lb_listener"
          ? "load balancer"
          : target.type === "aws_lambda_function"
            ? "Lambda"
            : target.type.replace(/^aws_/, "");
    const vpcLink = literal(integration.values.connection_type) === "VPC_LINK";
    const link = model.target(integration.values.connection_id);
    const type = (literal(integration.values.integration_type) ?? "").replace("HTTP_PROXY", "HTTP proxy").replace("AWS_PROXY", "AWS proxy");
    return [
      {
        from: integration.module,
        to: target.module,
        label: "Forwards requests",
        technology: vpcLink ? `VPC link, ${kind}` : kind,
        detail: `Forwards every request to ${kind} ${target.type === "aws_lb_listener" ? "listener" : `service ${resourceName(target)}`}`,
        via: `${type} integration${vpcLink ? " over the VPC link" : ""}`.trim(),
        evidence: paths([integration, ...(link !== undefined ? [link] : [])]),
        order: 1,
      },
    ];
  });
}

/** CloudFront origins in another module (a bucket, an API), with the paths they serve. */
export function originConnections(model: StackModel): Connection[] {
  return model.ofType("aws_cloudfront_distribution").flatMap((distribution) => {
    const behaviors = [
      { pattern: "/*", behavior: block(distribution.values.default_cache_behavior) },
      ...blocks(distribution.values.ordered_cache_behavior).map((b) => ({ pattern: literal(b.path_pattern) ?? "?", behavior: b })),
    ];
    return blocks(distribution.values.origin).flatMap((origin) => {
      const target = model.target(origin.domain_name);
      if (target === undefined || target.module === distribution.module) return [];
      const id = literal(origin.origin_id);
      const patterns = behaviors.filter((b) => b.behavior !== undefined && literal(b.behavior.target_origin_id) === id).map((b) => b.pattern);
      const what = target.type === "aws_s3_bucket" ? `the ${bucketRole(target)} bucket` : resourceName(target);
      const oac = model.target(origin.origin_access_control_id);
      const withOac = origin.origin_access_control_id !== undefined;
      return [
        {
          from: distribution.module,
          to: target.module,
          label: `Serves ${patterns.join(", ") || "no path"}`,
          technology: withOac ? "CloudFront, OAC" : "CloudFront",
          detail: `Serves ${patterns.join(", ") || "no path"} from ${what}`,
          via: `CloudFront origin ${id ?? ""}${withOac ? " with origin access control" : ""}`.replace("  ", " "),
          evidence: paths([distribution, ...(oac !== undefined ? [oac] : [])]),
          order: 1,
        },
      ];
    });
  });
}
