"""The certification catalog: certifications and the roles that require them."""
