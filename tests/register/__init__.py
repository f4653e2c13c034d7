"""Tests of the target-group register."""
