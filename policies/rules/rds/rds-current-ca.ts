import { fail, pass, Rule } from "../../types";

const CURRENT_CAS = ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"];

export const rdsCurrentCa: Rule = {
  id: "rds-current-ca",
  checkov: "CKV_AWS_211",
  level: "error",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster_instance"],
  summary: "RDS instance without a current certificate authority pinned",
  why: "Clients verify the server against its CA; an expired or expiring CA (rds-ca-2019) breaks verified TLS or pushes clients to stop verifying.",
  check(instance) {
    const ca = instance.values.ca_cert_identifier;
    if (ca === undefined || ca === null) return fail("ca_cert_identifier not set: pin a current CA so the instance does not keep an expiring one");
    if (typeof ca === "string" && CURRENT_CAS.includes(ca)) return pass();
    return fail(`ca_cert_identifier is ${JSON.stringify(ca)}, not one of ${CURRENT_CAS.join(", ")}`);
  },
};
