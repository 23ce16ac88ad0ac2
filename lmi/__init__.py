"""Labour market information (issue 22): rollups of every app's records by month, governorate,
economic activity, occupation and nationality; dashboards for decision makers and analysts; the
skills-demand report for training institutions and their courses; and open data whose small
cells are suppressed so that no hidden cell can be recovered from the published totals.

Why an app of its own: statistics fused across every app (the workforce register, permits, the
employment lifecycle, vacancies and jobseekers) have no existing home. Each of those apps owns
its records; none of them may read the others above it (ADR 0018). This app sits at the top of
the layers contract, below only the project package: it reads the other apps through their
selectors, and through set-based SQL over their tables in the rollup statements
(`lmi.rollups`), and nothing below imports it.
"""
