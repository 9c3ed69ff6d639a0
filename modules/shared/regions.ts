/**
 * The AWS regions this project deploys to, and the availability zones each has: the one source
 * every region and zone check uses (the environment configs and every module with a `region`).
 *
 * Compiled on 2026-12-01 from the AWS documentation "AWS Regions and Availability Zones"
 * (docs.aws.amazon.com/global-infrastructure/latest/regions/: the "AWS Regions" table and the
 * "AWS Availability Zones" tables of AZ IDs per region), cross-checked against the region list
 * in the AWS SDK's endpoint data (@aws-sdk/core, partitions) and S3's bucket location
 * constraints (@aws-sdk/client-s3 3.1169.0).
 *
 * Left out on purpose:
 * - me-west-1 (Saudi Arabia) and sa-west-1 (Chile): in the SDK's endpoint data, but their zones
 *   were not documented when this was compiled. Add them, with their zone letters, once they are.
 * - eusc-de-east-1 (AWS European Sovereign Cloud) and the ISO partitions (us-iso-*, us-isob-*,
 *   eu-isoe-*, us-isof-*): other partitions, which `partitionOf` does not name.
 * - Local Zones and Wavelength Zones (`us-east-1-bos-1a`): not availability zones for a VPC
 *   that spans two of them.
 *
 * Zone letters. A region's zones are its code and a letter (`us-east-1` + `a`). In regions
 * launched after November 2012 every account has the same letters. In the older ones (us-east-1,
 * us-west-1, ap-northeast-1, ...) AWS mapped letters to zones per account for accounts created
 * before November 2025, so a letter may name another zone, or no zone, in another account: there
 * the list holds every letter an account may have, and `accountNote` says where an account has
 * fewer. `aws ec2 describe-availability-zones --region <region>` lists the zones of yours.
 *
 * When AWS opens a region or a zone, add it here (and update the date): until then configs and
 * modules refuse it, and the message points to this file.
 */
export const REGIONS_COMPILED_ON = "2026-12-01";

/** The AWS partition a region belongs to: the second field of its ARNs. */
export type Partition = "aws" | "aws-cn" | "aws-us-gov";

/** One region as this list knows it. */
export interface RegionInfo {
  readonly partition: Partition;
  /** Where it is, as the AWS console names it. */
  readonly location: string;
  /** The letters of its availability zones, in order: "abc" for `<region>a`, `<region>b`, `<region>c`. */
  readonly zoneLetters: string;
  /** Where the letters an account has vary by account: which, and how many. */
  readonly accountNote?: string;
}

