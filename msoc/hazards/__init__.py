"""Hazards laid over the register: the impact list (SQL over the register tables) and polygons."""
