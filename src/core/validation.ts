/**
 * The one mapping from zod issues to sharecard problems, used by every boundary (article
 * bodies, query strings, request bodies, the config file). Each problem names the field by its
 * path and says what is wrong with it: "is required" only when the value is absent, otherwise
 * what was expected ("must be a string", "must be a whole number from 1 to 100", "must be an
 * array of strings"); an unknown field is reported at its own path.
 *
 * A message a schema gives on purpose (a refine, a regex, an enum) is kept; zod's generic
 * English ones ("Invalid input: …", "Too small: …") are replaced. Number ranges are always
 * described in full from the schema, since a message set on a number schema also covers its
 * range checks.
 *
 * @example
 *   const q = parseOrThrow(schema, req.query, 'query', () => 'Invalid query parameters');
 */
import type { z } from 'zod';
import { SharecardError, type Problem } from './errors.js';

type Key = string | number;

interface ZodProblemContext {
  /** The value that was parsed: tells an absent value from a wrong one. */
  input: unknown;
  /** The schema it was parsed with: gives the expected type, number ranges and array elements. */
  schema: z.core.$ZodType;
  /**
   * Where the value came from. In a query string an array means a parameter was given more
   * than once, and unknown keys are parameters rather than fields.
   */
  source: 'body' | 'query' | 'config';
}

/**
 * Parses `input` with `schema`, or throws SharecardError('invalid_input') listing every problem,
 * with `message(problems)` as its message: the one way every boundary validates.
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  source: ZodProblemContext['source'],
  message: (problems: Problem[]) => string,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = problemsFromZod(result.error, { input, schema, source });
  throw new SharecardError('invalid_input', message(problems), { problems });
}

/** zod's own English messages, which name neither the field nor the problem well. */
const ZOD_DEFAULT_MESSAGE = /^(Invalid|Too (big|small)|Unrecognized key)/;

/**
 * Field names in paths come from the input (an unknown field, a record's key): long ones are
 * cut, so an error never echoes a large piece of what was sent.
 */
const MAX_KEY_CHARS = 64;
function shortKey(key: Key): Key {
  if (typeof key !== 'string') return key;
  const chars = [...key];
  return chars.length > MAX_KEY_CHARS ? `${chars.slice(0, MAX_KEY_CHARS).join('')}…` : key;
}

/** Converts zod issues to sharecard problems: one per field and problem, with a readable message. */
function problemsFromZod(error: z.core.$ZodError, context: ZodProblemContext): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  const add = (path: Key[], message: string) => {
    const full = path.map(shortKey);
    const key = JSON.stringify([full, message]);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ path: full, message });
  };
  for (const issue of error.issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) add([...path, k], context.source === 'query' ? 'unknown parameter' : 'unknown field');
      continue;
    }
    add(path, messageFor(issue, path, context));
  }
  return out;
}

