import { setupJest } from "cdktf/lib/testing/adapters/jest";
import { removeTestOutdir } from "./outdir";

// Adds cdktf's matchers (toHaveResourceWithProperties, ...) to expect.
setupJest();

afterAll(removeTestOutdir);
