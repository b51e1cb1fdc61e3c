"""Reusable Qt item models (lazy, id-based: see CONVENTIONS.md)."""
