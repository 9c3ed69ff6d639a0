/**
 * What planning document 002 and the example's README claim of the fargate-cognito-uploads
 * stacks, beyond what every example is checked for: API Gateway in front of an internal load
 * balancer (the one way in), the upload route behind the user pool's JWT authorizer, the pool's
 * protection and trigger, the messages table's stream, the upload pipeline's assets at their own
 * name, and the records and outputs the site needs. IAM grants are evaluated as AWS would.
 */
import { BootstrapStack } from "../../environments/bootstrap-stack";
import { parseBootstrapConfig } from "../../environments/config";
import type { EnvironmentInput } from "../../environments/config";
import { buildExample, exampleStackName } from "../../examples";
import { fargateCognitoUploads } from "../../examples/fargate-cognito-uploads";
import { production } from "../../examples/fargate-cognito-uploads/production";
import { staging } from "../../examples/fargate-cognito-uploads/staging";
import { IamModel, StackJson } from "../support/iam-simulator";
import { testOutdir } from "../support/outdir";
import { onlyResource, resourceList, resourcesOf, SynthesizedStack, synthJson, testApp } from "../support/synth";

const { app } = buildExample(fargateCognitoUploads, { outdir: testOutdir(), backend: "local" });
const stackJson = (environment: string): SynthesizedStack =>
  JSON.parse(
    JSON.stringify((app.node.findChild(exampleStackName(fargateCognitoUploads, environment)) as unknown as { toTerraform(): unknown }).toTerraform()),
  ) as SynthesizedStack;

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
/** CloudFront's hosted zone, the target zone of every alias record to a distribution. */
const CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2";

interface Environment {
  readonly name: "staging" | "production";
  readonly json: SynthesizedStack;
  readonly config: EnvironmentInput;
  /** The environment's zone name (planning document: example.com, www, api, assets). */
  readonly domain: string;
  /** The site's host names. */
  readonly siteNames: readonly string[];
  readonly protected: boolean;
}

const STAGING: Environment = {
  name: "staging",
  json: stackJson("staging"),
  config: staging,
  domain: "staging.flask-example.com",
  siteNames: ["www.staging.flask-example.com"],
  protected: false,
};
const PRODUCTION: Environment = {
  name: "production",
  json: stackJson("production"),
  config: production,
  domain: "flask-example.com",
  siteNames: ["flask-example.com", "www.flask-example.com"],
  protected: true,
};
const ENVIRONMENTS = [
  ["staging", STAGING],
  ["production", PRODUCTION],
] as const;

const prefix = (env: Environment) => `flaskapp-${env.name}`;

// ---- lookups in a synthesized stack -----------------------------------------------------------

/** The Terraform name of the only resource of `type` that matches. */
function nameWhere(json: SynthesizedStack, type: string, match: (resource: Record<string, unknown>) => boolean): string {
  const names = Object.entries(resourcesOf(json, type))
    .filter(([, resource]) => match(resource))
    .map(([name]) => name);
  if (names.length !== 1) throw new Error(`expected one matching ${type}, found ${names.length}: ${names.join(", ")}`);
  return names[0]!;
}

const ref = (type: string, name: string, attribute: string) => `\${${type}.${name}.${attribute}}`;

/** A reference `${type.name.attribute}` split into its parts (undefined when the value is none). */
function parseRef(value: unknown): { type: string; name: string; attribute: string } | undefined {
  const match = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/.exec(String(value));
  return match === null ? undefined : { type: match[1]!, name: match[2]!, attribute: match[3]! };
}

/** The Lambda function named `functionName`, by Terraform name. */
const functionNamed = (json: SynthesizedStack, functionName: string) => nameWhere(json, "aws_lambda_function", (f) => f.function_name === functionName);

/** The alias of the function named `functionName`, by Terraform name. */
function aliasOf(json: SynthesizedStack, functionName: string): string {
  const fn = functionNamed(json, functionName);
  return nameWhere(json, "aws_lambda_alias", (a) => a.function_name === ref("aws_lambda_function", fn, "function_name"));
}

/** The security group whose name starts with `namePrefix`, as a reference to its id. */
const groupRef = (json: SynthesizedStack, namePrefix: string) =>
  ref("aws_security_group", nameWhere(json, "aws_security_group", (g) => g.name_prefix === namePrefix), "id");

