import { formatTable, median, parseBenchArgs, slope } from "../../scripts/bench";
import { summarize } from "../../scripts/plan";
import { stagingCopy } from "../../scripts/scale-check";
import { parseEnvironmentConfig, projectConfig } from "../../environments";

describe("bench arithmetic", () => {
  test("median of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  test("the table marks a measure over its target as SLOW, with the spread of its runs", () => {
    const table = formatTable([
      { what: "fast", runs: 5, seconds: 1.2, min: 1.1, max: 1.4, targetSeconds: 1.5 },
      { what: "slow", runs: 5, seconds: 1.6, min: 1.5, max: 2, targetSeconds: 1.5 },
      { what: "untargeted", runs: 1, seconds: 30 },
    ]);
    const lines = table.split("\n");
    expect(lines[0]).toMatch(/^measure\s+runs\s+seconds\s+min\s+max\s+target\s+verdict$/);
    expect(lines[1]).toMatch(/^fast\s+5\s+1\.20\s+1\.10\s+1\.40\s+< 1\.5\s+ok$/);
    expect(lines[2]).toMatch(/^slow\s+5\s+1\.60\s+1\.50\s+2\.00\s+< 1\.5\s+SLOW$/);
    expect(lines[3]).toMatch(/^untargeted\s+1\s+30\.00\s+-\s+-\s+-\s+-$/);
  });

  test("seconds per added stack is the least-squares slope through the runs", () => {
    expect(slope([{ x: 3, y: 20 }, { x: 6, y: 29 }, { x: 12, y: 47 }])).toBeCloseTo(3, 10);
    expect(slope([{ x: 3, y: 20 }, { x: 6, y: 32 }])).toBeCloseTo(4, 10);
    expect(() => slope([{ x: 3, y: 1 }])).toThrow(RangeError);
    expect(() => slope([{ x: 3, y: 1 }, { x: 3, y: 2 }])).toThrow(RangeError);
  });

  test("options: defaults, each flag, and a refusal that names the flags", () => {
    expect(parseBenchArgs([])).toEqual({ synthRuns: 7, testRuns: 1, scale: [3, 6, 12] });
    expect(parseBenchArgs(["--synth-runs", "3", "--test-runs", "0", "--scale", "2,4"])).toEqual({ synthRuns: 3, testRuns: 0, scale: [2, 4] });
    expect(() => parseBenchArgs(["--scale", "3"])).toThrow(/--scale N,N/);
    expect(() => parseBenchArgs(["--runs", "3"])).toThrow(/unknown or bad option --runs 3/);
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

describe("the scale benchmark's stacks", () => {
  test("copies of staging are valid configs with names and networks of their own", () => {
    const copies = Array.from({ length: 12 }, (_, i) => parseEnvironmentConfig(stagingCopy(i + 1)));
    expect(copies.map((c) => c.name)).toEqual(Array.from({ length: 12 }, (_, i) => `scale-${String(i + 1).padStart(2, "0")}`));
    expect(new Set(copies.map((c) => c.network.cidr)).size).toBe(12);
    expect(copies[0]).toMatchObject({ ...parseEnvironmentConfig(projectConfig.environments[0]), name: "scale-01", network: expect.objectContaining({ cidr: "10.101.0.0/16" }) });
    expect(() => stagingCopy(0)).toThrow(RangeError);
  });
});
