/**
 * The offline report's stylesheet: a contents column beside the text on a wide screen (on top
 * of it on a narrow one), charts at their natural size so their 12 px text stays 12 px.
 * @module
 */

/** Width of the contents column on a wide screen, in pixels. */
export const TOC_WIDTH_PX = 290;

/** Widest text column, in pixels: charts up to this width are shown unscaled. */
export const MAIN_MAX_WIDTH_PX = 1060;

/** The report's CSS. */
export const REPORT_STYLE = `
*{box-sizing:border-box}
html{scroll-padding-top:8px}
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#222;background:#fff}
.layout{display:grid;grid-template-columns:${TOC_WIDTH_PX}px minmax(0,${MAIN_MAX_WIDTH_PX}px);gap:28px;padding:0 16px}
nav.toc{position:sticky;top:0;align-self:start;max-height:100vh;overflow-y:auto;padding:16px 4px 24px 0;font-size:14px;line-height:1.35}
nav.toc h2{font-size:15px;margin:0 0 .5em}
nav.toc ol{list-style:none;margin:0;padding:0}
nav.toc ol ol{padding-left:14px;margin:.2em 0 .5em}
nav.toc li{margin:.25em 0}
nav.toc a{color:#0b5394;text-decoration:none} nav.toc a:hover{text-decoration:underline}
nav.toc li.notebook>a{font-weight:600}
nav.toc .meta{color:#666;font-size:12px;white-space:nowrap}
.ok{color:#007a5a} .failed, .error strong{color:#c0392b}
main{min-width:0;padding-bottom:40vh}
h1.report{border-bottom:2px solid #0072B2;margin-top:16px}
section.notebook{border-top:1px solid #ccc;margin-top:2.5em}
h1.report+section.notebook{border-top:0;margin-top:0}
p.notebook-meta{color:#555;font-size:13px;margin:.8em 0 0}
.cell{margin:1em 0}
details.code>summary{cursor:pointer;color:#555;font:13px ui-monospace,monospace;padding:2px 0}
details.code>summary:hover{color:#0b5394}
pre{background:#f6f8fa;padding:.6em;overflow-x:auto;font:13px/1.4 ui-monospace,monospace;margin:.3em 0}
pre.source{border-left:3px solid #0072B2}
pre.stderr{background:#fff3f0}
.error{background:#fff3f0;border-left:3px solid #D55E00;padding:.5em;margin:.3em 0}
.output.svg{overflow-x:auto}
.output.svg svg{max-width:100%;height:auto}
.output.html{overflow-x:auto}
table{border-collapse:collapse;font-size:13px} td,th{border:1px solid #ddd;padding:2px 6px}
@media (max-width:1000px){.layout{display:block} nav.toc{position:static;max-height:none}}
`;
