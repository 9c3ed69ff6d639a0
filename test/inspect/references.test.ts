import { isExpression, literal, parseReference, referencedName, referencesIn } from "../../inspect";

describe("parseReference: a value that is one reference", () => {
  test("parses type, name, address and attribute", () => {
    expect(parseReference("${aws_s3_bucket.Media_Bucket_BEB476D1.arn}")).toEqual({
      type: "aws_s3_bucket",
      name: "Media_Bucket_BEB476D1",
      address: "aws_s3_bucket.Media_Bucket_BEB476D1",
      attribute: "arn",
    });
  });

  test("keeps an indexed attribute path, and spaces around the value do not matter", () => {
    expect(parseReference(" ${aws_db_instance.Db.master_user_secret[0].secret_arn} ")).toMatchObject({
      address: "aws_db_instance.Db",
      attribute: "master_user_secret[0].secret_arn",
    });
  });

  test("the address alone has an empty attribute", () => {
    expect(parseReference("${aws_vpc.Main}")).toMatchObject({ address: "aws_vpc.Main", attribute: "" });
  });

  test("a data source keeps its data. prefix in the type", () => {
    expect(parseReference("${data.aws_iam_policy_document.trust.json}")).toMatchObject({
      type: "data.aws_iam_policy_document",
      name: "trust",
      address: "data.aws_iam_policy_document.trust",
      attribute: "json",
    });
  });

  test("is undefined for variables, text around the expression, functions and non-strings", () => {
    expect(parseReference("${var.bucket}")).toBeUndefined();
    expect(parseReference("${aws_s3_bucket.b.arn}/*")).toBeUndefined();
    expect(parseReference('${join(",", aws_subnet.a.*.id)}')).toBeUndefined();
    expect(parseReference(42)).toBeUndefined();
  });
});

describe("referencesIn: every reference inside a value", () => {
  test("finds references in strings, lists, objects and JSON kept as a string, in order", () => {
    const policy = JSON.stringify({ Statement: [{ Resource: ["${aws_s3_bucket.Media.arn}", "${aws_s3_bucket.Media.arn}/*"] }] });
    const found = referencesIn({ policy, role: ["${aws_iam_role.Task.name}"] });
    expect(found.map((r) => `${r.address} ${r.attribute}`)).toEqual(["aws_s3_bucket.Media arn", "aws_s3_bucket.Media arn", "aws_iam_role.Task name"]);
  });

  test("finds references inside functions, but not variables or locals", () => {
    const found = referencesIn('${join(",", [aws_subnet.A.id, var.extra, local.x])}');
    expect(found.map((r) => r.address)).toEqual(["aws_subnet.A"]);
  });

  test("skips cdktf's // metadata", () => {
    expect(referencesIn({ "//": { note: "${aws_vpc.Main.id}" }, vpc_id: "literal" })).toEqual([]);
  });
});

describe("referencedName", () => {
  test("is the name of the first reference to the type", () => {
    expect(referencedName("${aws_eip.NatIp.id}", "aws_eip")).toBe("NatIp");
    expect(referencedName(["${aws_vpc.V.id}", "${aws_eip.Other.id}"], "aws_eip")).toBe("Other");
  });

  test("is undefined when the value refers to no resource of the type", () => {
    expect(referencedName("${aws_instance.I.id}", "aws_eip")).toBeUndefined();
    expect(referencedName(undefined, "aws_eip")).toBeUndefined();
  });
});

describe("isExpression and literal", () => {
  test("isExpression is true for a whole Terraform expression, a variable's too", () => {
    expect(isExpression("${aws_kms_key.k.arn}")).toBe(true);
    expect(isExpression(" ${var.x} ")).toBe(true);
    expect(isExpression("arn:${var.partition}:s3:::b")).toBe(false);
    expect(isExpression(true)).toBe(false);
  });

  test("literal gives values known at synth as text, and nothing for expressions", () => {
    expect(literal("gp3")).toBe("gp3");
    expect(literal(5432)).toBe("5432");
    expect(literal(false)).toBe("false");
    expect(literal("${var.x}")).toBeUndefined();
    expect(literal(undefined)).toBeUndefined();
  });
});
