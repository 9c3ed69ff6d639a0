import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Aspects, IAspect, TerraformOutput, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { MonthlyBudget } from "../modules/budget";
import type { EnvironmentConfig } from "./config";
import { PREVIEW_EXPIRES_TAG, PREVIEW_TAG } from "./preview";

/** The shortest wait KMS allows before it deletes a key (7 days): a preview's keys go soon after it. */
export const PREVIEW_KEY_DELETION_DAYS = 7;

/**
 * What makes a preview go cleanly on `cdktf destroy`, whatever its modules' own defaults: every
 * bucket emptied first (`force_destroy`), every image repository deleted with its images
 * (`force_delete`), and its KMS keys scheduled for deletion after the shortest wait.
 */
export class PreviewTeardownAspect implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof S3Bucket) node.forceDestroy = true;
    else if (node instanceof EcrRepository) node.forceDelete = true;
    else if (node instanceof KmsKey) node.deletionWindowInDays = PREVIEW_KEY_DELETION_DAYS;
  }
}

/** A preview's monthly budget unless its environment's `preview.monthlyBudgetUsd` says otherwise, in US dollars. */
export const DEFAULT_PREVIEW_BUDGET_USD = 20;

/**
 * A preview stack's own settings: its teardown, a monthly budget on the costs tagged with its
 * environment (an email at 80% spent and at 100% forecast), and outputs naming what it is for and
 * until when.
 */
export function applyPreviewSettings(stack: TerraformStack, config: EnvironmentConfig): void {
  Aspects.of(stack).add(new PreviewTeardownAspect());
  const budget = new MonthlyBudget(stack, "PreviewBudget", {
    name: `${config.project}-${config.name}`,
    limitUsd: config.preview?.monthlyBudgetUsd ?? DEFAULT_PREVIEW_BUDGET_USD,
    alertEmails: config.preview?.alertEmails,
    tag: { key: "Environment", value: config.name },
  });
  new TerraformOutput(stack, "preview_budget", { value: budget.budgetName, description: "The preview's monthly budget (AWS Budgets)" });
  new TerraformOutput(stack, "preview", {
    value: { name: config.name, source: config.tags?.[PREVIEW_TAG] ?? "", expires: config.tags?.[PREVIEW_EXPIRES_TAG] ?? "" },
    description: "The preview: its environment name, the branch or pull request it is for, and the day it expires",
  });
}
