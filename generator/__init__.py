"""Pressroom: a bilingual static archive generator for government press releases."""

__version__ = "0.1.0"
