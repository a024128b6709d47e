"""The review page: the article with every drafted span highlighted and linked to the
drafted YAML line, beside the YAML itself. One self-contained HTML file (no scripts,
fonts or styles from outside); every string from the article or the draft is escaped."""

from __future__ import annotations

from html import escape

from standoff.draft.build import Draft

_STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d1d1f}
header{padding:12px 20px;background:#f3f4f6;border-bottom:1px solid #d1d5db}
main{display:flex;gap:0;height:calc(100vh - 64px)}
section{flex:1;overflow:auto;padding:12px 20px}
#article p{line-height:1.6}
.s{border-bottom:1px dotted #9ca3af}
.s.hit{background:#fef3c7}
mark{background:#fde68a;padding:0 1px}
a.ref{font-size:70%;vertical-align:super;text-decoration:none;color:#1d4ed8;margin-left:1px}
pre{font-size:12px;line-height:1.45;margin:0}
pre span.l{display:block;white-space:pre}
pre span.l:target{background:#dbeafe}
pre span.n{display:inline-block;width:3.5em;color:#9ca3af;user-select:none}
table{border-collapse:collapse;font-size:13px;margin:8px 0}
td,th{border:1px solid #e5e7eb;padding:2px 6px;text-align:left}
"""


def review_html(draft: Draft, yaml_text: str, name: str) -> str:
    """The review page as one HTML document."""
    ex = draft.extraction
    text = ex.text
    # which sentences and which cue spans are drafted, and where each goes in the YAML
    sentence_refs: dict[int, list[tuple[str, int | None]]] = {}
    marks: list[tuple[int, int]] = []
    for tr in draft.traces:
        for f in tr.findings:
            sentence_refs.setdefault(f.sentence, []).append((tr.label, tr.line))
            marks.extend(f.spans[1:])
    parts: list[str] = []
    for s in ex.sentences:
        refs = sentence_refs.get(s.index, [])
        body = _marked(text, s.start, s.end, marks)
        links = "".join(
            f'<a class="ref" href="#L{line}" title="{escape(label)}">[{escape(label)}]</a>' if line else ""
            for label, line in refs)
        cls = "s hit" if refs else "s"
        parts.append(f'<span class="{cls}" id="S{s.index + 1}" title="sentence {s.index + 1}">{body}</span>{links} ')
    rows = "".join(
        f"<tr><td>{escape(tr.label)}</td><td>"
        + ", ".join(f'<a href="#S{f.sentence + 1}">sentence {f.sentence + 1}</a>' for f in tr.findings)
        + f"</td><td>{max((f.confidence for f in tr.findings), default=0):.2f}</td><td>"
        + (f'<a href="#L{tr.line}">line {tr.line}</a>' if tr.line else "") + "</td></tr>"
        for tr in draft.traces if tr.findings)
    lines = "".join(
        f'<span class="l" id="L{i}"><span class="n">{i}</span>{escape(line)}</span>'
        for i, line in enumerate(yaml_text.splitlines(), start=1))
    warnings = "".join(f"<li>{escape(w)}</li>" for w in draft.warnings)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Review of the draft from {escape(name)}</title>
<style>{_STYLE}</style></head>
<body>
<header><strong>Review of the draft from {escape(name)}</strong> (as of {escape(str(ex.as_of))}):
highlighted sentences were drafted; each link goes to the YAML line drafted from it.
Accept or correct each line in the YAML file; numbers marked &ldquo;to be judged&rdquo; are placeholders.
{f"<ul>{warnings}</ul>" if warnings else ""}</header>
<main>
<section id="article"><h2>Article</h2><p>{"".join(parts)}</p>
<h2>Drafted elements</h2><table><tr><th>element</th><th>from</th><th>confidence</th><th>YAML</th></tr>{rows}</table>
</section>
<section id="yaml"><h2>Draft (YAML)</h2><pre>{lines}</pre></section>
</main></body></html>
"""


def _marked(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> str:
    """The text between start and end, escaped, with the cue spans inside it in <mark>."""
    inside = sorted((max(a, start), min(b, end)) for a, b in marks if a < end and b > start and a >= start)
    merged: list[tuple[int, int]] = []
    for a, b in inside:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    out, pos = [], start
    for a, b in merged:
        out.append(escape(text[pos:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    out.append(escape(text[pos:end]))
    return "".join(out)
