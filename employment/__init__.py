"""The employment lifecycle: contracts, terminations, resignations, absconding reports with the
worker's objections, and labour violations (issue 8).

Why an app of its own: `employers` holds what an establishment keeps about itself (its register,
its representatives); this app holds the cases between a worker and an employer that the
ministry adjudicates, where the worker is a party with rights (objection windows that run from
an SMS's delivery) and inspectors and officers decide. None of the fixed apps is that home.
"""