function messageFor(issue: z.core.$ZodIssue, path: Key[], context: ZodProblemContext): string {
  const value = valueAt(context.input, path);
  const leaf = schemaAt(context.schema, path);
  const custom = issue.message && !ZOD_DEFAULT_MESSAGE.test(issue.message) ? issue.message : undefined;
  const structural = issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union';

  if (value === undefined && structural) return 'is required';
  const wantsArray = leaf ? typeOf(leaf) === 'array' : issue.code === 'invalid_type' && issue.expected === 'array';
  if (context.source === 'query' && Array.isArray(value) && !wantsArray) return 'must be given once';

  switch (issue.code) {
    case 'invalid_type': {
      const expected = (leaf && describe(leaf)) ?? describeExpected(issue.expected);
      return `must be ${expected}`;
    }
    case 'too_small':
    case 'too_big': {
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        const described = leaf && describe(leaf);
        if (described) return `must be ${described}`;
        return boundMessage(issue);
      }
      return custom ?? boundMessage(issue);
    }
    case 'invalid_value':
      if (custom) return custom;
      return issue.values.length === 1 ? `must be ${show(issue.values[0])}` : `must be one of ${issue.values.map(show).join(', ')}`;
    case 'invalid_union': {
      if (custom) return custom;
      const described = leaf && describe(leaf);
      return described ? `must be ${described}` : 'is not valid';
    }
    case 'invalid_format':
      return custom ?? formatMessage(issue);
    case 'not_multiple_of':
      return custom ?? `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_key': {
      const inner = issue.issues.find((i) => i.message && !ZOD_DEFAULT_MESSAGE.test(i.message));
      return inner ? `key ${inner.message}` : 'is not a valid key';
    }
    case 'invalid_element':
      return custom ?? 'has an invalid element';
    default:
      return custom ?? 'is not valid';
  }
}

function boundMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  const inclusive = issue.inclusive !== false;
  const word = small ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
  switch (issue.origin) {
    case 'string':
      if (small && inclusive && bound === 1) return 'must not be empty';
      return `must be ${word} ${bound} characters`;
    case 'array':
    case 'set':
      if (small && inclusive && bound === 1) return 'must not be empty';
      return `must have ${word} ${bound} items`;
    default:
      return `must be ${word} ${bound}`;
  }
}

function formatMessage(issue: z.core.$ZodIssueInvalidStringFormat): string {
  const i = issue as z.core.$ZodIssueInvalidStringFormat & { prefix?: string; suffix?: string; includes?: string };
  switch (i.format) {
    case 'regex':
      return 'is not in the expected form';
    case 'starts_with':
      return `must start with ${show(i.prefix)}`;
    case 'ends_with':
      return `must end with ${show(i.suffix)}`;
    case 'includes':
      return `must contain ${show(i.includes)}`;
    case 'url':
      return 'must be a URL';
    case 'email':
      return 'must be an email address';
    default:
      return `must be a valid ${i.format}`;
  }
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
}

/** The value at `path` in `input`, or undefined when any step is missing. */
function valueAt(input: unknown, path: Key[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<Key, unknown>)[key];
  }
  return v;
}

// ---- Reading a schema (zod 4's documented `_zod.def` for library authors). ----

interface Def {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  out?: z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  items?: z.core.$ZodType[];
  rest?: z.core.$ZodType | null;
  options?: z.core.$ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  getter?: () => z.core.$ZodType;
  format?: string;
  checks?: { _zod: { def: { check: string; value?: unknown; inclusive?: boolean; format?: string } } }[];
}

const defOf = (s: z.core.$ZodType): Def => s._zod.def as unknown as Def;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

/** The schema inside a wrapper (optional, default, …), a transform's input side or a lazy schema. */
function unwrapOnce(s: z.core.$ZodType): z.core.$ZodType | undefined {
  const d = defOf(s);
  if (WRAPPERS.has(d.type)) return d.innerType;
  if (d.type === 'pipe' && d.in) return defOf(d.in).type === 'transform' ? d.out : d.in;
  if (d.type === 'lazy') return d.getter?.();
  return undefined;
}

/** The schema with every wrapper and transform taken off (the input side). */
function unwrap(s: z.core.$ZodType): z.core.$ZodType {
  for (let i = 0; i < 32; i++) {
    const next = unwrapOnce(s);
    if (!next) break;
    s = next;
  }
  return s;
}

function typeOf(s: z.core.$ZodType): string {
  return defOf(unwrap(s)).type;
}

/** The schema that validates the value at `path`, or undefined when it cannot be told (a union). */
function schemaAt(schema: z.core.$ZodType, path: Key[]): z.core.$ZodType | undefined {
  let s: z.core.$ZodType | undefined = schema;
  for (const key of path) {
    const d: Def = defOf(unwrap(s));
    if (d.type === 'object') s = d.shape?.[String(key)];
    else if (d.type === 'array') s = d.element;
    else if (d.type === 'record') s = d.valueType;
    else if (d.type === 'tuple') s = d.items?.[Number(key)] ?? d.rest ?? undefined;
    else s = undefined;
    if (!s) return undefined;
  }
  return s;
}

/** What a valid value looks like, as the end of "must be …", or undefined when unknown. */
function describe(schema: z.core.$ZodType): string | undefined {
  const d = defOf(schema);
  if (d.type === 'nullable' && d.innerType) {
    const inner = describe(d.innerType);
    return inner && `${inner} or null`;
  }
  const next = unwrapOnce(schema);
  if (next) return describe(next);
  switch (d.type) {
    case 'string':
      return 'a string';
    case 'number':
      return describeNumber(d);
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'object':
    case 'record':
      return 'an object';
    case 'array': {
      const each = d.element && plural(d.element);
      return each ? `an array of ${each}` : 'an array';
    }
    case 'enum':
      return oneOf(Object.values(d.entries ?? {}));
    case 'literal':
      return oneOf(d.values ?? []);
    case 'union': {
      const parts = (d.options ?? []).map(describe);
      if (!parts.length || parts.some((p) => !p)) return undefined;
      return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
    }
    default:
      return undefined;
  }
}

function oneOf(values: unknown[]): string {
  return values.length === 1 ? show(values[0]) : `one of ${values.map(show).join(', ')}`;
}

function plural(element: z.core.$ZodType): string | undefined {
  const d = defOf(unwrap(element));
  switch (d.type) {
    case 'string':
    case 'enum':
      return 'strings';
    case 'number': {
      const one = describeNumber(d);
      return one.replace(/^an? (whole )?number/, (_m, whole?: string) => `${whole ?? ''}numbers`);
    }
    case 'boolean':
      return 'true/false values';
    case 'object':
    case 'record':
      return 'objects';
    case 'array':
      return 'arrays';
    default:
      return undefined;
  }
}

const INT_FORMATS = new Set(['safeint', 'int32', 'uint32']);

/** "a whole number from 1 to 100", "a number from 0 to 1", "a whole number of at least 1". */
function describeNumber(d: Def): string {
  let int = d.format !== undefined && INT_FORMATS.has(d.format);
  let min: { value: number; inclusive: boolean } | undefined;
  let max: { value: number; inclusive: boolean } | undefined;
  for (const c of d.checks ?? []) {
    const cd = c._zod.def;
    if (cd.check === 'number_format' && cd.format && INT_FORMATS.has(cd.format)) int = true;
    const value = typeof cd.value === 'number' ? cd.value : typeof cd.value === 'bigint' ? Number(cd.value) : undefined;
    if (value === undefined) continue;
    const bound = { value, inclusive: cd.inclusive !== false };
    if (cd.check === 'greater_than' && (!min || value > min.value || (value === min.value && !bound.inclusive))) min = bound;
    if (cd.check === 'less_than' && (!max || value < max.value || (value === max.value && !bound.inclusive))) max = bound;
  }
  if (int) {
    if (min && !min.inclusive && Number.isInteger(min.value)) min = { value: min.value + 1, inclusive: true };
    if (max && !max.inclusive && Number.isInteger(max.value)) max = { value: max.value - 1, inclusive: true };
  }
  if (min && min.value <= -Number.MAX_SAFE_INTEGER) min = undefined;
  if (max && max.value >= Number.MAX_SAFE_INTEGER) max = undefined;
  const kind = int ? 'a whole number' : 'a number';
  if (min?.inclusive && max?.inclusive) return `${kind} from ${min.value} to ${max.value}`;
  const parts: string[] = [];
  if (min) parts.push(min.inclusive ? `of at least ${min.value}` : `greater than ${min.value}`);
  if (max) parts.push(max.inclusive ? `of at most ${max.value}` : `less than ${max.value}`);
  return parts.length ? `${kind} ${parts.join(' and ')}` : kind;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  record: 'an object',
  null: 'null',
};

function describeExpected(expected: string): string {
  return EXPECTED[expected] ?? `a value of type ${expected}`;
}
