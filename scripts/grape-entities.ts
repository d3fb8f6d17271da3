// Reads GitLab's Grape entities (lib/api/entities/**/*.rb), which render every REST response and from
// which GitLab's OpenAPI description is generated. What the description loses is kept here: whether an
// exposure is conditional (`if:`, `unless:`, `expose_nil: false`, or inside a conditional
// `with_options` block), and `documentation: { is_array: true }`. GitLab's Ruby is rubocop-formatted, so
// a statement is read line by line with balanced brackets, and a `with_options … do` block ends at the
// `end` indented like it.

export interface Exposure {
  /** The name in the response (`as:` applied); `a.b` for `b` exposed in a nested `expose :a do` block. */
  readonly name: string;
  readonly conditional: boolean;
  readonly array: boolean;
  /** Rendered by another entity (`using:`/`with:`): an object, or a list of them. */
  readonly entity: boolean;
  /** The GitLab path of the file exposing it. */
  readonly file: string;
}

export interface GrapeEntity {
  /** The component name GitLab's description gives the entity: API::Entities::Ci::Job → APIEntitiesCiJob. */
  readonly component: string;
  /** The parent class's component name, when it is an entity too. */
  readonly parent?: string;
  readonly exposures: readonly Exposure[];
  /** The GitLab path of the file defining it. */
  readonly file: string;
}

function depthChange(line: string): number {
  // Strings rarely hold brackets in entity files; comments are stripped by the caller.
  let depth = 0;
  for (const char of line) {
    if ("([{".includes(char)) depth++;
    else if (")]}".includes(char)) depth--;
  }
  return depth;
}

function stripComment(line: string): string {
  const hash = line.search(/(^|\s)#(?![{])/);
  return hash === -1 ? line : line.slice(0, hash);
}

const CONDITION = /\b(if|unless):|expose_nil:\s*false/;

function parseExpose(statement: string, conditionalBlock: boolean, file: string): Exposure[] {
  // The header ends where a block starts (`do |…|` or `{ |…| … }` after the arguments).
  const header = statement.replace(/\s+do(\s*\|[^|]*\|)?\s*$/, "").replace(/^\s*expose\s*\(?/, "");
  const names: string[] = [];
  const symbol = /^\s*:(\w+[?!]?)\s*,?/;
  let rest = header;
  for (let match = symbol.exec(rest); match; match = symbol.exec(rest)) {
    names.push(match[1] ?? "");
    rest = rest.slice(match[0].length);
  }
  if (names.length === 0) return [];
  const as = /\bas:\s*:?["']?(\w+)/.exec(rest)?.[1];
  const conditional = conditionalBlock || CONDITION.test(rest);
  const array = /is_array:\s*true/.test(rest);
  const entity = /\b(using|with):/.test(rest);
  const shown = as !== undefined && names.length === 1 ? [as] : names;
  return shown.map((name) => ({
    name: name.replace(/[?!]$/, ""),
    conditional,
    array,
    entity,
    file,
  }));
}

export function parseGrapeEntities(source: string, file: string): GrapeEntity[] {
  const entities: GrapeEntity[] = [];
  const modules: { name: string; indent: number }[] = [];
  // with_options blocks, and `expose :x do … end` without block parameters, whose exposures nest in x.
  const blocks: { indent: number; conditional: boolean; prefix?: string }[] = [];
  let current: (GrapeEntity & { exposures: Exposure[]; indent: number }) | undefined;
  const lines = source.split("\n").map(stripComment);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const indent = line.search(/\S/);
    if (indent === -1) continue;
    const trimmed = line.trim();
    const moduleMatch = /^module\s+([\w:]+)/.exec(trimmed);
    if (moduleMatch) {
      modules.push({ name: moduleMatch[1] ?? "", indent });
      continue;
    }
    if (trimmed === "end") {
      if (blocks.length > 0 && indent === blocks[blocks.length - 1]?.indent) {
        blocks.pop();
      } else if (current && indent === current.indent) {
        entities.push(current);
        current = undefined;
      } else if (modules.length > 0 && indent === modules[modules.length - 1]?.indent) {
        modules.pop();
      }
      continue;
    }
    const classMatch = /^class\s+(\w+)\s*(?:<\s*([\w:]+))?/.exec(trimmed);
    if (classMatch) {
      const namespace = modules.flatMap((m) => m.name.split("::"));
      const component = [...namespace, classMatch[1] ?? ""].join("");
      const parentName = classMatch[2];
      const parent =
        parentName === undefined || /^(Grape::Entity|::Grape::Entity)$/.test(parentName)
          ? undefined
          : parentName.startsWith("::") || parentName.startsWith("API::")
            ? parentName.replace(/^::/, "").split("::").join("")
            : parentName.startsWith("Entities::")
              ? `API${parentName.split("::").join("")}`
              : [...namespace, ...parentName.split("::")].join("");
      current = { component, ...(parent ? { parent } : {}), exposures: [], file, indent };
      continue;
    }
    if (!current) continue;
    if (/^with_options\b/.test(trimmed) && /\bdo\s*$/.test(trimmed)) {
      blocks.push({ indent, conditional: CONDITION.test(trimmed) });
      continue;
    }
    if (!/^expose[\s(]/.test(trimmed)) continue;
    let statement = trimmed;
    let depth = depthChange(trimmed);
    while ((depth > 0 || /,\s*$/.test(statement)) && i + 1 < lines.length) {
      i++;
      const next = (lines[i] ?? "").trim();
      statement += ` ${next}`;
      depth += depthChange(next);
    }
    const inConditional = blocks.some((block) => block.conditional);
    const prefix = blocks.flatMap((block) => (block.prefix === undefined ? [] : [block.prefix]));
    const exposures = parseExpose(statement, inConditional, file).map((exposure) => ({
      ...exposure,
      name: [...prefix, exposure.name].join("."),
    }));
    current.exposures.push(...exposures);
    const nested = exposures.length === 1 ? exposures[0] : undefined;
    if (nested && /\bdo\s*$/.test(statement)) {
      blocks.push({
        indent,
        conditional: nested.conditional,
        prefix: nested.name.split(".").pop() ?? "",
      });
    }
  }
  if (current) {
    const { indent: _, ...entity } = current;
    entities.push(entity);
  }
  return entities;
}

/** Each entity's exposures with its ancestors' (a subclass renders its parent's fields first). */
export function withInherited(
  entities: readonly GrapeEntity[],
): Map<string, Map<string, Exposure>> {
  const byName = new Map(entities.map((entity) => [entity.component, entity]));
  const resolved = new Map<string, Map<string, Exposure>>();
  const resolve = (name: string, seen: Set<string>): Map<string, Exposure> => {
    const done = resolved.get(name);
    if (done) return done;
    const entity = byName.get(name);
    const fields = new Map<string, Exposure>();
    if (entity?.parent && !seen.has(entity.parent)) {
      for (const [field, exposure] of resolve(entity.parent, new Set([...seen, name]))) {
        fields.set(field, exposure);
      }
    }
    for (const exposure of entity?.exposures ?? []) fields.set(exposure.name, exposure);
    resolved.set(name, fields);
    return fields;
  };
  for (const entity of entities) resolve(entity.component, new Set());
  return resolved;
}