/** The known regions, by code. Read it through the functions below. */
export const AWS_REGIONS: Readonly<Record<string, RegionInfo>> = {
  // North America
  "us-east-1": { partition: "aws", location: "US East (N. Virginia)", zoneLetters: "abcdef" },
  "us-east-2": { partition: "aws", location: "US East (Ohio)", zoneLetters: "abc" },
  "us-west-1": {
    partition: "aws",
    location: "US West (N. California)",
    zoneLetters: "abc",
    accountNote: "each account has two of them (usw1-az1 and usw1-az3)",
  },
  "us-west-2": { partition: "aws", location: "US West (Oregon)", zoneLetters: "abcd" },
  // cac1-az3 (ca-central-1c) is not offered to accounts: the three zones are a, b and d.
  "ca-central-1": { partition: "aws", location: "Canada (Central)", zoneLetters: "abd" },
  "ca-west-1": { partition: "aws", location: "Canada West (Calgary)", zoneLetters: "abc" },
  "mx-central-1": { partition: "aws", location: "Mexico (Central)", zoneLetters: "abc" },
  // South America
  "sa-east-1": { partition: "aws", location: "South America (São Paulo)", zoneLetters: "abc" },
  // Europe
  "eu-central-1": { partition: "aws", location: "Europe (Frankfurt)", zoneLetters: "abc" },
  "eu-central-2": { partition: "aws", location: "Europe (Zurich)", zoneLetters: "abc" },
  "eu-north-1": { partition: "aws", location: "Europe (Stockholm)", zoneLetters: "abc" },
  "eu-south-1": { partition: "aws", location: "Europe (Milan)", zoneLetters: "abc" },
  "eu-south-2": { partition: "aws", location: "Europe (Spain)", zoneLetters: "abc" },
  "eu-west-1": { partition: "aws", location: "Europe (Ireland)", zoneLetters: "abc" },
  "eu-west-2": { partition: "aws", location: "Europe (London)", zoneLetters: "abc" },
  "eu-west-3": { partition: "aws", location: "Europe (Paris)", zoneLetters: "abc" },
  // Middle East and Africa
  "af-south-1": { partition: "aws", location: "Africa (Cape Town)", zoneLetters: "abc" },
  "il-central-1": { partition: "aws", location: "Israel (Tel Aviv)", zoneLetters: "abc" },
  "me-central-1": { partition: "aws", location: "Middle East (UAE)", zoneLetters: "abc" },
  "me-south-1": { partition: "aws", location: "Middle East (Bahrain)", zoneLetters: "abc" },
  // Asia Pacific
  "ap-east-1": { partition: "aws", location: "Asia Pacific (Hong Kong)", zoneLetters: "abc" },
  "ap-east-2": { partition: "aws", location: "Asia Pacific (Taipei)", zoneLetters: "abc" },
  "ap-northeast-1": {
    partition: "aws",
    location: "Asia Pacific (Tokyo)",
    zoneLetters: "abcd",
    accountNote: "each account has three of them, most accounts a, c and d",
  },
  "ap-northeast-2": { partition: "aws", location: "Asia Pacific (Seoul)", zoneLetters: "abcd" },
  "ap-northeast-3": { partition: "aws", location: "Asia Pacific (Osaka)", zoneLetters: "abc" },
  "ap-south-1": { partition: "aws", location: "Asia Pacific (Mumbai)", zoneLetters: "abc" },
  "ap-south-2": { partition: "aws", location: "Asia Pacific (Hyderabad)", zoneLetters: "abc" },
  "ap-southeast-1": { partition: "aws", location: "Asia Pacific (Singapore)", zoneLetters: "abc" },
  "ap-southeast-2": { partition: "aws", location: "Asia Pacific (Sydney)", zoneLetters: "abc" },
  "ap-southeast-3": { partition: "aws", location: "Asia Pacific (Jakarta)", zoneLetters: "abc" },
  "ap-southeast-4": { partition: "aws", location: "Asia Pacific (Melbourne)", zoneLetters: "abc" },
  "ap-southeast-5": { partition: "aws", location: "Asia Pacific (Malaysia)", zoneLetters: "abc" },
  "ap-southeast-6": { partition: "aws", location: "Asia Pacific (New Zealand)", zoneLetters: "abc" },
  "ap-southeast-7": { partition: "aws", location: "Asia Pacific (Thailand)", zoneLetters: "abc" },
  // AWS GovCloud (US): a GovCloud account only.
  "us-gov-east-1": { partition: "aws-us-gov", location: "AWS GovCloud (US-East)", zoneLetters: "abc" },
  "us-gov-west-1": { partition: "aws-us-gov", location: "AWS GovCloud (US-West)", zoneLetters: "abc" },
  // China: an AWS (China) account only. Beijing's zones are cnn1-az1, -az2 and -az4: a, b and d.
  "cn-north-1": { partition: "aws-cn", location: "China (Beijing)", zoneLetters: "abd" },
  "cn-northwest-1": { partition: "aws-cn", location: "China (Ningxia)", zoneLetters: "abc" },
};

/** Every known region code, sorted. */
export const KNOWN_REGIONS: readonly string[] = Object.keys(AWS_REGIONS).sort();

/** Where to add a region or zone AWS has opened since the list was compiled. */
const LIST_FILE = "modules/shared/regions.ts";

/** The entry for a region code, or undefined where the list does not know it. */
export function regionInfo(region: string): RegionInfo | undefined {
  return Object.hasOwn(AWS_REGIONS, region) ? AWS_REGIONS[region] : undefined;
}

/** True for a region code in the list (`us-east-1`); false for anything else, `us-east-9` included. */
export function isKnownRegion(region: string): boolean {
  return regionInfo(region) !== undefined;
}

/** The availability zones of a known region (`us-east-1a`, ...); empty for an unknown one. */
export function availabilityZonesOf(region: string): readonly string[] {
  const info = regionInfo(region);
  return info === undefined ? [] : [...info.zoneLetters].map((letter) => `${region}${letter}`);
}

/**
 * What is wrong with a region code, or undefined for a known region. The message names the
 * code, suggests the closest known regions for a near miss, and lists the known ones:
 * `"us-esat-1" is not an AWS region; did you mean us-east-1? (known regions as of ...: ...)`.
 */
export function regionProblem(region: string): string | undefined {
  if (isKnownRegion(region)) return undefined;
  const closest = closestKnownRegions(region);
  const suggestion = closest.length === 0 ? "" : `; did you mean ${orList(closest)}?`;
  return `${JSON.stringify(region)} is not an AWS region${suggestion} (known regions as of ${REGIONS_COMPILED_ON}: ${KNOWN_REGIONS.join(", ")}; the list is ${LIST_FILE})`;
}

