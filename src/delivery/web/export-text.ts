import { splitTex } from "./tex-segments.js";

/**
 * Text for a plain-text export (BibTeX, Markdown): prose escaped for the target syntax,
 * math kept as `$…$` TeX when the target can carry it safely, else escaped like prose.
 */
export function exportText(text: string, escape: (s: string) => string, canKeepMath: (tex: string) => boolean): string {
  return splitTex(text)
    .map((s) => {
      if (s.kind === "text") return escape(s.text);
      if (s.kind === "unbalanced") return escape(s.source);
      const delimited = s.display ? `$$${s.tex}$$` : `$${s.tex}$`;
      return canKeepMath(s.tex) ? delimited : escape(delimited);
    })
    .join("");
}
