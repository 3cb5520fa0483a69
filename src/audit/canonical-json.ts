import canonicalizeModule from 'canonicalize';

// The package is CommonJS whose typings declare an ES default export; accept both shapes.
const canonicalize = (
  typeof canonicalizeModule === 'function' ? canonicalizeModule : (canonicalizeModule as { default: unknown }).default
) as (input: unknown) => string | undefined;

/** RFC 8785 (JCS) canonical JSON: the exact bytes an audit entry is hashed and signed as. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}
