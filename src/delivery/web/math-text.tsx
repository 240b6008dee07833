import { raw } from "hono/html";
import temml from "temml";
import { type TexSegment, splitTex, truncateTex } from "./tex-segments.js";

/** Longer formulas are shown as source: rendering is synchronous and must stay cheap per request. */
const MAX_TEX_CHARS = 2_000;
/** Temml expands macros at most this many times, so a hostile `\def` loop cannot hang a request. */
const MAX_MACRO_EXPANSIONS = 500;
/**
 * Temml colours some nodes with style attributes, which the CSP (style-src 'self') refuses
 * anyway; dropping them keeps the browser console free of violation reports. Temml escapes
 * attribute values, so a quoted value never contains a quote.
 */
const STYLE_ATTRIBUTE = / style="[^"]*"/g;

/**
 * Text with its TeX math rendered to MathML on the server. Plain text is escaped by JSX;
 * only Temml's output is inserted raw, and Temml builds it from escaped input. Math that
 * fails to parse, or a delimiter that never closes, shows its source in <code>.
 */
export function MathText({ text, maxChars }: { text: string; maxChars?: number }) {
  const segments = splitTex(text);
  if (maxChars === undefined) return <>{segments.map((s) => renderSegment(s, true))}</>;
  // A snippet keeps display math inline: a centred formula would take over a small card.
  return <>{truncateTex(segments, maxChars).map((s) => renderSegment(s, false))}</>;
}

function renderSegment(segment: TexSegment, allowDisplay: boolean) {
  if (segment.kind === "text") return segment.text;
  if (segment.kind === "unbalanced") return <TexSource source={segment.source} />;
  const mathml = renderTex(segment.tex, segment.display && allowDisplay);
  if (mathml === null) return <TexSource source={segment.tex} />;
  return raw(mathml);
}

function TexSource({ source }: { source: string }) {
  return (
    <code class="tex-source" title="TeX source (could not be rendered)">
      {source}
    </code>
  );
}

/** MathML for one formula, or null when Temml cannot parse it. */
export function renderTex(tex: string, display: boolean): string | null {
  if (tex.length > MAX_TEX_CHARS) return null;
  try {
    const mathml = temml.renderToString(tex, {
      displayMode: display,
      throwOnError: true,
      trust: false,
      maxExpand: MAX_MACRO_EXPANSIONS,
    });
    return mathml.replace(STYLE_ATTRIBUTE, "");
  } catch {
    return null;
  }
}
