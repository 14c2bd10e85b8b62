"""Grading: checks for assignment test cells, and the instructor's pipeline on top of nbgrader.

Kept import-light on purpose: learners' kernels import `course_lib.grading.checks`, and that
must not drag in nbgrader, nbclient or dask. The instructor modules are imported by name.
"""
