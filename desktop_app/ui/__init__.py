"""Verso's Qt layer: widgets and wiring over the core, no business rules."""
