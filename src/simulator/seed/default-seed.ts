import type { SimulatorSeed } from "../types.js";

/** Every byte value once, so a test can see that binary file content survives untouched. */
const LOGO = Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString("base64");

/**
 * The built-in seed. Tests rely on these ids and paths (docs/simulator.md lists them), so change
 * them only together with the documentation.
 */
export function defaultSeed(): SimulatorSeed {
  return {
    users: [
      { id: 1, username: "root", name: "Administrator", email: "admin@example.com", admin: true },
      { id: 2, username: "alice", name: "Alice Liddell", email: "alice@example.com" },
      { id: 3, username: "bob", name: "Bob Builder", email: "bob@example.com" },
      { id: 4, username: "carol", name: "Carol Danvers", email: "carol@example.com" },
    ],
    tokens: [
      { token: "glpat-simulator-token", kind: "private", userId: 1 },
      { token: "glpat-simulator-alice", kind: "private", userId: 2 },
      { token: "glpat-simulator-revoked", kind: "private", userId: 2, revoked: true },
      { token: "simulator-oauth-token", kind: "oauth", userId: 1 },
      { token: "simulator-job-token", kind: "job", userId: 1 },
    ],
    groups: [
      { id: 10, path: "acme", name: "ACME", visibility: "public", description: "ACME Corp." },
      { id: 11, path: "platform", name: "Platform", parentId: 10, visibility: "public" },
      { id: 12, path: "infra", name: "Infra", parentId: 11, visibility: "private" },
      { id: 13, path: "bench", name: "Benchmarks", visibility: "public" },
    ],
    projects: [
      {
        id: 1,
        path: "website",
        name: "Website",
        namespace: "acme",
        visibility: "public",
        description: "The ACME website",
        members: [2],
        issues: 45,
        mergeRequests: 8,
        pipelines: 12,
        files: {
          "README.md": "# Website\n\nThe ACME website.\n",
          "src/app.rb": 'require "sinatra"\n\nget "/" do\n  "Hello from ACME"\nend\n',
          "docs/guide/intro.md": "# Introduction\n\nStart here.\n",
          "docs/notes & ideas #1.md": "Paths with spaces, & and # must be encoded.\n",
          "assets/logo.bin": { base64: LOGO },
        },
      },
      {
        id: 2,
        path: "api",
        name: "API",
        namespace: "acme/platform",
        visibility: "public",
        description: "The platform API",
        members: [2, 3],
        issues: 10,
        mergeRequests: 120,
        pipelines: 30,
        artifactBytes: 5 * 1024 * 1024,
        files: { "README.md": "# API\n", "openapi.yaml": "openapi: 3.0.0\n" },
      },
      {
        id: 3,
        path: "secrets",
        name: "Secrets",
        namespace: "acme/platform/infra",
        visibility: "private",
        description: "Only administrators can see this",
        issues: 3,
      },
      {
        id: 4,
        path: "tools",
        name: "Tools",
        namespace: "acme/platform",
        visibility: "internal",
        description: "Visible to every signed-in user",
        issues: 2,
      },
      {
        id: 5,
        path: "dotfiles",
        name: "dotfiles",
        namespace: "alice",
        visibility: "private",
        members: [2],
        issues: [{ title: "Tidy up .bashrc", authorId: 2, labels: ["chore"] }],
      },
      { id: 6, path: "sandbox", name: "Sandbox", namespace: "root", visibility: "public" },
    ],
    version: "19.5.0-ee",
  };
}
