import * as path from "node:path";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Testing } from "cdktf";
import { buildApp } from "../../environments";
import { resourceAt, resourcesOfType, textMark } from "../../inspect";
import { markPurpose, PURPOSE_MARK } from "../../modules/shared/purpose";
import { testOutdir } from "../support/outdir";
import { testStack } from "../support/synth";

/** The purpose of each bucket of a synthesized stack, by construct path. */
function purposesOf(json: unknown): Record<string, string | undefined> {
  return Object.fromEntries(resourcesOfType(json as Parameters<typeof resourcesOfType>[0], "aws_s3_bucket").map((b) => [b.path, textMark(b.marks, PURPOSE_MARK)]));
}

describe("markPurpose", () => {
  test("writes the purpose under // of the resource, where the inspection layer reads it back", () => {
    const stack = testStack();
    const bucket = markPurpose(new S3Bucket(stack, "Media", { bucket: "acme-media" }), "media");
    const json = stack.toTerraform() as Parameters<typeof resourceAt>[0];
    const read = resourceAt(json, "aws_s3_bucket", bucket.friendlyUniqueId);
    expect(read?.marks[PURPOSE_MARK]).toBe("media");
    expect(textMark(read!.marks, PURPOSE_MARK)).toBe("media");
  });

  test("changes nothing Terraform reads: the arguments are those of an unmarked bucket", () => {
    const marked = testStack();
    markPurpose(new S3Bucket(marked, "Media", { bucket: "acme-media" }), "media");
    const plain = testStack();
    new S3Bucket(plain, "Media", { bucket: "acme-media" });
    expect(JSON.parse(Testing.synth(marked))).toEqual(JSON.parse(Testing.synth(plain)));
    const values = (stack: ReturnType<typeof testStack>) => resourceAt(stack.toTerraform() as Parameters<typeof resourceAt>[0], "aws_s3_bucket", "Media")?.values;
    expect(values(marked)).toEqual(values(plain));
  });

  test("a resource has one purpose: marking it again the same is fine, with another fails", () => {
    const bucket = new S3Bucket(testStack(), "Logs", { bucket: "acme-logs" });
    markPurpose(bucket, "access-logs");
    expect(() => markPurpose(bucket, "access-logs")).not.toThrow();
    expect(() => markPurpose(bucket, "media")).toThrow(/markPurpose "test\/Logs": the resource is already marked "access-logs"; a resource has one purpose, got "media" too/);
  });
});

describe("the modules mark the buckets they create", () => {
  const built = buildApp({ outdir: path.join(testOutdir(), "purpose-marks") });
  const stack = (name: string) => [built.bootstrap, ...built.environments].find((s) => s.node.id === name)!;

  test("staging: the site's content and the media", () => {
    expect(purposesOf(stack("staging").toTerraform())).toMatchObject({
      "staging/Site/Site/Bucket": "site-content",
      "staging/Media/Media/Bucket": "media",
    });
  });

  test("production: also the site's access logs", () => {
    expect(purposesOf(stack("production").toTerraform())).toMatchObject({
      "production/Site/Site/Bucket": "site-content",
      "production/Site/Logs/Bucket": "access-logs",
      "production/Media/Media/Bucket": "media",
    });
  });

  test("bootstrap: the Terraform state, and the state bucket's access logs (a log target)", () => {
    expect(purposesOf(stack("bootstrap").toTerraform())).toEqual({
      "bootstrap/StateBucket/State/Bucket": "terraform-state",
      "bootstrap/StateBucket/AccessLogs/Bucket": "access-logs",
    });
  });
});
