"""What the grader keeps of a learner cell's output: inert, and bounded per submission.

Everything kept here ends up in files an instructor opens (`autograded/` in the formgrader, the
feedback page), so a learner's output must not be able to run anything there. Only these
survive, rebuilt field by field (no learner-chosen keys, no output metadata):

- `stream` and `error` outputs, as plain text;
- `execute_result` / `display_data` as `text/plain`, `image/png` and `image/jpeg` (checked to be
  base64). HTML, JavaScript, SVG (which can carry script), Markdown and LaTeX (which render
  raw HTML), widget views and any other MIME type are dropped with a note saying so.

`OutputBudget` caps the text and images kept for one whole submission (not only per cell): once
it is spent, later outputs are replaced by one short note.
"""

from __future__ import annotations

import base64
import binascii
import re

from course_grader.intake import replace_surrogates

KEPT_MIME = ("text/plain", "image/png", "image/jpeg")
MAX_IMAGE_CHARS = 400_000
_B64 = re.compile(r"[A-Za-z0-9+/=\s]*")


def _text(value, limit: int) -> str:
    if isinstance(value, list):
        value = "".join(str(v) for v in value[:10_000])
    text = value if isinstance(value, str) else str(value)
    if len(text) > limit:
        text = text[:limit] + "\n[... output truncated by the grader ...]\n"
    return replace_surrogates(text)


def _image(value) -> str | None:
    if isinstance(value, list):
        value = "".join(v for v in value if isinstance(v, str))
    if not isinstance(value, str) or len(value) > MAX_IMAGE_CHARS or not _B64.fullmatch(value):
        return None
    try:
        base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    return "".join(value.split())


def note(text: str, name: str = "stderr") -> dict:
    return {"output_type": "stream", "name": name, "text": text.rstrip("\n") + "\n"}


def _size(out: dict) -> int:
    if out["output_type"] == "stream":
        return len(out["text"])
    if out["output_type"] == "error":
        return len(out["ename"]) + len(out["evalue"]) + sum(len(t) for t in out["traceback"])
    return sum(len(v) for v in out["data"].values())


def inert_output(out, limit: int) -> tuple[dict | None, list[str]]:
    """(the output rebuilt from its plain parts, or None; the MIME types dropped)."""
    if not isinstance(out, dict):
        return None, []
    kind = out.get("output_type")
    if kind == "stream":
        name = out.get("name") if out.get("name") in ("stdout", "stderr") else "stdout"
        text = _text(out.get("text", ""), limit)
        return {"output_type": "stream", "name": name, "text": text}, []
    if kind == "error":
        tb = out.get("traceback")
        tb = tb if isinstance(tb, list) else []
        return {
            "output_type": "error",
            "ename": _text(out.get("ename", ""), 200),
            "evalue": _text(out.get("evalue", ""), 2000),
            "traceback": [_text(t, 2000) for t in tb[:50]],
        }, []
    if kind not in ("execute_result", "display_data"):
        return None, [str(kind)[:40]]
    data = out.get("data")
    data = data if isinstance(data, dict) else {}
    kept: dict = {}
    dropped = [str(k)[:60] for k in data if k not in KEPT_MIME]
    for mime in ("image/png", "image/jpeg"):
        if mime in data:
            img = _image(data[mime])
            if img is None:
                dropped.append(f"{mime} (not valid base64 or too large)")
            else:
                kept[mime] = img
    if "text/plain" in data:
        kept["text/plain"] = _text(data["text/plain"], limit)
    if not kept:
        return None, dropped
    rebuilt = {"output_type": kind, "data": kept, "metadata": {}}
    if kind == "execute_result":
        count = out.get("execution_count")
        rebuilt["execution_count"] = count if type(count) is int else None
    return rebuilt, dropped


class OutputBudget:
    """Characters of learner output the grader still keeps for this submission."""

    def __init__(self, max_chars: int):
        self.max_chars = max_chars
        self.left = max_chars
        self.spent_note_given = False

    def keep(self, outputs: list) -> list:
        """The inert part of `outputs` that fits in what is left; notes for what was not kept."""
        kept: list = []
        dropped: list[str] = []
        for out in outputs if isinstance(outputs, list) else []:
            if self.left <= 0:
                if not self.spent_note_given:
                    kept.append(note(
                        f"[further output not kept: this submission's {self.max_chars:,} "
                        "characters of output are used up]"
                    ))
                    self.spent_note_given = True
                break
            clean, lost = inert_output(out, max(self.left, 200))
            dropped.extend(lost)
            if clean is None:
                continue
            size = _size(clean)
            if size > self.left and clean["output_type"] != "stream":
                dropped.append(f"{clean['output_type']} over the output budget")
                self.left = 0
                continue
            self.left -= size
            kept.append(clean)
        if dropped:
            kinds = ", ".join(sorted(set(dropped))[:6])
            kept.append(note(f"[output not kept by the grader (not shown to graders): {kinds}]"))
        return kept
