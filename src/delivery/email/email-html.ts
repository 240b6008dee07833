/**
 * HTML for mail: a branded string type for markup that is already safe, escaping for
 * everything else, and templates compiled once into literal pieces and named slots, so
 * rendering a digest is string joining (email.md §3.4: inlining CSS per message cut
 * throughput by more than half).
 */
declare const SAFE_HTML: unique symbol;
/** Markup that is safe to insert as is: escaped text, or the output of a compiled template. */
export type SafeHtml = string & { readonly [SAFE_HTML]: true };

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for an element body or a double- or single-quoted attribute. */
export function escapeHtml(text: string): SafeHtml {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!) as SafeHtml;
}

export function joinHtml(parts: readonly SafeHtml[], separator = ""): SafeHtml {
  return parts.join(separator) as SafeHtml;
}

/** A slot in template source: `@@name@@`. Neither cheerio (inside juice) nor HTML touches `@`. */
const SLOT = /@@([a-zA-Z]+)@@/g;

export interface CompiledTemplate<Slot extends string> {
  readonly slots: readonly Slot[];
  /** Every slot must be given; text is escaped, SafeHtml goes in as is. */
  render(values: Readonly<Record<Slot, string | SafeHtml>>, safe?: readonly Slot[]): SafeHtml;
}

/**
 * Splits template source into literal pieces and slots once. Slot values are escaped unless
 * the slot is listed in `safe` (for nested templates), so a value can never close a tag.
 */
export function compileTemplate<Slot extends string>(source: string, slots: readonly Slot[]): CompiledTemplate<Slot> {
  const pieces = source.split(SLOT);
  const found = pieces.filter((_, i) => i % 2 === 1);
  const missing = slots.filter((slot) => !found.includes(slot));
  const unknown = found.filter((slot) => !(slots as readonly string[]).includes(slot));
  if (missing.length > 0 || unknown.length > 0) {
    throw new Error(
      `template slots do not match: missing ${missing.join(", ") || "none"}, unknown ${unknown.join(", ") || "none"}`,
    );
  }
  return {
    slots,
    render(values, safe = []) {
      let out = "";
      for (let i = 0; i < pieces.length; i += 1) {
        if (i % 2 === 0) {
          out += pieces[i]!;
          continue;
        }
        const slot = pieces[i] as Slot;
        out += safe.includes(slot) ? values[slot] : escapeHtml(values[slot]);
      }
      return out as SafeHtml;
    },
  };
}

/**
 * Cuts the markup between `<!--name-->` and `<!--/name-->` out of an inlined document and
 * leaves `@@name@@` in its place: one document styles the shell and its repeated blocks
 * together, then each block becomes its own template.
 */
export function extractBlock(html: string, name: string): { outer: string; block: string } {
  const open = `<!--${name}-->`;
  const close = `<!--/${name}-->`;
  const start = html.indexOf(open);
  const end = html.indexOf(close);
  if (start < 0 || end < start) throw new Error(`template block ${name} not found`);
  return {
    outer: `${html.slice(0, start)}@@${name}@@${html.slice(end + close.length)}`,
    block: html.slice(start + open.length, end).trim(),
  };
}
