"""The target-group register: households, members, poverty indices and screening (no Django)."""
