/**
 * The reliability suite (issue 7): faults, load and hostile input against the simulator, through
 * the escape hatch and generated calls. One file, so that one summary covers every case.
 */
import { after } from "node:test";
import { limitCases } from "./cases/limits.js";
import { networkCases } from "./cases/network.js";
import { paginationCases } from "./cases/pagination.js";
import { responseCases } from "./cases/responses.js";
import { secretCases } from "./cases/secrets.js";
import { throttlingCases } from "./cases/throttling.js";
import { validationCases } from "./cases/validation.js";
import { tally } from "./tally.js";

networkCases();
throttlingCases();
responseCases();
paginationCases();
limitCases();
secretCases();
validationCases();

after(() => {
  console.log(
    `reliability summary: ${tally.tried} fault cases tried, ${tally.passed} passed, ${tally.itemsVerified} items verified intact`,
  );
});
