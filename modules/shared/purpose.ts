import type { TerraformResource } from "cdktf";

/**
 * What a resource is for, where its type alone does not say: a bucket may hold the site's build,
 * uploaded media, raw uploads awaiting processing, processed assets, access logs, Terraform state
 * or pipeline artifacts. Tools that read the
 * synthesized JSON (the cost estimate, the diagram) go by the purpose, never by construct ids.
 */
export type Purpose = "site-content" | "media" | "uploads" | "processed-assets" | "access-logs" | "terraform-state" | "pipeline-artifacts";

/** The key, under a resource's `//` in the synthesized JSON, that holds its {@link Purpose}. */
export const PURPOSE_MARK = "purpose";

const marked = new WeakMap<TerraformResource, Purpose>();

/**
 * Records what a resource is for in its synthesized JSON, as `"//": { "purpose": ... }`. Terraform
 * ignores `//` keys, so the mark changes nothing that is deployed or planned. A resource has one
 * purpose: marking it again with another fails. Returns the resource.
 */
export function markPurpose<T extends TerraformResource>(resource: T, purpose: Purpose): T {
  const earlier = marked.get(resource);
  if (earlier !== undefined && earlier !== purpose) {
    throw new Error(`markPurpose "${resource.node.path}": the resource is already marked "${earlier}"; a resource has one purpose, got "${purpose}" too`);
  }
  marked.set(resource, purpose);
  resource.addOverride(`//.${PURPOSE_MARK}`, purpose);
  return resource;
}
