"""Sync bundles between regional and state instances: format, export, verify, plan, apply."""
