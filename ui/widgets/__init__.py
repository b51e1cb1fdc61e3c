"""Reusable widgets (tabs and panels other windows embed)."""
