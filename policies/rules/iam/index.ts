import type { Rule } from "../../types";
import { iamEnvironmentRoleBounded } from "./iam-environment-role-bounded";
import { iamGithubOidcTrustScoped } from "./iam-github-oidc-trust-scoped";
import { iamNoPassroleStar } from "./iam-no-passrole-star";
import { iamNoWildcardActions } from "./iam-no-wildcard-actions";
import { iamNoWildcardResource } from "./iam-no-wildcard-resource";
import { iamTrustNotPublic } from "./iam-trust-not-public";

export const IAM_RULES: readonly Rule[] = [iamNoWildcardActions, iamNoWildcardResource, iamNoPassroleStar, iamTrustNotPublic, iamGithubOidcTrustScoped, iamEnvironmentRoleBounded];
