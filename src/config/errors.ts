import { GitlabError } from "../errors.js";

/** Where a configuration problem was found. Never carries a value: values may be tokens. */
export interface GitlabConfigErrorDetails {
  /** Config file, or the environment variable the bad value came from. */
  file?: string;
  line?: number;
  section?: string;
  key?: string;
}

/**
 * A configuration file, environment variable or flag could not be turned into `GitlabOptions`.
 *
 * Messages name the file, line, section and key but never print the value of a token key, and
 * no `cause` is attached that could carry one (a child process error or a parsed value).
 */
export class GitlabConfigError extends GitlabError {
  override name = "GitlabConfigError";
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly section: string | undefined;
  readonly key: string | undefined;

  constructor(message: string, details: GitlabConfigErrorDetails = {}) {
    super(message);
    this.file = details.file;
    this.line = details.line;
    this.section = details.section;
    this.key = details.key;
  }
}
