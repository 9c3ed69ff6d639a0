import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformOutput, TerraformStack } from "cdktf";
import { Domain } from "../../modules/domain";
import { FargateService } from "../../modules/fargate-service";
import {
  ACCESS_LOG_FORMAT,
  CloudMapBackend,
  CloudMapIntegration,
  HttpApi,
  httpApiPropProblems,
  HttpApiProps,
  LambdaIntegration,
  LoadBalancerIntegration,
  ROUTE_KEYS,
} from "../../modules/http-api";
import { LambdaFunction as LambdaFunctionModule } from "../../modules/lambda-function";
import { Vpc2Az } from "../../modules/vpc-2az";
import {
  addressOf,
  countOf,
  onlyResource,
  refTo,
  resourceCounts,
  resourceList,
  resourcesOf,
  SynthesizedStack,
  synthJson,
  testStack,
} from "../support/synth";
import { testRefusedProps } from "../support/refuses-props";

/** A real service as the backend, so the wiring between the two is what the tests see. */
function build(overrides: Partial<HttpApiProps> = {}): { stack: TerraformStack; api: HttpApi; service: FargateService } {
  const stack = testStack();
  const service = new FargateService(stack, "Service", {
    name: "acme-test",
    serviceName: "api",
    region: "eu-west-1",
    accountId: "123456789012",
    network: {
      vpcId: "vpc-0123456789abcdef0",
      publicSubnetIds: ["subnet-public-a", "subnet-public-b"],
      privateSubnetIds: ["subnet-private-a", "subnet-private-b"],
      egress: "none",
    },
    imageTag: "1.0.0",
    containerPort: 8000,
  });
  const api = new HttpApi(stack, "Api", {
    name: "acme-test",
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-private-a", "subnet-private-b"],
    integrations: { service: new CloudMapIntegration(service) },
    ...overrides,
  });
  return { stack, api, service };
}

/** The props `build` gives, with overrides, for the exported check (no construct). */
function propsWith(overrides: Partial<HttpApiProps>): HttpApiProps {
  return {
    name: "acme-test",
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-private-a", "subnet-private-b"],
    integrations: { service: cloudMap() },
    ...overrides,
  };
}

/** A Cloud Map integration on a hand-made backend. */
function cloudMap(overrides: Partial<CloudMapBackend> = {}): CloudMapIntegration {
  return new CloudMapIntegration({
    cloudMapServiceArn: "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-abc",
    containerPort: 8000,
    securityGroupId: "sg-backend",
    allowFrom: () => undefined,
    ...overrides,
  });
}

