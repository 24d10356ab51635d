// Saga data is JSON (timestamps as ISO strings); commands are Avro records whose timestamp-millis
// fields want Date values. `revive` walks a record's schema and turns those strings back into Dates.
type Schema = string | readonly Schema[] | { readonly [key: string]: unknown };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function revive(schema: unknown, value: unknown): unknown {
  const named = new Map<string, unknown>();
  const walk = (s: unknown, v: unknown, namespace: string | undefined): unknown => {
    if (v === null || v === undefined) return v;
    if (typeof s === 'string') {
      const target = named.get(s) ?? named.get(namespace ? `${namespace}.${s}` : s);
      return target === undefined ? v : walk(target, v, namespace);
    }
    if (Array.isArray(s)) {
      const branches = s.filter((b) => b !== 'null');
      return branches.length === 1 ? walk(branches[0], v, namespace) : v;
    }
    if (!isObject(s)) return v;
    if (s['logicalType'] === 'timestamp-millis' && typeof v === 'string') return new Date(v);
    switch (s['type']) {
      case 'record': {
        const name = String(s['name']);
        const ns =
          typeof s['namespace'] === 'string'
            ? s['namespace']
            : name.includes('.')
              ? name.slice(0, name.lastIndexOf('.'))
              : namespace;
        named.set(name.includes('.') ? name : ns ? `${ns}.${name}` : name, s);
        if (!isObject(v)) return v;
        const out: Record<string, unknown> = { ...v };
        for (const field of (s['fields'] as { name: string; type: Schema }[] | undefined) ?? []) {
          if (field.name in out) out[field.name] = walk(field.type, out[field.name], ns);
        }
        return out;
      }
      case 'enum':
      case 'fixed': {
        const name = String(s['name']);
        const ns = typeof s['namespace'] === 'string' ? s['namespace'] : namespace;
        named.set(name.includes('.') ? name : ns ? `${ns}.${name}` : name, s);
        return v;
      }
      case 'array':
        return Array.isArray(v) ? v.map((item) => walk(s['items'], item, namespace)) : v;
      case 'map':
        return isObject(v)
          ? Object.fromEntries(
              Object.entries(v).map(([k, item]) => [k, walk(s['values'], item, namespace)]),
            )
          : v;
      default:
        return typeof s['type'] === 'object' || typeof s['type'] === 'string'
          ? walk(s['type'], v, namespace)
          : v;
    }
  };
  return walk(schema, value, undefined);
}
