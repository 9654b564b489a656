"""Documents a department sends and publishes: analytic notes of procedures and exams, school
profiles, the annual report, risk lists, recommendation letters and road maps.

This package gathers the data (it sits at the top layer, beside the web pages) and hands frames
and chart specifications to :mod:`msoko.reports.documents`, which writes DOCX and PDF bytes.
"""
