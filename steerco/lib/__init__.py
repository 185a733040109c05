"""Django-free core: period arithmetic, roll-up maths, number formatting.

Nothing in this package imports Django, so it is tested with plain pytest
and can be reused by the CLI, the report builder and benchmarks alike.
"""
