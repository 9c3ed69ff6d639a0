import { AppStack, stateKey } from "../../environments/app-stack";
import { cidrsOverlap } from "../../modules/_internal/cidr";
import { parseEnvironmentConfig } from "../../environments/config";
import { production } from "../../environments/production";
import { staging } from "../../environments/staging";
import { countOf, testApp, onlyResource, resourceList, SynthesizedStack, synthJson } from "../support/synth";

const stagingConfig = parseEnvironmentConfig(staging);
const productionConfig = parseEnvironmentConfig(production);

function synthEnvironment(config = stagingConfig, backend: "s3" | "local" = "s3"): { stack: AppStack; json: SynthesizedStack } {
  const stack = new AppStack(testApp(), config, { backend });
  return { stack, json: synthJson(stack) };
}

describe("AppStack state and provider", () => {
  const { json: stagingJson } = synthEnvironment(stagingConfig);
  const { json: productionJson } = synthEnvironment(productionConfig);

  test("keeps state in the S3 bucket, encrypted, with S3-native locking", () => {
    expect(stagingJson.terraform?.backend).toEqual({
      s3: {
        bucket: "acme-terraform-state-123456789012",
        key: "acme/staging/terraform.tfstate",
        region: "us-east-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  test("each environment has its own state key", () => {
    const keys = [stagingJson, productionJson].map((j) => j.terraform?.backend?.s3?.key);
    expect(keys).toEqual(["acme/staging/terraform.tfstate", "acme/production/terraform.tfstate"]);
    expect(stateKey({ project: "acme", name: "preview-42" })).toBe("acme/preview-42/terraform.tfstate");
  });

  test("requires a Terraform that supports use_lockfile", () => {
    expect(stagingJson.terraform?.required_version).toBe(">= 1.10.0");
  });

  test("the provider may touch only the environment's account and tags everything", () => {
    expect(stagingJson.provider?.aws).toEqual([
      {
        region: "us-east-1",
        allowed_account_ids: ["123456789012"],
        default_tags: [{ tags: { CostCenter: "web", Project: "acme", Environment: "staging", ManagedBy: "cdktf" } }],
      },
    ]);
    expect(productionJson.provider?.aws?.[0]).toMatchObject({
      default_tags: [{ tags: expect.objectContaining({ Environment: "production" }) }],
    });
  });

  test("the local backend switch writes state to a file in the project folder instead", () => {
    const { json } = synthEnvironment(stagingConfig, "local");
    expect(json.terraform?.backend).toEqual({ local: { path: "../../../terraform.staging.tfstate" } });
  });
});

describe("AppStack composition", () => {
  test("staging: the network from its config, private egress through one NAT instance", () => {
    const { stack, json } = synthEnvironment(stagingConfig);
    expect(stack.node.id).toBe("staging");
    expect(onlyResource(json, "aws_vpc")).toMatchObject({ cidr_block: "10.10.0.0/16", tags: { Name: "acme-staging-vpc" } });
    expect(resourceList(json, "aws_subnet").map((s) => s.availability_zone).sort()).toEqual([
      "us-east-1a",
      "us-east-1a",
      "us-east-1b",
      "us-east-1b",
    ]);
    expect(countOf(json, "aws_instance")).toBe(1);
    expect(countOf(json, "aws_nat_gateway")).toBe(0);
    expect(onlyResource(json, "aws_flow_log")).toMatchObject({ traffic_type: "REJECT" });
    expect(onlyResource(json, "aws_cloudwatch_log_group")).toMatchObject({ retention_in_days: 14 });
  });

  test("production: one NAT gateway, all traffic in the flow log, kept a year", () => {
    const { json } = synthEnvironment(productionConfig);
    expect(onlyResource(json, "aws_vpc")).toMatchObject({ cidr_block: "10.20.0.0/16" });
    expect(countOf(json, "aws_nat_gateway")).toBe(1);
    expect(countOf(json, "aws_instance")).toBe(0);
    expect(onlyResource(json, "aws_flow_log")).toMatchObject({ traffic_type: "ALL" });
    expect(onlyResource(json, "aws_cloudwatch_log_group")).toMatchObject({ retention_in_days: 365 });
  });

  test("the stack, not the module, exports the network's ids", () => {
    const { json } = synthEnvironment(stagingConfig);
    expect(Object.keys(json.output ?? {}).sort()).toEqual(["private_subnet_ids", "public_subnet_ids", "vpc_id"]);
    expect(json.output?.vpc_id?.value).toMatch(/^\$\{aws_vpc\.Network_Vpc_[0-9A-F]+\.id\}$/);
  });

  test("the two environments' networks do not overlap", () => {
    expect(cidrsOverlap(stagingConfig.network.cidr, productionConfig.network.cidr)).toBe(false);
  });

  // Change detectors, not assertions: a changed construct id changes a Terraform address and
  // replaces the resource, so a diff here deserves a look at the plan.
  test.each([
    ["staging", stagingConfig],
    ["production", productionConfig],
  ])("%s synthesizes to the same JSON unless the code changes", (_name, config) => {
    expect(synthEnvironment(config).json).toMatchSnapshot();
  });
});
