"""The questions calc answers (``calc/manifest.toml`` names each one's function and input):
each gathers the facts of its input and calls the check functions of the rules it answers.
"""
