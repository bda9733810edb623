"""PDF forms and reports (reportlab only; imports certdesk.core, never Qt or sqlite).

Import from the submodules (`certdesk.forms.acknowledgment`, `.repayment_statement`,
`.reports`, `.base`); this package imports nothing heavy itself.
"""
