// Renders the generated function reference (docs/functions.md) as a static page the add-in serves
// (dist/functions.html), so each function's @helpurl opens on the add-in's own origin. Handles exactly
// the Markdown that scripts/gen-docs.ts writes: headings, paragraphs, block quotes, bullet lists, pipe
// tables, `code`, **bold**, [links](url), <br> and <a id="…"></a> anchors. Everything else is escaped.
"use strict";

const escapeHtml = (s) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Inline markup on escaped text; code spans are cut out first so their content stays literal. */
function inline(text) {
  return text
    .split(/(`[^`]*`)/)
    .map((part) => {
      if (/^`[^`]*`$/.test(part)) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return escapeHtml(part)
        .replace(/&lt;br&gt;/g, "<br>")
        .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
        .replace(/\*([^*\s][^*]*)\*/g, "<em>$1</em>")
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label, href) => {
          // Links between the repository's docs (spec/functions.md) do not exist on the add-in's server.
          const safe = /^(#|https:)/.test(href) ? href : null;
          return safe ? `<a href="${safe}">${label}</a>` : label;
        });
    })
    .join("");
}

const cells = (line) =>
  line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((c) => c.trim());

function markdownToHtml(md, title) {
  const lines = md.split(/\r?\n/);
  const out = [];
  for (let i = 0; i < lines.length;) {
    const line = lines[i];
    const anchor = /^<a id="([a-z0-9-]+)"><\/a>$/.exec(line.trim());
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (!line.trim()) {
      i++;
    } else if (anchor) {
      out.push(`<a id="${anchor[1]}"></a>`);
      i++;
    } else if (heading) {
      out.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
      i++;
    } else if (line.startsWith("|")) {
      const rows = [];
      while (i < lines.length && lines[i].startsWith("|")) rows.push(cells(lines[i++]));
      const [head, , ...body] = rows;
      out.push(
        "<table><thead><tr>" +
          head.map((c) => `<th>${inline(c)}</th>`).join("") +
          "</tr></thead><tbody>" +
          body
            .map((r) => "<tr>" + r.map((c) => `<td>${inline(c)}</td>`).join("") + "</tr>")
            .join("") +
          "</tbody></table>"
      );
    } else if (/^\s*- /.test(line)) {
      const items = [];
      while (
        i < lines.length &&
        (/^\s*- /.test(lines[i]) || (/^\s{2,}\S/.test(lines[i]) && items.length))
      ) {
        if (/^\s*- /.test(lines[i])) items.push(lines[i].replace(/^\s*- /, ""));
        else items[items.length - 1] += " " + lines[i].trim();
        i++;
      }
      out.push("<ul>" + items.map((t) => `<li>${inline(t)}</li>`).join("") + "</ul>");
    } else if (line.startsWith(">")) {
      const quote = [];
      while (i < lines.length && lines[i].startsWith(">"))
        quote.push(lines[i++].replace(/^>\s?/, ""));
      out.push(`<blockquote><p>${inline(quote.join(" "))}</p></blockquote>`);
    } else {
      const para = [];
      while (i < lines.length && lines[i].trim() && !/^(#|\||>|\s*- |<a id=)/.test(lines[i]))
        para.push(lines[i++]);
      out.push(`<p>${inline(para.join(" "))}</p>`);
    }
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: "Segoe UI", system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #242424; }
code { font-family: Consolas, "Cascadia Mono", monospace; background: #f5f5f5; padding: 0 .2em; border-radius: 3px; }
table { border-collapse: collapse; margin: .5em 0 1em; display: block; overflow-x: auto; } th, td { border: 1px solid #d1d1d1; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } h3 { border-top: 1px solid #e0e0e0; padding-top: 1em; color: #0f6c73; } blockquote { color: #616161; margin-left: 0; padding-left: 1em; border-left: 3px solid #d1d1d1; }
</style>
</head>
<body>
${out.join("\n")}
</body>
</html>
`;
}

module.exports = { markdownToHtml };
