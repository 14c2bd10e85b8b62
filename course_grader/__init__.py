"""course_grader: the instructor's grading pipeline for the autodiff course, on top of nbgrader.

The `autodiff-course` command (cli), release and lint of assignment sources, collect (LMS
exports), sandboxed grading in parallel or on Dask, gradebook, CSV and feedback, and the demo's
sample class. It imports `course_lib` (the learners' library, whose `course_lib.checks` the
assignment test cells call); `course_lib` never imports this package.
"""
