import { block, blocks, isRecord, stringOf, strings } from "../../inspect";

describe("isRecord", () => {
  test("is true for a plain object only", () => {
    expect(isRecord({ a: 1 })).toBe(true);
    expect(isRecord([])).toBe(false);
    expect(isRecord(null)).toBe(false);
    expect(isRecord("text")).toBe(false);
  });
});

describe("block: a nested block that holds at most one", () => {
  test("reads a block written as a list of one, as cdktf writes it", () => {
    expect(block([{ status: "Enabled" }])).toEqual({ status: "Enabled" });
  });

  test("reads a block written as one object", () => {
    expect(block({ status: "Enabled" })).toEqual({ status: "Enabled" });
  });

  test("is undefined when missing, empty or not an object", () => {
    expect(block(undefined)).toBeUndefined();
    expect(block([])).toBeUndefined();
    expect(block("${var.x}")).toBeUndefined();
  });
});

describe("blocks: a repeated nested block", () => {
  test("a list gives its objects, leaving out what is not an object", () => {
    expect(blocks([{ from_port: 443 }, "x", null, { from_port: 80 }])).toEqual([{ from_port: 443 }, { from_port: 80 }]);
  });

  test("one object is a list of one", () => {
    expect(blocks({ from_port: 443 })).toEqual([{ from_port: 443 }]);
  });

  test("missing is empty", () => {
    expect(blocks(undefined)).toEqual([]);
    expect(blocks(null)).toEqual([]);
  });
});

describe("strings and stringOf", () => {
  test("strings takes a list of strings, or a lone string as a list of one", () => {
    expect(strings(["a", 1, "b"])).toEqual(["a", "b"]);
    expect(strings("a")).toEqual(["a"]);
    expect(strings(undefined)).toEqual([]);
  });

  test("stringOf gives text, literal or expression, and nothing else", () => {
    expect(stringOf("gp3")).toBe("gp3");
    expect(stringOf("${aws_kms_key.k.arn}")).toBe("${aws_kms_key.k.arn}");
    expect(stringOf(3)).toBeUndefined();
  });
});
