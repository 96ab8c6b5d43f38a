"""Helpers of the addon that are neither URSSAF's (``urssaf_api``) nor models."""