/** A Lambda integration on a function named by hand (the tests that synthesize make a real aws_lambda_function). */
function lambda(options: { timeoutMilliseconds?: number } = {}): LambdaIntegration {
  return new LambdaIntegration({ functionName: "acme-test-fn", functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:acme-test-fn" }, options);
}

function synthWith(overrides: Partial<HttpApiProps> = {}): SynthesizedStack {
  return synthJson(build(overrides).stack);
}

/** The API's own resources, without the backend service's. */
function apiResources(json: SynthesizedStack): Record<string, number> {
  const counts = resourceCounts(json);
  return Object.fromEntries(Object.entries(counts).filter(([type]) => type.startsWith("aws_apigatewayv2")));
}

describe("HttpApi defaults", () => {
  const json = synthWith();
  const synthesized = JSON.stringify(json);

  test("creates the API, a VPC link, one integration, two routes and the $default stage", () => {
    expect(apiResources(json)).toEqual({
      aws_apigatewayv2_api: 1,
      aws_apigatewayv2_vpc_link: 1,
      aws_apigatewayv2_integration: 1,
      aws_apigatewayv2_route: 2,
      aws_apigatewayv2_stage: 1,
    });
    expect(onlyResource(json, "aws_apigatewayv2_api")).toMatchObject({ name: "acme-test-http-api", protocol_type: "HTTP" });
  });

  test("the integration sends every request to the Cloud Map service through the VPC link", () => {
    expect(synthesized).toHaveResourceWithProperties(Apigatewayv2Integration, {
      api_id: refTo(json, "aws_apigatewayv2_api", "Api_ApiGateway", "id"),
      integration_type: "HTTP_PROXY",
      integration_method: "ANY",
      integration_uri: refTo(json, "aws_service_discovery_service", "Service_CloudMapService", "arn"),
      connection_type: "VPC_LINK",
      connection_id: refTo(json, "aws_apigatewayv2_vpc_link", "Api_VpcLink", "id"),
      payload_format_version: "1.0",
    });
  });

  test("routes ANY / and ANY /{proxy+} to the integration, with no authorizer", () => {
    const routes = resourceList(json, "aws_apigatewayv2_route");
    expect(routes.map((r) => r.route_key).sort()).toEqual([...ROUTE_KEYS].sort());
    for (const route of routes) {
      expect(route).toMatchObject({
        target: `integrations/${refTo(json, "aws_apigatewayv2_integration", "Api_Integration", "id")}`,
        authorization_type: "NONE",
      });
      expect(route.authorizer_id).toBeUndefined();
    }
  });

  test("the VPC link sits in the given subnets behind its own security group", () => {
    expect(onlyResource(json, "aws_apigatewayv2_vpc_link")).toMatchObject({
      subnet_ids: ["subnet-private-a", "subnet-private-b"],
      security_group_ids: [refTo(json, "aws_security_group", "Api_VpcLinkSecurityGroup", "id")],
      // A new group replaces the link: the new link comes up before the integration lets go of the old one.
      lifecycle: { create_before_destroy: true },
    });
  });

  test("the VPC link's security group can be replaced while the link uses it: a name prefix, created before the old one goes", () => {
    const group = resourceList(json, "aws_security_group").find((g) => (g.tags as Record<string, string>).Name === "acme-test-vpc-link");
    expect(group).toMatchObject({ name_prefix: "acme-test-vpc-link-", lifecycle: { create_before_destroy: true } });
    expect(group!.name).toBeUndefined();
  });

  test("the VPC link's group may only reach the service's port, and the service admits only the VPC link's group", () => {
    const linkGroup = refTo(json, "aws_security_group", "Api_VpcLinkSecurityGroup", "id");
    const serviceGroup = refTo(json, "aws_security_group", "Service_SecurityGroup", "id");
    const linkEgress = resourceList(json, "aws_vpc_security_group_egress_rule").filter((r) => r.security_group_id === linkGroup);
    expect(linkEgress).toEqual([
      expect.objectContaining({ ip_protocol: "tcp", from_port: 8000, to_port: 8000, referenced_security_group_id: serviceGroup }),
    ]);
    const ingress = resourceList(json, "aws_vpc_security_group_ingress_rule");
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({
      security_group_id: serviceGroup,
      ip_protocol: "tcp",
      from_port: 8000,
      to_port: 8000,
      referenced_security_group_id: linkGroup,
    });
    expect(ingress[0]!.cidr_ipv4).toBeUndefined();
    expect(resourceList(json, "aws_vpc_security_group_ingress_rule").filter((r) => r.security_group_id === linkGroup)).toEqual([]);
  });

  test("the $default stage deploys automatically, throttles at 100/s with bursts of 200, and logs JSON", () => {
    expect(onlyResource(json, "aws_apigatewayv2_stage")).toMatchObject({
      api_id: refTo(json, "aws_apigatewayv2_api", "Api_ApiGateway", "id"),
      name: "$default",
      auto_deploy: true,
      default_route_settings: { throttling_rate_limit: 100, throttling_burst_limit: 200 },
      access_log_settings: {
        destination_arn: refTo(json, "aws_cloudwatch_log_group", "Api_AccessLogGroup", "arn"),
        format: ACCESS_LOG_FORMAT,
      },
    });
    const format = JSON.parse(ACCESS_LOG_FORMAT) as Record<string, string>;
    expect(format).toMatchObject({ status: "$context.status", requestId: "$context.requestId" });
    const group = resourceList(json, "aws_cloudwatch_log_group").find((g) => g.name === "/acme-test/http-api/access");
    expect(group).toMatchObject({ retention_in_days: 30 });
  });

  test("no CORS unless origins are given", () => {
    expect(onlyResource(json, "aws_apigatewayv2_api").cors_configuration).toBeUndefined();
  });

  test("exposes the endpoint and id", () => {
    const { api } = build();
    expect(typeof api.apiEndpoint).toBe("string");
    expect(typeof api.apiId).toBe("string");
    expect(api.routes).toHaveLength(2);
    expect(api.authorizer).toBeUndefined();
  });
});

describe("HttpApi options", () => {
  test("CORS and throttling come from the props", () => {
    const json = synthWith({
      corsAllowOrigins: ["https://www.example.com", "http://localhost:5173"],
      corsAllowCredentials: true,
      throttlingRateLimit: 25,
      throttlingBurstLimit: 50,
    });
    expect(onlyResource(json, "aws_apigatewayv2_api").cors_configuration).toEqual({
      allow_origins: ["https://www.example.com", "http://localhost:5173"],
      allow_methods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      allow_headers: ["authorization", "content-type"],
      allow_credentials: true,
      max_age: 3600,
    });
    expect(onlyResource(json, "aws_apigatewayv2_stage").default_route_settings).toMatchObject({
      throttling_rate_limit: 25,
      throttling_burst_limit: 50,
    });
  });

  test("CORS methods, headers and max age as given", () => {
    const json = synthWith({
      corsAllowOrigins: ["https://www.example.com"],
      corsAllowMethods: ["GET", "POST"],
      corsAllowHeaders: ["x-request-id"],
      corsMaxAgeSeconds: 600,
    });
    expect(onlyResource(json, "aws_apigatewayv2_api").cors_configuration).toEqual({
      allow_origins: ["https://www.example.com"],
      allow_methods: ["GET", "POST"],
      allow_headers: ["x-request-id"],
      allow_credentials: false,
      max_age: 600,
    });
  });

  test("a JWT authorizer guards every route but the CORS preflights", () => {
    const issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123";
    const json = synthWith({ jwtIssuer: issuer, jwtAudience: ["client-id"], corsAllowOrigins: ["https://www.example.com"] });
    expect(onlyResource(json, "aws_apigatewayv2_authorizer")).toMatchObject({
      authorizer_type: "JWT",
      identity_sources: ["$request.header.Authorization"],
      jwt_configuration: { issuer, audience: ["client-id"] },
    });
    const routes = resourceList(json, "aws_apigatewayv2_route");
    const byKey = Object.fromEntries(routes.map((r) => [r.route_key as string, r]));
    expect(Object.keys(byKey).sort()).toEqual(["ANY /", "ANY /{proxy+}", "OPTIONS /", "OPTIONS /{proxy+}"]);
    for (const key of ["ANY /", "ANY /{proxy+}"]) {
      expect(byKey[key]).toMatchObject({
        authorization_type: "JWT",
        authorizer_id: refTo(json, "aws_apigatewayv2_authorizer", "Api_JwtAuthorizer", "id"),
      });
    }
    for (const key of ["OPTIONS /", "OPTIONS /{proxy+}"]) {
      expect(byKey[key]).toMatchObject({ authorization_type: "NONE" });
      expect(byKey[key]!.authorizer_id).toBeUndefined();
    }
  });

  test("any backend with a Cloud Map service, a port, a group and allowFrom will do", () => {
    const stack = testStack();
    const backend: CloudMapBackend = {
      cloudMapServiceArn: "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-abc",
      containerPort: 3000,
      securityGroupId: "sg-backend",
      allowFrom: (id, peer, description) =>
        new VpcSecurityGroupIngressRule(stack, id, {
          securityGroupId: "sg-backend",
          description,
          ipProtocol: "tcp",
          fromPort: 3000,
          toPort: 3000,
          referencedSecurityGroupId: peer.securityGroupId,
        }),
    };
    new HttpApi(stack, "Api", { name: "acme-test", vpcId: "vpc-1", subnetIds: ["subnet-1"], integrations: { service: new CloudMapIntegration(backend) } });
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_vpc_security_group_ingress_rule")).toMatchObject({
      security_group_id: "sg-backend",
      referenced_security_group_id: refTo(json, "aws_security_group", "Api_VpcLinkSecurityGroup", "id"),
    });
    expect(onlyResource(json, "aws_apigatewayv2_integration").integration_uri).toBe(backend.cloudMapServiceArn);
    expect(onlyResource(json, "aws_vpc_security_group_egress_rule")).toMatchObject({ from_port: 3000, referenced_security_group_id: "sg-backend" });
    expect(countOf(json, "aws_ecs_service")).toBe(0);
    expect(addressOf(json, "aws_apigatewayv2_vpc_link", "Api_VpcLink")).toMatch(/^aws_apigatewayv2_vpc_link\./);
  });
});

