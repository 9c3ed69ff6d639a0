import { setupJest } from "cdktf/lib/testing/adapters/jest";
import { limitTokenTraces } from "../../environments/token-traces";
import { removeTestOutdir } from "./outdir";

// Adds cdktf's matchers (toHaveResourceWithProperties, ...) to expect.
setupJest();
// Every stack a test builds, with or without buildApp, records short token traces (see token-traces.ts).
limitTokenTraces();

afterAll(removeTestOutdir);
