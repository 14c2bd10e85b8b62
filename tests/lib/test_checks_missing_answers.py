"""A learner who runs a test before answering reads one line, as in the grader's feedback."""

from __future__ import annotations

import pytest

from course_lib import checks


@pytest.fixture(scope="module")
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    sh = InteractiveShell.instance()
    result = sh.run_cell("import numpy as np\nfrom course_lib.checks import *\n"
                         "assert install_notebook_messages()")
    assert result.success
    yield sh
    sh.set_custom_exc((), None)


def run(shell, capsys, code: str):
    result = shell.run_cell(code)
    return result, capsys.readouterr().out


def test_a_missing_answer_is_one_line_like_the_graders(shell, capsys):
    result, out = run(shell, capsys, "check_close(orders_never_defined, 1.0)")
    assert not result.success and isinstance(result.error_in_exec, NameError)
    assert checks.missing_name_message("orders_never_defined") in out
    assert "Traceback" not in out and "NameError" not in out


def test_a_stub_says_which_function_to_write(shell, capsys):
    result, out = run(shell, capsys, "def forward_diff(f, x, h):\n"
                                     "    raise NotImplementedError()\n"
                                     "check_close(forward_diff(np.sin, 1.0, 0.1), 1.0)")
    assert not result.success
    assert "forward_diff is not written yet" in out and "Traceback" not in out
    _, out = run(shell, capsys, "# YOUR CODE HERE\nraise NotImplementedError()")
    assert "this answer is not written yet" in out


def test_other_errors_keep_their_traceback(shell, capsys):
    _, out = run(shell, capsys, "def g():\n    return not_defined_inside\ng()")
    assert "Traceback" in out or "NameError" in out
    assert "not_defined_inside" in out and "is not defined in your notebook" not in out
    _, out = run(shell, capsys, "raise NotImplementedError('float16 is not supported')")
    assert "float16 is not supported" in out and "not written yet" not in out


def test_a_rubric_part_names_the_stub():
    def measured_order(*args):
        raise NotImplementedError()

    rubric = checks.Rubric()
    with rubric.part(1, "orders"):
        measured_order()
    with pytest.raises(checks.PartialCredit) as caught:
        rubric.finish()
    assert "measured_order is not written yet" in caught.value.message


def test_outside_ipython_nothing_is_installed():
    assert checks.install_notebook_messages() is False
