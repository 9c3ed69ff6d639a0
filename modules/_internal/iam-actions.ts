/**
 * IAM action lists shared by the modules whose roles manage other roles: the CI deploy roles
 * (github-oidc) and the developers' roles (developer-access).
 */

/** What Terraform does to the roles the stacks create that IAM checks the boundary on (iam:PermissionsBoundary): a role without it cannot be retrusted, changed or deleted either. */
export const BOUNDED_ROLE_ACTIONS = [
  "iam:CreateRole",
  "iam:PutRolePermissionsBoundary",
  "iam:PutRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:UpdateAssumeRolePolicy",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
  "iam:DeleteRole",
] as const;

/** The rest of what Terraform does to those roles (actions IAM checks no boundary on): read, tag, hand to services. */
export const ROLE_ACTIONS = [
  "iam:GetRole",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:ListRoleTags",
  "iam:GetRolePolicy",
  "iam:ListRolePolicies",
  "iam:ListAttachedRolePolicies",
  "iam:ListInstanceProfilesForRole",
  "iam:PassRole",
] as const;

/** What Terraform does to the managed policies the stacks create (the site's deploy policy). */
export const POLICY_ACTIONS = [
  "iam:CreatePolicy",
  "iam:DeletePolicy",
  "iam:GetPolicy",
  "iam:GetPolicyVersion",
  "iam:ListPolicyVersions",
  "iam:CreatePolicyVersion",
  "iam:DeletePolicyVersion",
  "iam:TagPolicy",
  "iam:UntagPolicy",
  "iam:ListPolicyTags",
] as const;

/** Long-lived identities and trust anchors: never created or changed by a deploy. */
export const IDENTITY_ACTIONS = [
  "iam:CreateUser",
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:UpdateLoginProfile",
  "iam:CreateServiceSpecificCredential",
  "iam:UploadSSHPublicKey",
  "iam:AttachUserPolicy",
  "iam:PutUserPolicy",
  "iam:AddUserToGroup",
  "iam:CreateGroup",
  "iam:CreateOpenIDConnectProvider",
  "iam:UpdateOpenIDConnectProviderThumbprint",
  "iam:AddClientIDToOpenIDConnectProvider",
  "iam:DeleteOpenIDConnectProvider",
  "iam:TagOpenIDConnectProvider",
  "iam:CreateSAMLProvider",
  "iam:UpdateSAMLProvider",
  "iam:DeleteSAMLProvider",
  "iam:CreateInstanceProfile",
  "iam:AddRoleToInstanceProfile",
] as const;

/** The reads of a role that a guard denying every other action on it leaves (what `terraform plan` and the console read). */
export const ROLE_READ_ACTIONS = ["iam:GetRole", "iam:ListRoleTags", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:GetRolePolicy"] as const;

/** The writes of a managed policy: a boundary policy, or one that grants access, changed by none of the roles it caps. */
export const POLICY_WRITE_ACTIONS = [
  ...POLICY_ACTIONS.filter((a) => !a.startsWith("iam:Get") && !a.startsWith("iam:List")),
  "iam:SetDefaultPolicyVersion",
] as const;
