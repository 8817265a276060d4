"""dlgrade: exercises and a sandboxed autograder for a deep-learning course."""
__version__ = "0.1.0"
