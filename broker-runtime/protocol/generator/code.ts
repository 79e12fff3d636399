// Accumulates generated source with consistent two-space indentation, and the imports it needs.

export class Code {
  private readonly lines: string[] = [];
  private depth = 0;

  line(text = ''): void {
    this.lines.push(text === '' ? '' : '  '.repeat(this.depth) + text);
  }

  /** `open` on one line (none when ''), `body` indented, then `close`. */
  block(open: string, body: () => void, close = '}'): void {
    if (open !== '') this.line(open);
    this.depth++;
    body();
    this.depth--;
    this.line(close);
  }

  append(other: Code): void {
    for (const l of other.lines) this.lines.push(l === '' ? '' : '  '.repeat(this.depth) + l);
  }

  text(): string {
    return this.lines.join('\n');
  }

  /** Whether the identifier occurs in the code so far (to name unused parameters `_x`). */
  uses(identifier: string): boolean {
    const re = new RegExp(`\\b${identifier}\\b`);
    return this.lines.some((l) => re.test(l));
  }
}

/** The names a generated file imports, grouped by module, emitted in a stable order. */
export class Imports {
  private readonly values = new Map<string, Set<string>>();
  private readonly types = new Map<string, Set<string>>();

  value(module: string, name: string): string {
    add(this.values, module, name);
    return name;
  }

  type(module: string, name: string): string {
    add(this.types, module, name);
    return name;
  }

  emit(code: Code): void {
    const modules = [...new Set([...this.values.keys(), ...this.types.keys()])].sort();
    for (const module of modules) {
      const values = [...(this.values.get(module) ?? [])].sort();
      const types = [...(this.types.get(module) ?? [])].filter((t) => !values.includes(t)).sort();
      if (values.length > 0) code.line(`import { ${values.join(', ')} } from '${module}';`);
      if (types.length > 0) code.line(`import type { ${types.join(', ')} } from '${module}';`);
    }
  }
}

function add(map: Map<string, Set<string>>, module: string, name: string): void {
  let names = map.get(module);
  if (!names) map.set(module, (names = new Set()));
  names.add(name);
}
