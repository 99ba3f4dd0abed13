"""Tests of calc.cq16, one file per module."""
