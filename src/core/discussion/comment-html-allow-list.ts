/**
 * What rendered comment HTML may contain: the tags markdown-it emits for the Markdown subset,
 * and the presentation MathML that Temml emits. Everything else is dropped by
 * sanitizeCommentHtml, whatever produced it.
 * @see https://w3c.github.io/mathml-core/#presentation-markup
 */

/** HTML elements of the Markdown subset (headings, images, tables and raw HTML are off). */
export const HTML_TAGS: ReadonlySet<string> = new Set([
  "p",
  "br",
  "hr",
  "em",
  "strong",
  "code",
  "pre",
  "blockquote",
  "ul",
  "ol",
  "li",
  "a",
]);

/**
 * Presentation MathML without the elements that can fetch or act: no `mglyph` (src), no
 * `maction` (actiontype), no `annotation-xml` (can hold HTML).
 */
export const MATHML_TAGS: ReadonlySet<string> = new Set([
  "math",
  "semantics",
  "annotation",
  "mrow",
  "mi",
  "mn",
  "mo",
  "ms",
  "mtext",
  "mspace",
  "msup",
  "msub",
  "msubsup",
  "mfrac",
  "msqrt",
  "mroot",
  "mover",
  "munder",
  "munderover",
  "mtable",
  "mtr",
  "mtd",
  "mlabeledtr",
  "mpadded",
  "mphantom",
  "menclose",
  "mstyle",
  "merror",
  "mmultiscripts",
  "mprescripts",
  "none",
]);

/** Elements written without a closing tag. */
export const VOID_TAGS: ReadonlySet<string> = new Set(["br", "hr"]);

/**
 * Layout attributes Temml sets. Their values must match MATH_ATTRIBUTE_VALUE, so none can
 * hold a URL, a colon or a parenthesis (no `url(…)`, no scheme). `style` is not here: the
 * CSP refuses inline styles anyway, and Temml's colours are not worth an exception.
 */
export const MATHML_ATTRIBUTES: ReadonlySet<string> = new Set([
  "accent",
  "accentunder",
  "align",
  "class",
  "columnalign",
  "columnlines",
  "columnspacing",
  "columnspan",
  "depth",
  "display",
  "displaystyle",
  "encoding",
  "fence",
  "form",
  "frame",
  "framespacing",
  "height",
  "largeop",
  "linethickness",
  "lspace",
  "mathbackground",
  "mathcolor",
  "mathvariant",
  "maxsize",
  "minsize",
  "movablelimits",
  "notation",
  "rowalign",
  "rowlines",
  "rowspacing",
  "rowspan",
  "rspace",
  "scriptlevel",
  "separator",
  "stretchy",
  "symmetric",
  "voffset",
  "width",
]);

export const MATH_ATTRIBUTE_VALUE = /^[\w#.%+ -]{0,80}$/;

/** Code blocks carry their language as a class; math that failed to render is `tex-source`. */
export const CODE_CLASS = /^(?:language-[\w+#.-]{1,40}|tex-source)$/;

/** Every link gets exactly this, whatever the input said. */
export const LINK_REL = "nofollow ugc noopener";

/** Schemes a comment link may use. */
export const LINK_PROTOCOLS: ReadonlySet<string> = new Set(["http:", "https:", "mailto:"]);