/** Every inbound rule of a group: [from, to, protocol, source group or CIDR]. */
function ingressOf(json: SynthesizedStack, group: string): unknown[][] {
  const inline = resourceList(json, "aws_security_group").filter((g) => g.ingress !== undefined);
  if (inline.length > 0) throw new Error("a security group has inline ingress rules, which this test does not read");
  const legacy = resourceList(json, "aws_security_group_rule").filter((r) => r.security_group_id === group && r.type === "ingress");
  if (legacy.length > 0) throw new Error("a security group has aws_security_group_rule ingress rules, which this test does not read");
  return resourceList(json, "aws_vpc_security_group_ingress_rule")
    .filter((r) => r.security_group_id === group)
    .map((r) => [r.from_port, r.to_port, r.ip_protocol, r.referenced_security_group_id ?? r.cidr_ipv4 ?? r.cidr_ipv6 ?? r.prefix_list_id]);
}

/** The certificate behind a reference to a certificate validation's (or a certificate's) ARN. */
function certificateBehind(json: SynthesizedStack, arn: unknown): Record<string, unknown> {
  const reference = parseRef(arn);
  if (reference?.type === "aws_acm_certificate_validation") {
    return certificateBehind(json, resourcesOf(json, "aws_acm_certificate_validation")[reference.name]!.certificate_arn);
  }
  if (reference?.type !== "aws_acm_certificate") throw new Error(`not a certificate reference: ${String(arn)}`);
  return resourcesOf(json, "aws_acm_certificate")[reference.name]!;
}

/** The region a resource is created in: its provider's, or the default provider's. */
function regionOf(json: SynthesizedStack, resource: Record<string, unknown>): unknown {
  const providers = json.provider?.aws ?? [];
  const alias = typeof resource.provider === "string" ? resource.provider.replace(/^aws\./, "") : undefined;
  const provider = providers.find((p) => (alias === undefined ? p.alias === undefined : p.alias === alias));
  if (provider === undefined) throw new Error(`no aws provider ${alias ?? "(default)"}`);
  return provider.region;
}

const lifecycleOf = (resource: Record<string, unknown>) => resource.lifecycle as { prevent_destroy?: boolean } | undefined;
const privateSubnets = (json: SynthesizedStack) => json.output!.private_subnet_ids!.value;
const publicSubnets = (json: SynthesizedStack) => json.output!.public_subnet_ids!.value;

/** The A (alias) records by name: where each points. */
function aliasRecords(json: SynthesizedStack): Record<string, { zone: unknown; target: unknown; targetZone: unknown }> {
  return Object.fromEntries(
    resourceList(json, "aws_route53_record")
      .filter((r) => r.type === "A")
      .map((r) => {
        const alias = r.alias as { name: unknown; zone_id: unknown };
        return [String(r.name), { zone: r.zone_id, target: alias.name, targetZone: alias.zone_id }];
      }),
  );
}

/** The app container of the API's task definition. */
function apiContainer(env: Environment): { environment: { name: string; value: string }[] } {
  const definition = resourceList(env.json, "aws_ecs_task_definition").find((d) => d.family === `${prefix(env)}-api`)!;
  const containers = JSON.parse(String(definition.container_definitions)) as { name: string; environment: { name: string; value: string }[] }[];
  return containers.find((c) => c.name === "app")!;
}

// ---- IAM, evaluated ---------------------------------------------------------------------------

