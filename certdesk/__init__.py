"""certdesk: certification paths, tuition agreements and repayment for one HR coordinator."""

__version__ = "0.1.0"
