/**
 * What the planning document (001) and the issue ask of the alb-fargate example's stacks, beyond
 * what every example is checked for: production's data protection and high availability, the
 * load balancer's protection, and the tasks reachable from the load balancer alone.
 */
import { buildExample, exampleStackName } from "../../examples";
import { albFargate } from "../../examples/alb-fargate";
import { testOutdir } from "../support/outdir";
import { onlyResource, resourceList, SynthesizedStack } from "../support/synth";

const { app } = buildExample(albFargate, { outdir: testOutdir(), backend: "local" });
const stackJson = (environment: string): SynthesizedStack =>
  JSON.parse(JSON.stringify((app.node.findChild(exampleStackName(albFargate, environment)) as unknown as { toTerraform(): unknown }).toTerraform())) as SynthesizedStack;
const STAGING = stackJson("staging");
const PRODUCTION = stackJson("production");

test("production: a Multi-AZ database with deletion protection and prevent_destroy, and the load balancer's deletion protection", () => {
  const database = onlyResource(PRODUCTION, "aws_db_instance");
  const lb = onlyResource(PRODUCTION, "aws_lb");
  expect({
    multiAz: database.multi_az,
    deletionProtection: database.deletion_protection,
    preventDestroy: (database.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy,
    backups: database.backup_retention_period,
    lbDeletionProtection: lb.enable_deletion_protection,
  }).toEqual({ multiAz: true, deletionProtection: true, preventDestroy: true, backups: 14, lbDeletionProtection: true });
  // Staging may be destroyed: its load balancer with it.
  expect(onlyResource(STAGING, "aws_lb").enable_deletion_protection).toBe(false);
});

test("production's tasks run in the private subnets without a public IP; staging's in the public ones", () => {
  const network = (json: SynthesizedStack) => onlyResource(json, "aws_ecs_service").network_configuration as { assign_public_ip: boolean; subnets: string[] };
  expect(network(PRODUCTION).assign_public_ip).toBe(false);
  expect(network(PRODUCTION).subnets.every((s) => s.includes("PrivateSubnet"))).toBe(true);
  expect(network(STAGING).assign_public_ip).toBe(true);
});

test.each([["staging", STAGING], ["production", PRODUCTION]] as const)("%s: the tasks admit the load balancer alone, on the container port", (_env, json) => {
  const taskGroup = resourceList(json, "aws_security_group").find((g) => String(g.name_prefix ?? g.name).startsWith(`alb-fargate-${_env}-api`))!;
  expect(taskGroup).toBeDefined();
  const taskGroupRef = Object.entries(json.resource!.aws_security_group!).find(([, g]) => g === taskGroup)![0];
  const ingress = resourceList(json, "aws_vpc_security_group_ingress_rule").filter((r) => String(r.security_group_id).includes(`.${taskGroupRef}.`));
  expect(ingress.map((r) => [r.from_port, r.to_port, String(r.referenced_security_group_id).split(".")[1]])).toEqual([[8000, 8000, expect.stringMatching(/^LoadBalancer_/)]]);
  expect(ingress.some((r) => r.cidr_ipv4 !== undefined)).toBe(false);
});

test.each([["staging", STAGING], ["production", PRODUCTION]] as const)(
  "%s: the one-off task migrates as the database's master user with the application user's grants; the service logs in as app_user alone",
  (_env, json) => {
    const definitions = resourceList(json, "aws_ecs_task_definition");
    const appOf = (family: string) =>
      (JSON.parse(String(definitions.find((d) => d.family === family)!.container_definitions)) as {
        name: string;
        environment: { name: string; value: string }[];
        secrets: { name: string; valueFrom: string }[];
      }[])[0]!;
    const master = `\${aws_db_instance.${Object.keys(json.resource!.aws_db_instance!)[0]!}.master_user_secret[0].secret_arn}`;
    const oneOff = appOf(`alb-fargate-${_env}-api-oneoff`);
    expect(oneOff.secrets.filter((s) => s.name.startsWith("DB_USER") || s.name === "DB_PASSWORD")).toEqual([
      { name: "DB_PASSWORD", valueFrom: `${master}:password::` },
      { name: "DB_USER", valueFrom: `${master}:username::` },
    ]);
    const sql = oneOff.environment.find((e) => e.name === "APP_ROLE_SQL")!.value;
    expect(sql).toContain('CREATE ROLE "app_user" LOGIN;');
    expect(sql).toContain("GRANT rds_iam TO");
    expect(sql).toContain('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON TABLE public."django_migrations" FROM "app_user";');
    const service = appOf(`alb-fargate-${_env}-api`);
    expect(service.environment.find((e) => e.name === "DB_USER")?.value).toBe("app_user");
    expect([...service.environment, ...service.secrets].map((v) => v.name)).not.toEqual(expect.arrayContaining(["DB_PASSWORD"]));
    expect(service.environment.some((e) => e.name === "APP_ROLE_SQL")).toBe(false);
  },
);
