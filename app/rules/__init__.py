"""E-rate and procurement-law calculations: pure functions over plain data, no database."""
