"""Pieces every screen uses: the table model and columns, list pages, the form dialog, the date
field, messages, the PDF preview and the page base."""
