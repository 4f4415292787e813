/**
 * Markdown of notebook cells as HTML for the offline report, through `marked`, made safe for a
 * file that must run nothing and fetch nothing: raw HTML in a cell shows as text, images become
 * their alt text (loading one would reach the network), and only links with a safe scheme
 * (relative, http(s), mailto) stay links.
 * @module
 */
import { Marked, type Tokens } from 'marked';
import { escapeHtml } from './html-escape.js';

const SAFE_HREF = /^(?:https?:|mailto:|#|\.{0,2}\/|[^:]*$)/i;

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
  },
});

/** The HTML of a markdown cell's source. */
export function renderMarkdown(source: string): string {
  return marked.parse(source, { async: false }) as string;
}
