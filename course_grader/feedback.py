"""Per-learner feedback as one self-contained HTML page.

Built from the grader's record, not from nbgrader's feedback converter (which shows hidden
tests): the task text, the learner's own cells with their outputs, each test cell's *visible*
code, and the grader's verdict and explanation for it. Learner output is shown as text (or a
PNG/JPEG), never as raw HTML, so a submission cannot put script into its own feedback page,
nor into the page its instructor opens. The page also forbids scripts outright (a
Content-Security-Policy meta tag) in case anything ever slipped through.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

from course_grader import cells as C
from course_grader.engine import SubmissionResult
from course_grader.intake import replace_surrogates
from course_grader.messages import say

_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem} table{border-collapse:collapse;margin:1rem 0}
td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left;vertical-align:top}
.cell{margin:1rem 0;border-left:4px solid #ddd;padding-left:.75rem}
.test.passed{border-color:#2a2}.test.partial{border-color:#e90}
.test.failed,.test.error,.test.not_run{border-color:#d33}
pre{background:#f6f6f6;padding:.5rem;overflow-x:auto;white-space:pre-wrap;margin:.25rem 0}
pre.out{background:#fff;border:1px dashed #ccc} pre.err{background:#fff4f4}
.verdict{font-weight:600} .muted{color:#777;font-size:.9rem}
"""


# no script, no plugins, no forms, no network: inline CSS and data: images only
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"


def _md(text: str) -> str:
    try:
        import mistune

        return mistune.html(html.escape(text, quote=False))
    except Exception:  # noqa: BLE001 - markdown is a nicety; fall back to plain text
        return f"<pre>{html.escape(text)}</pre>"


def _outputs(outputs: list) -> str:
    parts = []
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            cls = "err" if out.get("name") == "stderr" else "out"
            parts.append(f'<pre class="{cls}">{html.escape(str(out.get("text", "")))}</pre>')
        elif kind == "error":
            text = f"{out.get('ename', '')}: {out.get('evalue', '')}"
            parts.append(f'<pre class="err">{html.escape(text)}</pre>')
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {}) or {}
            image = None
            for mime in ("image/png", "image/jpeg"):
                candidate = data.get(mime)
                if isinstance(candidate, str) and len(candidate) < 400_000:
                    try:
                        base64.b64decode(candidate, validate=True)
                    except Exception:  # noqa: BLE001
                        continue
                    image = (mime, candidate)
                    break
            if image:
                parts.append(f'<img alt="plot" src="data:{image[0]};base64,{image[1]}">')
            elif "text/plain" in data:
                plain = data["text/plain"]
                plain = "".join(plain) if isinstance(plain, list) else str(plain)
                parts.append(f'<pre class="out">{html.escape(plain)}</pre>')
    return "".join(parts)


STATUS_WORDS = ("passed", "failed", "partial")


def render(res: SubmissionResult, student_name: str = "") -> str:
    """The feedback page for one graded notebook, in the language the learner worked in."""
    lang = getattr(res, "lang", "en")

    def word(key: str, **fields) -> str:
        return say(lang, key, **fields)

    title = word("title", assignment=res.assignment, student=student_name or res.student_id)
    rows = "".join(
        f"<tr><td>{html.escape(t.grade_id)}</td><td>{t.points:g} / {t.max_points:g}</td>"
        f"<td>{html.escape(word(t.status) if t.status in STATUS_WORDS else t.status)}</td></tr>"
        for t in res.tests
    )
    head = [
        f"<h1>{html.escape(title)}</h1>",
        f"<p class='verdict'>{word('score', score=res.score, max_score=res.max_score)}</p>",
    ]
    if res.status != "graded":
        head.append(f"<p class='verdict'>{html.escape(word('not_graded', reason=res.reason))}</p>")
    head.append(f"<table><tr><th>{word('test')}</th><th>{word('points')}</th>"
                f"<th>{word('result')}</th></tr>{rows}</table>")
    if res.notes:
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in res.notes)
        head.append(f"<p>{word('notes')}</p><ul>{notes}</ul>")
    verdicts = {t.grade_id: t for t in res.tests}
    body = []
    for record in res.cells:
        if record.kind == C.MARKDOWN:
            body.append(f"<div class='cell md'>{_md(record.source)}</div>")
            continue
        if record.kind == C.TEST:
            t = verdicts.get(record.grade_id or "")
            status = t.status if t else record.status
            points = word("test_points", points=t.points, max_points=t.max_points) if t else ""
            message = html.escape(t.message) if t and t.message else word("all_passed")
            body.append(
                f"<div class='cell test {html.escape(status)}'>"
                f"<div class='muted'>{word('test')} {html.escape(record.grade_id or '')}"
                f"{html.escape(points)}</div>"
                f"<pre>{html.escape(record.source)}</pre>"
                f"<pre class='{'out' if status == 'passed' else 'err'}'>{message}</pre></div>"
            )
            continue
        label = {C.ANSWER: word("your_answer"), C.FREE: word("your_extra_cell"),
                 C.LOCKED: word("given_code")}.get(record.kind, record.kind)
        status = "" if record.status in ("ok", "not_run") else f" ({record.status})"
        if record.status == "not_run" and record.source.strip():
            status = word("not_run")
        body.append(
            f"<div class='cell code'><div class='muted'>{label}{html.escape(status)}</div>"
            f"<pre>{html.escape(record.source)}</pre>{_outputs(record.outputs)}</div>"
        )
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{_CSP}\">"
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        + "".join(head)
        + "".join(body)
        + "</body></html>"
    )


def write_feedback(feedback_root: Path, res: SubmissionResult, student_name: str = "") -> Path:
    """feedback/<student>/<assignment>/<notebook>.html (nbgrader's feedback layout)."""
    out = feedback_root / res.student_id / res.assignment / (Path(res.notebook).stem + ".html")
    out.parent.mkdir(parents=True, exist_ok=True)
    page = replace_surrogates(render(res, student_name))
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    return out
