import type { Rule } from "../../types";
import { apigwAccessLogs } from "./apigw-access-logs";
import { apigwRouteAuthorization } from "./apigw-route-authorization";
import { apigwThrottling } from "./apigw-throttling";

export const API_RULES: readonly Rule[] = [apigwAccessLogs, apigwThrottling, apigwRouteAuthorization];
