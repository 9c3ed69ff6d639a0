import { formatTable, median } from "../../scripts/bench";
import { summarize } from "../../scripts/plan";

describe("bench arithmetic", () => {
  test("median of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  test("the table marks a measure over its target as SLOW", () => {
    const table = formatTable([
      { what: "fast", runs: 5, seconds: 1.2, targetSeconds: 1.5 },
      { what: "slow", runs: 5, seconds: 1.6, targetSeconds: 1.5 },
      { what: "untargeted", runs: 1, seconds: 30 },
    ]);
    const lines = table.split("\n");
    expect(lines[0]).toMatch(/^measure\s+runs\s+seconds\s+target\s+verdict$/);
    expect(lines[1]).toMatch(/^fast\s+5\s+1\.20\s+< 1\.5\s+ok$/);
    expect(lines[2]).toMatch(/^slow\s+5\s+1\.60\s+< 1\.5\s+SLOW$/);
    expect(lines[3]).toMatch(/^untargeted\s+1\s+30\.00\s+-\s+-$/);
  });
});

describe("plan summary", () => {
  test("counts planned actions by resource type, one column per action present", () => {
    const table = summarize([
      { type: "aws_vpc", action: "create" },
      { type: "aws_subnet", action: "create" },
      { type: "aws_subnet", action: "create" },
      { type: "aws_subnet", action: "delete" },
    ]);
    expect(table.split("\n")).toEqual([
      "resource type  create  delete",
      "aws_subnet     2       1",
      "aws_vpc        1",
    ]);
  });
});
