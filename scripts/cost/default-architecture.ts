/** The same workload on the common default architecture, for comparison with the stack. */
import { stringOf } from "../../inspect";
import { ASSUMPTIONS, HOURS_PER_MONTH } from "./assumptions";
import { Context, Line, sortLines, strip } from "./context";
import { albLine } from "./services/api";
import { apiInvocations } from "./services/functions";
import type { DefaultArchitectureEstimate } from "./types";

/**
 * Whether the stack's API tier is a function: an HTTP API reaches a Lambda function and there is
 * no ECS service (a stack with both is compared as a container stack).
 */
function apiIsFunction(ctx: Context): boolean {
  return ctx.of("aws_ecs_service").length === 0 && apiInvocations(ctx).size > 0;
}

/**
 * The same workload on the common default architecture. For a container API: an internet-facing
 * Application Load Balancer (one public IPv4 address per AZ) in front of the service instead of
 * API Gateway, the VPC link and Cloud Map; tasks in private subnets (no public IPv4 each),
 * reaching out through one NAT gateway per AZ (each with an elastic IP) instead of the stack's NAT
 * devices. For a function API: the same function behind that load balancer (Lambda targets)
 * instead of the HTTP API, and, when the stack has a VPC, one NAT gateway per AZ instead of its
 * NAT devices (a function in private subnets reaches AWS APIs and the internet through NAT).
 * Everything else (database, site, logs, alarms, builds, the tasks' or function's compute) is kept
 * as it is.
 */
export function defaultArchitecture(ctx: Context, lines: readonly Line[], total: number): DefaultArchitectureEstimate {
  const zones = new Set(ctx.of("aws_subnet").map(([, s]) => stringOf(s.availability_zone)).filter((z): z is string => z !== undefined)).size || ASSUMPTIONS.defaultAvailabilityZones;
  const kept = lines.filter((l) => !l.replaced && l.status === "priced");
  const keptTotal = kept.reduce((sum, l) => sum + l.monthly, 0);
  const functionApi = apiIsFunction(ctx);
  const withNat = !functionApi || ctx.of("aws_vpc").length > 0 || ctx.of("aws_subnet").length > 0;
  const subject = "Application Load Balancer (LCUs from usage.apiRequestsPerMonth and usage.apiDataOutGiBPerMonth)";
  const added: Line[] = [
    functionApi ? albLine(ctx, "Application Load Balancer", `${subject}, the function as its target`, "lambda") : albLine(ctx, "Application Load Balancer", subject),
    ctx.line("Load balancer IPv4", "public IPv4", `a public IPv4 address per AZ for the load balancer, ${zones} AZs`, [
      { key: "public-ipv4-hour", quantity: zones * HOURS_PER_MONTH, what: "h" },
    ]),
  ];
  if (withNat) {
    added.push(
      ctx.line(`${zones} NAT gateways`, "aws_nat_gateway", `one NAT gateway per AZ (usage.natDataGiBPerMonth)`, [
        { key: "nat-gateway-hour", quantity: zones * HOURS_PER_MONTH, what: "h" },
        { key: "nat-gateway-gb", quantity: ctx.usage.natDataGiBPerMonth, what: "GB processed" },
      ]),
      ctx.line("NAT gateway IPv4", "public IPv4", `an elastic IP per NAT gateway, ${zones}`, [{ key: "public-ipv4-hour", quantity: zones * HOURS_PER_MONTH, what: "h" }]),
    );
  }
  const keptLine: Line = {
    resource: "the rest of this stack",
    type: "kept",
    description: `${kept.length} priced lines unchanged (${functionApi ? "the function's compute, database, site, logs, alarms, builds, ..." : "database, site, logs, alarms, builds, the tasks' compute, ..."})`,
    monthly: keptTotal,
    status: "priced",
    replaced: false,
  };
  const all = [...added, keptLine];
  const defaultTotal = all.filter((l) => l.status === "priced").reduce((sum, l) => sum + l.monthly, 0);
  const description = functionApi
    ? `the function behind an Application Load Balancer instead of the HTTP API${withNat ? `, and one NAT gateway per AZ (${zones}) for the VPC` : ""}`
    : `an Application Load Balancer in front of the service and one NAT gateway per AZ (${zones}), tasks in private subnets`;
  return { description, lines: sortLines(all).map(strip), total: defaultTotal, difference: defaultTotal - total };
}
