import { bootstrap } from "../../environments/bootstrap";
import { BootstrapStack } from "../../environments/bootstrap-stack";
import { parseBootstrapConfig } from "../../environments/config";
import { onlyResource, resourceCounts, synthJson, testApp } from "../support/synth";

describe("BootstrapStack", () => {
  const stack = new BootstrapStack(testApp(), parseBootstrapConfig(bootstrap));
  const json = synthJson(stack);

  test("is named bootstrap and keeps its own state in a local file in the project folder", () => {
    expect(stack.node.id).toBe("bootstrap");
    expect(json.terraform?.backend).toEqual({ local: { path: "../../../terraform.bootstrap.tfstate" } });
  });

  test("creates only the protected state bucket", () => {
    expect(Object.keys(resourceCounts(json)).every((type) => type.startsWith("aws_s3_bucket"))).toBe(true);
    expect(onlyResource(json, "aws_s3_bucket")).toMatchObject({
      bucket: "acme-terraform-state-123456789012",
      lifecycle: { prevent_destroy: true },
    });
  });

  test("the provider is pinned to the bootstrap account and tags with Environment=bootstrap", () => {
    expect(json.provider?.aws?.[0]).toMatchObject({
      region: "us-east-1",
      allowed_account_ids: ["123456789012"],
      default_tags: [{ tags: { Project: "acme", Environment: "bootstrap", ManagedBy: "cdktf" } }],
    });
  });

  test("exports the bucket name", () => {
    expect(json.output?.state_bucket?.value).toMatch(/^\$\{aws_s3_bucket\.StateBucket_State_Bucket_[0-9A-F]+\.bucket\}$/);
  });
});
