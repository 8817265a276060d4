"""python -m dlgrade: the command line."""
from .cli import main

main()
