/** Connections that carry requests: API Gateway integrations and CloudFront origins in another module. */
import { block, blocks, literal } from "../../../inspect";
import { bucketRole, resourceName } from "../containers";
import type { StackModel, StackResource } from "../stack";
import { Connection, paths } from "./connection";

/**
 * The function an integration invokes, and the alias it invokes it through: a URI that is the
 * alias's ARN (`${aws_lambda_alias.A.arn}`, whose `function_name` refers to the function), or the
 * function's ARN qualified by the alias (`${aws_lambda_function.F.arn}:live`, or `:${aws_lambda_alias.A.name}`).
 * The arrow goes to the function's module.
 */
function invokedFunction(model: StackModel, uri: unknown): { fn: StackResource; alias?: StackResource } | undefined {
  const referenced = model.referencesIn(uri).map((ref) => ref.resource);
  const aliasRef = referenced.find((r) => r.type === "aws_lambda_alias");
  const fn = referenced.find((r) => r.type === "aws_lambda_function") ?? (aliasRef === undefined ? undefined : model.target(aliasRef.values.function_name));
  if (fn?.type !== "aws_lambda_function") return undefined;
  const qualifier = typeof uri === "string" ? /\}:([A-Za-z0-9_-]+)$/.exec(uri)?.[1] : undefined;
  const alias =
    aliasRef ??
    (qualifier === undefined ? undefined : model.ofType("aws_lambda_alias").find((a) => model.target(a.values.function_name) === fn && literal(a.values.name) === qualifier));
  return alias === undefined ? { fn } : { fn, alias };
}

/** The permissions that let the integration's API invoke the function (or its alias): their source ARN refers to the API. */
function invokePermissions(model: StackModel, integration: StackResource, targets: readonly StackResource[]): StackResource[] {
  const api = model.target(integration.values.api_id);
  return model
    .ofType("aws_lambda_permission")
    .filter((p) => targets.includes(model.target(p.values.function_name) as StackResource))
    .filter((p) => api !== undefined && model.referencesIn(p.values.source_arn).some((ref) => ref.resource === api));
}

/** API Gateway integrations whose target (a Cloud Map service, a load balancer listener, a function or its alias) is in another module. */
export function integrationConnections(model: StackModel): Connection[] {
  return model.ofType("aws_apigatewayv2_integration").flatMap((integration) => {
    const invoked = invokedFunction(model, integration.values.integration_uri);
    const target = invoked?.fn ?? model.target(integration.values.integration_uri);
    if (target === undefined || target.module === integration.module) return [];
    if (invoked !== undefined) return [functionIntegration(model, integration, invoked.fn, invoked.alias)];
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

/** An integration that invokes a function, directly or through its alias, with the permissions that let the API do so. */
function functionIntegration(model: StackModel, integration: StackResource, fn: StackResource, alias: StackResource | undefined): Connection {
  const permissions = invokePermissions(model, integration, alias === undefined ? [fn] : [fn, alias]);
  const type = (literal(integration.values.integration_type) ?? "").replace("AWS_PROXY", "AWS proxy");
  return {
    from: integration.module,
    to: fn.module,
    label: "Forwards requests",
    technology: "Lambda",
    detail: `Forwards every request to Lambda function ${resourceName(fn)}${alias !== undefined ? ` (alias ${resourceName(alias)})` : ""}`,
    via: `${type} integration${permissions.length > 0 ? ", invoke permission for the API" : ""}`.trim(),
    evidence: paths([integration, ...permissions]),
    order: 1,
  };
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
      const what = target.type === "aws_s3_bucket" ? `the ${bucketRole(target, model)} bucket` : resourceName(target);
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
