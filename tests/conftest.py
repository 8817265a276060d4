"""Shared test set-up: the hidden cases' secret is fixed, so a run is reproducible."""
import os

os.environ.setdefault("DLGRADE_SECRET", "dlgrade-test-suite")
