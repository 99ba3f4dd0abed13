"""Tests of calc.spb, one file per module."""
