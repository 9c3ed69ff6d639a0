/** What a resource-name prefix may look like: `${project}-${environment}`, e.g. `acme-staging`. */
export const NAME_PREFIX_PATTERN = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

export const NAME_PREFIX_RULE =
  "must be 2 to 32 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen (e.g. \"acme-staging\")";

export function isValidNamePrefix(name: string): boolean {
  return NAME_PREFIX_PATTERN.test(name) && !name.includes("--");
}

/**
 * The Name tag of a resource: `${prefix}-${role}`, with `-${az}` for one that lives in a single
 * availability zone (`acme-staging-private-eu-west-1a`).
 */
export function resourceName(prefix: string, role: string, availabilityZone?: string): string {
  return availabilityZone === undefined ? `${prefix}-${role}` : `${prefix}-${role}-${availabilityZone}`;
}
