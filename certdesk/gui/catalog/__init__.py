"""The Catalog page and its dialogs (certifications, renewal rules, role requirements)."""
