import { processIo } from "./io.js";
import { run } from "./run.js";

// `typed-gitlab … | head` closes the pipe early: stop quietly, as other command-line tools do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

// No top-level await: tsup also builds this entry as CommonJS.
void run(process.argv.slice(2), processIo(), process).then((code) => {
  process.exitCode = code;
});