const tableArn = (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;

/**
 * The stack's JSON with the tables' and queues' ARN references replaced by the ARNs AWS gives
 * them: the simulator's resolver derives neither.
 */
function withArns(json: SynthesizedStack): StackJson {
  let text = JSON.stringify(json);
  for (const [address, table] of Object.entries(resourcesOf(json, "aws_dynamodb_table"))) {
    const name = String(table.name);
    text = text.split(`\${aws_dynamodb_table.${address}.stream_arn}`).join(`${tableArn(name)}/stream/2026-12-02T10:00:00.000`);
    text = text.split(`\${aws_dynamodb_table.${address}.arn}`).join(tableArn(name));
  }
  for (const [address, queue] of Object.entries(resourcesOf(json, "aws_sqs_queue"))) {
    text = text.split(`\${aws_sqs_queue.${address}.arn}`).join(`arn:aws:sqs:${REGION}:${ACCOUNT}:${String(queue.name)}`);
  }
  return JSON.parse(text) as StackJson;
}

// The roles carry the bootstrap stack's permissions boundary: evaluate them with it.
const BOOTSTRAP = synthJson(new BootstrapStack(testApp(), parseBootstrapConfig(fargateCognitoUploads.bootstrap))) as unknown as StackJson;
const iamOf = (env: Environment) => new IamModel(withArns(env.json), BOOTSTRAP);

// ---- the front door ---------------------------------------------------------------------------

describe.each(ENVIRONMENTS)("%s: API Gateway → VPC link → an internal load balancer, the one way in", (_name, env) => {
  const { json } = env;
  const lbName = nameWhere(json, "aws_lb", () => true);
  const lb = resourcesOf(json, "aws_lb")[lbName]!;
  const listenerName = nameWhere(json, "aws_lb_listener", () => true);
  const listener = resourcesOf(json, "aws_lb_listener")[listenerName]!;

  test("the load balancer is internal, in the private subnets, with one listener: HTTPS on 443", () => {
    expect({ internal: lb.internal, type: lb.load_balancer_type, subnets: lb.subnets }).toEqual({
      internal: true,
      type: "application",
      subnets: privateSubnets(json),
    });
    expect(resourceList(json, "aws_lb_listener").map((l) => [l.load_balancer_arn, l.port, l.protocol])).toEqual([[ref("aws_lb", lbName, "arn"), 443, "HTTPS"]]);
    expect(certificateBehind(json, listener.certificate_arn).domain_name).toBe(env.config.loadBalancer!.domainName);
  });

  test("the HTTP API's integration is HTTP_PROXY over the VPC link to the listener, checking the load balancer's certificate name", () => {
    const link = nameWhere(json, "aws_apigatewayv2_vpc_link", () => true);
    const integration = resourceList(json, "aws_apigatewayv2_integration").find((i) => i.connection_type === "VPC_LINK")!;
    expect({
      type: integration.integration_type,
      connection: integration.connection_id,
      uri: integration.integration_uri,
      serverName: (integration.tls_config as { server_name_to_verify?: string } | undefined)?.server_name_to_verify,
    }).toEqual({
      type: "HTTP_PROXY",
      connection: ref("aws_apigatewayv2_vpc_link", link, "id"),
      uri: ref("aws_lb_listener", listenerName, "arn"),
      serverName: certificateBehind(json, listener.certificate_arn).domain_name,
    });
    expect(resourcesOf(json, "aws_apigatewayv2_vpc_link")[link]!.subnet_ids).toEqual(privateSubnets(json));
  });

  test("no Route 53 record points at the load balancer, and none carries its certificate's name", () => {
    const records = resourceList(json, "aws_route53_record");
    expect(records.filter((r) => JSON.stringify(r).includes("${aws_lb."))).toEqual([]);
    expect(records.filter((r) => r.name === env.config.loadBalancer!.domainName)).toEqual([]);
    expect(Object.keys(json.output!)).not.toEqual(expect.arrayContaining(["load_balancer_dns_name"]));
  });

  test("the load balancer admits the VPC link's group alone, on 443; the tasks admit the load balancer alone, on the container port", () => {
    const lbGroup = groupRef(json, `${prefix(env)}-alb-`);
    const linkGroup = groupRef(json, `${prefix(env)}-vpc-link-`);
    const taskGroup = groupRef(json, `${prefix(env)}-api-`);
    expect(lb.security_groups).toEqual([lbGroup]);
    expect(resourceList(json, "aws_apigatewayv2_vpc_link")[0]!.security_group_ids).toEqual([linkGroup]);
    expect((onlyResource(json, "aws_ecs_service").network_configuration as { security_groups: string[] }).security_groups).toEqual([taskGroup]);
    expect(ingressOf(json, lbGroup)).toEqual([[443, 443, "tcp", linkGroup]]);
    expect(ingressOf(json, taskGroup)).toEqual([[5000, 5000, "tcp", lbGroup]]);
  });

  test("the service registers its app container's port in the load balancer's target group", () => {
    const targetGroup = nameWhere(json, "aws_lb_target_group", () => true);
    expect(onlyResource(json, "aws_ecs_service").load_balancer).toEqual([
      { container_name: "app", container_port: 5000, target_group_arn: ref("aws_lb_target_group", targetGroup, "arn") },
    ]);
    expect(listener.default_action).toEqual([{ type: "forward", target_group_arn: ref("aws_lb_target_group", targetGroup, "arn") }]);
  });
});

test("staging's tasks run in the public subnets with a public IP (no NAT); production's in the private ones behind a NAT gateway", () => {
  const network = (json: SynthesizedStack) => onlyResource(json, "aws_ecs_service").network_configuration as { assign_public_ip: boolean; subnets: unknown };
  expect(network(STAGING.json)).toMatchObject({ assign_public_ip: true, subnets: publicSubnets(STAGING.json) });
  expect(resourceList(STAGING.json, "aws_nat_gateway")).toHaveLength(0);
  expect(network(PRODUCTION.json)).toMatchObject({ assign_public_ip: false, subnets: privateSubnets(PRODUCTION.json) });
  expect(resourceList(PRODUCTION.json, "aws_nat_gateway")).toHaveLength(1);
});

// ---- routes and the JWT authorizer ------------------------------------------------------------

describe.each(ENVIRONMENTS)("%s: public catch-all routes, POST /uploads behind the user pool's JWTs", (_name, env) => {
  const { json } = env;
  const routes = Object.fromEntries(resourceList(json, "aws_apigatewayv2_route").map((r) => [String(r.route_key), r]));
  const integrationRef = (match: (i: Record<string, unknown>) => boolean) =>
    `integrations/${ref("aws_apigatewayv2_integration", nameWhere(json, "aws_apigatewayv2_integration", match), "id")}`;

  test("the routes are ANY /, ANY /{proxy+} and POST /uploads", () => {
    expect(Object.keys(routes).sort()).toEqual(["ANY /", "ANY /{proxy+}", "POST /uploads"]);
  });

  test("the catch-all routes are public, to the load balancer, carrying the config's reason for the policy report", () => {
    for (const key of ["ANY /", "ANY /{proxy+}"]) {
      const route = routes[key]!;
      expect({ key, authorization: route.authorization_type, authorizer: route.authorizer_id, target: route.target }).toEqual({
        key,
        authorization: "NONE",
        authorizer: undefined,
        target: integrationRef((i) => i.connection_type === "VPC_LINK"),
      });
      expect((route["//"] as { policy_suppressions?: unknown }).policy_suppressions).toEqual([
        { id: "apigw-route-authorization", reason: env.config.api!.publicCatchAllReason },
      ]);
    }
  });

  test("POST /uploads is JWT-authorized, the issuer the user pool's and the audience its client, and runs the presign function's alias", () => {
    const route = routes["POST /uploads"]!;
    const authorizer = nameWhere(json, "aws_apigatewayv2_authorizer", () => true);
    const pool = nameWhere(json, "aws_cognito_user_pool", () => true);
    const client = nameWhere(json, "aws_cognito_user_pool_client", () => true);
    const presign = functionNamed(json, `${prefix(env)}-presign`);
    const alias = aliasOf(json, `${prefix(env)}-presign`);
    expect({ authorization: route.authorization_type, authorizer: route.authorizer_id }).toEqual({
      authorization: "JWT",
      authorizer: ref("aws_apigatewayv2_authorizer", authorizer, "id"),
    });
    expect((route["//"] as { policy_suppressions?: unknown }).policy_suppressions).toBeUndefined();
    const jwt = resourcesOf(json, "aws_apigatewayv2_authorizer")[authorizer]!;
    expect({ type: jwt.authorizer_type, identity: jwt.identity_sources, configuration: jwt.jwt_configuration }).toEqual({
      type: "JWT",
      identity: ["$request.header.Authorization"],
      configuration: {
        issuer: `https://cognito-idp.${REGION}.amazonaws.com/${ref("aws_cognito_user_pool", pool, "id")}`,
        audience: [ref("aws_cognito_user_pool_client", client, "id")],
      },
    });
    expect(resourcesOf(json, "aws_cognito_user_pool_client")[client]!.user_pool_id).toBe(ref("aws_cognito_user_pool", pool, "id"));
    const upload = resourceList(json, "aws_apigatewayv2_integration").find((i) => i.integration_type === "AWS_PROXY")!;
    expect(route.target).toBe(integrationRef((i) => i === upload));
    expect(upload.integration_uri).toBe(`${ref("aws_lambda_function", presign, "arn")}:${ref("aws_lambda_alias", alias, "name")}`);
    // API Gateway may invoke that alias, from this API.
    const api = nameWhere(json, "aws_apigatewayv2_api", () => true);
    const permission = resourceList(json, "aws_lambda_permission").find((p) => p.principal === "apigateway.amazonaws.com")!;
    expect({ fn: permission.function_name, qualifier: permission.qualifier, source: permission.source_arn }).toEqual({
      fn: ref("aws_lambda_function", presign, "function_name"),
      qualifier: ref("aws_lambda_alias", alias, "name"),
      source: `${ref("aws_apigatewayv2_api", api, "execution_arn")}/*/*`,
    });
  });
});

// ---- Cognito ----------------------------------------------------------------------------------

describe.each(ENVIRONMENTS)("%s: the user pool, its client and its trigger", (_name, env) => {
  const { json } = env;
  const poolName = nameWhere(json, "aws_cognito_user_pool", () => true);
  const pool = resourcesOf(json, "aws_cognito_user_pool")[poolName]!;
  const client = onlyResource(json, "aws_cognito_user_pool_client");
  const triggerName = `${prefix(env)}-post-confirmation`;

  test(env.protected ? "protected: deletion protection and prevent_destroy; MFA required" : "not protected; MFA optional", () => {
    expect({
      deletionProtection: pool.deletion_protection,
      preventDestroy: lifecycleOf(pool)?.prevent_destroy ?? false,
      mfa: pool.mfa_configuration,
      totp: pool.software_token_mfa_configuration,
    }).toEqual({
      deletionProtection: env.protected ? "ACTIVE" : "INACTIVE",
      preventDestroy: env.protected,
      mfa: env.protected ? "ON" : "OPTIONAL",
      totp: { enabled: true },
    });
  });

  test("the site's client is public (no secret), code flow only, with the config's callback and logout URLs", () => {
    expect({
      secret: client.generate_secret,
      flows: client.allowed_oauth_flows,
      oauth: client.allowed_oauth_flows_user_pool_client,
      callbacks: client.callback_urls,
      logouts: client.logout_urls,
    }).toEqual({
      secret: false,
      flows: ["code"],
      oauth: true,
      callbacks: env.config.auth!.callbackUrls,
      logouts: env.config.auth!.logoutUrls,
    });
    expect(client.explicit_auth_flows).not.toEqual(expect.arrayContaining(["ALLOW_USER_PASSWORD_AUTH"]));
    if (env.protected) {
      expect([...(client.callback_urls as string[]), ...(client.logout_urls as string[])].filter((url) => !url.startsWith("https://"))).toEqual([]);
    }
  });

  test("the post-confirmation trigger is the function's alias, which Cognito may invoke from this pool only", () => {
    const fn = functionNamed(json, triggerName);
    const alias = aliasOf(json, triggerName);
    expect((pool.lambda_config as Record<string, unknown>).post_confirmation).toBe(ref("aws_lambda_alias", alias, "arn"));
    const permission = resourceList(json, "aws_lambda_permission").find((p) => p.principal === "cognito-idp.amazonaws.com")!;
    expect({ fn: permission.function_name, qualifier: permission.qualifier, source: permission.source_arn, account: permission.source_account }).toEqual({
      fn: ref("aws_lambda_function", fn, "function_name"),
      qualifier: ref("aws_lambda_alias", alias, "name"),
      source: ref("aws_cognito_user_pool", poolName, "arn"),
      account: ACCOUNT,
    });
  });

  test("the trigger runs in the private subnets, and the database admits its group on 5432", () => {
    const fn = resourcesOf(json, "aws_lambda_function")[functionNamed(json, triggerName)]!;
    const triggerGroup = groupRef(json, `${triggerName}-`);
    const databaseGroup = groupRef(json, `${prefix(env)}-db-`);
    expect(fn.vpc_config).toEqual({ subnet_ids: privateSubnets(json), security_group_ids: [triggerGroup] });
    expect(onlyResource(json, "aws_db_instance").vpc_security_group_ids).toEqual([databaseGroup]);
    expect(ingressOf(json, databaseGroup)).toEqual(expect.arrayContaining([[5432, 5432, "tcp", triggerGroup]]));
    // The database admits the trigger and the API's tasks, nothing else.
    expect(ingressOf(json, databaseGroup)).toHaveLength(2);
    expect(ingressOf(json, triggerGroup)).toEqual([]);
  });

  test("the trigger's role may connect as the application user it logs in as, and as no other user or database", async () => {
    const database = onlyResource(json, "aws_db_instance");
    const databaseName = nameWhere(json, "aws_db_instance", () => true);
    const connectPolicies = resourceList(json, "aws_iam_role_policy")
      .map((p) => String(p.policy))
      .filter((policy) => policy.includes("rds-db:connect"));
    const user = (resourcesOf(json, "aws_lambda_function")[functionNamed(json, triggerName)]!.environment as { variables: Record<string, string> }).variables.DB_USER!;
    expect(user).toBe("app_user");
    expect(connectPolicies.some((p) => p.includes(`dbuser:${ref("aws_db_instance", databaseName, "resource_id")}/${user}`))).toBe(true);

    const role = iamOf(env).role(triggerName);
    const arn = JSON.stringify(role.identityPolicies).match(/arn:aws:rds-db:[^"]+/)?.[0];
    expect(arn).toMatch(new RegExp(`^arn:aws:rds-db:${REGION}:${ACCOUNT}:dbuser:db-[A-Z0-9]+/${user}$`));
    expect(await role.decide({ action: "rds-db:connect", resource: arn! })).toBe("Allowed");
    const master = arn!.replace(/\/app_user$/, `/${String(database.username)}`);
    expect(await role.decide({ action: "rds-db:connect", resource: master })).toBe("ImplicitlyDenied");
    const otherDatabase = `arn:aws:rds-db:${REGION}:${ACCOUNT}:dbuser:db-OTHERDATABASE0000/${user}`;
    expect(await role.decide({ action: "rds-db:connect", resource: otherDatabase })).toBe("ImplicitlyDenied");
  });
});

// ---- DynamoDB ---------------------------------------------------------------------------------

describe.each(ENVIRONMENTS)("%s: the messages table and its stream", (_name, env) => {
  const { json } = env;
  const tableName = nameWhere(json, "aws_dynamodb_table", (t) => t.name === `${prefix(env)}-messages`);
  const table = resourcesOf(json, "aws_dynamodb_table")[tableName]!;

  test(env.protected ? "PITR, deletion protection and prevent_destroy" : "PITR, and no deletion protection", () => {
    expect({
      pitr: table.point_in_time_recovery,
      deletionProtection: table.deletion_protection_enabled,
      preventDestroy: lifecycleOf(table)?.prevent_destroy ?? false,
      stream: [table.stream_enabled, table.stream_view_type],
    }).toEqual({ pitr: { enabled: true }, deletionProtection: env.protected, preventDestroy: env.protected, stream: [true, "NEW_IMAGE"] });
  });

  test("its stream runs the consumer's alias with bounded retries, bisection, partial batch responses and an encrypted failure queue", () => {
    const alias = aliasOf(json, `${prefix(env)}-messages-stream`);
    const mapping = onlyResource(json, "aws_lambda_event_source_mapping");
    expect({
      source: mapping.event_source_arn,
      fn: mapping.function_name,
      bisect: mapping.bisect_batch_on_function_error,
      responses: mapping.function_response_types,
    }).toEqual({
      source: ref("aws_dynamodb_table", tableName, "stream_arn"),
      fn: ref("aws_lambda_alias", alias, "arn"),
      bisect: true,
      responses: ["ReportBatchItemFailures"],
    });
    // -1 (the default) retries a failing batch until its records expire, a day later.
    expect(mapping.maximum_retry_attempts).toEqual(expect.any(Number));
    expect(mapping.maximum_retry_attempts as number).toBeGreaterThanOrEqual(0);
    expect(mapping.maximum_retry_attempts as number).toBeLessThanOrEqual(10);
    expect(mapping.maximum_record_age_in_seconds as number).toBeGreaterThanOrEqual(60);
    expect(mapping.maximum_record_age_in_seconds as number).toBeLessThan(86400);
    const destination = parseRef((mapping.destination_config as { on_failure: { destination_arn: string } }).on_failure.destination_arn);
    expect(destination).toMatchObject({ type: "aws_sqs_queue", attribute: "arn" });
    expect(resourcesOf(json, "aws_sqs_queue")[destination!.name]!.sqs_managed_sse_enabled).toBe(true);
  });

  test("the API's container is given the table's name as TABLE_MESSAGES, and the stack outputs it", () => {
    const variable = apiContainer(env).environment.find((v) => v.name === "TABLE_MESSAGES");
    expect(variable?.value).toBe(table.name);
    expect(json.output!.dynamodb_tables!.value).toEqual({ messages: ref("aws_dynamodb_table", tableName, "name") });
  });

  test("the API's task role reads and writes the table and its index, and no other table", async () => {
    const task = iamOf(env).role(`${prefix(env)}-api-task`);
    const messages = tableArn(String(table.name));
    const index = `${messages}/index/message-groups`;
    for (const [action, resource] of [
      ["dynamodb:GetItem", messages],
      ["dynamodb:PutItem", messages],
      ["dynamodb:UpdateItem", messages],
      ["dynamodb:DeleteItem", messages],
      ["dynamodb:Query", messages],
      ["dynamodb:Query", index],
    ] as const) {
      expect({ action, resource, decision: await task.decide({ action, resource }) }).toEqual({ action, resource, decision: "Allowed" });
    }
    const otherEnvironment = env.name === "staging" ? "production" : "staging";
    for (const [action, resource] of [
      ["dynamodb:GetItem", tableArn(`${prefix(env)}-other`)],
      ["dynamodb:PutItem", tableArn(`${prefix(env)}-other`)],
      ["dynamodb:Query", tableArn(`flaskapp-${otherEnvironment}-messages`)],
      ["dynamodb:PutItem", tableArn(`flaskapp-${otherEnvironment}-messages`)],
      ["dynamodb:DeleteTable", messages],
      ["dynamodb:GetRecords", `${messages}/stream/2026-12-02T10:00:00.000`],
    ] as const) {
      expect({ action, resource, decision: await task.decide({ action, resource }) }).toEqual({ action, resource, decision: "ImplicitlyDenied" });
    }
  });
});

// ---- uploads ----------------------------------------------------------------------------------

describe.each(ENVIRONMENTS)("%s: uploads, thumbnails and the assets at their own name", (_name, env) => {
  const { json } = env;
  const assetsName = `assets.${env.domain}`;
  const rawBucket = nameWhere(json, "aws_s3_bucket", (b) => b.bucket === `${prefix(env)}-uploads-${ACCOUNT}`);
  const thumbnail = resourcesOf(json, "aws_lambda_function")[functionNamed(json, `${prefix(env)}-thumbnail`)]!;
  const processedBucketName = (thumbnail.environment as { variables: Record<string, string> }).variables.PROCESSED_BUCKET;
  const processedBucket = nameWhere(json, "aws_s3_bucket", (b) => b.bucket === processedBucketName);

  test("one notification, on the raw bucket, runs the thumbnail function's alias, which S3 may invoke from that bucket only", () => {
    const alias = aliasOf(json, `${prefix(env)}-thumbnail`);
    const notification = onlyResource(json, "aws_s3_bucket_notification");
    expect(notification.bucket).toBe(ref("aws_s3_bucket", rawBucket, "id"));
    expect(notification.queue).toBeUndefined();
    expect(notification.topic).toBeUndefined();
    const targets = notification.lambda_function as { lambda_function_arn: string; events: string[] }[];
    expect(targets.map((t) => [t.lambda_function_arn, t.events])).toEqual([[ref("aws_lambda_alias", alias, "arn"), ["s3:ObjectCreated:*"]]]);
    const permission = resourceList(json, "aws_lambda_permission").find((p) => p.principal === "s3.amazonaws.com")!;
    expect({ qualifier: permission.qualifier, source: permission.source_arn, account: permission.source_account }).toEqual({
      qualifier: ref("aws_lambda_alias", alias, "name"),
      source: ref("aws_s3_bucket", rawBucket, "arn"),
      account: ACCOUNT,
    });
    // The thumbnails go to another bucket: they cannot trigger the function again.
    expect(processedBucket).not.toBe(rawBucket);
    expect(json.output!.upload_bucket!.value).toBe(ref("aws_s3_bucket", rawBucket, "bucket"));
  });

  test("the processed bucket is served by a distribution of its own at assets.<domain>, with a us-east-1 certificate and an alias record", () => {
    const distributionName = nameWhere(json, "aws_cloudfront_distribution", (d) =>
      (d.origin as { domain_name: string }[]).some((o) => o.domain_name === ref("aws_s3_bucket", processedBucket, "bucket_regional_domain_name")),
    );
    const distribution = resourcesOf(json, "aws_cloudfront_distribution")[distributionName]!;
    expect((distribution.origin as unknown[]).length).toBe(1);
    expect(distribution.aliases).toEqual([assetsName]);
    // Not the site's distribution.
    expect((distribution.aliases as string[]).some((a) => env.siteNames.includes(a))).toBe(false);
    const certificate = certificateBehind(json, (distribution.viewer_certificate as { acm_certificate_arn: string }).acm_certificate_arn);
    expect({ name: certificate.domain_name, sans: certificate.subject_alternative_names ?? [], region: regionOf(json, certificate) }).toEqual({
      name: assetsName,
      sans: [],
      region: "us-east-1",
    });
    expect(aliasRecords(json)[assetsName]).toMatchObject({ target: ref("aws_cloudfront_distribution", distributionName, "domain_name"), targetZone: CLOUDFRONT_ZONE });
    expect(json.output!.assets_url!.value).toBe(`https://${assetsName}`);
  });

  test("the raw bucket's CORS lets the site's origins POST", () => {
    const cors = resourceList(json, "aws_s3_bucket_cors_configuration").find((c) => c.bucket === ref("aws_s3_bucket", rawBucket, "id"))!;
    const rules = cors.cors_rule as { allowed_origins: string[]; allowed_methods: string[] }[];
    expect(rules.map((r) => r.allowed_origins)).toEqual([env.siteNames.map((n) => `https://${n}`)]);
    expect(rules[0]!.allowed_methods).toContain("POST");
  });
});

test("production keeps the processed assets (prevent_destroy); staging may be destroyed with them", () => {
  const processed = (env: Environment) => resourceList(env.json, "aws_s3_bucket").find((b) => b.bucket === `${prefix(env)}-assets-${ACCOUNT}`)!;
  expect(lifecycleOf(processed(PRODUCTION))?.prevent_destroy).toBe(true);
  expect(lifecycleOf(processed(STAGING))?.prevent_destroy).toBeUndefined();
});

// ---- DNS and outputs --------------------------------------------------------------------------

describe.each(ENVIRONMENTS)("%s: Route 53 records and the outputs the site needs", (_name, env) => {
  const { json } = env;
  const records = aliasRecords(json);
  const zone = env.name === "production" ? ref("aws_route53_zone", nameWhere(json, "aws_route53_zone", () => true), "zone_id") : staging.domain!.hostedZoneId;

  test("A records for www, api and assets (and the apex in production), in the environment's zone", () => {
    const expected = [...(env.name === "production" ? [env.domain] : []), `www.${env.domain}`, `api.${env.domain}`, `assets.${env.domain}`];
    expect(Object.keys(records).sort()).toEqual([...expected].sort());
    for (const name of expected) expect({ name, zone: records[name]!.zone }).toEqual({ name, zone });
    const site = nameWhere(json, "aws_cloudfront_distribution", (d) => (d.aliases as string[]).includes(`www.${env.domain}`));
    for (const name of env.siteNames) expect(records[name]).toMatchObject({ target: ref("aws_cloudfront_distribution", site, "domain_name"), targetZone: CLOUDFRONT_ZONE });
    const apiDomain = nameWhere(json, "aws_apigatewayv2_domain_name", (d) => d.domain_name === `api.${env.domain}`);
    expect(records[`api.${env.domain}`]!.target).toBe(`\${aws_apigatewayv2_domain_name.${apiDomain}.domain_name_configuration[0].target_domain_name}`);
    expect(json.output!.api_endpoint!.value).toBe(`https://api.${env.domain}`);
  });

  test(env.name === "production" ? "the zone is created here (prevent_destroy), and its name servers are output" : "the zone is given by id, and no name servers are output", () => {
    if (env.name === "production") {
      const created = onlyResource(json, "aws_route53_zone");
      expect({ name: created.name, preventDestroy: lifecycleOf(created)?.prevent_destroy }).toEqual({ name: env.domain, preventDestroy: true });
      expect(json.output!.dns_name_servers?.value).toBe(ref("aws_route53_zone", nameWhere(json, "aws_route53_zone", () => true), "name_servers"));
    } else {
      expect(resourceList(json, "aws_route53_zone")).toEqual([]);
      expect(json.output!.dns_name_servers).toBeUndefined();
    }
  });

  test("outputs the user pool, its client, the sign-in domain, the assets' URL and the tables", () => {
    const pool = nameWhere(json, "aws_cognito_user_pool", () => true);
    const client = nameWhere(json, "aws_cognito_user_pool_client", () => true);
    const table = nameWhere(json, "aws_dynamodb_table", () => true);
    const domainPrefix = env.config.auth!.domainPrefix!;
    const outputs = Object.fromEntries(
      ["user_pool_id", "user_pool_client_id", "sign_in_domain", "assets_url", "dynamodb_tables"].map((name) => [name, json.output![name]?.value]),
    );
    expect(outputs).toEqual({
      user_pool_id: ref("aws_cognito_user_pool", pool, "id"),
      user_pool_client_id: ref("aws_cognito_user_pool_client", client, "id"),
      sign_in_domain: `${domainPrefix}.auth.${REGION}.amazoncognito.com`,
      assets_url: `https://assets.${env.domain}`,
      dynamodb_tables: { messages: ref("aws_dynamodb_table", table, "name") },
    });
    expect(onlyResource(json, "aws_cognito_user_pool_domain")).toMatchObject({ domain: domainPrefix, user_pool_id: ref("aws_cognito_user_pool", pool, "id") });
  });
});
