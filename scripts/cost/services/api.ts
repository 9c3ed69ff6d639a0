/** Prices of the way in to the API: HTTP API requests, its Cloud Map lookups, load balancers, data out. */
import { literal, referencedName, stringOf, strings } from "../../../inspect";
import { HOURS_PER_MONTH } from "../assumptions";
import { address, Context, Line, PriceRule } from "../context";

/** How many HTTP APIs the stack has (their requests share usage.apiRequestsPerMonth). */
export function httpApiCount(ctx: Context): number {
  return ctx.of("aws_apigatewayv2_api").filter(([, api]) => api.protocol_type === "HTTP").length;
}

/** GB an hour one LCU covers: to EC2, container or IP targets, and to Lambda targets (the ELB pricing page's LCU dimensions). */
export const ALB_GB_PER_LCU_HOUR = { ip: 1, lambda: 0.4 } as const;

/** An Application Load Balancer: its hours and the LCUs of the API's requests and data out, to IP targets or to a function. */
export function albLine(ctx: Context, resource: string, subject: string, targets: keyof typeof ALB_GB_PER_LCU_HOUR = "ip", replaced = false): Line {
  const requestsPerSecond = ctx.usage.apiRequestsPerMonth / (HOURS_PER_MONTH * 3600);
  const gbPerHour = ctx.usage.apiDataOutGiBPerMonth / HOURS_PER_MONTH;
  // One new connection per request (no keep-alive) is the larger of the connection dimensions.
  const lcu = Math.max(requestsPerSecond / 25, gbPerHour / ALB_GB_PER_LCU_HOUR[targets]);
  return ctx.line(resource, "aws_lb", subject, [
    { key: "alb-hour", quantity: HOURS_PER_MONTH, what: "h" },
    { key: "alb-lcu-hour", quantity: lcu * HOURS_PER_MONTH, what: "LCU-h" },
  ], replaced);
}

/** Responses from the API to the internet, billed at data transfer rates (the same with a load balancer). */
export function apiDataOutLine(ctx: Context): Line | undefined {
  if (httpApiCount(ctx) === 0 && ctx.of("aws_lb").length === 0) return undefined;
  return ctx.line("API responses", "data transfer out", "data transfer out to the internet (usage.apiDataOutGiBPerMonth)", [
    { key: "data-transfer-out-gb", quantity: ctx.usage.apiDataOutGiBPerMonth, what: "GB" },
  ]);
}

export const API_RULES: Readonly<Record<string, PriceRule>> = {
  aws_apigatewayv2_api: (ctx, name, api) => {
    const at = address("aws_apigatewayv2_api", name);
    if (api.protocol_type !== "HTTP") return [ctx.notPriced(at, "aws_apigatewayv2_api", `API Gateway ${stringOf(api.protocol_type) ?? "?"} API: only HTTP APIs are priced`, true)];
    const requests = ctx.usage.apiRequestsPerMonth / httpApiCount(ctx);
    return [
      ctx.line(at, "aws_apigatewayv2_api", "HTTP API requests (usage.apiRequestsPerMonth)", [
        { key: "apigw-http-million-requests", quantity: requests / 1e6, what: "million requests" },
      ], true),
    ];
  },

  aws_apigatewayv2_integration: (ctx, name, integration) => {
    const at = address("aws_apigatewayv2_integration", name);
    if (referencedName(integration.integration_uri, "aws_service_discovery_service") === undefined) {
      return [ctx.free(at, "aws_apigatewayv2_integration", "integration: free (requests are priced on the API)", true)];
    }
    const requests = ctx.usage.apiRequestsPerMonth / httpApiCount(ctx);
    return [
      ctx.line(at, "aws_apigatewayv2_integration", "Cloud Map DiscoverInstances calls by the VPC link integration, one per request at most", [
        { key: "cloudmap-million-api-calls", quantity: requests / 1e6, what: "million calls" },
      ], true),
    ];
  },

  aws_route53_zone: (ctx, name) => [
    ctx.line(address("aws_route53_zone", name), "aws_route53_zone", "Route 53 public hosted zone (queries for alias records to AWS resources are free)", [
      { key: "route53-hosted-zone-month", quantity: 1, what: "hosted zone-month" },
    ]),
  ],

  aws_acm_certificate: (ctx, name) => [
    ctx.line(address("aws_acm_certificate", name), "aws_acm_certificate", "ACM public certificate (free for load balancers, CloudFront and API Gateway)", [
      { key: "acm-public-certificate-month", quantity: 1, what: "certificate-month" },
    ]),
  ],

  aws_lb: (ctx, name, lb) => {
    const at = address("aws_lb", name);
    if ((stringOf(lb.load_balancer_type) ?? "application") !== "application") return [ctx.notPriced(at, "aws_lb", `${stringOf(lb.load_balancer_type)} load balancer is not priced`)];
    // The default architecture brings its own load balancer (and its addresses) in place of this one.
    const lines = [albLine(ctx, at, "Application Load Balancer (LCUs from usage.apiRequestsPerMonth and usage.apiDataOutGiBPerMonth)", "ip", true)];
    // An internet-facing one has a public IPv4 address in each of its subnets' AZs.
    if (literal(lb.internal) !== "true") {
      const zones = Math.max(strings(lb.subnets).length, 1);
      lines.push(
        ctx.line(at, "aws_lb", `a public IPv4 address per AZ for the internet-facing load balancer, ${zones} AZs`, [
          { key: "public-ipv4-hour", quantity: zones * HOURS_PER_MONTH, what: "h" },
        ], true),
      );
    }
    return lines;
  },
};
