"""Reports: the registers, the team matrix and the audit binder, as CSV or PDF."""
