"""VIP Keeper core: storage, domain rules, analytics, Excel, reports and the CLI.

Nothing in this package imports Qt (tests/unit/test_layering.py fails if one does), so
everything here runs and is tested without a display, and the CLI uses it directly.
"""

__version__ = "0.1.0"
