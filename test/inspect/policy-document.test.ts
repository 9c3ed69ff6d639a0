import { parseJsonAttribute, parsePolicyDocument } from "../../inspect";

describe("parseJsonAttribute", () => {
  test("parses a JSON string, and takes an object as parsed", () => {
    expect(parseJsonAttribute('{"a":1}', "the policy")).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonAttribute({ a: 1 }, "the policy")).toEqual({ ok: true, value: { a: 1 } });
  });

  test("says why a value cannot be read", () => {
    expect(parseJsonAttribute(undefined, "the policy")).toEqual({ ok: false, detail: "the policy is missing" });
    expect(parseJsonAttribute(3, "the policy")).toEqual({ ok: false, detail: "the policy is a number, not JSON" });
    expect(parseJsonAttribute("{", "the policy")).toMatchObject({ ok: false, detail: expect.stringContaining("the policy is not valid JSON") });
    expect(parseJsonAttribute("${data.aws_iam_policy_document.d.json}", "the policy")).toMatchObject({
      ok: false,
      detail: expect.stringContaining("the policy is a Terraform expression (${data.aws_iam_policy_document.d.json})"),
    });
  });
});

describe("parsePolicyDocument", () => {
  test("normalizes every list-or-string field to a list", () => {
    const parsed = parsePolicyDocument(
      JSON.stringify({
        Statement: {
          Sid: "Read",
          Effect: "Allow",
          Principal: { Service: "cloudfront.amazonaws.com" },
          Action: "s3:GetObject",
          Resource: ["${aws_s3_bucket.Site.arn}/*"],
          Condition: { StringEquals: { "aws:SourceArn": "${aws_cloudfront_distribution.D.arn}" } },
        },
      }),
    );
    expect(parsed).toEqual({
      ok: true,
      value: [
        {
          sid: "Read",
          effect: "Allow",
          principal: { Service: ["cloudfront.amazonaws.com"] },
          notPrincipal: false,
          actions: ["s3:GetObject"],
          notActions: [],
          resources: ["${aws_s3_bucket.Site.arn}/*"],
          notResources: [],
          conditions: { StringEquals: { "aws:SourceArn": ["${aws_cloudfront_distribution.D.arn}"] } },
        },
      ],
    });
  });

  test('reads Principal "*" and a NotPrincipal', () => {
    const parsed = parsePolicyDocument({ Statement: [{ Effect: "Deny", NotPrincipal: "*", NotAction: ["s3:*"], NotResource: "*" }] });
    expect(parsed.ok && parsed.value[0]).toMatchObject({ effect: "Deny", principal: "*", notPrincipal: true, notActions: ["s3:*"], notResources: ["*"] });
  });

  test("a document without Statement, or a statement without a valid Effect, cannot be read", () => {
    expect(parsePolicyDocument({ Version: "2012-10-17" }, "policy")).toEqual({ ok: false, detail: "policy has no Statement" });
    expect(parsePolicyDocument({ Statement: ["x"] }, "policy")).toEqual({ ok: false, detail: "policy Statement[0] is not an object" });
    expect(parsePolicyDocument({ Statement: [{ Effect: "Maybe" }] }, "policy")).toEqual({ ok: false, detail: "policy Statement[0] has Effect Maybe" });
  });
});
