"""In a real browser: what the instructor opens runs none of a learner's code.

A class with an honest learner and one whose cells output HTML, JavaScript, SVG, Markdown and a
widget view that read the `_xsrf` cookie and write a file into the course through the Jupyter
contents API (`sample_class.HOSTILE["active_output"]`) is graded. Then JupyterLab runs in the
course with nbgrader's formgrader extension, and Debian's chromium opens, as the instructor
(with the server's cookies), the formgrader's view of the autograded notebook and the feedback
page. No file may appear and no learner script may run.

Her name (which an LMS takes from her profile) carries the same script, since the formgrader's
grading view prints names unescaped.

A control proves the attack is real: the same notebook with the learner's raw HTML output put
back (what stock nbgrader would have kept) does write the file when the formgrader shows it.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from browser_support import CHROMIUM, chromium_page, running_jupyter_lab  # noqa: E402

from course_grader.course import Course  # noqa: E402
from course_grader.demo import make_demo_course
from course_grader.grade import grade_assignment  # noqa: E402
from course_grader.sample_class import HOSTILE, STEAL_JS, AssignmentTexts  # noqa: E402
from course_grader.sandbox import Limits  # noqa: E402

A1 = "a1_derivatives"
PWNED = "PWNED_BY_LEARNER.txt"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed "
                       "(apt-get install chromium); Playwright cannot download its own browser"),
]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("formgrader") / "course"
    course = make_demo_course(root, [A1], released=True)
    texts = AssignmentTexts.load(course, A1)
    for sid, data in {
        "honest": json.dumps(texts.notebook()).encode(),
        "mallory": HOSTILE["active_output"][1](texts),
    }.items():
        folder = course.submitted / sid / A1
        folder.mkdir(parents=True)
        (folder / f"{A1}.ipynb").write_bytes(data)
    # the name an LMS gives for mallory is hers to choose; the formgrader prints it unescaped
    from course_grader.gradebook import _gradebook

    with _gradebook(course) as gb:
        gb.update_or_create_student("mallory", last_name=f'<img src=x onerror="{STEAL_JS}">',
                                    first_name="<script>" + STEAL_JS + "</script>")
    run = grade_assignment(course, A1, workers=1, limits=Limits(cell_timeout=20.0),
                           progress=False)
    scores = {r.student_id: r.score for r in run.results}
    assert scores == {"honest": 20.0, "mallory": 0.0}
    return course


def _submission_id(course: Course, student: str) -> str:
    from course_grader.gradebook import _gradebook

    with _gradebook(course) as gb:
        return gb.find_submission_notebook(A1, A1, student).id


def _visit(page, url: str, referer: str | None = None) -> dict:
    """Open `url`, give any script time to run, and report what the page shows."""
    page.goto(url, wait_until="load", referer=referer)
    time.sleep(3)
    ran = []
    for frame in page.frames:
        try:
            ran.append(frame.evaluate("() => [window.LEARNER_SCRIPT_RAN === true, document.title]"))
        except Exception:  # noqa: BLE001 - a frame that went away ran nothing we can see
            continue
    planted = page.evaluate(
        "() => document.querySelectorAll('img[onerror], svg[onload], script:not([src])')"
        ".length - [...document.querySelectorAll('script:not([src])')]"
        ".filter(s => !s.textContent.includes('LEARNER_SCRIPT_RAN')).length"
    )
    return {"ran": any(r[0] or r[1] == "LEARNER_SCRIPT_RAN" for r in ran) or planted > 0,
            "text": page.content()}


def test_formgrader_and_feedback_run_no_learner_code(graded):
    course = graded
    seen_requests: list[str] = []
    with running_jupyter_lab(course.root) as server, chromium_page() as page:
        page.on("request", lambda r: seen_requests.append(f"{r.method} {r.url}"))
        page.goto(f"{server.url}/lab", wait_until="load")  # the instructor's session: _xsrf set
        assert any(c["name"] == "_xsrf" for c in page.context.cookies())

        for student in ("honest", "mallory"):
            sub = _submission_id(course, student)
            shown = _visit(page, f"{server.url}/formgrader/submissions/{sub}/")
            assert "test_forward_diff" in shown["text"] or "forward_diff" in shown["text"]
            assert not shown["ran"], student
        shown = _visit(page, f"{server.url}/formgrader/submissions/"
                             f"{_submission_id(course, 'mallory')}/")
        assert "output not kept by the grader" in shown["text"]

        for student in ("honest", "mallory"):
            url = f"{server.url}/files/feedback/{student}/{A1}/{A1}.html"
            shown = _visit(page, url, referer=f"{server.url}/lab")  # as a click in the lab
            assert "feedback for" in shown["text"] and not shown["ran"], student

        assert not (course.root / PWNED).exists()
        assert not any(PWNED in r for r in seen_requests), seen_requests

        # the control: put the learner's raw HTML output back, as stock nbgrader keeps it
        path = course.autograded / "mallory" / A1 / f"{A1}.ipynb"
        nb = json.loads(path.read_text())
        cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
        cell["outputs"].append({"output_type": "display_data", "metadata": {},
                                "data": {"text/html": f"<script>{STEAL_JS}</script>",
                                         "text/plain": "<HTML>"}})
        path.write_text(json.dumps(nb))
        shown = _visit(page, f"{server.url}/formgrader/submissions/"
                             f"{_submission_id(course, 'mallory')}/")
        deadline = time.monotonic() + 15
        while not (course.root / PWNED).exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert shown["ran"] and (course.root / PWNED).exists(), (
            "the control did not run: the test would not notice an attack that works"
        )