describe("HttpApi README example", () => {
  test("compiles and synthesizes", () => {
    // The same code as the usage example in modules/http-api/README.md.
    const stack = testStack("eu-west-1");
    const network = new Vpc2Az(stack, "Network", {
      name: "acme-staging",
      region: "eu-west-1",
      cidr: "10.10.0.0/16",
      availabilityZones: ["eu-west-1a", "eu-west-1b"],
    });
    const service = new FargateService(stack, "ApiService", {
      name: "acme-staging",
      serviceName: "api",
      region: "eu-west-1",
      accountId: "123456789012",
      network,
      imageTag: "1.4.2",
      containerPort: 8000,
    });
    const api = new HttpApi(stack, "HttpApi", {
      name: "acme-staging",
      vpcId: network.vpcId,
      subnetIds: network.privateSubnetIds,
      integrations: { service: new CloudMapIntegration(service) },
      corsAllowOrigins: ["https://staging.example.com"],
      throttlingRateLimit: 20,
      throttlingBurstLimit: 40,
    });
    expect(api.apiEndpoint).toBeDefined();
    expect(countOf(synthJson(stack), "aws_apigatewayv2_integration")).toBe(1);
  });
});

describe("HttpApi refuses bad props, naming the prop", () => {
  const cases: [string, Partial<HttpApiProps>, RegExp][] = [
    ["an origin with a path", { corsAllowOrigins: ["https://www.example.com/app"] }, /corsAllowOrigins\[0\] must be an origin such as/],
    ["a plain-http origin", { corsAllowOrigins: ["http://www.example.com"] }, /corsAllowOrigins\[0\] must be an origin/],
    ["* among other origins", { corsAllowOrigins: ["*", "https://a.example.com"] }, /corsAllowOrigins must be "\*" alone/],
    ["credentials with *", { corsAllowOrigins: ["*"], corsAllowCredentials: true }, /corsAllowCredentials cannot be true with origin "\*"/],
    ["CORS settings without origins", { corsAllowHeaders: ["x-api-key"] }, /corsAllowHeaders applies only with corsAllowOrigins/],
    ["a zero rate", { throttlingRateLimit: 0 }, /throttlingRateLimit must be above 0/],
    ["a burst over the quota", { throttlingBurstLimit: 6000 }, /throttlingBurstLimit must be a whole number from 1 to 5000/],
    ["an issuer without audience", { jwtIssuer: "https://issuer.example.com" }, /jwtIssuer needs its partner/],
    ["an http issuer", { jwtIssuer: "http://issuer.example.com", jwtAudience: ["a"] }, /jwtIssuer must be an https URL/],
    ["an empty audience", { jwtIssuer: "https://issuer.example.com", jwtAudience: [] }, /jwtAudience must list at least one/],
    ["public catch-all routes without an authorizer", { defaultAuthorization: "none" }, /defaultAuthorization needs an authorizer/],
    ["no subnets", { subnetIds: [] }, /subnetIds must list at least one subnet/],
    ["no VPC with a Cloud Map integration", { vpcId: undefined }, /vpcId is required: an integration reaches its backend through the VPC link/],
    ["no integration", { integrations: {} }, /integrations must name at least one integration/],
    ["a badly named integration", { integrations: { Service: cloudMap() } }, /integrations\.Service must be named with 1 to 32 lowercase letters/],
    ["a catch-all integration that does not exist", { defaultIntegration: "web" }, /defaultIntegration must name one of the integrations \(service\)/],
    ["a route to an unknown integration", { routes: [{ routeKey: "GET /users", integration: "users" }] }, /routes\[0\]\.integration must name one of the integrations/],
    ["a malformed route key", { routes: [{ routeKey: "GET users", integration: "service" }] }, /routes\[0\]\.routeKey must be "METHOD \/path"/],
    ["a route the catch-all has", { routes: [{ routeKey: "ANY /{proxy+}", integration: "service" }] }, /routes\[0\]\.routeKey must be unique/],
    ["a backend without Cloud Map", { integrations: { service: cloudMap({ cloudMapServiceArn: undefined }) } }, /integrations\.service\.backend\.cloudMapServiceArn is needed/],
    ["a backend port out of range", { integrations: { service: cloudMap({ containerPort: 70000 }) } }, /integrations\.service\.backend\.containerPort must be a whole number from 1 to 65535/],
    ["a Lambda timeout over API Gateway's limit", { integrations: { fn: lambda({ timeoutMilliseconds: 31000 }) }, vpcId: undefined, subnetIds: undefined }, /integrations\.fn\.timeoutMilliseconds must be a whole number of milliseconds from 50 to 30000/],
    ["VPC settings without a VPC integration", { integrations: { fn: lambda() }, subnetIds: undefined }, /vpcId applies only with an integration that needs the VPC link/],
    [
      "a Lambda qualifier that is not an alias or a version",
      { integrations: { fn: new LambdaIntegration({ functionName: "acme-test-fn", functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:acme-test-fn", qualifier: "$LATEST" }) }, vpcId: undefined, subnetIds: undefined },
      /integrations\.fn\.backend\.qualifier must be an alias name or a version number of the function/,
    ],
    ["several integrations and nothing routed", { integrations: { service: cloudMap(), fn: lambda() } }, /routes must route to the integrations/],
    ["two names with one id", { integrations: { service: cloudMap(), "a-b": lambda(), "a--b": lambda() }, defaultIntegration: "service" }, /integrations\.a--b gives the construct id IntegrationAB, as integrations\.a-b does/],
    ["a name the catch-all's ids use", { integrations: { service: cloudMap(), backend: cloudMap() }, defaultIntegration: "service" }, /integrations\.backend must not be named "backend" beside a catch-all integration/],
    ["two route keys with one id", { routes: [{ routeKey: "GET /users/{id}", integration: "service" }, { routeKey: "GET /users/id", integration: "service" }] }, /routes\[1\]\.routeKey gives the construct id RouteGetUsersId, as routes\[0\]\.routeKey does/],
  ];

  testRefusedProps(cases, { build, check: (overrides) => httpApiPropProblems(propsWith(overrides)) });
});

describe("HttpApi with a Lambda integration", () => {
  /** A real function resource, as the lambda-function module will make. */
  function functionIn(stack: TerraformStack, id: string): { functionName: string; functionArn: string } {
    const role = new IamRole(stack, `${id}Role`, {
      name: `acme-test-${id.toLowerCase()}`,
      assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    });
    const fn = new LambdaFunction(stack, id, {
      functionName: `acme-test-${id.toLowerCase()}`,
      role: role.arn,
      runtime: "python3.13",
      handler: "app.handler",
      filename: "function.zip",
      architectures: ["arm64"],
    });
    return { functionName: fn.functionName, functionArn: fn.arn };
  }

  test("alone: AWS_PROXY with payload 2.0, an invoke permission for this API only, and no VPC link", () => {
    const stack = testStack();
    const fn = functionIn(stack, "Handler");
    const api = new HttpApi(stack, "Api", { name: "acme-test", integrations: { handler: new LambdaIntegration(fn) } });
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_apigatewayv2_integration")).toMatchObject({
      integration_type: "AWS_PROXY",
      integration_uri: refTo(json, "aws_lambda_function", "Handler", "arn"),
      payload_format_version: "2.0",
      timeout_milliseconds: 30000,
    });
    expect(onlyResource(json, "aws_apigatewayv2_integration").connection_type).toBeUndefined();
    expect(onlyResource(json, "aws_lambda_permission")).toMatchObject({
      action: "lambda:InvokeFunction",
      function_name: refTo(json, "aws_lambda_function", "Handler", "function_name"),
      principal: "apigateway.amazonaws.com",
      source_arn: `${refTo(json, "aws_apigatewayv2_api", "Api_ApiGateway", "execution_arn")}/*/*`,
    });
    for (const type of ["aws_apigatewayv2_vpc_link", "aws_security_group", "aws_vpc_security_group_egress_rule"]) expect(countOf(json, type)).toBe(0);
    expect(api.vpcLink).toBeUndefined();
    const target = `integrations/${refTo(json, "aws_apigatewayv2_integration", "Api_Integration", "id")}`;
    expect(resourceList(json, "aws_apigatewayv2_route").map((r) => [r.route_key, r.target]).sort()).toEqual(ROUTE_KEYS.map((key) => [key, target]).sort());
  });

  test("beside a Cloud Map catch-all: routes name their integration, each integration has its own ids", () => {
    const stack = testStack();
    new HttpApi(stack, "Api2", {
      name: "acme-test2",
      vpcId: "vpc-0123456789abcdef0",
      subnetIds: ["subnet-private-a"],
      integrations: { service: cloudMap(), reports: new LambdaIntegration(functionIn(stack, "Reports")) },
      defaultIntegration: "service",
      routes: [{ routeKey: "GET /reports/{id}", integration: "reports" }, { routeKey: "ANY /exports/{proxy+}", integration: "reports" }],
      jwtIssuer: "https://issuer.example.com",
      jwtAudience: ["client"],
    });
    const json = synthJson(stack);
    const integrations = Object.keys(resourcesOf(json, "aws_apigatewayv2_integration")).filter((name) => name.startsWith("Api2_"));
    expect(integrations.map((name) => name.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual(["Api2_Integration", "Api2_IntegrationReports"]);
    const target = (prefix: string) => `integrations/${refTo(json, "aws_apigatewayv2_integration", prefix, "id")}`;
    const routes = Object.fromEntries(
      Object.entries(resourcesOf(json, "aws_apigatewayv2_route"))
        .filter(([name]) => name.startsWith("Api2_"))
        .map(([, r]) => [r.route_key as string, r]),
    );
    expect(Object.keys(routes).sort()).toEqual(["ANY /", "ANY /exports/{proxy+}", "ANY /{proxy+}", "GET /reports/{id}", "OPTIONS /", "OPTIONS /exports/{proxy+}", "OPTIONS /{proxy+}"]);
    expect(routes["GET /reports/{id}"]).toMatchObject({ target: target("Api2_IntegrationReports_"), authorization_type: "JWT" });
    expect(routes["ANY /exports/{proxy+}"]).toMatchObject({ target: target("Api2_IntegrationReports_"), authorization_type: "JWT" });
    expect(routes["OPTIONS /exports/{proxy+}"]).toMatchObject({ target: target("Api2_IntegrationReports_"), authorization_type: "NONE" });
    expect(routes["ANY /{proxy+}"]).toMatchObject({ target: target("Api2_Integration_"), authorization_type: "JWT" });
    expect(addressOf(json, "aws_apigatewayv2_vpc_link", "Api2_")).toMatch(/^aws_apigatewayv2_vpc_link\./);
    expect(addressOf(json, "aws_vpc_security_group_egress_rule", "Api2_VpcLinkToBackend")).toMatch(/egress_rule\./);
    expect(onlyResource(json, "aws_lambda_permission").statement_id).toBe("acme-test2-http-api-invoke-Reports");
    expect(addressOf(json, "aws_lambda_permission", "Api2_InvokeReports")).toMatch(/^aws_lambda_permission\./);
  });

  test("a public route in an API with an authorizer", () => {
    const stack = testStack();
    new HttpApi(stack, "Api", {
      name: "acme-test",
      integrations: { handler: new LambdaIntegration(functionIn(stack, "Handler")) },
      defaultIntegration: "handler",
      routes: [{ routeKey: "GET /health", integration: "handler", authorization: "none" }],
      jwtIssuer: "https://issuer.example.com",
      jwtAudience: ["client"],
    });
    const route = resourceList(synthJson(stack), "aws_apigatewayv2_route").find((r) => r.route_key === "GET /health");
    expect(route).toMatchObject({ authorization_type: "NONE" });
    expect(route?.authorizer_id).toBeUndefined();
  });

  test("public catch-all routes (defaultAuthorization none) beside a route that keeps the authorizer", () => {
    const stack = testStack();
    new HttpApi(stack, "Api", {
      name: "acme-test",
      integrations: { app: new LambdaIntegration(functionIn(stack, "App")), uploads: new LambdaIntegration(functionIn(stack, "Uploads")) },
      defaultIntegration: "app",
      defaultAuthorization: "none",
      routes: [{ routeKey: "POST /uploads", integration: "uploads" }],
      jwtIssuer: "https://issuer.example.com",
      jwtAudience: ["client"],
    });
    const routes = Object.fromEntries(resourceList(synthJson(stack), "aws_apigatewayv2_route").map((r) => [r.route_key as string, r]));
    // No preflight routes of their own: the public catch-all answers OPTIONS through the API's CORS.
    expect(Object.keys(routes).sort()).toEqual(["ANY /", "ANY /{proxy+}", "POST /uploads"]);
    expect(routes["ANY /{proxy+}"]).toMatchObject({ authorization_type: "NONE" });
    expect(routes["ANY /"]?.authorizer_id).toBeUndefined();
    expect(routes["POST /uploads"]).toMatchObject({ authorization_type: "JWT" });
    expect(routes["POST /uploads"]?.authorizer_id).toBeDefined();
  });
});

describe("HttpApi with a function of the lambda-function module", () => {
  test("invokes the alias: the integration's URI is the alias ARN, and the permission is for the alias, from this API only", () => {
    const stack = testStack();
    const fn = new LambdaFunctionModule(stack, "Handler", {
      name: "acme-test",
      functionName: "api",
      region: "eu-west-1",
      accountId: "123456789012",
      code: { folder: "test/fixtures/lambda/python" },
      runtime: "python3.13",
      handler: "app.handler",
      logRetentionDays: 14,
    });
    new HttpApi(stack, "Api", { name: "acme-test", integrations: { handler: new LambdaIntegration(fn) } });
    const json = synthJson(stack);
    const alias = refTo(json, "aws_lambda_alias", "Handler_Alias", "name");
    expect(onlyResource(json, "aws_apigatewayv2_integration")).toMatchObject({
      integration_type: "AWS_PROXY",
      integration_uri: `${refTo(json, "aws_lambda_function", "Handler_Function", "arn")}:${alias}`,
      payload_format_version: "2.0",
      timeout_milliseconds: 30000,
    });
    expect(onlyResource(json, "aws_lambda_permission")).toEqual({
      statement_id: "acme-test-http-api-invoke",
      action: "lambda:InvokeFunction",
      function_name: refTo(json, "aws_lambda_function", "Handler_Function", "function_name"),
      qualifier: alias,
      principal: "apigateway.amazonaws.com",
      source_arn: `${refTo(json, "aws_apigatewayv2_api", "Api_ApiGateway", "execution_arn")}/*/*`,
    });
  });

  test("a backend without a qualifier keeps the unqualified function and a permission without one", () => {
    const stack = testStack();
    new HttpApi(stack, "Api", { name: "acme-test", integrations: { fn: lambda() } });
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_apigatewayv2_integration").integration_uri).toBe("arn:aws:lambda:eu-west-1:123456789012:function:acme-test-fn");
    expect(onlyResource(json, "aws_lambda_permission").qualifier).toBeUndefined();
  });

  test("a qualifier given by hand: the alias ARN and the permission's qualifier", () => {
    const stack = testStack();
    const backend = { functionName: "acme-test-fn", functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:acme-test-fn", qualifier: "live" };
    new HttpApi(stack, "Api", { name: "acme-test", integrations: { fn: new LambdaIntegration(backend) } });
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_apigatewayv2_integration").integration_uri).toBe("arn:aws:lambda:eu-west-1:123456789012:function:acme-test-fn:live");
    expect(onlyResource(json, "aws_lambda_permission")).toMatchObject({ function_name: "acme-test-fn", qualifier: "live" });
  });
});

describe("HttpApi with a load balancer integration", () => {
  test("the listener over the VPC link, the load balancer's group opened on the listener port", () => {
    const stack = testStack();
    const rules: string[] = [];
    new HttpApi(stack, "Api", {
      name: "acme-test",
      vpcId: "vpc-1",
      subnetIds: ["subnet-1"],
      integrations: {
        web: new LoadBalancerIntegration({
          listenerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/acme/abc/def",
          listenerPort: 443,
          securityGroupId: "sg-alb",
          allowFrom: (id) => rules.push(id),
        }),
      },
    });
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_apigatewayv2_integration")).toMatchObject({
      integration_type: "HTTP_PROXY",
      integration_uri: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/acme/abc/def",
      connection_type: "VPC_LINK",
    });
    expect(onlyResource(json, "aws_vpc_security_group_egress_rule")).toMatchObject({ from_port: 443, to_port: 443, referenced_security_group_id: "sg-alb" });
    expect(rules).toEqual(["ApiGatewayVpcLink"]);
  });

  test("an HTTPS listener's certificate name is sent and checked (tls_config)", () => {
    const stack = testStack();
    new HttpApi(stack, "Api", {
      name: "acme-test",
      vpcId: "vpc-1",
      subnetIds: ["subnet-1"],
      integrations: {
        web: new LoadBalancerIntegration({
          listenerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/acme/abc/def",
          listenerPort: 443,
          serverNameToVerify: "app.internal.example.com",
          securityGroupId: "sg-alb",
          allowFrom: () => undefined,
        }),
      },
    });
    expect(onlyResource(synthJson(stack), "aws_apigatewayv2_integration").tls_config).toEqual({ server_name_to_verify: "app.internal.example.com" });
  });
});

describe("HttpApi with a custom domain", () => {
  const certificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789";

  test("a regional domain name (TLS 1.2, dual-stack) mapped to the $default stage; the execute-api endpoint turned off", () => {
    const { stack, api } = build({ domainName: "api.example.com", certificateArn });
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_apigatewayv2_domain_name")).toEqual({
      domain_name: "api.example.com",
      domain_name_configuration: {
        certificate_arn: certificateArn,
        endpoint_type: "REGIONAL",
        security_policy: "TLS_1_2",
        ip_address_type: "dualstack",
      },
      tags: { Name: "acme-test-http-api-domain" },
    });
    expect(onlyResource(json, "aws_apigatewayv2_api_mapping")).toEqual({
      api_id: refTo(json, "aws_apigatewayv2_api", "Api_ApiGateway", "id"),
      domain_name: refTo(json, "aws_apigatewayv2_domain_name", "Api_DomainName", "id"),
      stage: refTo(json, "aws_apigatewayv2_stage", "Api_DefaultStage", "id"),
    });
    expect(onlyResource(json, "aws_apigatewayv2_api").disable_execute_api_endpoint).toBe(true);
    expect(api.url).toBe("https://api.example.com");
    expect(api.domainName).toBeDefined();
    expect(api.apiMapping).toBeDefined();
  });

  test("domainTarget reads the domain name's target and hosted zone", () => {
    const { stack, api } = build({ domainName: "api.example.com", certificateArn });
    new TerraformOutput(stack, "ProbeTarget", { value: api.domainTarget });
    const json = synthJson(stack);
    const domain = refTo(json, "aws_apigatewayv2_domain_name", "Api_DomainName", "id").slice(2, -4);
    expect(json.output?.ProbeTarget?.value).toEqual({
      dnsName: `\${${domain}.domain_name_configuration[0].target_domain_name}`,
      zoneId: `\${${domain}.domain_name_configuration[0].hosted_zone_id}`,
    });
  });

  test("disableExecuteApiEndpoint false keeps the execute-api endpoint beside the domain", () => {
    const json = synthWith({ domainName: "api.example.com", certificateArn, disableExecuteApiEndpoint: false });
    expect(onlyResource(json, "aws_apigatewayv2_api").disable_execute_api_endpoint).toBeUndefined();
    expect(countOf(json, "aws_apigatewayv2_domain_name")).toBe(1);
  });

  test("without a domain: no domain resources, the endpoint stays on, url is the execute-api endpoint", () => {
    const { stack, api } = build();
    const json = synthJson(stack);
    expect(countOf(json, "aws_apigatewayv2_domain_name")).toBe(0);
    expect(countOf(json, "aws_apigatewayv2_api_mapping")).toBe(0);
    expect(onlyResource(json, "aws_apigatewayv2_api").disable_execute_api_endpoint).toBeUndefined();
    expect(api.url).toBe(api.apiEndpoint);
    expect(api.domainName).toBeUndefined();
    expect(api.domainTarget).toBeUndefined();
  });

  test("README custom-domain example: a validated certificate of the domain module and an alias record", () => {
    // The same code as the custom-domain example in modules/http-api/README.md.
    const stack = testStack("eu-west-1");
    const fn = { functionName: "acme-production-api", functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:acme-production-api" };
    const domain = new Domain(stack, "Domain", { name: "acme-production", zoneName: "example.com", region: "eu-west-1" });
    const certificate = domain.certificate("ApiCertificate", { domainNames: ["api.example.com"] });
    const api = new HttpApi(stack, "HttpApi", {
      name: "acme-production",
      integrations: { handler: new LambdaIntegration(fn) },
      domainName: "api.example.com",
      certificateArn: certificate.certificateArn,
    });
    domain.aliasRecord("Api", { name: "api.example.com", target: api.domainTarget! });
    // api.url: https://api.example.com
    const json = synthJson(stack);
    expect(api.url).toBe("https://api.example.com");
    expect((onlyResource(json, "aws_apigatewayv2_domain_name").domain_name_configuration as Record<string, unknown>).certificate_arn).toBe(
      refTo(json, "aws_acm_certificate_validation", "Domain_ApiCertificateValidation", "certificate_arn"),
    );
    expect(resourceList(json, "aws_route53_record").filter((r) => r.alias !== undefined).map((r) => r.type).sort()).toEqual(["A", "AAAA"]);
  });

  const cases: [string, Partial<HttpApiProps>, RegExp][] = [
    ["a domain name without a certificate", { domainName: "api.example.com" }, /domainName needs its partner: a custom domain takes both domainName and certificateArn/],
    ["a certificate without a domain name", { certificateArn }, /certificateArn needs its partner: a custom domain takes both domainName and certificateArn/],
    ["an uppercase domain name", { domainName: "API.example.com", certificateArn }, /domainName must be a lowercase DNS name without a trailing dot or wildcard/],
    ["a wildcard domain name", { domainName: "*.example.com", certificateArn }, /domainName must be a lowercase DNS name without a trailing dot or wildcard/],
    ["a certificate that is not an ACM ARN", { domainName: "api.example.com", certificateArn: "arn:aws:iam::123456789012:server-certificate/api" }, /certificateArn must be an ACM certificate ARN/],
    ["the execute-api endpoint off without a domain", { disableExecuteApiEndpoint: true }, /disableExecuteApiEndpoint can be true only with domainName: without a custom domain the API would be unreachable/],
  ];
  testRefusedProps(cases, { build, check: (overrides) => httpApiPropProblems(propsWith(overrides)) });
});
