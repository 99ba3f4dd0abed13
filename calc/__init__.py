"""Rules and calculators for subsidised vocational training in Chongqing."""

__version__ = "0.1.0"
