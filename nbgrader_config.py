"""nbgrader configuration for the autodiff course (read by `nbgrader` and `autodiff-course`).

Source notebooks (with solutions and hidden tests) live in `solutions/`, the learner release in
`assignments/`. The grading pipeline (`autodiff-course grade`) reads the same settings through
`course_grader.course.nbgrader_config`, so both stay in step.
"""

from course_grader.course import nbgrader_config

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file
c.merge(nbgrader_config())
