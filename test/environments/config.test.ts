import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../main";
import { projectConfig } from "../../environments";
import { bootstrap } from "../../environments/bootstrap";
import {
  ConfigError,
  EnvironmentInput,
  MIN_PROTECTED_LOG_RETENTION_DAYS,
  parseBootstrapConfig,
  parseEnvironmentConfig,
  parseProjectConfig,
} from "../../environments/config";
import { production } from "../../environments/production";
import { staging } from "../../environments/staging";
import { albFargate } from "../../examples/alb-fargate";
import { staging as albStaging } from "../../examples/alb-fargate/staging";
import { staging as functionStaging } from "../../examples/django-lambda/staging";
import { capture } from "../support/capture";

type Network = EnvironmentInput["network"];

function withNetwork(network: Partial<Network>): unknown {
  return { ...staging, network: { ...staging.network, ...network } };
}

function issuesOf(fn: () => unknown): { path: string; reason: string }[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("the project's own configs", () => {
  test("staging and production parse", () => {
    expect(parseEnvironmentConfig(staging)).toMatchObject({ name: "staging", protected: false });
    expect(parseEnvironmentConfig(production)).toMatchObject({ name: "production", protected: true });
    expect(parseBootstrapConfig(bootstrap)).toMatchObject({ stateBucket: staging.state.bucket });
  });

  test("they agree with each other and with the bootstrap config", () => {
    const { environments } = parseProjectConfig({ bootstrap, environments: [staging, production] });
    expect(environments.map((e) => e.name)).toEqual(["staging", "production"]);
  });

  test("production runs its tasks in the private subnets behind its NAT gateway; staging keeps them public", () => {
    const prod = parseEnvironmentConfig(production);
    expect([prod.service, prod.network.egress]).toEqual([expect.objectContaining({ kind: "container", subnets: "private" }), "nat-gateway"]);
    expect(parseEnvironmentConfig(staging).service).toMatchObject({ kind: "container", subnets: "public" });
  });

  test("private subnets with a NAT egress, and public ones without any, are accepted", () => {
    expect(() => parseEnvironmentConfig({ ...staging, service: { ...staging.service, subnets: "private" } })).not.toThrow();
    const noEgress = withNetwork({ egress: "none", natLayout: undefined }) as EnvironmentInput;
    expect(() => parseEnvironmentConfig({ ...noEgress, migrations: undefined })).not.toThrow();
    // The migrations' builds run in the private subnets: without NAT they need interface endpoints.
    expect(issuesOf(() => parseEnvironmentConfig(noEgress))).toEqual([
      { path: "network.egress", reason: expect.stringMatching(/^gives the build no route to its dependencies: egress is "none"/) },
    ]);
  });

  test("production is protected and keeps logs longer than staging", () => {
    const prod = parseEnvironmentConfig(production);
    const stag = parseEnvironmentConfig(staging);
    expect(prod.protected).toBe(true);
    expect(prod.logRetentionDays).toBeGreaterThan(stag.logRetentionDays);
  });
});

describe("parseEnvironmentConfig refuses invalid values, naming each field", () => {
  const cases: [string, unknown, string, RegExp][] = [
    ["a CIDR that is not one", withNetwork({ cidr: "10.0.0.300/16" }), "network.cidr", /must be an IPv4 CIDR/],
    ["a /8", withNetwork({ cidr: "10.0.0.0/8" }), "network.cidr", /must have a prefix from \/16 to \/24 .*; got "10\.0\.0\.0\/8"$/],
    ["a /28", withNetwork({ cidr: "10.0.0.0/28" }), "network.cidr", /must have a prefix from \/16 to \/24 .*; got "10\.0\.0\.0\/28"$/],
    ["one AZ", withNetwork({ availabilityZones: ["us-east-1a"] }), "network.availabilityZones", /must list exactly 2 availability zones; got \["us-east-1a"\]/],
    [
      "three AZs",
      withNetwork({ availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"] }),
      "network.availabilityZones",
      /must list exactly 2 availability zones; got \["us-east-1a","us-east-1b","us-east-1c"\]/,
    ],
    [
      "an AZ of another region",
      withNetwork({ availabilityZones: ["us-east-1a", "eu-west-1b"] }),
      "network.availabilityZones[1]",
      /^"eu-west-1b" is not an availability zone of us-east-1, but of eu-west-1 \(us-east-1's zones: us-east-1a, /,
    ],
    [
      "an AZ letter the region does not have",
      withNetwork({ availabilityZones: ["us-east-1a", "us-east-1z"] }),
      "network.availabilityZones[1]",
      /^"us-east-1z" is not an availability zone of us-east-1 \(us-east-1's zones: us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f; the list is modules\/shared\/regions\.ts\); got "us-east-1z"$/,
    ],
    [
      "a zone AWS skipped in its region's letters",
      { ...staging, region: "ca-central-1", network: { ...staging.network, availabilityZones: ["ca-central-1a", "ca-central-1c"] } },
      "network.availabilityZones[1]",
      /"ca-central-1c" is not an availability zone of ca-central-1 \(ca-central-1's zones: ca-central-1a, ca-central-1b, ca-central-1d;/,
    ],
    ["the same AZ twice", withNetwork({ availabilityZones: ["us-east-1a", "us-east-1a"] }), "network.availabilityZones", /two different/],
    ["an environment name with capitals", { ...staging, name: "Staging" }, "name", /lowercase letters/],
    ["an environment name with spaces", { ...staging, name: "my staging" }, "name", /lowercase letters/],
    ["a malformed account id", { ...staging, accountId: "1234-5678-9012" }, "accountId", /12-digit AWS account id/],
    ["an account id given as a number", { ...staging, accountId: 123456789012 }, "accountId", /expected string/],
    ["a bad region", { ...staging, region: "Virginia" }, "region", /^"Virginia" is not an AWS region \(known regions as of /],
    [
      "a region that does not exist",
      { ...staging, region: "us-east-9" },
      "region",
      /^"us-east-9" is not an AWS region; did you mean us-east-1 or us-east-2\? \(known regions as of \d{4}-\d{2}-\d{2}: .*us-east-1, .*; the list is modules\/shared\/regions\.ts\)$/,
    ],
    ["a misspelt region", { ...staging, region: "us-esat-1" }, "region", /^"us-esat-1" is not an AWS region; did you mean us-east-1\?/],
    ["a state region that does not exist", { ...staging, state: { ...staging.state, region: "us-east-9" } }, "state.region", /"us-east-9" is not an AWS region/],
    ["an unknown egress", withNetwork({ egress: "nat" as never }), "network.egress", /nat-instance/],
    ["a NAT layout without NAT", withNetwork({ egress: "none", natLayout: "per-az" }), "network.natLayout", /applies only with a NAT egress/],
    ["a log retention CloudWatch refuses", { ...staging, logRetentionDays: 10 }, "logRetentionDays", /retention periods CloudWatch Logs accepts/],
    ["a state bucket name S3 refuses", { ...staging, state: { ...staging.state, bucket: "My_Bucket" } }, "state.bucket", /S3 bucket naming rules/],
    ["a tag the stack sets itself", { ...staging, tags: { Environment: "x" } }, "tags.Environment", /set by the stack itself/],
    ["a tag key in the aws: namespace", { ...staging, tags: { "aws:owner": "x" } }, "tags.aws:owner", /reserved by AWS/],
    ["a tag value with a character AWS refuses", { ...staging, tags: { Team: "web#1" } }, "tags.Team", /letters, digits, spaces and _ \. : \/ = \+ - @/],
    ["a tag key with a character AWS refuses", { ...staging, tags: { "team!": "web" } }, "tags.team!", /tag keys must be 1 to 128 letters/],
    ["a misspelt setting", { ...staging, acountId: "123456789012" }, "acountId", /not a known setting/],
    ["a missing setting", { ...staging, protected: undefined }, "protected", /expected boolean/],
    [
      "CORS * in production",
      { ...production, api: { ...production.api, additionalCorsOrigins: ["*"] } },
      "api.additionalCorsOrigins",
      /must not be "\*" \(never in a protected environment\)/,
    ],
    [
      "CORS * anywhere (the site's origin is always there)",
      { ...staging, api: { ...staging.api, additionalCorsOrigins: ["*"] } },
      "api.additionalCorsOrigins",
      /must not be "\*": the site's origin is always allowed/,
    ],
    [
      "a plain-http origin in production",
      { ...production, api: { ...production.api, additionalCorsOrigins: ["http://localhost:5173"] } },
      "api.additionalCorsOrigins[0]",
      /must be an https origin in a protected environment/,
    ],
    [
      "a CORS origin that is not one",
      { ...staging, api: { ...staging.api, additionalCorsOrigins: ["staging.example.com"] } },
      "api.additionalCorsOrigins[0]",
      /must be an origin such as "https:\/\/www\.example\.com"/,
    ],
    [
      "a secret given as a plain value",
      { ...staging, service: { ...staging.service, secrets: { SECRET_KEY: "s3cr3t" } } },
      "service.secrets.SECRET_KEY",
      /must be the ARN of an SSM parameter .* never the secret itself/,
    ],
    [
      "a variable both plain and secret",
      { ...staging, service: { ...staging.service, environment: { SECRET_KEY: "x" } } },
      "service.environment.SECRET_KEY",
      /is also in secrets; a variable comes from one or the other/,
    ],
    ["an unknown service setting", { ...staging, service: { ...staging.service, memory: 512 } }, "service.memory", /not a known setting/],
    ["a service subnet tier that does not exist", { ...staging, service: { ...staging.service, subnets: "isolated" } }, "service.subnets", /public/],
    [
      "tasks in private subnets without NAT egress",
      { ...staging, network: { ...staging.network, egress: "none", natLayout: undefined }, service: { ...staging.service, subnets: "private" } },
      "service.subnets",
      /^can be "private" only when the VPC has NAT egress \(network\.egress is "none": tasks there could not pull images or reach AWS APIs\)/,
    ],
    [
      "production without deletion protection",
      { ...production, database: { ...production.database, deletionProtection: false } },
      "database.deletionProtection",
      /must be true for a protected database/,
    ],
    [
      "production without a final snapshot",
      { ...production, database: { ...production.database, finalSnapshot: false } },
      "database.finalSnapshot",
      /must be true for a protected database/,
    ],
    [
      "a database password handed to the API",
      { ...staging, service: { ...staging.service, secrets: { DB_PASSWORD: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf" } } },
      "service.secrets.DB_PASSWORD",
      /must not be set: the API logs in to PostgreSQL with IAM database authentication/,
    ],
    [
      "a database variable set by hand",
      { ...staging, service: { ...staging.service, environment: { DB_HOST: "localhost" } } },
      "service.environment.DB_HOST",
      /is set by the stack itself/,
    ],
    [
      "an API with neither a JWT authorizer nor a reason to be public",
      { ...staging, api: { ...staging.api, publicReason: undefined } },
      "api.publicReason",
      /is required without jwt \(or an auth section\): say why the API's routes need no authorizer/,
    ],
    [
      "an API with a JWT authorizer and a reason to be public",
      { ...staging, api: { ...staging.api, jwt: { issuer: "https://issuer.example.com", audience: ["web"] } } },
      "api.publicReason",
      /and the authorizer \(jwt, or the auth section's pool\) are exclusive/,
    ],
    [
      "a reason to be public that is not a sentence",
      { ...staging, api: { ...staging.api, publicReason: "public" } },
      "api.publicReason",
      /needs a reason of at least a sentence/,
    ],
    [
      "production whose alarms reach nobody",
      { ...production, monitoring: { alarmEmails: [] } },
      "monitoring.alarmEmails",
      /must name at least one address in a protected environment/,
    ],
    ["production without a monitoring section", { ...production, monitoring: undefined }, "monitoring.alarmEmails", /reach nobody/],
    [
      "production keeping logs for a month",
      { ...production, logRetentionDays: 30 },
      "logRetentionDays",
      /^must be at least 90 days in a protected environment \(got 30\): investigating an incident or answering an audit needs months of logs$/,
    ],
    [
      "production keeping logs for 60 days, just under the minimum",
      { ...production, logRetentionDays: 60 },
      "logRetentionDays",
      /must be at least 90 days in a protected environment \(got 60\)/,
    ],
    [
      "production that may scale to no task",
      { ...production, service: { ...production.service, minTasks: 0 } },
      "service.minTasks",
      /^must be at least 1 \(got 0\): a protected environment must keep at least one task running$/,
    ],
    [
      "production created with no task",
      { ...production, service: { ...production.service, desiredCount: 0 } },
      "service.desiredCount",
      /^must be at least 1 \(got 0\): a protected environment must keep at least one task running$/,
    ],
    [
      "production that is not protected",
      { ...production, protected: false },
      "protected",
      /^must be true for an environment named "production": production data must survive a mistaken destroy .*; set protected: true, or rename the environment if it is not production$/,
    ],
    ["an environment named prod that is not protected", { ...staging, name: "prod" }, "protected", /^must be true for an environment named "prod": production data must survive/],
    ["an environment named prod-eu that is not protected", { ...staging, name: "prod-eu" }, "protected", /^must be true for an environment named "prod-eu"/],
    ["a monitoring threshold of the wrong type", { ...staging, monitoring: { api5xxPerMinute: "150" } }, "monitoring.api5xxPerMinute", /number/],
    ["an unknown monitoring setting", { ...staging, monitoring: { pagerDuty: true } }, "monitoring.pagerDuty", /not a known setting/],
    ["an unknown interface endpoint", { ...staging, network: { ...staging.network, interfaceEndpoints: ["s3"] } }, "network.interfaceEndpoints[0]", /logs/],
    // What stands in front of the service.
    ["a container service with both the HTTP API and a load balancer", { ...albStaging, api: staging.api }, "loadBalancer", /^and api are exclusive for an internet-facing load balancer: .*loadBalancer\.internal.*; keep one$/],
    ["an internal load balancer without the HTTP API", { ...albStaging, loadBalancer: { ...albStaging.loadBalancer, internal: true } }, "loadBalancer.internal", /^needs an api section: an internal load balancer is reached only through the HTTP API's VPC link/],
    [
      "an internal load balancer admitting prefix lists",
      { ...albStaging, api: staging.api, loadBalancer: { ...albStaging.loadBalancer, internal: true, allowedPrefixListIds: ["pl-3b927c52"] } },
      "loadBalancer.allowedPrefixListIds",
      /^is for an internet-facing load balancer/,
    ],
    ["public catch-all routes without an authorizer", { ...staging, api: { ...staging.api, publicCatchAllReason: "The service authenticates its own users." } }, "api.publicCatchAllReason", /^needs an authorizer/],
    ["uploads without the HTTP API and the pool", { ...albStaging, uploads: { presignFunction: { codeFolder: "f", handler: "index.handler", runtime: "nodejs22.x" }, thumbnailFunction: { codeFolder: "f", handler: "index.handler", runtime: "nodejs22.x" } } }, "uploads", /^needs an (api|auth) section/],
    ["a pool with neither a sign-in prefix nor a name", { ...staging, auth: { callbackUrls: ["https://www.example.com/cb"], logoutUrls: ["https://www.example.com/"] } }, "auth.domainPrefix", /^or auth\.domainName is required, not both/],
    [
      "a pool's trigger without a database",
      { ...staging, database: undefined, migrations: undefined, auth: { callbackUrls: ["https://www.example.com/cb"], logoutUrls: ["https://www.example.com/"], domainPrefix: "acme-staging", postConfirmation: { codeFolder: "f", handler: "index.handler", runtime: "nodejs22.x" } } },
      "auth.postConfirmation",
      /^needs a database section: the trigger writes the new user to PostgreSQL/,
    ],
    [
      "the API's own jwt beside the pool",
      { ...staging, api: { ...staging.api, publicReason: undefined, jwt: { issuer: "https://issuer.example.com", audience: ["web"] } }, auth: { callbackUrls: ["https://www.example.com/cb"], logoutUrls: ["https://www.example.com/"], domainPrefix: "acme-staging" } },
      "api.jwt",
      /^is taken from the auth section's user pool/,
    ],
    ["a container service with no way in", { ...staging, api: undefined }, "api", /^or loadBalancer is required: a container service needs a way in/],
    ["a function behind a load balancer", { ...functionStaging, loadBalancer: albStaging.loadBalancer }, "loadBalancer", /^is for a container service: a function is reached through the HTTP API/],
    ["a function without the HTTP API", { ...functionStaging, api: undefined }, "api", /^is required for a function service/],
    ["a load balancer without a name", { ...albStaging, loadBalancer: { healthCheckPath: "/health/" } }, "loadBalancer.domainName", /^is required: the load balancer answers HTTPS only/],
    ["a load balancer's setting its module refuses", { ...albStaging, loadBalancer: { ...albStaging.loadBalancer, deregistrationDelaySeconds: 5000 } }, "loadBalancer.deregistrationDelaySeconds", /3600/],
    // Names and certificates.
    ["an API host name without a domain or a certificate", { ...staging, api: { ...staging.api!, domainName: "api.example.com" } }, "api.domainName", /^\("api\.example\.com"\) needs a domain section .*, or a certificateArn/],
    ["a host name outside the domain's zone", { ...albStaging, loadBalancer: { ...albStaging.loadBalancer, domainName: "api.example.org" } }, "loadBalancer.domainName", /^\("api\.example\.org"\) must be in the domain's zone "staging\.drf-example\.com"/],
    ["a certificate without a host name", { ...staging, api: { ...staging.api!, certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" } }, "api.certificateArn", /^needs domainName/],
    ["site names beside aliases", { ...staging, domain: { name: "example.com" }, site: { domainNames: ["example.com"], aliases: ["www.example.com"] } }, "site.domainNames", /and aliases\/certificateArn are exclusive/],
    ["a site name outside the zone", { ...staging, domain: { name: "example.com" }, site: { domainNames: ["example.com", "www.example.org"] } }, "site.domainNames[1]", /must be in the domain's zone "example\.com"/],
    ["a hosted zone id that is not one", { ...albStaging, domain: { ...albStaging.domain!, hostedZoneId: "zone-1" } }, "domain.hostedZoneId", /./],
    // Images.
    ["the cache beside an image URI", { ...albStaging, service: { ...albStaging.service, imageUri: "docker.io/acme/drf-api:1" } }, "service.imageUri", /^and pullThroughCache are exclusive/],
    ["the cache without a tag", { ...albStaging, service: { ...albStaging.service, imageTag: undefined } }, "service.imageTag", /^is required with pullThroughCache/],
    [
      "cache credentials not named for the cache",
      { ...albStaging, service: { ...albStaging.service, pullThroughCache: { upstream: "docker-hub", repository: "acme/drf-api", credentialsArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:docker-hub-AbCdEf" } } },
      "service.pullThroughCache.credentialsArn",
      /ecr-pullthroughcache\//,
    ],
    [
      "registry credentials for an image of the service's own repository",
      { ...staging, service: { ...staging.service, registryCredentialsArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:registry-AbCdEf" } },
      "service.registryCredentialsArn",
      /./,
    ],
    ["a Docker Hub repository that is not one", { ...albStaging, service: { ...albStaging.service, pullThroughCache: { upstream: "docker-hub", repository: "Acme/DRF", credentialsArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/x-AbCdEf" } } }, "service.pullThroughCache.repository", /"owner\/name" in lowercase/],
    ["the latest tag", { ...staging, service: { ...staging.service, imageTag: "latest" } }, "service.imageTag", /never "latest"/],
    ["pipeline-owned images from another registry", { ...staging, service: { ...staging.service, imageTag: undefined, imageUri: "ghcr.io/acme/api:1.0.0", imageUpdates: "pipeline" } }, "service.imageUpdates", /"pipeline" needs imageTag/],
    ["a migrate command without one-off tasks", { ...staging, service: { ...staging.service, migrateCommand: ["./migrate"] } }, "service.migrateCommand", /needs oneOffTasks: true/],
    [
      "registry credentials the environment's boundary would deny",
      { ...staging, service: { ...staging.service, imageTag: undefined, imageUri: "ghcr.io/acme/api:1.0.0", registryCredentialsArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:ghcr-AbCdEf" } },
      "service.registryCredentialsArn",
      /must be a secret named under "acme\/staging\/" or "acme-staging\/"/,
    ],
    [
      "an API certificate of another region",
      { ...staging, api: { ...staging.api!, domainName: "api.example.com", certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" } },
      "api.certificateArn",
      /must be a certificate of the environment's region us-east-1 .*; got one of eu-west-1/,
    ],
    [
      "names too long for resource names",
      { ...staging, project: "acmecorporation", name: "staging-eu-central-x" },
      "name",
      /prefix "acmecorporation-staging-eu-central-x" longer than 32 characters/,
    ],
  ];

  test.each(cases)("%s", (_label, input, path, reason) => {
    const issues = issuesOf(() => parseEnvironmentConfig(input));
    expect(issues).toContainEqual({ path, reason: expect.stringMatching(reason) });
  });

  test("every problem is listed in one error, one a line, as <path>: <reason>", () => {
    const input = {
      ...staging,
      name: "Prod Env",
      accountId: "42",
      network: { ...staging.network, cidr: "10.0.0.0/8", availabilityZones: ["us-east-1a", "eu-west-1b", "us-east-1c"] },
    };
    let message = "";
    try {
      parseEnvironmentConfig(input);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    const lines = message.split("\n");
    expect(lines[0]).toBe('Invalid environment config "Prod Env":');
    expect(lines.slice(1).map((l) => l.trim().split(":")[0])).toEqual([
      "name",
      "accountId",
      "network.cidr",
      "network.availabilityZones",
      "network.availabilityZones[1]",
    ]);
  });

  test("a misspelt region is blamed on the region, not on each availability zone", () => {
    expect(issuesOf(() => parseEnvironmentConfig({ ...staging, region: "us-esat-1" }))).toEqual([
      { path: "region", reason: expect.stringMatching(/did you mean us-east-1\?/) },
    ]);
  });

  test.each([
    ["eu-central-2", ["eu-central-2a", "eu-central-2c"]],
    ["ca-central-1", ["ca-central-1b", "ca-central-1d"]],
    ["ap-southeast-7", ["ap-southeast-7a", "ap-southeast-7b"]],
    ["us-gov-west-1", ["us-gov-west-1a", "us-gov-west-1c"]],
    ["cn-north-1", ["cn-north-1a", "cn-north-1d"]],
  ])("a known region with two of its zones is accepted: %s %j", (region, availabilityZones) => {
    expect(parseEnvironmentConfig({ ...staging, region, network: { ...staging.network, availabilityZones } })).toMatchObject({
      region,
      network: { availabilityZones },
    });
  });

  test(`a protected environment at the boundaries: ${MIN_PROTECTED_LOG_RETENTION_DAYS} days of logs and one task`, () => {
    expect(MIN_PROTECTED_LOG_RETENTION_DAYS).toBe(90);
    const atMinimum = { ...production, logRetentionDays: 90, service: { ...production.service, minTasks: 1, desiredCount: 1 } };
    expect(parseEnvironmentConfig(atMinimum)).toMatchObject({ logRetentionDays: 90, service: { minTasks: 1, desiredCount: 1 } });
    expect(parseEnvironmentConfig({ ...atMinimum, service: { ...atMinimum.service, desiredCount: undefined } }).service).not.toHaveProperty("desiredCount", expect.anything());
  });

  test("the protected minimums do not apply where the environment is not protected", () => {
    const scaledToZero = { ...staging, logRetentionDays: 1, service: { ...staging.service, minTasks: 0, desiredCount: 0 } };
    expect(parseEnvironmentConfig(scaledToZero)).toMatchObject({ protected: false, logRetentionDays: 1, service: { minTasks: 0 } });
  });

  test("the error line names the setting, the minimum and the value given", () => {
    expect(() => parseEnvironmentConfig({ ...production, logRetentionDays: 30 })).toThrow(
      "\n  logRetentionDays: must be at least 90 days in a protected environment (got 30)",
    );
  });

  test.each(["production", "prod", "prod-eu", "production-eu"])("an environment named %s may be protected", (name) => {
    expect(parseEnvironmentConfig({ ...production, name })).toMatchObject({ name, protected: true });
  });

  test.each(["staging", "preprod", "products", "production2"])("an environment named %s may be unprotected", (name) => {
    expect(parseEnvironmentConfig({ ...staging, name })).toMatchObject({ name, protected: false });
  });

  test("plain-http development origins are allowed where the environment is not protected", () => {
    expect(() => parseEnvironmentConfig({ ...staging, api: { ...staging.api, additionalCorsOrigins: ["http://localhost:3000"] } })).not.toThrow();
  });

  test("a secret's value is never echoed in the message", () => {
    let message = "";
    try {
      parseEnvironmentConfig({ ...staging, service: { ...staging.service, secrets: { SECRET_KEY: "s3cr3t" } } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("service.secrets.SECRET_KEY");
    expect(message).not.toContain("s3cr3t");
  });

  test("a config that is not an object is refused", () => {
    expect(issuesOf(() => parseEnvironmentConfig(null))).toEqual([{ path: "(config)", reason: expect.stringMatching(/expected object/) }]);
  });
});

describe("parseBootstrapConfig", () => {
  test.each([
    ["a malformed account id", { ...bootstrap, accountId: "abc" }, "accountId"],
    ["a bad bucket name", { ...bootstrap, stateBucket: "x" }, "stateBucket"],
    ["zero retention", { ...bootstrap, noncurrentVersionRetentionDays: 0 }, "noncurrentVersionRetentionDays"],
    ["a region that does not exist", { ...bootstrap, region: "us-east-9" }, "region"],
    ["an application repository without GitHub's provider", { ...bootstrap, github: undefined, applicationDelivery: { repository: "acme/app" } }, "applicationDelivery"],
  ])("refuses %s", (_label, input, path) => {
    expect(issuesOf(() => parseBootstrapConfig(input)).map((i) => i.path)).toContain(path);
  });
});

describe("parseProjectConfig checks the application's delivery against the environments", () => {
  const albConfigs = { bootstrap: albFargate.bootstrap, environments: albFargate.environments };
  test("the example agrees with itself", () => {
    expect(() => parseProjectConfig(albConfigs)).not.toThrow();
  });
  test.each([
    ["an environment without the one-off task", { ...albConfigs, environments: [{ ...albStaging, service: { ...albStaging.service, oneOffTasks: undefined } }] }, "environments.staging.service.oneOffTasks", /must be true with the bootstrap's applicationDelivery/],
    ["an ECR push for images from Docker Hub", { ...albConfigs, bootstrap: { ...albFargate.bootstrap, applicationDelivery: { repository: "acme/drf-api" } } }, "bootstrap.applicationDelivery.pushImagesToEcr", /must be false: staging's images come from Docker Hub/],
    [
      "no ECR push for images in ECR",
      { bootstrap: { ...bootstrap, applicationDelivery: { repository: "acme/app", pushImagesToEcr: false } }, environments: [{ ...staging, service: { ...staging.service, oneOffTasks: true } }] },
      "bootstrap.applicationDelivery.pushImagesToEcr",
      /must be true \(or left out\): staging's images are in its own ECR repository/,
    ],
  ])("refuses %s", (_label, input, path, reason) => {
    expect(issuesOf(() => parseProjectConfig(input))).toContainEqual({ path, reason: expect.stringMatching(reason) });
  });
});

describe("parseProjectConfig checks the configs agree", () => {
  test("an environment whose state bucket no stack creates", () => {
    const other = { ...staging, state: { ...staging.state, bucket: "someone-elses-bucket" } };
    expect(issuesOf(() => parseProjectConfig({ bootstrap, environments: [other] }))).toContainEqual({
      path: "environments.staging.state.bucket",
      reason: expect.stringMatching(/the bucket the bootstrap stack creates \("acme-terraform-state-123456789012"\)/),
    });
  });

  test("two environments with one name", () => {
    expect(issuesOf(() => parseProjectConfig({ bootstrap, environments: [staging, staging] }))).toContainEqual({
      path: "environments.staging.name",
      reason: expect.stringMatching(/unique/),
    });
  });

  test("an environment named bootstrap", () => {
    expect(issuesOf(() => parseProjectConfig({ bootstrap, environments: [{ ...staging, name: "bootstrap" }] }))).toContainEqual({
      path: "environments.bootstrap.name",
      reason: expect.stringMatching(/state stack's name/),
    });
  });

  test("an environment in another account than the state bucket", () => {
    expect(issuesOf(() => parseProjectConfig({ bootstrap, environments: [{ ...staging, accountId: "210987654321" }] }))).toContainEqual({
      path: "environments.staging.accountId",
      reason: expect.stringMatching(/must be the bootstrap account "123456789012"/),
    });
  });

  test("an environment whose name falls under another's name prefix", () => {
    const eu = { ...production, name: "staging-eu", network: { ...production.network, cidr: "10.30.0.0/16" } };
    expect(issuesOf(() => parseProjectConfig({ bootstrap, environments: [staging, eu] }))).toContainEqual({
      path: "environments.staging-eu.name",
      reason: expect.stringMatching(/must not start with the environment name "staging" and a hyphen/),
    });
  });

  test("state access logs into the state bucket itself", () => {
    expect(issuesOf(() => parseProjectConfig({ bootstrap: { ...bootstrap, stateAccessLogBucket: bootstrap.stateBucket }, environments: [staging] }))).toContainEqual({
      path: "bootstrap.stateAccessLogBucket",
      reason: expect.stringMatching(/must differ from stateBucket/),
    });
  });

  test("environments whose networks overlap", () => {
    const narrow = { ...production, network: { ...production.network, cidr: "10.10.128.0/17" } };
    expect(issuesOf(() => parseProjectConfig({ bootstrap, environments: [staging, narrow] }))).toContainEqual({
      path: "environments.production.network.cidr",
      reason: expect.stringMatching(/overlaps staging's 10\.10\.0\.0\/16/),
    });
  });

  test("an environment of another project or state region", () => {
    const paths = issuesOf(() =>
      parseProjectConfig({ bootstrap, environments: [{ ...staging, project: "other", state: { ...staging.state, region: "eu-west-1" } }] }),
    ).map((i) => i.path);
    expect(paths).toEqual(["environments.staging.project", "environments.staging.state.region"]);
  });
});

describe("one synth reports every problem of every environment, each under the key to edit", () => {
  test("mistakes in the config's shape, in three sections' modules, and in a second environment", () => {
    const [stagingInput, productionInput] = projectConfig.environments;
    const { publicReason: _publicReason, ...api } = stagingInput.api!;
    const bad = {
      ...stagingInput,
      network: { ...stagingInput.network, cidr: "10.0.0.0/8" },
      service: { ...stagingInput.service, cpuUnits: 300 },
      api: { ...api, jwt: { issuer: "http://issuer.example.com", audience: ["web"] } },
      database: { ...stagingInput.database!, multiAz: "yes" },
      migrations: { ...stagingInput.migrations!, repository: "not a repository" },
    };
    const stderr = capture();
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "config-all-"));
    try {
      const code = main({ outdir, configs: { bootstrap: projectConfig.bootstrap, environments: [bad, { ...productionInput, logRetentionDays: 30 }] } }, {}, { stderr, stdout: capture() });
      expect(code).toBe(1);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
    const lines = stderr.text().trim().split("\n");
    expect(lines[0]).toBe("Invalid project config:");
    // Each line names the config key; none names a module prop the config does not have.
    expect(lines.slice(1).map((l) => l.trim().split(": ")[0]).sort()).toEqual(
      [
        "environments.production.logRetentionDays", // the environment's own rule
        "environments.staging.api.jwt.issuer", // HttpApi's check
        "environments.staging.database.multiAz", // the config's shape
        "environments.staging.migrations.repository", // CodebuildMigrations' check
        "environments.staging.network.cidr", // Vpc2Az's check
        "environments.staging.service.cpuUnits", // FargateService's check
      ].sort(),
    );
    expect(stderr.text()).toMatch(/network\.cidr: must have a prefix from \/16 to \/24 .*; got "10\.0\.0\.0\/8"/);
    expect(stderr.text()).toMatch(/api\.jwt\.issuer: must be an https URL .*; got "http:\/\/issuer\.example\.com"/);
    expect(stderr.text()).not.toMatch(/jwtIssuer|FargateService|corsAllowOrigins/);
  });

  test("a CORS origin the API refuses is reported at its own index in additionalCorsOrigins, after the site's origins", () => {
    const input = { ...staging, api: { ...staging.api, additionalCorsOrigins: ["http://localhost:5173", "https://ok.example.com", "https://bad.example.com/path"] } };
    expect(issuesOf(() => parseEnvironmentConfig(input))).toEqual([
      { path: "api.additionalCorsOrigins[2]", reason: expect.stringMatching(/^must be an origin such as "https:\/\/www\.example\.com"/) },
    ]);
  });
});

describe("a section that fails its shape hides no other section's problems", () => {
  test("a broken network still lets the database, the service and the log retention be checked", () => {
    const input = {
      ...production,
      logRetentionDays: 100,
      network: { ...production.network, flowLogs: "bogus" },
      database: { ...production.database!, deletionProtection: false },
      service: { ...production.service, environment: { DB_HOST: "db" }, secrets: { SECRET_KEY: "hunter2" } },
    };
    const paths = issuesOf(() => parseEnvironmentConfig(input)).map((i) => i.path).sort();
    expect(paths).toEqual(["database.deletionProtection", "logRetentionDays", "network.flowLogs", "service.environment.DB_HOST", "service.secrets.SECRET_KEY"]);
  });

  test("a broken site still lets the service be checked; a name the stack reserves is reported once", () => {
    const input = { ...staging, site: { priceClass: "cheap" }, service: { ...staging.service, secrets: { DB_USER: "arn:aws:ssm:us-east-1:123456789012:parameter/x" } } };
    expect(issuesOf(() => parseEnvironmentConfig(input)).map((i) => i.path).sort()).toEqual(["service.secrets.DB_USER", "site.priceClass"]);
  });
});
