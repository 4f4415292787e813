/**
 * Markdown of notebook cells as HTML for the offline report, through `marked`, made safe for a
 * file that must run nothing and fetch nothing: raw HTML in a cell shows as text, images become
 * their alt text (loading one would reach the network), and only links with a safe scheme
 * (relative, http(s), mailto) stay links. Headings can carry ids, for the table of contents.
 * @module
 */
import { Marked, type Token, type Tokens } from 'marked';
import { escapeHtml } from './html-escape.js';

const SAFE_HREF = /^(?:https?:|mailto:|#|\.{0,2}\/|[^:]*$)/i;

/** A heading token with the id {@link renderMarkdown} gave it. */
type AnchoredHeading = Tokens.Heading & { anchor?: string };

const marked = new Marked({
  gfm: true,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(token.text);
    },
    image(token: Tokens.Image): string {
      return escapeHtml(token.text);
    },
    link(token: Tokens.Link): string {
      const text = this.parser.parseInline(token.tokens);
      if (!SAFE_HREF.test(token.href.trim())) return text;
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
      return `<a href="${escapeHtml(token.href)}"${title}>${text}</a>`;
    },
    heading(token: AnchoredHeading): string {
      const id = token.anchor ? ` id="${escapeHtml(token.anchor)}"` : '';
      return `<h${token.depth}${id}>${this.parser.parseInline(token.tokens)}</h${token.depth}>\n`;
    },
  },
});

/** A heading of a markdown cell, as the table of contents lists it. */
export interface MarkdownHeading {
  /** 1 for `#`, 2 for `##`, … */
  depth: number;
  /** The heading's text without markup (for slugs and tests). */
  text: string;
  /** The heading as inline HTML (code spans kept). */
  html: string;
  /** Its id in the page. */
  id: string;
}

/** Options of {@link renderMarkdown}. */
export interface RenderMarkdownOptions {
  /** Gives each heading an id (called in document order); the headings are reported to `onHeading`. */
  headingId?: (text: string, depth: number) => string;
  /** Receives every heading that got an id. */
  onHeading?: (heading: MarkdownHeading) => void;
}

/** The text of inline tokens without markup. */
function plainText(tokens: readonly Token[]): string {
  return tokens.map((t) => ('tokens' in t && t.tokens ? plainText(t.tokens) : 'text' in t ? String(t.text) : '')).join('');
}

/** The HTML of a markdown cell's source. */
export function renderMarkdown(source: string, options: RenderMarkdownOptions = {}): string {
  const tokens = marked.lexer(source);
  if (options.headingId) {
    for (const token of tokens) {
      if (token.type !== 'heading') continue;
      const heading = token as AnchoredHeading;
      const text = plainText(heading.tokens).trim();
      heading.anchor = options.headingId(text, heading.depth);
      options.onHeading?.({ depth: heading.depth, text, html: marked.parseInline(heading.text, { async: false }) as string, id: heading.anchor });
    }
  }
  return marked.parser(tokens);
}
