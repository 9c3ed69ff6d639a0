/**
 * Checks an S3 general purpose bucket name against AWS's naming rules. Returns the first broken
 * rule, phrased to follow "bucket name ...", or undefined when the name is valid.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return "must be 3 to 63 characters long";
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
    return "may hold only lowercase letters, digits, dots and hyphens, and must start and end with a letter or digit";
  }
  if (name.includes("..")) return "must not hold two dots in a row";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return "must not look like an IP address";
  for (const prefix of ["xn--", "sthree-", "amzn-s3-demo-"]) {
    if (name.startsWith(prefix)) return `must not start with "${prefix}" (reserved by AWS)`;
  }
  for (const suffix of ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]) {
    if (name.endsWith(suffix)) return `must not end with "${suffix}" (reserved by AWS)`;
  }
  return undefined;
}
