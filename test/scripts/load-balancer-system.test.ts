/**
 * The diagram and the cost estimate of a system behind a load balancer, with its own domain and
 * images through a pull-through cache (the alb-fargate example's stacks): what each draws and
 * prices for the load balancer, the zone, the certificate and the cache.
 */
import { parseProjectConfig } from "../../environments/config";
import { buildExample, exampleStackName } from "../../examples";
import { albFargate } from "../../examples/alb-fargate";
import { CostLine, DEFAULT_PRICES, estimateCost, SynthesizedStack, unpricedResourceTypes } from "../../scripts/cost/estimate";
import { checkC4, diagramOf, SynthesizedStackJson } from "../../scripts/diagram/index";
import { testOutdir } from "../support/outdir";

const configs = parseProjectConfig({ bootstrap: albFargate.bootstrap, environments: albFargate.environments }).environments;
const { app } = buildExample(albFargate, { outdir: testOutdir(), backend: "local" });
const stackJson = (environment: string): SynthesizedStack =>
  JSON.parse(JSON.stringify((app.node.findChild(exampleStackName(albFargate, environment)) as unknown as { toTerraform(): unknown }).toTerraform())) as SynthesizedStack;
const STAGING = stackJson("staging");
const PRODUCTION = stackJson("production");

const boxOf = (diagram: string, module: string): string => {
  const line = diagram.split("\n").find((l) => l.trimStart().startsWith(`Container(${module},`));
  if (line === undefined) throw new Error(`no box ${module} in:\n${diagram}`);
  return line.trim();
};
const relsOf = (diagram: string): string[] => diagram.split("\n").filter((l) => l.startsWith("Rel(")).map((l) => l.trim());

describe("the diagram", () => {
  const diagram = diagramOf(PRODUCTION as SynthesizedStackJson, "production");

  test("is valid Mermaid C4", () => {
    expect(checkC4(diagram)).toEqual([]);
    expect(checkC4(diagramOf(STAGING as SynthesizedStackJson, "staging"))).toEqual([]);
  });

  test("draws the load balancer with its scheme and listeners, the zone with its records, and the cache with its upstream", () => {
    expect(boxOf(diagram, "LoadBalancer")).toBe(
      'Container(LoadBalancer, "LoadBalancer", "Elastic Load Balancing, S3", "internet-facing application load balancer, HTTP 80 redirected to HTTPS, HTTPS 443 (ELBSecurityPolicy-TLS13-1-2-2021-06), private logs bucket")',
    );
    expect(boxOf(diagram, "Domain")).toBe(
      'Container(Domain, "Domain", "Route 53, ACM", "hosted zone drf-example.com, alias records api.drf-example.com, DNS-validated certificate for api.drf-example.com")',
    );
    expect(boxOf(diagram, "ImageCache")).toBe('Container(ImageCache, "ImageCache", "ECR pull-through cache", "registry-1.docker.io cached under alb-fargate-production-hub/")');
  });

  test("the browser calls the load balancer, which reaches the tasks on their port; the team pushes to Docker Hub", () => {
    expect(relsOf(diagram)).toEqual(
      expect.arrayContaining([
        'Rel(user, LoadBalancer, "Calls the API", "HTTPS")',
        'Rel(LoadBalancer, ApiService, "TCP 8000", "security groups")',
        'Rel(team, ImageCache, "Pushes images upstream", "ECR pull-through cache")',
      ]),
    );
  });
});

describe("the cost estimate", () => {
  const estimate = (stack: SynthesizedStack, environment: string) => {
    const config = configs.find((c) => c.name === environment)!;
    return estimateCost(stack, config.usage, config.region);
  };
  const lineOf = (lines: readonly CostLine[], type: string): CostLine => {
    const line = lines.find((l) => l.type === type);
    if (line === undefined) throw new Error(`no ${type} line`);
    return line;
  };
  const price = (key: string) => DEFAULT_PRICES.prices.find((p) => p.key === key && p.region === "us-east-1")?.usd ?? DEFAULT_PRICES.prices.find((p) => p.key === key)!.usd;

  test("knows every resource type of both stacks", () => {
    expect([unpricedResourceTypes(STAGING), unpricedResourceTypes(PRODUCTION)]).toEqual([[], []]);
    for (const [stack, environment] of [[STAGING, "staging"], [PRODUCTION, "production"]] as const) {
      expect(estimate(stack, environment).lines.filter((l) => l.status === "not priced")).toEqual([]);
    }
  });

  test("prices the load balancer's hours, the created zone, the free certificate and the cached images", () => {
    const production = estimate(PRODUCTION, "production").lines;
    const usage = configs.find((c) => c.name === "production")!.usage;
    expect(lineOf(production, "aws_lb").monthly).toBeGreaterThanOrEqual(730 * price("alb-hour"));
    expect(lineOf(production, "aws_route53_zone").monthly).toBeCloseTo(price("route53-hosted-zone-month"));
    expect(lineOf(production, "aws_acm_certificate")).toMatchObject({ status: "priced", monthly: 0 });
    expect(lineOf(production, "aws_ecr_pull_through_cache_rule").monthly).toBeCloseTo(usage.imageStorageGiB * price("ecr-gb-month"));
    // Staging's zone is an existing one: nothing to price for it.
    expect(estimate(STAGING, "staging").lines.some((l) => l.type === "aws_route53_zone")).toBe(false);
  });
});