/**
 * What is wrong with an availability zone of a region, or undefined where it is one of the
 * region's zones. Undefined too where the region itself is unknown: {@link regionProblem}
 * reports that, and a zone cannot be checked against a region that is not in the list.
 * `"us-east-1z" is not an availability zone of us-east-1 (its zones: us-east-1a, ..., us-east-1f)`.
 */
export function availabilityZoneProblem(region: string, az: string): string | undefined {
  const info = regionInfo(region);
  if (info === undefined) return undefined;
  const zones = availabilityZonesOf(region);
  if (zones.includes(az)) return undefined;
  const elsewhere = KNOWN_REGIONS.find((other) => other !== region && availabilityZonesOf(other).includes(az));
  const owner = elsewhere === undefined ? "" : `, but of ${elsewhere}`;
  const note = info.accountNote === undefined ? "" : `; ${info.accountNote}`;
  return `${JSON.stringify(az)} is not an availability zone of ${region}${owner} (${region}'s zones: ${zones.join(", ")}${note}; the list is ${LIST_FILE})`;
}

/** Up to three known regions nearest a mistyped code (a typo or two away), nearest first. */
export function closestKnownRegions(text: string): string[] {
  const typed = text.trim().toLowerCase();
  if (typed.length === 0) return [];
  const ranked = KNOWN_REGIONS.map((region) => ({ region, distance: editDistance(typed, region) }))
    .filter((r) => r.distance <= MAX_SUGGESTION_DISTANCE)
    .sort((a, b) => a.distance - b.distance || a.region.localeCompare(b.region));
  const best = ranked[0]?.distance;
  return ranked.filter((r) => r.distance === best).slice(0, 3).map((r) => r.region);
}

/** `a`, `a or b`, `a, b or c`. */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** A code further than this from every known region gets no suggestion. */
const MAX_SUGGESTION_DISTANCE = 2;

/**
 * Edits (insert, delete, substitute, or swap two neighbours) from `a` to `b`: the optimal string
 * alignment distance, so the swapped letters of "us-esat-1" count as one edit.
 */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]![j]!;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i]![j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * Who writes a load balancer's access logs into its S3 bucket, as a bucket policy's `Principal`:
 * in regions opened before August 2022, the regional Elastic Load Balancing account (its root,
 * `arn:<partition>:iam::<elb-account-id>:root`); in the regions opened since, the log delivery
 * service principal.
 */
export type ElbLogDeliveryPrincipal = { readonly AWS: string } | { readonly Service: typeof ELB_LOG_DELIVERY_SERVICE };

/** The service principal that delivers load balancer access logs in regions opened in or after August 2022. */
export const ELB_LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";

/**
 * The Elastic Load Balancing account of each region opened before August 2022, from the Elastic
 * Load Balancing guide ("Enable access logs for your Application Load Balancer", step 2: attach
 * a policy to the bucket), cross-checked against the Terraform AWS provider's
 * `aws_elb_service_account` table. The known regions missing here (ca-west-1, mx-central-1,
 * eu-central-2, eu-south-2, il-central-1, me-central-1, ap-east-2, ap-south-2, ap-southeast-4 to -7)
 * opened later and use {@link ELB_LOG_DELIVERY_SERVICE}. A region added to {@link AWS_REGIONS}
 * from now on is a new one: it needs no entry here.
 */
export const ELB_ACCOUNT_IDS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "ca-central-1": "985666609251",
  "sa-east-1": "507241528517",
  "eu-central-1": "054676820928",
  "eu-north-1": "897822967062",
  "eu-south-1": "635631232127",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-west-3": "009996457667",
  "af-south-1": "098369216593",
  "me-south-1": "076674570225",
  "ap-east-1": "754344448648",
  "ap-northeast-1": "582318560864",
  "ap-northeast-2": "600734575887",
  "ap-northeast-3": "383597477331",
  "ap-south-1": "718504428378",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-southeast-3": "589379963580",
  "us-gov-east-1": "190560391635",
  "us-gov-west-1": "048591011584",
  "cn-north-1": "638102146993",
  "cn-northwest-1": "037604701340",
};

/**
 * The principal a load balancer access-log bucket's policy lets write in a region: the regional
 * Elastic Load Balancing account where the region has one ({@link ELB_ACCOUNT_IDS}), else the
 * log delivery service principal. Undefined for a region this list does not know
 * ({@link regionProblem} says why). Known at synth: no data source, no call to AWS.
 */
export function elbLogDeliveryPrincipal(region: string): ElbLogDeliveryPrincipal | undefined {
  const info = regionInfo(region);
  if (info === undefined) return undefined;
  const account = Object.hasOwn(ELB_ACCOUNT_IDS, region) ? ELB_ACCOUNT_IDS[region] : undefined;
  return account === undefined ? { Service: ELB_LOG_DELIVERY_SERVICE } : { AWS: `arn:${info.partition}:iam::${account}:root` };
}
