"""The dashboard's figures, defined once and reconciled with the reports."""
