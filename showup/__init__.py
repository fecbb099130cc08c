"""Showup: self-hosted software for one-on-one meetings."""

__version__ = "0.1.0"
