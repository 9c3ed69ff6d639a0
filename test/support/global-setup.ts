import { findProviderMirror, MIRROR_VARIABLE } from "../../scripts/offline-terraform";

/**
 * Runs once before the suite. When TERRAFORM_PROVIDER_MIRROR is not set, looks for a provider
 * mirror on the machine, so `npm test` plans offline wherever one exists; without one, Terraform
 * downloads the AWS provider from the registry.
 */
export default function globalSetup(): void {
  process.env.CHECKPOINT_DISABLE = "1";
  if (process.env[MIRROR_VARIABLE]) return;
  const mirror = findProviderMirror();
  if (mirror) process.env[MIRROR_VARIABLE] = mirror;
}
