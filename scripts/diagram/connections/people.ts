/** The ways in of people: the browser (the site, the API, uploads) and the team's CI (image pushes). */
import { block, blocks, literal, strings } from "../../../inspect";
import { bucketRole, resourceName } from "../containers";
import { StackModel, unique } from "../stack";
import { Connection, pathOf, TEAM, USER } from "./connection";

/** How viewers reach a distribution, from its default behaviour's viewer protocol policy. */
function viewerProtocol(policy: string | undefined): string {
  if (policy === "redirect-to-https") return "HTTPS (HTTP redirected)";
  if (policy === "https-only") return "HTTPS only";
  return "HTTP or HTTPS";
}

/** The ways in from the browser: the CDN, the API, and buckets that take uploads from browsers. */
export function userConnections(model: StackModel): Connection[] {
  const connections: Connection[] = [];
  for (const distribution of model.ofType("aws_cloudfront_distribution")) {
    const aliases = strings(distribution.values.aliases);
    const webApp = literal(distribution.values.default_root_object) !== undefined;
    const assets = blocks(distribution.values.origin).some((o) => {
      const origin = model.target(o.domain_name);
      return origin?.type === "aws_s3_bucket" && bucketRole(origin, model) === "processed assets";
    });
    const what = webApp ? "the web app" : assets ? "the processed assets" : "content";
    connections.push({
      from: USER,
      to: distribution.module,
      label: webApp ? "Loads the web app" : assets ? "Loads the processed assets" : "Loads content",
      technology: "HTTPS",
      detail: `Loads ${what} from ${aliases.length > 0 ? aliases.join(", ") : "the distribution's CloudFront domain"}`,
      via: viewerProtocol(literal(block(distribution.values.default_cache_behavior)?.viewer_protocol_policy)),
      evidence: [pathOf(distribution)],
      order: 1,
    });
  }
  for (const api of model.ofType("aws_apigatewayv2_api")) {
    const origins = model.referencesIn(block(api.values.cors_configuration)?.allow_origins).map((ref) => ref.resource.module);
    connections.push({
      from: USER,
      to: api.module,
      label: "Calls the API",
      technology: "HTTPS",
      detail: `Calls the API${origins.length > 0 ? ` from the pages of ${unique(origins).join(", ")}` : ""}`,
      via: `HTTPS${block(api.values.cors_configuration) !== undefined ? ", CORS" : ""}`,
      evidence: [pathOf(api)],
      order: 1,
    });
  }
  for (const lb of model.ofType("aws_lb").filter((r) => literal(r.values.internal) !== "true")) {
    const listeners = model.ofType("aws_lb_listener").filter((l) => model.target(l.values.load_balancer_arn) === lb);
    const names = unique(
      model
        .ofType("aws_route53_record")
        .filter((r) => model.target(block(r.values.alias)?.name) === lb)
        .map((r) => literal(r.values.name) ?? "?"),
    );
    const redirects = listeners.some((l) => literal(l.values.protocol) !== "HTTPS");
    connections.push({
      from: USER,
      to: lb.module,
      label: "Calls the API",
      technology: "HTTPS",
      detail: `Calls the API at ${names.length > 0 ? names.join(", ") : "the load balancer's DNS name"}`,
      via: redirects ? "HTTPS (HTTP redirected)" : "HTTPS only",
      evidence: [pathOf(lb)],
      order: 1,
    });
  }
  for (const cors of model.ofType("aws_s3_bucket_cors_configuration")) {
    const rules = blocks(cors.values.cors_rule);
    const methods = unique(rules.flatMap((r) => strings(r.allowed_methods))).filter((m) => m === "PUT" || m === "POST");
    if (methods.length === 0) continue;
    const bucket = model.target(cors.values.bucket);
    const origins = unique(rules.flatMap((r) => model.referencesIn(r.allowed_origins).map((ref) => ref.resource.module)));
    connections.push({
      from: USER,
      to: cors.module,
      label: "Uploads files",
      technology: "presigned URLs",
      detail: `Uploads files to the ${bucket !== undefined ? bucketRole(bucket, model) : ""} bucket with presigned URLs`.replace("  ", " "),
      via: `HTTPS ${methods.join("/")}, CORS${origins.length > 0 ? ` for the origin of ${origins.join(", ")}` : ""}`,
      evidence: [pathOf(cors)],
      order: 1,
    });
  }
  return connections;
}

/** What the team's CI does directly: push images to the repositories the stack makes (or to the registry a pull-through cache reads). */
export function teamConnections(model: StackModel): Connection[] {
  const cached = model.ofType("aws_ecr_pull_through_cache_rule").map((rule) => ({
    from: TEAM,
    to: rule.module,
    label: "Pushes images upstream",
    technology: "ECR pull-through cache",
    detail: `Pushes images to ${literal(rule.values.upstream_registry_url) ?? "the upstream registry"}, which the cache pulls from on the first use of a tag`,
    via: "docker push",
    evidence: [pathOf(rule)],
    order: 1,
  }));
  return [...cached, ...model.ofType("aws_ecr_repository").map((repository) => ({
    from: TEAM,
    to: repository.module,
    label: "Pushes images",
    technology: "ECR",
    detail: `Pushes images to ${resourceName(repository)}${literal(repository.values.image_tag_mutability) === "IMMUTABLE" ? " (a new tag per build)" : ""}`,
    via: "docker push",
    evidence: [pathOf(repository)],
    order: 1,
  }))];
}
