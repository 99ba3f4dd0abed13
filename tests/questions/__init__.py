"""Tests of calc.questions, one file per module."""
