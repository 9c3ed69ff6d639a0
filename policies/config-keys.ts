import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";

/** Where a stack records which config key sets which attribute: `//.policy_pack.config_keys.<type>.<attribute>`. */
export const CONFIG_KEYS_MARK = "config_keys";

/**
 * Records that config keys set attributes of a stack's resources, by resource type
 * (`{ aws_db_instance: { multi_az: "database.multiAz" } }`), so a policy failure on such an
 * attribute names the key to change rather than only the resource. Terraform ignores it (`//`).
 */
export function markConfigKeys(scope: IConstruct, keys: Readonly<Record<string, Readonly<Record<string, string>>>>): void {
  const stack = TerraformStack.of(scope);
  for (const [type, attributes] of Object.entries(keys)) {
    for (const [attribute, key] of Object.entries(attributes)) stack.addOverride(`//.policy_pack.${CONFIG_KEYS_MARK}.${type}.${attribute}`, key);
  }
}
