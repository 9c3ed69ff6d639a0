import { constructPathOf, MARKS_KEY, marksOf, resourceAt, resourcesOf, resourcesOfType, resourceTypesOf, textMark, withoutMarks } from "../../inspect";

const STACK = {
  "//": { metadata: { stackName: "qa" } },
  resource: {
    aws_s3_bucket: {
      Media_Bucket_1: { bucket: "media", "//": { metadata: { path: "qa/Media/Media/Bucket" }, purpose: "media" } },
      Hand_Made: { bucket: "other" },
    },
    aws_vpc: { Vpc: { cidr_block: "10.0.0.0/16" } },
    aws_subnet: {},
  },
};

describe("resources by type", () => {
  test("resourcesOf reads every resource: address, construct path, arguments without marks, marks", () => {
    expect(resourcesOf(STACK)).toEqual([
      {
        type: "aws_s3_bucket",
        name: "Media_Bucket_1",
        address: "aws_s3_bucket.Media_Bucket_1",
        path: "qa/Media/Media/Bucket",
        values: { bucket: "media" },
        marks: { metadata: { path: "qa/Media/Media/Bucket" }, purpose: "media" },
      },
      { type: "aws_s3_bucket", name: "Hand_Made", address: "aws_s3_bucket.Hand_Made", path: "aws_s3_bucket.Hand_Made", values: { bucket: "other" }, marks: {} },
      { type: "aws_vpc", name: "Vpc", address: "aws_vpc.Vpc", path: "aws_vpc.Vpc", values: { cidr_block: "10.0.0.0/16" }, marks: {} },
    ]);
  });

  test("resourcesOfType reads one type, empty for a type the stack does not have", () => {
    expect(resourcesOfType(STACK, "aws_s3_bucket").map((r) => r.name)).toEqual(["Media_Bucket_1", "Hand_Made"]);
    expect(resourcesOfType(STACK, "aws_db_instance")).toEqual([]);
    expect(resourcesOfType({}, "aws_vpc")).toEqual([]);
  });

  test("resourceAt reads one resource by type and name", () => {
    expect(resourceAt(STACK, "aws_vpc", "Vpc")?.values).toEqual({ cidr_block: "10.0.0.0/16" });
    expect(resourceAt(STACK, "aws_vpc", "Other")).toBeUndefined();
    expect(resourceAt(STACK, "aws_eip", "Vpc")).toBeUndefined();
  });

  test("resourceTypesOf lists the types as the JSON has them, empty ones too", () => {
    expect(resourceTypesOf(STACK)).toEqual(["aws_s3_bucket", "aws_vpc", "aws_subnet"]);
    expect(resourceTypesOf({})).toEqual([]);
  });
});

describe("marks under //", () => {
  const bucket = STACK.resource.aws_s3_bucket.Media_Bucket_1;

  test("marksOf reads a resource's or a stack's //, and {} without one", () => {
    expect(MARKS_KEY).toBe("//");
    expect(marksOf(bucket)).toEqual({ metadata: { path: "qa/Media/Media/Bucket" }, purpose: "media" });
    expect(marksOf(STACK)).toEqual({ metadata: { stackName: "qa" } });
    expect(marksOf({ bucket: "x" })).toEqual({});
    expect(marksOf({ "//": "not marks" })).toEqual({});
    expect(marksOf(undefined)).toEqual({});
  });

  test("withoutMarks leaves the arguments", () => {
    expect(withoutMarks(bucket)).toEqual({ bucket: "media" });
  });

  test("constructPathOf reads cdktf's metadata path", () => {
    expect(constructPathOf(marksOf(bucket))).toBe("qa/Media/Media/Bucket");
    expect(constructPathOf({})).toBeUndefined();
  });

  test("textMark reads a mark that is text", () => {
    expect(textMark(marksOf(bucket), "purpose")).toBe("media");
    expect(textMark(marksOf(bucket), "metadata")).toBeUndefined();
    expect(textMark({}, "purpose")).toBeUndefined();
  });
});
