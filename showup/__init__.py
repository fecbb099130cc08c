"""Showup: self-hosted software for one-on-one meetings."""
